"""A mixed list of good and bad clips: each bad one fails alone with a clear error; the rest succeed."""

from __future__ import annotations

import json
import subprocess
import sys

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs
from tests.conftest import free_port

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]


def test_mixed_list_gives_one_result_per_input_and_exits_0(truth, fixtures_dir, clips, tmp_path):
    good = str(fixtures_dir / clips[1].file)
    bad = truth["bad"]
    inputs = [good, bad["missing"], bad["truncated"], bad["empty"], bad["not_media"]]
    out = tmp_path / "mixed.json"
    run = subprocess.run([*DERUSH, "analyze", "--data-dir", str(tmp_path / "data"), "--json", str(out), *inputs],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    results = json.loads(out.read_text())["clips"]
    assert [r["path"] for r in results] == inputs
    assert results[0]["error"] is None and results[0]["speech"]["segments"]
    expected = {1: ("not_found", "not found"), 2: ("truncated", "truncated"), 3: ("empty_file", "empty"),
                4: ("not_media", "cannot read")}
    for index, (code, words) in expected.items():
        error = results[index]["error"]
        assert error["code"] == code, error
        assert words in error["message"].lower()
        # the message names the file and says what to do
        assert results[index]["path"].rsplit("/", 1)[-1] in error["message"]
    assert "FAILED" in run.stdout and "ok" in run.stdout


def test_server_keeps_serving_after_bad_clips(client, truth, fixtures_dir, clips):
    bad = truth["bad"]
    first = client.analyze(media_refs([bad["truncated"], bad["empty"]]))
    assert first.state == pb.JOB_STATE_SUCCEEDED
    assert [e.code for e in first.errors] == ["truncated", "empty_file"]
    second = client.analyze(media_refs([fixtures_dir / clips[2].file]))
    assert second.results[0] is not None and second.results[0].speech.segments
    assert client.health() == "SERVING"


def test_no_server_running_says_how_to_start_one(fixtures_dir, clips):
    address = f"127.0.0.1:{free_port()}"
    run = subprocess.run([*DERUSH, "analyze", "--server", address, str(fixtures_dir / clips[0].file)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3
    message = run.stderr.strip()
    assert message.count("\n") == 0, "one sentence, not a traceback"
    assert address in message and "derush serve" in message
