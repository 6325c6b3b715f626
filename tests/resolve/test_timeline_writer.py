"""An edit plan becomes a NEW Resolve timeline, read back frame-exact at every common rate."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from protos.edit_plan import EditPlan, PlanMarker, SourceClip
from protos.timecode import timeline_start_frame
from resolve_plugin.emulator import create_resolve
from resolve_plugin.resolve.link import connect
from resolve_plugin.resolve.timeline_builder import build_timeline
from resolve_plugin.samples.encode import ClipFormat, write_clip
from tests.resolve.conftest import CURRENT, OLDER

RATES = {
    "23.976": Fraction(24000, 1001), "24": Fraction(24), "25": Fraction(25), "29.97DF": Fraction(30000, 1001),
    "30": Fraction(30), "50": Fraction(50), "59.94": Fraction(60000, 1001),
}


@pytest.fixture(scope="session")
def rate_clips(tmp_path_factory) -> dict[Fraction, Path]:
    """Two small clips (A and B, 120 frames, with start timecodes) at each rate."""
    folder = tmp_path_factory.mktemp("rates")
    out = {}
    for name, rate in RATES.items():
        fmt = ClipFormat("mov", "prores_ks", "yuv422p10le", "pcm_s16le", rate, width=160, height=90)
        for take, shade in (("A", 60), ("B", 180)):
            path = folder / f"{name}_{take}.mov"
            frames = [np.full((90, 160, 3), shade, np.uint8)] * 120
            write_clip(path, fmt, frames, np.zeros(48000 * 5, np.float32), 48000,
                       start_timecode="10:00:00:00" if take == "A" else "11:30:00:00")
            out[(rate, take)] = path
    return out


def _project(version, rate_clips, rates):
    resolve = create_resolve(edition="studio", version=version, project_name="Rates")
    project = connect(mode="emulator", emulator=resolve).project()
    paths = [str(rate_clips[(r, t)]) for r in rates for t in "AB"]
    items = project.GetMediaPool().ImportMedia(paths)
    by_path = {item.GetClipProperty()["File Path"]: item for item in items}
    return project, by_path


def _plan(name: str, rate: Fraction, clips: list[SourceClip]) -> EditPlan:
    plan = EditPlan(name, rate)
    a, b = clips[0], clips[-1]
    first = plan.append(a, 10, 58, "take 2 of 2: most fluent")
    plan.append(b, 30, 79, "b-roll")
    plan.append(a, 70, 110, "line 3")
    plan.add_alternate(first, b, 0, 48, "take 1 of 2: restart")
    plan.markers.append(PlanMarker(0, 1, "Blue", "derush", "take 2 of 2: most fluent", "derush:cut"))
    return plan


def _source(path: Path, rate: Fraction, item) -> SourceClip:
    props = item.GetClipProperty()
    return SourceClip("sha256:" + "0" * 64, str(path), rate, int(props["Frames"]), props["Start TC"])


def _read_back(timeline, start: int, track: int) -> list[tuple[int, int, int]]:
    items = timeline.GetItemListInTrack("video", track)
    return sorted((int(i.GetStart()) - start, int(i.GetEnd()) - start, int(i.GetSourceStartFrame())) for i in items)


@pytest.mark.parametrize("version", [CURRENT, OLDER], ids=["21.1", "20.2"])
@pytest.mark.parametrize("rate_name", list(RATES))
def test_plan_becomes_a_new_timeline_frame_exact(rate_clips, rate_name, version):
    rate = RATES[rate_name]
    project, items = _project(version, rate_clips, [rate])
    clips = [_source(rate_clips[(rate, t)], rate, items[str(rate_clips[(rate, t)])]) for t in "AB"]
    plan = _plan("Harbour derush cut", rate, clips)
    report = build_timeline(project, plan, items, alternates="track")
    assert report.ok, report.mismatches + report.markers.mismatches
    timeline = report.timeline
    assert report.name == "Harbour derush cut 1"
    start = int(timeline.GetStartFrame())
    assert start == timeline_start_frame(rate)
    expected_rate = {"29.97DF": "29.97 DF", "59.94": "59.94 DF"}.get(rate_name, rate_name)
    assert timeline.GetSetting("timelineFrameRate") == expected_rate
    assert _read_back(timeline, start, 1) == [(e.record_in, plan.record_out(e), e.source_in) for e in plan.events]
    assert _read_back(timeline, start, 2) == [(e.record_in, plan.record_out(e), e.source_in) for e in plan.alternates]
    assert timeline.GetIsTrackEnabled("video", 2) is False
    markers = timeline.GetMarkers()
    assert markers[0.0]["customData"] == "derush:cut" and markers[0.0]["note"] == "take 2 of 2: most fluent"


def test_mixed_clip_rates_keep_their_duration_floored_to_timeline_frames(rate_clips):
    rates = [Fraction(25), Fraction(30000, 1001)]
    project, items = _project(CURRENT, rate_clips, rates)
    timeline_rate = Fraction(24000, 1001)
    clips = [_source(rate_clips[(r, "A")], r, items[str(rate_clips[(r, "A")])]) for r in rates]
    plan = _plan("Mixed derush cut", timeline_rate, clips)
    report = build_timeline(project, plan, items)
    assert report.ok, report.mismatches
    start = int(report.timeline.GetStartFrame())
    assert _read_back(report.timeline, start, 1) == [
        (e.record_in, plan.record_out(e), e.source_in) for e in plan.events]


def test_existing_timelines_are_never_touched_and_names_get_a_counter(rate_clips):
    rate = Fraction(24)
    project, items = _project(CURRENT, rate_clips, [rate])
    pool = project.GetMediaPool()
    mine = pool.CreateEmptyTimeline("Harbour derush cut 1")  # the editor's, same name as ours would be
    a = items[str(rate_clips[(rate, "A")])]
    pool.AppendToTimeline([{"mediaPoolItem": a, "startFrame": 0, "endFrame": 24, "recordFrame": 86400}])
    before = [(i.GetStart(), i.GetEnd()) for i in mine.GetItemListInTrack("video", 1)]
    clips = [_source(rate_clips[(rate, t)], rate, items[str(rate_clips[(rate, t)])]) for t in "AB"]
    report = build_timeline(project, _plan("Harbour derush cut", rate, clips), items)
    assert report.name == "Harbour derush cut 2"
    assert project.GetTimelineCount() == 2
    assert [(i.GetStart(), i.GetEnd()) for i in mine.GetItemListInTrack("video", 1)] == before
    assert not mine.GetMarkers()


def test_clips_missing_from_the_media_pool_are_refused_with_a_message(rate_clips):
    from resolve_plugin.resolve.errors import ResolveWriteError

    rate = Fraction(24)
    project, items = _project(CURRENT, rate_clips, [rate])
    clips = [_source(rate_clips[(rate, t)], rate, items[str(rate_clips[(rate, t)])]) for t in "AB"]
    plan = _plan("Harbour derush cut", rate, clips)
    with pytest.raises(ResolveWriteError, match="not in this project's media pool"):
        build_timeline(project, plan, {str(rate_clips[(rate, "A")]): items[str(rate_clips[(rate, "A")])]})
    assert project.GetTimelineCount() == 0
