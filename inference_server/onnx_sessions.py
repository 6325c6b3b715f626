"""One factory for every onnxruntime session: providers chosen per box, fallbacks logged, never silent."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import onnxruntime as ort

log = logging.getLogger(__name__)

# Best first. TensorRT needs its own libraries; CUDA the CUDA build of onnxruntime; CoreML is macOS.
PREFERRED = ("TensorrtExecutionProvider", "CUDAExecutionProvider", "CoreMLExecutionProvider", "CPUExecutionProvider")


def choose_providers(available: list[str] | None = None, requested: str | None = None) -> list[str]:
    """Providers to try, best first; ``requested`` (or DERUSH_ONNX_PROVIDER) narrows to one plus CPU."""
    available = list(available if available is not None else ort.get_available_providers())
    requested = requested or os.environ.get("DERUSH_ONNX_PROVIDER")
    if requested:
        if requested not in available:
            log.warning("onnxruntime provider %s was asked for but is not available here (%s); using CPU",
                        requested, ", ".join(available))
            return ["CPUExecutionProvider"]
        return [requested, "CPUExecutionProvider"] if requested != "CPUExecutionProvider" else [requested]
    return [p for p in PREFERRED if p in available] or ["CPUExecutionProvider"]


def create_session(path: Path, threads: int | None = None) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.log_severity_level = 3
    wanted = choose_providers()
    session = ort.InferenceSession(str(path), sess_options=options, providers=wanted)
    used = session.get_providers()
    if used[0] != wanted[0]:
        log.warning("%s runs on %s: %s could not start (check the CUDA/cuDNN libraries, or `derush doctor`)",
                    path.name, used[0], wanted[0])
    else:
        log.info("%s runs on %s", path.name, used[0])
    return session
