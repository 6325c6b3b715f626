"""`derush serve` as its own process; `derush analyze --server` as another, over loopback gRPC."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.conftest import free_port

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.fixture(scope="module")
def server_process(tmp_path_factory):
    port = free_port()
    data_dir = tmp_path_factory.mktemp("serve-data")
    log = (data_dir / "serve.log").open("w")
    proc = subprocess.Popen([*DERUSH, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(data_dir)],
                            stdout=log, stderr=subprocess.STDOUT)
    address = f"127.0.0.1:{port}"
    channel = grpc.insecure_channel(address)
    try:
        grpc.channel_ready_future(channel).result(timeout=60)
        yield address, channel, proc
    finally:
        channel.close()
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_health_reports_serving_and_reflection_lists_the_service(server_process):
    _, channel, _ = server_process
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", "derush.v1.Derush"):
        response = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=10)
        assert response.status == health_pb2.HealthCheckResponse.SERVING
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    answers = reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    names = {s.name for answer in answers for s in answer.list_services_response.service}
    assert {"derush.v1.Derush", "grpc.health.v1.Health"} <= names


def test_analyze_over_the_network_finds_the_spoken_words(server_process, fixtures_dir, clips, tmp_path):
    address, _, proc = server_process
    good = [c for c in clips if c.good][:2]
    out = tmp_path / "analysis.json"
    run = subprocess.run([*DERUSH, "analyze", "--server", address, "--json", str(out),
                          *(str(fixtures_dir / c.file) for c in good)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text())
    assert [c["path"] for c in result["clips"]] == [str(fixtures_dir / c.file) for c in good]
    for clip, truth in zip(result["clips"], good):
        assert clip["error"] is None
        heard = _words(" ".join(s["text"] for s in clip["speech"]["segments"]))
        spoken = _words(truth.spoken_text)
        assert heard == spoken, f"{truth.file}: heard {heard}, spoke {spoken}"
        words = [w for s in clip["speech"]["segments"] for w in s["words"]]
        assert [_words(w["word"])[0] for w in words] == spoken
        assert all(0 <= w["start"] <= w["end"] <= clip["duration_s"] for w in words)
    assert proc.poll() is None, "the server process must still be running"


def test_server_stops_cleanly_on_sigterm(tmp_path):
    port = free_port()
    proc = subprocess.Popen([*DERUSH, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        grpc.channel_ready_future(channel).result(timeout=60)
    time.sleep(0.2)
    proc.terminate()
    output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "shutting down" in output
