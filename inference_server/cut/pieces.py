"""What of a chosen take goes into the cut: its speech with handles, less what is cut out of it.

Always cut out: silences inside the take longer than two handles (dead air). On request: filler words ("um",
« euh ») and hesitations (``remove_fillers``), asides the script does not have (``strict``), each cut in the
gaps between words so that no word loses its start or its end (a complaint auto-editor's users make of cutters
that cut on the waveform alone). Every piece but the first says what was cut out just before it, so that each
removal is an event with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from inference_server.cut.lexicon import fold
from inference_server.cut.takes import Take
from protos.derush.v1 import derush_pb2 as pb

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
    snapped = _in_pauses(take, first, last)
    if snapped is not None:
        return (*snapped, what)
    return before + margin_before, after - margin_after, what


#: Whisper's word edges are trusted to this much when looking for the quiet gaps around words to cut
SNAP_BEFORE_S, SNAP_AFTER_S = 0.25, 0.1


def _in_pauses(take: Take, first: int, last: int) -> tuple[float, float] | None:
    """The cut from the middle of the quiet gap after the word before to the middle of the gap before the word
    after (``speech.pauses``, from the signal): Whisper's times drift around hesitations, the signal's gaps do not.
    None when the gaps are not both found (the word times then place the cut)."""
    words = take.words
    if first == 0 or last + 1 >= len(words):
        return None
    previous_end, next_start = words[first - 1].end, words[last + 1].start
    between = [p for p in take.analysis.speech.pauses
               if p.end >= previous_end - SNAP_BEFORE_S and p.start <= next_start + SNAP_AFTER_S]
    if len(between) < 2:
        return None
    return (between[0].start + between[0].end) / 2, (between[-1].start + between[-1].end) / 2


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


#: punctuation Whisper ends a sentence with
_SENTENCE_END = (".", "?", "!", "\u2026")


def sentences(take: Take) -> list[Take]:
    """The take cut into its sentences (as the transcript punctuates them), each a take of its own whose handles
    stop at the neighbouring sentence's words; [take] when it is one sentence."""
    groups: list[list[pb.Word]] = [[]]
    for word in take.words:
        groups[-1].append(word)
        if word.word.strip().endswith(_SENTENCE_END):
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) < 2:
        return [take]
    lowest, highest = take.room or (0.0, take.analysis.duration_s)
    parts = []
    for k, group in enumerate(groups):
        before = groups[k - 1][-1].end if k else lowest
        after = groups[k + 1][0].start if k + 1 < len(groups) else highest
        parts.append(replace(take, words=group, room=(before, after), unscripted=[]))
    return parts
