"""Soak: many seats submit, cancel and ask again while the box is killed (SIGKILL) and restarted twice; at the end
every accepted clip is done once (its result equal to a clean run's), failed with a reason, or cancelled by its
seat: none lost, none twice. Bounded (about a minute and a half here), loopback only."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from inference_server.job_db import CLIP_DONE, JobDB, JobRow
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient, media_refs
from tests.integration.studio import SHOTS, SHOTS_AGAIN, StudioServer, wait_for

SEATS = {f"seat{n}": f"seat{n}-token-0123456789abcdef" for n in range(6)}
PHASE_S = (20.0, 20.0, 15.0)  # seats at work between the two kills, then after the last restart
MAX_OUTSTANDING = 3  # jobs a seat has in flight at once


@dataclass
class SeatLog:
    """What one seat saw: the jobs the server accepted (their id came back) and the clips each one holds."""

    accepted: dict[str, list[int]] = field(default_factory=dict)  # job id -> fixture clip index of each clip
    cancel_asked: set[str] = field(default_factory=set)
    refused: Counter = field(default_factory=Counter)  # why calls failed (the box was down, ...)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Seat(threading.Thread):
    def __init__(self, name: str, address: str, clip_files, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.address, self.clip_files, self.stop_event = address, clip_files, stop
        self.token = SEATS[name]
        self.random = random.Random(name)  # the same mix of actions on every run
        self.log = SeatLog()
        self.outstanding: list[threading.Thread] = []

    def run(self) -> None:
        with DerushClient(self.address, token=self.token, timeout_s=5) as client:
            while not self.stop_event.is_set():
                self.outstanding = [t for t in self.outstanding if t.is_alive()]
                roll = self.random.random()
                try:
                    if roll < 0.55 and len(self.outstanding) < MAX_OUTSTANDING:
                        self._submit()
                    elif roll < 0.75 and self.log.accepted:
                        job = self.random.choice(sorted(self.log.accepted))
                        with self.log.lock:
                            self.log.cancel_asked.add(job)
                        client.cancel(job)
                    elif self.log.accepted:  # ask again how a job went (WatchJob replays its events)
                        job = self.random.choice(sorted(self.log.accepted))
                        client.watch(job, len(self.log.accepted[job]))
                except ClientError as exc:
                    self.log.refused[exc.code.name if exc.code else "?"] += 1
                time.sleep(self.random.uniform(0.05, 0.4))

    def _submit(self) -> None:
        picks = [self.random.randrange(len(self.clip_files)) for _ in range(self.random.randint(1, 3))]
        options = SHOTS_AGAIN if self.random.random() < 0.6 else SHOTS  # fresh work, or the result store

        def call() -> None:
            def on_event(event: pb.JobEvent) -> None:
                if event.HasField("queued"):
                    with self.log.lock:
                        self.log.accepted[event.job_id] = picks

            try:
                with DerushClient(self.address, token=self.token) as client:
                    client.analyze(media_refs([self.clip_files[i] for i in picks]), options, on_event=on_event,
                                   timeout_s=120)
            except ClientError as exc:  # the box was killed under the stream, or refused the job
                with self.log.lock:
                    self.log.refused[exc.code.name if exc.code else "?"] += 1

        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        self.outstanding.append(thread)


@pytest.mark.slow
def test_soak_two_sigkill_restarts_lose_no_clip_and_do_none_twice(tmp_path, fixtures_dir, clips, client):
    clip_files = [fixtures_dir / c.file for c in clips]
    clean = [client.analyze(media_refs([f]), SHOTS_AGAIN).results[0] for f in clip_files]  # a clean run's results
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("".join(f"{name} {token}\n" for name, token in SEATS.items()))
    server = StudioServer(tmp_path, "--tokens", str(tokens), "--workers", "2", "--max-queued", "400")
    stop = threading.Event()
    seats = [Seat(name, server.address, clip_files, stop) for name in SEATS]
    try:
        server.start()
        for seat in seats:
            seat.start()
        for n, phase in enumerate(PHASE_S):
            time.sleep(phase)
            if n < len(PHASE_S) - 1:
                server.kill()  # SIGKILL: mid-clip, mid-write, whatever it was doing
                time.sleep(1.0)  # the seats meet a dead box for a moment
                server.start()
        stop.set()
        for seat in seats:
            seat.join(30)
            for thread in seat.outstanding:
                thread.join(150)

        with DerushClient(server.address, token=SEATS["seat0"]) as watcher:
            wait_for(lambda: watcher.server_info().status.unfinished_jobs == 0, 150, interval=0.5,
                     what="every accepted job to end")
            listed = {j.job_id: j for j in watcher.list_jobs()}
            ledger = _balance(watcher, seats, listed, clean)
    finally:
        stop.set()
        server.stop()
    assert server.runs == 3 and "resumed" in server.log()
    accepted, done, failed, cancelled = ledger
    assert accepted == done + failed + cancelled
    assert done > 20 and accepted > 40, ledger  # the soak did real work
    print(f"soak ledger: {accepted} accepted clip(s) = {done} done + {failed} failed + {cancelled} cancelled; "
          f"refused calls {sum((s.log.refused for s in seats), Counter())}")


def _balance(watcher: DerushClient, seats: list[Seat], listed: dict[str, pb.JobSummary],
             clean: list[pb.ClipAnalysis]) -> tuple[int, int, int, int]:
    """Every job a seat saw accepted, read back from the box: each clip once, done (equal to the clean run),
    failed with a reason, or cancelled by its seat."""
    accepted = done = failed = cancelled = 0
    for seat in seats:
        for job_id, picks in seat.log.accepted.items():
            events: list[pb.JobEvent] = []
            try:  # every job the box ever accepted can be watched again from its first event
                outcome = watcher.watch(job_id, len(picks), on_event=events.append)
            except ClientError as exc:
                raise AssertionError(f"job {job_id} of {seat.name} was accepted, then lost ({exc})") from None
            # the operator's list holds the newest 500 jobs; one listed must agree with its events
            summary = listed.get(job_id)
            state = outcome.state
            assert state in (pb.JOB_STATE_SUCCEEDED, pb.JOB_STATE_CANCELLED), (job_id, state)
            assert summary is None or summary.state == state, (summary, state)
            results = Counter(e.clip_result.clip_index for e in events if e.HasField("clip_result"))
            errors = {e.clip_error.clip_index: e.clip_error.error for e in events if e.HasField("clip_error")}
            assert all(n == 1 for n in results.values()), f"job {job_id}: a clip done twice {results}"
            assert not set(results) & set(errors), f"job {job_id}: a clip both done and failed"
            for event in events:
                if event.HasField("clip_result"):
                    analysis, truth = event.clip_result.analysis, clean[picks[event.clip_result.clip_index]]
                    assert analysis.media_id == truth.media_id and list(analysis.shots) == list(truth.shots)
            assert all(error.message for error in errors.values())  # failed with a reason
            missing = [i for i in range(len(picks)) if i not in results and i not in errors]
            if missing:  # only a job its seat cancelled may end with clips never run
                assert job_id in seat.log.cancel_asked and state == pb.JOB_STATE_CANCELLED, \
                    f"job {job_id}: clips {missing} neither done nor failed"
            assert summary is None or summary.clips_done == len(results) + len(errors)
            accepted += len(picks)
            done += len(results)
            failed += len(errors)
            cancelled += len(missing)
    return accepted, done, failed, cancelled


def test_a_kill_between_a_clip_state_and_its_event_still_reports_the_clip_once(tmp_path, fixtures_dir, clips):
    """The narrowest window of a SIGKILL: clip 0's state says done, its result is stored, its event never written."""
    clip = fixtures_dir / clips[1].file
    server = StudioServer(tmp_path)
    with server, DerushClient(server.address) as seat:
        stored = seat.analyze(media_refs([clip]), SHOTS).results[0]
    request = pb.AnalyzeRequest(media=media_refs([clip, clip]), options=SHOTS, client_name="bay")
    db = JobDB(server.data_dir / "jobs.sqlite3")  # the box is down: its database as the kill left it
    queued = pb.JobEvent(job_id="killedmidway", seq=0, queued=pb.JobQueued(clip_count=2))
    db.add_job(JobRow(id="killedmidway", seat="bay", client_name="bay", priority=0, request=request.SerializeToString(),
                      state=pb.JOB_STATE_RUNNING, created=time.time(), started=time.time(), finished=None,
                      deadline=None, message="", clips=2, clips_done=0, clips_failed=0, clips_cached=0),
               (0, queued.SerializeToString()))
    db.update_clip("killedmidway", 0, state=CLIP_DONE, attempts=1, media_id=stored.media_id,
                   settings_key=stored.settings_key)
    db.close()
    with server, DerushClient(server.address) as seat:
        events: list[pb.JobEvent] = []
        outcome = seat.watch("killedmidway", 2, on_event=events.append)
    assert outcome.state == pb.JOB_STATE_SUCCEEDED
    assert sorted(e.clip_result.clip_index for e in events if e.HasField("clip_result")) == [0, 1]  # once each
    assert [list(r.shots) for r in outcome.results] == [list(stored.shots)] * 2
