"""Speech habits per language, in one place: one module per language (``en.py``, ``fr.py``) lists its fillers,
restarts and self-corrections, the floor's calls and the language numbers are spelt in; this module folds words
the same way for transcripts, scripts and lexicons. Documented in docs/french.md.

Folding: lower case, typographic apostrophes and non-breaking spaces made plain, accents removed (« Écoute » =
« ecoute »), elisions split (« l'eau » -> « l », « eau »; « qu'il » -> « qu », « il »), hyphens split, and numbers
written in digits spelt out in the language (« 1953 » -> « mille neuf cent cinquante trois »), so a script in
digits aligns with speech in words and the other way round.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from inference_server.cut.lexicon import en, fr

_TOKEN = re.compile(r"[a-z0-9œæ]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"^(1[1-9]|20)\d\d$")


def _fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _spell_number(match: re.Match, language: str) -> str:
    from num2words import num2words  # noqa: PLC0415  (loaded with the first number met)

    text = match.group(0).replace(",", ".")
    try:
        value = float(text) if "." in text else int(text)
        if language == "en" and isinstance(value, int) and _YEAR.match(text):
            # an English year is said in pairs ("nineteen fifty-three"); other numbers in full
            return num2words(value, lang="en", to="year")
        return num2words(value, lang=language)
    except (NotImplementedError, OverflowError, ValueError):
        return match.group(0)


def fold(text: str, language: str = "") -> list[str]:
    """The words a transcript, a script line or a lexicon entry is compared on."""
    text = text.lower().replace("\u2019", "'").replace("\u02bc", "'").replace("\u00a0", " ").replace("\u202f", " ")
    if any(c.isdigit() for c in text):
        numbers = (language if language in LEXICON_MODULES else "en")
        text = _NUMBER.sub(lambda m: " " + _spell_number(m, numbers) + " ", text)
    return _TOKEN.findall(_fold_accents(text))


@dataclass(frozen=True)
class Lexicon:
    language: str
    fillers: frozenset[str]
    soft_fillers: frozenset[str]
    restarts: tuple[tuple[str, ...], ...]  # folded phrases, longest first
    calls_before: tuple[tuple[str, ...], ...]  # folded phrases, longest first
    calls_after: tuple[tuple[str, ...], ...]
    calls_again: tuple[tuple[str, ...], ...]  # between two attempts of a camera that keeps rolling
    call_fillers: frozenset[str]


LEXICON_MODULES: dict[str, ModuleType] = {"en": en, "fr": fr}


def _words(entries) -> frozenset[str]:
    return frozenset(t for entry in entries for t in fold(entry))


def _phrases(entries) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(fold(entry)) for entry in entries}, key=len, reverse=True))


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of a spoken language ("fr", "fr-CA", ...); every lexicon together when the language is unknown
    (a clip whose language was not detected still loses its "euh" and its "um")."""
    code = (language or "").replace("_", "-").split("-")[0].lower()
    modules = [LEXICON_MODULES[code]] if code in LEXICON_MODULES else list(LEXICON_MODULES.values())
    return Lexicon(
        language=code if code in LEXICON_MODULES else "",
        fillers=_words(f for m in modules for f in m.FILLERS),
        soft_fillers=_words(f for m in modules for f in m.SOFT_FILLERS),
        restarts=_phrases(p for m in modules for p in m.RESTARTS),
        calls_before=_phrases(c for m in modules for c in m.CALLS_BEFORE),
        calls_after=_phrases(c for m in modules for c in m.CALLS_AFTER),
        calls_again=_phrases(c for m in modules for c in m.CALLS_AGAIN),
        call_fillers=_words(c for m in modules for c in m.CALL_FILLERS),
    )


def phrase_at(tokens: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the phrase (a restart such as « non pardon », a call such as « ça tourne ») starting at ``i``;
    0 when there is none."""
    for phrase in phrases:
        if tuple(tokens[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def tokens_of(words, language: str = "") -> tuple[list[str], list[int]]:
    """The folded tokens of a list of transcript words and, for each, the index of the word it comes from (a word
    may give several: « l'eau », "1953")."""
    tokens, owners = [], []
    for index, word in enumerate(words):
        for token in fold(word.word, language):
            tokens.append(token)
            owners.append(index)
    return tokens, owners
