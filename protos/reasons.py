"""Why the cut chose an event, in parts: one code per phrase (punctuation included) with the values it holds, so
that a client says the reason in its own language (the panel: ``resolve_plugin/panel/words.py``), and the English
text every seat and file writer reads (``EditEvent.reason``) is made from the very same parts.

Values are plain text: whole numbers ("3"), decimals with a point ("0.85", "1.1"), names (a clip, a line's words)
and, for ``text``, ``learned`` and ``removed``, English the server wrote elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReasonPart:
    code: str
    values: tuple[str, ...] = ()


#: every code with its English; ``{0}``, ``{1}``... are the part's values
ENGLISH = {
    ",": ", ",
    ":": ": ",
    ";": "; ",
    ".": ". ",
    "line": "line {0}",
    "character": " ({0})",  # who says the line, when a Fountain script names them
    "take": "take {0} of {1} ({2})",
    "complete": "complete",
    "coverage": "{0}% of the line",
    "no_restart": "no restart",
    "restarts": "{0} restart(s)",
    "fillers": "{0} filler word(s)",
    "no_dead_air": "no dead air",
    "dead_air": "{0} s of dead air",
    "confidence": "confidence {0}",
    "problem": "{0}",  # a sound or picture problem as its analyzer names it, in lower case ("soft focus")
    "face_on_screen": "face on screen",
    "favoured": "favoured",
    "learned": "{0}",  # why a project's learned preference chose the take (preferences.py)
    "over": "Over ",
    "unscripted_kept": "keeps an unscripted aside the script does not have",
    "removed": " (continues after cutting out {0})",  # what was cut out just before (pieces.py)
    "alternate": "alternate for line {0}",
    "aside": "unscripted, between lines {0} and {1} of the same take: \u201c{2}\u201d",
    "broll": "b-roll: shot {0} of {1}, no speech",
    "text": "{0}",  # anything else, as written
}


def part(code: str, *values: object) -> ReasonPart:
    if code not in ENGLISH:
        raise ValueError(f"unknown reason code {code!r}")
    return ReasonPart(code, tuple(str(v) for v in values))


def joined(groups: Iterable[list[ReasonPart]], separator: str) -> list[ReasonPart]:
    """Groups of parts one after another, ``separator`` (a punctuation code) between two groups."""
    out: list[ReasonPart] = []
    for group in groups:
        if out and group:
            out.append(part(separator))
        out += group
    return out


def english(parts: Iterable[ReasonPart]) -> str:
    return "".join(ENGLISH[p.code].format(*p.values) for p in parts)
