"""Shots: PySceneDetect's detectors fed from the shared decode.

The content detector finds hard cuts; the threshold detector finds fades through black (its cut is the
middle of the dark part). Frames are numbered in the order they are shown, so cuts are frame-exact on
constant and variable frame rate alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scenedetect import FrameTimecode
from scenedetect.detectors import ContentDetector, ThresholdDetector

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.media.decode import VideoFrame
from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from protos.timecode import frame_to_seconds


class ShotAnalyzer(Analyzer):
    name = "shots"
    wants_video = True

    def __init__(self, context: AnalysisContext, threshold: float = 27.0, min_shot_frames: int = 8,
                 fade_threshold: float = 12.0) -> None:
        super().__init__(context)
        self.min_shot_frames = min_shot_frames
        self._detectors = {
            "cut": ContentDetector(threshold=threshold, min_scene_len=min_shot_frames),
            "fade": ThresholdDetector(threshold=fade_threshold, min_scene_len=min_shot_frames),
        }
        self._found: dict[int, str] = {}
        self._last_index = -1
        self._fps = float(context.info.rate or 24)

    def process_video(self, frame: VideoFrame) -> None:
        self._last_index = frame.index
        timecode = FrameTimecode(frame.index, self._fps)
        for kind, detector in self._detectors.items():
            for cut in detector.process_frame(timecode, frame.image):
                self._found.setdefault(cut.frame_num, kind)

    def _boundaries(self) -> list[tuple[int, str]]:
        """Cuts in order; a fade's middle wins over content changes inside the same fade."""
        kept: list[tuple[int, str]] = []
        for frame in sorted(self._found):
            kind = self._found[frame]
            if frame <= 0:
                continue
            if kept and frame - kept[-1][0] < self.min_shot_frames:
                if kind == "fade":
                    kept[-1] = (frame, kind)
                continue
            kept.append((frame, kind))
        return kept

    def finish(self, result: pb.ClipAnalysis) -> None:
        if self._last_index < 0:
            return
        rate = Fraction(self.context.info.rate or 24)
        end_frame = self._last_index + 1
        cuts = [(f, kind) for f, kind in self._boundaries() if f < end_frame]
        write_shots(result, [Boundary(frame, kind) for frame, kind in cuts], end_frame, rate)


@dataclass(frozen=True)
class Boundary:
    """Where a new shot starts: ``kind`` is "" for a hard cut, "fade", "dissolve"; ``note`` ends the marker's note."""

    frame: int
    kind: str = ""
    note: str = ""


def write_shots(result: pb.ClipAnalysis, boundaries: list[Boundary], end_frame: int, rate: Fraction) -> None:
    """The clip's shots from the boundaries between them, and a shot marker on each boundary."""
    starts = [Boundary(0), *boundaries]
    ends = [b.frame for b in boundaries] + [end_frame]
    for start, end in zip(starts, ends):
        result.shots.append(pb.Shot(start=frame_to_seconds(start.frame, rate), end=frame_to_seconds(end, rate),
                                    start_frame=start.frame, end_frame=end, transition=start.kind))
    for boundary in boundaries:
        label = {"fade": "Fade", "dissolve": "Dissolve"}.get(boundary.kind, "Shot change")
        note = f"{label} at frame {boundary.frame}" + (f" ({boundary.note})" if boundary.note else "")
        result.markers.append(pb.Marker(frame=boundary.frame, duration=1, color=CATEGORY_COLORS["shot"], name=label,
                                        note=note, custom_data=custom_data("shot")))
