"""The emulator held to facts measured on the live Resolve (docs/resolve-emulator.md §16).

Each test states one fact, where it was measured and on which build. The facts come from the public ledger of
samuelgursky/davinci-resolve-mcp (``src/utils/api_truth.py``, ``tests/live_*.py``, read at commit f5b2735);
the tests are our own. When a newer build changes a fact, the emulator, §16 and the test change together.
"""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET

import av
import numpy as np
import opentimelineio as otio
import pytest

from protos.interchange import WRITERS
from resolve_plugin.emulator import controls

STUDIO_21_0_4 = (21, 0, 4, 5)


@pytest.fixture()
def live(make_resolve):
    """The build most facts were measured on."""
    return make_resolve(edition="studio", version=STUDIO_21_0_4)


@pytest.fixture()
def rushes(live, media):
    """S01_T01 (250 frames @24, 640x360, mono sound), S01_T02 (143 @24)."""
    pool = live.GetProjectManager().GetCurrentProject().GetMediaPool()
    return pool.ImportMedia([str(media[n]) for n in ("S01_T01.mp4", "S01_T02.mp4")])


def _pool(resolve):
    return resolve.GetProjectManager().GetCurrentProject().GetMediaPool()


# --- AppendToTimeline ------------------------------------------------------------------------------------------


def test_track_index_2_places_a_clip_with_sound_on_v2_of_a_one_audio_track_timeline(live, rushes):
    """tests/live_api_gap_verification.py, gap 9's control (Studio 21.0.4.5): CreateEmptyTimeline, AddTrack("video"),
    then AppendToTimeline(trackIndex=2) of a clip with sound "landed on V2"."""
    timeline = _pool(live).CreateEmptyTimeline("Selector")
    assert timeline.AddTrack("video") and timeline.GetTrackCount("audio") == 1
    placed = _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 24,
                                            "trackIndex": 2, "recordFrame": timeline.GetStartFrame() + 400}])
    assert placed and placed[0].GetTrackTypeAndIndex() == ["video", 2]
    assert [i.GetStart() for i in timeline.GetItemListInTrack("video", 2)] == [86800]
    assert timeline.GetTrackCount("audio") == 1  # no track added behind the script's back [choice]


def test_two_clip_infos_stacked_on_v1_and_v2_at_one_record_frame_are_both_kept(live, rushes):
    """Same file, gap 11's control (Studio 21.0.4.5): "angles CAN be stacked programmatically", two clipInfos at one
    recordFrame on trackIndex 1 and 2."""
    timeline = _pool(live).CreateEmptyTimeline("Angles")
    timeline.AddTrack("video")
    at = timeline.GetStartFrame() + 600
    _pool(live).AppendToTimeline([
        {"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 24, "trackIndex": 1, "recordFrame": at},
        {"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 24, "trackIndex": 2, "recordFrame": at},
    ])
    v1, v2 = (timeline.GetItemListInTrack("video", n) for n in (1, 2))
    assert [(i.GetStart(), i.GetMediaPoolItem().GetName()) for i in v1] == [(at, "S01_T01.mp4")]
    assert [(i.GetStart(), i.GetMediaPoolItem().GetName()) for i in v2] == [(at, "S01_T02.mp4")]


def test_end_frame_is_exclusive(live, rushes):
    """api_truth "MediaPool.AppendToTimeline clipInfo endFrame (exclusive bound)" (Studio 21.0: 6254..6348 gave 94
    frames); docs/reference/evidence/roundtrip-headless-20260801.json (Studio 19.1.3.7: 0..191 gave 191 frames,
    24..71 gave 47)."""
    timeline = _pool(live).CreateEmptyTimeline("T")
    video, _ = _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 24, "endFrame": 71}])
    assert video.GetDuration() == 47 and video.GetEnd() - video.GetStart() == 47
    nxt, _ = _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[1], "startFrame": 0, "endFrame": 10,
                                            "recordFrame": video.GetEnd()}])
    assert nxt.GetStart() == video.GetEnd()  # next recordFrame = previous + (end - start): no hole
    assert timeline.GetEndFrame() - timeline.GetStartFrame() == 57


@pytest.mark.parametrize(("version", "whole"), [(STUDIO_21_0_4, True), ((21, 1, 1, 0), True),
                                                ((19, 1, 3, 7), False), ((20, 2, 3, 0), False)])
def test_end_frame_at_the_clips_length(make_resolve, media, version, whole):
    """21.0.4.5 placed a 120-frame title timeline at 1, 119 and 120 frames (api_truth "Source Track Selector ...",
    the nested-timeline route): endFrame = the clip's length takes the whole tail. docs/guides/headless-edit-loop.md
    (Studio 19.1.3.7): "pass frames rather than frames - 1 and you append nothing". 20.x is unmeasured: we follow
    19.1."""
    resolve = make_resolve(edition="studio", version=version)
    pool = _pool(resolve)
    (clip,) = pool.ImportMedia([str(media["S01_T02.mp4"])])
    frames = int(clip.GetClipProperty("Frames"))
    timeline = pool.CreateEmptyTimeline("Tail")
    placed = pool.AppendToTimeline([{"mediaPoolItem": clip, "startFrame": 100, "endFrame": frames}])
    if whole:
        assert placed[0].GetDuration() == frames - 100 and placed[0].GetSourceEndFrame() == frames
    else:
        assert placed == [] and timeline.GetItemListInTrack("video", 1) == []


# --- projects --------------------------------------------------------------------------------------------------


def test_create_project_returns_none_while_the_open_project_has_unsaved_changes(live):
    """api_truth "ProjectManager.CreateProject (blocked by the current project)" (Studio 21.0.4.5): None with an
    unsaved Untitled project (a save dialog) and with a named one (nothing on screen); loading a clean project
    unblocked it at once."""
    manager = live.GetProjectManager()
    project = manager.GetCurrentProject()
    project.GetMediaPool().CreateEmptyTimeline("Work in progress")
    assert manager.CreateProject("Fresh") is None
    assert manager.GetProjectListInCurrentFolder() == ["Emulator Test"]
    assert manager.GetCurrentProject().GetTimelineCount() == 1  # nothing discarded
    assert manager.SaveProject() is True
    assert manager.CreateProject("Fresh").GetName() == "Fresh"


def test_an_untitled_project_with_changes_blocks_create_project_until_a_clean_project_is_loaded(make_resolve):
    resolve = make_resolve(edition="studio", version=STUDIO_21_0_4, project_name=None)
    manager = resolve.GetProjectManager()
    assert manager.CreateProject("Clean").GetName() == "Clean"  # an untouched Untitled blocks nothing
    assert manager.CloseProject(manager.GetCurrentProject()) is True
    untitled = manager.GetCurrentProject()
    assert untitled.GetName() == "Untitled Project"
    untitled.GetMediaPool().CreateEmptyTimeline("Scratch")
    assert manager.CreateProject("Another") is None
    assert manager.LoadProject("Clean") is not None
    assert manager.CreateProject("Another").GetName() == "Another"


# --- Timeline.Export -------------------------------------------------------------------------------------------


def _cut(resolve, rushes):
    timeline = _pool(resolve).CreateEmptyTimeline("Harbour cut")
    _pool(resolve).AppendToTimeline([
        {"mediaPoolItem": rushes[0], "startFrame": 24, "endFrame": 72, "recordFrame": 86400},
        {"mediaPoolItem": rushes[1], "startFrame": 10, "endFrame": 58, "recordFrame": 86448},
    ])
    timeline.AddMarker(12, "Blue", "derush", "take 2 of 2", 1, "derush:cut")
    return timeline


def test_export_fcpxml_1_10_writes_a_folder_holding_info_fcpxml(live, rushes, tmp_path):
    """api_truth "Timeline.Export(EXPORT_FCPXML_1_10)": True, and a bundle directory at the path containing
    Info.fcpxml; scripts/roundtrip_matrix.py imports the member (Studio 19.1.3.7)."""
    timeline = _cut(live, rushes)
    bundle = tmp_path / "Harbour cut.fcpxmld"
    assert timeline.Export(str(bundle), live.EXPORT_FCPXML_1_10, live.EXPORT_NONE) is True
    assert bundle.is_dir() and [p.name for p in bundle.iterdir()] == ["Info.fcpxml"]
    root = ET.parse(bundle / "Info.fcpxml").getroot()
    assert root.tag == "fcpxml" and root.get("version") == "1.10"
    # An independent reader (otio-fcpx-xml-adapter) finds the cut frame-exact.
    [read] = list(otio.adapters.read_from_file(str(bundle / "Info.fcpxml"), adapter_name="fcpx_xml"))
    main = [c for c in next(t for t in read.tracks if t.name == "0") if isinstance(c, otio.schema.Clip)]
    starts = [otio.opentime.from_timecode(r.GetClipProperty("Start TC"), 24).to_frames() for r in rushes]
    assert [(c.name, c.range_in_parent().start_time.value, c.source_range.start_time.value,
             c.source_range.duration.value) for c in main] == [
        ("S01_T01.mp4", 86400, starts[0] + 24, 48), ("S01_T02.mp4", 86448, starts[1] + 10, 48)]


def test_other_fcpxml_versions_and_edl_write_plain_files(live, rushes, tmp_path):
    timeline = _cut(live, rushes)
    assert timeline.Export(str(tmp_path / "cut19.fcpxml"), live.EXPORT_FCPXML_1_9, live.EXPORT_NONE) is True
    assert ET.parse(tmp_path / "cut19.fcpxml").getroot().get("version") == "1.9"
    assert timeline.Export(str(tmp_path / "cut.edl"), live.EXPORT_EDL, live.EXPORT_NONE) is True
    edl = otio.adapters.read_from_file(str(tmp_path / "cut.edl"), adapter_name="cmx_3600", rate=24)
    assert [c.duration().to_frames() for c in edl.video_tracks()[0].find_clips()] == [48, 48]
    # EDL subtypes that need grades or Resolve's conform lists are not emulated.
    assert timeline.Export(str(tmp_path / "cut.cdl.edl"), live.EXPORT_EDL, live.EXPORT_CDL) is False


def test_export_aaf_needs_new_or_existing_and_the_aaf_writer(live, rushes, tmp_path):
    """resolve_api.md §8: AAF takes EXPORT_AAF_NEW or EXPORT_AAF_EXISTING. Without an AAF writer installed the
    emulator answers False, as a Resolve without the feature does."""
    timeline = _cut(live, rushes)
    path = tmp_path / "cut.aaf"
    assert timeline.Export(str(path), live.EXPORT_AAF) is False
    assert timeline.Export(str(path), live.EXPORT_AAF, live.EXPORT_NONE) is False
    written = timeline.Export(str(path), live.EXPORT_AAF, live.EXPORT_AAF_NEW)
    if "aaf" not in WRITERS:
        assert written is False and not path.exists()
    else:
        import aaf2

        assert written is True
        with aaf2.open(str(path), "r") as f:
            assert len(list(f.content.toplevel())) == 1


def test_export_to_a_folder_that_does_not_exist_answers_false(live, rushes, tmp_path):
    timeline = _cut(live, rushes)
    missing = tmp_path / "no such folder" / "cut.fcpxmld"
    assert timeline.Export(str(missing), live.EXPORT_FCPXML_1_10, live.EXPORT_NONE) is False
    assert timeline.Export(str(missing.with_suffix(".otio")), live.EXPORT_OTIO, live.EXPORT_NONE) is False
    assert not missing.parent.exists()


# --- the take selector -----------------------------------------------------------------------------------------


def test_add_take_makes_a_take_selector_and_select_swaps_the_source_in_place(live, rushes):
    """tests/live_workaround_verification.py case_take_selector (Studio 21.0.4.5): AddTake(other, 0, 48) on a placed
    item, then GetTakesCount() >= 2, and SelectTakeByIndex(2) changes GetMediaPoolItem() in place."""
    _pool(live).CreateEmptyTimeline("Takes")
    item, _ = _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 48,
                                             "trackIndex": 1, "recordFrame": 86400}])
    assert (item.GetTakesCount(), item.GetSelectedTakeIndex()) == (0, 0)  # README: 0 if not a take selector
    assert item.AddTake(rushes[1], 0, 48) is True
    assert item.GetTakesCount() == 2 and item.GetSelectedTakeIndex() == 1
    first, second = item.GetTakeByIndex(1), item.GetTakeByIndex(2)
    assert (first["mediaPoolItem"].GetName(), first["startFrame"], first["endFrame"]) == ("S01_T01.mp4", 0, 48)
    assert (second["mediaPoolItem"].GetName(), second["startFrame"], second["endFrame"]) == ("S01_T02.mp4", 0, 48)
    assert item.SelectTakeByIndex(2) is True
    assert item.GetMediaPoolItem().GetName() == "S01_T02.mp4" and item.GetSelectedTakeIndex() == 2
    assert (item.GetStart(), item.GetDuration()) == (86400, 48)  # same place


def test_add_take_without_a_range_takes_the_whole_clip_and_bad_indices_fail(live, rushes):
    """README: "By default, the full clip extents is added"; select and delete take 1 <= idx <= number of takes."""
    _pool(live).CreateEmptyTimeline("Takes")
    item, _ = _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 48}])
    assert item.AddTake(rushes[1]) is True
    take = item.GetTakeByIndex(2)
    assert (take["startFrame"], take["endFrame"]) == (0, 143)
    assert item.SelectTakeByIndex(3) is False and item.SelectTakeByIndex(0) is False
    assert item.GetTakeByIndex(5) == {} and item.DeleteTakeByIndex(3) is False
    assert item.AddTake(rushes[1], 100, 200) is False  # past the clip's end


def test_delete_and_finalize_take(live, rushes):
    """api-coverage.md (davinci-resolve-mcp): FinalizeTake answers False when the item is no take selector;
    FinalizeTake keeps the selected take (live_workaround_verification reads the source after it)."""
    _pool(live).CreateEmptyTimeline("Takes")
    item, _ = _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 0, "endFrame": 48}])
    assert item.FinalizeTake() is False
    item.AddTake(rushes[1], 0, 48)
    item.AddTake(rushes[1], 48, 96)
    assert item.DeleteTakeByIndex(2) is True and item.GetTakesCount() == 2
    assert item.GetTakeByIndex(2)["startFrame"] == 48
    assert item.SelectTakeByIndex(2) is True and item.FinalizeTake() is True
    assert (item.GetTakesCount(), item.GetSelectedTakeIndex()) == (0, 0)
    assert item.GetMediaPoolItem().GetName() == "S01_T02.mp4" and item.GetSourceStartFrame() == 48


# --- sound and pictures ----------------------------------------------------------------------------------------


def test_source_audio_channel_mapping_says_which_channel_is_on_which_track(live, truth, fixtures_dir):
    """README "Audio Mapping" (same JSON for mpItem.GetAudioMapping and TimelineItem.GetSourceAudioChannelMapping);
    gap 13 of tests/live_api_gap_verification.py read it on a video item (Studio 21.0.4.5)."""
    pool = _pool(live)
    (clip,) = pool.ImportMedia([str(fixtures_dir / "interviews" / "INT_A001_2mics.mov")])  # one mic a person
    pool.CreateEmptyTimeline("Interview")
    video, audio = pool.AppendToTimeline([clip])
    for item in (video, audio):
        mapping = json.loads(item.GetSourceAudioChannelMapping())
        assert mapping["embedded_audio_channels"] == 2
        assert mapping["track_mapping"]["1"]["channel_idx"] == [1, 2]
    assert json.loads(video.GetSourceAudioChannelMapping()) == json.loads(clip.GetAudioMapping())


def test_clip_thumbnail_only_on_the_color_page_with_resolve_in_front(live, rushes, media):
    """api_truth "Timeline.GetCurrentClipThumbnailImage (Color page only)" and "(foreground only)" (Studio
    19.1.3.7: None elsewhere; a 288x162 'RGB 8 bit' thumbnail of a 16:9 clip on the Color page, in front)."""
    timeline = _pool(live).CreateEmptyTimeline("Thumbs")
    _pool(live).AppendToTimeline([{"mediaPoolItem": rushes[0], "startFrame": 100, "endFrame": 148}])
    assert timeline.SetCurrentTimecode("01:00:00:10") is True
    assert timeline.GetCurrentClipThumbnailImage() is None  # Edit page
    live.OpenPage("color")
    controls(live).set_foreground(False)
    assert timeline.GetCurrentClipThumbnailImage() is None
    controls(live).set_foreground(True)
    thumb = timeline.GetCurrentClipThumbnailImage()
    assert (thumb["width"], thumb["height"], thumb["format"]) == (288, 162, "RGB 8 bit")
    pixels = np.frombuffer(base64.b64decode(thumb["data"]), np.uint8).reshape(162, 288, 3)
    # The frame under the playhead (source frame 110), as PyAV decodes it.
    with av.open(str(media["S01_T01.mp4"])) as container:
        frame = next(f for i, f in enumerate(container.decode(video=0)) if i == 110)
        expected = frame.reformat(width=288, height=162, format="rgb24").to_ndarray()
    assert np.abs(pixels.astype(int) - expected.astype(int)).mean() < 2
