"""`derush serve --ray HOST:PORT` on a real two-node Ray cluster (a head and a second `ray start --address` node on
this machine): the head keeps the queue, Ray actors analyse the clips, the results do not change, clips spread over
both nodes, and a killed actor or a lost node loses no clip."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import av
import grpc
import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import DerushClient, media_refs
from tests.conftest import free_port

pytest.importorskip("ray")

from tests.integration.ray_nodes import TwoNodeCluster  # noqa: E402 - after the skip: it runs `ray`

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]
SHOTS = pb.AnalysisOptions(analyzers=["shots"])
SHOTS_AGAIN = pb.AnalysisOptions(analyzers=["shots"], force=True)


@contextmanager
def serving_on_ray(tmp_path, ray: str, workers: int = 2, env: dict | None = None):
    """`derush serve --ray RAY` in its own process; yields its address, its log file and its metrics port."""
    address = f"127.0.0.1:{free_port()}"
    metrics_port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([*DERUSH, "serve", "--listen", address, "--data-dir", str(tmp_path / "data"),
                                 "--workers", str(workers), "--ray", ray, "--metrics-port", str(metrics_port)],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            with grpc.insecure_channel(address) as channel:
                try:
                    grpc.channel_ready_future(channel).result(timeout=180)  # Ray starts first: slow on a small box
                except grpc.FutureTimeoutError:
                    pytest.fail(f"derush serve --ray {ray} did not start:\n{log_path.read_text()[-3000:]}")
            yield address, log_path, metrics_port
        finally:
            proc.terminate()
            proc.wait(timeout=60)


@pytest.fixture(scope="module")
def cluster():
    nodes = TwoNodeCluster().start()
    try:
        yield nodes
    finally:
        nodes.stop()


@pytest.fixture(scope="module")
def ray_server(tmp_path_factory, cluster):
    with serving_on_ray(tmp_path_factory.mktemp("ray-serve"), cluster.address, env=cluster.env) as served:
        yield served


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory, fixtures_dir, clips) -> Path:
    """A rush played 20 times over (~2.5 s of analysis here): long enough to be killed half-way through."""
    return looped(fixtures_dir / clips[5].file, tmp_path_factory.mktemp("long") / "long_take.mp4", 20)


def looped(source: Path, target: Path, times: int) -> Path:
    """``source``'s video packets ``times`` over, remuxed (no re-encode), timestamps running on."""
    with av.open(str(source)) as src, av.open(str(target), "w") as dst:
        video = src.streams.video[0]
        out = dst.add_stream_from_template(video)
        packets = [p for p in src.demux(video) if p.dts is not None]
        span = max(p.pts + p.duration for p in packets) - min(p.pts for p in packets)
        for n in range(times):
            for packet in packets:
                packet.pts += span if n else 0
                packet.dts += span if n else 0
                packet.stream = out
                dst.mux(packet)
    return target


def _metrics(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line and not line.startswith("#")}


def _clips_by_node(port: int) -> dict[str, float]:
    counts: dict[str, float] = {}
    for key, value in _metrics(port).items():
        if key.startswith("derush_worker_clip_seconds_count{"):
            node = key.split('node="', 1)[1].split('"', 1)[0]
            counts[node] = counts.get(node, 0) + value
    return counts


def test_clips_analysed_on_ray_match_the_same_clips_analysed_in_process(ray_server, client, fixtures_dir, clips):
    address, log_path, _ = ray_server
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
    assert "2 actor(s), 1 CPU / 0 GPU each" in log_path.read_text()
    # the seat still sees the clips progress (polled from the actors) and each clip's result
    assert sum(1 for e in events if e.HasField("clip_result")) == len(paths)
    assert any(e.HasField("progress") and 0 < e.progress.clip_fraction < 1 for e in events)


def test_a_clip_failing_on_the_cluster_fails_alone_with_its_error(ray_server, truth, fixtures_dir, clips):
    address, _, _ = ray_server
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


def test_clips_spread_over_both_nodes_and_each_actor_reports_its_times(ray_server, fixtures_dir, clips):
    address, _, metrics_port = ray_server
    before = _clips_by_node(metrics_port)
    outcomes = []

    def seat(name: str) -> None:  # two seats' jobs at once: one clip of each job runs at a time, on both actors
        with DerushClient(address) as client:
            outcomes.append(client.analyze(media_refs([fixtures_dir / clips[1].file] * 3), SHOTS_AGAIN,
                                           client_name=name, timeout_s=300))

    threads = [threading.Thread(target=seat, args=(name,)) for name in ("edit", "assist")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert [o.state for o in outcomes] == [pb.JOB_STATE_SUCCEEDED] * 2
    assert all([s.start_frame for s in r.shots][1:] == clips[1].cuts for o in outcomes for r in o.results)
    after = _clips_by_node(metrics_port)
    grew = {node for node, count in after.items() if count > before.get(node, 0)}
    assert len(grew) == 2, f"clips by Ray node before {before}, after {after}"  # both machines worked
    assert sum(after.values()) - sum(before.values()) == 6


def _kill_during(client: DerushClient, paths, choose_victim) -> tuple:
    """Analyse ``paths``; the first time a clip is half-way, kill ``choose_victim()`` (a pid, or None: not yet)."""
    killed: list[int] = []
    events: list[pb.JobEvent] = []

    def on_event(event: pb.JobEvent) -> None:
        events.append(event)
        if not killed and event.HasField("progress") and 0 < event.progress.clip_fraction < 1:
            victim = choose_victim()
            if victim:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

    outcome = client.analyze(media_refs(paths), SHOTS_AGAIN, on_event=on_event, timeout_s=300)
    return outcome, events, killed


def _nothing_lost(outcome, events, clean: pb.ClipAnalysis) -> None:
    assert outcome.state == pb.JOB_STATE_SUCCEEDED, outcome.message
    assert outcome.errors == [None] * len(outcome.results)
    for result in outcome.results:  # each equal to a clean run's, in this process, without Ray
        assert result.frames == clean.frames and list(result.shots) == list(clean.shots)
    done = [e.clip_result.clip_index for e in events if e.HasField("clip_result")]
    assert sorted(done) == list(range(len(outcome.results)))  # each clip once: none lost, none twice


@pytest.fixture(scope="module")
def clean(embedded, long_clip) -> pb.ClipAnalysis:
    with DerushClient(embedded.address) as local:
        return local.analyze(media_refs([long_clip]), SHOTS_AGAIN, timeout_s=300).results[0]


def test_an_actor_killed_mid_clip_loses_nothing(ray_server, cluster, long_clip, clean):
    address, log_path, metrics_port = ray_server
    lost_before = _metrics(metrics_port)["derush_workers_lost_total"]
    with DerushClient(address) as client:
        outcome, events, killed = _kill_during(client, [long_clip] * 3, cluster.busy_actor)
    assert killed, "no analysis actor was seen mid-clip"
    _nothing_lost(outcome, events, clean)
    assert _metrics(metrics_port)["derush_workers_lost_total"] == lost_before + 1
    assert "goes back to the queue (attempt 1 of 2)" in log_path.read_text()


def test_losing_the_second_node_mid_clip_loses_nothing(ray_server, cluster, long_clip, clean, fixtures_dir, clips):
    """Last in the module: the cluster has one node left after it."""
    address, log_path, metrics_port = ray_server
    lost_before = _metrics(metrics_port)["derush_workers_lost_total"]

    second = cluster.second_node_id()[:12]

    def second_node_when_busy() -> int | None:  # the machine is lost while one of its actors analyses a clip
        busy = cluster.busy_actor()  # which node it runs on: the metrics say, by actor process
        on_second = busy and f'derush_worker_clip_seconds_count{{node="{second}",actor="{busy}"}}' in \
            _metrics(metrics_port)
        return cluster.second_raylet() if on_second else None

    with DerushClient(address) as client:
        outcome, events, killed = _kill_during(client, [long_clip] * 5, second_node_when_busy)
        assert killed, "the second node never analysed a clip of the job"
        _nothing_lost(outcome, events, clean)
        assert _metrics(metrics_port)["derush_workers_lost_total"] == lost_before + 1
        again = client.analyze(media_refs([fixtures_dir / clips[1].file]), SHOTS_AGAIN, timeout_s=300)
        assert again.results[0] is not None  # the box goes on with the head's actor
