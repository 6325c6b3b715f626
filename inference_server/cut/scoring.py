"""How good a take is, from named features an editor would check by ear.

- ``completeness``: share of the line's words the take holds (the script line, or the other takes' words);
- ``restarts``: words said again right after themselves ("the tide, the tide comes") — a restart or stumble —
  and self-corrections (« non pardon », « je reprends », "let me start again") the script does not have;
- ``fillers``: "um", "uh", "sorry", « euh », « ben »... (Whisper drops many "um"s, but keeps apologies and many
  "uh"s), and words such as « bon », « enfin », "like" where the script does not have them. Per language, from
  ``lexicon/``;
- ``confidence``: mean word probability from the speech model (mumbled or unclear takes score low);
- ``dead_air``: the longest silence inside the take, in seconds;
- ``sound_problems``: clipping, too quiet or too loud where the take is spoken (the ``sound`` analyzer);
- ``picture_problems``: under/over exposure, soft focus, shake where the take is spoken (the ``look`` analyzer);
- ``faces``: share of the take with a face on screen (the ``faces`` analyzer; no effect when faces were not
  analysed);
- ``favoured``: the take's speaker or shot type is one the editor asked to favour.
"""

from __future__ import annotations

from dataclasses import dataclass

from inference_server.cut.lexicon import Lexicon, phrase_at
from inference_server.cut.takes import Take, repeats_at
from protos.reasons import ReasonPart, english, joined, part

DEAD_AIR_S = 1.0  # a silence inside a take longer than this counts as dead air


@dataclass(frozen=True)
class Weights:
    completeness: float = 1.0
    restart: float = 0.25  # per restart
    filler: float = 0.2  # per filler word
    confidence: float = 0.5
    dead_air: float = 0.1  # per second of the longest silence beyond DEAD_AIR_S
    sound_problem: float = 0.3  # per kind of sound problem
    picture_problem: float = 0.2  # per kind of picture problem
    faces: float = 0.2  # times the share of the take with a face on screen
    favoured: float = 0.3


@dataclass(frozen=True)
class TakeScore:
    take: Take
    completeness: float
    restarts: int
    fillers: int
    confidence: float
    dead_air: float
    favoured: bool
    value: float
    sound_problems: tuple[str, ...] = ()
    picture_problems: tuple[str, ...] = ()
    faces: float | None = None  # None: faces were not analysed

    def describe(self) -> str:
        return english(self.describe_parts())

    def describe_parts(self) -> list[ReasonPart]:
        """What was heard and seen in the take, in parts (``protos.reasons``): the panel says them in its language."""
        found = [part("complete") if self.completeness >= 0.95 else part("coverage", round(self.completeness * 100))]
        found.append(part("no_restart") if not self.restarts else part("restarts", self.restarts))
        if self.fillers:
            found.append(part("fillers", self.fillers))
        found.append(part("no_dead_air") if self.dead_air <= DEAD_AIR_S else part("dead_air", f"{self.dead_air:.1f}"))
        found.append(part("confidence", f"{self.confidence:.2f}"))
        found += [part("problem", p.lower()) for p in self.sound_problems + self.picture_problems]
        if self.faces is not None and self.faces >= 0.5:  # said when it counts for the take, not on b-roll
            found.append(part("face_on_screen"))
        if self.favoured:
            found.append(part("favoured"))
        return joined(([f] for f in found), ",")


def _restarts(tokens: list[str], lex: Lexicon, expected: tuple[str, ...]) -> int:
    count, i = 0, 0
    while i < len(tokens):
        n = phrase_at(tokens, i, lex.restarts)
        if n and not _within(tokens[i : i + n], expected):
            count += 1
            i += n
            continue
        n = repeats_at(tokens, i)
        count += bool(n)
        i += n or 1
    return count


def _within(phrase: list[str], expected: tuple[str, ...]) -> bool:
    return any(list(expected[k : k + len(phrase)]) == phrase for k in range(len(expected) - len(phrase) + 1))


def _fillers(tokens: list[str], lex: Lexicon, expected: tuple[str, ...]) -> int:
    return sum(1 for t in tokens if t in lex.fillers or (t in lex.soft_fillers and t not in expected))


def _longest_silence(take: Take) -> float:
    gaps = [min(s.end, take.end) - max(s.start, take.start) for s in take.analysis.speech.silences
            if s.start < take.end and s.end > take.start]
    return max(gaps, default=0.0)


def _favoured(take: Take, favour: list[str]) -> bool:
    for wish in favour:
        kind, _, value = wish.partition(":")
        if kind == "speaker" and any(s.speaker == value for s in take.analysis.speech.segments
                                     if s.start < take.end and s.end > take.start):
            return True
        if kind == "shot_type" and any(t.name == "Shot Type" and t.value == value and (t.end <= t.start or (
                t.start < take.end and t.end > take.start)) for t in take.analysis.tags):
            return True
    return False


def _problems(take: Take, source: str) -> tuple[str, ...]:
    """Kinds of problem the ``source`` analyzer found overlapping the take."""
    found = {t.value for t in take.analysis.tags if t.name == "Problem" and t.source == source
             and t.start < take.end and t.end > take.start}
    return tuple(sorted(found))


def _faces(take: Take) -> float | None:
    """Share of the take covered by shots with at least one face, or None when faces were not analysed."""
    shots = [t for t in take.analysis.tags if t.name == "Faces" and t.end > t.start]
    if not shots:
        return None
    length = max(1e-6, take.end - take.start)
    seen = sum(max(0.0, min(t.end, take.end) - max(t.start, take.start)) for t in shots
               if t.value.isdigit() and int(t.value) > 0)
    return min(1.0, seen / length)


def score(take: Take, favour: list[str], weights: Weights = Weights()) -> TakeScore:
    tokens = take.context_tokens
    restarts = _restarts(tokens, take.lexicon, take.expected)
    fillers = _fillers(tokens, take.lexicon, take.expected)
    confidence = sum(w.probability for w in take.words) / len(take.words)
    dead_air = _longest_silence(take)
    favoured = _favoured(take, favour)
    sound, picture, faces = _problems(take, "sound"), _problems(take, "look"), _faces(take)
    value = (weights.completeness * take.coverage - weights.restart * restarts - weights.filler * fillers
             + weights.confidence * confidence - weights.dead_air * max(0.0, dead_air - DEAD_AIR_S)
             - weights.sound_problem * len(sound) - weights.picture_problem * len(picture)
             + weights.faces * (faces or 0.0) + (weights.favoured if favoured else 0.0))
    return TakeScore(take, take.coverage, restarts, fillers, confidence, dead_air, favoured, value, sound, picture,
                     faces)
