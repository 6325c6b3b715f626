"""Dialogue scenes: which speaker found in the rushes plays which character of the script, and favouring a
character's best delivery.

The speakers of each clip (by channel or by voice) are matched to characters from what they say: every take of a
line the script gives to a character is a vote, weighted by how much of the line it holds, for the speaker heard
in it; each speaker goes to the character with most votes.

``--favour character:NAME``: editors play a scene on an actor's best take. The attempt in which NAME's lines are
best delivered (their takes' mean score) is favoured on every line it holds, for the other characters too, so
the scene keeps NAME's best performance and its continuity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from inference_server.cut.scoring import TakeScore, Weights
from inference_server.cut.takes import Line, Take
from protos.errors import InvalidRequest


def speaker_of(take: Take) -> str:
    """The speaker heard most during the take ("" when the clip's speakers were not analysed)."""
    heard: Counter[str] = Counter()
    # the speaker turns, finer than the transcript's segments (Whisper runs two speakers' lines into one segment)
    spans = take.analysis.speech.turns or take.analysis.speech.segments
    for span in spans:
        overlap = min(span.end, take.end) - max(span.start, take.start)
        if span.speaker and overlap > 0:
            heard[span.speaker] += overlap
    return heard.most_common(1)[0][0] if heard else ""


def cast(lines: list[Line]) -> dict[tuple[str, str], str]:
    """(clip path, speaker label) -> the character they play, from the lines the script gives to characters.
    Per clip: a stored analysis labels its speakers on its own ("S1" in one clip may be "S2" in the next)."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for line in lines:
        if not line.character:
            continue
        for take in line.takes:
            speaker = speaker_of(take)
            if speaker:
                votes[(take.analysis.path, speaker)][line.character] += take.coverage
    return {key: counts.most_common(1)[0][0] for key, counts in votes.items()}


def characters(lines: list[Line]) -> list[str]:
    """The characters who have lines, in order of appearance."""
    return list(dict.fromkeys(line.character for line in lines if line.character))


def favoured_characters(favour: list[str]) -> list[str]:
    return [value.strip() for kind, _, value in (w.partition(":") for w in favour) if kind == "character"]


def favour_character(chosen: list[tuple[Line, list[TakeScore]]], name: str,
                     bonus: float = Weights.favoured) -> tuple[list[tuple[Line, list[TakeScore]]], str]:
    """Every line's takes re-ranked with the bonus on the attempt holding NAME's best delivery; and that attempt
    described for the reasons."""
    known = characters([line for line, _ in chosen])
    match = next((c for c in known if c.casefold() == name.casefold()), None)
    if match is None:
        said = ", ".join(known) if known else "none (a Fountain script names them)"
        raise InvalidRequest(f"No character {name!r} speaks in the script's lines found in these rushes. "
                             f"Characters: {said}.")
    delivery: dict[int, list[float]] = defaultdict(list)
    for line, ranked in chosen:
        if line.character == match:
            for entry in ranked:
                delivery[_attempt(entry.take)].append(entry.value)
    if not delivery:
        return chosen, ""
    best = max(delivery, key=lambda key: sum(delivery[key]) / len(delivery[key]))
    rescored = []
    for line, ranked in chosen:
        lifted = [replace(r, favoured=True, value=r.value + bonus) if _attempt(r.take) == best else r
                  for r in ranked]
        rescored.append((line, sorted(lifted, key=lambda s: s.value, reverse=True)))
    return rescored, f"{match}'s best delivery is in this take"


def _attempt(take: Take) -> int:
    """One attempt of one clip (the takes of its lines share the attempt's word list)."""
    return id(take.attempt_words) if take.attempt_words else id(take.analysis)
