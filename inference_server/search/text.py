"""Words as the search index compares them: case, accents and plurals folded, the same for documents and queries.

Folding: Unicode NFKD, combining marks dropped, ``casefold`` (élève = ELEVE = eleve; œ and æ become oe and ae).
Plurals, a light French/English rule applied to words of four letters or more, documents and queries alike, so a
conflation can only widen a match, never lose one:

- ``-eaux`` -> ``-eau`` (bateaux), ``-aux`` -> ``-al`` (journaux, chevaux);
- ``-ies`` -> ``-y`` (cities);
- ``-sses``/``-shes``/``-ches``/``-xes``/``-zes`` lose ``-es`` (boxes, churches);
- a final ``-s`` is dropped unless the word ends in ``-ss``, ``-us`` or ``-is`` (glass, bus, this).

Prefix terms (``light*``) are folded but not depluralised: the user typed the start of a word.
"""

from __future__ import annotations

import re
import unicodedata

# letters and digits; an apostrophe or a hyphen splits words (l'eau -> l eau, close-up -> close up)
_WORD = re.compile(r"\w+", re.UNICODE)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(word: str) -> str:
    """Case and accents off: ``Élève`` -> ``eleve``."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def singular(word: str) -> str:
    """The light plural rule above, on a folded word."""
    if len(word) < 4 or word.isdigit():
        return word
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The raw words of ``text``, in order."""
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order: each word folded and singular."""
    return [singular(fold(w)) for w in words(text)]


def indexed_text(text: str) -> str:
    """What the FTS5 column holds for ``text``: its terms, space-separated."""
    return " ".join(terms(text))
