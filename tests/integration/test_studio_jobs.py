"""Jobs survive the server: kill -9 mid-job and SIGTERM, then a restart on the same data dir."""

from __future__ import annotations

import threading
import time

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient, media_refs
from tests.integration.studio import SHOTS, SHOTS_AGAIN, StudioServer, wait_for


def _start_job(address: str, paths: list, options: pb.AnalysisOptions):
    """Analyze in a thread; returns the events seen and the thread (its stream breaks when the server dies)."""
    events: list[pb.JobEvent] = []

    def run() -> None:
        try:
            with DerushClient(address) as client:
                client.analyze(media_refs(paths), options, client_name="bay-1", on_event=events.append)
        except ClientError:
            pass

    thread = threading.Thread(target=run)
    thread.start()
    return events, thread


def _results(events: list[pb.JobEvent]) -> list[pb.JobEvent]:
    return [e for e in events if e.HasField("clip_result")]


def test_a_killed_server_resumes_its_jobs_without_redoing_done_clips(tmp_path, fixtures_dir, clips):
    clip = clips[3]  # 11 s with one cut: about half a second of analysis each
    paths = [fixtures_dir / clip.file] * 10
    with StudioServer(tmp_path, metrics=True) as server:
        with DerushClient(server.address) as client:
            earlier = client.analyze(media_refs([fixtures_dir / clips[1].file]), SHOTS)
        events, thread = _start_job(server.address, paths, SHOTS_AGAIN)
        wait_for(lambda: len(_results(events)) >= 3, 60, what="three clips analysed")
        killed_at = time.time()
        server.kill()
        thread.join(30)
        job_id = events[0].job_id
        seen_before = list(events)

        server.start()
        with DerushClient(server.address) as client:
            replay = []
            outcome = client.watch(job_id, len(paths), on_event=replay.append)
            assert outcome.state == pb.JOB_STATE_SUCCEEDED, outcome.message
            for result in outcome.results:
                assert [s.start_frame for s in result.shots][1:] == clip.cuts
            # watchers get the job from its first event: what was streamed before the crash, unchanged
            assert [e.SerializeToString() for e in replay[:len(seen_before)]] == \
                [e.SerializeToString() for e in seen_before]
            assert [e.seq for e in replay] == list(range(len(replay)))
            assert sorted(e.clip_result.clip_index for e in _results(replay)) == list(range(len(paths)))
            # the clips done before the kill were not analysed again
            done_before = sum(1 for e in _results(replay) if e.time < killed_at)
            assert done_before >= 3
            metrics = server.metrics()
            assert metrics['derush_clips_total{outcome="analysed"}'] == len(paths) - done_before
            # a job finished before the crash is still there, with its result
            assert client.watch(earlier.job_id, 1).results[0].media_id == earlier.results[0].media_id
            listed = {j.job_id: j for j in client.list_jobs()}
            assert listed[job_id].state == pb.JOB_STATE_SUCCEEDED and listed[job_id].clips_done == len(paths)
            assert listed[job_id].seat == "bay-1"
        assert "resumed 1 unfinished job(s)" in server.log()


def test_sigterm_finishes_the_running_clip_or_requeues_it_and_nothing_is_lost(tmp_path, fixtures_dir, clips):
    clip = clips[3]
    paths = [fixtures_dir / clip.file] * 16  # so the job still runs at the second SIGTERM on a busy machine
    server = StudioServer(tmp_path).start()
    try:
        events, thread = _start_job(server.address, paths, SHOTS_AGAIN)
        wait_for(lambda: len(_results(events)) >= 2, 60, what="two clips analysed")
        signalled = time.time()
        assert server.terminate() == 0  # default grace: the running clip finishes first
        stopped = time.time()
        thread.join(30)
        job_id = events[0].job_id
        assert "shutting down" in server.log()

        server.args = ["--shutdown-grace", "0"]  # this time the running clip is interrupted and requeued
        server.start()
        with DerushClient(server.address) as client:
            replay: list[pb.JobEvent] = []

            def watch() -> None:
                try:
                    client.watch(job_id, len(paths), on_event=replay.append)
                except ClientError:  # the server stops under it
                    pass

            watcher = threading.Thread(target=watch)
            watcher.start()
            wait_for(lambda: any(e.HasField("progress") and e.time > stopped for e in replay), 60,
                     what="the job to run again")
            assert server.terminate() == 0
            watcher.join(30)
        assert "interrupting 1 running clip(s)" in server.log()

        server.start()
        with DerushClient(server.address) as client:
            outcome = client.watch(job_id, len(paths))
        assert outcome.state == pb.JOB_STATE_SUCCEEDED
        assert all(r is not None for r in outcome.results) and not any(outcome.errors)
        with DerushClient(server.address) as client:
            replay = []
            client.watch(job_id, len(paths), on_event=replay.append)
        finished_in_grace = [e for e in _results(replay) if signalled <= e.time <= stopped]
        assert len(finished_in_grace) == 1  # the clip running at SIGTERM was finished, not dropped
        assert sorted(e.clip_result.clip_index for e in _results(replay)) == list(range(len(paths)))
        assert not [e for e in replay if e.HasField("clip_error")]
    finally:
        server.stop()
