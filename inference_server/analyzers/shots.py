"""Shots: PySceneDetect's content detector fed from the shared decode (hard cuts)."""

from __future__ import annotations

from fractions import Fraction

from scenedetect import FrameTimecode
from scenedetect.detectors import ContentDetector

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.analyzers.markers import CATEGORY_COLORS, custom_data
from inference_server.media.decode import VideoFrame
from inference_server.timecode import frame_to_seconds
from protos.derush.v1 import derush_pb2 as pb


class ShotAnalyzer(Analyzer):
    name = "shots"
    wants_video = True

    def __init__(self, context: AnalysisContext, threshold: float = 27.0, min_shot_frames: int = 8) -> None:
        super().__init__(context)
        self._detector = ContentDetector(threshold=threshold, min_scene_len=min_shot_frames)
        self._cuts: list[int] = []
        self._last_index = -1
        self._fps = float(context.info.rate or 24)

    def process_video(self, frame: VideoFrame) -> None:
        self._last_index = frame.index
        timecode = FrameTimecode(frame.index, self._fps)
        for cut in self._detector.process_frame(timecode, frame.image):
            self._cuts.append(cut.frame_num)

    def finish(self, result: pb.ClipAnalysis) -> None:
        if self._last_index < 0:
            return
        rate = Fraction(self.context.info.rate or 24)
        end_frame = max(self._last_index + 1, self.context.info.frames)
        bounds = [0, *sorted(set(self._cuts)), end_frame]
        for start, end in zip(bounds, bounds[1:]):
            if end <= start:
                continue
            result.shots.append(
                pb.Shot(start=frame_to_seconds(start, rate), end=frame_to_seconds(end, rate),
                        start_frame=start, end_frame=end)
            )
        for cut in bounds[1:-1]:
            result.markers.append(
                pb.Marker(frame=cut, duration=1, color=CATEGORY_COLORS["shot"], name="Shot change",
                          note=f"Hard cut at frame {cut}", custom_data=custom_data("shot"))
            )
