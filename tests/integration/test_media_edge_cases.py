"""Fades, variable frame rate, 23.976, and media that is odd rather than good: partial results where
possible, a clear per-clip error where not, and the job always goes on."""

from __future__ import annotations

from fractions import Fraction

import pytest

from resolve_plugin.client import media_refs


@pytest.fixture(scope="module")
def shot_results(embedded, truth, fixtures_dir):
    from resolve_plugin.client import DerushClient

    shots = truth["shots"]
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(fixtures_dir / "shots" / shots[k]["file"] for k in ("fades", "vfr")))
    assert all(e is None for e in outcome.errors), outcome.errors
    return shots, dict(zip(("fades", "vfr"), outcome.results))


def test_a_fade_through_black_is_a_shot_boundary_in_the_middle_of_the_dark(shot_results):
    truth, results = shot_results
    fades = results["fades"]
    assert (fades.fps_num, fades.fps_den) == (24000, 1001)
    first, last = truth["fades"]["fade_dark"]
    boundaries = [(s.start_frame, s.transition) for s in fades.shots[1:]]
    assert boundaries == [((first + last + 1) // 2, "fade"), (truth["fades"]["hard_cut"], "cut")]
    assert fades.shots[-1].end_frame == truth["fades"]["frames"]
    assert [m.name for m in fades.markers if m.custom_data == "derush:shot"] == ["Fade", "Shot change"]


def test_cuts_are_frame_exact_on_variable_frame_rate(shot_results):
    truth, results = shot_results
    vfr = results["vfr"]
    assert vfr.variable_frame_rate
    assert vfr.frames == truth["vfr"]["frames"]
    assert [s.start_frame for s in vfr.shots[1:]] == truth["vfr"]["cuts"]
    assert abs(vfr.duration_s - truth["vfr"]["duration_s"]) < 0.1


def test_constant_rate_clips_are_not_called_variable(shot_results, client, fixtures_dir, clips):
    outcome = client.analyze(media_refs([fixtures_dir / clips[2].file]))
    assert outcome.results[0].variable_frame_rate is False
    assert Fraction(outcome.results[0].fps_num, outcome.results[0].fps_den) == Fraction(30000, 1001)


@pytest.fixture(scope="module")
def odd_results(embedded, truth):
    from resolve_plugin.client import DerushClient

    odd = truth["odd_media"]
    kinds = list(odd)
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(odd[k] for k in kinds))
        assert client.health() == "SERVING"
    return {k: (r, e) for k, r, e in zip(kinds, outcome.results, outcome.errors)}


def test_corrupt_frames_mid_file_are_skipped_and_the_rest_analysed(odd_results):
    result, error = odd_results["corrupt_middle"]
    assert error is None
    damaged = [e for e in result.analyzer_errors if e.analyzer == "decode"]
    assert damaged and damaged[0].error.code == "damaged" and "skipped" in damaged[0].error.message
    # speech on both sides of the damage is still there
    text = " ".join(s.text for s in result.speech.segments).lower()
    assert "tide" in text and "twice a day" in text


def test_audio_only_clip_is_transcribed_without_picture(odd_results):
    result, error = odd_results["audio_only"]
    assert error is None
    assert result.fps_num == 0 and not result.shots and not result.markers
    assert "tide comes in twice a day" in " ".join(s.text for s in result.speech.segments).lower()


def test_still_image_is_one_frame_and_tagged(odd_results):
    result, error = odd_results["still"]
    assert error is None
    assert result.frames == 1 and len(result.shots) == 1
    assert ("Keywords", "Still image") in {(t.name, t.value) for t in result.tags}


def test_clip_with_no_audio_stream_gets_picture_analysis_only(shot_results):
    _, results = shot_results
    fades = results["fades"]
    assert fades.audio_channels == 0 and not fades.speech.segments and len(fades.shots) == 3


@pytest.mark.parametrize("kind, code, words", [
    ("zero_length", "no_content", "no frames or samples"),
    ("unsupported_codec", "unsupported_codec", "cannot decode"),
])
def test_unusable_media_gets_a_clear_error(odd_results, kind, code, words):
    result, error = odd_results[kind]
    assert result is None
    assert error.code == code
    assert words in error.message
    assert "transcode" in error.message or "delete" in error.message  # says what to do
