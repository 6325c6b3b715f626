"""Every conversion between seconds, frames, rates and timecode lives here.

Analysis works in seconds (float); edit decisions in frames (int) with a rate (Fraction). Timecode
arithmetic is OpenTimelineIO's (drop-frame included), not ours.
"""

from __future__ import annotations

import math
from fractions import Fraction

import opentimelineio as otio

# Rates whose NTSC form an editor expects (23.976 is 24000/1001, not 23.976/1).
_NTSC = {Fraction(24000, 1001), Fraction(30000, 1001), Fraction(60000, 1001), Fraction(48000, 1001)}


def normalise_rate(rate: Fraction | float | int) -> Fraction:
    """A frame rate as an exact fraction; 23.976 / 29.97 / 59.94 become their NTSC fractions."""
    rate = Fraction(rate).limit_denominator(1001)
    for ntsc in _NTSC:
        if abs(float(rate) - float(ntsc)) < 0.001:
            return ntsc
    if abs(rate - round(rate)) < Fraction(1, 1000):
        return Fraction(round(rate))
    return rate


def seconds_to_frame(seconds: float, rate: Fraction) -> int:
    """The frame showing at ``seconds`` (floor, with a tolerance for float noise)."""
    return math.floor(seconds * float(rate) + 1e-6)


def seconds_to_frame_boundary(seconds: float, rate: Fraction) -> int:
    """The nearest frame boundary to ``seconds``: for cut points and exclusive ends."""
    return round(seconds * float(rate))


def frame_to_seconds(frame: int, rate: Fraction) -> float:
    return float(Fraction(frame) / rate)


def is_drop_frame_rate(rate: Fraction) -> bool:
    return rate in (Fraction(30000, 1001), Fraction(60000, 1001))


def frames_to_timecode(frame: int, rate: Fraction, drop_frame: bool | None = None) -> str:
    """SMPTE timecode of an absolute frame number; drop-frame by default at 29.97 and 59.94."""
    drop = is_drop_frame_rate(rate) if drop_frame is None else drop_frame
    return otio.opentime.to_timecode(otio.opentime.RationalTime(frame, float(rate)), float(rate), drop)


def timecode_to_frames(timecode: str, rate: Fraction) -> int:
    return round(otio.opentime.from_timecode(timecode, float(rate)).value)


def rational_time(frame: int, rate: Fraction) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(frame, float(rate))


def time_range(start_frame: int, end_frame_exclusive: int, rate: Fraction) -> otio.opentime.TimeRange:
    duration = rational_time(end_frame_exclusive - start_frame, rate)
    return otio.opentime.TimeRange(rational_time(start_frame, rate), duration)


# --- Timeline start, drop-frame flags, and the time notations of the interchange writers ---

TIMELINE_START_TIMECODE = "01:00:00:00"


def is_drop_frame_timecode(timecode: str) -> bool:
    """Whether a timecode string is written drop-frame (``;`` or ``.`` before the frames, as ffprobe reports it)."""
    return ";" in timecode or "." in timecode


def timeline_start_frame(rate: Fraction) -> int:
    """Frame number of a new Resolve timeline's first frame: 01:00:00:00, or 01:00:00;00 at 29.97/59.94 DF.

    At drop-frame rates the hour is 107892 frames (29.97), not 108000: reading "01:00:00:00" as non-drop
    would put the start at 01:00:03;18.
    """
    timecode = TIMELINE_START_TIMECODE
    if is_drop_frame_rate(rate):
        timecode = timecode[:8] + ";" + timecode[9:]
    return timecode_to_frames(timecode, rate)


def exact_seconds(frame: int, rate: Fraction) -> Fraction:
    """``frame`` frames at ``rate`` as an exact number of seconds."""
    return Fraction(frame) / Fraction(rate)


def frame_duration(rate: Fraction) -> Fraction:
    """Seconds per frame, exactly: 1001/24000 at 23.976."""
    return 1 / Fraction(rate)


def rational_time_string(seconds: Fraction) -> str:
    """FCPXML time notation for an exact number of seconds: ``0s``, ``3600s``, ``1001/24000s``."""
    seconds = Fraction(seconds)
    if seconds.denominator == 1:
        return f"{seconds.numerator}s"
    return f"{seconds.numerator}/{seconds.denominator}s"


def frames_to_rational_time_string(frame: int, rate: Fraction) -> str:
    """FCPXML time of ``frame`` frames at ``rate``, in the rate's own timebase as Final Cut Pro writes it.

    48 frames at 23.976 is ``48048/24000s`` (numerator a multiple of 1001), whole seconds are ``3600s``.
    """
    rate = Fraction(rate)
    seconds = exact_seconds(frame, rate)
    if seconds.denominator == 1:
        return f"{seconds.numerator}s"
    return f"{frame * rate.denominator}/{rate.numerator}s"


def frames_to_srt_time(frame: int, rate: Fraction) -> str:
    """SRT time ``HH:MM:SS,mmm`` of ``frame`` frames from 00:00:00,000, rounded to the nearest millisecond."""
    millis = round(exact_seconds(frame, rate) * 1000)
    if millis < 0:
        raise ValueError(f"negative SRT time: frame {frame} at {rate}")
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    seconds, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def seconds_to_clock(seconds: float) -> str:
    """``00:01:03.2``: where in a clip, to a tenth of a second, as an editor reads a marker's note."""
    tenths = max(0, round(seconds * 10))
    hours, tenths = divmod(tenths, 36000)
    minutes, tenths = divmod(tenths, 600)
    return f"{hours:02d}:{minutes:02d}:{tenths // 10:02d}.{tenths % 10}"


def seconds_to_minutes(seconds: float) -> str:
    """``1:03``: a duration as the panel shows it (whole seconds)."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
