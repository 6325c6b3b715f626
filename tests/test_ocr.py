"""PP-OCR through our own sessions: known lines drawn in known places are found and read."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from inference_server.vision.ocr import (
    OcrOptions,
    TextReader,
    boxes_from_map,
    ctc_decode,
    detection_size,
    order_corners,
    unclip,
)
from tests.fixtures.slates import HERSHEY_FACES, draw_text, truetype_face

FACES = [f for f in (*HERSHEY_FACES[:3], truetype_face()) if f is not None]


@pytest.fixture(scope="module")
def reader() -> TextReader:
    return TextReader.load()


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _picture(lines: list[tuple[str, tuple[int, int], int]], face, size=(1280, 720), paper=(30, 30, 30),
             ink=(235, 235, 235)) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    image = np.full((size[1], size[0], 3), paper, np.uint8)
    boxes = [draw_text(image, text, centre, height, face, ink) for text, centre, height in lines]
    return _bgr(image), boxes


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over union of two (left, top, right, bottom) boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@pytest.mark.parametrize("face", FACES, ids=lambda f: f.name)
def test_known_lines_are_read_where_they_were_drawn(reader, face):
    lines = [("SCENE 12A TAKE 4", (640, 200), 60), ("ROLL A001", (400, 420), 36),
             ("Harbour master", (900, 560), 30)]
    image, drawn = _picture(lines, face)
    found = reader.read([image])[0]
    texts = [f.text for f in found]
    for (text, _, _), box in zip(lines, drawn):
        match = [f for f in found if _overlap((f.left, f.top, f.right, f.bottom), box) > 0.4]
        assert match, f"{text!r} not found where it was drawn; read {texts}"
        assert " ".join(m.text for m in match).replace(" ", "") == text.replace(" ", ""), texts
        assert all(m.confidence > 0.8 for m in match)


def test_dark_text_on_a_light_board(reader):
    face = FACES[0]
    image, _ = _picture([("SCENE", (300, 200), 40), ("27B", (300, 330), 120)], face, paper=(235, 235, 235),
                        ink=(20, 20, 20))
    assert [f.text for f in reader.read([image])[0]] == ["SCENE", "27B"]


def test_an_upside_down_line_is_turned_by_the_direction_model(reader):
    """A tail slate is held upside down: the direction model turns it; without it the line is misread."""
    image, _ = _picture([("TAIL SLATE SC 8 TK 3", (640, 360), 60)], FACES[0])
    flipped = cv2.rotate(image, cv2.ROTATE_180)
    with_direction = reader.read([flipped])[0]
    assert [f.text for f in with_direction] == ["TAIL SLATE SC 8 TK 3"]
    without = reader.read([flipped], replace(OcrOptions(), use_direction=False))[0]
    assert [f.text for f in without] != ["TAIL SLATE SC 8 TK 3"]


def test_a_tilted_board_is_still_read(reader):
    image, _ = _picture([("SC 46 TK 9", (640, 360), 70)], FACES[1])
    matrix = cv2.getRotationMatrix2D((640, 360), 6, 1.0)
    tilted = cv2.warpAffine(image, matrix, (1280, 720), borderValue=(30, 30, 30))
    assert [f.text for f in reader.read([tilted])[0]] == ["SC 46 TK 9"]


def test_pictures_of_several_sizes_in_one_call(reader):
    face = FACES[0]
    big, _ = _picture([("SC 12 TK 4", (960, 540), 120)], face, size=(1920, 1080))
    small, _ = _picture([("SC 3 TK 2", (320, 180), 40)], face, size=(640, 360))
    empty = np.full((720, 1280, 3), 30, np.uint8)
    assert [[f.text for f in lines] for lines in reader.read([big, empty, small])] == \
        [["SC 12 TK 4"], [], ["SC 3 TK 2"]]


def test_grey_pictures_are_read_and_other_arrays_refused_with_what_is_expected(reader):
    image, _ = _picture([("SC 3 TK 2", (640, 360), 80)], FACES[0])
    assert [f.text for f in reader.read([cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)])[0]] == ["SC 3 TK 2"]
    with pytest.raises(ValueError, match="8-bit pictures"):
        reader.read([image.astype(np.float32)])


def test_no_text_no_lines(reader):
    rng = np.random.default_rng(3)
    smooth = cv2.GaussianBlur(rng.integers(0, 255, (720, 1280, 3), dtype=np.uint8), (0, 0), 25)
    assert reader.read([smooth, np.zeros((720, 1280, 3), np.uint8)]) == [[], []]
    assert reader.read([]) == []


# -- the steps around the models, on inputs whose answer is known ----------------------------------------


def test_unclip_moves_every_side_out_by_area_times_ratio_over_perimeter():
    (cx, cy), (w, h), angle = unclip(((50.0, 20.0), (60.0, 10.0), 0.0), 1.5)
    distance = 60 * 10 * 1.5 / (2 * (60 + 10))
    assert (cx, cy, angle) == (50.0, 20.0, 0.0)
    assert (w, h) == pytest.approx((60 + 2 * distance, 10 + 2 * distance))


def test_text_regions_of_a_probability_map_become_boxes_in_picture_pixels():
    prob = np.zeros((96, 160), np.float32)
    prob[20:30, 10:70] = 0.9  # a line of text
    prob[60:64, 100:150] = 0.35  # a faint region: its mean is under box_threshold
    prob[80:82, 5:9] = 0.95  # a speck: thinner than min_box_side
    boxes = boxes_from_map(prob, (192, 320), OcrOptions())
    assert len(boxes) == 1
    (left, top), (right, bottom) = boxes[0].min(axis=0), boxes[0].max(axis=0)
    # the region (x 10..70, y 20..30 on a half-size map), grown back by the unclip distance, at twice the size
    distance = 60 * 10 * 1.6 / (2 * 70)
    assert left == pytest.approx(2 * (10 - distance), abs=3)
    assert right == pytest.approx(2 * (70 + distance), abs=3)
    assert top == pytest.approx(2 * (20 - distance), abs=3)
    assert bottom == pytest.approx(2 * (30 + distance), abs=3)


def test_ctc_collapses_repeats_and_drops_blanks():
    charset = ["", "A", "B", " "]
    columns = [1, 1, 0, 1, 2, 2, 3, 0, 2]  # A A - A B B _ - B  ->  "AAB B"
    probs = np.full((1, len(columns), 4), 0.01, np.float32)
    for t, c in enumerate(columns):
        probs[0, t, c] = 0.9 if t != 4 else 0.6
    [(text, confidence)] = ctc_decode(probs, charset)
    assert text == "AAB B"
    assert confidence == pytest.approx((0.9 * 4 + 0.6) / 5)


def test_corners_are_ordered_clockwise_from_top_left():
    shuffled = np.array([[90, 40], [10, 12], [10, 40], [90, 10]], np.float32)
    assert order_corners(shuffled).tolist() == [[10, 12], [90, 10], [90, 40], [10, 40]]


def test_detection_size_keeps_the_aspect_in_multiples_of_32():
    assert detection_size((1080, 1920), 960) == (544, 960)
    assert detection_size((360, 640), 960) == (352, 640)  # never enlarged
    assert detection_size((10, 20), 960) == (32, 32)
