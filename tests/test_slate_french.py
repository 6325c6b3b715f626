"""French slates: SÉQ. / SÉQUENCE / SC, PLAN, PRISE, BOBINE / ROLL and CAM, on one line and on a clapperboard,
with accents as OCR returns them or none; clapperboards drawn in French and read by the real OCR."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from inference_server.vision.ocr import TextReader
from inference_server.vision.slate_text import parse_slate, parse_text
from tests.fixtures.slates import HERSHEY_FACES, INK, PAPER, draw_text, truetype_face


def values(reading) -> dict[str, str]:
    return {kind: field.value for kind, field in reading.found().items()}


@pytest.mark.parametrize(("text", "expected"), [
    ("SÉQ 12 PLAN 3 PRISE 4", {"scene": "12", "shot": "3", "take": "4"}),
    ("SEQ. 12 PLAN 3 PRISE 4", {"scene": "12", "shot": "3", "take": "4"}),  # no accent
    ("SÈQ 12 PLAN 3 PRISE 4", {"scene": "12", "shot": "3", "take": "4"}),  # the wrong accent, as OCR may read it
    ("SEO 12 PLAN 3 PRlSE 4", {"scene": "12", "shot": "3", "take": "4"}),  # Q read as O, I as l
    ("SÉQUENCE 27B PLAN 2 PRISE 11", {"scene": "27B", "shot": "2", "take": "11"}),
    ("S3QU3NC3 7 PR1SE O2", {"scene": "7", "take": "2"}),
    ("SÉQ.12 PL.3 PR.4", {"scene": "12", "shot": "3", "take": "4"}),  # abbreviated, glued
    ("SC 12 PLAN 3 PRISE 4 BOBINE A001 CAM B", {"scene": "12", "shot": "3", "take": "4", "roll": "A001",
                                               "camera": "B"}),
    ("ROLL A002 CAMÉRA 2", {"roll": "A002", "camera": "2"}),
    ("CAM. L. PETIT", {}),  # the camera operator's initial is no camera
    ("PLANCHE PRISEE", {}),  # words that hold a label are not labels
])
def test_french_slate_vocabularies(text, expected):
    assert values(parse_text(text)) == expected


def test_the_issue_example_reads_as_scene_shot_take():
    assert parse_text("SÉQ 12 PLAN 3 PRISE 4").describe() == "Scene 12, Shot 3, Take 4"


def french_clapperboard(width: int, height: int, face) -> np.ndarray:
    """A French clapperboard: PROD. line, then boxes BOBINE / SÉQ. / PLAN / PRISE, each label small over its big
    value, then CAM. A on the bottom row (RGB)."""
    image = np.full((height, width, 3), PAPER, np.uint8)
    cells = np.linspace(width * 0.05, width * 0.95, 5).astype(int)
    draw_text(image, "PROD. LE PHARE", (width / 2, height * 0.12), height * 0.06, face, INK)
    for c, (label, value) in enumerate((("BOBINE", "A003"), ("SÉQ.", "12"), ("PLAN", "3"), ("PRISE", "4"))):
        left, right = cells[c], cells[c + 1]
        cv2.rectangle(image, (left, int(height * 0.25)), (right, int(height * 0.75)), INK, 3)
        draw_text(image, label, ((left + right) / 2, height * 0.32), height * 0.045, face, INK)
        draw_text(image, value, ((left + right) / 2, height * 0.55), height * 0.16, face, INK,
                  max_width=0.8 * (right - left))
    draw_text(image, "CAM. A", (width * 0.3, height * 0.86), height * 0.06, face, INK)
    draw_text(image, "RÉAL. A. MORIN", (width * 0.7, height * 0.86), height * 0.05, face, INK)
    return image


@pytest.mark.parametrize("face", [f for f in (truetype_face(), HERSHEY_FACES[0]) if f is not None],
                         ids=lambda f: f.name)
def test_a_french_clapperboard_is_read_by_the_real_ocr(face):
    reader = TextReader.load()
    image = cv2.cvtColor(french_clapperboard(1280, 720, face), cv2.COLOR_RGB2BGR)
    lines = reader.read([image])[0]
    reading = parse_slate(lines)
    found = values(reading)
    assert {k: found.get(k) for k in ("scene", "shot", "take", "roll")} == \
        {"scene": "12", "shot": "3", "take": "4", "roll": "A003"}, [line.text for line in lines]
    assert found.get("camera") == "A", [line.text for line in lines]
