"""The derush.v1.Derush servicer: request checks, then jobs, stores and the cut."""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import socket
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import grpc

from inference_server import API_VERSION, __version__
from inference_server.analyzers.registry import REGISTRY, analyzer_names
from inference_server.auth import NotOperator, TokenBook, is_operator, seat_name
from inference_server.cut.preferences import PreferenceStore, lesson
from inference_server.cut.propose import find_lines, propose_cut, usable_clips
from inference_server.jobs import JobManager
from inference_server.metrics import Metrics
from inference_server.models import ModelRegistry, onnx_providers, speech_device
from inference_server.paths import MAX_PATH_CHARS, PathNotServed, PathPolicy, seat_may_name
from inference_server.search.answer import answer as search_answer
from inference_server.search.index import SearchIndex
from inference_server.store import ResultStore, UploadIncomplete, UploadStore
from protos import vocabulary
from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc
from protos.errors import DerushError, InvalidRequest, NoStoredAnalysis
from protos.media_files import sha256_of_media_id
from protos.plan_wire import plan_to_proposal

log = logging.getLogger(__name__)

MIN_PRIORITY, MAX_PRIORITY = -100, 100
# A deadline this far away is no deadline: clients that set a generous timeout do not mean "drop my work"
_NO_DEADLINE_S = 7 * 24 * 3600


def _unary(method):
    """Turn a DerushError into the matching gRPC status with its message."""

    @functools.wraps(method)
    async def wrapper(self, request, context):
        try:
            return await method(self, request, context)
        except DerushError as exc:
            await self._abort(context, exc)

    return wrapper


async def _end_of_stream(job, context) -> None:
    if not job.finished:  # the server is stopping: the job is kept and resumes at its next start
        await context.abort(grpc.StatusCode.UNAVAILABLE, f"The derush server is restarting; job {job.id} is kept and "
                            "goes on when it is back: watch it again then (WatchJob).")


def _peer_host(peer: str) -> str:
    """``ipv4:10.0.0.7:53122`` -> ``10.0.0.7``: one seat per machine, whatever port each call uses."""
    kind, _, rest = peer.partition(":")
    if kind in ("ipv4", "ipv6"):
        return rest.rsplit(":", 1)[0].strip("[]") or peer
    return peer or "anonymous"


class DerushService(pb_grpc.DerushServicer):
    def __init__(self, jobs: JobManager, models: ModelRegistry, results: ResultStore, uploads: UploadStore,
                 embedded: bool = False, *, book: TokenBook | None = None, paths: PathPolicy | None = None,
                 metrics: Metrics | None = None, search_index: SearchIndex | None = None,
                 loopback: bool = True) -> None:
        self.jobs = jobs
        self.models = models
        self.results = results
        self.uploads = uploads
        self.embedded = embedded
        self.book = book
        self.paths = paths or PathPolicy()
        self.metrics = metrics or jobs.metrics
        self.search_index = search_index
        # learned take preferences per project, in the data dir beside the results: shared by every seat
        self.preferences = PreferenceStore(results.root.parent)
        self.loopback = loopback
        # set by `derush serve` (server.serve): stop accepting, let running clips finish, then stop the process
        self.on_drain: Callable[[float], None] | None = None

    def seat(self, request: pb.AnalyzeRequest | None, context) -> str:
        """Who the server shares its time between: the token's seat, else the client's name, else its machine."""
        return (seat_name(self.book, context.invocation_metadata()) or (request.client_name if request else "")
                or _peer_host(context.peer()))

    @_unary
    async def GetServerInfo(self, request, context):
        device, _ = speech_device()
        devices = [pb.DeviceInfo(name="cpu", providers=[p for p in onnx_providers() if p == "CPUExecutionProvider"])]
        if device == "cuda":
            gpu_providers = [p for p in onnx_providers() if p != "CPUExecutionProvider"]
            devices.insert(0, pb.DeviceInfo(name="cuda:0", providers=gpu_providers))
        return pb.ServerInfo(
            version=__version__, api_version=API_VERSION, hostname=socket.gethostname(),
            models=[pb.ModelInfo(name=m.name, kind=m.kind, source=m.source, loaded=m.loaded, device=m.device)
                    for m in self.models.describe()],
            devices=devices, analyzers=list(REGISTRY), embedded=self.embedded, status=self.status(),
        )

    def status(self) -> pb.ServerStatus:
        served = [f"{m.seat_prefix} -> {m.box_root}" for m in self.paths.mappings]
        served += [str(root) for root in self.paths.allowed_roots]
        return pb.ServerStatus(
            queued_clips=self.jobs.queued_clips(), running_clips=self.jobs.running_clips(),
            max_queued_clips=self.jobs.options.max_queued_clips, workers=self.jobs.options.workers,
            unfinished_jobs=self.jobs.unfinished_jobs(), data_dir_free_bytes=self.uploads.free_bytes(),
            upload_store_bytes=self.uploads.used_bytes(), upload_cap_bytes=self.uploads.limits.cap_bytes,
            served_paths=served, closed_paths=self.paths.closed, draining=not self.jobs.accepting,
            max_queued_per_seat=self.jobs.options.max_queued_per_seat)

    async def Analyze(self, request, context):
        try:
            self._check_analyze(request)
            remaining = context.time_remaining()
            deadline = time.time() + remaining if remaining is not None and remaining < _NO_DEADLINE_S else None
            job = self.jobs.submit(request, seat=self.seat(request, context), deadline=deadline)
        except DerushError as exc:
            await self._abort(context, exc)
        async for event in self._stream(job, context):
            yield event

    async def WatchJob(self, request, context):
        try:
            job = self.jobs.get(request.job_id)
        except DerushError as exc:
            await self._abort(context, exc)
        async for event in self._stream(job, context):
            yield event

    async def _abort(self, context, exc: DerushError) -> None:
        self.metrics.errors.inc(code=exc.code)
        await context.abort(exc.status, exc.message)

    async def _stream(self, job, context):
        # a client going away ends its stream here (the call is cancelled), never the job: others may watch it
        self.metrics.open_streams.inc()
        try:
            async for event in job.stream():
                yield event
        finally:
            self.metrics.open_streams.dec()
        await _end_of_stream(job, context)

    def _stored(self, media_id: str) -> pb.ClipAnalysis | None:
        """The stored analysis, if the seat may see it (``paths.seat_may_name``): on a box with served roots, one
        seat never reads another production's results by guessing a media id; unseen reads as not stored."""
        analysis = self.results.get(media_id)
        if analysis is None:
            return None
        try:
            uploaded = self.uploads.has(sha256_of_media_id(media_id))
        except ValueError:
            uploaded = False
        return analysis if seat_may_name(self.paths, analysis.path, uploaded) else None

    @_unary
    async def GetAnalysis(self, request, context):
        analysis = self._stored(request.media_id)
        if analysis is None:
            raise NoStoredAnalysis(f"No analysis stored for {request.media_id}: analyse the clip first.")
        return analysis

    @_unary
    async def SuggestCut(self, request, context):
        if not request.media_ids:
            raise InvalidRequest("SuggestCut needs at least one media id from an analysis.")
        analyses = self._analyses(request.media_ids, "cutting")
        options = request.options
        preferences, notes = None, []
        if options.project and options.use_preferences:
            preferences, notes = self.preferences.load(options.project)
        plan = propose_cut(analyses, options, preferences)
        plan.notes += notes
        proposal = plan_to_proposal(plan)
        proposal.source_media_ids.extend(request.media_ids)
        proposal.script_text = options.script_text
        proposal.project = options.project if preferences is not None else ""
        return proposal

    def _analyses(self, media_ids, purpose: str) -> list[pb.ClipAnalysis]:
        analyses = []
        for media_id in media_ids:
            analysis = self._stored(media_id)
            if analysis is None:
                raise NoStoredAnalysis(f"No analysis stored for {media_id}: analyse the clip before {purpose}.")
            analyses.append(analysis)
        return analyses

    @_unary
    async def LearnPreferences(self, request, context):
        if not request.media_ids:
            raise InvalidRequest("LearnPreferences needs the media ids the cut was made from (its JSON's "
                                 "source_media_ids): cut again with this version of derush.")
        analyses = usable_clips(self._analyses(request.media_ids, "learning from its cut"))
        lines, _ = find_lines(analyses, request.options)
        taught = lesson(lines, analyses, list(request.used), list(request.options.favour),
                        list(request.proposed))
        prefs, notes = await asyncio.to_thread(self.preferences.learn, request.project, taught.pairs, taught.lines,
                                               taught.handles)
        return prefs.to_proto(notes + taught.notes)

    @_unary
    async def GetPreferences(self, request, context):
        prefs, notes = self.preferences.load(request.project)
        return prefs.to_proto(notes)

    @_unary
    async def ResetPreferences(self, request, context):
        return self.preferences.reset(request.project).to_proto()

    def _operator(self, context) -> bool:
        return is_operator(self.book, context.invocation_metadata(), self.loopback)

    @_unary
    async def CancelJob(self, request, context):
        job = self.jobs.get(request.job_id)
        if self.book is not None and job.seat != self.seat(None, context) and not self._operator(context):
            raise NotOperator(f"Job {job.id} belongs to seat {job.seat}: a seat cancels its own jobs only. Ask "
                              "that seat, or your studio engineer (an operator token cancels any job).")
        job = self.jobs.cancel(request.job_id)
        return pb.CancelJobResponse(cancelled=job.cancel_requested.is_set(), state=job.state)

    @_unary
    async def ListJobs(self, request, context):
        return pb.ListJobsResponse(jobs=self.jobs.list())

    @_unary
    async def DrainServer(self, request, context):
        if not self._operator(context):
            raise NotOperator("Draining the server is for an operator token (the tokens file's third word "
                              "`operator`): ask your studio engineer.")
        if self.on_drain is None:
            raise InvalidRequest("The built-in server stops with the command that started it; only `derush serve` "
                                 "is drained.")
        if request.grace_s < 0 or math.isnan(request.grace_s):
            raise InvalidRequest(f"grace_s {request.grace_s} is not a number of seconds (0: as long as needed).")
        running, queued = self.jobs.running_clips(), self.jobs.queued_clips()
        self.on_drain(request.grace_s or math.inf)
        log.info("draining at an operator's request (%s): %d running clip(s) finish, %d queued kept",
                 self.seat(None, context), running, queued)
        return pb.DrainServerResponse(running_clips=running, queued_clips=queued, message=(
            f"Draining: no new job is accepted; {running} running clip(s) finish, then the server stops. "
            f"{queued} queued clip(s) are kept and go on at its next start."))

    @_unary
    async def GetUploadStatus(self, request, context):
        return self.uploads.status(request.sha256, request.size)

    @_unary
    async def Search(self, request, context):
        index = self._search_index()
        return await asyncio.to_thread(search_answer, index, request, self.paths, self.uploads)

    @_unary
    async def RebuildSearchIndex(self, request, context):
        index = self._search_index()
        began = time.perf_counter()
        clips = await asyncio.to_thread(index.rebuild)
        return pb.RebuildSearchIndexResponse(clips=clips, seconds=time.perf_counter() - began)

    def _search_index(self) -> SearchIndex:
        if self.search_index is None:
            raise DerushError("This server was started without a search index; restart it with `derush serve`.")
        return self.search_index

    async def UploadMedia(self, request_iterator, context):
        receiver = _UploadReceiver(self.uploads, self.metrics)
        try:
            async for chunk in request_iterator:
                answer = await receiver.take(chunk)
                if answer is not None:  # already stored: nothing more to receive
                    return answer
            return await receiver.finish()
        except DerushError as exc:
            receiver.failed(exc)
            await self._abort(context, exc)
        except BaseException:  # the client went away mid-upload: keep what arrived, it can resume from there
            receiver.interrupted()
            raise
        finally:
            receiver.close()

    def _check_analyze(self, request: pb.AnalyzeRequest) -> None:
        if not request.media:
            raise InvalidRequest("Analyze needs at least one clip (a path or an uploaded sha256).")
        if not MIN_PRIORITY <= request.priority <= MAX_PRIORITY:
            raise InvalidRequest(f"Priority {request.priority} is out of range: use 10 for interactive work (a rough "
                                 f"cut), 0 for bulk tagging ({MIN_PRIORITY}..{MAX_PRIORITY}).")
        refused: list[PathNotServed] = []
        for n, ref in enumerate(request.media):
            if not ref.path and not ref.sha256:
                raise InvalidRequest(f"Clip {n} has neither a path nor a sha256.")
            if ref.sha256:
                self.uploads.path_for(ref.sha256)  # InvalidRequest unless 64 hex digits
            elif len(ref.path) > MAX_PATH_CHARS:
                raise InvalidRequest(f"Clip {n}'s path is longer than {MAX_PATH_CHARS} characters.")
            elif self.paths.active:
                try:
                    self.paths.resolve(ref.path)
                except PathNotServed as exc:
                    refused.append(exc)
        if refused and len(refused) == len(request.media):
            # nothing here could run: say so at once (a mix runs, and each refused clip fails alone)
            raise refused[0] if len(refused) == 1 else PathNotServed(
                f"None of the {len(refused)} clips is under a folder this server serves. " + refused[0].message)
        analyzer_names(request.options)
        vocabulary.check(request.options.vocabulary)


class _UploadReceiver:
    """One UploadMedia call. Chunks are hashed and written on the upload's own thread, a few chunks behind the
    network, so that receiving, hashing and writing overlap and the event loop never waits on the disk."""

    AHEAD = 4  # chunks in flight to the writer thread: bounded, so a slow disk slows the client down

    def __init__(self, uploads: UploadStore, metrics: Metrics) -> None:
        self.uploads = uploads
        self.metrics = metrics
        self.writer = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="derush-upload")
        self._pending: deque[asyncio.Future] = deque()

    def _run(self, function, *args) -> asyncio.Future:
        return asyncio.get_running_loop().run_in_executor(self._thread, function, *args)

    async def take(self, chunk: pb.UploadChunk) -> pb.UploadResult | None:
        if self.writer is None:
            if not chunk.HasField("header"):
                raise InvalidRequest("An upload starts with a header (sha256, size, filename).")
            header = chunk.header
            if self.uploads.status(header.sha256).complete:
                return pb.UploadResult(sha256=header.sha256, size=header.size, already_present=True)
            self.writer = await self._run(self.uploads.begin, header)
        elif chunk.HasField("data"):
            self._pending.append(self._run(self.writer.write, chunk.data))
            self.metrics.upload_bytes.inc(len(chunk.data))
            if len(self._pending) >= self.AHEAD:
                await self._pending.popleft()
        else:
            raise InvalidRequest("An upload has one header, first; the other messages carry data.")
        return None

    async def finish(self) -> pb.UploadResult:
        writer = self.writer
        if writer is None:
            raise InvalidRequest("Empty upload: send a header, then the file's bytes.")
        while self._pending:
            await self._pending.popleft()
        if writer.size < writer.header.size:
            # the stream ended early (a client gone reads as an end here too): keep the bytes for a resume
            await self._run(writer.keep_for_resume)
            raise UploadIncomplete(f"The upload of {writer.header.filename or writer.header.sha256} stopped after "
                                   f"{writer.size} of {writer.header.size} bytes: the server keeps them; resume from "
                                   "there (GetUploadStatus gives the offset).")
        stored = await self._run(writer.commit)
        log.info("upload %s (%s, %d bytes%s) stored", writer.header.sha256[:12], writer.header.filename, writer.size,
                 f", resumed at {writer.resumed_from}" if writer.resumed_from else "")
        return pb.UploadResult(sha256=writer.header.sha256, size=writer.size, already_present=not stored,
                               resumed_from=writer.resumed_from)

    def failed(self, exc: DerushError) -> None:
        # after the queued writes, on the same thread: never a file closed under a write
        if self.writer is not None and not isinstance(exc, UploadIncomplete):
            self._thread.submit(self.writer.discard)

    def interrupted(self) -> None:
        if self.writer is not None:
            self._thread.submit(self.writer.keep_for_resume)

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._thread.shutdown(wait=False)
