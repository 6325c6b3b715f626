"""The gRPC server: derush.v1 plus standard health checking and reflection.

``serve()`` runs it in the foreground (``derush serve``); ``EmbeddedServer`` runs the very same server on
a free loopback port in a background thread, for CLI commands started without ``--server``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from inference_server import __version__
from inference_server.auth import AuthInterceptor, TokenBook
from inference_server.grpc_service import DerushService
from inference_server.guard import MalformedRequestInterceptor
from inference_server.job_db import JobDB
from inference_server.jobs import JobManager, JobOptions, state_name
from inference_server.metrics import Metrics, MetricsServer
from inference_server.models import ModelRegistry
from inference_server.paths import PathPolicy, load_policy
from inference_server.search.index import INDEX_FILE, SearchIndex
from inference_server.store import ResultStore, UploadLimits, UploadStore
from protos.channel import DEFAULT_LISTEN, MAX_MESSAGE_BYTES
from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc
from protos.errors import DerushError
from protos.tls import ServerTls

log = logging.getLogger(__name__)

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Derush"].full_name
JOBS_DB = "jobs.sqlite3"


def default_data_dir() -> Path:
    if os.environ.get("DERUSH_DATA_DIR"):
        return Path(os.environ["DERUSH_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "derush"


@dataclass
class ServerConfig:
    listen: str = DEFAULT_LISTEN
    data_dir: Path = None  # type: ignore[assignment]
    workers: int = 1
    embedded: bool = False
    #: one token per seat (auth.py); required when listening beyond loopback
    tokens_file: Path | None = None
    tls: ServerTls | None = None
    #: listen beyond loopback without tokens (a trusted network only): an explicit choice, never a default
    allow_anonymous: bool = False
    #: seats' folders mapped to the server's (``SEAT=BOX``, or files of such lines); paths elsewhere are refused
    path_map: list[str] = field(default_factory=list)
    #: server folders that seats may name directly (same mount point on both sides)
    allow_roots: list[str] = field(default_factory=list)
    #: most space uploads may take, GB (0: no cap); least recently used uploads are evicted past it
    upload_cap_gb: float = 0.0
    #: refuse uploads that would leave less than this free on the data dir's disk, GB
    min_free_gb: float = 0.25
    #: clips waiting in the queue, all jobs together; past it Analyze answers RESOURCE_EXHAUSTED
    max_queued: int = 1000
    #: Prometheus metrics over HTTP on this port (None: off); on the gRPC listen host unless metrics_host says
    metrics_port: int | None = None
    metrics_host: str | None = None
    #: on SIGTERM, how long a running clip may take to finish before it is interrupted and requeued
    shutdown_grace_s: float = 20.0
    #: analyse clips on Ray: "local", "auto" or the cluster's HOST:PORT (None: in this process); cluster.py
    ray: str | None = None
    #: CPUs and GPUs each Ray actor reserves (Ray places actors on machines that have them)
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0
    #: refuse seat paths outside path_map/allow_roots even on loopback (behind a proxy or an SSH tunnel); always
    #: so beyond loopback
    refuse_unmapped: bool = False
    #: clips one seat may have waiting; past it that seat's jobs are refused, the others' still go in (0: no limit)
    max_queued_per_seat: int = 0
    #: words every job's speech should expect, after each job's own (``--vocabulary``, ``--vocabulary-file``)
    vocabulary: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.data_dir is None:
            self.data_dir = default_data_dir()
        for option, value in (("--max-queued-per-seat", self.max_queued_per_seat),
                              ("--cpus-per-worker", self.cpus_per_worker), ("--gpus-per-worker", self.gpus_per_worker)):
            if value < 0:
                raise ServerConfigError(f"{option} {value} is negative: give 0 or more.")


def is_loopback(listen: str) -> bool:
    host = listen.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RunningServer:
    def __init__(self, server: grpc.aio.Server, jobs: JobManager, port: int, health_servicer,
                 service: DerushService, metrics_server: MetricsServer | None = None) -> None:
        self.server = server
        self.jobs = jobs
        self.port = port
        self.health = health_servicer
        self.service = service
        self.metrics_server = metrics_server
        self.lock: DataDirLock | None = None
        self.runner = None  # the Ray clip runner, with --ray

    @property
    def metrics_port(self) -> int | None:
        return self.metrics_server.port if self.metrics_server else None

    async def stop(self, grace: float = 2.0) -> None:
        """Health says NOT_SERVING, the running clips finish (or are requeued after ``grace``), then calls end."""
        await self.health.enter_graceful_shutdown()
        await self.jobs.stop(grace)  # calls are still answered meanwhile: new jobs are kept for the next start
        await self.server.stop(0.5)
        if self.service.search_index is not None:
            self.service.search_index.close()
        if self.metrics_server is not None:
            self.metrics_server.stop()
        if self.lock is not None:
            self.lock.release()
        if self.runner is not None:
            self.runner.close()


class ServerConfigError(DerushError):
    code = "bad_server_config"


class DataDirLock:
    """One `derush serve` per data dir: two would resume (and run) each other's jobs."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "serve.lock"
        self._file = None

    def acquire(self) -> DataDirLock:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks here; one service per data dir is the installer's job
            return self
        self._file = self.path.open("a+")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._file.seek(0)
            holder = self._file.read().strip() or "?"
            self._file.close()
            raise ServerConfigError(f"Another derush server (pid {holder}) already uses the data dir "
                                    f"{self.path.parent}: stop it, or give this one its own --data-dir.") from None
        self._file.seek(0)
        self._file.truncate()
        self._file.write(str(os.getpid()))
        self._file.flush()
        return self

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


def _token_book(config: ServerConfig) -> TokenBook | None:
    if config.tokens_file is not None:
        return TokenBook.from_file(config.tokens_file)
    if not is_loopback(config.listen) and not config.allow_anonymous:
        raise ServerConfigError(
            f"Listening on {config.listen} opens the server to the network: give --tokens FILE (one `NAME TOKEN` "
            "line per seat) so that only your seats can use it. On a trusted, isolated network you may pass "
            "--allow-anonymous instead.")
    return None


def path_policy(config: ServerConfig) -> PathPolicy:
    """Closed by default beyond loopback: any seat could otherwise make the box open every file its user can read
    (another production's rushes, the tokens file, keys) and send back what is in it."""
    closed = config.refuse_unmapped or not is_loopback(config.listen)
    return load_policy(config.path_map, config.allow_roots, closed=closed)


def _metrics(jobs: JobManager, uploads: UploadStore, metrics: Metrics) -> None:
    metrics.watch("derush_queue_clips", "Clips waiting for a worker.", jobs.queued_clips)
    metrics.watch("derush_running_clips", "Clips being analysed.", jobs.running_clips)
    metrics.watch("derush_jobs", "Jobs known to the server, by state.",
                  lambda: {(state_name(s),): n for s, n in jobs.db.count_by_state().items()}, ("state",))
    metrics.watch("derush_upload_store_bytes", "Bytes held in the upload store (complete and partial).",
                  uploads.used_bytes)
    metrics.watch("derush_upload_cap_bytes", "Upload store cap (0: none).", lambda: uploads.limits.cap_bytes)
    metrics.watch("derush_data_dir_free_bytes", "Free space on the data dir's disk.", uploads.free_bytes)


async def start_server(config: ServerConfig) -> RunningServer:
    book = _token_book(config)  # a bad tokens file stops the start, before anything listens
    credentials = config.tls.credentials() if config.tls else None
    paths = path_policy(config)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    models = ModelRegistry(config.data_dir)
    results = ResultStore(config.data_dir)
    search_index = SearchIndex(config.data_dir / INDEX_FILE, results)
    results.on_stored = search_index.add
    uploads = UploadStore(config.data_dir, UploadLimits(cap_bytes=int(config.upload_cap_gb * 2**30),
                                                        min_free_bytes=int(config.min_free_gb * 2**30)))
    metrics = Metrics()
    runner = _ray_runner(config, metrics) if config.ray else None
    # the built-in server keeps its jobs in memory: it never resumes them, and must not touch those of a
    # `derush serve` that shares the data dir
    lock = None if config.embedded else DataDirLock(config.data_dir).acquire()
    db = JobDB(Path(":memory:") if config.embedded else config.data_dir / JOBS_DB)
    jobs = JobManager(models, results, uploads, db=db, paths=paths, metrics=metrics,
                      options=JobOptions(workers=config.workers, max_queued_clips=config.max_queued,
                                         max_queued_per_seat=config.max_queued_per_seat,
                                         resume=not config.embedded, vocabulary=tuple(config.vocabulary)),
                      runner=runner)
    await jobs.start()
    _metrics(jobs, uploads, metrics)

    guard = MalformedRequestInterceptor(lambda: metrics.errors.inc(code="malformed"))
    server = grpc.aio.server(interceptors=([AuthInterceptor(book)] if book else []) + [guard], options=[
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        # a seat that vanishes without closing (laptop lid, cable) is noticed within a minute: its streams end and
        # an upload it held can be resumed
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.keepalive_timeout_ms", 10_000),
    ])
    service = DerushService(jobs, models, results, uploads, embedded=config.embedded, book=book, paths=paths,
                            metrics=metrics, search_index=search_index,
                            loopback=is_loopback(config.listen))
    pb_grpc.add_DerushServicer_to_server(service, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME), server)
    if book is None and not is_loopback(config.listen):
        log.warning("listening on %s beyond loopback WITHOUT tokens (--allow-anonymous): anyone on the network "
                    "can submit jobs", config.listen)
    if credentials is None and not is_loopback(config.listen):
        log.warning("listening on %s without TLS: tokens and media paths cross the network in clear; give "
                    "--tls-cert and --tls-key", config.listen)
    port = server.add_secure_port(config.listen, credentials) if credentials else server.add_insecure_port(
        config.listen)
    if port == 0:
        await jobs.stop(0)
        if lock:
            lock.release()
        raise OSError(f"cannot listen on {config.listen}: the port is in use or the address is not this machine's")
    metrics_server = None
    if config.metrics_port is not None:
        host = config.metrics_host or config.listen.rsplit(":", 1)[0].strip("[]")
        try:
            metrics_server = MetricsServer(metrics, host, config.metrics_port).start()
        except OSError as exc:
            await jobs.stop(0)
            if lock:
                lock.release()
            raise OSError(f"cannot serve metrics on {host}:{config.metrics_port}: {exc.strerror}") from None
    await server.start()
    for name in ("", SERVICE_NAME):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("derush %s serving on %s (port %d%s%s), data in %s%s%s", __version__, config.listen, port,
             ", TLS" + (" with client certificates" if config.tls.client_ca else "") if config.tls else "",
             f", {len(book.seats)} seat token(s)" if book else "", config.data_dir,
             f"; serving media under {paths.describe()}" if paths.active else "",
             f"; metrics on http://{host}:{metrics_server.port}/metrics" if metrics_server else "")
    running = RunningServer(server, jobs, port, health_servicer, service, metrics_server)
    running.lock = lock
    running.runner = runner
    return running


def _ray_runner(config: ServerConfig, metrics: Metrics):
    """One Ray actor per worker slot; ray is imported only here, when --ray is given."""
    from inference_server.cluster import ClusterOptions, RayClipRunner, wait_ready

    runner = RayClipRunner(ClusterOptions(address=config.ray, actors=config.workers, data_dir=config.data_dir,
                                          cpus_per_actor=config.cpus_per_worker,
                                          gpus_per_actor=config.gpus_per_worker), metrics=metrics)
    try:
        wait_ready(runner)
    except DerushError:
        runner.close()
        raise
    return runner


def serve(config: ServerConfig) -> None:
    """Run until SIGINT/SIGTERM, then stop gracefully."""

    async def main() -> None:
        running = await start_server(config)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        grace = [config.shutdown_grace_s]

        def on_drain(grace_s: float) -> None:  # DrainServer, from an operator
            running.jobs.accepting = False
            grace[0] = grace_s
            stop.set()

        running.service.on_drain = on_drain

        def on_signal() -> None:
            if stop.is_set():  # asked twice: do not wait for the running clips (they are requeued, not lost)
                log.info("stopping now: running clips go back to the queue")
                running.jobs.interrupt()
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, on_signal)
            except NotImplementedError:  # Windows
                pass
        await stop.wait()
        log.info("shutting down: running clips get %.0f s to finish, unfinished jobs resume at the next start",
                 grace[0])
        await running.stop(grace[0])
        log.info("stopped")

    asyncio.run(main())


class EmbeddedServer:
    """The same server on a free loopback port, in a background thread; a context manager."""

    def __init__(self, data_dir: Path | None = None, workers: int = 1, listen: str = "127.0.0.1:0",
                 **options) -> None:
        # options: the other ServerConfig fields (tokens_file, tls) for a built-in server that needs them
        self.config = ServerConfig(listen=listen, data_dir=data_dir, workers=workers, embedded=True, **options)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="derush-embedded-server", daemon=True)
        self._running: RunningServer | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._running.port}"

    def start(self) -> EmbeddedServer:
        self._thread.start()
        self._running = asyncio.run_coroutine_threadsafe(start_server(self.config), self._loop).result(60)
        return self

    def stop(self) -> None:
        if self._running is not None:
            asyncio.run_coroutine_threadsafe(self._running.stop(grace=0.5), self._loop).result(30)
            self._running = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
