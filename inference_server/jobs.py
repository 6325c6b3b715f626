"""Jobs: a priority queue of analysis requests, worker threads, and each job's event log.

Every event a job emits is kept, so any number of callers can stream it from the start (Analyze, then
WatchJob after a reconnect). Events are appended on the event loop's thread only; worker threads hand
them over with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from inference_server.engine import ClipProgress, analyze_clip, fingerprint, settings_key
from inference_server.errors import Cancelled, DerushError, JobNotFound, MediaNotFound
from inference_server.media.fingerprint import media_id_for
from inference_server.models import ModelRegistry
from inference_server.speaker_registry import SpeakerRegistry
from inference_server.store import ResultStore, UploadStore
from protos.derush.v1 import derush_pb2 as pb

log = logging.getLogger(__name__)

_FINAL = (pb.JOB_STATE_SUCCEEDED, pb.JOB_STATE_FAILED, pb.JOB_STATE_CANCELLED)
_PROGRESS_INTERVAL_S = 0.2


class Job:
    def __init__(self, request: pb.AnalyzeRequest) -> None:
        self.id = uuid.uuid4().hex[:12]
        self.request = request
        self.state = pb.JOB_STATE_QUEUED
        self.created = time.time()
        self.clips_done = 0
        self.events: list[pb.JobEvent] = []
        self.cancel_requested = threading.Event()
        self.speakers = SpeakerRegistry()  # labels stable across this job's clips
        self._wake = asyncio.Event()

    @property
    def finished(self) -> bool:
        return self.state in _FINAL

    def emit(self, **fields) -> None:
        """Append an event (event-loop thread only) and wake every stream."""
        self.events.append(pb.JobEvent(job_id=self.id, seq=len(self.events), time=time.time(), **fields))
        self._wake.set()
        self._wake = asyncio.Event()

    async def stream(self):
        """All events from the first, then live ones, until the job is done."""
        sent = 0
        while True:
            while sent < len(self.events):
                event = self.events[sent]
                sent += 1
                yield event
                if event.HasField("done"):
                    return
            await self._wake.wait()

    def summary(self) -> pb.JobSummary:
        return pb.JobSummary(
            job_id=self.id, state=self.state, clip_count=len(self.request.media), clips_done=self.clips_done,
            created=self.created, client_name=self.request.client_name, priority=self.request.priority,
        )


class JobManager:
    def __init__(self, models: ModelRegistry, results: ResultStore, uploads: UploadStore, workers: int = 1) -> None:
        self.models = models
        self.results = results
        self.uploads = uploads
        self.jobs: dict[str, Job] = {}
        self._workers = workers
        self._queue: asyncio.PriorityQueue | None = None
        self._order = itertools.count()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="derush-job")
        self._tasks: list[asyncio.Task] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue = asyncio.PriorityQueue()
        self._tasks = [asyncio.create_task(self._worker()) for _ in range(self._workers)]

    async def stop(self) -> None:
        for job in self.jobs.values():
            job.cancel_requested.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, request: pb.AnalyzeRequest) -> Job:
        job = Job(request)
        self.jobs[job.id] = job
        ahead = sum(1 for j in self.jobs.values() if not j.finished and j is not job)
        self._queue.put_nowait((-request.priority, next(self._order), job))
        job.emit(queued=pb.JobQueued(clip_count=len(request.media), position=ahead))
        log.info("job %s queued: %d clip(s) from %s", job.id, len(request.media), request.client_name or "?")
        return job

    def get(self, job_id: str) -> Job:
        try:
            return self.jobs[job_id]
        except KeyError:
            raise JobNotFound(f"No job {job_id!r} on this server (jobs are listed by ListJobs).") from None

    def cancel(self, job_id: str) -> Job:
        job = self.get(job_id)
        if not job.finished:
            job.cancel_requested.set()
            if job.state == pb.JOB_STATE_QUEUED:
                self._finish(job, pb.JOB_STATE_CANCELLED, 0, 0, "cancelled before it started")
        return job

    async def _worker(self) -> None:
        while True:
            _, _, job = await self._queue.get()
            if job.finished:
                continue
            job.state = pb.JOB_STATE_RUNNING
            started = time.monotonic()
            try:
                ok, failed = await self._loop.run_in_executor(self._pool, self._run, job)
            except Exception as exc:  # a bug in our job code must not kill the worker
                log.exception("job %s failed", job.id)
                self._finish(job, pb.JOB_STATE_FAILED, 0, 0, f"internal error: {exc}")
                continue
            if job.cancel_requested.is_set():
                self._finish(job, pb.JOB_STATE_CANCELLED, ok, failed, "cancelled")
            else:
                self._finish(job, pb.JOB_STATE_SUCCEEDED, ok, failed, f"{ok} analysed, {failed} failed")
            log.info("job %s done in %.1fs: %d ok, %d failed", job.id, time.monotonic() - started, ok, failed)

    def _finish(self, job: Job, state: int, ok: int, failed: int, message: str) -> None:
        if job.finished:
            return
        job.state = state
        job.emit(done=pb.JobDone(state=state, succeeded=ok, failed=failed, message=message))

    # --- worker thread ---------------------------------------------------------------------------

    def _emit(self, job: Job, **fields) -> None:
        self._loop.call_soon_threadsafe(functools.partial(job.emit, **fields))

    def _run(self, job: Job) -> tuple[int, int]:
        ok = failed = 0
        count = len(job.request.media)
        for index, ref in enumerate(job.request.media):
            if job.cancel_requested.is_set():
                break
            display = ref.display_path or ref.path or ref.sha256
            last = [0.0]

            def report(stage: str, fraction: float, index=index, display=display, last=last) -> None:
                now = time.monotonic()
                if now - last[0] < _PROGRESS_INTERVAL_S and fraction < 1.0:
                    return
                last[0] = now
                self._emit(job, progress=pb.Progress(
                    clip_index=index, path=display, stage=stage, clip_fraction=fraction,
                    job_fraction=(index + fraction) / count,
                ))

            try:
                analysis, cached = self._analyze_one(job, ref, display, ClipProgress(report))
            except Cancelled:
                break
            except DerushError as exc:
                failed += 1
                log.info("job %s clip %s: %s", job.id, display, exc.message)
                self._emit(job, clip_error=pb.ClipError(
                    clip_index=index, path=display, error=pb.Error(code=exc.code, message=exc.message)))
            except Exception as exc:
                failed += 1
                log.exception("job %s clip %s failed", job.id, display)
                message = f"Unexpected error analysing {display}: {exc}. The server log has details."
                self._emit(job, clip_error=pb.ClipError(
                    clip_index=index, path=display, error=pb.Error(code="internal", message=message)))
            else:
                ok += 1
                analysis = job.speakers.relabel(analysis)
                self._emit(job, clip_result=pb.ClipResult(clip_index=index, analysis=analysis, cached=cached))
            job.clips_done += 1
        return ok, failed

    def _analyze_one(self, job: Job, ref: pb.MediaRef, display: str, progress: ClipProgress):
        options = job.request.options
        if ref.sha256:
            path = self.uploads.path_for(ref.sha256)
            if not path.is_file():
                raise MediaNotFound(f"No upload with sha256 {ref.sha256} on this server: upload it first.")
            media_id = media_id_for(ref.sha256)
        else:
            path = Path(ref.path)
            media_id = fingerprint(path, progress.stage("fingerprint"))
        if not options.force:
            stored = self.results.get(media_id, settings_key(options, self.models.data_dir))
            if stored is not None:
                stored.path = display
                progress.stage("analyse")(1.0)
                return stored, True
        analysis = analyze_clip(path, display, media_id, options, self.models, progress,
                                job.cancel_requested.is_set)
        self.results.put(analysis)
        return analysis, False
