"""A few frames decoded again, bigger, after the shared decode: for the analyzers that find, once they have
looked at the small frames, that some moments need more pixels (a face too small to see at analysis size).

Keeping every sampled frame big during the decode would cost memory and time on every clip; seeking back to
the handful that need it costs only where it is needed. Times are the shared decode's (seconds from the first
frame shown); each picture is the first frame at or after its time, within half a frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import av
import numpy as np

from inference_server.media.frames import to_bgr
from protos.errors import Cancelled
from protos.media_probe import MediaInfo, open_container

log = logging.getLogger(__name__)

#: A target this close after the last frame decoded is reached by decoding on rather than seeking (a seek
#: restarts from the keyframe before the target: on camera files' short GOPs, a few frames away).
DECODE_ON_S = 1.0
#: A frame found this far past its target (a seek that landed late, a gap in the file) is not the target's.
LATE_S = 0.5


def picture_size(info: MediaInfo, height: int) -> tuple[int, int]:
    """(width, height) of ``height``-high pictures of this clip, aspect kept, never above the source, even."""
    height = min(height, info.height or height)
    width = round(info.width * height / info.height) if info.width and info.height else height * 16 // 9
    return max(2, width // 2 * 2), max(2, height // 2 * 2)


def pictures_at(info: MediaInfo, times: Sequence[float], height: int,
                cancelled: Callable[[], bool] = lambda: False) -> dict[float, np.ndarray]:
    """BGR pictures ``height`` high (at most the source's) at each of ``times``; a time the file cannot give
    (damaged, past the end) is left out."""
    targets = sorted(set(times))
    if not targets or not info.has_video:
        return {}
    width, height = picture_size(info, height)
    half_frame = 0.5 / float(info.rate or 24)
    found: dict[float, np.ndarray] = {}
    with open_container(info.path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        frames = _Frames(container, stream)
        origin = frames.first_time()
        if origin is None:
            return {}
        pending = list(targets)
        while pending:
            if cancelled():
                raise Cancelled("analysis cancelled")
            target = pending[0]
            if not frames.near(origin + target):
                frames.seek(origin + target)
            frame = frames.reach(origin + target - half_frame)
            if frame is None:
                break  # the end of the file, or damage: the rest cannot be reached
            time = frames.time_of(frame) - origin
            picture = None
            while pending and pending[0] <= time + half_frame:
                if time - pending[0] <= LATE_S:
                    picture = to_bgr(frame, width, height) if picture is None else picture
                    found[pending[0]] = picture
                pending.pop(0)
    return found


class _Frames:
    """Decoded frames of one stream with their times, able to seek back and decode forward."""

    def __init__(self, container, stream) -> None:
        self.container, self.stream = container, stream
        self._iter = None
        self.position: float | None = None  # time of the last frame decoded
        self._index = 0

    def time_of(self, frame: av.VideoFrame) -> float:
        return float(frame.time) if frame.time is not None else self._index / float(self.stream.average_rate or 24)

    def _next(self) -> av.VideoFrame | None:
        if self._iter is None:
            self._iter = self.container.decode(self.stream)
        try:
            frame = next(self._iter)
        except (StopIteration, av.error.FFmpegError) as exc:
            if isinstance(exc, av.error.FFmpegError):
                log.warning("decoding %s again stopped: %s", self.container.name, exc)
            return None
        self._index += 1
        self.position = self.time_of(frame)
        return frame

    def first_time(self) -> float | None:
        frame = self._next()
        return None if frame is None else self.time_of(frame)

    def near(self, time: float) -> bool:
        return self.position is not None and self.position < time <= self.position + DECODE_ON_S

    def seek(self, time: float) -> None:
        try:
            self.container.seek(max(0, int(time / self.stream.time_base)), stream=self.stream, backward=True)
        except av.error.FFmpegError as exc:  # a still picture, an unseekable stream: decode on from here
            log.debug("cannot seek in %s (%s): decoding on", self.container.name, exc)
            return
        self._iter = None
        self.position = None

    def reach(self, time: float) -> av.VideoFrame | None:
        """The first frame at or after ``time``."""
        while True:
            frame = self._next()
            if frame is None or self.time_of(frame) >= time:
                return frame
