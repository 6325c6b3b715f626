"""Decode a clip ONCE: video frames at analysis size and 16 kHz mono audio, pushed to every sink.

The decoder knows nothing about analyzers (PySceneDetect's backend/detector split): it pushes
``VideoFrame`` and audio chunks to objects with ``process_video`` / ``process_audio``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import av
import numpy as np

from inference_server.media.frames import to_bgr
from protos.errors import Cancelled, UnreadableMedia
from protos.media_probe import MediaInfo, open_container

log = logging.getLogger(__name__)

AUDIO_RATE = 16000


@dataclass(frozen=True)
class VideoFrame:
    index: int  # frame number from the clip's first frame
    time: float  # seconds from the clip's start
    image: np.ndarray  # H x W x 3, uint8, BGR (OpenCV's order, as PySceneDetect expects)
    # The decoded frame itself, valid only during ``process_video``: for the few frames an analyzer needs
    # bigger than analysis size (slate text, small faces), through ``picture``.
    source: av.VideoFrame | None = field(default=None, compare=False, repr=False)

    def picture(self, width: int) -> np.ndarray:
        """This frame as BGR at ``width`` (aspect kept, at most the source width); call inside ``process_video``."""
        if self.source is None or width <= self.image.shape[1]:
            return self.image
        width = min(width, self.source.width) // 2 * 2
        height = max(2, round(self.source.height * width / self.source.width / 2) * 2)
        return to_bgr(self.source, width, height)


class MediaSink(Protocol):
    wants_video: bool
    wants_audio: bool
    wants_channels: bool  # 16 kHz audio per channel as well (one microphone per person)

    def process_video(self, frame: VideoFrame) -> None: ...

    def process_audio(self, samples: np.ndarray, start: float) -> None: ...

    def process_channels(self, samples: np.ndarray, start: float) -> None: ...


@dataclass(frozen=True)
class DecodeOptions:
    analysis_width: int = 320  # frames are scaled to this width, aspect kept (even height)
    #: Skip H.264/HEVC deblocking: its effect vanishes at analysis size and it costs ~15% of the decode
    #: (FFmpeg's skip_loop_filter, as thumbnailers use it).
    skip_loop_filter: bool = True


@dataclass
class DecodeReport:
    video_frames: int = 0
    audio_seconds: float = 0.0
    # Set when decoding stopped early on damaged data: what was decoded before stays usable.
    error: UnreadableMedia | None = None
    damaged_packets: int = 0  # skipped, the rest decoded


def decode(
    info: MediaInfo,
    sinks: Sequence[MediaSink],
    options: DecodeOptions = DecodeOptions(),
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> DecodeReport:
    want_video = info.has_video and any(s.wants_video for s in sinks)
    want_channels = info.has_audio and info.audio_channels > 1 and any(s.wants_channels for s in sinks)
    want_audio = info.has_audio and (want_channels or any(s.wants_audio for s in sinks))
    report = DecodeReport()
    if not (want_video or want_audio):
        return report
    video_sinks = [s for s in sinks if s.wants_video]
    audio_sinks = [s for s in sinks if s.wants_audio]
    channel_sinks = [s for s in sinks if s.wants_channels] if want_channels else []
    with open_container(info.path) as container:
        streams = {}
        if want_video:
            streams["video"] = 0
            video = container.streams.video[0]
            video.thread_type = "AUTO"
            if options.skip_loop_filter:
                video.codec_context.options = {"skip_loop_filter": "all"}
        if want_audio:
            streams["audio"] = 0
        resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE) if want_audio else None
        # the same decoded frames, resampled a second way: planar, every channel kept
        per_channel = av.AudioResampler(format="fltp", rate=AUDIO_RATE) if channel_sinks else None
        channel_time = [0.0]
        size = _analysis_size(info, options.analysis_width)
        first_video_time = None
        last_reported = -1.0
        try:
            for frame in _frames(container, streams, report):
                if cancelled():
                    raise Cancelled("analysis cancelled")
                if isinstance(frame, av.VideoFrame):
                    t = float(frame.time) if frame.time is not None else report.video_frames / float(info.rate)
                    if first_video_time is None:
                        first_video_time = t
                    rel = t - first_video_time
                    # frames are numbered in the order they are shown, as Resolve and PySceneDetect count
                    # them: on variable frame rate, timestamps are not evenly spaced
                    index = report.video_frames
                    image = to_bgr(frame, size[0], size[1])
                    vf = VideoFrame(index, rel, image, frame)
                    for sink in video_sinks:
                        sink.process_video(vf)
                    report.video_frames += 1
                    position = rel
                else:
                    start = report.audio_seconds
                    for out in resampler.resample(frame):
                        _push_audio(out, audio_sinks, report)
                    if per_channel is not None:
                        for out in per_channel.resample(frame):
                            _push_channels(out, channel_sinks, channel_time)
                    position = start
                if progress and info.duration_s > 0 and position - last_reported >= 0.5:
                    last_reported = position
                    progress(min(1.0, position / info.duration_s))
            if resampler is not None:
                for out in resampler.resample(None):
                    _push_audio(out, audio_sinks, report)
            if per_channel is not None:
                for out in per_channel.resample(None):
                    _push_channels(out, channel_sinks, channel_time)
        except av.error.FFmpegError as exc:
            # Damaged data mid-file: keep what was decoded; the caller reports the rest as an error.
            log.warning("decode of %s stopped at %.2fs: %s", info.path, report.audio_seconds, exc)
            report.error = UnreadableMedia(
                f"Decoding {info.path.name} stopped early ({exc.strerror}); results cover only the part "
                "before the damage. Copy the file again, or transcode it, to analyse the rest."
            )
    if progress:
        progress(1.0)
    return report


# This many damaged packets in a row and the rest of the file is treated as unreadable.
MAX_DAMAGED_IN_A_ROW = 250


def _frames(container, streams: dict, report: DecodeReport):
    """Decoded frames in order; a damaged packet is skipped (and counted), not the rest of the clip."""
    in_a_row = 0
    for packet in container.demux(**streams):
        try:
            frames = packet.decode()
        except av.error.FFmpegError as exc:
            report.damaged_packets += 1
            in_a_row += 1
            if in_a_row > MAX_DAMAGED_IN_A_ROW:
                raise
            log.debug("skipping a damaged packet in %s: %s", container.name, exc)
            continue
        in_a_row = 0
        yield from frames


def _push_audio(frame: av.AudioFrame, sinks, report: DecodeReport) -> None:
    samples = frame.to_ndarray().reshape(-1).astype(np.float32, copy=False)
    start = report.audio_seconds
    for sink in sinks:
        sink.process_audio(samples, start)
    report.audio_seconds += len(samples) / AUDIO_RATE


def _push_channels(frame: av.AudioFrame, sinks, clock: list[float]) -> None:
    samples = frame.to_ndarray().astype(np.float32, copy=False)  # [channels, samples]
    for sink in sinks:
        sink.process_channels(samples, clock[0])
    clock[0] += samples.shape[1] / AUDIO_RATE


def _analysis_size(info: MediaInfo, width: int) -> tuple[int, int]:
    if not info.width or not info.height:
        return (width, width * 9 // 16)
    width = min(width, info.width)
    height = max(2, round(info.height * width / info.width / 2) * 2)
    return (width - width % 2, height)
