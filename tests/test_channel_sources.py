"""Telling one microphone per person from one microphone on two channels, on decoded stereo files."""

from __future__ import annotations

import numpy as np
import pytest

from inference_server.engine import AudioCollector
from inference_server.media.channel_sources import channel_sources, own_voice
from inference_server.media.decode import AUDIO_RATE, decode
from protos.media_probe import probe
from tests.fixtures.separate_mics import ensure_separate_mics


@pytest.fixture(scope="module")
def separate_mics(fixtures_dir):
    folder = fixtures_dir / "separate_mics"
    truth = ensure_separate_mics(folder)
    decoded = {}
    for kind, name in truth["files"].items():
        collector = AudioCollector(True, True)
        decode(probe(folder / name), [collector])
        decoded[kind] = collector.arrays()[1]
    return truth, decoded


def _seconds(ranges) -> float:
    return sum(end - start for start, end in ranges)


def _shared(ranges, others) -> float:
    return sum(max(0.0, min(e, oe) - max(s, os)) for s, e in ranges for os, oe in others)


def _alone(truth, who: str) -> list[tuple[float, float]]:
    """When ``who`` speaks and the other does not."""
    mine = [(s, e) for s, e, w in truth["turns"] if w == who]
    theirs = [(s, e) for s, e, w in truth["turns"] if w != who]
    step = 0.01
    times = np.arange(0, truth["duration"], step)
    inside = lambda ranges: np.array([any(s <= t < e for s, e in ranges) for t in times])  # noqa: E731
    flags = inside(mine) & ~inside(theirs)
    edges = np.flatnonzero(np.diff(np.r_[0, flags.astype(int), 0]))
    return [(times[a], times[b - 1] + step) for a, b in zip(edges[::2], edges[1::2])]


@pytest.mark.parametrize("kind", ["two_mics", "two_mics_room"])
def test_two_lavaliers_with_crosstalk_are_separate_sources(separate_mics, kind):
    truth, decoded = separate_mics
    sources = channel_sources(decoded[kind])
    assert sources.separate and sources.sources == (0, 1), sources.reason
    assert "separate microphones" in sources.reason
    for channel, who in ((0, "A"), (1, "B")):
        own = sources.voiced[channel]
        mine = [(s, e) for s, e, w in truth["turns"] if w == who]
        other = "B" if who == "A" else "A"
        # each person's voice is on their own channel, overlap included...
        assert _shared(own, mine) > 0.9 * _seconds(mine), (kind, channel, own)
        # ...and the other person's crosstalk, heard when they talk alone, is not
        assert _shared(own, _alone(truth, other)) < 0.1 * _seconds(_alone(truth, other)), (kind, channel, own)
    # both people are heard at once where they talk over each other
    a, b = sources.voiced
    assert _shared(a, b) > 0.8


def test_dual_mono_is_one_source(separate_mics):
    truth, decoded = separate_mics
    sources = channel_sources(decoded["dual_mono"])
    assert not sources.separate and sources.sources == () and sources.silent == ()
    assert "same voices" in sources.reason


def test_dual_mono_with_a_safety_track_twelve_db_down_is_one_source(separate_mics):
    _, decoded = separate_mics
    main = decoded["dual_mono"][0]
    sources = channel_sources(np.stack([main, main * 10 ** (-12 / 20)]))
    assert not sources.separate
    assert sources.voiced[1] == ()  # the quieter copy owns none of the voice


def test_a_silent_channel_is_no_source_and_is_named(separate_mics):
    truth, decoded = separate_mics
    sources = channel_sources(decoded["one_silent"])
    assert not sources.separate
    assert sources.silent == (1,) and sources.voiced[1] == ()
    assert "channel 2 is silent" in sources.reason
    assert _seconds(sources.voiced[0]) > 0.9 * _seconds([(s, e) for s, e, _ in truth["turns"][:2]])


def test_a_camera_mix_beside_two_lavaliers_is_no_source_of_its_own(separate_mics):
    _, decoded = separate_mics
    lavs = decoded["two_mics"]
    # a third channel mixing both voices at their own level, as a camera's microphone hears a conversation
    sources = channel_sources(np.stack([lavs[0], lavs[1], 0.7 * (lavs[0] + lavs[1])]))
    assert sources.separate and sources.sources == (0, 1)


def test_one_channel_is_one_source():
    assert not channel_sources(np.zeros((1, AUDIO_RATE), np.float32)).separate
    assert not channel_sources(None).separate


def test_own_voice_silences_the_crosstalk(separate_mics):
    truth, decoded = separate_mics
    channels = decoded["two_mics"]
    sources = channel_sources(channels)
    guest = own_voice(channels, sources, 1)
    for start, end in _alone(truth, "A"):  # the interviewer alone: only crosstalk on the guest's microphone
        if end - start > 0.5:
            piece = slice(int((start + 0.2) * AUDIO_RATE), int((end - 0.2) * AUDIO_RATE))
            assert np.abs(channels[1, piece]).max() > 0.01 and not guest[piece].any()
    b_first = truth["turns"][1]
    piece = slice(int(b_first[0] * AUDIO_RATE), int(b_first[1] * AUDIO_RATE))
    assert np.array_equal(guest[piece], channels[1, piece])
