"""A real `derush serve` process for the studio tests: same port and data dir across restarts, kill -9, SIGTERM,
its log, and its Prometheus metrics."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import grpc

from protos.derush.v1 import derush_pb2 as pb
from tests.conftest import free_port

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]
SHOTS = pb.AnalysisOptions(analyzers=["shots"])
SHOTS_AGAIN = pb.AnalysisOptions(analyzers=["shots"], force=True)


class StudioServer:
    def __init__(self, folder: Path, *args: str, metrics: bool = False, preexec_fn=None) -> None:
        self.folder = folder
        self.data_dir = folder / "data"
        self.port = free_port()
        self.metrics_port = free_port() if metrics else None
        self.args = list(args)
        self.preexec_fn = preexec_fn
        self.proc: subprocess.Popen | None = None
        self.log_path = folder / f"serve-{self.port}.log"
        self.runs = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> StudioServer:
        self.runs += 1
        log = self.log_path.open("a")
        log.write(f"--- start {self.runs}\n")
        log.flush()
        extra = ["--metrics-port", str(self.metrics_port)] if self.metrics_port else []
        self.proc = subprocess.Popen(
            [*DERUSH, "serve", "--listen", self.address, "--data-dir", str(self.data_dir), *extra, *self.args],
            stdout=log, stderr=subprocess.STDOUT, preexec_fn=self.preexec_fn)
        log.close()
        with grpc.insecure_channel(self.address) as channel:
            try:
                grpc.channel_ready_future(channel).result(timeout=timeout)
            except grpc.FutureTimeoutError:
                self.proc.kill()
                raise AssertionError("derush serve did not start:\n" + self.log()) from None
        return self

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind, as a crash or a power cut of the process."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def terminate(self, timeout: float = 60) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def metrics(self) -> dict[str, float]:
        """The scrape, as ``{'name{labels}': value}``."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=10) as answer:
            assert answer.headers["Content-Type"].startswith("text/plain")
            text = answer.read().decode()
        values = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                key, value = line.rsplit(" ", 1)
                values[key] = float(value)
        return values

    def __enter__(self) -> StudioServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def job_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"\bjob [0-9a-f]{12} seat=", line)]


def wait_for(condition, timeout: float = 60, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def rlimit_file_size(max_bytes: int):
    """A preexec_fn: no file the process writes may pass ``max_bytes`` (writes fail with EFBIG, as on a full disk).

    Python ignores SIGXFSZ, so the write returns an error instead of killing the process.
    """

    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply
