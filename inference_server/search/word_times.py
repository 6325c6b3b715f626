"""Word times as a search hit shows them: a word stretched back into the pause before it is pulled in to its sound.

After a pause, Whisper starts the next word early (its start absorbs the silence and dropped fillers: "sorry" given
0.53 s before it is heard in the sample shoot's flubbed take) while the word's end holds.
A word that follows a pause in Whisper's own times (or opens the segment) and lasts over 1.5 times what its
letters take at the segment's pace (median seconds per letter over its words) keeps its end and starts that long
before it; words spoken on the run are left alone.
"""

from __future__ import annotations

import statistics

STRETCH = 1.5  # a word this many times longer than its letters need is taken as stretched
PAUSE_S = 0.1  # a gap this long before a word in the model's own times
MIN_WORDS = 4  # too few words give no pace to go by


def _letters(word: str) -> int:
    return sum(c.isalnum() for c in word)


def tightened(words: list[list]) -> list[list]:
    """``[[start, end, word], ...]`` with stretched words' starts moved to where they are heard."""
    paces = [(end - start) / _letters(w) for start, end, w in words if _letters(w) and end > start]
    if len(paces) < MIN_WORDS:
        return words
    pace = statistics.median(paces)
    out = []
    previous_end = None
    for start, end, word in words:
        needed = pace * _letters(word)
        after_pause = previous_end is None or start - previous_end >= PAUSE_S
        previous_end = end
        if after_pause and needed and end - start > STRETCH * needed:
            start = round(end - needed, 3)
        out.append([start, end, word])
    return out
