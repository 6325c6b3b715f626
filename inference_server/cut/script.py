"""Scripts: plain text (one line per beat) or Fountain (dialogue lines), as the lines a cut follows."""

from __future__ import annotations

from inference_server.cut.lexicon import fold
from protos.errors import InvalidRequest
from protos.fountain import dialogue, is_fountain


def words(text: str, language: str = "") -> list[str]:
    """Folded words (``lexicon.fold``: no case, accents or punctuation, elisions split, digits spelt out in
    ``language``): what transcripts and scripts are compared on."""
    return fold(text, language)


def parse_script(text: str) -> list[str]:
    """The script's lines, in order. Fountain: the dialogue; plain text: every non-empty line."""
    return [line for line, _ in parse_script_lines(text)]


def parse_script_lines(text: str) -> list[tuple[str, str]]:
    """The script's lines with the character who says each (Fountain), or "" (plain text)."""
    if "\x00" in text:
        raise InvalidRequest("The script is not a text file: save it as plain text (.txt) or Fountain (.fountain).")
    if is_fountain(text):
        lines = dialogue(text)
    else:
        lines = [(line.strip(), "") for line in text.splitlines()
                 if line.strip() and not line.strip().startswith("#")]
    lines = [(line, who) for line, who in lines if words(line)]
    if not lines:
        raise InvalidRequest("The script has no lines to follow: one line per beat (plain text), or Fountain dialogue.")
    return lines
