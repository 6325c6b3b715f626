"""Where the language is looked for: voiced ranges grouped into stretches, the windows sampled over a clip (the
opening and the close, never the same stretch twice), and runs of one language cut in the middle of the pauses."""

from __future__ import annotations

from inference_server.analyzers.speech_languages import (
    LanguageRun,
    Stretch,
    _runs,
    clip_languages,
    main_language,
    sample_windows,
    stretches,
)


def _ranges(every: float, length: float, count: int, start: float = 1.0) -> list[tuple[float, float]]:
    return [(start + i * every, start + i * every + length) for i in range(count)]


def test_voice_with_short_pauses_is_one_stretch_and_a_long_pause_starts_another():
    parts = stretches([(0.5, 2.0), (2.6, 4.0), (4.5, 6.0), (9.0, 11.0)])
    assert [(p.start, p.end) for p in parts] == [(0.5, 6.0), (9.0, 11.0)]
    assert parts[0].voice_s == 1.5 + 1.4 + 1.5


def test_a_stretch_spans_at_most_one_whisper_window():
    parts = stretches(_ranges(every=2.5, length=2.0, count=30))  # 75 s of voice with half-second pauses
    assert len(parts) >= 3 and all(p.end - p.start <= 30.0 for p in parts)


def test_a_short_clip_is_detected_once_and_a_longer_one_at_its_opening_and_its_close():
    short = stretches(_ranges(every=4.0, length=2.0, count=5))  # 10 s of voice
    assert len(sample_windows(short)) == 1
    clip = stretches(_ranges(every=4.0, length=3.0, count=12))  # 36 s of voice, one stretch per line
    opening, closing = sample_windows(clip)
    assert opening[0] is clip[0] and closing[-1] is clip[-1]
    assert not set(opening) & set(closing)
    assert sum(p.voice_s for p in opening) >= 18.0 and sum(p.voice_s for p in closing) >= 18.0


def test_two_stretches_are_two_windows():
    parts = stretches([(0.8, 13.0), (17.7, 31.4)])
    assert sample_windows(parts) == [[parts[0]], [parts[1]]]


def test_a_long_clip_is_sampled_at_its_opening_and_its_close_only():
    parts = stretches(_ranges(every=8.0, length=3.0, count=74))  # the 10-minute bench clip's rhythm
    opening, closing = sample_windows(parts)
    assert opening[0] is parts[0] and closing[-1] is parts[-1]
    assert sum(p.voice_s for p in opening) == sum(p.voice_s for p in closing) == 30.0


def test_runs_are_cut_in_the_middle_of_the_pause_between_two_languages():
    parts = [Stretch(((1.0, 5.0),)), Stretch(((6.0, 9.0),)), Stretch(((13.0, 20.0),))]
    runs = _runs(parts, [("en", 0.9), ("en", 0.8), ("de", 0.7)], duration=22.0)
    assert [(r.language, r.start, r.end) for r in runs] == [("en", 0.0, 11.0), ("de", 11.0, 22.0)]
    assert runs[0].voice_s == 7.0 and abs(runs[0].probability - (0.9 * 4 + 0.8 * 3) / 7) < 1e-9
    assert clip_languages(runs) == ["en", "de"]
    assert main_language(runs).language == "en"  # 7 s of English against 7 s of German: the first
    assert main_language([*runs, LanguageRun(22.0, 30.0, "de", 0.7, 1.0)]).language == "de"
