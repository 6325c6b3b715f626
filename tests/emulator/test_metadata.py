"""Clip metadata and its clip-property twins (docs/resolve-emulator.md §6)."""

from __future__ import annotations

import pytest

from resolve_plugin.emulator import controls


@pytest.fixture()
def clip(pool, media):
    (clip,) = pool.ImportMedia([str(media["S01_T02.mp4"])])
    return clip


def test_get_metadata_returns_only_the_fields_that_are_set_all_strings(clip):
    assert clip.GetMetadata() == {}
    assert clip.SetMetadata("Keywords", "harbour, tide") is True
    assert clip.SetMetadata({"Scene": "1", "Take": "2", "Shot Type": "Wide"}) is True
    metadata = clip.GetMetadata()
    assert metadata == {"Keywords": "harbour, tide", "Scene": "1", "Take": "2", "Shot Type": "Wide"}
    assert all(isinstance(v, str) for v in metadata.values())
    assert clip.GetMetadata("Comments") == ""
    assert clip.SetMetadata("Scene", "") is True and "Scene" not in clip.GetMetadata()


def test_metadata_values_must_be_strings(clip):
    assert clip.SetMetadata("Take", 2) is False
    assert clip.SetMetadata({"Take": 2}) is False
    assert clip.GetMetadata() == {}


def test_unknown_metadata_keys_are_refused(clip):
    # §14 open: we refuse keys outside Resolve's metadata panel.
    assert clip.SetMetadata("derush_id", "abc") is False
    assert clip.SetMetadata("Keyword", "x") is False  # the clip-property spelling, not the metadata field
    assert clip.SetMetadata({"Scene": "4", "bogus": "x"}) is False
    assert clip.GetMetadata() == {"Scene": "4"}


def test_metadata_and_clip_property_twins(clip):
    assert clip.SetMetadata("Keywords", "tide") and clip.GetClipProperty("Keyword") == "tide"
    assert clip.SetClipProperty("Roll/Card", "A001") and clip.GetMetadata("Roll Card #") == "A001"
    assert clip.SetClipProperty("Comments", "soft focus") and clip.GetMetadata("Comments") == "soft focus"
    assert clip.GetClipProperty("Good Take") == "false"


def test_clip_property_setter_refuses_technical_properties(clip):
    assert clip.SetClipProperty("FPS", "25") is False
    assert clip.SetClipProperty("File Path", "/elsewhere.mov") is False
    assert clip.SetClipProperty("Super Scale", 2) is False  # setters take strings
    assert clip.SetClipProperty("Super Scale", "2") is True and clip.GetClipProperty("Super Scale") == 2
    assert clip.SetClipProperty("Clip Name", "SC1 TK2") is True and clip.GetName() == "SC1 TK2"
    assert clip.GetClipProperty("File Name") == "S01_T02.mp4"


def test_good_take_is_writable_before_21_1_and_refused_from_21_1(make_resolve, media):
    for version, expected in (((20, 2, 3, 0), True), ((21, 1, 1, 0), False)):
        resolve = make_resolve(version=version)
        pool = resolve.GetProjectManager().GetCurrentProject().GetMediaPool()
        (clip,) = pool.ImportMedia([str(media["S01_T02.mp4"])])
        assert clip.SetMetadata("Good Take", "true") is expected


def test_reel_name_write_returns_true_but_is_dropped_when_reel_names_are_derived(resolve, clip):
    controls(resolve).set_derive_reel_names(True)
    assert clip.SetMetadata("Reel Name", "A001") is True
    assert clip.GetMetadata("Reel Name") == "" and clip.GetClipProperty("Reel Name") == ""
    controls(resolve).set_derive_reel_names(False)
    assert clip.SetClipProperty("Reel Name", "A001") is True and clip.GetMetadata("Reel Name") == "A001"


def test_third_party_metadata_is_free_form(clip):
    assert clip.SetThirdPartyMetadata("derush.take_id", "S01T02") is True
    assert clip.SetThirdPartyMetadata({"derush.score": "0.82"}) is True
    assert clip.GetThirdPartyMetadata() == {"derush.take_id": "S01T02", "derush.score": "0.82"}
    assert clip.GetThirdPartyMetadata("derush.score") == "0.82"
    assert clip.GetMetadata() == {}


def test_mark_in_out_sets_in_and_out_timecodes(clip):
    assert clip.GetMarkInOut() == {}
    assert clip.SetMarkInOut(24, 48) is True
    assert clip.GetMarkInOut() == {"video": {"in": 24, "out": 48}, "audio": {"in": 24, "out": 48}}
    assert clip.GetClipProperty("In") == "14:03:42:12"  # start TC 14:03:41:12 + 24 frames
    assert clip.SetMarkInOut(1, 2, "bogus") is False
    assert clip.ClearMarkInOut("video") is True and list(clip.GetMarkInOut()) == ["audio"]
