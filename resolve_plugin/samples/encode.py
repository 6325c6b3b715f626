"""Write a clip with PyAV: picture frames and mono audio, in a chosen codec, rate and start timecode."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


@dataclass(frozen=True)
class ClipFormat:
    container: str  # "mp4", "mov"
    video_codec: str  # "libx264", "prores_ks", "dnxhd"
    pix_fmt: str
    audio_codec: str  # "aac", "pcm_s16le"
    rate: Fraction
    width: int = 640
    height: int = 360
    audio_rate: int = 48000


H264_24 = ClipFormat("mp4", "libx264", "yuv420p", "aac", Fraction(24))
PRORES_2997 = ClipFormat("mov", "prores_ks", "yuv422p10le", "pcm_s16le", Fraction(30000, 1001))


def write_clip(
    path: Path,
    fmt: ClipFormat,
    frames: Iterable[np.ndarray],
    audio: np.ndarray | None,
    audio_rate: int,
    start_timecode: str | None = None,
    frame_times: list[float] | None = None,
) -> None:
    """Encode RGB ``frames`` and float32 ``audio`` (at ``audio_rate``; [samples] for mono or
    [channels, samples]) into ``path``. ``frame_times`` (seconds, one per frame) makes a variable-frame-rate
    clip, as phones record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format=fmt.container) as out:
        if start_timecode:
            out.metadata["timecode"] = start_timecode
        video = out.add_stream(fmt.video_codec, rate=fmt.rate)
        video.width, video.height, video.pix_fmt = fmt.width, fmt.height, fmt.pix_fmt
        if fmt.video_codec == "libx264":
            video.options = {"preset": "veryfast", "crf": "20", "g": "24"}
        elif fmt.video_codec == "prores_ks":
            video.options = {"profile": "0"}  # ProRes 422 Proxy: keeps the fixtures small
        sound = None
        if audio is not None:
            audio = audio[None] if audio.ndim == 1 else audio
            layout = {1: "mono", 2: "stereo"}[audio.shape[0]]
            sound = out.add_stream(fmt.audio_codec, rate=fmt.audio_rate, layout=layout)
        vfr_base = Fraction(1, 90000)
        if frame_times is not None:
            video.codec_context.time_base = vfr_base
        for index, image in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")
            if frame_times is None:
                frame.pts, frame.time_base = index, 1 / fmt.rate
            else:
                frame.pts, frame.time_base = round(frame_times[index] / vfr_base), vfr_base
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound is not None:
            _write_audio(out, sound, audio, audio_rate, fmt.audio_rate)


def _write_audio(out, stream, audio: np.ndarray, rate_in: int, rate_out: int) -> None:
    layout = stream.codec_context.layout.name
    resampler = av.AudioResampler(format=stream.codec_context.format.name, layout=layout, rate=rate_out)
    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16)  # [channels, samples]
    step = rate_in  # one second at a time
    pts = 0
    for start in range(0, pcm.shape[1], step):
        # packed s16: samples interleaved, one row
        chunk = np.ascontiguousarray(pcm[:, start : start + step].T).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout=layout)
        frame.sample_rate = rate_in
        frame.pts = pts
        pts += frame.samples
        for resampled in resampler.resample(frame):
            out.mux(stream.encode(resampled))
    for resampled in resampler.resample(None):
        out.mux(stream.encode(resampled))
    out.mux(stream.encode(None))
