"""Sharing one box: priorities, seats in turn, a bounded queue, deadlines and cancellation, with real seats."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient, media_refs
from tests.integration.studio import SHOTS, SHOTS_AGAIN, StudioServer, wait_for

SEATS = {name: f"{name}-token-0123456789abcdef" for name in ("bulk", "edit", "assist", "late")}
MAX_QUEUED = 60


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fair")
    tokens = folder / "tokens.txt"
    tokens.write_text("".join(f"{name} {token}\n" for name, token in SEATS.items()))
    with StudioServer(folder, "--tokens", str(tokens), "--max-queued", str(MAX_QUEUED)) as running:
        yield running


def _seat(server, name: str) -> DerushClient:
    return DerushClient(server.address, token=SEATS[name])


def _in_background(client: DerushClient, paths, options=SHOTS_AGAIN, priority: int = 0, **kwargs):
    outcomes: list = []

    def run() -> None:
        try:
            outcomes.append(client.analyze(media_refs(paths), options, priority=priority, **kwargs))
        except ClientError as exc:
            outcomes.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcomes


def _jobs_of(client: DerushClient, seat: str) -> list[pb.JobSummary]:
    return [j for j in client.list_jobs() if j.seat == seat]


def test_a_seat_with_one_job_is_not_starved_by_a_seat_with_many(server, fixtures_dir, clips):
    clip = fixtures_dir / clips[4].file
    with _seat(server, "bulk") as bulk, _seat(server, "edit") as edit:
        before = len(_jobs_of(bulk, "bulk"))
        threads = [_in_background(bulk, [clip])[0] for _ in range(12)]
        wait_for(lambda: len(_jobs_of(bulk, "bulk")) - before == 12, 30, what="bulk's 12 jobs queued")
        outcome = edit.analyze(media_refs([clip]), SHOTS_AGAIN)
        assert outcome.state == pb.JOB_STATE_SUCCEEDED
        mine = {j.job_id: j for j in edit.list_jobs()}[outcome.job_id]
        for thread in threads:
            thread.join(60)
        bulk_jobs = _jobs_of(bulk, "bulk")[before:]
        assert all(j.state == pb.JOB_STATE_SUCCEEDED for j in bulk_jobs)
        ahead = [j for j in bulk_jobs if j.finished < mine.finished]
        # seats take turns: edit's job waits for bulk's running clip (and one more at most), not for all 12
        assert len(ahead) <= 2, f"{len(ahead)} of bulk's jobs finished before edit's one"


def test_interactive_work_goes_ahead_of_bulk_tagging(server, fixtures_dir, clips):
    clip = fixtures_dir / clips[4].file
    with _seat(server, "assist") as assist:
        before = len(_jobs_of(assist, "assist"))
        threads = [_in_background(assist, [clip], priority=0)[0] for _ in range(6)]
        wait_for(lambda: len(_jobs_of(assist, "assist")) - before == 6, 30, what="six tagging jobs queued")
        cut = assist.analyze(media_refs([clip]), SHOTS_AGAIN, priority=10)
        for thread in threads:
            thread.join(60)
        jobs = _jobs_of(assist, "assist")[before:]
        rough_cut = next(j for j in jobs if j.job_id == cut.job_id)
        assert rough_cut.priority == 10
        assert sum(1 for j in jobs if j.priority == 0 and j.finished < rough_cut.finished) <= 2


def test_a_hundred_jobs_at_once_are_each_accepted_or_clearly_refused(server, fixtures_dir, clips):
    quick, slow = fixtures_dir / clips[1].file, fixtures_dir / clips[3].file
    with _seat(server, "bulk") as warm:
        warm.analyze(media_refs([quick]), SHOTS)  # stored: the accepted jobs below are answered from the store
    seats = {name: _seat(server, name) for name in ("bulk", "edit", "late")}
    with _seat(server, "assist") as busy:
        blocker, _ = _in_background(busy, [slow] * 6)  # keeps the worker busy while the queue fills
        wait_for(lambda: any(j.state == pb.JOB_STATE_RUNNING for j in busy.list_jobs()), 30, what="the blocker")

        def submit(n: int):
            try:
                return seats[("bulk", "edit", "late")[n % 3]].analyze(media_refs([quick]), SHOTS,
                                                                     client_name=f"job-{n}")
            except ClientError as exc:
                return exc

        with ThreadPoolExecutor(max_workers=100) as pool:  # all at once
            answers = list(pool.map(submit, range(100)))
        for client in seats.values():
            client.close()
        blocker.join(60)
        refused = [a for a in answers if isinstance(a, ClientError)]
        accepted = [a for a in answers if not isinstance(a, ClientError)]
        assert len(accepted) + len(refused) == 100
        assert refused and all(r.code == grpc.StatusCode.RESOURCE_EXHAUSTED and "queue is full" in str(r)
                               for r in refused)
        assert len(accepted) >= MAX_QUEUED - 6  # the blocker holds the rest of the queue
        assert all(a.state == pb.JOB_STATE_SUCCEEDED and a.results[0] is not None for a in accepted)
        listed = {j.job_id: j for j in busy.list_jobs()}
        assert all(listed[a.job_id].state == pb.JOB_STATE_SUCCEEDED for a in accepted)  # none lost
        assert busy.health() == "SERVING"
        with pytest.raises(ClientError) as caught:  # one job larger than the whole queue: split it
            busy.analyze(media_refs([quick] * (MAX_QUEUED + 1)), SHOTS)
        assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED and "batches" in str(caught.value)


def test_a_passed_deadline_drops_the_unstarted_clips(server, fixtures_dir, clips):
    slow = fixtures_dir / clips[3].file
    with _seat(server, "bulk") as bulk, _seat(server, "late") as late:
        blocker, _ = _in_background(bulk, [slow] * 12, priority=10)  # runs ahead of late's job, whatever the turn
        wait_for(lambda: any(j.state == pb.JOB_STATE_RUNNING for j in bulk.list_jobs()), 30, what="the blocker")
        with pytest.raises(ClientError) as caught:
            late.analyze(media_refs([slow] * 3), SHOTS_AGAIN, timeout_s=0.5)
        assert caught.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
        job = wait_for(lambda: next((j for j in _jobs_of(late, "late") if j.clip_count == 3
                                     and j.state == pb.JOB_STATE_CANCELLED), None), 30, what="the job to end")
        assert "deadline passed before 3 clip(s) started" in job.message and job.clips_done == 0
        blocker.join(60)


def test_a_running_job_is_cancelled_between_clips(server, fixtures_dir, clips):
    slow = fixtures_dir / clips[3].file
    with _seat(server, "edit") as edit:
        events: list[pb.JobEvent] = []
        thread, outcomes = _in_background(edit, [slow] * 6, on_event=events.append)
        wait_for(lambda: any(e.HasField("clip_result") for e in events), 30, what="a first clip")
        assert edit.cancel(events[0].job_id).cancelled
        thread.join(60)
        outcome = outcomes[0]
        assert outcome.state == pb.JOB_STATE_CANCELLED
        done = sum(r is not None for r in outcome.results)
        assert 1 <= done < 6
        assert all(e.code == "not_analysed" for e in outcome.errors if e is not None)
