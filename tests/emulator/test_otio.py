"""ImportTimelineFromFile and Export with OTIO (docs/resolve-emulator.md §8, docs/interchange.md §1.1, §3.2)."""

from __future__ import annotations

from fractions import Fraction

import opentimelineio as otio

from protos.timecode import timecode_to_frames


def _resolve_shaped(path, media, truth_by_name, *, zero_based=False, name="derush cut", rate=24.0):
    """A timeline the way Resolve writes it: source ranges in each file's own timecode."""
    timeline = otio.schema.Timeline(name=name, global_start_time=otio.opentime.RationalTime(86400, rate))
    timeline.metadata["Resolve_OTIO"] = {"Resolve OTIO Meta Version": "1.0"}
    track = otio.schema.Track(name="Video 1", kind=otio.schema.TrackKind.Video)
    for file, start, length in (("S01_T01.mp4", 36, 120), ("S02_T01.mov", 30, 60)):
        truth = truth_by_name[file]
        media_rate = truth.fps_num / truth.fps_den
        origin = 0 if zero_based else timecode_to_frames(truth.start_timecode, Fraction(truth.fps_num, truth.fps_den))
        reference = otio.schema.ExternalReference(
            target_url=str(media[file]),
            available_range=otio.opentime.TimeRange(otio.opentime.RationalTime(origin, media_rate),
                                                    otio.opentime.RationalTime(truth.frames, media_rate)))
        clip = otio.schema.Clip(name=file, media_reference=reference, source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(origin + start, media_rate), otio.opentime.RationalTime(length, media_rate)))
        clip.markers.append(otio.schema.Marker(
            name="derush", color="RED", metadata={"Resolve_OTIO": {"Keywords": [], "Note": f"take {file}"}},
            marked_range=otio.opentime.TimeRange(otio.opentime.RationalTime(origin + start + 5, media_rate),
                                                 otio.opentime.RationalTime(1, media_rate))))
        track.append(clip)
        track.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(12, rate))))
    timeline.tracks.append(track)
    timeline.tracks.markers.append(otio.schema.Marker(
        name="chapter", color="BLUE", marked_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(48, rate), otio.opentime.RationalTime(1, rate))))
    otio.adapters.write_to_file(timeline, str(path))
    return path


def test_import_resolve_shaped_otio_links_clips_by_file_path(project, pool, media, truth_by_name, tmp_path):
    (existing,) = pool.ImportMedia([str(media["S01_T01.mp4"])])
    path = _resolve_shaped(tmp_path / "cut.otio", media, truth_by_name)
    timeline = pool.ImportTimelineFromFile(str(path))
    assert timeline is not None and timeline.GetName() == "derush cut"
    assert project.GetCurrentTimeline().GetUniqueId() == timeline.GetUniqueId()
    assert timeline.GetStartFrame() == 86400
    first, second = timeline.GetItemListInTrack("video", 1)
    assert (first.GetStart(), first.GetDuration(), first.GetSourceStartFrame()) == (86400, 120, 36)
    assert first.GetMediaPoolItem().GetUniqueId() == existing.GetUniqueId()  # linked, not re-imported
    # 60 frames of 29.97 media take 48 frames of the 24 fps timeline, after a 12-frame gap.
    assert (second.GetStart(), second.GetDuration(), second.GetSourceStartFrame()) == (86532, 48, 30)
    assert second.GetMediaPoolItem().GetClipProperty("File Path") == str(media["S02_T01.mov"])
    assert sorted(c.GetName() for c in pool.GetRootFolder().GetClipList()) == [
        "S01_T01.mp4", "S02_T01.mov", "derush cut"]
    assert first.GetMarkers() == {41.0: {"color": "Red", "duration": 1.0, "note": "take S01_T01.mp4",
                                         "name": "derush", "customData": ""}}
    assert list(timeline.GetMarkers()) == [48.0]


def test_import_timeline_returns_none_when_the_name_exists(pool, media, truth_by_name, tmp_path):
    path = _resolve_shaped(tmp_path / "cut.otio", media, truth_by_name)
    assert pool.ImportTimelineFromFile(str(path), {"timelineName": "Cut v1"}).GetName() == "Cut v1"
    assert pool.ImportTimelineFromFile(str(path), {"timelineName": "Cut v1"}) is None
    assert pool.ImportTimelineFromFile(str(path), {"timelineName": "Cut v2"}) is not None
    assert pool.CreateEmptyTimeline("Cut v2") is None


def test_otio_import_needs_source_ranges_in_media_timecode(project, pool, media, truth_by_name, tmp_path):
    path = _resolve_shaped(tmp_path / "zero.otio", media, truth_by_name, zero_based=True)
    assert pool.ImportTimelineFromFile(str(path)) is None
    assert project.GetTimelineCount() == 0
    assert pool.GetRootFolder().GetClipList() == []  # a refused import creates nothing


def test_otio_import_without_source_clips_comes_in_offline(pool, media, truth_by_name, tmp_path):
    pool.ImportMedia([str(p) for p in media.values()])
    path = _resolve_shaped(tmp_path / "cut.otio", media, truth_by_name)
    timeline = pool.ImportTimelineFromFile(str(path), {"importSourceClips": False,
                                                       "sourceClipsFolders": [pool.GetRootFolder()]})
    items = timeline.GetItemListInTrack("video", 1)
    assert len(items) == 2 and all(i.GetMediaPoolItem() is None for i in items)


def test_import_finds_moved_media_in_source_clips_path(pool, media, truth_by_name, tmp_path):
    path = _resolve_shaped(tmp_path / "cut.otio", media, truth_by_name)
    text = path.read_text().replace(str(media["S01_T01.mp4"].parent), "/gone")
    path.write_text(text)
    assert pool.ImportTimelineFromFile(str(path)).GetItemListInTrack("video", 1)[0].GetMediaPoolItem() is None
    timeline = pool.ImportTimelineFromFile(str(path), {"timelineName": "relinked",
                                                       "sourceClipsPath": str(media["S01_T01.mp4"].parent)})
    assert timeline.GetItemListInTrack("video", 1)[0].GetMediaPoolItem().GetName() == "S01_T01.mp4"


def test_import_timeline_from_unsupported_or_broken_files_returns_none(pool, media, tmp_path):
    media_file = media["S01_T01.mp4"]
    (tmp_path / "cut.edl").write_text("TITLE: cut\n")
    (tmp_path / "broken.otio").write_text("{not json")
    assert pool.ImportTimelineFromFile(str(tmp_path / "cut.edl")) is None
    assert pool.ImportTimelineFromFile(str(tmp_path / "broken.otio")) is None
    assert pool.ImportTimelineFromFile(str(tmp_path / "missing.otio")) is None
    # A clip with neither a source range nor a media range cannot be placed: the import is refused.
    timeline = otio.schema.Timeline(name="no ranges")
    track = otio.schema.Track(name="Video 1")
    track.append(otio.schema.Clip(name="x", media_reference=otio.schema.ExternalReference(target_url=str(media_file))))
    timeline.tracks.append(track)
    otio.adapters.write_to_file(timeline, str(tmp_path / "no_ranges.otio"))
    assert pool.ImportTimelineFromFile(str(tmp_path / "no_ranges.otio")) is None


def test_export_otio_round_trips_in_resolve_shape(resolve, pool, media, tmp_path):
    clips = pool.ImportMedia([str(media["S01_T02.mp4"]), str(media["S02_T02.mov"])])
    timeline = pool.CreateEmptyTimeline("Assembly")
    video, _ = pool.AppendToTimeline([{"mediaPoolItem": clips[0], "startFrame": 10, "endFrame": 70}])
    pool.AppendToTimeline([{"mediaPoolItem": clips[1], "startFrame": 0, "endFrame": 90, "recordFrame": 86500}])
    assert video.AddMarker(20, "Green", "best line", "derush", 1)
    target = tmp_path / "assembly.otio"
    assert timeline.Export(str(target), resolve.EXPORT_OTIO) is True
    document = otio.adapters.read_from_file(str(target))
    assert document.global_start_time == otio.opentime.RationalTime(86400, 24)
    (first, gap, second) = document.tracks[0]
    assert first.media_reference.target_url == str(media["S01_T02.mp4"])  # a bare path (docs/interchange.md §3.2)
    start = timecode_to_frames("14:03:41:12", Fraction(24))
    assert first.source_range.start_time == otio.opentime.RationalTime(start + 10, 24)
    assert first.markers[0].metadata["Resolve_OTIO"]["Note"] == "derush" and first.markers[0].color == "GREEN"
    assert isinstance(gap, otio.schema.Gap) and gap.duration().value == 40
    assert second.source_range.duration.value == 72  # floor(90 * 24 / 29.97)
    again = pool.ImportTimelineFromFile(str(target), {"timelineName": "Assembly again"})
    assert [(i.GetStart(), i.GetDuration(), i.GetSourceStartFrame())
            for i in again.GetItemListInTrack("video", 1)] == [
        (i.GetStart(), i.GetDuration(), i.GetSourceStartFrame()) for i in timeline.GetItemListInTrack("video", 1)]
    assert again.GetItemListInTrack("video", 1)[0].GetMarkers()[20.0]["note"] == "derush"


def test_project_cut_otio_shape_imports(pool, media, truth_by_name, tmp_path):
    """The shape derush's own cut writer produces: NTSC media at its own rate on a 24 fps timeline."""
    truth = truth_by_name["S02_T02.mov"]
    rate = Fraction(truth.fps_num, truth.fps_den)
    origin = timecode_to_frames(truth.start_timecode, rate)
    timeline = otio.schema.Timeline(name="cut", global_start_time=otio.opentime.RationalTime(86400, 24))
    track = otio.schema.Track(name="Video 1", kind=otio.schema.TrackKind.Video)
    track.append(otio.schema.Clip(
        name="S02_T02.mov",
        media_reference=otio.schema.ExternalReference(target_url=str(media["S02_T02.mov"])),
        source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(origin + 70, float(rate)),
                                             otio.opentime.RationalTime(46, float(rate)))))
    timeline.tracks.append(track)
    otio.adapters.write_to_file(timeline, str(tmp_path / "cut.otio"))
    (item,) = pool.ImportTimelineFromFile(str(tmp_path / "cut.otio")).GetItemListInTrack("video", 1)
    assert item.GetSourceStartFrame() == 70 and item.GetDuration() == 37  # 46 frames of 29.97 at 24 fps
