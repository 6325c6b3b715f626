"""Markers, flags and clip colours (docs/resolve-emulator.md §5, §7, §13.2-3)."""

from __future__ import annotations

import pytest

from protos.resolve_vocabulary import CLIP_COLORS, MARKER_COLORS


@pytest.fixture()
def clip(pool, media):
    (clip,) = pool.ImportMedia([str(media["S01_T01.mp4"])])  # 250 frames at 24 fps
    return clip


def test_get_markers_returns_float_keys_and_float_durations(clip):
    assert clip.AddMarker(96, "Green", "Marker 1", "", 1) is True
    assert clip.AddMarker(10, "Red", "slate", "SC 1 TK 1", 24, "derush:1") is True
    markers = clip.GetMarkers()
    assert list(markers) == [10.0, 96.0]
    assert all(type(k) is float for k in markers)
    assert markers[96.0] == {"color": "Green", "duration": 1.0, "note": "", "name": "Marker 1", "customData": ""}
    assert type(markers[10.0]["duration"]) is float and markers[10.0]["customData"] == "derush:1"


def test_sixteen_marker_colours_anything_else_rejected(clip):
    assert len(MARKER_COLORS) == 16
    for frame, color in enumerate(MARKER_COLORS):
        assert clip.AddMarker(frame, color, f"m{frame}", "", 1) is True
    for color in ("Orange", "Teal", "blue", "BLUE", "", "Magenta"):
        assert clip.AddMarker(100, color, "m", "", 1) is False
    assert len(clip.GetMarkers()) == 16


def test_sixteen_clip_colours_anything_else_rejected(pool, clip):
    assert len(CLIP_COLORS) == 16
    pool.CreateEmptyTimeline("T")
    (item, _) = pool.AppendToTimeline([clip])
    for target in (clip, item):
        for color in CLIP_COLORS:
            assert target.SetClipColor(color) is True and target.GetClipColor() == color
        for color in ("Red", "Cyan", "Rose", "Fuchsia", "", "orange"):
            assert target.SetClipColor(color) is False
        assert target.GetClipColor() == "Chocolate"
        assert target.ClearClipColor() is True and target.GetClipColor() == ""
    assert clip.SetClipColor("Teal") and clip.GetClipProperty("Clip Color") == "Teal"


def test_add_marker_on_an_occupied_frame_fails(clip):
    assert clip.AddMarker(50, "Blue", "first", "", 1) is True
    assert clip.AddMarker(50, "Red", "second", "", 1) is False
    assert clip.AddMarker(50.0, "Red", "second", "", 1) is False
    assert clip.GetMarkers()[50.0]["name"] == "first"


def test_unnamed_marker_and_zero_duration_are_refused(clip):
    # §13.3 VC [unverified] "Resolve refuses an unnamed marker"; §14 duration 0 [choice: refused].
    assert clip.AddMarker(1, "Blue", "", "note", 1) is False
    assert clip.AddMarker(1, "Blue", "n", "note", 0) is False


def test_clip_markers_count_from_the_clips_first_frame_and_a_frame_beyond_the_clip_fails(clip):
    # The clip starts at 14:02:10:00 (frame 1212720 at 24 fps): markers still count from 0.
    assert clip.AddMarker(0, "Blue", "first frame", "", 1) is True
    assert clip.AddMarker(249, "Blue", "last frame", "", 1) is True
    assert clip.AddMarker(250, "Blue", "past the end", "", 1) is False
    assert clip.AddMarker(1212720, "Blue", "timecode frame", "", 1) is False
    assert clip.AddMarker(-1, "Blue", "before", "", 1) is False
    assert list(clip.GetMarkers()) == [0.0, 249.0]


def test_timeline_markers_count_from_the_timeline_start_and_are_not_range_checked(pool):
    timeline = pool.CreateEmptyTimeline("T")  # empty, starting at 86400
    assert timeline.AddMarker(0, "Blue", "start", "", 1) is True
    # §13.2: an absolute frame is stored and echoed (it shows past the end of the timeline).
    assert timeline.AddMarker(86500, "Red", "absolute", "", 1) is True
    assert list(timeline.GetMarkers()) == [0.0, 86500.0]
    assert timeline.AddMarker(-5, "Red", "negative", "", 1) is False


def test_timeline_item_markers_count_from_the_media_start(pool, clip):
    pool.CreateEmptyTimeline("T")
    (video, _) = pool.AppendToTimeline([{"mediaPoolItem": clip, "startFrame": 100, "endFrame": 150}])
    # [choice, §5/§14 unverified] the item's visible range is source frames 100..149.
    assert video.AddMarker(99, "Blue", "before", "", 1) is False
    assert video.AddMarker(100, "Blue", "first visible", "", 1) is True
    assert video.AddMarker(149, "Blue", "last visible", "", 1) is True
    assert video.AddMarker(150, "Blue", "after", "", 1) is False


def test_custom_data_lookup_update_and_delete_take_the_first_match(clip):
    clip.AddMarker(30, "Blue", "b", "", 1, "tag")
    clip.AddMarker(20, "Red", "a", "", 1, "tag")
    assert clip.GetMarkerByCustomData("tag") == {
        "color": "Red", "duration": 1.0, "note": "", "name": "a", "customData": "tag"}
    assert clip.UpdateMarkerCustomData(20, "other") is True
    assert clip.UpdateMarkerCustomData(21, "other") is False
    assert clip.GetMarkerCustomData(20) == "other"
    assert clip.DeleteMarkerByCustomData("tag") is True
    assert list(clip.GetMarkers()) == [20.0]
    assert clip.DeleteMarkerByCustomData("tag") is False


def test_delete_markers_by_colour_and_all(clip):
    clip.AddMarker(1, "Blue", "a", "", 1)
    clip.AddMarker(2, "Red", "b", "", 1)
    clip.AddMarker(3, "Blue", "c", "", 1)
    assert clip.DeleteMarkersByColor("Blue") is True and list(clip.GetMarkers()) == [2.0]
    assert clip.DeleteMarkersByColor("Teal") is False
    assert clip.DeleteMarkerAtFrame(2) is True and clip.DeleteMarkerAtFrame(2) is False
    clip.AddMarker(4, "Cream", "d", "", 1)
    assert clip.DeleteMarkersByColor("All") is True and clip.GetMarkers() == {}


def test_flags_use_marker_colours(clip):
    assert clip.AddFlag("Mint") and clip.AddFlag("Red") and clip.AddFlag("Mint")
    assert clip.AddFlag("Orange") is False  # a clip colour, not a flag colour
    assert clip.GetFlagList() == ["Mint", "Red"]
    assert clip.GetClipProperty("Flags") == "Mint,Red"
    assert clip.ClearFlags("Red") is True and clip.GetFlagList() == ["Mint"]
    assert clip.ClearFlags("All") is True and clip.GetFlagList() == []
