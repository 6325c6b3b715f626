"""What of a chosen take goes into the cut: its speech with handles, less what is cut out of it.

Always cut out: silences inside the take longer than two handles (dead air). On request: filler words ("um",
« euh ») and hesitations (``remove_fillers``), asides the script does not have (``strict``), each cut in the
gaps between words so that no word loses its start or its end (a complaint auto-editor's users make of cutters
that cut on the waveform alone). Every piece but the first says what was cut out just before it, so that each
removal is an event with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from inference_server.cut.lexicon import fold
from inference_server.cut.takes import Take

#: A pause between two words of a take longer than this is a hesitation (cut out with ``remove_fillers``).
HESITATION_S = 0.7
#: Air kept next to a word where a filler or a hesitation is cut out: the word's own breath and release.
WORD_MARGIN_S = 0.08


@dataclass(frozen=True)
class Piece:
    start: float  # source seconds
    end: float
    removed: str = ""  # what was cut out just before this piece: "“uh”", "a 1.2 s hesitation", "2.4 s of dead air"


def take_pieces(take: Take, handle: float, remove_fillers: bool = False, strict: bool = False) -> list[Piece]:
    lowest, highest = take.room or (0.0, take.analysis.duration_s)
    # handles never take in a neighbouring word (a call, another attempt, another line) nor cut into the take's
    start = min(take.start, max(0.0, lowest, take.start - handle))
    end = max(take.end, min(take.analysis.duration_s, highest, take.end + handle))
    cuts = [(s.start + handle, s.end - handle, f"{s.end - s.start:.1f} s of dead air")
            for s in take.analysis.speech.silences
            if s.start > take.start and s.end < take.end and s.end - s.start > 2 * handle]
    if remove_fillers:
        cuts += _filler_cuts(take, handle)
    if strict:
        cuts += _aside_cuts(take, handle)
    pieces = [Piece(start, end)]
    for cut_start, cut_end, what in sorted(cuts):
        last = pieces[-1]
        if cut_end <= cut_start or cut_start >= last.end or cut_end <= last.start:
            continue
        pieces[-1] = Piece(last.start, max(last.start, cut_start), last.removed)
        joined = f"{last.removed} and {what}" if pieces[-1].end <= pieces[-1].start and last.removed else what
        if pieces[-1].end <= pieces[-1].start:
            pieces.pop()  # the cut took the whole piece: what it removed carries to the next
        pieces.append(Piece(max(cut_end, last.start), last.end, joined))
    return [p for p in pieces if p.end > p.start]


def _is_filler(word: str, take: Take) -> bool:
    tokens = fold(word, take.language)
    return bool(tokens) and all(t in take.lexicon.fillers for t in tokens)


def _words_cut(take: Take, first: int, last: int, handle: float, what: str) -> tuple[float, float, str]:
    """Words ``first``..``last`` of the take cut out between the word before and the word after them (less a
    margin either side, so neither neighbour loses its start or its end)."""
    words = take.words
    before = words[first - 1].end if first > 0 else max(0.0, words[first].start - handle - 1.0)
    after = words[last + 1].start if last + 1 < len(words) else words[last].end + handle + 1.0
    margin_before = min(WORD_MARGIN_S, max(0.0, words[first].start - before) / 2)
    margin_after = min(WORD_MARGIN_S, max(0.0, after - words[last].end) / 2)
    return before + margin_before, after - margin_after, what


def _filler_cuts(take: Take, handle: float) -> list[tuple[float, float, str]]:
    """Each filler word cut out; each hesitation cut down to a handle's worth of pause."""
    words = take.words
    cuts = [_words_cut(take, k, k, handle, f"\u201c{w.word.strip(' ,.')}\u201d")
            for k, w in enumerate(words) if _is_filler(w.word, take)]
    for a, b in zip(words, words[1:]):
        gap = b.start - a.end
        if gap > HESITATION_S and not (_is_filler(a.word, take) or _is_filler(b.word, take)):
            keep = min(handle, gap / 4)
            cuts.append((a.end + keep, b.start - keep, f"a {gap:.1f} s hesitation"))
    return cuts


def _aside_cuts(take: Take, handle: float) -> list[tuple[float, float, str]]:
    """Strict to the script: the unscripted runs inside the take cut out."""
    return [_words_cut(take, first, last, handle,
                       "an unscripted aside \u201c" + " ".join(w.word for w in take.words[first:last + 1]) + "\u201d")
            for first, last in take.unscripted]
