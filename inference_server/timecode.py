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
