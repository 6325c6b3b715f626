"""``--export-through-resolve``: the new timeline written by Resolve's own Timeline.Export (here the emulator's)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import opentimelineio as otio
import pytest

from protos.interchange import WRITERS
from resolve_plugin.cli import main
from resolve_plugin.resolve.errors import ResolveWriteError
from resolve_plugin.resolve.timeline_export import export_through_resolve


@pytest.fixture()
def cut(emulated):
    """A small cut on the current timeline of the emulated project (21.1 and 20.2)."""
    link, project, items = emulated
    pool = project.GetMediaPool()
    timeline = pool.CreateEmptyTimeline("Cut to export")
    pool.SetSelectedClip(items["S01_T01.mp4"])  # 20.2 appends nothing without a selection (fixed in 20.3.2)
    pool.AppendToTimeline([
        {"mediaPoolItem": items["S01_T01.mp4"], "startFrame": 24, "endFrame": 72, "recordFrame": 86400},
        {"mediaPoolItem": items["S01_T02.mp4"], "startFrame": 0, "endFrame": 30, "recordFrame": 86448},
    ])
    return link.resolve, timeline


def test_fcpxml_comes_back_as_the_info_fcpxml_inside_resolves_bundle_folder(cut, tmp_path):
    resolve, timeline = cut
    written = export_through_resolve(resolve, timeline, "fcpxml", tmp_path / "Montage été.fcpxmld")
    assert written == tmp_path / "Montage été.fcpxmld" / "Info.fcpxml"
    spine = ET.parse(written).getroot().find("library/event/project/sequence/spine")
    assert [c.get("name") for c in spine.iter("asset-clip")] == ["S01_T01.mp4", "S01_T02.mp4"]


def test_edl_is_written_and_reads_back_frame_exact(cut, tmp_path):
    resolve, timeline = cut
    written = export_through_resolve(resolve, timeline, "edl", tmp_path / "cut.edl")
    read = otio.adapters.read_from_file(str(written), adapter_name="cmx_3600", rate=24)
    assert [c.duration().to_frames() for c in read.video_tracks()[0].find_clips()] == [48, 30]


def test_aaf_is_written_by_the_aaf_writer_or_refused_with_what_to_do(cut, tmp_path):
    resolve, timeline = cut
    if "aaf" in WRITERS:
        assert export_through_resolve(resolve, timeline, "aaf", tmp_path / "cut.aaf").stat().st_size > 0
    else:
        with pytest.raises(ResolveWriteError, match="Resolve Studio"):
            export_through_resolve(resolve, timeline, "aaf", tmp_path / "cut.aaf")


def test_an_export_folder_that_cannot_be_written_is_refused_before_resolve_is_asked(cut, tmp_path):
    resolve, timeline = cut
    with pytest.raises(ResolveWriteError, match="does not exist"):
        export_through_resolve(resolve, timeline, "otio", tmp_path / "nowhere" / "cut.otio")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ResolveWriteError, match="cannot be written"):
            export_through_resolve(resolve, timeline, "otio", locked / "cut.otio")
    finally:
        locked.chmod(0o700)
    with pytest.raises(ResolveWriteError, match="aaf, aaf-existing, fcpxml, edl, otio"):
        export_through_resolve(resolve, timeline, "drt", tmp_path / "cut.drt")


def test_the_command_refuses_an_unknown_format_before_any_analysis(capsys):
    code = main(["resolve", "cut", "--emulator", "--export-through-resolve", "prores", "out.mov"])
    assert code == 2
    assert "takes one of aaf, aaf-existing, fcpxml, edl, otio" in capsys.readouterr().out
