"""Text Whisper invents, found and taken out before it is written as speech.

Whisper's usual failures: a phrase looping ("I'm not sure, I'm not sure, I'm not sure..."), text where nobody
speaks (over silence or music: the VAD hears no voice under it), and text that compresses too well (Whisper's own
sign of a decoding gone round in circles). A loop keeps its first copy (what was said once); the rest is dropped.
Each kind of drop becomes one note in the clip's ``analyzer_errors``, so the editor knows text was left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from protos.derush.v1 import derush_pb2 as pb

#: Whisper's own threshold (faster-whisper retries hotter above it; what is still above it after is a failure).
MAX_COMPRESSION_RATIO = 2.4
#: A loop: a phrase said this many times in a row or more...
LOOP_COPIES = 3
#: ...over at least this many words in all ("the tide, the tide, the tide" is a restart, not a loop).
LOOP_WORDS = 8
#: Under this share of its words on voice (the VAD's), a segment is text over silence or music.
MIN_VOICED_WORDS = 1 / 3
#: A word this close to a voiced range is on it (Whisper's word edges are loose).
VOICE_TOLERANCE_S = 0.2
#: Repeated segments this close together are one loop (takes said again have the floor's calls between them).
LOOP_GAP_S = 1.0

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Heard:
    """One segment as Whisper heard it, in clip seconds, before the checks."""
    start: float
    end: float
    text: str
    words: tuple[pb.Word, ...]
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    language: str


@dataclass(frozen=True)
class Dropped:
    start: float
    end: float
    text: str
    reason: str  # one of REASONS


@dataclass
class Checked:
    kept: list[Heard] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


#: reason -> (code, what happened)
REASONS = {
    "silence": ("speech_over_silence", "text where the voice detector hears nobody (silence, music or noise)"),
    "loop": ("speech_loop", "a phrase repeated over and over, kept once"),
    "compression": ("speech_loop", "text that repeats itself (Whisper's compression check)"),
}


def check(segments: Sequence[Heard], voiced: Sequence[tuple[float, float]]) -> Checked:
    checked = Checked()
    for segment in segments:
        if not _on_voice(segment, voiced):
            checked.dropped.append(Dropped(segment.start, segment.end, segment.text, "silence"))
            continue
        unlooped = _unloop(segment)
        if unlooped is not segment:
            checked.dropped.append(Dropped(segment.start, segment.end, segment.text, "loop"))
        elif segment.compression_ratio > MAX_COMPRESSION_RATIO:
            checked.dropped.append(Dropped(segment.start, segment.end, segment.text, "compression"))
            continue
        checked.kept.append(unlooped)
    checked.kept = _drop_repeated_segments(checked.kept, checked.dropped)
    return checked


def notes(dropped: Sequence[Dropped]) -> list[pb.Error]:
    """One note per kind of drop: how many, where, and what was dropped."""
    found: list[pb.Error] = []
    for code in dict.fromkeys(REASONS[d.reason][0] for d in dropped):
        mine = [d for d in dropped if REASONS[d.reason][0] == code]
        what = REASONS[mine[0].reason][1]
        where = ", ".join(f"{d.start:.1f}–{d.end:.1f} s" for d in mine[:5]) + (", …" if len(mine) > 5 else "")
        sample = mine[0].text if len(mine[0].text) <= 60 else mine[0].text[:59] + "…"
        found.append(pb.Error(code=code, message=(
            f"{len(mine)} transcript segment(s) left out as invented: {what} ({where}; e.g. \u201c{sample}\u201d). "
            "Listen there if it matters.")))
    return found


def _tokens(word: pb.Word) -> str:
    return "".join(_TOKEN.findall(word.word.lower()))


def _on_voice(segment: Heard, voiced: Sequence[tuple[float, float]]) -> bool:
    if not segment.words:
        return _overlap(segment.start, segment.end, voiced) > 0
    on = sum(_overlap(w.start - VOICE_TOLERANCE_S, w.end + VOICE_TOLERANCE_S, voiced) > 0 for w in segment.words)
    return on >= MIN_VOICED_WORDS * len(segment.words)


def _overlap(start: float, end: float, voiced: Sequence[tuple[float, float]]) -> float:
    return sum(max(0.0, min(end, e) - max(start, s)) for s, e in voiced)


def loop_in(tokens: Sequence[str]) -> tuple[int, int, int] | None:
    """``(first, size, copies)`` of the first phrase said LOOP_COPIES times or more in a row over at least
    LOOP_WORDS words; None when there is none."""
    n = len(tokens)
    for first in range(n):
        for size in range(1, (n - first) // LOOP_COPIES + 1):
            phrase = tokens[first: first + size]
            copies = 1
            while tokens[first + copies * size: first + (copies + 1) * size] == phrase:
                copies += 1
            if copies >= LOOP_COPIES and copies * size >= LOOP_WORDS:
                return first, size, copies
    return None


def _unloop(segment: Heard) -> Heard:
    """The segment with every loop cut to its first copy; the segment itself when it has none."""
    words = [w for w in segment.words if _tokens(w)]
    changed = False
    while (found := loop_in([_tokens(w) for w in words])) is not None:
        first, size, copies = found
        words = words[: first + size] + words[first + size * copies:]
        changed = True
    if not changed:
        return segment
    text = "".join(w.word for w in words).strip()
    return replace(segment, words=tuple(words), text=text, end=words[-1].end if words else segment.end)


def _drop_repeated_segments(kept: list[Heard], dropped: list[Dropped]) -> list[Heard]:
    """Segments saying the same words back to back, LOOP_COPIES times or more, keep the first."""
    result: list[Heard] = []
    run: list[Heard] = []

    def close() -> None:
        words = sum(len(_TOKEN.findall(s.text)) for s in run)
        if len(run) >= LOOP_COPIES and words >= LOOP_WORDS:
            result.append(run[0])
            dropped.extend(Dropped(s.start, s.end, s.text, "loop") for s in run[1:])
        else:
            result.extend(run)

    for segment in kept:
        same = run and _folded(run[-1].text) == _folded(segment.text) and segment.start - run[-1].end < LOOP_GAP_S
        if not same:
            close()
            run = []
        run.append(segment)
    close()
    return result


def _folded(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))
