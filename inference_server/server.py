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
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from inference_server import __version__
from inference_server.auth import AuthInterceptor, TokenBook
from inference_server.errors import DerushError
from inference_server.jobs import JobManager
from inference_server.models import ModelRegistry
from inference_server.service import DerushService
from inference_server.store import ResultStore, UploadStore
from inference_server.tls import ServerTls
from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc

log = logging.getLogger(__name__)

DEFAULT_PORT = 50051
DEFAULT_LISTEN = f"127.0.0.1:{DEFAULT_PORT}"
SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Derush"].full_name
MAX_MESSAGE_BYTES = 32 << 20  # a clip's analysis with a long transcript fits easily


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

    def __post_init__(self) -> None:
        if self.data_dir is None:
            self.data_dir = default_data_dir()


def is_loopback(listen: str) -> bool:
    host = listen.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RunningServer:
    def __init__(self, server: grpc.aio.Server, jobs: JobManager, port: int, health_servicer) -> None:
        self.server = server
        self.jobs = jobs
        self.port = port
        self.health = health_servicer

    async def stop(self, grace: float = 2.0) -> None:
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)
        await self.jobs.stop()


class ServerConfigError(DerushError):
    code = "bad_server_config"


def _token_book(config: ServerConfig) -> TokenBook | None:
    if config.tokens_file is not None:
        return TokenBook.from_file(config.tokens_file)
    if not is_loopback(config.listen) and not config.allow_anonymous:
        raise ServerConfigError(
            f"Listening on {config.listen} opens the server to the network: give --tokens FILE (one `NAME TOKEN` "
            "line per seat) so that only your seats can use it. On a trusted, isolated network you may pass "
            "--allow-anonymous instead.")
    return None


async def start_server(config: ServerConfig) -> RunningServer:
    book = _token_book(config)  # a bad tokens file stops the start, before anything listens
    credentials = config.tls.credentials() if config.tls else None
    config.data_dir.mkdir(parents=True, exist_ok=True)
    models = ModelRegistry(config.data_dir)
    results = ResultStore(config.data_dir)
    uploads = UploadStore(config.data_dir)
    jobs = JobManager(models, results, uploads, workers=config.workers)
    await jobs.start()

    server = grpc.aio.server(interceptors=[AuthInterceptor(book)] if book else None, options=[
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ])
    pb_grpc.add_DerushServicer_to_server(
        DerushService(jobs, models, results, uploads, embedded=config.embedded), server)
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
        raise OSError(f"cannot listen on {config.listen}: the port is in use or the address is not this machine's")
    await server.start()
    for name in ("", SERVICE_NAME):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("derush %s serving on %s (port %d%s%s), data in %s", __version__, config.listen, port,
             ", TLS" + (" with client certificates" if config.tls.client_ca else "") if config.tls else "",
             f", {len(book.seats)} seat token(s)" if book else "", config.data_dir)
    return RunningServer(server, jobs, port, health_servicer)


def serve(config: ServerConfig) -> None:
    """Run until SIGINT/SIGTERM, then stop gracefully."""

    async def main() -> None:
        running = await start_server(config)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except NotImplementedError:  # Windows
                pass
        await stop.wait()
        log.info("shutting down")
        await running.stop()

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
