"""API-wide conventions: no exceptions, None for unknown names, fresh proxies, strings
(docs/resolve-emulator.md §13)."""

from __future__ import annotations

import pytest

from resolve_plugin.emulator import controls


def test_failures_return_false_none_or_empty_never_raise(project, pool, media):
    (clip,) = pool.ImportMedia([str(next(iter(media.values())))])
    timeline = pool.CreateEmptyTimeline("T")
    # Wrong argument types: the failure value of each method's return type, never an exception.
    assert clip.SetClipColor(3) is False
    assert clip.AddMarker("ten", "Blue", "n", "", 1) is False
    assert clip.GetMetadata(42) is None
    assert clip.SetMetadata("Scene", 12) is False
    assert project.GetTimelineByIndex("1") is None
    assert timeline.GetItemListInTrack("video", "1") == []
    assert timeline.GetTrackName("video", 1.5) == ""
    assert pool.ImportMedia("not a list") == []
    assert pool.AppendToTimeline(["not a clip"]) == []
    assert pool.AddSubFolder(None, "x") is None
    assert pool.GetClipProperty is None  # a MediaPoolItem method asked of the MediaPool
    # Wrong argument counts.
    assert timeline.GetTrackCount() == 0
    assert clip.GetName("extra") == ""
    assert project.SetCurrentTimeline() is False
    # Logical failures.
    assert project.GetTimelineByIndex(7) is None
    assert timeline.GetItemListInTrack("video", 9) == []
    assert clip.GetMarkerByCustomData("nothing") == {}
    assert clip.GetMarkerCustomData(5) == ""


@pytest.mark.parametrize("name", ["TotallyMadeUpMethod", "GetTimelineByName", "Razor"])
def test_hasattr_is_always_true_and_unknown_names_read_none(resolve, project, name):
    assert hasattr(project, name)
    assert getattr(project, name) is None
    with pytest.raises(TypeError, match="'NoneType' object is not callable"):
        getattr(project, name)()
    assert name not in dir(project)
    assert "GetTimelineByIndex" in dir(project)


def test_every_call_returns_a_fresh_proxy_compare_unique_ids(project, pool):
    pool.CreateEmptyTimeline("T")
    first, second = project.GetCurrentTimeline(), project.GetTimelineByIndex(1)
    assert first is not second and first != second
    assert first.GetUniqueId() == second.GetUniqueId()
    assert pool.GetRootFolder() is not pool.GetRootFolder()


def test_one_based_timeline_and_track_indices(project, pool, media):
    assert project.GetTimelineByIndex(1) is None
    a = pool.CreateEmptyTimeline("A")
    pool.CreateEmptyTimeline("B")
    assert project.GetTimelineCount() == 2
    assert project.GetTimelineByIndex(0) is None
    assert project.GetTimelineByIndex(1).GetName() == "A"
    assert project.GetTimelineByIndex(2).GetName() == "B"
    assert project.GetTimelineByIndex(3) is None
    assert a.GetTrackCount("video") == 1 and a.GetTrackCount("audio") == 1 and a.GetTrackCount("subtitle") == 0
    assert a.GetTrackName("video", 0) == "" and a.GetTrackName("video", 1) == "Video 1"
    assert a.GetIsTrackLocked("audio", 2) is False and a.SetTrackLock("audio", 2, True) is False
    assert a.AddTrack("video") and a.GetTrackName("video", 2) == "Video 2"


def test_track_types_are_lowercase(pool):
    timeline = pool.CreateEmptyTimeline("T")
    assert timeline.GetTrackCount("Video") == 0
    assert timeline.AddTrack("Video") is False
    assert timeline.AddTrack("subtitle") is True and timeline.GetTrackCount("subtitle") == 1


def test_clip_properties_are_strings_except_fps_and_super_scale(pool, media):
    clips = pool.ImportMedia([str(p) for p in media.values()])
    for clip in clips:
        props = clip.GetClipProperty()
        assert isinstance(props["FPS"], float)
        assert props["Super Scale"] == 1
        others = {k: v for k, v in props.items() if k not in ("FPS", "Super Scale")}
        assert all(isinstance(v, str) for v in others.values()), others
    assert clips[0].GetClipProperty("No Such Property") == ""


def test_settings_are_strings_with_snapshot_and_trivial_result_for_unknown_keys(project, pool):
    snapshot = project.GetSetting()
    assert snapshot == project.GetSetting("") == project.GetSetting(None)
    assert all(isinstance(v, str) for v in snapshot.values())
    assert project.GetSetting("timelineFrameRate") == "24"
    assert project.GetSetting("timelineResolutionWidth") == "1920"
    assert project.GetSetting("noSuchSetting") is None
    assert project.SetSetting("timelineResolutionWidth", 3840) is False  # setters take strings
    assert project.SetSetting("timelineResolutionWidth", "3840") is True
    assert project.GetSetting("timelineResolutionWidth") == "3840"
    assert project.SetSetting("timelineFrameRate", "29.97 DF") is True
    assert project.GetSetting("timelineFrameRate") == "29.97 DF"
    assert project.GetSetting("timelineDropFrameTimecode") == "1"
    assert project.SetSetting("timelineFrameRate", "23.5") is False
    pool.CreateEmptyTimeline("T")
    # [choice] the project rate is locked once a timeline exists, as in Resolve's UI.
    assert project.SetSetting("timelineFrameRate", "25") is False


def test_timeline_playback_frame_rate_cannot_be_set(project):
    for value in ("24", "25", 25, 25.0):
        assert project.SetSetting("timelinePlaybackFrameRate", value) is False


def test_set_settings_applies_keys_in_order_and_stops_at_a_failure(project):
    assert project.SetSettings({"timelineResolutionWidth": "1280", "bogus": "1", "timelineResolutionHeight": "720"}) \
        is False
    assert project.GetSetting("timelineResolutionWidth") == "1280"
    assert project.GetSetting("timelineResolutionHeight") == "1080"
    assert project.GetSettings()["timelineFrameRate"] == 24.0  # 21.1 GetSettings: the rate as a number


def test_old_and_new_call_forms_both_work(pool, media):
    paths = [str(p) for p in media.values()][:2]
    clips = pool.ImportMedia(paths)
    clip = clips[0]
    assert clip.SetMetadata("Scene", "1") and clip.SetMetadata({"Shot": "2", "Take": "3"})
    assert clip.GetMetadata() == {"Scene": "1", "Shot": "2", "Take": "3"}
    assert clip.GetClipProperty("Scene") == "1" and clip.GetClipProperty()["Take"] == "3"
    timeline = pool.CreateEmptyTimeline("T")
    assert len(pool.AppendToTimeline(clips[0], clips[1])) == 4  # video + audio of each
    assert len(pool.AppendToTimeline([clips[0]])) == 2
    assert len(pool.AppendToTimeline([{"mediaPoolItem": clips[1], "startFrame": 0, "endFrame": 10}])) == 2
    assert len(timeline.GetItemListInTrack("video", 1)) == 4


def test_keyword_arguments_bind_by_documented_name_but_are_reported(resolve, pool, media):
    (clip,) = pool.ImportMedia([str(next(iter(media.values())))])
    assert clip.AddMarker(frameId=3, color="Red", name="n", note="", duration=1) is True
    assert clip.AddMarker(3, "Red", "n", "", 1, custom="x") is False  # not a documented name
    findings = controls(resolve).undocumented_calls()
    assert [f.record.method for f in findings] == ["AddMarker", "AddMarker"]
    assert "keyword" in findings[0].reason
