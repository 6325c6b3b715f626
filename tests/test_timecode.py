from fractions import Fraction

import pytest

from protos.timecode import (
    frames_to_timecode,
    normalise_rate,
    seconds_to_frame,
    seconds_to_frame_boundary,
    timecode_to_frames,
)


@pytest.mark.parametrize("given, expected", [
    (23.976, Fraction(24000, 1001)), (29.97, Fraction(30000, 1001)), (59.94, Fraction(60000, 1001)),
    (Fraction(24000, 1001), Fraction(24000, 1001)), (25.0, Fraction(25)), (24, Fraction(24)), (50, Fraction(50)),
])
def test_rates_become_exact_fractions(given, expected):
    assert normalise_rate(given) == expected


def test_resolve_timeline_start_is_frame_86400_at_24():
    assert timecode_to_frames("01:00:00:00", Fraction(24)) == 86400
    assert frames_to_timecode(86400, Fraction(24)) == "01:00:00:00"


def test_drop_frame_timecode_at_2997():
    rate = Fraction(30000, 1001)
    # one minute of drop-frame skips frame numbers 00 and 01
    assert frames_to_timecode(1800, rate) == "00:01:00;02"
    assert timecode_to_frames("00:01:00;02", rate) == 1800
    assert frames_to_timecode(17982, rate) == "00:10:00;00"


def test_seconds_to_frames_do_not_drift_at_23976():
    rate = Fraction(24000, 1001)
    one_hour = 3600 * 24000 / 1001
    assert seconds_to_frame(float(Fraction(86313) / rate), rate) == 86313
    assert seconds_to_frame_boundary(one_hour / float(rate), rate) == round(one_hour / float(rate) * float(rate))


def test_clock_and_minutes_read_as_an_editor_reads_them():
    from protos.timecode import seconds_to_clock, seconds_to_minutes

    assert seconds_to_clock(63.24) == "00:01:03.2" and seconds_to_clock(3725.06) == "01:02:05.1"
    assert seconds_to_clock(-1) == "00:00:00.0"
    assert seconds_to_minutes(63.4) == "1:03" and seconds_to_minutes(600) == "10:00"
