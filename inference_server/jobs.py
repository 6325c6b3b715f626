"""Jobs: analysis requests shared fairly between seats, run clip by clip, persisted, resumed after a restart.

A free worker takes one clip at a time from the job that ``FairScheduler`` picks (priority, then seats in
turn), so a seat that queued many clips shares the box with the others. Every state change and event is
written to ``jobs.sqlite3`` (job_db.py) as it happens: after a crash the unfinished jobs resume, clips already
done are not redone, and WatchJob replays a job's events from the start. Events are appended on the event
loop's thread only; worker threads hand them over with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import math
import sqlite3
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import grpc

from inference_server.engine import ClipProgress, WorkerLost, analyze_clip, fingerprint, settings_key
from inference_server.fairness import Candidate, FairScheduler
from inference_server.job_db import (
    CLIP_CANCELLED,
    CLIP_DONE,
    CLIP_FAILED,
    CLIP_QUEUED,
    CLIP_RUNNING,
    JobDB,
    JobRow,
)
from inference_server.metrics import Metrics
from inference_server.models import ModelRegistry
from inference_server.paths import PathPolicy
from inference_server.speaker_registry import SpeakerRegistry
from inference_server.store import ResultStore, UploadStore
from protos import vocabulary
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import Cancelled, DerushError, JobNotFound, MediaNotFound
from protos.media_files import media_id_for

log = logging.getLogger(__name__)

_FINAL = (pb.JOB_STATE_SUCCEEDED, pb.JOB_STATE_FAILED, pb.JOB_STATE_CANCELLED)
_PROGRESS_INTERVAL_S = 0.2
# a clip that was running when the server died this many times is given up: it may be what kills it
MAX_ATTEMPTS = 2
# finished jobs kept in memory for WatchJob; older ones are read back from the database
_FINISHED_IN_MEMORY = 256
_STATE_NAMES = {pb.JOB_STATE_QUEUED: "queued", pb.JOB_STATE_RUNNING: "running", pb.JOB_STATE_SUCCEEDED: "succeeded",
                pb.JOB_STATE_FAILED: "failed", pb.JOB_STATE_CANCELLED: "cancelled"}


class QueueFull(DerushError):
    code = "queue_full"
    status = grpc.StatusCode.RESOURCE_EXHAUSTED


class Draining(DerushError):
    code = "draining"
    # not UNAVAILABLE: clients retry that and would say "no server answers"; this one answers, and says why
    status = grpc.StatusCode.FAILED_PRECONDITION


def state_name(state: int) -> str:
    return _STATE_NAMES.get(state, "unknown")


@dataclass
class JobOptions:
    #: clips analysed at the same time (one per job at a time)
    workers: int = 1
    #: clips waiting in the queue, all jobs together; a job that would go past it is refused
    max_queued_clips: int = 1000
    #: clips one seat may have waiting (0: no limit), so that one seat's bulk tagging cannot fill the queue
    max_queued_per_seat: int = 0
    #: keep unfinished jobs for the next start (a served box); the built-in server cancels them when it stops
    resume: bool = True
    #: a finished job's events are kept this long for WatchJob (its summary stays in ListJobs; results stay)
    keep_days: float = 30.0
    #: words every job's speech should expect (``derush serve --vocabulary``), after the job's own
    vocabulary: tuple[str, ...] = ()


class Clip:
    __slots__ = ("index", "ref", "state", "attempts", "media_id", "settings_key")

    def __init__(self, index: int, ref: pb.MediaRef) -> None:
        self.index, self.ref = index, ref
        self.state, self.attempts, self.media_id, self.settings_key = CLIP_QUEUED, 0, "", ""


class Job:
    def __init__(self, job_id: str, request: pb.AnalyzeRequest, seat: str, created: float,
                 deadline: float | None = None, order: int = 0) -> None:
        self.id = job_id
        self.request = request
        self.seat = seat
        self.created = created
        self.deadline = deadline
        self.order = order
        self.state = pb.JOB_STATE_QUEUED
        self.clips = [Clip(i, ref) for i, ref in enumerate(request.media)]
        self.events: list[pb.JobEvent] = []
        self.cancel_requested = threading.Event()
        self.deadline_passed = False
        self.speakers = SpeakerRegistry()  # labels stable across this job's clips
        self.running: Clip | None = None
        self.started: float | None = None
        self.finished_at: float | None = None
        self.message = ""
        self.ok = self.failed = self.cached = 0
        self.persist = None  # set once the job is in the database: every event is written there too
        self._closing = False
        self._wake = asyncio.Event()

    @property
    def finished(self) -> bool:
        return self.state in _FINAL

    @property
    def clips_done(self) -> int:
        return self.ok + self.failed

    def next_clip(self) -> Clip | None:
        return next((c for c in self.clips if c.state == CLIP_QUEUED), None)

    def queued_clips(self) -> int:
        return sum(1 for c in self.clips if c.state == CLIP_QUEUED)

    def emit(self, **fields) -> None:
        """Append an event (event-loop thread only), write it down, and wake every stream."""
        event = pb.JobEvent(job_id=self.id, seq=len(self.events), time=time.time(), **fields)
        self.events.append(event)
        if self.persist is not None:
            self.persist(self, event)
        self._wake.set()
        self._wake = asyncio.Event()

    async def stream(self):
        """All events from the first, then live ones, until the job is done (or the server stops)."""
        sent = 0
        while True:
            while sent < len(self.events):
                event = self.events[sent]
                sent += 1
                yield event
                if event.HasField("done"):
                    return
            if self._closing:
                return
            await self._wake.wait()

    def close_streams(self) -> None:
        """The server stops: streams end after the events they have (the job itself goes on at the next start)."""
        self._closing = True
        self._wake.set()

    def summary(self) -> pb.JobSummary:
        return pb.JobSummary(
            job_id=self.id, state=self.state, clip_count=len(self.clips), clips_done=self.clips_done,
            created=self.created, client_name=self.request.client_name, priority=self.request.priority,
            seat=self.seat, clips_failed=self.failed, clips_cached=self.cached, finished=self.finished_at or 0,
            message=self.message)


class _BestEffort:
    """The database's updates for a job already accepted: a failure (a full disk) is logged, and the job goes on
    in memory for the seats watching it; only its record of that step is lost."""

    def __init__(self, db: JobDB) -> None:
        self._db = db

    def __getattr__(self, name: str):
        method = getattr(self._db, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except (DerushError, sqlite3.Error) as exc:
                log.error("jobs database: %s not recorded: %s", name, getattr(exc, "message", exc))
                return None

        return call


def summary_of(row: JobRow) -> pb.JobSummary:
    return pb.JobSummary(job_id=row.id, state=row.state, clip_count=row.clips, clips_done=row.clips_done,
                         created=row.created, client_name=row.client_name, priority=row.priority, seat=row.seat,
                         clips_failed=row.clips_failed, clips_cached=row.clips_cached, finished=row.finished or 0,
                         message=row.message)


class JobManager:
    def __init__(self, models: ModelRegistry, results: ResultStore, uploads: UploadStore, workers: int = 1, *,
                 db: JobDB | None = None, paths: PathPolicy | None = None, metrics: Metrics | None = None,
                 options: JobOptions | None = None, runner=None) -> None:
        self.models = models
        # what analyses one clip, ``engine.analyze_clip``'s call: in this process, or on a Ray cluster (cluster.py)
        self.runner = runner or analyze_clip
        self.results = results
        self.uploads = uploads
        self.options = options or JobOptions(workers=workers)
        self.db = db or JobDB(Path(":memory:"))
        self._record = _BestEffort(self.db)
        self.paths = paths or PathPolicy()
        self.metrics = metrics or Metrics()
        self.jobs: dict[str, Job] = {}  # unfinished, and the most recent finished
        self._finished: OrderedDict[str, None] = OrderedDict()
        self._scheduler = FairScheduler()
        self._order = itertools.count()
        self._pool = ThreadPoolExecutor(max_workers=self.options.workers, thread_name_prefix="derush-job")
        self._tasks: list[asyncio.Task] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._draining = False
        self.accepting = True  # False once an operator drains the server: new jobs are refused
        self._interrupt = threading.Event()  # shutdown: running clips stop and go back to the queue
        uploads.pinned = self.pinned_uploads

    # --- life ------------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        self._restore()
        self._prune()
        self._tasks = [asyncio.create_task(self._worker()) for _ in range(self.options.workers)]

    def _prune(self) -> None:
        """Old jobs' events go, now and every few hours, so that the database does not grow without end."""
        try:
            pruned = self.db.prune(time.time() - self.options.keep_days * 86400)
            if pruned:
                log.info("forgot %d event(s) of jobs finished over %g days ago", pruned, self.options.keep_days)
        except Exception:
            log.exception("pruning old jobs failed")
        if not self._draining:
            self._loop.call_later(6 * 3600, self._prune)

    async def stop(self, grace_s: float = 2.0) -> None:
        """Finish the running clips within ``grace_s``, else interrupt them and requeue them (persisted)."""
        self._draining = True
        if not self.options.resume:  # the built-in server: its jobs end with it
            for job in list(self.jobs.values()):
                if not job.finished:
                    self.cancel(job.id, "the built-in server stopped")
        self._wakeup.set()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=None if math.isinf(grace_s) else grace_s)
            if pending:
                running = [j.id for j in self.jobs.values() if j.running is not None]
                log.info("stopping: interrupting %d running clip(s) of job(s) %s; they will run again at the next "
                         "start", len(running), ", ".join(running))
                self._interrupt.set()
                _, pending = await asyncio.wait(pending, timeout=30)
            for task in pending:
                task.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
        for job in list(self.jobs.values()):
            job.close_streams()
        await asyncio.sleep(0.05)  # let the streams see it before the calls end
        self.db.close()

    def interrupt(self) -> None:
        """Stop the running clips now; they go back to the queue (a second Ctrl-C or SIGTERM)."""
        self._draining = True
        self._interrupt.set()

    def _restore(self) -> None:
        """Take the unfinished jobs of the last run back (or end them, for the built-in server)."""
        rows = self.db.jobs_in((pb.JOB_STATE_QUEUED, pb.JOB_STATE_RUNNING))
        for row in rows:
            try:
                job = self._job_from_db(row)
            except Exception as exc:  # a row we cannot read back must not stop the server
                log.exception("job %s cannot be resumed", row.id)
                self._record.update_job(row.id, state=pb.JOB_STATE_FAILED, finished=time.time(),
                                   message=f"could not be resumed after a restart: {exc}")
                continue
            self.jobs[job.id] = job
            if not self.options.resume:
                self.cancel(job.id, "the built-in server stopped before it finished")
                continue
            for clip in job.clips:
                if clip.state != CLIP_RUNNING:
                    continue
                if clip.attempts >= MAX_ATTEMPTS:
                    self._clip_failed(job, clip, pb.Error(code="crashed", message=(
                        f"The server stopped {clip.attempts} times while analysing this clip, so it was not tried "
                        "again: the clip may be what crashes it. The server log has details.")))
                else:
                    clip.state = CLIP_QUEUED
                    self._record.update_clip(job.id, clip.index, state=CLIP_QUEUED)
            if job.deadline is not None and job.deadline < time.time():
                self._expire(job)
            elif job.cancel_requested.is_set():
                self.cancel(job.id)
            self._maybe_finish(job)
        resumed = [j for j in self.jobs.values() if not j.finished]
        if resumed:
            log.info("resumed %d unfinished job(s) with %d clip(s) to go", len(resumed),
                     sum(j.queued_clips() for j in resumed))

    def _job_from_db(self, row: JobRow) -> Job:
        request = pb.AnalyzeRequest.FromString(row.request)
        job = Job(row.id, request, row.seat, row.created, row.deadline, next(self._order))
        job.state, job.started, job.finished_at, job.message = row.state, row.started, row.finished, row.message
        job.events = [pb.JobEvent.FromString(raw) for raw in self.db.events(row.id)]
        if job.finished and not (job.events and job.events[-1].HasField("done")):
            # its events were pruned: a watcher still gets how it ended
            job.events.append(pb.JobEvent(job_id=job.id, seq=len(job.events), time=row.finished or 0, done=pb.JobDone(
                state=row.state, succeeded=row.clips_done - row.clips_failed, failed=row.clips_failed,
                message=f"{row.message} (its clip results are no longer kept with the job: GetAnalysis has them)")))
        if row.cancel_requested:
            job.cancel_requested.set()
        for clip_row in self.db.clips(row.id):
            clip = job.clips[clip_row.idx]
            clip.state, clip.attempts = clip_row.state, clip_row.attempts
            clip.media_id, clip.settings_key = clip_row.media_id, clip_row.settings_key
        job.ok = sum(1 for c in job.clips if c.state == CLIP_DONE)
        job.failed = sum(1 for c in job.clips if c.state == CLIP_FAILED)
        job.cached = row.clips_cached
        if not job.finished:
            job.persist = self._persist
            # a kill between a clip's state and its event being written: the event is told now, so that the
            # clip is reported once, neither lost nor twice
            told = {e.clip_result.clip_index for e in job.events if e.HasField("clip_result")}
            told |= {e.clip_error.clip_index for e in job.events if e.HasField("clip_error")}
            # speaker labels stay stable across the restart: the registry sees the clips done, in order
            for clip in job.clips:
                if clip.state == CLIP_DONE and clip.media_id:
                    stored = self.results.get(clip.media_id, clip.settings_key)
                    if stored is not None:
                        relabelled = job.speakers.relabel(stored)
                        if clip.index not in told:
                            job.emit(clip_result=pb.ClipResult(clip_index=clip.index, analysis=relabelled))
                elif clip.state == CLIP_FAILED and clip.index not in told:
                    job.emit(clip_error=pb.ClipError(clip_index=clip.index, path=clip.ref.display_path or clip.ref.path,
                                                     error=pb.Error(code="failed_before_restart", message=(
                                                         "This clip failed just before the server restarted, and "
                                                         "its reason was lost with it: analyse it again to see it."))))
        return job

    # --- requests --------------------------------------------------------------------------------

    def submit(self, request: pb.AnalyzeRequest, seat: str = "", deadline: float | None = None) -> Job:
        """Queue a job; raises QueueFull (RESOURCE_EXHAUSTED) when the queue cannot take its clips."""
        count = len(request.media)
        waiting = self.queued_clips()
        limit = self.options.max_queued_clips
        if count > limit:
            self.metrics.rejected.inc(reason="too_large")
            raise QueueFull(f"This job has {count} clips and the server queues at most {limit}: send them in "
                            f"batches of {limit} or fewer.")
        if waiting + count > limit:
            self.metrics.rejected.inc(reason="queue_full")
            raise QueueFull(f"The server's queue is full ({waiting} clip(s) waiting, room for {limit}): try again "
                            "in a few minutes, or send fewer clips.")
        seat = seat or request.client_name or "anonymous"
        self._check_seat_room(seat, count)
        if not self.accepting:
            self.metrics.rejected.inc(reason="draining")
            raise Draining("This derush server is draining for maintenance and takes no new job: send it again "
                           "once it is back (your studio engineer knows when), or to another server.")
        if self.options.vocabulary:  # merged before the job is stored: a resumed job analyses with the same words
            merged = vocabulary.capped(request.options.vocabulary, self.options.vocabulary)
            request.options.vocabulary[:] = merged.entries
        job = Job(uuid.uuid4().hex[:12], request, seat, time.time(), deadline, next(self._order))
        # jobs ahead: those running now, and those waiting at this priority or higher (lower ones come after it)
        ahead = sum(1 for j in self.jobs.values() if not j.finished
                    and (j.running is not None or j.request.priority >= request.priority))
        job.emit(queued=pb.JobQueued(clip_count=count, position=ahead))
        self.db.add_job(JobRow(
            id=job.id, seat=seat, client_name=request.client_name, priority=request.priority,
            request=request.SerializeToString(), state=job.state, created=job.created, started=None, finished=None,
            deadline=deadline, message="", clips=count, clips_done=0, clips_failed=0, clips_cached=0),
            (0, job.events[0].SerializeToString()))
        job.persist = self._persist
        self.jobs[job.id] = job
        if deadline is not None:
            self._loop.call_later(max(0.0, deadline - time.time()), self._expire, job)
        log.debug("job %s queued: %d clip(s) from %s", job.id, count, seat)
        self._wakeup.set()
        return job

    def _check_seat_room(self, seat: str, count: int) -> None:
        limit = self.options.max_queued_per_seat
        if not limit:
            return
        if count > limit:
            self.metrics.rejected.inc(reason="seat_too_large")
            raise QueueFull(f"This job has {count} clips and this server queues at most {limit} per seat: send them "
                            f"in batches of {limit} or fewer.")
        waiting = self.seat_queued_clips(seat)
        if waiting + count > limit:
            self.metrics.rejected.inc(reason="seat_queue_full")
            raise QueueFull(f"Seat {seat} already has {waiting} clip(s) waiting on this server, which queues at most "
                            f"{limit} per seat so that every seat gets its turn: send these when some are done, or "
                            "cancel a job you no longer need (derush jobs --cancel JOB).")

    def seat_queued_clips(self, seat: str) -> int:
        return sum(j.queued_clips() for j in list(self.jobs.values()) if not j.finished and j.seat == seat)

    def get(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is not None:
            return job
        row = self.db.job(job_id) if job_id else None
        if row is None:
            raise JobNotFound(f"No job {job_id!r} on this server (jobs are listed by ListJobs).")
        return self._job_from_db(row)  # finished long ago: its events come back from the database

    def list(self, limit: int = 500) -> list[pb.JobSummary]:
        return [summary_of(row) for row in self.db.recent(limit)]

    def cancel(self, job_id: str, reason: str = "cancelled") -> Job:
        job = self.get(job_id)
        if job.finished:
            return job
        job.cancel_requested.set()
        self._record.update_job(job.id, cancel_requested=1)
        self._drop_queued(job)
        if job.running is None:
            self._finish(job, pb.JOB_STATE_CANCELLED,
                         "cancelled before it started" if not job.clips_done and reason == "cancelled" else reason)
        return job  # a running clip sees the flag and stops; the job ends when it has

    def pinned_uploads(self) -> set[str]:
        """Uploads that unfinished jobs still need: never evicted."""
        return {c.ref.sha256 for j in list(self.jobs.values()) if not j.finished for c in j.clips
                if c.ref.sha256 and c.state in (CLIP_QUEUED, CLIP_RUNNING)}

    def queued_clips(self) -> int:
        return sum(j.queued_clips() for j in list(self.jobs.values()) if not j.finished)

    def running_clips(self) -> int:
        return sum(1 for j in list(self.jobs.values()) if j.running is not None)

    def unfinished_jobs(self) -> int:
        return sum(1 for j in list(self.jobs.values()) if not j.finished)

    # --- scheduling ------------------------------------------------------------------------------

    def _take(self) -> tuple[Job, Clip] | None:
        now = time.time()
        ready: dict[str, Job] = {}
        for job in list(self.jobs.values()):
            if job.finished or job.running is not None or job.cancel_requested.is_set():
                continue
            if job.deadline is not None and job.deadline < now:
                self._expire(job)
                continue
            if job.next_clip() is not None:
                ready[job.id] = job
        chosen = self._scheduler.choose(
            Candidate(j.id, j.seat, j.request.priority, j.order) for j in ready.values())
        if chosen is None:
            return None
        job = ready[chosen.key]
        clip = job.next_clip()
        clip.state, clip.attempts = CLIP_RUNNING, clip.attempts + 1
        job.running = clip
        self._record.update_clip(job.id, clip.index, state=CLIP_RUNNING, attempts=clip.attempts)
        if job.state == pb.JOB_STATE_QUEUED:
            job.state, job.started = pb.JOB_STATE_RUNNING, time.time()
            self._record.update_job(job.id, state=job.state, started=job.started)
        return job, clip

    async def _worker(self) -> None:
        while not self._draining:
            taken = self._take()
            if taken is None:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            job, clip = taken
            started = time.monotonic()
            try:
                outcome = await self._loop.run_in_executor(self._pool, self._run_clip, job, clip)
            except Exception as exc:  # a bug in our job code must not kill the worker
                log.exception("job %s clip %d failed", job.id, clip.index)
                outcome = ("error", pb.Error(code="internal", message=f"Internal error: {exc}. The server log has "
                                             "details."))
            try:
                self._clip_ended(job, clip, outcome, time.monotonic() - started)
            except Exception:
                log.exception("job %s: recording clip %d failed", job.id, clip.index)
                job.running = None
            self._wakeup.set()  # this job's next clip, or another's, is ready for any worker

    def _clip_ended(self, job: Job, clip: Clip, outcome: tuple, seconds: float) -> None:
        job.running = None
        kind = outcome[0]
        if kind == "ok":
            _, analysis, cached = outcome
            clip.state, clip.media_id, clip.settings_key = CLIP_DONE, analysis.media_id, analysis.settings_key
            job.ok += 1
            job.cached += int(cached)
            self._record.update_clip(job.id, clip.index, state=CLIP_DONE, media_id=clip.media_id,
                                settings_key=clip.settings_key)
            self._update_counts(job)
            job.emit(clip_result=pb.ClipResult(clip_index=clip.index, analysis=job.speakers.relabel(analysis),
                                               cached=cached))
            self.metrics.clips.inc(outcome="cached" if cached else "analysed")
            self.metrics.clip_seconds.observe(seconds, cached="true" if cached else "false")
            if cached:
                self.metrics.cache_hits.inc()
        elif kind == "error":
            self._clip_failed(job, clip, outcome[1])
            self.metrics.clip_seconds.observe(seconds, cached="false")
        elif kind == "lost":  # the worker process died under it: another worker tries it, up to MAX_ATTEMPTS
            error = outcome[1]
            if clip.attempts < MAX_ATTEMPTS and not job.cancel_requested.is_set():
                log.warning("job %s clip %d: %s It goes back to the queue (attempt %d of %d).", job.id, clip.index,
                            error.message, clip.attempts, MAX_ATTEMPTS)
                clip.state = CLIP_QUEUED
                self._record.update_clip(job.id, clip.index, state=CLIP_QUEUED)
                self._maybe_finish(job)
                return
            self._clip_failed(job, clip, pb.Error(code=error.code, message=(
                f"{error.message} It was tried {clip.attempts} times and its worker was lost each time: the clip may "
                "be what kills it (out of memory?). The server log has details.")))
            self.metrics.clip_seconds.observe(seconds, cached="false")
        elif kind == "interrupted":  # the server is stopping: the clip goes back to the queue, not counted
            clip.state, clip.attempts = CLIP_QUEUED, max(0, clip.attempts - 1)
            self._record.update_clip(job.id, clip.index, state=CLIP_QUEUED, attempts=clip.attempts)
            return
        else:  # cancelled by the client
            clip.state = CLIP_CANCELLED
            self._record.update_clip(job.id, clip.index, state=CLIP_CANCELLED)
            self.metrics.clips.inc(outcome="cancelled")
            self._drop_queued(job)
        self._maybe_finish(job)

    def _clip_failed(self, job: Job, clip: Clip, error: pb.Error) -> None:
        clip.state = CLIP_FAILED
        job.failed += 1
        self._record.update_clip(job.id, clip.index, state=CLIP_FAILED)
        self._update_counts(job)
        display = clip.ref.display_path or clip.ref.path or clip.ref.sha256
        job.emit(clip_error=pb.ClipError(clip_index=clip.index, path=display, error=error))
        self.metrics.clips.inc(outcome="failed")
        self.metrics.errors.inc(code=error.code)
        log.debug("job %s clip %s: %s", job.id, display, error.message)

    def _update_counts(self, job: Job) -> None:
        self._record.update_job(job.id, clips_done=job.clips_done, clips_failed=job.failed, clips_cached=job.cached)

    def _drop_queued(self, job: Job) -> int:
        dropped = [c for c in job.clips if c.state == CLIP_QUEUED]
        for clip in dropped:
            clip.state = CLIP_CANCELLED
        if dropped:
            self._record.move_clips(job.id, CLIP_QUEUED, CLIP_CANCELLED)
        return len(dropped)

    def _expire(self, job: Job) -> None:
        """The client's deadline passed: its unstarted clips are dropped (a running one finishes)."""
        if job.finished:
            return
        dropped = self._drop_queued(job)
        if dropped:
            job.deadline_passed = True
            job.message = f"the client's deadline passed before {dropped} clip(s) started"
        self._maybe_finish(job)

    def _maybe_finish(self, job: Job) -> None:
        if job.finished or job.running is not None or job.next_clip() is not None:
            return
        counts = f"{job.ok} analysed, {job.failed} failed"
        if job.cancel_requested.is_set():
            self._finish(job, pb.JOB_STATE_CANCELLED, f"cancelled ({counts})")
        elif job.deadline_passed:
            self._finish(job, pb.JOB_STATE_CANCELLED, f"{job.message} ({counts})")
        else:
            self._finish(job, pb.JOB_STATE_SUCCEEDED, counts)

    def _finish(self, job: Job, state: int, message: str) -> None:
        if job.finished:
            return
        job.state, job.message, job.finished_at = state, message, time.time()
        self._record.update_job(job.id, state=state, message=message, finished=job.finished_at,
                                clips_done=job.clips_done, clips_failed=job.failed, clips_cached=job.cached)
        job.emit(done=pb.JobDone(state=state, succeeded=job.ok, failed=job.failed, message=message))
        job.persist = None
        self._record.forget_progress(job.id)
        self.metrics.jobs_finished.inc(state=state_name(state))
        # the one line per job a studio engineer reads
        log.info("job %s seat=%s clips=%d state=%s ok=%d failed=%d cached=%d duration=%.1fs waited=%.1fs%s",
                 job.id, job.seat, len(job.clips), state_name(state), job.ok, job.failed, job.cached,
                 job.finished_at - (job.started or job.created), (job.started or job.finished_at) - job.created,
                 f" ({message})" if state != pb.JOB_STATE_SUCCEEDED else "")
        self._finished[job.id] = None
        while len(self._finished) > _FINISHED_IN_MEMORY:
            old, _ = self._finished.popitem(last=False)
            self.jobs.pop(old, None)

    def _persist(self, job: Job, event: pb.JobEvent) -> None:
        try:
            self.db.add_event(job.id, event.seq, event.WhichOneof("event"), event.SerializeToString())
        except DerushError as exc:  # a full disk loses the event's copy on disk, not the job
            log.error("job %s: event %d not written down: %s", job.id, event.seq, exc.message)

    # --- worker thread ---------------------------------------------------------------------------

    def _emit(self, job: Job, **fields) -> None:
        self._loop.call_soon_threadsafe(functools.partial(job.emit, **fields))

    def _run_clip(self, job: Job, clip: Clip) -> tuple:
        count = len(job.clips)
        ref = clip.ref
        display = ref.display_path or ref.path or ref.sha256
        last = [0.0]

        def report(stage: str, fraction: float) -> None:
            now = time.monotonic()
            if now - last[0] < _PROGRESS_INTERVAL_S and fraction < 1.0:
                return
            last[0] = now
            self._emit(job, progress=pb.Progress(clip_index=clip.index, path=display, stage=stage,
                                                 clip_fraction=fraction,
                                                 job_fraction=(clip.index + fraction) / count))

        def cancelled() -> bool:
            return job.cancel_requested.is_set() or self._interrupt.is_set()

        try:
            analysis, cached = self._analyze_one(job, ref, display, ClipProgress(report), cancelled)
        except Cancelled:
            return ("interrupted",) if self._interrupt.is_set() and not job.cancel_requested.is_set() else \
                ("cancelled",)
        except WorkerLost as exc:
            return "lost", pb.Error(code=exc.code, message=exc.message)
        except DerushError as exc:
            return "error", pb.Error(code=exc.code, message=exc.message)
        except Exception as exc:
            log.exception("job %s clip %s failed", job.id, display)
            return "error", pb.Error(code="internal", message=f"Unexpected error analysing {display}: {exc}. The "
                                     "server log has details.")
        return "ok", analysis, cached

    def _analyze_one(self, job: Job, ref: pb.MediaRef, display: str, progress: ClipProgress, cancelled):
        options = job.request.options
        if ref.sha256:
            path = self.uploads.path_for(ref.sha256)
            if not path.is_file():
                raise MediaNotFound(f"No upload with sha256 {ref.sha256} on this server: upload it first.")
            self.uploads.touch(ref.sha256)
            media_id = media_id_for(ref.sha256)
        else:
            path = self.paths.resolve(ref.path)  # the box's path; never outside the served roots
            media_id = fingerprint(path, progress.stage("fingerprint"))
        if not options.force:
            stored = self.results.get(media_id, settings_key(options, self.models.data_dir))
            if stored is not None:
                stored.path = display
                progress.stage("analyze")(1.0)
                return stored, True
        if cancelled():
            raise Cancelled("analysis cancelled")
        analysis = self.runner(path, display, media_id, options, self.models, progress, cancelled)
        self.results.put(analysis)
        return analysis, False
