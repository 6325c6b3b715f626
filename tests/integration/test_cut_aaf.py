"""``derush cut --aaf``: real rushes analysed by the built-in server, the cut written as AAF and read back by pyaaf2
and by otio-aaf-adapter, frame-exact against the cut's own JSON; ``derush eval`` scores it 1.0 against that JSON; a
folder that cannot be written is said, not a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import aaf2
import opentimelineio as otio

from protos.timecode import timecode_to_frames

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]


def test_cut_cli_writes_an_aaf_that_reads_back_frame_exact(fixtures_dir, clips, tmp_path):
    paths = [str(fixtures_dir / c.file) for c in clips[:3]]
    out_json, out_aaf = tmp_path / "cut.json", tmp_path / "coupe d'été.aaf"
    data = ["--data-dir", str(tmp_path / "data")]
    run = subprocess.run([*DERUSH, "cut", *data, "--json", str(out_json), "--aaf", str(out_aaf), *paths],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert str(out_aaf) in run.stdout
    cut = json.loads(out_json.read_text())
    rate = Fraction(cut["rate"])
    truth = {str(fixtures_dir / c.file): c for c in clips}

    with aaf2.open(str(out_aaf)) as f:
        composition = next(f.content.toplevel())
        [v1] = [s for s in composition.slots if isinstance(s, aaf2.mobslots.TimelineMobSlot)
                and s.segment.media_kind == "Picture" and s["PhysicalTrackNumber"].value == 1]
        sources = [c for c in v1.segment.components if isinstance(c, aaf2.components.SourceClip)]
        assert len(sources) == len(cut["events"])
        [timecode] = [s.segment for s in composition.slots if isinstance(s.segment, aaf2.components.Timecode)]
        assert timecode.start == timecode_to_frames("01:00:00:00", rate)
        markers = [m for s in composition.slots if isinstance(s, aaf2.mobslots.EventMobSlot)
                   for m in s.segment.components]
        assert {m["Comment"].value for m in markers} >= {e["reason"] for e in cut["events"]}

    timeline = otio.adapters.read_from_file(str(out_aaf), adapter_name="AAF")
    read = list(timeline.video_tracks()[0].find_clips())
    assert len(read) == len(cut["events"])
    for clip, event in zip(read, cut["events"]):
        source = truth[event["clip"]]
        clip_rate = Fraction(source.fps_num, source.fps_den)
        start = timecode_to_frames(source.start_timecode, clip_rate)
        assert clip.name == event["clip"].rsplit("/", 1)[-1]
        if clip_rate == rate:
            assert round(clip.source_range.start_time.value) == start + event["source_in"]
            assert round(clip.source_range.duration.value) == event["source_out"] - event["source_in"]

    scored = subprocess.run([*DERUSH, "eval", str(out_json), str(out_aaf), "--json", str(tmp_path / "eval.json")],
                            capture_output=True, text=True, timeout=120)
    assert scored.returncode == 0, scored.stderr
    figures = json.loads((tmp_path / "eval.json").read_text())
    assert figures["take_agreement"] == figures["frames_iou"] == 1.0, figures

    # the same cut (analysis stored) into a folder that does not exist: said, nothing else written
    missing = tmp_path / "no such folder" / "cut.aaf"
    again = subprocess.run([*DERUSH, "cut", *data, "--aaf", str(missing), *paths], capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 2
    assert "Traceback" not in again.stderr
    assert f"cannot write {missing}: the folder {missing.parent} does not exist" in again.stderr
