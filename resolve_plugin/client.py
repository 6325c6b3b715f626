"""A typed client for the derush server: deadlines, retry on UNAVAILABLE, progress callbacks.

Used by the CLI and the panel. Retries are gRPC's own (a service-config retry policy), so they apply
to every call the same way and never re-send a call the server has started answering.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from protos.channel import MAX_MESSAGE_BYTES, UPLOAD_CHUNK_BYTES
from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc
from protos.media_files import sha256_file
from protos.tls import ClientTls

SERVICE = "derush.v1.Derush"

_RETRY_POLICY = {
    "methodConfig": [{
        "name": [{"service": SERVICE}, {"service": "grpc.health.v1.Health"}],
        "retryPolicy": {
            "maxAttempts": 5,
            "initialBackoff": "0.2s",
            "maxBackoff": "2s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        },
    }]
}

EventCallback = Callable[[pb.JobEvent], None]


class ClientError(Exception):
    """A call failed; ``code`` is the gRPC status, the message says what to do."""

    def __init__(self, message: str, code: grpc.StatusCode | None = None) -> None:
        super().__init__(message)
        self.code = code


class ServerUnavailable(ClientError):
    pass


@dataclass
class AnalyzeOutcome:
    job_id: str = ""
    state: int = pb.JOB_STATE_UNSPECIFIED
    # one entry per requested clip, in order: its analysis, or the error that stopped it
    results: list[pb.ClipAnalysis | None] = field(default_factory=list)
    errors: list[pb.Error | None] = field(default_factory=list)
    cached: list[bool] = field(default_factory=list)
    message: str = ""


def media_refs(paths: Iterable[str | os.PathLike]) -> list[pb.MediaRef]:
    """References to files the server can open at the same paths (same machine or shared storage)."""
    refs = []
    for path in paths:
        absolute = str(Path(path).expanduser().absolute())
        refs.append(pb.MediaRef(path=absolute, display_path=absolute))
    return refs


class DerushClient:
    def __init__(self, address: str, token: str | None = None, timeout_s: float = 30.0,
                 tls: ClientTls | None = None) -> None:
        self.address = address
        self.timeout_s = timeout_s
        self.tls = tls
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()
        options = [
            ("grpc.enable_retries", 1),
            ("grpc.service_config", json.dumps(_RETRY_POLICY)),
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            # reconnect quickly to a server that is (re)starting; gRPC's default waits a second first
            ("grpc.initial_reconnect_backoff_ms", 200),
            ("grpc.max_reconnect_backoff_ms", 5000),
        ]
        self._channel = grpc.secure_channel(address, tls.credentials(), options=options) if tls else \
            grpc.insecure_channel(address, options=options)
        self._stub = pb_grpc.DerushStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> DerushClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- calls ---------------------------------------------------------------------------------

    def wait_until_ready(self, timeout_s: float = 5.0) -> None:
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout_s)
        except grpc.FutureTimeoutError:
            raise self._unavailable() from None

    def health(self) -> str:
        response = self._call(self._health.Check, health_pb2.HealthCheckRequest(service=SERVICE))
        return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)

    def server_info(self) -> pb.ServerInfo:
        return self._call(self._stub.GetServerInfo, pb.GetServerInfoRequest())

    def get_analysis(self, media_id: str) -> pb.ClipAnalysis:
        return self._call(self._stub.GetAnalysis, pb.GetAnalysisRequest(media_id=media_id))

    def suggest_cut(self, media_ids: list[str], options: pb.CutOptions | None = None) -> pb.CutProposal:
        request = pb.SuggestCutRequest(media_ids=media_ids, options=options or pb.CutOptions())
        return self._call(self._stub.SuggestCut, request, timeout_s=max(self.timeout_s, 120.0))

    def cancel(self, job_id: str) -> pb.CancelJobResponse:
        return self._call(self._stub.CancelJob, pb.CancelJobRequest(job_id=job_id))

    def list_jobs(self) -> list[pb.JobSummary]:
        return list(self._call(self._stub.ListJobs, pb.ListJobsRequest()).jobs)

    def drain(self, grace_s: float = 0.0) -> pb.DrainServerResponse:
        """Maintenance (an operator's token): no new job, running clips finish (``grace_s``; 0: no limit), stop."""
        return self._call(self._stub.DrainServer, pb.DrainServerRequest(grace_s=grace_s))

    def search(self, request: pb.SearchRequest) -> pb.SearchResponse:
        """Hits in every analysis the server stores, best first (``derush search``, the panel's Search tab)."""
        return self._call(self._stub.Search, request)

    def rebuild_search_index(self) -> pb.RebuildSearchIndexResponse:
        return self._call(self._stub.RebuildSearchIndex, pb.RebuildSearchIndexRequest(), timeout_s=max(self.timeout_s,
                                                                                                          600.0))

    def learn_preferences(self, request: pb.LearnPreferencesRequest) -> pb.ProjectPreferences:
        """Teach a project's take preferences from the takes the editor used (``derush learn``)."""
        return self._call(self._stub.LearnPreferences, request)

    def get_preferences(self, project: str) -> pb.ProjectPreferences:
        return self._call(self._stub.GetPreferences, pb.GetPreferencesRequest(project=project))

    def reset_preferences(self, project: str) -> pb.ProjectPreferences:
        return self._call(self._stub.ResetPreferences, pb.GetPreferencesRequest(project=project))

    def analyze(
        self,
        media: list[pb.MediaRef],
        options: pb.AnalysisOptions | None = None,
        priority: int = 0,
        client_name: str = "",
        on_event: EventCallback | None = None,
        timeout_s: float | None = None,
    ) -> AnalyzeOutcome:
        """Run an analysis job and wait for it, calling ``on_event`` for every event (progress...)."""
        request = pb.AnalyzeRequest(media=media, options=options or pb.AnalysisOptions(), priority=priority,
                                    client_name=client_name)
        stream = self._stream(self._stub.Analyze, request, timeout_s)
        return _collect(stream, len(media), on_event)

    def watch(self, job_id: str, clip_count: int, on_event: EventCallback | None = None) -> AnalyzeOutcome:
        stream = self._stream(self._stub.WatchJob, pb.WatchJobRequest(job_id=job_id), None)
        return _collect(stream, clip_count, on_event)

    def upload_status(self, sha256: str, size: int = 0) -> pb.UploadStatus:
        return self._call(self._stub.GetUploadStatus, pb.GetUploadStatusRequest(sha256=sha256, size=size))

    def upload(self, path: Path, on_progress: Callable[[float], None] | None = None,
               retry_for_s: float = 60.0) -> pb.UploadResult:
        """Send a file the server cannot see; returns its sha256 for a ``MediaRef``.

        A file the server already holds is not sent again. When the connection breaks (the server restarts, the
        network drops) the upload resumes from the bytes the server kept, for up to ``retry_for_s`` seconds.
        """
        path = Path(path)
        size = path.stat().st_size
        sha256 = sha256_file(path)
        started = time.monotonic()
        backoff = 0.2
        while True:
            try:
                status = self.upload_status(sha256, size)
                if status.complete:
                    if on_progress:
                        on_progress(1.0)
                    return pb.UploadResult(sha256=sha256, size=size, already_present=True)
                header = pb.UploadHeader(sha256=sha256, size=size, filename=path.name, offset=status.offset)
                return self._call(self._stub.UploadMedia, _upload_chunks(path, header, on_progress),
                                  timeout_s=max(self.timeout_s, (size - status.offset) / 5e6 + 30))
            except ClientError as exc:
                # a broken connection, or another call of ours still holding the file: ask again, resume
                if exc.code not in _RESUMABLE or time.monotonic() - started > retry_for_s:
                    raise
            time.sleep(backoff)
            backoff = min(backoff * 2, 2.0)

    # --- plumbing ------------------------------------------------------------------------------

    def _unavailable(self) -> ServerUnavailable:
        if self.tls is None:
            hint = " If it uses TLS, add --tls-ca CA.pem (or --tls)."
        else:
            hint = (" With TLS, also check that its certificate is signed by the CA you gave (--tls-ca) and names "
                    "this address, and that this seat's certificate (--tls-cert) is one it accepts.")
        return ServerUnavailable(
            f"No derush server answers at {self.address}: start one with `derush serve --listen "
            f"{self.address}`, or leave out --server to use the built-in one." + hint,
            grpc.StatusCode.UNAVAILABLE,
        )

    def _connected(self) -> bool:
        try:
            grpc.channel_ready_future(self._channel).result(timeout=0.5)
            return True
        except grpc.FutureTimeoutError:
            return False

    def _call(self, method, request, timeout_s: float | None = None):
        try:
            return method(request, timeout=timeout_s or self.timeout_s, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise self._error(exc) from None

    def _stream(self, method, request, timeout_s: float | None) -> Iterator[pb.JobEvent]:
        try:
            yield from method(request, timeout=timeout_s, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise self._error(exc) from None

    def _error(self, exc: grpc.RpcError) -> ClientError:
        code = exc.code()
        if code == grpc.StatusCode.UNAVAILABLE:
            return self._unavailable()
        if code == grpc.StatusCode.DEADLINE_EXCEEDED:
            if not self._connected():  # never reached it (TLS spoken to plaintext, say), retried until the deadline
                return self._unavailable()
            return ClientError(f"The server at {self.address} did not answer in time; it may be overloaded. "
                               "Try again, or raise the timeout.", code)
        return ClientError(exc.details() or code.name, code)


_RESUMABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.ABORTED, grpc.StatusCode.CANCELLED,
              grpc.StatusCode.OUT_OF_RANGE)


def _upload_chunks(path: Path, header: pb.UploadHeader,
                   on_progress: Callable[[float], None] | None) -> Iterator[pb.UploadChunk]:
    yield pb.UploadChunk(header=header)
    sent = header.offset
    with path.open("rb") as f:
        f.seek(header.offset)
        while data := f.read(UPLOAD_CHUNK_BYTES):
            sent += len(data)
            if on_progress and header.size:
                on_progress(sent / header.size)
            yield pb.UploadChunk(data=data)


def _collect(stream: Iterator[pb.JobEvent], count: int, on_event: EventCallback | None) -> AnalyzeOutcome:
    outcome = AnalyzeOutcome(results=[None] * count, errors=[None] * count, cached=[False] * count)
    for event in stream:
        outcome.job_id = event.job_id
        if on_event:
            on_event(event)
        kind = event.WhichOneof("event")
        if kind == "clip_result":
            outcome.results[event.clip_result.clip_index] = event.clip_result.analysis
            outcome.cached[event.clip_result.clip_index] = event.clip_result.cached
        elif kind == "clip_error":
            outcome.errors[event.clip_error.clip_index] = event.clip_error.error
        elif kind == "done":
            outcome.state = event.done.state
            outcome.message = event.done.message
    for index in range(count):  # a clip the job never reached (cancelled) still gets an error
        if outcome.results[index] is None and outcome.errors[index] is None:
            outcome.errors[index] = pb.Error(code="not_analysed", message="The job ended before this clip: "
                                             + (outcome.message or "stream closed"))
    return outcome
