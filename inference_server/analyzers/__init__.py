"""Analyzers: one interface (``base.Analyzer``), one concern per module, fed by the shared decode."""

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.analyzers.custom import CustomAnalyzer
from inference_server.analyzers.faces import FaceAnalyzer
from inference_server.analyzers.look import LookAnalyzer
from inference_server.analyzers.shots import ShotAnalyzer
from inference_server.analyzers.slate import SlateAnalyzer
from inference_server.analyzers.sound import SoundAnalyzer
from inference_server.analyzers.speakers import SpeakerAnalyzer
from inference_server.analyzers.speech import SpeechAnalyzer
from inference_server.analyzers.transnet import TransnetAnalyzer

REGISTRY: dict[str, type[Analyzer]] = {cls.name: cls for cls in (SpeechAnalyzer, SpeakerAnalyzer, ShotAnalyzer,
                                                                CustomAnalyzer, SlateAnalyzer, FaceAnalyzer,
                                                                LookAnalyzer, SoundAnalyzer, TransnetAnalyzer)}
# What "Auto-tag" runs: everything an assistant logs. "custom" joins when a studio registers models; "transnet" is
# an optional second opinion on shots.
DEFAULT_ANALYZERS = ("speech", "speakers", "shots", "slate", "faces", "look", "sound")

__all__ = ["Analyzer", "AnalysisContext", "REGISTRY", "DEFAULT_ANALYZERS"]
