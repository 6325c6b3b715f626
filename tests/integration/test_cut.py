"""`derush cut`: a proposal over gRPC, written as JSON and as an OTIO timeline Resolve can read."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import opentimelineio as otio

from protos.derush.v1 import derush_pb2 as pb
from protos.timecode import timecode_to_frames
from resolve_plugin.client import media_refs

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]


def test_cut_cli_writes_json_and_otio_that_read_back(fixtures_dir, clips, tmp_path):
    paths = [str(fixtures_dir / c.file) for c in clips]
    out_json, out_otio = tmp_path / "cut.json", tmp_path / "cut.otio"
    run = subprocess.run([*DERUSH, "cut", "--data-dir", str(tmp_path / "data"), "--json", str(out_json),
                          "--otio", str(out_otio), "--pace", "tight", *paths],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    cut = json.loads(out_json.read_text())
    assert {"events", "alternates", "duration_s", "uncovered_lines"} <= cut.keys()
    assert cut["events"]
    for event in cut["events"]:
        assert {"clip", "source_in", "source_out", "track", "enabled", "reason"} <= event.keys()
        assert event["clip"] in paths and 0 <= event["source_in"] < event["source_out"]
        assert event["reason"]

    timeline = otio.adapters.read_from_file(str(out_otio))
    rate = Fraction(cut["rate"])
    assert timeline.global_start_time.to_frames() == timecode_to_frames("01:00:00:00", rate)
    otio_clips = list(timeline.tracks[0].find_clips())
    assert len(otio_clips) == len(cut["events"])
    truth = {str(fixtures_dir / c.file): c for c in clips}
    for clip, event in zip(otio_clips, cut["events"]):
        source = truth[event["clip"]]
        clip_rate = Fraction(source.fps_num, source.fps_den)
        start_tc = timecode_to_frames(source.start_timecode, clip_rate)
        assert clip.media_reference.target_url == event["clip"]  # a bare absolute path, as Resolve writes
        # source ranges in media time; a clip at another rate than the timeline's is written at the timeline
        # rate, as Resolve's own export does (docs/interchange.md §1.1)
        start = clip.source_range.start_time.rescaled_to(float(clip_rate)).value
        assert round(start) == start_tc + event["source_in"]
        planned = (event["source_out"] - event["source_in"]) / clip_rate
        assert abs(clip.source_range.duration.to_seconds() - float(planned)) <= 1 / float(rate)
        assert clip.markers[0].metadata["Resolve_OTIO"]["Note"] == event["reason"]
    assert abs(timeline.duration().to_seconds() - cut["duration_s"]) < 0.1


def test_dead_air_is_trimmed_from_the_proposal(client, fixtures_dir, clips):
    outcome = client.analyze(media_refs(fixtures_dir / c.file for c in clips))
    proposal = client.suggest_cut([r.media_id for r in outcome.results], pb.CutOptions(pace=pb.PACE_NORMAL))
    handle = 0.25
    for result, truth in zip(outcome.results, clips):
        rate = Fraction(result.fps_num, result.fps_den)
        kept = [(e.source_in / rate, e.source_out / rate) for e in proposal.events if e.media_id == result.media_id]
        if not kept:
            continue  # another take of this line was chosen
        # the slate and pre-roll are gone
        assert float(kept[0][0]) > truth.slate_end_s
        for start, end in truth.dead_air:
            inside = [(a, b) for a, b in kept if a < end - handle - 0.3 and b > start + handle + 0.3]
            assert not inside, f"{truth.file}: dead air {start}-{end} kept in {kept}"
    assert proposal.duration_s < sum(r.duration_s for r in outcome.results) * 0.75


def test_cut_cli_writes_every_format_from_the_same_plan(fixtures_dir, clips, tmp_path):
    import io

    import pycmx
    import srt

    paths = [str(fixtures_dir / c.file) for c in clips[:2]]
    out = {k: tmp_path / f"cut.{k}" for k in ("json", "fcpxml", "edl", "srt", "otio")}
    run = subprocess.run([*DERUSH, "cut", "--data-dir", str(tmp_path / "data"), *paths,
                          *(a for k, p in out.items() for a in (f"--{k}", str(p)))],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    cut = json.loads(out["json"].read_text())
    edl = pycmx.parse_cmx3600(io.StringIO(out["edl"].read_text()))
    assert len(list(edl.events)) == len(cut["events"])
    subtitles = list(srt.parse(out["srt"].read_text()))
    assert subtitles and "tide" in " ".join(s.content for s in subtitles).lower()
    assert out["fcpxml"].read_text().startswith("<?xml") and "<fcpxml" in out["fcpxml"].read_text()
    assert (tmp_path / "cut.markers.edl").is_file()


def test_resolve_cut_on_the_emulator_builds_a_timeline(fixtures_dir, tmp_path):
    run = subprocess.run([*DERUSH, "resolve", "cut", "--emulator", "--rushes", str(fixtures_dir),
                          "--data-dir", str(tmp_path / "data")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "emulated Resolve" in run.stdout and "New timeline" in run.stdout
    assert "read back:" not in run.stdout
    status = subprocess.run([*DERUSH, "resolve", "status", "--emulator", "--rushes", str(fixtures_dir)],
                            capture_output=True, text=True, timeout=120)
    assert status.returncode == 0 and "6 clip(s) to work on" in status.stdout


def test_resolve_commands_without_resolve_say_what_to_do(tmp_path):
    env = {**__import__("os").environ, "RESOLVE_SCRIPT_API": str(tmp_path / "none"),
           "DERUSH_BRIDGE_FILE": str(tmp_path / "none.json")}
    run = subprocess.run([*DERUSH, "resolve", "status"], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 4
    assert "Traceback" not in run.stderr
    assert "install DaVinci Resolve" in run.stderr and "Workspace ▸ Scripts ▸ derush" in run.stderr
