"""The spoken language per stretch of speech: an interview with an interpreter, a bilingual documentary or a
French/English set is transcribed part by part, each part in its own language.

The VAD's voiced ranges are grouped into *stretches* (voice without a long pause, at most a Whisper window). A clip
in one language must cost what it did when the language was detected once per clip, so the language is first
detected on two windows of voice, the clip's opening and its close; only when they disagree is every stretch
detected, and the clip split into *runs* of one language, cut in the middle of the pauses between them. (The
analyzer looks again at the stretches it heard badly, which catches a language change in the middle.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from inference_server.media.decode import AUDIO_RATE

#: Voiced ranges closer than this are one stretch (a language changes at a pause between sentences).
STRETCH_GAP_S = 1.0
#: A stretch spans at most this much (one Whisper window: what detection looks at).
STRETCH_SPAN_S = 30.0
#: Voice in one detection window (Whisper's window; more is not looked at).
WINDOW_VOICE_S = 30.0
#: Under this much voice in all, one window is detected, as before per-stretch detection: a short clip is not
#: worth a second encoder pass, and a few words say little about their language.
MIN_VOICE_TO_SAMPLE_S = 20.0
#: A stretch with less voice than this takes its neighbours' language: on a few words Whisper's detection guesses
#: (the French floor calls « moteur, ça tourne, action », 2.6 s of voice, came out Japanese)...
MIN_SURE_VOICE_S = 5.0
#: ...and so does one detected with less probability than this.
MIN_SURE_PROBABILITY = 0.5

#: ``detect(audio) -> (language, probability)`` on 16 kHz mono voice (at most one Whisper window).
Detect = Callable[[np.ndarray], tuple[str, float]]


@dataclass(frozen=True)
class Stretch:
    voiced: tuple[tuple[float, float], ...]

    @property
    def start(self) -> float:
        return self.voiced[0][0]

    @property
    def end(self) -> float:
        return self.voiced[-1][1]

    @property
    def voice_s(self) -> float:
        return sum(e - s for s, e in self.voiced)


@dataclass(frozen=True)
class LanguageRun:
    """A part of the clip spoken in one language: ``start``..``end`` cover the clip without gaps between runs."""
    start: float
    end: float
    language: str
    probability: float
    voice_s: float


def stretches(voiced: Sequence[tuple[float, float]], gap_s: float = STRETCH_GAP_S,
              span_s: float = STRETCH_SPAN_S) -> list[Stretch]:
    groups: list[list[tuple[float, float]]] = []
    for start, end in voiced:
        if groups and start - groups[-1][-1][1] < gap_s and end - groups[-1][0][0] <= span_s:
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
    return [Stretch(tuple(g)) for g in groups]


def voice_of(audio: np.ndarray, parts: Sequence[Stretch], limit_s: float = WINDOW_VOICE_S) -> np.ndarray:
    """The voiced audio of ``parts`` back to back (silence and pre-roll confuse detection), at most ``limit_s``."""
    pieces = [audio[int(s * AUDIO_RATE): int(e * AUDIO_RATE)] for part in parts for s, e in part.voiced]
    joined = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    return joined[: int(limit_s * AUDIO_RATE)]


class LanguageOf:
    """The language of some stretches of one clip's audio, each set of stretches detected once (a window of one
    stretch is that stretch, when the clip is then detected per stretch)."""

    def __init__(self, audio: np.ndarray, detect: Detect) -> None:
        self.audio, self.detect = audio, detect
        self._found: dict[tuple[Stretch, ...], tuple[str, float]] = {}

    def __call__(self, parts: Sequence[Stretch]) -> tuple[str, float]:
        key = tuple(parts)
        if key not in self._found:
            self._found[key] = self.detect(voice_of(self.audio, parts))
        return self._found[key]


def sample_windows(parts: Sequence[Stretch], window_s: float = WINDOW_VOICE_S) -> list[list[Stretch]]:
    """Whole stretches for the opening window, and for the closing one when the clip has enough voice; the two
    never share a stretch. (The middle of a long clip is looked at again only where it was heard badly: a window
    more is an encoder pass more on every clip.)"""
    total = sum(p.voice_s for p in parts)
    if total < MIN_VOICE_TO_SAMPLE_S or len(parts) < 2:
        return [list(parts)] if parts else []
    share = min(window_s, total / 2)
    opening = _take(parts[:-1], share)  # the last stretch is left to the closing window
    closing = _take(parts[len(opening):][::-1], share)[::-1]
    return [opening, closing]


def _take(parts: Sequence[Stretch], voice_s: float) -> list[Stretch]:
    taken: list[Stretch] = []
    for part in parts:
        if taken and sum(p.voice_s for p in taken) >= voice_s:
            break
        taken.append(part)
    return taken


def sampled_language(parts: Sequence[Stretch], language_of: LanguageOf,
                     window_s: float = WINDOW_VOICE_S) -> tuple[str, float] | None:
    """The language every sampled window of ``parts`` is in, with its probability (voice-weighted); None when the
    windows disagree (the clip changes language: detect it per stretch)."""
    sampled = [(language_of(window), sum(p.voice_s for p in window)) for window in sample_windows(parts, window_s)]
    languages = {language for (language, _), _ in sampled}
    if len(languages) != 1:
        return None
    probability = sum(p * voice for (_, p), voice in sampled) / max(sum(v for _, v in sampled), 1e-6)
    return languages.pop(), probability


def language_runs(parts: Sequence[Stretch], language_of: LanguageOf) -> list[LanguageRun]:
    """The clip's runs of one language, every stretch detected; ``parts`` are all the clip's stretches (at least
    one)."""
    return _runs(parts, _per_stretch(parts, language_of), len(language_of.audio) / AUDIO_RATE)


def _per_stretch(parts: Sequence[Stretch], language_of: LanguageOf) -> list[tuple[str, float]]:
    """Each stretch's language. A stretch too short to tell is not detected, and one detected unsure is not
    believed: it takes the language of the nearest sure stretch (the one before on a tie), or of the longest
    stretch when none is sure."""
    long_enough = [i for i, part in enumerate(parts) if part.voice_s >= MIN_SURE_VOICE_S]
    found = {i: language_of([parts[i]]) for i in long_enough}
    sure = [i for i in long_enough if found[i][1] >= MIN_SURE_PROBABILITY]
    if not sure:
        longest = max(range(len(parts)), key=lambda i: parts[i].voice_s)
        found.setdefault(longest, language_of([parts[longest]]))
        sure = [longest]
    settled = []
    for i, part in enumerate(parts):
        if i in sure:
            settled.append(found[i])
            continue
        nearest = min(sure, key=lambda j: (abs(parts[j].start - part.start), j > i))
        settled.append((found[nearest][0], found[nearest][1] * 0.5))  # inherited: less sure
    return settled


def _runs(parts: Sequence[Stretch], languages: list[tuple[str, float]], duration: float) -> list[LanguageRun]:
    groups: list[list[int]] = []
    for i, (language, _) in enumerate(languages):
        if groups and languages[groups[-1][-1]][0] == language:
            groups[-1].append(i)
        else:
            groups.append([i])
    runs = []
    for n, group in enumerate(groups):
        # cut in the middle of the pause between two runs: each part keeps its words' edges
        start = 0.0 if n == 0 else (parts[groups[n - 1][-1]].end + parts[group[0]].start) / 2
        end = duration if n == len(groups) - 1 else (parts[group[-1]].end + parts[groups[n + 1][0]].start) / 2
        voice = sum(parts[i].voice_s for i in group)
        probability = sum(languages[i][1] * parts[i].voice_s for i in group) / max(voice, 1e-6)
        runs.append(LanguageRun(start, end, languages[group[0]][0], probability, voice))
    return runs


def clip_languages(runs: Sequence[LanguageRun]) -> list[str]:
    """The clip's languages in order of first appearance ("en", "de")."""
    return list(dict.fromkeys(r.language for r in runs))


def main_language(runs: Sequence[LanguageRun]) -> LanguageRun:
    """The run of the language spoken longest (its voice summed over its runs) — the clip's ``speech.language``."""
    voice: dict[str, float] = {}
    for run in runs:
        voice[run.language] = voice.get(run.language, 0.0) + run.voice_s
    language = max(voice, key=lambda lang: voice[lang])
    return max((r for r in runs if r.language == language), key=lambda r: r.voice_s)
