"""The timecode module's additions for the interchange writers."""

from __future__ import annotations

from fractions import Fraction

import pytest

from protos.timecode import (
    frames_to_rational_time_string,
    frames_to_srt_time,
    is_drop_frame_timecode,
    rational_time_string,
    timeline_start_frame,
)


@pytest.mark.parametrize(("rate", "frame"), [
    (Fraction(24000, 1001), 86400), (Fraction(24), 86400), (Fraction(25), 90000), (Fraction(30000, 1001), 107892),
    (Fraction(30), 108000), (Fraction(50), 180000), (Fraction(60000, 1001), 215784),
])
def test_timeline_starts_at_one_hour(rate, frame):
    assert timeline_start_frame(rate) == frame


@pytest.mark.parametrize(("frame", "rate", "text"), [
    (0, Fraction(25), "0s"), (86400, Fraction(24), "3600s"), (48, Fraction(24000, 1001), "48048/24000s"),
    (86400, Fraction(24000, 1001), "86486400/24000s"), (107892, Fraction(30000, 1001), "107999892/30000s"),
    (3, Fraction(25), "3/25s"), (1, Fraction(60000, 1001), "1001/60000s"),
])
def test_fcpxml_rational_times(frame, rate, text):
    assert frames_to_rational_time_string(frame, rate) == text
    assert Fraction(text[:-1]) == Fraction(frame) / rate


def test_rational_time_string_and_drop_frame_flag():
    assert rational_time_string(Fraction(1001, 24000)) == "1001/24000s"
    assert rational_time_string(Fraction(7)) == "7s"
    assert is_drop_frame_timecode("01:00:00;00") and is_drop_frame_timecode("01:00:00.00")
    assert not is_drop_frame_timecode("01:00:00:00")


def test_srt_times():
    assert frames_to_srt_time(0, Fraction(25)) == "00:00:00,000"
    assert frames_to_srt_time(3, Fraction(24000, 1001)) == "00:00:00,125"
    assert frames_to_srt_time(90000 + 12, Fraction(25)) == "01:00:00,480"
    with pytest.raises(ValueError):
        frames_to_srt_time(-1, Fraction(25))
