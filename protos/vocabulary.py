"""Vocabulary: the names and terms the speech model should expect (characters, places, products, jargon).

In the contract because both sides handle it: a seat reads the user's words (``--vocabulary``, a file, the panel)
and a script's names, the server merges its own defaults (``derush serve --vocabulary``), keys stored results by
it and listens for its words (``inference_server/analyzers/speech_vocabulary.py``). A vocabulary is a list of
entries, most important first; each entry is a name or a term of a few words, never a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import grpc

from protos.errors import DerushError
from protos.fountain import dialogue, is_fountain

#: entries one analysis takes, the request's and the server's together; the rest are left out, and the user told.
#: Whisper's prompt holds about 220 tokens; 100 short names is about what fits beside a segment's own text.
MAX_ENTRIES = 100
#: one entry: a name or a term, not a line of dialogue
MAX_ENTRY_WORDS = 4
MAX_ENTRY_CHARS = 48
#: a vocabulary file larger than this is not a list of names (a dictionary, a film, the wrong file)
MAX_FILE_BYTES = 1 << 20

_SEPARATORS = re.compile(r"[,;\n\r\t]+")
_WORD = re.compile(r"[^\W_][\w'’\-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;«»\"“”()\[\]—–]+")

#: common words written with a capital that are no part of a name beside them ("Miss Tardieu", "Hello Maelis")
_COMMON = frozenset("""
a an and are as at be but by can could did do does don't for from had has have he her here hers him his how i i'm
if in is it it's its just let let's like me my no not now of oh ok okay on or our she so some that that's the their
them then there these they this those to too up us was we well were what when where which who why will with would
yes you your yeah hey hi hello sorry thanks thank please look listen come go get good right wait well sure maybe
never always every everything nothing someone something nobody everyone all one two three after before again still
mister mrs mr ms dr miss sir madam
à au aux avec ça ce cela ces cet cette chez comme dans de des du elle elles en est et eux il ils je la le les leur
leurs lui ma mais me mes moi mon ne ni non nos notre nous on ou où oui par pas pour qu que quel quelle qui sa sans se
ses si son sur ta te tes toi ton tu un une vos votre vous voilà voici bon bien alors donc merci pardon salut bonjour
bonsoir allez attends écoute regarde madame monsieur mademoiselle
""".split())


class VocabularyError(DerushError):
    """A vocabulary that cannot be used (not text, empty, too large, a sentence for a word): says what to give."""

    code = "bad_vocabulary"
    status = grpc.StatusCode.INVALID_ARGUMENT


@dataclass(frozen=True)
class Vocabulary:
    entries: tuple[str, ...]
    #: entries past MAX_ENTRIES, left out
    dropped: int = 0

    def note(self) -> str | None:
        """What the user should be told about the list, or None."""
        if not self.dropped:
            return None
        return (f"The vocabulary has {len(self.entries) + self.dropped} entries: the first {len(self.entries)} are "
                f"used, the last {self.dropped} left out (the speech model's prompt is short). Put the names that "
                "matter most first.")


def fold(entry: str) -> str:
    """What makes two entries the same: case and accents aside."""
    text = unicodedata.normalize("NFKD", entry.casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def checked_entry(entry: str, where: str = "") -> str:
    """One entry, its spaces tidied; a VocabularyError for a sentence or a line of dialogue."""
    entry = " ".join(entry.split())
    if len(entry.split()) > MAX_ENTRY_WORDS or len(entry) > MAX_ENTRY_CHARS:
        shown = entry if len(entry) <= 60 else entry[:59] + "…"
        raise VocabularyError(
            f"{where or 'The vocabulary'}: “{shown}” is not a name or a term (at most {MAX_ENTRY_WORDS} words, "
            f"{MAX_ENTRY_CHARS} characters). Separate the entries with commas or put one per line; a script's "
            "names are taken from the script itself (derush cut --script).")
    return entry


def check(entries: Sequence[str]) -> None:
    """A vocabulary as it arrives on the wire: at most MAX_ENTRIES entries, each a name or a term."""
    if len(entries) > MAX_ENTRIES:
        raise VocabularyError(f"The vocabulary has {len(entries)} entries and at most {MAX_ENTRIES} are used: send "
                              "the names that matter most.")
    for entry in entries:
        checked_entry(entry)


def parse(text: str, where: str = "") -> list[str]:
    """Entries separated by commas, semicolons or lines (``#`` lines are comments), each once, in order."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    entries = [checked_entry(e, where) for e in _SEPARATORS.split("\n".join(lines)) if e.strip()]
    return unique(entries)


def unique(entries: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for entry in entries:
        key = fold(entry)
        if key and key not in seen:
            seen.add(key)
            kept.append(entry)
    return kept


def capped(*sources: Iterable[str]) -> Vocabulary:
    """The sources merged in order (the first most important), each entry once, at most MAX_ENTRIES."""
    merged = unique(entry for source in sources for entry in source)
    return Vocabulary(tuple(merged[:MAX_ENTRIES]), max(0, len(merged) - MAX_ENTRIES))


def read_file(path: str | Path) -> list[str]:
    """The entries of a vocabulary file: a list (one per line or comma-separated), or a Fountain script's names.

    A VocabularyError for a file that cannot be read, is not text, is empty or is far too large.
    """
    file = Path(path).expanduser()
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise VocabularyError(
                f"The vocabulary file {file.name} is {size / 2**20:.1f} MB: a vocabulary is a short list of names and "
                f"terms (at most {MAX_ENTRIES} are used). Keep the ones this shoot needs, one per line.")
        data = file.read_bytes()
    except OSError as exc:
        raise VocabularyError(f"Cannot read the vocabulary file {file}: {exc.strerror}. Check the path.") from None
    text = text_of(data)
    if text is None:
        raise VocabularyError(
            f"The vocabulary file {file.name} is not a text file. Save the names and terms as plain text (.txt), one "
            "per line or separated by commas.")
    entries = script_words(text) if is_fountain(text) else parse(text, f"The vocabulary file {file.name}")
    if not entries:
        raise VocabularyError(
            f"The vocabulary file {file.name} has no words in it. Write the names and terms the speech model should "
            "expect, one per line or separated by commas, or leave the file out.")
    return entries


def text_of(data: bytes) -> str | None:
    """UTF-8 (or Windows-1252) text, or None for a binary file (a vocabulary file, a script)."""
    if b"\x00" in data[:65536]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if not text or printable / len(text) > 0.97:
            return text
    return None


# --- a script's names ---------------------------------------------------------------------------------------------

def script_words(text: str) -> list[str]:
    """The names a script's speech holds, most important first: Fountain characters, then names and unusual words
    in the lines (capitalised inside a sentence, or at its start when the script never writes them in lower case;
    mixed case such as McKenna; letters with digits such as R2-D2), the most frequent first."""
    if is_fountain(text):
        spoken = dialogue(text)
        lines = [line for line, _ in spoken]
    else:
        spoken, lines = [], [line.strip() for line in text.splitlines()
                             if line.strip() and not line.strip().startswith("#")]
    sentences = [_WORD.findall(sentence) for line in lines for sentence in _SENTENCE_END.split(line)]
    # a capital inside a sentence makes a name; at a sentence's start only when the script names it so elsewhere
    named = {fold(w) for words in sentences for w in words[1:] if _is_name_like(w)}
    names: Counter[str] = Counter()
    for words in sentences:
        for phrase in _name_phrases(words, named):
            names[phrase] += 1
    said = {fold(w) for words in sentences for w in words if w == w.lower()}
    characters = [c for c in (_character(who) for _, who in spoken) if c and fold(c) not in said]
    ranked = sorted(names, key=lambda n: -names[n])  # stable: ties keep the script's order
    return unique([*characters, *ranked])


def _character(cue: str) -> str:
    """« JEAN-PIERRE » -> « Jean-Pierre »; cues with digits (MAN 2) are not names."""
    if any(ch.isdigit() for ch in cue):
        return ""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), cue.strip())


def _is_unusual(word: str) -> bool:
    """Spelt unlike a common word: inner capitals (McKenna, iPhone), letters with digits (R2-D2)."""
    inner_capital = any(ch.isupper() for ch in word[1:]) and not word.isupper()
    return inner_capital or (any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word))


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() or _is_unusual(word)


def _name_phrases(words: list[str], named: set[str]) -> list[str]:
    """Runs of capitalised words in one sentence ("Maelis Tardieu", "Drennick Bay"), and unusual words, without
    the common words around them ("Miss", "The")."""
    phrases, run = [], []
    for n, word in enumerate([*words, ""]):
        # a sentence's first word is a name when named so elsewhere, or when one follows it ("Drennick Bay is far")
        first_of_name = fold(word) in named or _is_unusual(word) or (len(words) > 1 and _is_name_like(words[1]))
        if word and _is_name_like(word) and (n > 0 or first_of_name):
            run.append(word)
            continue
        while run and fold(run[0]) in _COMMON:
            run.pop(0)
        while run and fold(run[-1]) in _COMMON:
            run.pop()
        if run:
            phrases.append(" ".join(run[:MAX_ENTRY_WORDS]))
        run = []
    return phrases


def settings_part(entries: Iterable[str]) -> str:
    """The vocabulary as it enters a stored result's settings key: the same entries in any order are one key."""
    return "\n".join(sorted({fold(e) for e in entries}))
