"""Fountain screenplays: which text is one, and its dialogue with the character who speaks each line.

In the contract because both sides read scripts: the server's rough cut follows the lines
(``inference_server/cut/script.py``), a seat takes the names the speech model should expect from them
(``protos/vocabulary.py``).
"""

from __future__ import annotations

import re

SCENE_HEADING = re.compile(r"^(INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[\s./]", re.IGNORECASE)
# capitals with accents too: French character names (HÉLÈNE, JÉRÔME)
CHARACTER = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-ÞŒ0-9 .'’\-]+(\s*\(.*\))?\s*\^?$")
TRANSITION = re.compile(r"^[A-Z\s]+TO:$")


def is_fountain(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return any(SCENE_HEADING.match(line) for line in lines) or "Title:" in text[:200]


def character_name(cue: str) -> str:
    """« HÉLÈNE (V.O.) ^ » -> « HÉLÈNE »: the cue without extensions and the dual-dialogue caret."""
    return re.sub(r"\s*\(.*\)", "", cue).rstrip("^ ").strip()


def dialogue(text: str) -> list[tuple[str, str]]:
    """Each spoken line (a cue's paragraph, parentheticals left out) with its character's name."""
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
        elif CHARACTER.match(line) and not SCENE_HEADING.match(line) and not TRANSITION.match(line):
            speaker = character_name(line)
    if current:
        lines.append((" ".join(current), speaker))
    return lines
