"""What a clip is: streams, rate, length, start timecode; and a clear error when it is not a clip."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from protos.errors import EmptyMedia, MediaNotFound, NoContent, NotMedia, TruncatedMedia, UnsupportedCodec
from protos.timecode import normalise_rate

log = logging.getLogger(__name__)

# Box types that start an ISO base media file (MP4, MOV): such a file that FFmpeg cannot open is
# almost always an incomplete copy or a recording that was never finalised.
_ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_ISO_FORMATS = {"mov,mp4,m4a,3gp,3g2,mj2", "mov", "mp4"}
# FFmpeg's demuxers for single pictures: image2 (numbered files) and the *_pipe ones (png_pipe, ...)
_IMAGE_FORMAT_SUFFIXES = ("_pipe", "image2")


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    size: int
    duration_s: float
    has_video: bool
    has_audio: bool
    rate: Fraction  # video frame rate; 0 when there is no video
    frames: int
    width: int
    height: int
    start_timecode: str
    audio_channels: int
    audio_sample_rate: int
    video_codec: str
    audio_codec: str
    variable_frame_rate: bool = False
    still: bool = False  # a single picture (photo, PNG export of a slate...)


def check_file(path: Path) -> int:
    """The file's size, or the error a user should see for a path that is not a usable file."""
    if not path.exists():
        raise MediaNotFound(
            f"File not found: {path}. Check the path; if the server runs on another machine, map the "
            "folder to the server's path or let the client upload the file."
        )
    if not path.is_file():
        raise NotMedia(f"{path} is a folder, not a media file. Pass the clips inside it.")
    size = path.stat().st_size
    if size == 0:
        raise EmptyMedia(
            f"The file is empty (0 bytes): {path}. The copy probably failed: copy it again from the "
            "camera card or the original drive."
        )
    return size


def _looks_like_iso_media(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(8)
    return len(head) == 8 and head[4:8] in _ISO_BOXES


def open_container(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        if _looks_like_iso_media(path):
            raise TruncatedMedia(
                f"{path.name} starts like an MP4/MOV file but cannot be opened ({exc.strerror}): it looks "
                "truncated or never finalised (a copy that did not finish, or a camera that lost power). "
                "Copy it again from the card."
            ) from exc
        raise NotMedia(
            f"FFmpeg cannot read {path.name} as audio or video ({exc.strerror}). Check that it is a media "
            "file and not a document, sidecar or proxy folder."
        ) from exc


def probe(path: Path) -> MediaInfo:
    size = check_file(path)
    with open_container(path) as container:
        video = container.streams.video[0] if container.streams.video else None
        audio = container.streams.audio[0] if container.streams.audio else None
        if video is None and audio is None:
            if container.format.name in _ISO_FORMATS:
                raise NoContent(f"{path.name} holds no frames or samples: the recording stopped before any was "
                                "written. Nothing to analyse; delete it from the media pool.")
            raise NotMedia(f"{path.name} holds no audio or video stream. Check that it is a media file.")
        for stream in (video, audio):
            if stream is not None and stream.codec_context is None:
                raise UnsupportedCodec(
                    f"{path.name} uses a codec FFmpeg cannot decode ({stream.type}): "
                    "transcode it to ProRes, DNxHR or H.264 (with its camera maker's tool) and analyse that."
                )
        duration = _duration(container, video or audio)
        rate = _rate(video) if video is not None else Fraction(0)
        still = video is not None and container.format.name.endswith(_IMAGE_FORMAT_SUFFIXES)
        frames = 0
        if video is not None:
            frames = 1 if still else video.frames or round(duration * rate)
        if not still and duration <= 0 and frames == 0:
            raise NoContent(f"{path.name} holds no frames or samples: the recording stopped before any was "
                            "written. Nothing to analyse; delete it from the media pool.")
        return MediaInfo(
            path=path,
            size=size,
            duration_s=duration,
            has_video=video is not None,
            has_audio=audio is not None,
            rate=rate,
            frames=frames,
            width=video.codec_context.width if video is not None else 0,
            height=video.codec_context.height if video is not None else 0,
            start_timecode=_start_timecode(container),
            audio_channels=_channels(audio),
            audio_sample_rate=audio.codec_context.sample_rate if audio is not None else 0,
            video_codec=video.codec_context.name if video is not None else "",
            audio_codec=audio.codec_context.name if audio is not None else "",
            variable_frame_rate=_is_variable_frame_rate(container, video) if video is not None and not still else False,
            still=still,
        )


def _rate(video: av.video.stream.VideoStream) -> Fraction:
    rate = video.average_rate or video.guessed_rate or video.base_rate
    if not rate:
        log.warning("no frame rate in %s; assuming 24", video.container.name)
        return Fraction(24)
    return normalise_rate(Fraction(rate))


def _is_variable_frame_rate(container, video, packets: int = 300) -> bool:
    """Frame durations that differ by more than timestamp rounding, over the first ``packets`` frames."""
    stamps = []
    try:
        for packet in container.demux(video):
            if packet.pts is not None:
                stamps.append(packet.pts)
            if len(stamps) >= packets:
                break
    except av.error.FFmpegError:
        return False
    finally:
        container.seek(0)
    steps = {b - a for a, b in zip(sorted(stamps), sorted(stamps)[1:])}
    return len(steps) > 1 and max(steps) - min(steps) > 1


def _duration(container, stream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _start_timecode(container) -> str:
    for meta in [container.metadata, *(s.metadata for s in container.streams)]:
        if meta.get("timecode"):
            return meta["timecode"]
    return "00:00:00:00"


def _channels(audio) -> int:
    if audio is None:
        return 0
    layout = getattr(audio.codec_context, "layout", None)
    return layout.nb_channels if layout is not None else audio.codec_context.channels
