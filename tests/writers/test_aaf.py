"""``.aaf``: the same plans read back with pyaaf2 itself (mob by mob, as Avid reads them) and with otio-aaf-adapter's
reader; timecode turned back into frames by the independent ``timecode`` package. ``derush eval`` reads the file as
the editor's cut."""

from __future__ import annotations

import logging
from fractions import Fraction
from urllib.parse import unquote, urlparse

import aaf2
import opentimelineio as otio
import pytest

from protos.edit_plan import EditPlan, PlanMarker, SourceClip
from protos.interchange import WRITERS, WriterError
from protos.interchange.aaf import REASON_MARKER
from protos.interchange.base import placed_alternates
from protos.plan_wire import plan_to_proposal
from resolve_plugin.cli import main
from resolve_plugin.commands.common import write_json
from resolve_plugin.cut_eval import evaluate
from resolve_plugin.cut_reading import read_proposal, read_reference
from resolve_plugin.results_json import cut_json
from tests.writers.plans import DROP_FRAME, NTSC_2997, PLANS, nominal, tc, tc_to_frame, timeline_start

UNIFORM = [k for k in PLANS if k != "mixed"]


def write(plan: EditPlan, tmp_path, name: str = "cut.aaf"):
    [path] = WRITERS["aaf"].write(plan, tmp_path / name)
    assert path == tmp_path / name and path.suffix == WRITERS["aaf"].suffix
    return path


# --- pyaaf2: the file as Avid reads it ---

def timeline_slot(composition, kind: str, number: int):
    [slot] = [s for s in composition.slots if isinstance(s, aaf2.mobslots.TimelineMobSlot)
              and s.segment.media_kind == kind and s["PhysicalTrackNumber"].value == number]
    return slot


def sequence(slot):
    segment = slot.segment
    return segment if isinstance(segment, aaf2.components.Sequence) else segment.segments[0]  # sound: under a pan


def placed(slot) -> list[tuple[int, object]]:
    """(record frame, component) of every non-filler component."""
    found, position = [], 0
    for component in sequence(slot).components:
        if not isinstance(component, aaf2.components.Filler):
            found.append((position, component))
        position += component.length
    return found


def source_chain(clip):
    """A composition's source clip -> (master mob, file mob, tape mob)."""
    master = clip.mob
    file_mob = clip.slot.segment.mob
    tape = file_mob.slots[0].segment.mob
    return master, file_mob, tape


def tape_timecode(tape):
    [timecode] = [s.segment for s in tape.slots if isinstance(s.segment, aaf2.components.Timecode)]
    return timecode


def markers_on(composition, slot) -> list[tuple[int, int, str, str, str]]:
    found = []
    for events in composition.slots:
        if not isinstance(events, aaf2.mobslots.EventMobSlot):
            continue
        for marker in events.segment.components:
            if set(marker["DescribedSlots"].value) == {slot.slot_id}:
                assert events["PhysicalTrackNumber"].value == slot["PhysicalTrackNumber"].value
                attributes = {t.name: t.value for t in marker["CommentMarkerAttributeList"].value}
                length = marker["Length"].value if "Length" in marker else 1
                found.append((marker["Position"].value, length, marker["CommentMarkerUser"].value,
                              marker["Comment"].value, attributes["_ATN_CRM_COLOR"]))
    return found


def expected_markers(plan: EditPlan) -> list[tuple[int, int, str, str]]:
    reasons = [(e.record_in, plan.record_frames(e), REASON_MARKER, e.reason) for e in plan.events]
    return sorted([(m.frame, m.duration, m.name, m.note) for m in plan.markers] + reasons, key=lambda m: m[0])


@pytest.mark.parametrize("key", UNIFORM)
def test_pyaaf2_reads_one_source_clip_per_event_frame_exact(key, tmp_path):
    plan = PLANS[key]()
    with aaf2.open(str(write(plan, tmp_path))) as f:
        [composition] = list(f.content.toplevel())
        assert composition.name == plan.name
        v1 = timeline_slot(composition, "Picture", 1)
        assert Fraction(v1.edit_rate) == plan.rate
        clips = placed(v1)
        assert all(isinstance(c, aaf2.components.SourceClip) for _, c in clips)
        assert [at for at, _ in clips] == [e.record_in for e in plan.events]
        for (_, clip), event in zip(clips, plan.events):
            master, file_mob, tape = source_chain(clip)
            assert master.name == event.clip.name
            # the source in and out: the tape's start timecode + the clip's offset, in the file's own frames
            timecode = tape_timecode(tape)
            assert timecode.start == tc_to_frame(event.clip.start_timecode, event.clip.rate)
            assert (clip.start, clip.length) == (event.source_in, event.source_frames)
            assert (timecode.fps, bool(timecode.drop)) == (nominal(event.clip.rate), event.clip.rate in DROP_FRAME)
            [locator] = file_mob.descriptor["Locator"].value
            assert unquote(urlparse(locator["URLString"].value).path) == event.clip.path

        # the sound of each event: the same master clip as its picture (linked), the same ranges
        a1 = timeline_slot(composition, "Sound", 1)
        sounds = placed(a1)
        assert [(at, c.mob.mob_id, c.start, c.length) for at, c in sounds] == \
               [(at, c.mob.mob_id, c.start, c.length) for at, c in clips]

        # the timecode track Resolve needs, from 01:00:00:00 (01:00:00;00 drop frame)
        timecode = timeline_slot(composition, "Timecode", 1).segment
        assert timecode.start == timeline_start(plan.rate)
        assert (timecode.fps, bool(timecode.drop)) == (nominal(plan.rate), plan.rate in DROP_FRAME)

        # one master clip per file, one tape per file
        assert sorted(m.name for m in f.content.mastermobs()) == sorted({e.clip.name for e in [
            *plan.events, *placed_alternates(plan)]})

        # the markers with their notes, the reasons over their events, on V1
        assert [m[:4] for m in markers_on(composition, v1)] == expected_markers(plan)


@pytest.mark.parametrize("key", UNIFORM)
def test_pyaaf2_reads_the_alternates_muted_on_their_own_track(key, tmp_path):
    plan = PLANS[key]()
    alternates = placed_alternates(plan)
    assert len(alternates) < len(plan.alternates), "the plan has an alternate with no place: it stays out"
    with aaf2.open(str(write(plan, tmp_path))) as f:
        composition = next(f.content.toplevel())
        v2 = timeline_slot(composition, "Picture", 2)
        muted = placed(v2)
        assert [at for at, _ in muted] == [e.record_in for e in alternates]
        for (_, selector), event in zip(muted, alternates):
            # Avid's muted clip: nothing selected (a scope reference), the clip its one alternate, flagged disabled
            assert isinstance(selector, aaf2.components.Selector)
            assert isinstance(selector["Selected"].value, aaf2.components.ScopeReference)
            flags = {t.name: t.value for t in selector["ComponentAttributeList"].value}
            assert flags == {"_DISABLE_CLIP_FLAG": 1, "_AAF_SELECTED": 0}
            [clip] = selector["Alternates"].value
            assert clip.mob.name == event.clip.name and (clip.start, clip.length) == (event.source_in,
                                                                                      event.source_frames)
        assert [m[:4] for m in markers_on(composition, v2)] == [
            (e.record_in, plan.record_frames(e), REASON_MARKER, e.reason) for e in alternates]


def test_marker_colours_fold_onto_avids_eight(tmp_path):
    plan = PLANS["uniform-25"]()
    with aaf2.open(str(write(plan, tmp_path))) as f:
        composition = next(f.content.toplevel())
        colours = {m[3]: m[4] for m in markers_on(composition, timeline_slot(composition, "Picture", 1))}
    assert colours["cut start"] == "Blue" and colours[""] == "Red"
    assert colours["12 frames of wind | check"] == "Green"  # Mint


# --- otio-aaf-adapter's reader ---

def frames(time: otio.opentime.RationalTime, rate: Fraction) -> int:
    value = time.value * float(rate) / time.rate
    assert abs(value - round(value)) < 1e-6, f"{time} is not on the {rate} frame grid"
    return round(value)


@pytest.mark.parametrize("key", UNIFORM)
def test_the_adapter_reads_back_the_same_clips_ranges_and_markers(key, tmp_path):
    plan = PLANS[key]()
    timeline = otio.adapters.read_from_file(str(write(plan, tmp_path)), adapter_name="AAF")
    assert frames(timeline.global_start_time, plan.rate) == timeline_start(plan.rate)
    v1, v2 = timeline.video_tracks()
    clips = list(v1.find_clips())
    assert [c.name for c in clips] == [e.clip.name for e in plan.events]
    for clip, event in zip(clips, plan.events):
        media_start = tc_to_frame(event.clip.start_timecode, event.clip.rate)
        assert unquote(urlparse(clip.media_reference.target_url).path) == event.clip.path
        assert frames(clip.source_range.start_time, plan.rate) == media_start + event.source_in
        assert frames(clip.source_range.duration, plan.rate) == event.source_frames
        assert frames(v1.range_of_child(clip).start_time, plan.rate) == event.record_in
        assert clip.enabled
    alternates = placed_alternates(plan)
    assert [(c.name, c.enabled) for c in v2.find_clips()] == [(e.clip.name, False) for e in alternates]
    [a1] = timeline.audio_tracks()
    assert [c.name for c in a1.find_clips()] == [e.clip.name for e in plan.events]

    # markers stay on their event track when not attached to clips: record frames, notes, names
    unattached = otio.adapters.read_from_file(str(write(plan, tmp_path, "again.aaf")), adapter_name="AAF",
                                              attach_markers=False)
    marker_tracks = [t for t in unattached.tracks if t.markers]
    assert [(frames(m.marked_range.start_time, plan.rate), frames(m.marked_range.duration, plan.rate),
             m.metadata["AAF"]["CommentMarkerUser"], m.metadata["AAF"]["Comment"]) for m in marker_tracks[0].markers] \
        == expected_markers(plan)
    # attached (the adapter's default), each lands on the V1 clip under it
    attached = [(m.metadata["AAF"]["CommentMarkerUser"], m.metadata["AAF"]["Comment"]) for c in clips
                for m in c.markers]
    assert sorted(attached) == sorted((name, note) for _, _, name, note in expected_markers(plan))


def test_mixed_rates_keep_each_files_rate_and_timecode(tmp_path):
    """A clip at another rate keeps its own rate and start timecode in its mobs; its place and length are counted
    in timeline frames, and its in point is the nearest timeline frame (AAF counts it in the sequence's units)."""
    plan = PLANS["mixed"]()
    path = write(plan, tmp_path)
    with aaf2.open(str(path)) as f:
        composition = next(f.content.toplevel())
        clips = placed(timeline_slot(composition, "Picture", 1))
        assert [at for at, _ in clips] == [e.record_in for e in plan.events]
        for (_, clip), event in zip(clips, plan.events):
            master, file_mob, tape = source_chain(clip)
            assert clip.length == plan.record_frames(event)
            assert clip.start == round(event.source_in * plan.rate / event.clip.rate)
            assert {Fraction(s.edit_rate) for m in (master, file_mob, tape) for s in m.slots} == {event.clip.rate}
            timecode = tape_timecode(tape)
            assert timecode.start == tc_to_frame(event.clip.start_timecode, event.clip.rate)
            assert timecode.length == event.clip.frames
    timeline = otio.adapters.read_from_file(str(path), adapter_name="AAF")
    for clip, event in zip(timeline.video_tracks()[0].find_clips(), plan.events):
        media_start = tc_to_frame(event.clip.start_timecode, event.clip.rate)
        start = clip.source_range.start_time.rescaled_to(float(event.clip.rate)).value
        assert abs(start - (media_start + event.source_in)) <= float(event.clip.rate / plan.rate) / 2 + 1e-6


# --- bad input ---

def one_clip_plan(clip: SourceClip, rate: Fraction | None = None) -> EditPlan:
    plan = EditPlan("Tournage d'été", rate or clip.rate)
    event = plan.append(clip, 10, 70, "prise 2 : la meilleure")
    plan.add_alternate(event, clip, 100, 130, "prise 1")
    plan.markers.append(PlanMarker(5, 1, "Rose", "vérifier", "le son « saute » ici"))
    return plan


def test_a_clip_without_start_timecode_counts_from_zero_and_says_so(tmp_path, caplog):
    plan = one_clip_plan(SourceClip("sha256:" + "d" * 64, "/rushes/A001.mov", Fraction(25), 500, ""))
    with caplog.at_level(logging.WARNING, logger="protos.interchange.aaf"):
        path = write(plan, tmp_path)
    assert "A001.mov has no start timecode: 00:00:00:00 assumed" in caplog.text
    assert caplog.text.count("no start timecode") == 1, "said once, though the file is on V1, A1 and V2"
    with aaf2.open(str(path)) as f:
        [(_, clip)] = placed(timeline_slot(next(f.content.toplevel()), "Picture", 1))
        assert tape_timecode(source_chain(clip)[2]).start == 0 and clip.start == 10
    [event] = read_reference(path).events
    assert (event.start_s, event.end_s) == (10 / 25, 70 / 25)


def test_drop_frame_rushes_are_frame_exact(tmp_path):
    """29.97 DF: the start timecode 14:10:00;00 is frame 1528470 (not 1530000), and every frame after it stays."""
    clip = SourceClip("sha256:" + "e" * 64, "/rushes/B001.mov", NTSC_2997, 9000, tc("14:10:00;00", NTSC_2997))
    assert tc_to_frame(clip.start_timecode, NTSC_2997) == 1528470
    path = write(one_clip_plan(clip), tmp_path)
    with aaf2.open(str(path)) as f:
        composition = next(f.content.toplevel())
        [(_, source)] = placed(timeline_slot(composition, "Picture", 1))
        timecode = tape_timecode(source_chain(source)[2])
        assert (timecode.start, timecode.fps, bool(timecode.drop)) == (1528470, 30, True)
        timeline_tc = timeline_slot(composition, "Timecode", 1).segment
        assert (timeline_tc.start, bool(timeline_tc.drop)) == (107892, True)  # 01:00:00;00
    timeline = otio.adapters.read_from_file(str(path), adapter_name="AAF")
    [read] = timeline.video_tracks()[0].find_clips()
    assert frames(read.source_range.start_time, NTSC_2997) == 1528470 + 10
    assert otio.opentime.to_timecode(read.source_range.start_time, float(NTSC_2997), True) == "14:10:00;10"


def test_file_names_with_accents_and_spaces(tmp_path):
    path_on_set = "/Volumes/Tournage été/Jour 1/Scène 12 prise 3 – Hélène.mov"
    clip = SourceClip("sha256:" + "f" * 64, path_on_set, Fraction(25), 2000, "10:00:00:00")
    path = write(one_clip_plan(clip), tmp_path, "coupe été.aaf")
    with aaf2.open(str(path)) as f:
        composition = next(f.content.toplevel())
        assert composition.name == "Tournage d'été"
        [(_, source)] = placed(timeline_slot(composition, "Picture", 1))
        master, file_mob, _ = source_chain(source)
        assert master.name == "Scène 12 prise 3 – Hélène.mov"
        [locator] = file_mob.descriptor["Locator"].value
        url = locator["URLString"].value
        assert url.isascii() and " " not in url and url.startswith("file:///Volumes/Tournage%20%C3%A9t%C3%A9/")
        assert unquote(urlparse(url).path) == path_on_set
        [marker] = [m for m in markers_on(composition, timeline_slot(composition, "Picture", 1)) if m[2] != "derush"]
        assert marker == (5, 1, "vérifier", "le son « saute » ici", "Magenta")
    assert [e.name for e in read_reference(path).events] == ["Scène 12 prise 3 – Hélène.mov"]


def test_a_windows_path_becomes_a_file_url():
    from protos.interchange.aaf import file_url

    assert file_url("D:\\Rushes\\Jour 1\\Scène.mov") == "file:///D:/Rushes/Jour%201/Sc%C3%A8ne.mov"


@pytest.mark.parametrize("folder", ["/proc", "/nonexistent-derush/cut", "/etc/hostname"])
def test_an_output_folder_that_cannot_be_written(folder, tmp_path):
    with pytest.raises(WriterError, match=r"cannot write .*(Choose|Create)"):
        WRITERS["aaf"].write(PLANS["uniform-25"](), f"{folder}/cut.aaf")


def test_a_cut_with_no_events_is_refused(tmp_path):
    with pytest.raises(WriterError, match="no events"):
        WRITERS["aaf"].write(EditPlan("empty", Fraction(25)), tmp_path / "cut.aaf")
    assert list(tmp_path.iterdir()) == []


# --- derush eval reads it as the editor's cut ---

@pytest.mark.parametrize("key", ["uniform-24", "uniform-29.97DF", "uniform-23.976"])
def test_derush_eval_of_a_proposal_against_its_own_aaf_is_one(key, tmp_path, capsys):
    plan = PLANS[key]()
    proposal = tmp_path / "cut.json"
    write_json(proposal, cut_json(plan_to_proposal(plan)))
    aaf = write(plan, tmp_path)
    e = evaluate(read_proposal(proposal), read_reference(aaf))
    assert (e.take_agreement, e.frames_iou, e.order_tau, e.duration_ratio) == (1.0, 1.0, 1.0, 1.0)
    assert (e.kept, e.swapped, e.removed, e.added) == (len(plan.events), 0, 0, 0)
    assert main(["eval", str(proposal), str(aaf)]) == 0
    out = capsys.readouterr().out
    assert "1.00" in out
