"""Timeline.GetCurrentClipThumbnailImage: the frame under the playhead, decoded from the real media file.

README (R19 onwards): a dict with keys "width", "height", "format" and "data", data being raw RGB 8-bit pixels in
base64, "for current media in the Color Page". davinci-resolve-mcp ``src/utils/api_truth.py`` (Studio 19.1.3.7)
measured a 288x162 "RGB 8 bit" thumbnail of a 16:9 clip, ``None`` on any page but Color, and ``None`` while Resolve
is not the frontmost application. We keep the 162-line height and the picture's shape.
"""

from __future__ import annotations

import base64
import logging
from fractions import Fraction
from pathlib import Path

import av

from protos.media_probe import open_container

log = logging.getLogger(__name__)

HEIGHT = 162
FORMAT = "RGB 8 bit"


def thumbnail(path: Path, frame: int, rate: Fraction) -> dict | None:
    """Frame ``frame`` (from the file's first frame, at ``rate``) as the thumbnail dict, or None if unreadable."""
    try:
        with open_container(path) as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            picture = _frame_at(container, stream, frame, rate)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        log.info("no thumbnail from %s: %s", path, exc)
        return None
    if picture is None:
        return None
    width = max(2, round(HEIGHT * picture.width / picture.height / 2) * 2)
    pixels = picture.reformat(width=width, height=HEIGHT, format="rgb24").to_ndarray()
    return {"width": width, "height": HEIGHT, "format": FORMAT, "data": base64.b64encode(pixels.tobytes()).decode()}


def _frame_at(container, stream, frame: int, rate: Fraction):
    first = stream.start_time or 0
    target = first + round(Fraction(frame) / rate / stream.time_base)
    container.seek(target, stream=stream, backward=True, any_frame=False)
    last = None
    for picture in container.decode(stream):
        if picture.pts is not None and picture.pts > target:
            return last or picture
        last = picture
        if picture.pts == target:
            return picture
    return last
