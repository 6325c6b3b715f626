"""Timelines and AppendToTimeline (docs/resolve-emulator.md §8, §9, §13.1, §13.8, §13.9)."""

from __future__ import annotations

import pytest

from resolve_plugin.emulator import controls


@pytest.fixture()
def rushes(pool, media):
    """S01_T01 (250 frames @24), S01_T02 (143 @24), S02_T01 (183 @29.97)."""
    return pool.ImportMedia([str(media[n]) for n in ("S01_T01.mp4", "S01_T02.mp4", "S02_T01.mov")])


def _spans(timeline, kind="video", track=1):
    return [(i.GetStart(), i.GetDuration()) for i in timeline.GetItemListInTrack(kind, track)]


@pytest.mark.parametrize(
    ("rate", "start", "timecode"),
    [("24", 86400, "01:00:00:00"), ("25", 90000, "01:00:00:00"), ("30", 108000, "01:00:00:00"),
     ("29.97", 108000, "01:00:00:00"), ("29.97 DF", 107892, "01:00:00;00"), ("23.976", 86400, "01:00:00:00")],
)
def test_new_timelines_start_at_one_hour_at_the_timeline_rate(make_resolve, rate, start, timecode):
    resolve = make_resolve(frame_rate=rate)
    timeline = resolve.GetProjectManager().GetCurrentProject().GetMediaPool().CreateEmptyTimeline("T")
    assert timeline.GetStartFrame() == start
    assert timeline.GetStartTimecode() == timecode
    assert timeline.GetEndFrame() == start  # empty: length 0


def test_create_empty_timeline_returns_none_when_the_name_exists(project, pool):
    first = pool.CreateEmptyTimeline("Rough cut")
    assert first is not None
    assert pool.CreateEmptyTimeline("Rough cut") is None
    assert project.GetTimelineCount() == 1
    assert first.SetName("Rough cut 2") is True
    assert pool.CreateEmptyTimeline("Rough cut") is not None
    assert project.GetTimelineByIndex(2).SetName("Rough cut 2") is False


def test_new_timeline_becomes_current_and_is_a_media_pool_item(project, pool):
    timeline = pool.CreateEmptyTimeline("T")
    assert project.GetCurrentTimeline().GetUniqueId() == timeline.GetUniqueId()
    (item,) = pool.GetRootFolder().GetClipList()
    assert item.GetClipProperty("Type") == "Timeline" and item.GetName() == "T"
    assert timeline.GetMediaPoolItem().GetUniqueId() == item.GetUniqueId()
    assert item.GetTimeline().GetUniqueId() == timeline.GetUniqueId()


def test_append_to_timeline_targets_the_current_timeline(project, pool, rushes):
    assert pool.AppendToTimeline([rushes[0]]) == []  # no timeline yet
    a = pool.CreateEmptyTimeline("A")
    b = pool.CreateEmptyTimeline("B")
    pool.AppendToTimeline([rushes[0]])
    assert _spans(b) == [(86400, 250)] and _spans(a) == []
    assert project.SetCurrentTimeline(a) is True
    pool.AppendToTimeline([rushes[1]])
    assert _spans(a) == [(86400, 143)]


def test_append_to_timeline_appends_at_the_end_and_links_video_with_audio(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    items = pool.AppendToTimeline([rushes[0], rushes[1]])
    assert [(i.GetTrackTypeAndIndex(), i.GetStart(), i.GetEnd()) for i in items] == [
        (["video", 1], 86400, 86650), (["audio", 1], 86400, 86650),
        (["video", 1], 86650, 86793), (["audio", 1], 86650, 86793),
    ]
    assert items[0].GetEnd() - items[0].GetStart() == items[0].GetDuration()
    assert [i.GetUniqueId() for i in items[0].GetLinkedItems()] == [items[1].GetUniqueId()]
    assert timeline.GetEndFrame() - timeline.GetStartFrame() == 393
    assert items[0].GetMediaPoolItem().GetUniqueId() == rushes[0].GetUniqueId()
    assert rushes[0].GetClipProperty("Usage") == "1"  # a linked video + audio pair is one use


def test_append_clipinfo_source_frames_with_exclusive_end(pool, rushes):
    pool.CreateEmptyTimeline("T")
    video, audio = pool.AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 24, "endFrame": 72}])
    assert video.GetDuration() == 48  # endFrame - startFrame
    assert (video.GetSourceStartFrame(), video.GetSourceEndFrame()) == (24, 72)
    assert (video.GetLeftOffset(), video.GetRightOffset()) == (24, 250 - 72)
    assert video.GetStart() == 86400 and video.GetEnd() == 86448


def test_append_clipinfo_end_frame_bounds(pool, rushes):
    # §8: endFrame is exclusive and may not pass the clip's length (the whole tail: tests/emulator/
    # test_live_resolve_facts.py); an empty range appends nothing.
    timeline = pool.CreateEmptyTimeline("T")
    assert pool.AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 251}]) == []
    assert len(pool.AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 249}])) == 2
    assert _spans(timeline) == [(86400, 249)]
    assert pool.AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 50, "endFrame": 50}]) == []


def test_append_record_frame_is_an_absolute_timeline_frame(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    pool.AppendToTimeline([{"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 48, "recordFrame": 86400 + 96}])
    assert _spans(timeline) == [(86496, 48)]
    # recordFrame 0 is before the timeline start (01:00:00:00): nothing lands.
    before_start = {"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 48, "recordFrame": 0}
    assert pool.AppendToTimeline([before_start]) == []


def test_append_track_index_and_media_type(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    info = {"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 24}
    assert pool.AppendToTimeline([{**info, "trackIndex": 2}]) == []  # no track 2 yet
    assert timeline.AddTrack("video") and timeline.AddTrack("audio", "mono")
    (video,) = pool.AppendToTimeline([{**info, "trackIndex": 2, "mediaType": 1}])
    assert video.GetTrackTypeAndIndex() == ["video", 2] and video.GetType() == "video"
    (audio,) = pool.AppendToTimeline([{**info, "trackIndex": 2, "mediaType": 2, "recordFrame": 86400}])
    assert audio.GetTrackTypeAndIndex() == ["audio", 2] and audio.GetLinkedItems() == []
    assert timeline.GetItemListInTrack("video", 1) == []


def test_append_silently_drops_overlapping_items_and_returns_phantoms(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    first = pool.AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 100,
                                    "recordFrame": 86400}])
    assert all(i.GetUniqueId() for i in first)
    later = pool.AppendToTimeline([{"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 100,
                                    "recordFrame": 86450}])
    # The earlier item wins; the later comes back as phantoms with empty unique ids.
    assert len(later) == 2 and [i.GetUniqueId() for i in later] == ["", ""]
    assert later[0].GetStart() == 0 and later[0].GetMediaPoolItem() is None
    assert _spans(timeline) == [(86400, 100)]
    assert len(pool.AppendToTimeline([{"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 100,
                                       "recordFrame": 86500}])) == 2
    assert _spans(timeline) == [(86400, 100), (86500, 100)]


def test_append_floors_durations_when_source_and_timeline_rates_differ(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")  # 24 fps; S02_T01 is 29.97
    video, _ = pool.AppendToTimeline([rushes[2]])
    assert video.GetDuration() == 146  # floor(183 * 24 / 29.97) = floor(146.55)
    (video, _) = pool.AppendToTimeline([{"mediaPoolItem": rushes[2], "startFrame": 0, "endFrame": 30}])
    assert video.GetDuration() == 24  # floor(30 * 24 / 29.97) = floor(24.02)
    assert video.GetSourceEndFrame() == 30
    assert timeline.GetEndFrame() == 86400 + 146 + 24


def test_subframe_precision(pool, rushes):
    pool.CreateEmptyTimeline("T")
    video, _ = pool.AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 10.5}])
    assert video.GetDuration() == 10 and video.GetDuration(True) == 10.5
    assert video.GetEnd(True) == 86410.5


def test_create_timeline_from_clips_needs_the_clips_folder_current_and_deduplicates(pool, rushes):
    selects = pool.AddSubFolder(pool.GetRootFolder(), "Selects")
    pool.SetCurrentFolder(selects)
    assert pool.CreateTimelineFromClips("Cut", [rushes[0]]) is None  # rushes are in Master, current is Selects
    pool.SetCurrentFolder(pool.GetRootFolder())
    timeline = pool.CreateTimelineFromClips("Cut", [rushes[0]] * 15)
    assert _spans(timeline) == [(86400, 250)]
    assert pool.CreateTimelineFromClips("Cut", [rushes[1]]) is None  # name taken
    infos = [{"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 24, "recordFrame": 86400, "trackIndex": 2}]
    second = pool.CreateTimelineFromClips("Cut 2", infos)
    assert second.GetTrackCount("video") == 1 and _spans(second) == [(86400, 24)]  # no trackIndex here
    assert pool.CreateTimelineFromClips("Cut 3", rushes[0], rushes[1]).GetItemListInTrack("video", 1)[1].GetStart() == \
        86650


def test_append_fails_with_no_media_pool_selection_before_20_3_2(make_resolve, media):
    for version, works in (((20, 2, 3, 0), False), ((20, 3, 2, 0), True), ((19, 1, 3, 7), True)):
        resolve = make_resolve(version=version)
        pool = resolve.GetProjectManager().GetCurrentProject().GetMediaPool()
        (clip,) = pool.ImportMedia([str(media["S01_T02.mp4"])])
        pool.CreateEmptyTimeline("T")
        assert bool(pool.AppendToTimeline([clip])) is works, version
        pool.SetSelectedClip(clip)
        assert len(pool.AppendToTimeline([clip])) == 2
    resolve = make_resolve(version=(20, 2, 3, 0))
    pool = resolve.GetProjectManager().GetCurrentProject().GetMediaPool()
    rushes = pool.ImportMedia([str(media["S01_T02.mp4"])])
    controls(resolve).select(rushes)
    assert [c.GetName() for c in pool.GetSelectedClips()] == ["S01_T02.mp4"]
    pool.CreateEmptyTimeline("T")
    assert len(pool.AppendToTimeline(rushes)) == 2


def test_audio_only_track_index_checked_against_video_tracks_before_20_2_2(make_resolve, media):
    for version, works in (((20, 2, 1, 0), False), ((20, 2, 2, 0), True)):
        resolve = make_resolve(version=version)
        pool = resolve.GetProjectManager().GetCurrentProject().GetMediaPool()
        (clip,) = pool.ImportMedia([str(media["S01_T02.mp4"])])
        pool.SetSelectedClip(clip)
        timeline = pool.CreateEmptyTimeline("T")
        timeline.AddTrack("audio", "stereo")  # 1 video track, 2 audio tracks
        result = pool.AppendToTimeline([{"mediaPoolItem": clip, "mediaType": 2, "trackIndex": 2}])
        assert bool(result) is works, version


def test_delete_clips_fails_on_the_fairlight_page(resolve, pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    items = pool.AppendToTimeline([rushes[0]])
    resolve.OpenPage("fairlight")
    assert timeline.DeleteClips([items[0]]) is False
    assert pool.DeleteClips([rushes[1]]) is False
    resolve.OpenPage("edit")
    assert timeline.DeleteClips([items[0]]) is True
    assert len(timeline.GetItemListInTrack("video", 1)) == 0 and len(timeline.GetItemListInTrack("audio", 1)) == 1
    assert pool.DeleteClips([rushes[1]]) is True


def test_ripple_delete_closes_the_gap_on_the_track(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    first = pool.AppendToTimeline([rushes[0], rushes[1]])
    assert timeline.DeleteClips([first[0]], True) is True
    assert _spans(timeline) == [(86400, 143)]


def test_timeline_selection_is_set_by_the_user(resolve, pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    video, audio = pool.AppendToTimeline([rushes[0]])
    assert timeline.GetSelectedClips() == []
    controls(resolve).select_timeline_items(timeline, [video])
    assert [i.GetUniqueId() for i in timeline.GetSelectedClips()] == [video.GetUniqueId()]


def test_a_user_deleting_a_clip_from_the_pool(resolve, pool, rushes):
    controls(resolve).set_page("fairlight")  # the UI is not bound by the API's page rule
    controls(resolve).delete_clip(rushes[0])
    assert [c.GetName() for c in pool.GetRootFolder().GetClipList()] == ["S01_T02.mp4", "S02_T01.mov"]
    assert rushes[0].GetUniqueId() == ""


def test_deleting_a_clip_leaves_its_timeline_items_offline(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    video, _ = pool.AppendToTimeline([rushes[0]])
    assert pool.DeleteClips([rushes[0]]) is True
    assert video.GetMediaPoolItem() is None
    assert len(timeline.GetItemListInTrack("video", 1)) == 1


def test_get_is_track_enabled_reads_false_for_a_timeline_not_open(project, pool):
    a = pool.CreateEmptyTimeline("A")
    assert a.GetIsTrackEnabled("video", 1) is True
    pool.CreateEmptyTimeline("B")  # B is now current
    assert a.GetIsTrackEnabled("video", 1) is False
    project.SetCurrentTimeline(a)
    assert a.SetTrackEnable("video", 1, False) and a.GetIsTrackEnabled("video", 1) is False


def test_timeline_settings_follow_the_project_unless_custom(project, pool):
    timeline = pool.CreateEmptyTimeline("T")
    assert timeline.GetSetting("useCustomSettings") == "0"
    assert timeline.SetSetting("timelineResolutionWidth", "1280") is False  # needs useCustomSettings "1"
    project.SetSetting("timelineResolutionWidth", "3840")
    assert timeline.GetSetting("timelineResolutionWidth") == "3840"
    assert timeline.GetSettings()["timelineResolutionWidth"] == "3840"
    assert timeline.SetSetting("useCustomSettings", "1") is True
    assert timeline.SetSetting("timelineResolutionWidth", "1280") is True
    assert timeline.GetSetting("timelineResolutionWidth") == "1280"
    assert project.GetSetting("timelineResolutionWidth") == "3840"
    assert timeline.SetSetting("timelineFrameRate", "25") is True and timeline.GetStartFrame() == 90000


def test_start_timecode_moves_the_timeline_with_its_items(pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    video, _ = pool.AppendToTimeline([rushes[1]])
    assert timeline.SetStartTimecode("00:59:50:00") is True
    assert timeline.GetStartFrame() == 86160 and video.GetStart() == 86160
    assert timeline.SetStartTimecode("not a timecode") is False


def test_playhead_works_on_edit_pages_only(resolve, pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    video, _ = pool.AppendToTimeline([rushes[0]])
    assert timeline.SetCurrentTimecode("01:00:02:00") is True
    assert timeline.GetCurrentTimecode() == "01:00:02:00"
    assert timeline.GetCurrentVideoItem().GetUniqueId() == video.GetUniqueId()
    resolve.OpenPage("media")
    assert timeline.GetCurrentTimecode() == "" and timeline.SetCurrentTimecode("01:00:00:00") is False


def test_duplicate_timeline_and_delete_timelines(project, pool, rushes):
    timeline = pool.CreateEmptyTimeline("T")
    pool.AppendToTimeline([rushes[0]])
    timeline.AddMarker(10, "Blue", "m", "", 1)
    copy = timeline.DuplicateTimeline("T copy")
    assert _spans(copy) == _spans(timeline) and list(copy.GetMarkers()) == [10.0]
    assert timeline.DuplicateTimeline("T copy") is None
    assert project.GetCurrentTimeline().GetName() == "T"
    assert pool.DeleteTimelines([timeline]) is True
    assert project.GetTimelineCount() == 1 and timeline.GetName() == ""
    assert project.GetCurrentTimeline().GetName() == "T copy"


def test_timeline_item_properties_and_enable(pool, rushes):
    pool.CreateEmptyTimeline("T")
    video, audio = pool.AppendToTimeline([rushes[0]])
    assert video.GetProperty("ZoomX") == 1.0 and len(video.GetProperty()) == 26
    assert video.SetProperty("ZoomX", 1.5) is True and video.GetProperty("ZoomX") == 1.5
    assert video.SetProperty("Opacity", 150) is False
    assert video.SetProperty("Speed", 50) is False  # no speed key (LIM)
    assert audio.GetProperty() == {}
    assert video.SetClipEnabled(False) is True and video.GetClipEnabled() is False
    assert video.GetSourceStartTime() == pytest.approx(1212720 / 24)  # in the media's timecode space (LIM)


def test_export_takes_resolve_constants_only(resolve, pool, rushes, tmp_path):
    timeline = pool.CreateEmptyTimeline("T")
    pool.AppendToTimeline([rushes[0]])
    assert timeline.Export(str(tmp_path / "a.otio"), "EXPORT_OTIO") is False  # a string is silently rejected
    assert timeline.Export(str(tmp_path / "a.edl"), resolve.EXPORT_EDL) is False  # EDL needs a subtype
    assert timeline.Export(str(tmp_path / "a.otio"), resolve.EXPORT_OTIO) is True
    assert (tmp_path / "a.otio").is_file()
