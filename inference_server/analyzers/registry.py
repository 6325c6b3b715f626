"""Which analyzers exist, which run by default, and in what order: apart from the engine, so that an analyzer
may ask which others run (``AnalysisContext.analyzers``) without importing the engine."""

from __future__ import annotations

from pathlib import Path

from inference_server.analyzers.base import Analyzer
from inference_server.analyzers.custom import CustomAnalyzer
from inference_server.analyzers.faces import FaceAnalyzer
from inference_server.analyzers.look import LookAnalyzer
from inference_server.analyzers.shots import ShotAnalyzer
from inference_server.analyzers.slate import SlateAnalyzer
from inference_server.analyzers.sound import SoundAnalyzer
from inference_server.analyzers.speakers import SpeakerAnalyzer
from inference_server.analyzers.speech import SpeechAnalyzer
from inference_server.analyzers.transnet import TransnetAnalyzer
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import InvalidRequest

REGISTRY: dict[str, type[Analyzer]] = {cls.name: cls for cls in (SpeechAnalyzer, SpeakerAnalyzer, ShotAnalyzer,
                                                                CustomAnalyzer, SlateAnalyzer, FaceAnalyzer,
                                                                LookAnalyzer, SoundAnalyzer, TransnetAnalyzer)}
# What "Auto-tag" runs: everything an assistant logs. "custom" joins when a studio registers models; "transnet" is
# an optional second opinion on shots.
DEFAULT_ANALYZERS = ("speech", "speakers", "shots", "slate", "faces", "look", "sound")


def default_analyzers(data_dir: Path | None = None) -> list[str]:
    """Every built-in analyzer, and a studio's own models when a manifest registers some (vision/model_manifest.py)."""
    names = list(DEFAULT_ANALYZERS)
    if data_dir is not None:
        from inference_server.vision.model_manifest import ManifestError, find_manifest

        try:
            registered = find_manifest(data_dir) is not None
        except ManifestError:
            registered = True  # the custom analyzer reports what is wrong with it, the rest of the clip goes on
        if registered:
            names.append("custom")
    return names


def analyzer_names(options: pb.AnalysisOptions, data_dir: Path | None = None) -> list[str]:
    """The analyzers to run, each after those it reads from (``Analyzer.after``)."""
    names = list(options.analyzers) or default_analyzers(data_dir)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise InvalidRequest(f"Unknown analyzer(s) {', '.join(unknown)}; available: {', '.join(REGISTRY)}.")
    wanted = set(names)
    for name in list(wanted):
        wanted.update(REGISTRY[name].after)
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name not in ordered:
            for dependency in REGISTRY[name].after:
                visit(dependency)
            ordered.append(name)

    for name in sorted(wanted):
        visit(name)
    return ordered
