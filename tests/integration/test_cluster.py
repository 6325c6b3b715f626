"""`derush serve --ray local`: the head keeps the queue, Ray actors analyse the clips, the results do not change."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager

import grpc
import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import DerushClient, media_refs
from tests.conftest import free_port

pytest.importorskip("ray")

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]
SHOTS = pb.AnalysisOptions(analyzers=["shots"])


@contextmanager
def serving_on_ray(tmp_path, workers: int = 2):
    """`derush serve --ray local` in its own process; yields its address and its log file."""
    address = f"127.0.0.1:{free_port()}"
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([*DERUSH, "serve", "--listen", address, "--data-dir", str(tmp_path / "data"),
                                 "--workers", str(workers), "--ray", "local"], stdout=log, stderr=subprocess.STDOUT)
        try:
            with grpc.insecure_channel(address) as channel:
                try:
                    grpc.channel_ready_future(channel).result(timeout=180)  # Ray starts first: slow on a small box
                except grpc.FutureTimeoutError:
                    pytest.fail(f"derush serve --ray local did not start:\n{log_path.read_text()[-3000:]}")
            yield address, log_path
        finally:
            proc.terminate()
            proc.wait(timeout=60)


@pytest.fixture(scope="module")
def ray_server(tmp_path_factory):
    with serving_on_ray(tmp_path_factory.mktemp("ray-serve")) as served:
        yield served


def test_clips_analysed_on_ray_match_the_same_clips_analysed_in_process(ray_server, client, fixtures_dir, clips):
    address, log_path = ray_server
    paths = [fixtures_dir / c.file for c in clips[:3]]
    events: list[pb.JobEvent] = []
    with DerushClient(address) as seat:
        on_ray = seat.analyze(media_refs(paths), SHOTS, on_event=events.append, timeout_s=300)
    in_process = client.analyze(media_refs(paths), pb.AnalysisOptions(analyzers=["shots"], force=True))
    assert on_ray.state == pb.JOB_STATE_SUCCEEDED, on_ray.message
    assert on_ray.errors == [None] * len(paths)
    for truth, ray_result, local in zip(clips[:3], on_ray.results, in_process.results, strict=True):
        assert ray_result.frames == truth.frames == local.frames
        assert [s.start_frame for s in ray_result.shots][1:] == truth.cuts  # the cuts the rushes were made with
        assert list(ray_result.shots) == list(local.shots)  # every boundary, to the frame
        assert ray_result.media_id == local.media_id and ray_result.settings_key == local.settings_key
    assert "analysing on Ray (local): 2 actor(s)" in log_path.read_text()
    # the seat still sees the clips progress (polled from the actors) and each clip's result
    assert sum(1 for e in events if e.HasField("clip_result")) == len(paths)
    assert any(e.HasField("progress") and 0 < e.progress.clip_fraction < 1 for e in events)


def test_a_clip_failing_on_the_cluster_fails_alone_with_its_error(ray_server, truth, fixtures_dir, clips):
    address, _ = ray_server
    good = fixtures_dir / clips[0].file
    not_media = truth["bad"]["not_media"]
    with DerushClient(address) as seat:
        outcome = seat.analyze(media_refs([not_media, good]), SHOTS, timeout_s=300)
        assert outcome.state == pb.JOB_STATE_SUCCEEDED
        error = outcome.errors[0]
        assert error is not None and error.code == "not_media", error
        assert not_media.rsplit("/", 1)[-1] in error.message  # it names the file
        assert outcome.results[1] is not None
        assert [s.start_frame for s in outcome.results[1].shots][1:] == clips[0].cuts
        assert seat.health() == "SERVING"  # the actor that met the bad file goes on with the next job
        again = seat.analyze(media_refs([good]), pb.AnalysisOptions(analyzers=["shots"], force=True), timeout_s=300)
        assert again.results[0] is not None and list(again.results[0].shots) == list(outcome.results[1].shots)
