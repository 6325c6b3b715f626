"""The analyzer interface.

An analyzer consumes what the shared decode pushes (``process_video`` / ``process_audio``), then
``finish`` writes its part of the clip's result. It never opens the file itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from inference_server.media.decode import VideoFrame
from inference_server.models import ModelRegistry
from protos.derush.v1 import derush_pb2 as pb
from protos.media_probe import MediaInfo


@dataclass
class AnalysisContext:
    info: MediaInfo
    models: ModelRegistry
    options: pb.AnalysisOptions
    # stage progress in 0..1 for this analyzer's finishing work
    progress: Callable[[float], None] = field(default=lambda fraction: None)
    cancelled: Callable[[], bool] = field(default=lambda: False)
    # every analyzer running on this clip, in order (computed once per clip by the engine)
    analyzers: tuple[str, ...] = ()
    # The clip's whole decoded audio, collected once for every analyzer and set before ``finish``:
    # 16 kHz mono float32, and [channels, samples] when the clip has several channels.
    audio: np.ndarray | None = None
    channels: np.ndarray | None = None


class Analyzer(ABC):
    name: ClassVar[str]
    wants_video: ClassVar[bool] = False
    wants_audio: ClassVar[bool] = False
    wants_channels: ClassVar[bool] = False
    #: analyzers whose results ``finish`` reads (they finish first)
    after: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: AnalysisContext) -> None:
        self.context = context

    def process_video(self, frame: VideoFrame) -> None:  # noqa: B027 - optional hook
        """One decoded frame at analysis size, in order."""

    def process_audio(self, samples: np.ndarray, start: float) -> None:  # noqa: B027 - optional hook
        """A chunk of 16 kHz mono float32 audio starting at ``start`` seconds, in order."""

    def process_channels(self, samples: np.ndarray, start: float) -> None:  # noqa: B027 - optional hook
        """The same audio per channel, [channels, samples], for clips with more than one channel."""

    @abstractmethod
    def finish(self, result: pb.ClipAnalysis) -> None:
        """Write this analyzer's findings (fields, tags, markers) into ``result``."""
