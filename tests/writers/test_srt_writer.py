"""SRT: the plans' captions read back with the ``srt`` package."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest
import srt

from protos.edit_plan import Caption, EditPlan
from protos.interchange import WRITERS
from protos.interchange.srt import to_srt, wrap
from tests.writers.plans import PLANS


def at(frame: int, rate: Fraction) -> timedelta:
    return timedelta(seconds=float(frame / rate))


@pytest.mark.parametrize("key", PLANS)
def test_srt_reads_back_with_the_srt_package(key, tmp_path):
    plan = PLANS[key]()
    [path] = WRITERS["srt"].write(plan, tmp_path / "cut.srt")
    data = path.read_bytes()
    cues = list(srt.parse(data.decode("utf-8")))
    captions = sorted(plan.captions, key=lambda c: c.record_in)
    assert [c.index for c in cues] == list(range(1, len(captions) + 1))
    for cue, caption in zip(cues, captions):
        # relative to the timeline's first frame, to the nearest millisecond
        assert abs(cue.start - at(caption.record_in, plan.rate)) <= timedelta(microseconds=500)
        assert abs(cue.end - at(caption.record_out, plan.rate)) <= timedelta(microseconds=500)
        assert all(len(line) <= 42 for line in cue.content.splitlines())
        assert cue.content.split() == caption.text.split()
    assert srt.compose(cues, reindex=False) == data.decode("utf-8")


def test_srt_is_utf8_wrapped_and_starts_at_zero():
    plan = PLANS["uniform-25"]()
    text = to_srt(plan)
    assert text.startswith("1\n00:00:00,120 --> 00:00:02,000\nThe tide comes in.\n\n2\n")
    cue = list(srt.parse(text))[1]
    assert cue.content.splitlines() == ["Voilà: la marée monte, et avec elle tout", "le port se réveille avant l'aube."]
    assert "Ça commence." in text


def test_drop_frame_rate_times_are_real_time():
    rate = Fraction(30000, 1001)
    plan = EditPlan("df", rate, captions=[Caption(1800, 1830, "one minute of frames")])
    # 1800 frames at 29.97 is 60.06 s of real time, whatever the timecode display says
    assert to_srt(plan).splitlines()[1] == "00:01:00,060 --> 00:01:01,061"


def test_captions_without_time_or_text_are_left_out():
    plan = EditPlan("x", Fraction(25), captions=[Caption(10, 10, "no time"), Caption(0, 5, "   "),
                                                 Caption(5, 30, "kept")])
    assert [c.content for c in srt.parse(to_srt(plan))] == ["kept"]
    assert to_srt(EditPlan("empty", Fraction(25))) == ""


def test_wrap_keeps_long_words_whole():
    assert wrap("a " + "x" * 50 + " b", 42) == ["a", "x" * 50, "b"]
