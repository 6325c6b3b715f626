"""One clip's analysis: fingerprint, probe, one shared decode feeding every analyzer, their results."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from inference_server.analyzers.base import AnalysisContext
from inference_server.analyzers.registry import REGISTRY, analyzer_names
from inference_server.media.decode import decode
from inference_server.models import ModelRegistry
from protos import vocabulary
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import Cancelled, DerushError
from protos.media_files import media_id_for, sha256_file
from protos.media_probe import MediaInfo, check_file, probe

log = logging.getLogger(__name__)

# Bump when analyzers change what they produce, so stored results are recomputed.
ANALYSIS_VERSION = 3  # 3: language per stretch, separate microphones, face boxes, fades

# Share of a clip's progress bar given to each stage. Speech runs during "picture" (on its own thread), so
# "analyze" is what is left when the picture is decoded.
_STAGES = {"fingerprint": 0.05, "audio": 0.05, "picture": 0.4, "analyze": 0.5}


class WorkerLost(DerushError):
    """The process analysing a clip died under it (killed, out of memory, its machine lost): not the clip's fault
    the first time, so the job manager puts the clip back in the queue for another worker."""

    code = "worker_lost"


def settings_key(options: pb.AnalysisOptions, data_dir: Path | None = None) -> str:
    """What produced a result: same content + same key = same result, so it can be reused."""
    names = analyzer_names(options, data_dir)
    parts = [f"v{ANALYSIS_VERSION}", ",".join(names), options.language, options.speech_model]
    if "speech" in names and options.vocabulary:  # without one, the keys stored before vocabularies existed
        parts.append(vocabulary.settings_part(options.vocabulary))
    if "speech" in names and options.verbatim:
        parts.append("verbatim")
    if "custom" in names and data_dir is not None:
        # a studio's models are part of what produced the result: a changed manifest or model file re-analyses
        from inference_server.vision.model_manifest import manifest_fingerprint

        parts.append(manifest_fingerprint(data_dir))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class ClipProgress:
    """Reports a clip's stages as one fraction in 0..1 that only grows, whichever thread reports."""

    def __init__(self, report: Callable[[str, float], None]) -> None:
        self.report = report
        self._done = dict.fromkeys(_STAGES, 0.0)
        self._lock = threading.Lock()

    def stage(self, name: str) -> Callable[[float], None]:
        def update(fraction: float) -> None:
            with self._lock:
                self._done[name] = max(self._done[name], max(0.0, min(1.0, fraction)))
                overall = sum(_STAGES[s] * done for s, done in self._done.items())
            self.report(name, overall)

        return update


class AudioCollector:
    """Keeps the clip's decoded audio once, for every analyzer's ``finish``."""

    wants_video = False

    def __init__(self, wants_audio: bool, wants_channels: bool) -> None:
        self.wants_audio = wants_audio or wants_channels
        self.wants_channels = wants_channels
        self._mono: list[np.ndarray] = []
        self._channels: list[np.ndarray] = []

    def process_video(self, frame) -> None:
        pass

    def process_audio(self, samples: np.ndarray, start: float) -> None:
        self._mono.append(samples)

    def process_channels(self, samples: np.ndarray, start: float) -> None:
        self._channels.append(samples)

    def arrays(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        mono = np.concatenate(self._mono) if self._mono else None
        channels = np.concatenate(self._channels, axis=1) if self._channels else None
        self._mono, self._channels = [], []
        return mono, channels


def fingerprint(path: Path, progress: Callable[[float], None] | None = None) -> str:
    check_file(path)
    return media_id_for(sha256_file(path, progress))


def analyze_clip(
    path: Path,
    display_path: str,
    media_id: str,
    options: pb.AnalysisOptions,
    models: ModelRegistry,
    progress: ClipProgress,
    cancelled: Callable[[], bool] = lambda: False,
) -> pb.ClipAnalysis:
    """Analyse one clip; raises a DerushError when the clip as a whole cannot be analysed."""
    started = time.monotonic()
    info = probe(path)
    result = _describe(info, display_path, media_id)
    result.settings_key = settings_key(options, models.data_dir)
    names = analyzer_names(options, models.data_dir)
    result.analyzers.extend(names)
    if "speech" in names:
        result.speech.vocabulary.extend(options.vocabulary)  # what the transcript was made with

    analyze_progress = progress.stage("analyze")
    analyzers = []
    for n, name in enumerate(names):
        # each analyzer's own work gets an equal share of the "analyze" stage
        def stage_progress(fraction: float, n: int = n) -> None:
            analyze_progress((n + min(1.0, fraction)) / len(names))

        analyzers.append(REGISTRY[name](AnalysisContext(info, models, options, stage_progress, cancelled,
                                                         analyzers=tuple(names))))

    # The audio is decoded first and its analyzers (speech, speakers) run on their own thread while the
    # picture decodes: each stream is still decoded once, and the slow speech model no longer waits for the
    # picture. Each side writes into its own partial result; they are merged in a fixed order.
    hearing = [a for a in analyzers if not a.wants_video]
    seeing = [a for a in analyzers if a.wants_video]
    heard, seen = pb.ClipAnalysis(), pb.ClipAnalysis()
    decoded: list = []
    if hearing:
        collector = AudioCollector(True, any(a.wants_channels for a in hearing))
        decoded.append(decode(info, [collector], progress=progress.stage("audio"), cancelled=cancelled))
        mono, channels = collector.arrays()
        for analyzer in hearing:
            analyzer.context.audio, analyzer.context.channels = mono, channels
    progress.stage("audio")(1.0)
    listener = _Finisher(hearing, heard, path, cancelled)
    listener.start()
    try:
        if seeing:
            decoded.append(decode(info, seeing, progress=progress.stage("picture"), cancelled=cancelled))
        progress.stage("picture")(1.0)
        _Finisher(seeing, seen, path, cancelled).run()
    finally:
        listener.join()
    # Analyzers stop early on cancel and leave partial findings (a transcript cut short): such a result must never
    # be returned, nor stored as if it were the clip's analysis, whichever analyzer saw the cancel.
    if listener.cancelled or cancelled():
        raise Cancelled("analysis cancelled")

    _report_decoding(decoded, path, result)
    if info.still:
        result.tags.append(pb.Tag(name="Keywords", value="Still image", confidence=1.0, source="probe"))
    result.MergeFrom(heard)
    result.MergeFrom(seen)
    result.markers.sort(key=lambda m: (m.frame, m.color))
    result.analysis_seconds = time.monotonic() - started
    return result


class _Finisher(threading.Thread):
    """Runs analyzers' ``finish`` in order into one partial result; one failing analyzer loses only its own."""

    def __init__(self, analyzers: list, result: pb.ClipAnalysis, path: Path, cancelled: Callable[[], bool]) -> None:
        super().__init__(name="derush-analyzers", daemon=True)
        self.analyzers, self.result, self.path, self.is_cancelled = analyzers, result, path, cancelled
        self.cancelled = False

    def run(self) -> None:
        for analyzer in self.analyzers:
            if self.is_cancelled():
                self.cancelled = True
                return
            try:
                analyzer.finish(self.result)
            except DerushError as exc:
                self.result.analyzer_errors.append(pb.AnalyzerError(analyzer=analyzer.name, error=_error(exc)))
            except Exception as exc:
                log.exception("analyzer %s failed on %s", analyzer.name, self.path)
                self.result.analyzer_errors.append(pb.AnalyzerError(analyzer=analyzer.name, error=pb.Error(
                    code="analyzer_failed", message=f"The {analyzer.name} analyzer failed: {exc}")))
            analyzer.context.progress(1.0)


def _report_decoding(reports: list, path: Path, result: pb.ClipAnalysis) -> None:
    failed = next((r.error for r in reports if r.error is not None), None)
    damaged = sum(r.damaged_packets for r in reports)
    if failed is not None:
        result.analyzer_errors.append(pb.AnalyzerError(analyzer="decode", error=_error(failed)))
    elif damaged:
        result.analyzer_errors.append(pb.AnalyzerError(analyzer="decode", error=pb.Error(
            code="damaged", message=f"{damaged} damaged packet(s) in {path.name} were skipped; the rest was "
            "analysed. Copy the file again from the card if that part matters.")))


def _describe(info: MediaInfo, display_path: str, media_id: str) -> pb.ClipAnalysis:
    return pb.ClipAnalysis(
        media_id=media_id,
        path=display_path,
        duration_s=info.duration_s,
        fps=float(info.rate),
        fps_num=info.rate.numerator,
        fps_den=info.rate.denominator,
        frames=info.frames,
        start_timecode=info.start_timecode,
        width=info.width,
        height=info.height,
        audio_channels=info.audio_channels,
        audio_sample_rate=info.audio_sample_rate,
        video_codec=info.video_codec,
        audio_codec=info.audio_codec,
        variable_frame_rate=info.variable_frame_rate,
    )


def _error(exc: DerushError) -> pb.Error:
    return pb.Error(code=exc.code, message=exc.message)
