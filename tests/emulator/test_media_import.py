"""Real generated media into the emulated media pool: properties from the project's prober
(docs/resolve-emulator.md §6)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from protos.timecode import frames_to_timecode, timecode_to_frames
from resolve_plugin.emulator import controls


def test_import_media_properties_match_generated_rushes(pool, media, truth_by_name):
    clips = pool.ImportMedia([str(p) for p in media.values()])
    assert [c.GetName() for c in clips] == list(media)
    for clip in clips:
        truth = truth_by_name[clip.GetName()]
        rate = Fraction(truth.fps_num, truth.fps_den)
        props = clip.GetClipProperty()
        assert props["FPS"] == round(float(rate), 3)
        assert props["Frames"] == str(truth.frames)
        assert props["Start"] == "0" and props["End"] == str(truth.frames - 1)
        assert props["Start TC"] == truth.start_timecode
        start = timecode_to_frames(truth.start_timecode, rate)
        assert props["End TC"] == frames_to_timecode(start + truth.frames, rate, False)
        assert props["Duration"] == frames_to_timecode(truth.frames, rate, False)
        assert props["Resolution"] == "640x360"
        assert props["Audio Ch"] == "1" and props["Sample Rate"] == "48000"
        assert props["Type"] == "Video + Audio"
        assert props["File Path"] == str(media[truth.file])
        assert props["File Name"] == truth.file == props["Clip Name"]
        assert props["Clip Directory"] == str(media[truth.file].parent)
        assert props["Video Codec"] == ("H.264" if truth.file.endswith(".mp4") else "Apple ProRes")
        assert props["Format"] == ("MP4" if truth.file.endswith(".mp4") else "QuickTime")
        assert props["Online Status"] == "Online" and props["Usage"] == "0"
        assert clip.GetClipProperty("FPS") == props["FPS"]


def test_import_media_skips_unreadable_files_without_raising(pool, media, truth):
    bad = [truth["bad"][kind] for kind in ("missing", "not_media", "empty", "truncated")]
    good = next(iter(media.values()))
    clips = pool.ImportMedia([*bad, str(good)])
    assert [c.GetName() for c in clips] == [good.name]
    assert pool.ImportMedia(bad) == []


def test_import_media_lands_in_the_current_folder(pool, media):
    root = pool.GetRootFolder()
    day1 = pool.AddSubFolder(root, "Day 1")
    assert pool.SetCurrentFolder(day1)
    imported = pool.ImportMedia([str(p) for p in media.values()][:2])
    assert [c.GetName() for c in day1.GetClipList()] == [c.GetName() for c in imported]
    assert root.GetClipList() == []
    assert [f.GetName() for f in root.GetSubFolderList()] == ["Day 1"]


def test_import_media_does_not_duplicate_a_clip_already_in_the_bin(pool, media):
    path = str(next(iter(media.values())))
    assert len(pool.ImportMedia([path])) == 1
    assert pool.ImportMedia([path]) == []
    assert len(pool.GetRootFolder().GetClipList()) == 1


def test_import_media_clipinfo_form_and_folder_path(pool, media, fixtures_dir):
    first = next(iter(media.values()))
    assert [c.GetName() for c in pool.ImportMedia([{"FilePath": str(first)}])] == [first.name]
    everything = pool.ImportMedia([str(fixtures_dir)])  # a folder stands for the media inside it
    assert sorted(c.GetName() for c in everything) == sorted(set(media) - {first.name})


def test_audio_only_clips_report_empty_fps_frames_start_end(pool, audio_file):
    (clip,) = pool.ImportMedia([str(audio_file)])
    props = clip.GetClipProperty()
    assert props["Type"] == "Audio"
    assert (props["FPS"], props["Frames"], props["Start"], props["End"]) == ("", "", "", "")
    assert props["Duration"] == "00:00:03:12"  # 3.5 s at the project's 24 fps
    assert props["Audio Ch"] == "1" and props["Sample Rate"] == "48000"
    assert props["Audio Codec"] == "Linear PCM" and props["Audio Bit Depth"] == "16"


def test_media_storage_lists_and_adds_real_files(resolve, media, fixtures_dir):
    storage = resolve.GetMediaStorage()
    assert storage.GetMountedVolumeList() == ["/"]
    controls(resolve).set_volumes([str(fixtures_dir)])
    assert storage.GetMountedVolumeList() == [str(fixtures_dir)]
    files = storage.GetFileList(str(fixtures_dir))
    assert set(map(str, media.values())) <= set(files)
    assert str(fixtures_dir / "bad") in storage.GetSubFolderList(str(fixtures_dir))
    assert storage.GetFileList(str(fixtures_dir / "nowhere")) == []
    paths = [str(p) for p in media.values()][:2]
    assert [c.GetName() for c in storage.AddItemListToMediaPool(*paths)] == [Path(p).name for p in paths]
    assert storage.AddItemListToMediaPool(paths) == []  # already in the bin
    assert storage.RevealInStorage(paths[0]) is True


def test_add_item_list_item_info_makes_a_subclip(resolve, media, truth_by_name):
    storage = resolve.GetMediaStorage()
    name, path = next(iter(media.items()))
    (sub,) = storage.AddItemListToMediaPool([{"media": str(path), "startFrame": 24, "endFrame": 72}])
    props = sub.GetClipProperty()
    assert props["Frames"] == "48" and props["Start"] == "24" and props["End"] == "71"
    rate = Fraction(truth_by_name[name].fps_num, truth_by_name[name].fps_den)
    start = timecode_to_frames(truth_by_name[name].start_timecode, rate)
    assert props["Start TC"] == frames_to_timecode(start + 24, rate, False)
    out_of_range = storage.AddItemListToMediaPool([{"media": str(path), "startFrame": 0, "endFrame": 100000}])
    assert out_of_range == []


def test_media_id_is_shared_by_clips_of_one_file_and_unique_ids_differ(pool, media):
    path = str(next(iter(media.values())))
    (a,) = pool.ImportMedia([path])
    pool.SetCurrentFolder(pool.AddSubFolder(pool.GetRootFolder(), "Selects"))
    (b,) = pool.ImportMedia([path])
    assert a.GetMediaId() == b.GetMediaId()
    assert a.GetUniqueId() != b.GetUniqueId()


def test_offline_clip_and_relink(resolve, pool, media, tmp_path):
    name, path = next(iter(media.items()))
    (clip,) = pool.ImportMedia([str(path)])
    controls(resolve).set_offline(clip)
    assert clip.GetClipProperty("Online Status") == "Offline"
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / name).write_bytes(path.read_bytes())
    assert pool.RelinkClips([clip], str(moved)) is True
    assert clip.GetClipProperty("Online Status") == "Online"
    assert clip.GetClipProperty("File Path") == str(moved / name)
    assert pool.UnlinkClips([clip]) is True
    assert clip.GetClipProperty("Online Status") == "Offline"


def test_clips_go_offline_when_their_file_moves(resolve, pool, media, tmp_path):
    name, path = next(iter(media.items()))
    copy = tmp_path / name
    copy.write_bytes(path.read_bytes())
    first, second = pool.ImportMedia([str(copy), str(list(media.values())[1])])
    copy.rename(tmp_path / "renamed.mp4")
    assert first.GetClipProperty("Online Status") == "Offline"
    assert first.GetClipProperty("File Path") == str(copy)
    controls(resolve).set_offline(second, moved_from="/Volumes/Card/A001.mp4")
    assert second.GetClipProperty("File Path") == "/Volumes/Card/A001.mp4"
    assert second.GetClipProperty("Online Status") == "Offline"


def test_replace_clip_keeps_metadata_and_markers(pool, media):
    first, second = list(media.values())[:2]
    (clip,) = pool.ImportMedia([str(first)])
    assert clip.SetMetadata("Scene", "12")
    assert clip.AddMarker(10, "Blue", "slate", "", 1)
    assert clip.ReplaceClip(str(second)) is True
    assert clip.GetClipProperty("File Path") == str(second)
    assert clip.GetName() == second.name
    assert clip.GetMetadata("Scene") == "12" and 10.0 in clip.GetMarkers()
    assert clip.ReplaceClip("/no/such/file.mov") is False


def test_proxy_media_link_and_unlink(pool, media):
    first, second = list(media.values())[:2]
    (clip,) = pool.ImportMedia([str(first)])
    assert clip.LinkProxyMedia("/no/such/proxy.mov") is False
    assert clip.LinkProxyMedia(str(second)) is True
    assert clip.GetClipProperty("Proxy Media Path") == str(second)
    assert clip.UnlinkProxyMedia() is True and clip.UnlinkProxyMedia() is False


def test_delete_clips_and_folders(resolve, pool, media):
    clips = pool.ImportMedia([str(p) for p in media.values()][:2])
    assert pool.DeleteClips([clips[0]]) is True
    assert [c.GetName() for c in pool.GetRootFolder().GetClipList()] == [clips[1].GetName()]
    assert clips[0].GetName() == ""  # a deleted clip's proxy answers failure values
    bin_ = pool.AddSubFolder(pool.GetRootFolder(), "Trash")
    assert pool.MoveClips([clips[1]], bin_) is True
    assert pool.DeleteFolders([bin_]) is True
    assert pool.GetRootFolder().GetSubFolderList() == [] and clips[1].GetUniqueId() == ""
    assert pool.DeleteFolders([pool.GetRootFolder()]) is False


def _png(path: Path) -> None:
    import av
    import numpy as np

    frame = av.VideoFrame.from_ndarray(np.zeros((36, 64, 3), np.uint8), format="rgb24")
    with av.open(str(path), "w", format="image2") as out:
        stream = out.add_stream("png", rate=24)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "rgb24"
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)


def test_image_sequences_and_stills(pool, tmp_path):
    for index in range(1, 4):
        _png(tmp_path / f"shot_{index:04d}.png")
    (sequence,) = pool.ImportMedia([{"FilePath": str(tmp_path / "shot_%04d.png"), "StartIndex": 1, "EndIndex": 3}])
    props = sequence.GetClipProperty()
    assert sequence.GetName() == "shot_[0001-0003].png"
    assert (props["Type"], props["Frames"], props["Resolution"], props["FPS"]) == ("Video", "3", "64x36", 24.0)
    missing = {"FilePath": str(tmp_path / "shot_%04d.png"), "StartIndex": 1, "EndIndex": 9}
    assert pool.ImportMedia([missing]) == []
    (still,) = pool.ImportMedia([str(tmp_path / "shot_0001.png")])
    # A still lasts Resolve's standard still duration (5 s) at the project rate.
    assert (still.GetClipProperty("Type"), still.GetClipProperty("Frames")) == ("Still", "120")


def test_auto_sync_audio_takes_resolve_constants_and_syncs_by_timecode(resolve, pool, media, audio_file):
    video, audio = pool.ImportMedia([str(media["S01_T01.mp4"]), str(audio_file)])
    assert pool.AutoSyncAudio([video], {}) is False  # >= 2 items, >= 1 video and >= 1 audio
    assert pool.AutoSyncAudio([video, audio], {"AUDIO_SYNC_MODE": "timecode"}) is False  # string keys (LIM)
    assert pool.AutoSyncAudio([video, audio], {resolve.AUDIO_SYNC_MODE: resolve.AUDIO_SYNC_TIMECODE}) is True
    # The WAV starts at 00:00:00:00, the clip at 14:02:10:00: nothing overlaps, and True says nothing (LIM).
    assert video.GetClipProperty("Synced Audio") == ""
    assert pool.AutoSyncAudio([video, audio], {resolve.AUDIO_SYNC_MODE: resolve.AUDIO_SYNC_WAVEFORM}) is False
