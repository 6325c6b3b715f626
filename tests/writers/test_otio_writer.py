"""``.otio``: the same plans read back with OpenTimelineIO's own reader."""

from __future__ import annotations

from fractions import Fraction

import opentimelineio as otio
import pytest

from protos.edit_plan import EditPlan
from protos.interchange import WRITERS
from protos.interchange.base import placed_alternates
from tests.writers.plans import PLANS, tc_to_frame, timeline_start


def frames(time: otio.opentime.RationalTime, rate: Fraction) -> int:
    value = time.value * float(rate) / time.rate
    assert abs(value - round(value)) < 1e-6, f"{time} is not on the {rate} frame grid"
    return round(value)


def read(plan: EditPlan, tmp_path) -> otio.schema.Timeline:
    [path] = WRITERS["otio"].write(plan, tmp_path / "cut.otio")
    assert path.suffix == WRITERS["otio"].suffix
    return otio.adapters.read_from_file(str(path))


@pytest.mark.parametrize("key", PLANS)
def test_otio_reads_back_the_same_clips_ranges_and_markers(key, tmp_path):
    plan = PLANS[key]()
    timeline = read(plan, tmp_path)
    assert frames(timeline.global_start_time, plan.rate) == timeline_start(plan.rate)
    video1, *others = timeline.tracks
    clips = list(video1)
    assert [c.name for c in clips] == [e.clip.name for e in plan.events]
    for clip, event in zip(clips, plan.events):
        media_start = tc_to_frame(event.clip.start_timecode, event.clip.rate)
        assert clip.media_reference.target_url == event.clip.path
        assert frames(clip.source_range.start_time, event.clip.rate) == media_start + event.source_in
        if event.clip.rate == plan.rate:
            assert frames(clip.source_range.end_time_exclusive(), event.clip.rate) == media_start + event.source_out
        else:  # at another rate the clip fills its planned record frames: the conformed out point
            assert frames(clip.source_range.duration, plan.rate) == plan.record_frames(event)
        assert [(m.name, m.metadata["Resolve_OTIO"]["Note"]) for m in clip.markers] == [("derush", event.reason)]

    placed = placed_alternates(plan)
    [video2] = others
    assert not video2.enabled
    alternates = [c for c in video2 if isinstance(c, otio.schema.Clip)]
    assert [c.name for c in alternates] == [e.clip.name for e in placed]
    for clip, event in zip(alternates, placed):
        if key != "mixed":  # see test_otio_record_positions_with_mixed_rates
            assert frames(video2.range_of_child(clip).start_time, plan.rate) == event.record_in
        assert not clip.enabled

    markers = [(frames(m.marked_range.start_time, plan.rate), frames(m.marked_range.duration, plan.rate), m.name,
                m.comment) for m in timeline.tracks.markers]
    assert markers == [(m.frame, m.duration, m.name, m.note) for m in plan.markers]


@pytest.mark.parametrize("key", [k for k in PLANS if k != "mixed"])
def test_otio_record_positions_at_one_rate(key, tmp_path):
    plan = PLANS[key]()
    video1 = read(plan, tmp_path).tracks[0]
    positions = [frames(video1.range_of_child_at_index(i).start_time, plan.rate) for i in range(len(video1))]
    assert positions == [e.record_in for e in plan.events]


def test_otio_record_positions_with_mixed_rates(tmp_path):
    """Clips at other rates fill exactly their planned record frames (source ranges at the timeline rate)."""
    plan = PLANS["mixed"]()
    video1 = read(plan, tmp_path).tracks[0]
    starts = [clip.range_in_parent().start_time for clip in video1.find_clips()]
    positions = [round(start.value * float(plan.rate) / start.rate, 6) for start in starts]
    assert positions == [e.record_in for e in plan.events]
