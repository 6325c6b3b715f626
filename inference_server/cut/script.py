"""Scripts: plain text (one line per beat) or Fountain (dialogue lines), as the lines a cut follows."""

from __future__ import annotations

import re

from inference_server.cut.lexicon import fold
from protos.errors import InvalidRequest

_SCENE_HEADING = re.compile(r"^(INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[\s./]", re.IGNORECASE)
# capitals with accents too: French character names (HÉLÈNE, JÉRÔME)
_CHARACTER = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-ÞŒ0-9 .'’\-]+(\s*\(.*\))?\s*\^?$")
_TRANSITION = re.compile(r"^[A-Z\s]+TO:$")


def words(text: str, language: str = "") -> list[str]:
    """Folded words (``lexicon.fold``: no case, accents or punctuation, elisions split, digits spelt out in
    ``language``): what transcripts and scripts are compared on."""
    return fold(text, language)


def is_fountain(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return any(_SCENE_HEADING.match(line) for line in lines) or "Title:" in text[:200]


def parse_script(text: str) -> list[str]:
    """The script's lines, in order. Fountain: the dialogue; plain text: every non-empty line."""
    return [line for line, _ in parse_script_lines(text)]


def parse_script_lines(text: str) -> list[tuple[str, str]]:
    """The script's lines with the character who says each (Fountain), or "" (plain text)."""
    if "\x00" in text:
        raise InvalidRequest("The script is not a text file: save it as plain text (.txt) or Fountain (.fountain).")
    if is_fountain(text):
        lines = _fountain_dialogue(text)
    else:
        lines = [(line.strip(), "") for line in text.splitlines()
                 if line.strip() and not line.strip().startswith("#")]
    lines = [(line, who) for line, who in lines if words(line)]
    if not lines:
        raise InvalidRequest("The script has no lines to follow: one line per beat (plain text), or Fountain dialogue.")
    return lines


def _character_name(cue: str) -> str:
    """« HÉLÈNE (V.O.) ^ » -> « HÉLÈNE »: the cue without extensions and the dual-dialogue caret."""
    return re.sub(r"\s*\(.*\)", "", cue).rstrip("^ ").strip()


def _fountain_dialogue(text: str) -> list[tuple[str, str]]:
    lines, speaker, current = [], "", []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                lines.append((" ".join(current), speaker))
            speaker, current = "", []
            continue
        if speaker:
            if not (line.startswith("(") and line.endswith(")")):  # parentheticals are not spoken
                current.append(line)
        elif _CHARACTER.match(line) and not _SCENE_HEADING.match(line) and not _TRANSITION.match(line):
            speaker = _character_name(line)
    if current:
        lines.append((" ".join(current), speaker))
    return lines
