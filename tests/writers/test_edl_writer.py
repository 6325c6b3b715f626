"""CMX3600 EDL and Resolve's marker EDL: read back with ``pycmx`` (and the ``otio-cmx3600-adapter`` reader where
every clip is at the timeline rate); timecode turned back into frames by the independent ``timecode`` package."""

from __future__ import annotations

import io
import re
from fractions import Fraction

import opentimelineio as otio
import pycmx
import pytest
from pycmx.parse_cmx_statements import parse_cmx3600_statements
from pycmx.statements import StmtFCM

from protos.edit_plan import EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange import WRITERS, MarkerEdlWriter, WriterError
from protos.interchange.edl import marker_line, reel_name, to_edl, to_marker_edl
from tests.writers.plans import (
    DROP_FRAME,
    NTSC_2997,
    NTSC_5994,
    PLANS,
    RATES,
    tc_to_frame,
    timeline_start,
    uniform_plan,
)

MARKER = re.compile(r"^(?P<note>.*?) ?\|C:ResolveColor(?P<color>[A-Za-z]+) \|M:(?P<name>.*) \|D:(?P<frames>\d+)$")


def fcm_drop(text: str) -> list[bool]:
    return [s.drop for s in parse_cmx3600_statements(io.StringIO(text)) if isinstance(s, StmtFCM)]


def edits(text: str) -> list:
    return [event.edits[0] for event in pycmx.parse_cmx3600(io.StringIO(text)).events]


@pytest.mark.parametrize("key", PLANS)
def test_edl_reads_back_with_pycmx(key, tmp_path):
    plan = PLANS[key]()
    written = WRITERS["edl"].write(plan, tmp_path / "cut.edl")
    assert written == [tmp_path / "cut.edl", tmp_path / "cut.markers.edl"]
    text = written[0].read_text(encoding="utf-8")
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    assert edl.title == plan.name
    assert fcm_drop(text) == [plan.rate in DROP_FRAME]
    read = edits(text)
    assert len(read) == len(plan.events), "one video track: the main events only, no alternates"
    start = timeline_start(plan.rate)
    for edit, event in zip(read, plan.events):
        clip = event.clip
        media_start = tc_to_frame(clip.start_timecode, clip.rate)
        assert edit.source == reel_name(clip) and edit.clip_name == clip.name and edit.source_file == clip.path
        assert edit.channels.video and not edit.channels.audio and edit.transition.cut
        # source timecode: the clip's own timecode at the clip's own rate, exact in and out
        assert tc_to_frame(edit.source_in, clip.rate) == media_start + event.source_in
        assert tc_to_frame(edit.source_out, clip.rate) == media_start + event.source_out
        assert (";" in edit.source_in) == (";" in clip.start_timecode)
        # record timecode: from 01:00:00:00 at the timeline rate, drop-frame at 29.97/59.94
        assert tc_to_frame(edit.record_in, plan.rate) == start + event.record_in
        assert tc_to_frame(edit.record_out, plan.rate) == start + plan.record_out(event)
        assert (";" in edit.record_in) == (plan.rate in DROP_FRAME)
    assert f"* COMMENT: {plan.events[0].reason}" in text


@pytest.mark.parametrize("key", [k for k in PLANS if k != "mixed"])
def test_edl_reads_back_with_the_otio_cmx_adapter(key):
    plan = PLANS[key]()
    timeline = otio.adapters.read_from_string(to_edl(plan), "cmx_3600", rate=float(plan.rate))
    assert timeline.name == plan.name
    [track] = timeline.tracks
    assert [c.name for c in track] == [e.clip.name for e in plan.events]
    for index, (clip, event) in enumerate(zip(track, plan.events)):
        media_start = tc_to_frame(event.clip.start_timecode, plan.rate)
        assert round(clip.source_range.start_time.value) == media_start + event.source_in
        assert round(clip.source_range.duration.value) == event.source_frames
        # the adapter ignores the record start (docs/interchange.md §1.3) and lays clips from 0
        assert round(track.range_of_child_at_index(index).start_time.value) == event.record_in
        assert clip.metadata["cmx_3600"]["reel"] == reel_name(event.clip)


@pytest.mark.parametrize(("rate", "expected"), [
    (NTSC_2997, "01:01:00;02"), (NTSC_5994, "01:01:00;04"), (Fraction(30), "01:01:00:00"),
    (Fraction(24000, 1001), "01:01:00:00"), (Fraction(25), "01:01:00:00"),
])
def test_record_timecode_crossing_a_minute(rate, expected):
    """The first event lasts one nominal minute of frames: at drop-frame rates the next one starts after the
    dropped frame numbers (;00 and ;01 at 29.97, ;00 to ;03 at 59.94)."""
    plan = uniform_plan(rate)
    second = edits(to_edl(plan))[1]
    assert second.record_in == expected
    assert tc_to_frame(second.record_in, rate) == timeline_start(rate) + plan.events[1].record_in


def test_drop_frame_header_and_start():
    text = to_edl(uniform_plan(NTSC_2997))
    assert text.splitlines()[:2] == ["TITLE: Harbour interview derush", "FCM: DROP FRAME"]
    assert edits(text)[0].record_in == "01:00:00;00"
    assert to_edl(uniform_plan(Fraction(25))).splitlines()[1] == "FCM: NON-DROP FRAME"


def test_mixed_rates_keep_each_clips_own_timecode():
    plan = PLANS["mixed"]()
    read = edits(to_edl(plan))
    dropped = [e for e in read if ";" in e.source_in]
    assert [e.clip_name for e in dropped] == ["NTSC_2997DF.mov"]
    pal = read[0]
    assert (pal.source_in, pal.source_out) == ("10:00:00:01", "10:00:02:01")  # 50 frames at 25 fps
    assert tc_to_frame(pal.record_out, plan.rate) - tc_to_frame(pal.record_in, plan.rate) == 47  # floored


def test_reels_full_or_cut_to_eight():
    clip = SourceClip("x", "/media/day 1/A001_C003_0101AB é.mov", Fraction(25), 100)
    assert reel_name(clip) == "A001_C003_0101AB__"
    assert reel_name(clip, 8) == "A001_C00"
    plan = uniform_plan(Fraction(25))
    text = to_edl(plan, reel_length=8)
    assert pycmx.parse_cmx3600(io.StringIO(text)).format == "3600"
    assert [e.source for e in edits(text)] == [reel_name(e.clip, 8) for e in plan.events]


def expected_markers(plan: EditPlan) -> list[tuple[int, str, str, str, int]]:
    markers = [(m.frame, m.color, m.name, m.note, max(m.duration, 1)) for m in plan.markers]
    markers += [(e.record_in, "Blue", "derush", e.reason, plan.record_frames(e)) for e in plan.events]
    return sorted(markers, key=lambda m: m[0])


def clean_note(note: str) -> str:
    note = " ".join(note.replace("|", "/").split())
    return f"- {note}" if note[:1].isdigit() else note


@pytest.mark.parametrize("key", PLANS)
def test_marker_edl_in_resolves_convention(key, tmp_path):
    plan = PLANS[key]()
    [path] = WRITERS["markers_edl"].write(plan, tmp_path / "markers.edl")
    text = path.read_text(encoding="utf-8")
    statements = parse_cmx3600_statements(io.StringIO(text))
    marker_lines = [MARKER.match(s.content) for s in statements
                    if type(s).__name__ == "StmtUnrecognized" and s.content.strip()]
    assert all(marker_lines)
    start = timeline_start(plan.rate)
    read = []
    assert len(edits(text)) == len(marker_lines)
    for edit, line in zip(edits(text), marker_lines):
        assert edit.source == "001" and edit.source_in == edit.record_in and edit.source_out == edit.record_out
        frame = tc_to_frame(edit.record_in, plan.rate) - start
        assert tc_to_frame(edit.record_out, plan.rate) - start == frame + 1
        read.append((frame, line["color"], line["name"], line["note"], int(line["frames"])))
    expected = [(f, c, n, clean_note(note), d) for f, c, n, note, d in expected_markers(plan)]
    assert read == expected
    assert fcm_drop(text) == [plan.rate in DROP_FRAME]


def test_marker_line_keeps_resolves_parser_on_track():
    line = marker_line(PlanMarker(0, 12, "Mint", "retake | 2", "2 takes\nof wind | noise"))
    assert line == "- 2 takes of wind / noise |C:ResolveColorMint |M:retake / 2 |D:12"
    assert marker_line(PlanMarker(0, 0, "Chartreuse", "n", "")) == " |C:ResolveColorBlue |M:n |D:1"


def test_edl_writes_markers_only_when_there_are_some(tmp_path):
    clip = SourceClip("x", "/media/A.mov", Fraction(25), 100)
    plan = EditPlan("bare", Fraction(25), events=[EditEvent(clip, 0, 10, "")])
    assert WRITERS["edl"].write(plan, tmp_path / "bare.edl") == [tmp_path / "bare.edl"]
    assert MarkerEdlWriter().write(plan, tmp_path / "m.edl")[0].read_text().startswith("TITLE: bare\n")
    assert to_marker_edl(uniform_plan(Fraction(25)), include_reasons=False).count("|M:derush") == 1


def test_edl_refuses_overlapping_events():
    plan = uniform_plan(RATES["25"])
    plan.events[2] = EditEvent(plan.events[2].clip, 0, 10, "", record_in=plan.events[1].record_in + 1)
    with pytest.raises(WriterError, match="overlap"):
        to_edl(plan)
