"""Listening for the expected words: a name Whisper wrote as other words is heard again with the vocabulary.

Whisper's ``hotwords`` prompt changes how it hears everything, not only the names: on our measurements (tiny.en,
espeak-ng, bench/RESULTS.md) one clip in two without any of the names came back changed ("the tide" became "the
tithe"), and a clip with them sometimes gained a name twice. So the transcript is made as without a vocabulary,
and only a segment holding words that sound like an entry (and were heard with doubt) is heard again with those
entries as hotwords; from that second hearing only the entry itself is taken, in place of the words that sounded
like it. A clip where no entry is said keeps its transcript word for word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from faster_whisper.transcribe import Word

from inference_server.media.decode import AUDIO_RATE
from protos.vocabulary import fold

#: words that sound at least this much like an entry (0..1, ``sounds_alike``) may be it misheard
SUSPECT_SIMILARITY = 0.6
#: ... when Whisper was unsure of one of them (a name it does not know is never heard with confidence)
SUSPECT_PROBABILITY = 0.75
#: the second hearing's entry replaces the first's words only when they sound this much alike
ACCEPT_SIMILARITY = 0.5
#: audio kept around a segment heard again, so that its first and last words are whole
PAD_S = 0.5
#: hotwords for one segment, at most (Whisper keeps about 220 tokens of prompt)
MAX_HOTWORD_CHARS = 400

# spellings of one sound, so that "Corvex" and "Quorvex", "Tardew" and "Tardieu" come out alike
_SOUNDS = (("ph", "f"), ("qu", "k"), ("ck", "k"), ("c", "k"), ("x", "ks"), ("y", "i"), ("z", "s"), ("w", "v"),
           ("gh", "g"), ("th", "t"), ("dh", "d"))


@lru_cache(maxsize=4096)
def sound_key(text: str) -> str:
    key = "".join(ch for ch in fold(text) if "a" <= ch <= "z")
    for spelling, sound in _SOUNDS:
        key = key.replace(spelling, sound)
    return re.sub(r"(.)\1+", r"\1", key)


def sounds_alike(a: str, b: str) -> float:
    """0..1: how alike two pieces of text sound, by their letters spelt as sounds."""
    ka, kb = sound_key(a), sound_key(b)
    if not ka or not kb:
        return 0.0
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SUSPECT_SIMILARITY * 0.8 else 0.0


def _token(word: str) -> str:
    return re.sub(r"[^\w'’\-]", "", fold(word)).strip("-'’")


def _windows(tokens: Sequence[str], entry: str) -> Iterator[tuple[int, int]]:
    """Runs of words that could be the entry misheard: one word fewer to two more than it has."""
    size = len(entry.split())
    for length in range(max(1, size - 1), size + 3):
        for start in range(0, len(tokens) - length + 1):
            yield start, start + length


def suspected(words: Sequence, vocabulary: Iterable[str]) -> list[str]:
    """The entries this segment's words may hold misheard (already spelt right: not suspected)."""
    tokens = [_token(w.word) for w in words]
    text = " " + " ".join(tokens) + " "
    found = []
    for entry in vocabulary:
        if f" {fold(entry)} " in text:
            continue
        for start, end in _windows(tokens, entry):
            if (min(w.probability for w in words[start:end]) < SUSPECT_PROBABILITY
                    and sounds_alike(" ".join(tokens[start:end]), entry) >= SUSPECT_SIMILARITY):
                found.append(entry)
                break
    return found


def spliced(plain: Sequence, heard: Sequence, entries: Iterable[str]) -> list:
    """``plain``'s words with each entry ``heard`` in the second hearing put in place of the words it was heard
    as, where they sound alike, over their time; everything else stays as first heard. Words are faster-whisper
    ``Word``s."""
    a, b = [_token(w.word) for w in plain], [_token(w.word) for w in heard]
    regions = _regions(a, b, [fold(e).split() for e in entries])
    if not regions:
        return list(plain)
    out, at = [], 0
    for (i1, i2), (j1, j2) in regions:
        said = " ".join(b[j1:j2])
        if i1 == i2 or a[i1:i2] == b[j1:j2] or sounds_alike(" ".join(a[i1:i2]), said) < ACCEPT_SIMILARITY:
            continue
        out += plain[at:i1]
        put = _spread(heard[j1:j2], plain[i1].start, plain[i2 - 1].end)
        stop = re.search(r"[.,!?…]+$", plain[i2 - 1].word)
        if stop and not re.search(r"[.,!?…]$", put[-1].word):  # the sentence's punctuation stays
            put[-1] = replace(put[-1], word=put[-1].word + stop.group(0))
        out += put
        at = i2
    return out + list(plain[at:]) if out else list(plain)


def _spread(words: Sequence, start: float, end: float) -> list:
    """The words laid over the time of those they replace, each as long as its letters."""
    lengths = [max(1, len(w.word.strip())) for w in words]
    total, done, out = sum(lengths), 0, []
    for word, length in zip(words, lengths):
        out.append(replace(word, start=start + (end - start) * done / total,
                           end=start + (end - start) * (done + length) / total))
        done += length
    return out


def _regions(a: list[str], b: list[str], entries: list[list[str]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each entry occurs in ``b``, widened to the differences around it, with the part of ``a`` it stands
    for: ((a_start, a_end), (b_start, b_end)), in order, overlapping ones merged."""
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    spans = []
    for entry in entries:
        for j in range(len(b) - len(entry) + 1):
            if b[j:j + len(entry)] == entry:
                spans.append(_widened(opcodes, j, j + len(entry)))
    merged: list[list[int]] = []
    for i1, i2, j1, j2 in sorted(spans, key=lambda s: (s[2], s[3])):
        if merged and j1 < merged[-1][3]:
            last = merged[-1]
            last[0], last[1], last[3] = min(last[0], i1), max(last[1], i2), max(last[3], j2)
        else:
            merged.append([i1, i2, j1, j2])
    return [((i1, i2), (j1, j2)) for i1, i2, j1, j2 in merged]


def _widened(opcodes: list, j_start: int, j_end: int) -> tuple[int, int, int, int]:
    """The ``a`` and ``b`` ranges of the edits that ``b[j_start:j_end]`` touches (an equal run only in part)."""
    i_lo = j_lo = None
    i_hi = j_hi = 0
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "delete" or j2 <= j_start or j1 >= j_end:
            continue
        if tag == "equal":
            lo, hi = max(j1, j_start), min(j2, j_end)
            ia, ib = i1 + lo - j1, i1 + hi - j1
        else:
            lo, hi, ia, ib = j1, j2, i1, i2
        i_lo = ia if i_lo is None else min(i_lo, ia)
        j_lo = lo if j_lo is None else min(j_lo, lo)
        i_hi, j_hi = max(i_hi, ib), max(j_hi, hi)
    return i_lo or 0, i_hi, j_lo or 0, j_hi


class _Listener:
    """A faster-whisper model whose ``transcribe`` listens again for the vocabulary where it may have been said."""

    def __init__(self, model, vocabulary: tuple[str, ...]) -> None:
        self.model, self.vocabulary = model, vocabulary

    def __getattr__(self, name: str):
        return getattr(self.model, name)

    def transcribe(self, audio: np.ndarray, **options):
        segments, info = self.model.transcribe(audio, **options)
        return (self._heard_again(audio, segment, options) for segment in segments), info

    def _heard_again(self, audio: np.ndarray, segment, options: dict):
        entries = suspected(segment.words or [], self.vocabulary) if segment.words else []
        if not entries:
            return segment
        start = max(0.0, segment.start - PAD_S)
        piece = audio[int(start * AUDIO_RATE): int((segment.end + PAD_S) * AUDIO_RATE)]
        # one try at temperature 0, its length bounded: a prompt of names makes Whisper loop on them over the
        # silence after the words ("Maelis Tardieu, Maelis Tardieu, ..."), which the fallback would retry slowly.
        # No word timestamps: they cost a second pass over the piece, and the words taken are laid over the time of
        # those they replace.
        again, _ = self.model.transcribe(piece, **{**options, "word_timestamps": False, "temperature": 0.0,
                                                   "hotwords": _hotwords(entries),
                                                   "max_new_tokens": 2 * len(segment.words) + 8 * len(entries)})
        heard = [Word(start=start + s.start, end=start + s.end, word=" " + token, probability=math.exp(s.avg_logprob))
                 for s in again if start + s.start < segment.end for token in s.text.split()]
        words = spliced(segment.words, heard, entries)
        if [w.word for w in words] == [w.word for w in segment.words]:
            return segment
        return replace(segment, words=words, text="".join(w.word for w in words))


def _hotwords(entries: list[str]) -> str:
    text = ""
    for entry in entries:
        joined = f"{text}, {entry}" if text else entry
        if len(joined) > MAX_HOTWORD_CHARS:
            break
        text = joined
    return text


def listening_for(vocabulary: Sequence[str], model):
    """``model`` itself without a vocabulary; else the same model listening again for the vocabulary's words."""
    return _Listener(model, tuple(vocabulary)) if vocabulary else model
