"""Text in pictures: PP-OCR (detection, direction, recognition) on our own onnxruntime sessions.

The three ONNX graphs ship in the ``rapidocr-onnxruntime`` wheel; only the weights are used from it. The
steps around them are written here with numpy and OpenCV:

- detection (DB, "differentiable binarization"): the model gives a text-probability map; pixels over
  ``det_threshold`` form regions, each region's rotated box is kept when its mean probability is over
  ``box_threshold``, then grown back ("unclipped") since DB is trained on shrunk text boxes;
- direction: a two-class model says whether a cropped line is upside down (a tail slate is held that way);
- recognition (CRNN + CTC): each line, 48 px high, gives per-column character probabilities; repeated
  columns and blanks collapse into the text. The character list is in the rec model's ONNX metadata.

Preprocessing constants (mean/std 0.5, rec height 48, cls 48 x 192, thresholds) are PaddleOCR's.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from protos.errors import ModelUnavailable

log = logging.getLogger(__name__)

PACKAGE = "rapidocr_onnxruntime"
DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_infer.onnx"
REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"


@dataclass(frozen=True)
class OcrOptions:
    #: The longer side of the picture given to detection (a multiple of 32). At 640 a 1080p frame's 30 px
    #: caption is 10 px high, which DB still finds; 960 finds smaller text at 2-4x the time (the cost grows as
    #: the square of the side). Lines are then read from the full picture, not from this.
    det_max_side: int = 640
    #: A pixel is "text" when the detection map is over this.
    det_threshold: float = 0.3
    #: A region is kept when its mean text probability is over this.
    box_threshold: float = 0.5
    #: How much a region is grown back (DB shrinks text boxes when training): distance = area * r / perimeter.
    unclip_ratio: float = 1.6
    #: Regions thinner than this (detection-map pixels) are noise.
    min_box_side: int = 3
    #: Turn lines the direction model calls upside down (over ``direction_threshold``).
    use_direction: bool = True
    direction_threshold: float = 0.9
    #: Lines whose mean character probability is under this are dropped as unreadable.
    min_confidence: float = 0.5
    #: Images per detection run and lines per recognition run.
    det_batch: int = 4
    rec_batch: int = 16
    #: The widest line recognised, as width / height (wider lines are squeezed to it).
    max_line_ratio: float = 32.0


@dataclass(frozen=True)
class TextLine:
    """One line of text read in a picture."""

    text: str
    confidence: float  # mean probability of its characters, 0..1
    box: tuple[tuple[float, float], ...]  # 4 corners, clockwise from top-left, in the picture's pixels

    @property
    def left(self) -> float:
        return min(p[0] for p in self.box)

    @property
    def right(self) -> float:
        return max(p[0] for p in self.box)

    @property
    def top(self) -> float:
        return min(p[1] for p in self.box)

    @property
    def bottom(self) -> float:
        return max(p[1] for p in self.box)


@dataclass(frozen=True)
class OcrModelPaths:
    detection: Path
    direction: Path
    recognition: Path


def ocr_model_paths() -> OcrModelPaths:
    """The PP-OCR ONNX files inside the installed ``rapidocr-onnxruntime`` wheel."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable("The text (OCR) models are not installed: pip install rapidocr-onnxruntime")
    folder = Path(next(iter(spec.submodule_search_locations))) / "models"
    paths = OcrModelPaths(folder / DET_MODEL, folder / CLS_MODEL, folder / REC_MODEL)
    missing = [p.name for p in (paths.detection, paths.direction, paths.recognition) if not p.is_file()]
    if missing:
        raise ModelUnavailable(f"The OCR model file(s) {', '.join(missing)} are missing from {folder}: reinstall "
                               "it with pip install --force-reinstall rapidocr-onnxruntime")
    return paths


def load_charset(recognition) -> list[str]:
    """CTC classes of the recognition session: blank, the characters in its metadata, then space."""
    meta = recognition.get_modelmeta().custom_metadata_map
    if "character" not in meta:
        raise ModelUnavailable("The OCR recognition model has no character list in its metadata; reinstall "
                               "rapidocr-onnxruntime (pip install --force-reinstall rapidocr-onnxruntime)")
    return ["", *meta["character"].splitlines(), " "]


class TextReader:
    """Finds and reads lines of text in BGR pictures; sessions come from ``onnx_sessions.create_session``.

    Holds no per-job state: one reader is shared by every job of a server (``ModelRegistry.shared``)."""

    def __init__(self, detection, direction, recognition) -> None:
        self.detection, self.direction, self.recognition = detection, direction, recognition
        self.charset = load_charset(recognition)
        classes = recognition.get_outputs()[0].shape[-1]
        if isinstance(classes, int) and classes != len(self.charset):
            raise ModelUnavailable(f"The OCR recognition model has {classes} classes but {len(self.charset)} "
                                   "characters; reinstall rapidocr-onnxruntime")

    @classmethod
    def load(cls) -> TextReader:
        from inference_server.onnx_sessions import create_session

        paths = ocr_model_paths()
        return cls(create_session(paths.detection), create_session(paths.direction), create_session(paths.recognition))

    # -- the whole pipeline ----------------------------------------------------------------------------

    def read(self, images: Sequence[np.ndarray], options: OcrOptions = OcrOptions()) -> list[list[TextLine]]:
        """Lines of text in each BGR picture (grey and BGRA are taken too), top to bottom then left to right."""
        images = [as_bgr(image) for image in images]
        boxes = self.detect(images, options)
        crops, owners = [], []
        for n, (image, found) in enumerate(zip(images, boxes)):
            for box in found:
                crops.append(crop_line(image, box))
                owners.append((n, box))
        if options.use_direction and crops:
            crops = self.upright(crops, options)
        texts = self.recognize(crops, options)
        out: list[list[TextLine]] = [[] for _ in images]
        for (n, box), (text, confidence) in zip(owners, texts):
            text = text.strip()
            if text and confidence >= options.min_confidence:
                out[n].append(TextLine(text, confidence, tuple((float(x), float(y)) for x, y in box)))
        for lines in out:
            lines.sort(key=lambda line: (round(line.top / 10), line.left))
        return out

    # -- detection -------------------------------------------------------------------------------------

    def detect(self, images: Sequence[np.ndarray], options: OcrOptions = OcrOptions()) -> list[list[np.ndarray]]:
        """Text boxes (4 x 2 float32, clockwise from top-left) per picture, in the picture's pixels."""
        out: list[list[np.ndarray]] = [[] for _ in images]
        # pictures of one size run together (a clip's frames all have the same size)
        groups: dict[tuple[int, int], list[int]] = {}
        for n, image in enumerate(images):
            groups.setdefault(image.shape[:2], []).append(n)
        step = max(1, options.det_batch)
        for shape, members in groups.items():
            size = detection_size(shape, options.det_max_side)
            for start in range(0, len(members), step):
                chunk = members[start : start + step]
                batch = np.stack([_det_input(images[n], size) for n in chunk])
                maps = self.detection.run(None, {self.detection.get_inputs()[0].name: batch})[0]
                for n, prob in zip(chunk, maps[:, 0]):
                    out[n] = boxes_from_map(prob, shape, options)
        return out

    # -- direction -------------------------------------------------------------------------------------

    def upright(self, crops: list[np.ndarray], options: OcrOptions = OcrOptions()) -> list[np.ndarray]:
        """Crops the direction model finds upside down, turned the right way up."""
        name = self.direction.get_inputs()[0].name
        out = list(crops)
        step = max(1, options.rec_batch)
        for start in range(0, len(crops), step):
            batch = np.stack([_fixed_input(c, 48, 192) for c in crops[start : start + step]])
            probs = self.direction.run(None, {name: batch})[0]
            for k, p in enumerate(probs):
                if int(np.argmax(p)) == 1 and float(p[1]) > options.direction_threshold:
                    out[start + k] = cv2.rotate(crops[start + k], cv2.ROTATE_180)
        return out

    # -- recognition -----------------------------------------------------------------------------------

    def recognize(self, crops: Sequence[np.ndarray], options: OcrOptions = OcrOptions()) -> list[tuple[str, float]]:
        """(text, mean character probability) for each cropped line."""
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        if not crops:
            return out
        name = self.recognition.get_inputs()[0].name
        # similar widths run together, so little of each batch is padding
        order = sorted(range(len(crops)), key=lambda n: crops[n].shape[1] / max(1, crops[n].shape[0]))
        step = max(1, options.rec_batch)
        for start in range(0, len(order), step):
            chunk = order[start : start + step]
            ratio = max(crops[n].shape[1] / max(1, crops[n].shape[0]) for n in chunk)
            width = int(48 * min(max(ratio, 320 / 48), options.max_line_ratio))
            batch = np.stack([_line_input(crops[n], width) for n in chunk])
            probs = self.recognition.run(None, {name: batch})[0]
            for n, decoded in zip(chunk, ctc_decode(probs, self.charset)):
                out[n] = decoded
        return out


def as_bgr(image: np.ndarray) -> np.ndarray:
    """A uint8 picture as H x W x 3 BGR; anything else is refused with what was expected."""
    image = np.asarray(image)
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or min(image.shape[:2]) < 1:
        raise ValueError(f"OCR reads 8-bit pictures (H x W, or H x W x 3 BGR); got {image.dtype} {image.shape}")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if image.shape[2] != 3:
        raise ValueError(f"OCR reads 8-bit pictures (H x W, or H x W x 3 BGR); got {image.shape[2]} channels")
    return image


def detection_size(shape: tuple[int, int], max_side: int) -> tuple[int, int]:
    """(height, width) for detection: aspect kept, the longer side at most ``max_side``, both multiples of 32."""
    h, w = shape
    scale = min(1.0, max_side / max(h, w))
    return (max(32, round(h * scale / 32) * 32), max(32, round(w * scale / 32) * 32))


def _normalise(image: np.ndarray) -> np.ndarray:
    """uint8 H x W x 3 -> float32 3 x H x W in -1..1 (PaddleOCR's mean = std = 0.5)."""
    return (image.astype(np.float32).transpose(2, 0, 1) / 127.5) - 1.0


def _det_input(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return _normalise(cv2.resize(image, (size[1], size[0]), interpolation=cv2.INTER_AREA))


def _fixed_input(crop: np.ndarray, height: int, width: int) -> np.ndarray:
    """A line scaled to ``height``, aspect kept up to ``width``, padded on the right with zeros (PaddleOCR)."""
    h, w = crop.shape[:2]
    resized_w = min(width, max(1, math.ceil(height * w / max(1, h))))
    out = np.zeros((3, height, width), np.float32)
    out[:, :, :resized_w] = _normalise(cv2.resize(crop, (resized_w, height)))
    return out


def _line_input(crop: np.ndarray, width: int) -> np.ndarray:
    return _fixed_input(crop, 48, width)


def ctc_decode(probs: np.ndarray, charset: Sequence[str]) -> list[tuple[str, float]]:
    """Greedy CTC: the best class per column, repeats collapsed, blanks (class 0) dropped."""
    best = probs.argmax(axis=2)
    score = probs.max(axis=2)
    out = []
    for classes, scores in zip(best, score):
        keep = np.ones(len(classes), bool)
        keep[1:] = classes[1:] != classes[:-1]
        keep &= classes != 0
        text = "".join(charset[c] for c in classes[keep])
        out.append((text, float(scores[keep].mean()) if keep.any() else 0.0))
    return out


def boxes_from_map(prob: np.ndarray, shape: tuple[int, int], options: OcrOptions) -> list[np.ndarray]:
    """DB post-processing: probability map -> rotated text boxes in a picture of ``shape`` (h, w)."""
    mask = (prob > options.det_threshold).astype(np.uint8)
    # a 2 x 2 dilation joins characters the threshold split (PaddleOCR's use_dilation)
    mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    map_h, map_w = prob.shape
    sx, sy = shape[1] / map_w, shape[0] / map_h
    boxes = []
    for contour in contours[:1000]:
        rect = cv2.minAreaRect(contour)
        if min(rect[1]) < options.min_box_side:
            continue
        corners = cv2.boxPoints(rect)
        if _mean_inside(prob, corners) < options.box_threshold:
            continue
        rect = unclip(rect, options.unclip_ratio)
        if min(rect[1]) < options.min_box_side + 2:
            continue
        box = order_corners(cv2.boxPoints(rect))
        box[:, 0] = np.clip(np.round(box[:, 0] * sx), 0, shape[1] - 1)
        box[:, 1] = np.clip(np.round(box[:, 1] * sy), 0, shape[0] - 1)
        if np.linalg.norm(box[0] - box[1]) <= 3 or np.linalg.norm(box[0] - box[3]) <= 3:
            continue
        boxes.append(box)
    return boxes


def unclip(rect: tuple, ratio: float) -> tuple:
    """Grow a rotated rectangle by distance = area * ratio / perimeter on every side.

    The minimum-area rectangle around a rectangle offset by d (rounded corners, as pyclipper makes it) is
    the rectangle with each side moved out by d, so no polygon clipping library is needed."""
    (cx, cy), (w, h), angle = rect
    distance = w * h * ratio / max(1e-6, 2 * (w + h))
    return (cx, cy), (w + 2 * distance, h + 2 * distance), angle


def _mean_inside(prob: np.ndarray, corners: np.ndarray) -> float:
    """Mean of ``prob`` inside a polygon (PaddleOCR's "fast" box score), on the polygon's bounding box only."""
    h, w = prob.shape
    x0 = int(np.clip(np.floor(corners[:, 0].min()), 0, w - 1))
    x1 = int(np.clip(np.ceil(corners[:, 0].max()), 0, w - 1))
    y0 = int(np.clip(np.floor(corners[:, 1].min()), 0, h - 1))
    y1 = int(np.clip(np.ceil(corners[:, 1].max()), 0, h - 1))
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillPoly(mask, [(corners - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(prob[y0 : y1 + 1, x0 : x1 + 1], mask)[0])


def order_corners(points: np.ndarray) -> np.ndarray:
    """4 points as top-left, top-right, bottom-right, bottom-left."""
    points = np.asarray(points, np.float32)
    by_x = points[np.argsort(points[:, 0], kind="stable")]
    left, right = by_x[:2], by_x[2:]
    tl, bl = left[np.argsort(left[:, 1], kind="stable")]
    tr, br = right[np.argsort(right[:, 1], kind="stable")]
    return np.array([tl, tr, br, bl], np.float32)


def crop_line(image: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The line inside ``box`` as an upright rectangle; a tall crop (vertical text) is turned on its side."""
    width = int(max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[2] - box[3])))
    height = int(max(np.linalg.norm(box[0] - box[3]), np.linalg.norm(box[1] - box[2])))
    width, height = max(1, width), max(1, height)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(box.astype(np.float32), target)
    crop = cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)
    if height / width >= 1.5:
        crop = np.rot90(crop).copy()
    return crop
