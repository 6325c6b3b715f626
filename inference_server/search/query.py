"""What a user typed -> a safe FTS5 MATCH expression and the terms to locate in a transcript.

Accepted: words (all must appear), ``"a phrase"`` (words in this order, side by side), ``light*`` (a prefix). Any
other character (FTS5 operators, SQL quotes, brackets, ``;``) only separates words: the expression is built from
folded words, each double-quoted, so nothing a user types reaches SQLite as syntax. A quote left open runs to the
end (the panel searches as one types); what that changed is said in ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inference_server.search.text import fold, singular, words
from protos.errors import InvalidRequest

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
# a prefix this short would match most of the index
MIN_PREFIX_CHARS = 2


class InvalidQuery(InvalidRequest):
    code = "invalid_query"


@dataclass(frozen=True)
class Term:
    """One thing to find: a word, a prefix, or a phrase (several words side by side)."""

    words: tuple[str, ...]  # folded; singular unless ``prefix``
    prefix: bool = False  # the last word is the start of a word

    def fts(self) -> str:
        quoted = '"' + " ".join(self.words) + '"'
        return quoted + " *" if self.prefix else quoted

    def matches_at(self, document: list[str], position: int) -> bool:
        """Whether this term starts at ``position`` of a document's terms."""
        end = position + len(self.words)
        if end > len(document):
            return False
        head, last = self.words[:-1], self.words[-1]
        if list(head) != document[position:end - 1]:
            return False
        found = document[end - 1]
        return found.startswith(last) if self.prefix else found == last


@dataclass
class ParsedQuery:
    terms: list[Term]
    notes: list[str] = field(default_factory=list)

    def fts(self) -> str:
        return " AND ".join(term.fts() for term in self.terms)


# a quoted phrase (closed or running to the end), or a run of anything but spaces and quotes
_CHUNK = re.compile(r'"([^"]*)("?)|([^\s"]+)')


def parse(text: str) -> ParsedQuery:
    """Parse a user's query; raises InvalidQuery with what to do when nothing can be searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"The search is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}: a few words "
                           "or a phrase in quotes.")
    notes: list[str] = []
    terms: list[Term] = []
    for match in _CHUNK.finditer(text):
        phrase, closed, bare = match.groups()
        if bare is None:
            if not closed:
                notes.append(f"The quote was left open: searched for the phrase \u201c{phrase.strip()}\u201d.")
            folded = tuple(singular(fold(w)) for w in words(phrase))
            if folded:
                terms.append(Term(folded))
            continue
        prefix = bare.endswith("*")
        folded_words = [fold(w) for w in words(bare)]
        if not folded_words:
            continue
        if prefix and len(folded_words[-1]) < MIN_PREFIX_CHARS:
            notes.append(f"\u201c{bare}\u201d is too short a prefix: searched for the word itself.")
            prefix = False
        # "close-up" or "l'eau": one chunk of several words is a phrase
        last = folded_words[-1] if prefix else singular(folded_words[-1])
        terms.append(Term(tuple(singular(w) for w in folded_words[:-1]) + (last,), prefix))
    if not terms:
        raise InvalidQuery("Type at least one word to search for (letters or digits): e.g. tide, \"before dawn\" "
                           "or fisher*.")
    if len(terms) > MAX_TERMS:
        raise InvalidQuery(f"The search has {len(terms)} words; give at most {MAX_TERMS}, or quote a phrase.")
    return ParsedQuery(terms, notes)
