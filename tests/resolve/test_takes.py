"""Runner-up takes in Resolve's take selector: applied with the cut, flipped in place, removed by undo."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from protos.edit_plan import EditPlan, PlanMarker, SourceClip
from resolve_plugin.emulator import controls, create_resolve
from resolve_plugin.resolve.link import connect
from resolve_plugin.resolve.timeline_builder import build_timeline
from resolve_plugin.resolve.undo import undo_project
from resolve_plugin.samples.encode import ClipFormat, write_clip
from tests.resolve.conftest import CURRENT, OLDER

# name -> (rate, frames): three 24 fps takes of one line, one at 25 fps, one too short to cover an event
TAKES = {"A": (Fraction(24), 120), "B": (Fraction(24), 120), "C": (Fraction(24), 120), "D": (Fraction(25), 120),
         "E": (Fraction(24), 30)}


@pytest.fixture(scope="module")
def take_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("takes")
    out = {}
    for shade, (name, (rate, frames)) in enumerate(TAKES.items()):
        fmt = ClipFormat("mov", "prores_ks", "yuv422p10le", "pcm_s16le", rate, width=96, height=54)
        path = folder / f"Plage côté sud {name}.mov"  # French rushes: accents and spaces
        pictures = [np.full((54, 96, 3), 40 * shade, np.uint8)] * frames
        write_clip(path, fmt, pictures, np.zeros(int(48000 * frames / rate), np.float32), 48000,
                   start_timecode="10:00:00:00")
        out[name] = path
    return out


def _project(version, take_files):
    resolve = create_resolve(edition="studio", version=version, project_name="Plage")
    project = connect(mode="emulator", emulator=resolve).project()
    items = project.GetMediaPool().ImportMedia([str(p) for p in take_files.values()])
    by_path = {item.GetClipProperty()["File Path"]: item for item in items}
    clips = {name: SourceClip("sha256:" + name * 64, str(path), TAKES[name][0], TAKES[name][1], "10:00:00:00")
             for name, path in take_files.items()}
    return resolve, project, by_path, clips


def _plan(clips) -> EditPlan:
    plan = EditPlan("Plage derush cut", Fraction(24))
    first = plan.append(clips["A"], 10, 58, "take 3 of 3: most fluent")
    second = plan.append(clips["B"], 60, 100, "line 2, take 1 of 1")
    plan.add_alternate(first, clips["B"], 5, 50, "take 1 of 3: restart")
    plan.add_alternate(first, clips["C"], 20, 70, "take 2 of 3: filler")
    plan.add_alternate(second, clips["C"], 70, 105, "alternate for line 2")
    plan.markers.append(PlanMarker(0, 1, "Blue", "derush", "take 3 of 3: most fluent", "derush:cut"))
    return plan


def _take(item, index):
    info = item.GetTakeByIndex(index)
    return info["mediaPoolItem"].GetName(), info["startFrame"], info["endFrame"]


@pytest.mark.parametrize("version", [CURRENT, OLDER], ids=["21.1", "20.2"])
def test_runner_ups_go_into_the_take_selector_with_derush_choice_selected(take_files, version):
    resolve, project, items, clips = _project(version, take_files)
    report = build_timeline(project, _plan(clips), items)
    assert report.ok, report.mismatches
    assert (report.alternates, report.alternates_written) == ("takes", 3)
    timeline = report.timeline
    assert timeline.GetTrackCount("video") == 1  # no alternates track
    first, second = timeline.GetItemListInTrack("video", 1)
    a, b, c = (f"Plage côté sud {n}.mov" for n in "ABC")
    # derush's choice is take 1 and selected; each runner-up covers its in point for the event's length
    assert [_take(first, i) for i in (1, 2, 3)] == [(a, 10, 58), (b, 5, 53), (c, 20, 68)]
    assert [_take(second, i) for i in (1, 2)] == [(b, 60, 100), (c, 70, 110)]
    assert (first.GetSelectedTakeIndex(), second.GetSelectedTakeIndex()) == (1, 1)
    assert first.GetMediaPoolItem().GetName() == a and first.GetSourceStartFrame() == 10
    # the editor flips to a runner-up in place: same place, same length, the rest of the cut unmoved
    assert first.SelectTakeByIndex(3) is True
    flipped, after = timeline.GetItemListInTrack("video", 1)
    assert (flipped.GetMediaPoolItem().GetName(), flipped.GetSourceStartFrame()) == (c, 20)
    assert [(i.GetStart(), i.GetEnd()) for i in (flipped, after)] == [(86400, 86448), (86448, 86488)]
    assert "TimelineItem.FinalizeTake" not in controls(resolve).calls.methods()
    assert controls(resolve).undocumented_calls() == []


def test_a_runner_up_at_another_rate_or_too_short_is_left_out_with_a_note(take_files):
    _, project, items, clips = _project(CURRENT, take_files)
    plan = EditPlan("Plage derush cut", Fraction(24))
    event = plan.append(clips["A"], 0, 48, "take 2 of 2")
    plan.add_alternate(event, clips["D"], 0, 48, "25 fps camera")
    plan.add_alternate(event, clips["E"], 0, 30, "the card ran out")
    plan.add_alternate(event, clips["B"], 0, 48, "take 1 of 2")
    report = build_timeline(project, plan, items)
    assert report.ok, report.mismatches
    (item,) = report.timeline.GetItemListInTrack("video", 1)
    assert item.GetTakesCount() == 2 and _take(item, 2)[0] == "Plage côté sud B.mov"
    assert report.alternates_written == 1
    [rate_note] = [n for n in report.notes if "Plage côté sud D.mov" in n]
    assert "25.000 fps" in rate_note
    [short_note] = [n for n in report.notes if "Plage côté sud E.mov" in n]
    assert "ends at frame 30" in short_note


@pytest.mark.parametrize(("mode", "v2_items", "takes"), [("track", 2, 0), ("none", 0, 0)])
def test_alternates_on_a_track_or_left_out(take_files, mode, v2_items, takes):
    _, project, items, clips = _project(CURRENT, take_files)
    report = build_timeline(project, _plan(clips), items, alternates=mode)
    assert report.ok, report.mismatches
    timeline = report.timeline
    v2 = timeline.GetItemListInTrack("video", 2) if timeline.GetTrackCount("video") >= 2 else []
    assert len(v2) == v2_items and report.alternates_written == v2_items
    assert sum(i.GetTakesCount() for i in timeline.GetItemListInTrack("video", 1)) == takes
    if mode == "track":  # one runner-up per place on a track: the second one of the first event is left off
        assert [n for n in report.notes if "1 runner-up take(s) left off V2" in n]
        assert timeline.GetIsTrackEnabled("video", 2) is False


def test_undo_removes_derush_takes_but_never_the_editors(take_files):
    _, project, items, clips = _project(CURRENT, take_files)
    pool = project.GetMediaPool()
    # the editor's own timeline, with a take selector of their own: never touched
    mine = pool.CreateEmptyTimeline("Montage Léa")
    (own,) = [i for i in pool.AppendToTimeline([{"mediaPoolItem": items[str(take_files["C"])], "startFrame": 0,
                                                 "endFrame": 24, "mediaType": 1}])]
    assert own.AddTake(items[str(take_files["A"])], 0, 24)
    report = build_timeline(project, _plan(clips), items)
    timeline = report.timeline
    first, second = timeline.GetItemListInTrack("video", 1)
    # the editor adds a take of their own to the first event and selects it
    assert first.AddTake(items[str(take_files["B"])], 90, 100) and first.SelectTakeByIndex(4)

    undo = undo_project(project)
    assert not undo.failures, undo.failures
    assert undo.timelines_removed == [] and undo.takes_removed == 4  # 3 runner-ups and the unpicked choice
    assert any("Plage derush cut 1" in line and "you added 1 take(s)" in line for line in undo.kept)
    first, second = timeline.GetItemListInTrack("video", 1)
    b = "Plage côté sud B.mov"
    # derush's runner-ups are gone, and so is its choice (the editor picked their own take): theirs alone is left
    assert [_take(first, i) for i in range(1, first.GetTakesCount() + 1)] == [(b, 90, 100)]
    assert first.GetMediaPoolItem().GetName() == b  # still the editor's pick
    assert second.GetTakesCount() == 1 and _take(second, 1) == (b, 60, 100)
    assert not [m for m in timeline.GetMarkers().values() if m["customData"].startswith("derush:")]
    assert (own.GetTakesCount(), mine.GetName()) == (2, "Montage Léa")


def test_undo_deletes_a_derush_timeline_whose_takes_are_all_derush(take_files):
    _, project, items, clips = _project(CURRENT, take_files)
    report = build_timeline(project, _plan(clips), items)
    assert report.alternates_written == 3
    undo = undo_project(project)
    assert undo.timelines_removed == [report.name] and project.GetTimelineCount() == 0


def test_undo_keeps_a_runner_up_the_editor_picked(take_files):
    _, project, items, clips = _project(CURRENT, take_files)
    report = build_timeline(project, _plan(clips), items)
    first, _ = report.timeline.GetItemListInTrack("video", 1)
    assert first.SelectTakeByIndex(2)  # the editor prefers the restart take
    undo = undo_project(project)
    assert undo.timelines_removed == [] and undo.takes_removed == 3  # choice and C on the first item, C on the second
    first, second = report.timeline.GetItemListInTrack("video", 1)
    assert [_take(first, i) for i in range(1, first.GetTakesCount() + 1)] == [("Plage côté sud B.mov", 5, 53)]
    assert any("runner-up take the editor selected, kept" in line for line in undo.kept)


@pytest.mark.parametrize(("version", "note"), [(CURRENT, False), (OLDER, True)], ids=["21.1", "20.2"])
def test_an_event_ending_on_its_clips_last_frame_leaves_the_timeline_whole(take_files, version, note):
    """endFrame = the clip's length: accepted from 21.0, appends nothing before (docs/resolve-emulator.md §8)."""
    _, project, items, clips = _project(version, take_files)
    plan = EditPlan("Plage derush cut", Fraction(24))
    plan.append(clips["A"], 72, 120, "the end of the take")
    plan.append(clips["B"], 0, 24, "next line")
    report = build_timeline(project, plan, items, alternates="none")
    assert report.ok, report.mismatches
    spans = [(i.GetStart(), i.GetEnd(), i.GetSourceStartFrame())
             for i in report.timeline.GetItemListInTrack("video", 1)]
    assert [s[:2] for s in spans] == [(86400, 86448), (86448, 86472)]  # no hole
    assert spans[0][2] == (71 if note else 72)
    assert bool([n for n in report.notes if "one frame earlier" in n]) is note
