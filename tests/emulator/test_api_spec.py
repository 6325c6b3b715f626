"""The documented API as data, and the checker for call logs (docs/resolve-emulator.md §4)."""

from __future__ import annotations

import inspect

from resolve_plugin.emulator import api_spec, check_calls, controls
from resolve_plugin.emulator.calls import ApiMethod
from resolve_plugin.emulator.media_pool import Folder, MediaPool
from resolve_plugin.emulator.media_pool_item import MediaPoolItem
from resolve_plugin.emulator.resolve import Project, ProjectManager, Resolve
from resolve_plugin.emulator.storage import MediaStorage
from resolve_plugin.emulator.timeline import Timeline
from resolve_plugin.emulator.timeline_item import TimelineItem

CLASSES = (Resolve, ProjectManager, Project, MediaStorage, MediaPool, Folder, MediaPoolItem, Timeline, TimelineItem)


def _offered(cls) -> set[str]:
    return {name for name, value in inspect.getmembers(cls) if isinstance(value, ApiMethod)}


def test_the_emulator_offers_exactly_the_documented_methods():
    for cls in CLASSES:
        documented = set(api_spec.API[cls.__name__])
        assert _offered(cls) == documented, cls.__name__


def test_documented_shapes_of_clipinfo():
    assert set(api_spec.SHAPES["append"]) == {
        "mediaPoolItem", "startFrame", "endFrame", "mediaType", "trackIndex", "recordFrame"}
    assert "trackIndex" not in api_spec.SHAPES["create"]
    method = api_spec.method("MediaPool", "AppendToTimeline")
    assert [f.since for f in method.forms] == [None, None, None]
    assert api_spec.method("Resolve", "GetCurrentProject").since == (21, 1)
    assert api_spec.method("MediaPool", "GetSelectedClips").since == (19, 0, 2)


def test_check_calls_reports_undocumented_calls_and_arguments(resolve, pool, media):
    (clip,) = pool.ImportMedia([str(media["S01_T01.mp4"])])
    timeline = pool.CreateEmptyTimeline("T")
    pool.AppendToTimeline([{"mediaPoolItem": clip, "startFrame": 0, "endFrame": 24, "trackIndex": 1}])
    clip.AddMarker(1, "Blue", "m", "", 1, "custom")
    timeline.GetItemListInTrack("video", 1)
    assert controls(resolve).undocumented_calls() == []

    pool.AppendToTimeline([{"mediaPoolItem": clip, "start": 0}])  # undocumented key
    pool.CreateTimelineFromClips("U", [{"mediaPoolItem": clip, "trackIndex": 1}])  # no trackIndex there
    clip.SetClipColor(5)  # wrong type
    assert timeline.GetTimelineByName is None  # not a method of anything: reads None
    clip.GetMarkers(all=True)  # keyword
    findings = controls(resolve).undocumented_calls()
    assert [f.record.method for f in findings] == [
        "AppendToTimeline", "CreateTimelineFromClips", "SetClipColor", "GetTimelineByName", "GetMarkers"]
    assert "fit no documented form" in findings[0].reason
    assert "undocumented attribute Timeline.GetTimelineByName" in str(findings[3])


def test_check_calls_against_an_older_version(resolve, pool):
    pool.GetSelectedClips()
    resolve.GetCurrentProject()
    records = list(controls(resolve).calls)
    assert check_calls(records, (21, 1, 1, 0)) == []
    older = check_calls(records, (19, 0, 0, 0))
    assert [f.record.method for f in older] == ["GetSelectedClips", "GetCurrentProject"]


def test_call_log_records_every_call_in_order(resolve):
    project = resolve.GetProjectManager().GetCurrentProject()
    project.GetTimelineByIndex(1)
    assert project.Bogus is None
    log = controls(resolve).calls
    assert log.methods() == [
        "Resolve.GetProjectManager", "ProjectManager.GetCurrentProject", "Project.GetTimelineByIndex", "Project.Bogus"]
    assert log[2].args == (1,) and log[2].result is None and log[3].kind == "getattr"
    assert "Project.GetTimelineByIndex(1)" in str(log[2])
    log.clear()
    assert len(log) == 0


def test_matches_kinds():
    assert api_spec.matches(3, "number") and api_spec.matches(3.5, "number") and not api_spec.matches(True, "number")
    assert api_spec.matches(None, "str|none") and not api_spec.matches(3, "str|none")
    assert api_spec.matches({"a": "b"}, "dict[str,str]") and not api_spec.matches({"a": 1}, "dict[str,str]")
    assert api_spec.matches([], "list[MediaPoolItem]")
    assert not api_spec.matches({"timelineName": 3}, "dict:import_options")
    assert api_spec.matches({"bogus": 3}, "dict:import_options") and not api_spec.matches(
        {"bogus": 3}, "dict:import_options", strict=True)
