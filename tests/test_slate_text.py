"""Slate parsing: the fields an editor expects from what OCR read, on strings and on board layouts."""

from __future__ import annotations

import pytest

from inference_server.vision.ocr import TextLine
from inference_server.vision.slate_text import CORRECTION_PENALTY, normalise_value, parse_slate, parse_text


def values(reading) -> dict[str, str]:
    return {kind: field.value for kind, field in reading.found().items()}


def line(text: str, left: float, top: float, right: float, bottom: float, confidence: float = 0.95) -> TextLine:
    return TextLine(text, confidence, ((left, top), (right, top), (right, bottom), (left, bottom)))


@pytest.mark.parametrize(("text", "expected"), [
    ("SC 12 TK 4", {"scene": "12", "take": "4"}),
    ("SCENE 12 TAKE 4", {"scene": "12", "take": "4"}),
    ("Scene 12A", {"scene": "12A"}),
    ("SHOT 3", {"shot": "3"}),
    ("TAKE 04", {"take": "4"}),
    ("ROLL A001", {"roll": "A001"}),
    ("SC12TK4", {"scene": "12", "take": "4"}),  # OCR dropped the spaces
    ("SCENE: 27B  TAKE: 11", {"scene": "27B", "take": "11"}),
    ("SCENE NO. 14 TAKE #2", {"scene": "14", "take": "2"}),
    ("SC. 7 SHOT 2 TK. 3", {"scene": "7", "shot": "2", "take": "3"}),
    ("HARBOUR FILMS ROLL B014", {"roll": "B014"}),
    ("ROLLA001", {"roll": "A001"}),
    ("SÉQ 4 PLAN 2 PRISE 3", {"scene": "4", "shot": "2", "take": "3"}),  # a French clap
    ("SC 12 TK", {"scene": "12"}),  # the take's value is elsewhere (or off the board)
])
def test_slate_vocabularies(text, expected):
    assert values(parse_text(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("5C 1O TK I", {"scene": "10", "take": "1"}),  # S read as 5 in the label; O and I in the values
    ("SC I2A TK O4", {"scene": "12A", "take": "4"}),  # scenes never use I or O as letters
    ("TAKE S", None),  # no digit at all: not a take
    ("ROLL AO01", {"roll": "A001"}),  # a roll's digits after its camera letter
    ("SC 1S2 TK 3", {"scene": "152", "take": "3"}),  # an S between digits is a 5
])
def test_ocr_confusions_are_undone_where_the_label_says_what_the_value_is(text, expected):
    assert values(parse_text(text)) == (expected or {})


def test_a_corrected_value_is_less_certain_than_a_clean_one():
    clean = parse_text("SC 10 TK 1", confidence=0.9)
    corrected = parse_text("SC 1O TK I", confidence=0.9)
    assert values(clean) == values(corrected)
    assert clean.take.confidence == pytest.approx(0.9)
    assert corrected.take.confidence == pytest.approx(0.9 * CORRECTION_PENALTY)


@pytest.mark.parametrize("text", [
    "JANE DOE", "HARBOUR MASTER", "TAKE CARE", "ROLL A001", "SCENE DESCRIPTION", "ESCAPE 12", "TASK 4", "",
])
def test_text_that_is_not_a_slate(text):
    assert not parse_text(text).is_slate


def test_words_that_contain_a_label_are_not_labels():
    assert values(parse_text("DISCO 12 ATTACK 4 SHOTGUN 3 TROLL 5")) == {}


def test_values_are_checked_against_their_label():
    assert normalise_value("take", "12") == ("12", False)
    assert normalise_value("take", "12A") is None  # takes are numbers
    assert normalise_value("scene", "A12") == ("A12", False)  # scenes may carry letters
    assert normalise_value("scene", "012") == ("12", False)
    assert normalise_value("roll", "A001") == ("A001", False)  # rolls keep their zeros
    assert normalise_value("roll", "A0O1") == ("A001", True)
    assert normalise_value("take", "123456789") is None


def test_clapperboard_boxes_label_above_value():
    """A board with three boxes: each small label with its big value under it, read as separate lines."""
    lines = [
        line("PROD. HARBOUR", 300, 120, 700, 170),
        line("ROLL", 150, 220, 230, 250), line("SCENE", 450, 220, 550, 250), line("TAKE", 780, 220, 860, 250),
        line("A001", 110, 300, 290, 400), line("12", 440, 290, 560, 410), line("4", 790, 290, 850, 410),
        line("DIR. A. MORIN", 150, 480, 450, 520),
    ]
    reading = parse_slate(lines)
    assert values(reading) == {"scene": "12", "take": "4", "roll": "A001"}
    assert reading.is_slate


def test_values_right_of_their_labels():
    lines = [line("SCENE", 100, 100, 220, 140), line("12A", 260, 95, 340, 145),
             line("TAKE", 100, 200, 200, 240), line("3", 240, 195, 270, 245)]
    assert values(parse_slate(lines)) == {"scene": "12A", "take": "3"}


def test_a_header_row_read_as_one_line_over_a_row_of_values():
    """OCR may join a row of labels (and a row of values) into one line each: words are placed by their
    share of the line."""
    lines = [line("ROLL SCENE TAKE", 100, 200, 700, 240), line("B014 27 11", 100, 280, 700, 380)]
    assert values(parse_slate(lines)) == {"roll": "B014", "scene": "27", "take": "11"}


def test_a_value_above_or_left_of_a_label_is_not_its_value():
    lines = [line("7", 100, 100, 140, 160), line("TAKE", 100, 200, 200, 240),
             line("9", 20, 200, 50, 240)]
    assert values(parse_slate(lines)) == {}


def test_each_value_goes_to_one_label_the_nearest():
    lines = [line("SCENE", 100, 100, 220, 140), line("TAKE", 400, 100, 500, 140),
             line("12", 120, 170, 200, 250)]
    assert values(parse_slate(lines)) == {"scene": "12"}


def test_confusions_in_a_board_value_use_the_label_above_it():
    lines = [line("SCENE", 100, 100, 220, 140), line("I2", 110, 170, 210, 250),
             line("TAKE", 400, 100, 500, 140), line("O4", 410, 170, 490, 250)]
    reading = parse_slate(lines)
    assert values(reading) == {"scene": "12", "take": "4"}
    assert reading.take.confidence < 0.95


def test_reading_describes_itself_for_the_marker_note():
    reading = parse_text("SC 12A TK 4 ROLL A001")
    assert reading.describe() == "Scene 12A, Take 4, Roll A001"
    assert reading.scene.read == "SC 12A"
