"""Attempts: a camera that keeps rolling holds several tries at a line (or several lines, each with its tries).

A clip's words are cut into attempts where the floor ends one and starts the next:
- a call said apart from the line (a pause on one side at least): « coupez », "cut", "again", "from the top",
  « on la refait », "action" in the middle of a clip;
- a restart from the top after a pause: the words after the pause open like an utterance of the attempt so far
  ("The lighthouse keeps, uh…" … "The lighthouse keeps watch over the coast").
A self-correction without a pause (« non pardon, je reprends ») stays inside its attempt: it tells on that attempt.
Each attempt is then a take of its own, scored like any other (``takes.py``).
"""

from __future__ import annotations

from inference_server.cut.lexicon import Lexicon, lexicon, phrase_at, tokens_of
from protos.derush.v1 import derush_pb2 as pb

#: A call is the floor's, not a word of the line, when a pause at least this long stands on one side of it.
CALL_PAUSE_S = 0.45
#: A restart from the top comes after at least this much silence.
RESTART_PAUSE_S = 0.8
#: Opening words that must match for a restart from the top.
RESTART_OPENING = 2


def _gap_before(clip_words: list[pb.Word], index: int) -> float:
    return clip_words[index].start - clip_words[index - 1].end if index > 0 else float("inf")


def _gap_after(clip_words: list[pb.Word], index: int) -> float:
    return clip_words[index + 1].start - clip_words[index].end if index + 1 < len(clip_words) else float("inf")


def _call_at(tokens: list[str], owners: list[int], clip_words: list[pb.Word], i: int, lex: Lexicon) -> int:
    """Length in tokens of the floor's calls at ``i`` ("cut", "ok cut… and again"), said apart from the line: a
    pause before and after them, as calls are (a line may end in "again" or hold "cut"); 0 when there are none."""
    if i > 0 and owners[i - 1] == owners[i]:
        return 0  # calls are words of their own
    calls = lex.calls_after + lex.calls_again + lex.calls_before
    end, found = i, False
    while True:
        j = end
        while j < len(tokens) and tokens[j] in lex.call_fillers:
            j += 1
        n = phrase_at(tokens, j, calls)
        if not n:
            break
        end, found = j + n, True
    if not found:
        return 0
    first, last = owners[i], owners[end - 1]
    apart = _gap_before(clip_words, first) >= CALL_PAUSE_S and _gap_after(clip_words, last) >= CALL_PAUSE_S
    return end - i if apart else 0


def split_attempts(clip_words: list[pb.Word], language: str) -> list[list[int]]:
    """The clip's attempts as indexes into ``clip_words``, calls left out, in order. A clip with no call and no
    restart is one attempt."""
    if not clip_words:
        return []
    lex = lexicon(language)
    tokens, owners = tokens_of(clip_words, language)
    pieces: list[list[int]] = [[]]  # word indexes per attempt
    openings: list[tuple[str, ...]] = []  # the opening words of each utterance of the current attempt
    i = 0
    while i < len(tokens):
        n = _call_at(tokens, owners, clip_words, i, lex)
        if n:
            if pieces[-1]:
                pieces.append([])
            openings = []
            i += n
            continue
        word = owners[i]
        if not pieces[-1] or pieces[-1][-1] != word:
            starts_utterance = not pieces[-1] or _gap_before(clip_words, word) >= RESTART_PAUSE_S
            if starts_utterance:
                opening = tuple(tokens[i:i + RESTART_OPENING])
                if pieces[-1] and len(opening) == RESTART_OPENING and opening in openings:
                    pieces.append([])  # said again from the top: a new attempt
                    openings = []
                openings.append(opening)
            pieces[-1].append(word)
        i += 1
    return [p for p in pieces if p]
