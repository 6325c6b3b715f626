"""What a slate says: scene, shot, take and roll from the lines of text OCR read on it.

Slates are written many ways: "SC 12 TK 4", "SCENE 12A  TAKE 04", "SC12TK4", "ROLL A001", French ones
"SÉQ. 12 PLAN 3 PRISE 4", "SÉQUENCE 12", "BOBINE A001", "CAM B" (accents as OCR returns them, or none), or a
clapperboard whose boxes hold a label ("SCENE") and, under it or to its right, the value ("12"). Labels are found inside
each line (glued or not); a label with nothing after it on its line takes the nearest free word under it or
to its right. OCR confusions (O/0, I/1, S/5, ...) are undone only where the label says what the value must be:
takes are numbers, scenes are numbers with letters around them, rolls are letters then numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from inference_server.vision.ocr import TextLine

KINDS = ("scene", "shot", "take", "roll", "camera")
#: Resolve metadata field written for each kind (docs/resolve-emulator.md §6).
METADATA_FIELD = {"scene": "Scene", "shot": "Shot", "take": "Take", "roll": "Roll Card #", "camera": "Camera #"}

# Labels as OCR reads them, in upper case: the confusable characters (5 for S, 0 for O, 3 for E, 7 for T) are
# part of the patterns. Longer forms first so that "SCENE" is not read as "SC" + "ENE".
# French: SÉQUENCE / SÉQ. (OCR returns the É as É, È, E or 3, and the Q as O), PLAN / PL., PRISE / PR., BOBINE, CAM.
_E = "[EÉÈÊË3]"
_LABELS = {
    "scene": rf"[S5$]{_E}QU{_E}NC{_E}|[S5$]C[E3]N[E3]|[S5$]CN|[S5$]C|S{_E}[QO]|SZ[E3]N[E3]|SCENA",
    "shot": r"[S5]H[O0]T|PLAN|PL(?=\.)",
    "take": rf"[T7]AK[E3]|[T7]AK|[T7]K|PR[I1L|]S{_E}|PR(?=\.)",
    "roll": rf"R[O0][L1I][L1I]|RL|B[O0]B[I1L]N{_E}",
    "camera": rf"CAM{_E}RA|CAM",
}
# A label stands alone (no letter either side), except a roll glued to its value ("ROLLA001": OCR drops spaces).
_AFTER = {"roll": r"(?![A-ZÉ])|(?=[A-Z][0-9O]{2,4}(?![A-Z0-9]))"}
_LABEL = re.compile("|".join(f"(?P<{kind}>(?<![A-ZÉ])(?:{pattern})(?:{_AFTER.get(kind, '(?![A-ZÉ])')}))"
                             for kind, pattern in _LABELS.items()))
# what may stand between a label and its value: "SCENE: 12", "SC.12", "SCENE NO. 12", "TAKE #4"
_SEPARATOR = re.compile(r"[\s:.#=\-–_/]*(?:N[O0°]\.?[\s:.#]*)?")

# Letters OCR gives for digits; I and O are never scene letters (slates skip them for that reason).
_TO_DIGIT = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "!": "1", "]": "1",
                           "S": "5", "$": "5", "B": "8", "Z": "2", "G": "6"})
_NEVER_LETTERS = str.maketrans({"O": "0", "I": "1"})
_SCENE = re.compile(r"[A-Z]{0,2}(\d{1,4})[A-Z]{0,2}")
_TAKE = re.compile(r"\d{1,3}")
_ROLL = re.compile(r"([A-Z]{1,2})(\d{1,4})|\d{1,4}")
_CAMERA = re.compile(r"[A-Z]|\d{1,2}")
# a value's confidence when a character had to be changed to fit its label
CORRECTION_PENALTY = 0.9


@dataclass(frozen=True)
class SlateField:
    value: str  # as written to Resolve: "12A", "4", "A001"
    confidence: float  # 0..1: OCR's confidence, lowered where a character was corrected
    read: str  # label and value as OCR read them ("SC 12", "TAKE O4")


@dataclass(frozen=True)
class SlateReading:
    scene: SlateField | None = None
    shot: SlateField | None = None
    take: SlateField | None = None
    roll: SlateField | None = None
    camera: SlateField | None = None
    lines: tuple[str, ...] = field(default=(), compare=False)  # every line read, for the marker's note

    @property
    def is_slate(self) -> bool:
        """A roll alone ("ROLL A001" in a burn-in) is not a slate; a scene, shot or take is."""
        return any((self.scene, self.shot, self.take))

    def found(self) -> dict[str, SlateField]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in KINDS and getattr(self, f.name)}

    def describe(self) -> str:
        """ "Scene 12A, Take 4" """
        return ", ".join(f"{kind.capitalize()} {value.value}" for kind, value in self.found().items())


def normalise_value(kind: str, raw: str) -> tuple[str, bool] | None:
    """(value, corrected) for a value read after a ``kind`` label, or None when it cannot be one."""
    if kind == "camera":  # "CAM B", "CAM 2"; not "CAM. L. PETIT", the operator's initial
        value = raw.upper().rstrip(",;:")
        return (value, False) if _CAMERA.fullmatch(value) else None
    raw = raw.upper().strip(".,;:-_'\"`")
    if not raw or len(raw) > 8:
        return None
    plain = raw.translate(_NEVER_LETTERS)
    if kind != "roll" and not any(c.isdigit() for c in plain):
        return None  # a word after a label ("TAKE CARE", "SCENE ABC") is no scene or take number
    if kind == "take":
        digits = raw.translate(_TO_DIGIT)
        if not _TAKE.fullmatch(digits):
            return None
        return str(int(digits)), digits != raw
    if kind in ("scene", "shot"):
        # I and O as digits ("I2A" -> "12A"); then every look-alike but a last letter ("1S2B" -> "152B"); then all
        for candidate in (plain, plain[:-1].translate(_TO_DIGIT) + plain[-1:], plain.translate(_TO_DIGIT)):
            match = _SCENE.fullmatch(candidate)
            if match:
                number = match.group(1)
                value = candidate.replace(number, str(int(number)), 1)
                return value, candidate != raw
        return None
    if kind == "roll":
        # camera letter(s) then digits; a second O or I is a digit (rolls, like scenes, skip those letters)
        letters = 0
        while letters < min(2, len(raw) - 1) and raw[letters].isalpha() \
                and (letters == 0 or raw[letters].translate(_NEVER_LETTERS) == raw[letters]):
            letters += 1
        candidate = raw[:letters] + raw[letters:].translate(_TO_DIGIT)
        if _ROLL.fullmatch(candidate):
            return candidate, candidate != raw
        return None
    raise ValueError(f"unknown slate field {kind!r}")


@dataclass(frozen=True)
class _Word:
    """A whitespace-separated piece of a line, with a box estimated from its characters' share of the line."""

    line: int
    start: int  # character offsets in the line
    end: int
    text: str
    confidence: float
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)


def _span_box(line: TextLine, start: int, end: int) -> tuple[float, float, float, float]:
    width = line.right - line.left
    count = max(1, len(line.text))
    return (line.left + width * start / count, line.top, line.left + width * end / count, line.bottom)


def _words(index: int, line: TextLine) -> list[_Word]:
    return [_Word(index, m.start(), m.end(), m.group(), line.confidence, *_span_box(line, m.start(), m.end()))
            for m in re.finditer(r"\S+", line.text)]


@dataclass
class _Label:
    kind: str
    line: int
    start: int
    end: int
    read: str
    box: tuple[float, float, float, float]
    confidence: float


def parse_text(text: str, confidence: float = 1.0) -> SlateReading:
    """One line of text, e.g. "SCENE 12A TAKE 4", as a slate (no layout)."""
    box = ((0.0, 0.0), (10.0 * len(text), 0.0), (10.0 * len(text), 20.0), (0.0, 20.0))
    return parse_slate([TextLine(text, confidence, box)])


def parse_slate(lines: Sequence[TextLine]) -> SlateReading:
    """The slate fields in the lines of text read on one picture (each field: the best reading)."""
    found: dict[str, SlateField] = {}
    lone: list[_Label] = []
    used: set[tuple[int, int]] = set()  # (line, char offset) of words that are labels or taken values

    def keep(kind: str, field_: SlateField) -> None:
        if kind not in found or field_.confidence > found[kind].confidence:
            found[kind] = field_

    for n, line in enumerate(lines):
        text = line.text.upper()
        labels = list(_LABEL.finditer(text))
        for k, match in enumerate(labels):
            kind = match.lastgroup
            stop = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            gap = _SEPARATOR.match(text, match.end(), stop)
            value_start = gap.end() if gap else match.end()
            raw = text[value_start:stop].split()[:1]
            used.update((n, i) for i in range(match.start(), match.end()))
            normalised = normalise_value(kind, raw[0]) if raw else None
            if normalised is None:
                if not raw:  # the value is elsewhere on the board: under the label or right of it
                    lone.append(_Label(kind, n, match.start(), match.end(), line.text[match.start():match.end()],
                                       _span_box(line, match.start(), match.end()), line.confidence))
                continue
            value, corrected = normalised
            used.update((n, i) for i in range(value_start, value_start + len(raw[0])))
            confidence = line.confidence * (CORRECTION_PENALTY if corrected else 1.0)
            keep(kind, SlateField(value, confidence, line.text[match.start():value_start + len(raw[0])].strip()))
    if lone:
        free = [w for n, line in enumerate(lines) for w in _words(n, line)
                if not any((w.line, i) in used for i in range(w.start, w.end))]
        for kind, field_ in _values_by_layout(lone, free).items():
            keep(kind, field_)
    return SlateReading(**found, lines=tuple(line.text for line in lines))


def _values_by_layout(labels: list[_Label], words: list[_Word]) -> dict[str, SlateField]:
    """Each lone label with the nearest free word under it or to its right that fits it (nearest pairs first)."""
    pairs = []
    for a, label in enumerate(labels):
        for b, word in enumerate(words):
            distance = _layout_distance(label.box, word)
            if distance is None:
                continue
            normalised = normalise_value(label.kind, word.text)
            if normalised is not None:
                pairs.append((distance, a, b, normalised))
    out: dict[str, SlateField] = {}
    taken_labels: set[int] = set()
    taken_words: set[int] = set()
    for _, a, b, (value, corrected) in sorted(pairs, key=lambda p: p[0]):
        if a in taken_labels or b in taken_words or labels[a].kind in out:
            continue
        taken_labels.add(a)
        taken_words.add(b)
        label, word = labels[a], words[b]
        confidence = min(label.confidence, word.confidence) * (CORRECTION_PENALTY if corrected else 1.0)
        out[label.kind] = SlateField(value, confidence, f"{label.read} {word.text}")
    return out


def _layout_distance(label: tuple[float, float, float, float], word: _Word) -> float | None:
    """How far ``word`` lies under or right of ``label``, in label heights; None when it is elsewhere.

    A board's value is written big in the box under its label, or beside it; never above or to the left."""
    left, top, right, bottom = label
    height = max(1.0, bottom - top)
    width = max(1.0, right - left)
    overlap_y = min(bottom, word.bottom) - max(top, word.top)
    centre_x = (word.left + word.right) / 2
    if overlap_y > 0.3 * min(height, word.height) and word.left >= right - 0.25 * height:
        gap = max(0.0, word.left - right)
        return gap / height if gap <= 8 * height else None  # right of it, on the same row
    # under it: horizontally overlapping the label (or centred near it), below its top
    overlap_x = min(right, word.right) - max(left, word.left)
    near_x = overlap_x > 0 or abs(centre_x - (left + right) / 2) < width
    if near_x and word.top >= top + 0.5 * height:
        gap = max(0.0, word.top - bottom)
        return 0.5 + gap / height if gap <= 6 * height else None
    return None
