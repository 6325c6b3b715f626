"""The ``sound`` analyzer: BS.1770 loudness and its judgements on 16 kHz audio whose problems we made.

The analyzer is fed as the engine feeds it (``context.audio``, ``context.channels``); encoded clips through
the decoder and the server are in ``tests/integration/test_problems.py``.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from inference_server.analyzers.base import AnalysisContext
from inference_server.analyzers.sound import SoundAnalyzer, SoundOptions
from inference_server.media.decode import AUDIO_RATE
from inference_server.media.loudness import block_power, integrated
from inference_server.models import ModelRegistry
from protos.derush.v1 import derush_pb2 as pb
from protos.media_probe import MediaInfo
from tests.fixtures.problems import voice


def _sine(frequency: float, dbfs: float, seconds: float = 5.0) -> np.ndarray:
    t = np.arange(int(seconds * AUDIO_RATE)) / AUDIO_RATE
    return (10 ** (dbfs / 20) * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def _loudness(audio: np.ndarray) -> float:
    return integrated(block_power(audio, AUDIO_RATE))


def test_a_1khz_tone_reads_as_bs1770_says():
    # BS.1770: a 997 Hz sine's loudness in LUFS is its RMS level in dBFS minus 3.01 (full scale reads -3.01)
    assert _loudness(_sine(997, -20)) == pytest.approx(-23.0, abs=0.1)
    assert _loudness(_sine(997, -6)) == pytest.approx(-9.0, abs=0.1)


def test_k_weighting_favours_presence_and_ignores_rumble():
    tone = _loudness(_sine(997, -20))
    # a +4 dB high shelf above ~1.7 kHz (the head), a high-pass under ~40 Hz
    assert 3.0 < _loudness(_sine(5000, -20)) - tone < 4.1
    assert _loudness(_sine(30, -20)) - tone < -5


def test_two_channels_of_the_same_sound_read_3_db_louder_than_one():
    mono = _sine(997, -20)
    assert _loudness(np.stack([mono, mono])) == pytest.approx(_loudness(mono) + 3.01, abs=0.05)


def _info(seconds: float, video: bool = True) -> MediaInfo:
    rate = Fraction(24) if video else Fraction(0)
    return MediaInfo(path=Path("synthetic.wav"), size=1, duration_s=seconds, has_video=video, has_audio=True,
                     rate=rate, frames=int(seconds * 24) if video else 0, width=320 if video else 0,
                     height=180 if video else 0, start_timecode="00:00:00:00", audio_channels=1,
                     audio_sample_rate=48000, video_codec="h264" if video else "", audio_codec="pcm_s16le")


def _sound(audio: np.ndarray, video: bool = True, tmp_path: Path | None = None) -> pb.ClipAnalysis:
    """Run the analyzer on 16 kHz audio as the engine would: mono, plus channels when there are several."""
    audio = np.asarray(audio, np.float32)
    seconds = audio.shape[-1] / AUDIO_RATE
    context = AnalysisContext(_info(seconds, video), ModelRegistry(tmp_path or Path("/nonexistent")),
                              pb.AnalysisOptions())
    if audio.ndim == 2:
        context.audio, context.channels = audio.mean(axis=0), audio
    else:
        context.audio = audio
    result = pb.ClipAnalysis()
    SoundAnalyzer(context).finish(result)
    return result


def _problems(result: pb.ClipAnalysis) -> dict[str, list[tuple[float, float]]]:
    found: dict[str, list[tuple[float, float]]] = {}
    for tag in result.tags:
        if tag.name == "Problem":
            found.setdefault(tag.value, []).append((tag.start, tag.end))
    return found


def _db(value: float) -> float:
    return 10 ** (value / 20)


def _dialogue(seconds: float, seed: int = 1) -> np.ndarray:
    """Voice at -26 dBFS RMS over a -70 dBFS noise floor, at 16 kHz."""
    rng = np.random.default_rng(seed)
    audio = voice(seconds, AUDIO_RATE, seed) * _db(-26)
    return (audio + rng.normal(0, _db(-70), len(audio))).astype(np.float32)


def _at(seconds: float) -> int:
    return int(seconds * AUDIO_RATE)


def test_normal_dialogue_gives_no_problem_and_its_loudness():
    result = _sound(_dialogue(12.0))
    assert _problems(result) == {} and not result.markers
    [loudness] = [t for t in result.tags if t.name == "Loudness"]
    assert -31 < float(loudness.value.split()[0]) < -23  # -26 dBFS RMS with pauses, K-weighted


def test_a_quiet_stretch_is_found_where_it_was_turned_down(tmp_path):
    audio = _dialogue(16.0)
    audio[_at(6.0) : _at(10.0)] *= _db(-24)
    result = _sound(audio, tmp_path=tmp_path)
    [(start, end)] = _problems(result)["Too quiet"]
    tolerance = 0.5  # 100 ms blocks, a 400 ms window, and the voice's pauses at the edges
    assert abs(start - 6.0) <= tolerance and abs(end - 10.0) <= tolerance
    assert list(_problems(result)) == ["Too quiet"]
    [marker] = result.markers
    assert (marker.name, marker.color, marker.custom_data) == ("Too quiet", "Red", "derush:problem")
    assert marker.note.startswith("Loudness -5") and "LUFS" in marker.note and "00:00:0" in marker.note
    assert [t.value for t in result.tags if t.name == "Keywords"] == ["Too quiet"]


def test_a_short_dip_is_not_too_quiet():
    audio = _dialogue(12.0)
    audio[_at(5.0) : _at(5.0 + SoundOptions().min_quiet_s / 2)] *= _db(-24)
    assert _problems(_sound(audio)) == {}


def test_room_tone_and_digital_silence_are_not_too_quiet():
    rng = np.random.default_rng(2)
    room_tone = rng.normal(0, _db(-65), _at(10.0)).astype(np.float32)
    assert _problems(_sound(room_tone)) == {}
    silence = _sound(np.zeros(_at(10.0), np.float32))
    assert _problems(silence) == {} and not [t for t in silence.tags if t.name == "Loudness"]


def test_clipping_is_found_where_the_voice_was_driven_past_full_scale():
    audio = _dialogue(12.0)
    audio[_at(4.0) : _at(7.0)] *= _db(16)
    clipped = np.flatnonzero(np.abs(audio) > 1.0)
    audio = np.clip(audio, -1.0, 1.0)  # what a 16-bit recorder keeps
    result = _sound(audio)
    [(start, end)] = _problems(result)["Audio clipping"]
    assert abs(start - clipped[0] / AUDIO_RATE) <= 0.1 and abs(end - clipped[-1] / AUDIO_RATE) <= 0.1
    [marker] = [m for m in result.markers if m.name == "Audio clipping"]
    assert marker.frame == int(start * 24) and "full scale" in marker.note


def test_a_clipped_channel_is_found_even_when_the_mix_stays_under_full_scale():
    lavalier = np.clip(_dialogue(8.0, seed=3) * _db(16), -1.0, 1.0)  # one microphone driven into clipping
    boom = _dialogue(8.0, seed=4) * _db(-6)
    assert np.abs((lavalier + boom) / 2).max() < SoundOptions().clip_level  # the mono mix hides it
    assert "Audio clipping" in _problems(_sound(np.stack([lavalier, boom])))


def test_a_loud_tone_that_never_reaches_full_scale_is_too_loud_not_clipped():
    audio = _dialogue(10.0)
    audio[_at(4.0) : _at(6.0)] = _sine(880, -4, 2.0)  # peaks at -1 dBFS
    problems = _problems(_sound(audio))
    assert list(problems) == ["Too loud"]
    [(start, end)] = problems["Too loud"]
    assert abs(start - 4.0) <= 0.3 and abs(end - 6.0) <= 0.3


def test_audio_only_clips_get_tags_but_no_markers():
    audio = _dialogue(12.0)
    audio[_at(3.0) : _at(8.0)] *= _db(-24)
    result = _sound(audio, video=False)
    assert "Too quiet" in _problems(result) and not result.markers
