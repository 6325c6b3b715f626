"""The README's main job: `derush demo` on a fresh folder."""

from __future__ import annotations

import json
import subprocess
import sys

import opentimelineio as otio


def test_demo_generates_analyses_and_cuts(tmp_path):
    out = tmp_path / "demo"
    run = subprocess.run([sys.executable, "-m", "resolve_plugin.cli", "demo", "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    truth = json.loads((out / "rushes" / "ground_truth.json").read_text())
    analysis = json.loads((out / "analysis.json").read_text())
    assert len(analysis["clips"]) == len(truth["clips"])
    assert all(c["error"] is None for c in analysis["clips"])
    assert otio.adapters.read_from_file(str(out / "cut.otio")).tracks[0].find_clips()
    assert "Demo finished" in run.stdout and "Cut" in run.stdout
    assert "read back frame-exact" in run.stdout
    for name in ("cut.fcpxml", "cut.edl", "cut.markers.edl", "cut.srt", "cut.json"):
        assert (out / name).stat().st_size > 0
    for clip in truth["clips"]:
        assert clip["file"] in run.stdout
