"""A real two-node Ray cluster on this machine for the cluster tests: a head and a second node joined with
`ray start --address`, each with one CPU and a resource of its own; its processes found (and killed) by the
session folder they share, never by name, so that another Ray on the machine is left alone."""

from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAY = str(Path(sys.executable).with_name("ray"))
HEAD, SECOND = "derush_head", "derush_second"


class TwoNodeCluster:
    def __init__(self) -> None:
        # a short folder: Ray's socket paths must fit in 107 characters
        self.folder = Path(tempfile.mkdtemp(prefix="dr-ray-", dir="/tmp"))
        self.port = _gcs_port()
        # token authentication, with a token of this cluster's own: nothing from ~/.ray leaks in or out
        self.env = {**os.environ, "RAY_TMPDIR": str(self.folder), "RAY_AUTH_MODE": "token",
                    "RAY_AUTH_TOKEN": secrets.token_hex(32), "RAY_USAGE_STATS_ENABLED": "0"}

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> TwoNodeCluster:
        common = ["--num-cpus", "1", "--node-ip-address", "127.0.0.1", "--disable-usage-stats"]
        for attempt in range(3):  # the port may be taken between the look and Ray's bind: take another
            try:
                self._ray("start", "--head", "--port", str(self.port), "--include-dashboard=false",
                          "--resources", f'{{"{HEAD}": 1}}', *common)
                break
            except AssertionError:
                if attempt == 2:
                    raise
                self.port = _gcs_port()
        self._ray("start", "--address", self.address, "--resources", f'{{"{SECOND}": 1}}', *common)
        return self

    def _ray(self, *args: str) -> None:
        done = subprocess.run([RAY, *args], env=self.env, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            self.kill()
            raise AssertionError(f"ray {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")

    def pids(self) -> list[int]:
        """Every process of this cluster: they all carry its RAY_TMPDIR."""
        mine = f"RAY_TMPDIR={self.folder}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if mine in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
        return found

    def _cmdline(self, pid: int) -> str:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return ""

    def second_raylet(self) -> int | None:
        return next((p for p in self.pids() if "raylet/raylet" in self._cmdline(p) and SECOND in self._cmdline(p)),
                    None)

    def second_node_id(self) -> str:
        raylet = self.second_raylet()
        flag = next(a for a in self._cmdline(raylet).split() if a.startswith("--node_id=")) if raylet else "="
        return flag.split("=", 1)[1]

    def busy_actor(self) -> int | None:
        """The analysis actor process analysing a clip right now: of the actors (titled ``ray::_Analyser...``),
        the one burning CPU (its title alone flickers to the progress calls answered beside the analysis)."""
        actors = [p for p in self.pids() if self._cmdline(p).startswith("ray::_Analyser")]
        before = {p: _cpu_ticks(p) for p in actors}
        time.sleep(0.2)
        used = {p: _cpu_ticks(p) - before[p] for p in actors}
        busiest = max(used, key=used.get, default=None)
        return busiest if busiest is not None and used[busiest] >= 5 else None  # 5 ticks: 50 ms of 200

    def kill(self) -> None:
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _gcs_port() -> int:
    """A port free on every interface (Ray's GCS binds them all), below the ephemeral range that the many client
    connections of other tests draw from."""
    while True:
        port = random.randint(20000, 32000)
        with socket.socket() as probe:
            try:
                probe.bind(("", port))
            except OSError:
                continue
        return port
