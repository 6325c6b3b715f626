"""The derush.v1.Derush servicer: request checks, then jobs, stores and the cut."""

from __future__ import annotations

import functools
import logging
import socket

from inference_server import API_VERSION, __version__
from inference_server.analyzers import REGISTRY
from inference_server.cut.plan_proto import plan_to_proposal
from inference_server.cut.propose import propose_cut
from inference_server.engine import analyzer_names
from inference_server.errors import DerushError, InvalidRequest, NoStoredAnalysis
from inference_server.jobs import JobManager
from inference_server.models import ModelRegistry, onnx_providers, speech_device
from inference_server.store import ResultStore, UploadStore
from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc

log = logging.getLogger(__name__)


def _unary(method):
    """Turn a DerushError into the matching gRPC status with its message."""

    @functools.wraps(method)
    async def wrapper(self, request, context):
        try:
            return await method(self, request, context)
        except DerushError as exc:
            await context.abort(exc.status, exc.message)

    return wrapper


class DerushService(pb_grpc.DerushServicer):
    def __init__(self, jobs: JobManager, models: ModelRegistry, results: ResultStore, uploads: UploadStore,
                 embedded: bool = False) -> None:
        self.jobs = jobs
        self.models = models
        self.results = results
        self.uploads = uploads
        self.embedded = embedded

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
            devices=devices, analyzers=list(REGISTRY), embedded=self.embedded,
        )

    async def Analyze(self, request, context):
        try:
            _check_analyze(request)
        except DerushError as exc:
            await context.abort(exc.status, exc.message)
        job = self.jobs.submit(request)
        async for event in job.stream():
            yield event

    async def WatchJob(self, request, context):
        try:
            job = self.jobs.get(request.job_id)
        except DerushError as exc:
            await context.abort(exc.status, exc.message)
        async for event in job.stream():
            yield event

    @_unary
    async def GetAnalysis(self, request, context):
        analysis = self.results.get(request.media_id)
        if analysis is None:
            raise NoStoredAnalysis(f"No analysis stored for {request.media_id}: analyse the clip first.")
        return analysis

    @_unary
    async def SuggestCut(self, request, context):
        if not request.media_ids:
            raise InvalidRequest("SuggestCut needs at least one media id from an analysis.")
        analyses = []
        for media_id in request.media_ids:
            analysis = self.results.get(media_id)
            if analysis is None:
                raise NoStoredAnalysis(f"No analysis stored for {media_id}: analyse the clip before cutting.")
            analyses.append(analysis)
        plan = propose_cut(analyses, request.options)
        return plan_to_proposal(plan)

    @_unary
    async def CancelJob(self, request, context):
        job = self.jobs.cancel(request.job_id)
        return pb.CancelJobResponse(cancelled=job.cancel_requested.is_set(), state=job.state)

    @_unary
    async def ListJobs(self, request, context):
        return pb.ListJobsResponse(jobs=[job.summary() for job in self.jobs.jobs.values()])

    async def UploadMedia(self, request_iterator, context):
        writer = None
        try:
            async for chunk in request_iterator:
                if writer is None:
                    if not chunk.HasField("header"):
                        raise InvalidRequest("An upload starts with a header (sha256, size, filename).")
                    writer = self.uploads.begin(chunk.header)
                elif chunk.HasField("data"):
                    writer.write(chunk.data)
            if writer is None:
                raise InvalidRequest("Empty upload: send a header, then the file's bytes.")
            stored = writer.commit()
            return pb.UploadResult(sha256=writer.header.sha256, size=writer.size, already_present=not stored)
        except DerushError as exc:
            if writer is not None:
                writer.abort()
            await context.abort(exc.status, exc.message)
        except BaseException:  # client gone mid-upload, or cancelled: leave no partial file
            if writer is not None:
                writer.abort()
            raise


def _check_analyze(request: pb.AnalyzeRequest) -> None:
    if not request.media:
        raise InvalidRequest("Analyze needs at least one clip (a path or an uploaded sha256).")
    for n, ref in enumerate(request.media):
        if not ref.path and not ref.sha256:
            raise InvalidRequest(f"Clip {n} has neither a path nor a sha256.")
    analyzer_names(request.options)
