"""``derush doctor``: what this machine (or a server) will run with, and what to fix."""

from __future__ import annotations

import importlib.metadata as md
import platform
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def check_python() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check("python", ok, f"{platform.python_implementation()} {platform.python_version()}",
                 "" if ok else "derush needs Python 3.10 or newer")


def check_tts() -> Check:
    try:
        import espeakng_loader

        lib = Path(espeakng_loader.get_library_path())
        return Check("espeak-ng (sample rushes)", lib.is_file(), str(lib))
    except ImportError:
        return Check("espeak-ng (sample rushes)", False, "not installed", "pip install espeakng-loader")


def check_server(address: str, token: str | None = None, tls=None) -> list[Check]:
    from resolve_plugin.client import ClientError, DerushClient

    name = f"server {address}"
    try:
        with DerushClient(address, token=token, timeout_s=5, tls=tls) as client:
            client.wait_until_ready(5)
            health = client.health()
            info = client.server_info()
    except ClientError as exc:
        return [Check(name, False, str(exc))]
    models = ", ".join(m.name for m in info.models)
    devices = "; ".join(f"{d.name} ({', '.join(d.providers)})" for d in info.devices)
    checks = [Check(name, health == "SERVING", f"derush {info.version} on {info.hostname}, {health}; {devices}; "
                    f"models: {models or 'none loaded yet'}")]
    status = info.status
    free_gib = status.data_dir_free_bytes / 2**30
    cap = f" of {status.upload_cap_bytes / 2**30:.1f} GB cap" if status.upload_cap_bytes else " (no cap)"
    checks.append(Check(f"{name} disk", free_gib >= 2, f"{free_gib:.1f} GiB free on its data dir; uploads hold "
                        f"{status.upload_store_bytes / 2**30:.2f} GB{cap}",
                        "" if free_gib >= 2 else "free disk space on the server's data dir"))
    full = status.max_queued_clips and status.queued_clips >= status.max_queued_clips
    checks.append(Check(f"{name} queue", not full, f"{status.queued_clips} clip(s) waiting (at most "
                        f"{status.max_queued_clips}), {status.running_clips} running on {status.workers} worker(s), "
                        f"{status.unfinished_jobs} unfinished job(s)", "the queue is full: new jobs are refused until "
                        "it drains" if full else ""))
    served = ", ".join(status.served_paths) or (
        "no seat path, uploads only (closed beyond loopback: --allow-root or --path-map opens folders)"
        if status.closed_paths else "any path (no --path-map)")
    checks.append(Check(f"{name} media paths", True, served))
    return checks


def check_builtin_server(data_dir: Path | None, port: int | None) -> list[Check]:
    """The server's own report of this machine, or a line saying this is a seat without the built-in server."""
    try:
        from inference_server.machine_report import report
    except ImportError as exc:
        return [Check("built-in server", True, f"not installed on this seat ({exc.name} missing): analysis runs on "
                      "a studio box (--server HOST:PORT)", "for a built-in server: pip install 'derush[server]'")]
    return [Check(*finding) for finding in report(data_dir, port)]


def run_doctor(server: str | None = None, data_dir: Path | None = None, token: str | None = None, tls=None,
               port: int | None = None) -> int:
    checks = [check_python(), check_tts(), *check_builtin_server(data_dir, port)]
    if server:
        checks += check_server(server, token, tls)
    print(f"derush {_version('derush') or '(not installed)'} doctor")
    for check in checks:
        print(f"  {'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
        if check.fix:
            print(f"        fix: {check.fix}")
    failed = [c for c in checks if not c.ok]
    print("All good." if not failed else f"{len(failed)} problem(s) found.")
    return 0 if not failed else 1
