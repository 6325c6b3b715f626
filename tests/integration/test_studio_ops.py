"""Running a box: one log line per job, Prometheus metrics, doctor, bad and oversized requests, clients that leave."""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.request

import grpc
import pytest

from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc
from resolve_plugin.client import ClientError, DerushClient, media_refs
from tests.integration.studio import DERUSH, SHOTS, SHOTS_AGAIN, StudioServer, job_lines, wait_for

TOKEN = "ops-seat-token-0123456789abcdef"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ops")
    (folder / "tokens.txt").write_text(f"grading-1 {TOKEN}\n")
    with StudioServer(folder, "--tokens", str(folder / "tokens.txt"), metrics=True) as running:
        yield running


@pytest.fixture()
def seat(server):
    with DerushClient(server.address, token=TOKEN) as client:
        yield client


def test_each_job_is_one_log_line_and_the_metrics_count_it(server, seat, fixtures_dir, clips, truth):
    good = fixtures_dir / clips[1].file
    first = seat.analyze(media_refs([good, truth["bad"]["missing"]]), SHOTS)
    again = seat.analyze(media_refs([good]), SHOTS)
    assert again.cached == [True]
    lines = wait_for(lambda: [ln for ln in job_lines(server.log()) if first.job_id in ln or again.job_id in ln]
                     if len(job_lines(server.log())) >= 2 else None, 10, what="the job lines")
    assert len(lines) == 2
    assert f"job {first.job_id} seat=grading-1 clips=2 state=succeeded ok=1 failed=1 cached=" in lines[0]
    assert f"job {again.job_id} seat=grading-1 clips=1 state=succeeded ok=1 failed=0 cached=1" in lines[1]
    assert all("duration=" in line and "waited=" in line for line in lines)

    metrics = server.metrics()
    assert metrics["derush_queue_clips"] == 0 and metrics["derush_running_clips"] == 0
    assert metrics['derush_jobs{state="succeeded"}'] >= 2
    assert metrics['derush_jobs_finished_total{state="succeeded"}'] >= 2
    assert metrics['derush_errors_total{code="not_found"}'] >= 1
    assert metrics["derush_cache_hits_total"] >= 1
    assert metrics['derush_clip_seconds_count{cached="true"}'] >= 1
    assert metrics['derush_clip_seconds_bucket{cached="true",le="+Inf"}'] == \
        metrics['derush_clip_seconds_count{cached="true"}']
    assert metrics["derush_data_dir_free_bytes"] > 0 and metrics["derush_open_streams"] == 0
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{server.metrics_port}/secrets", timeout=5)
    assert missing.value.code == 404


def test_a_client_leaving_mid_stream_does_not_cancel_the_job_nor_leak(server, seat, fixtures_dir, clips):
    clip = clips[3]
    with grpc.insecure_channel(server.address) as channel:
        call = pb_grpc.DerushStub(channel).Analyze(
            pb.AnalyzeRequest(media=media_refs([fixtures_dir / clip.file] * 3), options=SHOTS_AGAIN),
            metadata=(("authorization", f"Bearer {TOKEN}"),))
        first = next(call)
        call.cancel()  # the editor closed the panel
    outcome = seat.watch(first.job_id, 3)  # another seat, or the same one later, still gets the whole job
    assert outcome.state == pb.JOB_STATE_SUCCEEDED
    assert all([s.start_frame for s in r.shots][1:] == clip.cuts for r in outcome.results)
    wait_for(lambda: server.metrics()["derush_open_streams"] == 0, 10, what="the streams to close")


def test_malformed_and_oversized_requests_are_refused_and_the_server_keeps_serving(server, seat):
    metadata = (("authorization", f"Bearer {TOKEN}"),)
    with grpc.insecure_channel(server.address, options=[("grpc.max_send_message_length", 64 << 20)]) as channel:
        with pytest.raises(grpc.RpcError) as caught:
            list(channel.unary_stream("/derush.v1.Derush/Analyze")(b"\xff\xff\xff\xff not protobuf", timeout=10,
                                                                    metadata=metadata))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "not a valid derush.v1 message" in caught.value.details()
        big = pb.UploadChunk(data=b"\0" * (33 << 20))  # over the 32 MiB a message may carry
        with pytest.raises(grpc.RpcError) as caught:
            channel.stream_unary("/derush.v1.Derush/UploadMedia", request_serializer=pb.UploadChunk.SerializeToString)(
                iter([big]), timeout=30, metadata=metadata)
        assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "larger than max" in caught.value.details()
    for request, says in [
        (pb.AnalyzeRequest(media=[pb.MediaRef(path="/a.mov")], priority=1000), "Priority 1000 is out of range"),
        (pb.AnalyzeRequest(media=[pb.MediaRef(sha256="../../etc/passwd")]), "is not a sha256"),
        (pb.AnalyzeRequest(media=[pb.MediaRef(path="/" + "a" * 5000)]), "longer than 4096"),
    ]:
        with pytest.raises(ClientError) as caught:
            list(seat._stream(seat._stub.Analyze, request, 10))
        assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT and says in str(caught.value)
    with pytest.raises(ClientError) as caught:
        seat.upload_status("not-a-hash")
    assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert seat.health() == "SERVING" and seat.server_info().version
    assert server.metrics()['derush_errors_total{code="malformed"}'] == 1


def test_doctor_checks_the_box_and_the_server(server, fixtures_dir, clips):
    done = subprocess.run([*DERUSH, "doctor", "--server", server.address, "--data-dir", str(server.data_dir),
                           "--port", str(server.port)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DERUSH_TOKEN": TOKEN})
    out = done.stdout
    assert f"ok    server {server.address}: derush" in out and "SERVING" in out and "CPUExecutionProvider" in out
    assert f"server {server.address} disk:" in out and "GiB free on its data dir" in out
    assert f"ok    server {server.address} queue: 0 clip(s) waiting (at most 1000)" in out
    assert "jobs database:" in out and "succeeded" in out
    assert f"port {server.port}: in use" in out
    # the picture models the default analysis needs, and a studio's own when registered
    assert "ok    model mtcnn (faces): pnet.onnx" in out and "ok    model pp-ocr (slates):" in out
    assert "ok    custom models: none registered" in out
    refused = subprocess.run([*DERUSH, "doctor", "--server", server.address], capture_output=True, text=True,
                             timeout=120, env={k: v for k, v in os.environ.items() if k != "DERUSH_TOKEN"})
    assert refused.returncode == 1 and "needs a token" in refused.stdout


def test_a_second_server_on_the_same_data_dir_is_refused(server):
    done = subprocess.run([*DERUSH, "serve", "--listen", "127.0.0.1:0", "--data-dir", str(server.data_dir)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"Another derush server (pid {server.proc.pid}) already uses the data dir" in done.stderr
    assert server.alive()
