"""The studio's registered models, run on frames: preprocessing, our onnxruntime sessions, a score per label.

Each model is loaded once per server process (``ModelRegistry.shared``), keyed by its manifest entry and
its files' size and date, so that a replaced ONNX file or an edited prompt list is picked up by the next job
without a restart. Every graph runs through ``onnx_sessions.create_session`` (providers chosen per box).

A model is checked against its manifest entry when it loads (input layout and size, number of labels,
embedding width) and its scores when it runs (probabilities that are not), each with the field to change.
"""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import grpc
import numpy as np

from inference_server.models import ModelRegistry
from inference_server.onnx_sessions import create_session
from inference_server.vision.model_manifest import ClassifierSpec, ClipSpec, ImageInput, ModelSpec
from protos.errors import DerushError

log = logging.getLogger(__name__)

_DTYPES = {"tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(double)": np.float64,
           "tensor(uint8)": np.uint8}
_INT_DTYPES = {"tensor(int64)": np.int64, "tensor(int32)": np.int32}
# Probabilities read from a graph may be a little off 0..1 (float16, fused ops); beyond this they are not.
_PROBABILITY_SLACK = 1e-3
_SUM_SLACK = 0.02


class CustomModelError(DerushError):
    """A registered model does not match its manifest entry, or cannot be run."""

    code = "bad_custom_model"
    status = grpc.StatusCode.FAILED_PRECONDITION


Geometry = tuple[int, int, str]  # (width, height, resize): frames fitted once per geometry, shared by models


def geometry(image: ImageInput) -> Geometry:
    return (image.width, image.height, image.resize)


def fit(image: np.ndarray, shape: Geometry) -> np.ndarray:
    """A BGR frame at the model's input size: the middle of it ("center_crop") or all of it ("stretch")."""
    width, height, resize = shape
    h, w = image.shape[:2]
    if resize == "stretch":
        return cv2.resize(image, (width, height), interpolation=_interpolation(w, width))
    scale = max(width / w, height / h)
    sw, sh = max(width, round(w * scale)), max(height, round(h * scale))
    scaled = cv2.resize(image, (sw, sh), interpolation=_interpolation(w, sw))
    top, left = (sh - height) // 2, (sw - width) // 2
    return np.ascontiguousarray(scaled[top : top + height, left : left + width])


def _interpolation(before: int, after: int) -> int:
    return cv2.INTER_AREA if after < before else cv2.INTER_LINEAR


def source_width(shapes: Sequence[Geometry], frame_width: int, frame_height: int) -> int:
    """How wide a frame must be decoded so that no model's input is upscaled from it."""
    aspect = frame_width / max(1, frame_height)
    return max((max(w, round(h * aspect)) for w, h, _ in shapes), default=0)


def to_tensor(images: np.ndarray, image: ImageInput, dtype: type) -> np.ndarray:
    """[N, H, W, 3] BGR uint8 -> the model's input: channel order, scale, mean/std, layout, dtype."""
    x = images[..., ::-1] if image.color == "RGB" else images
    if dtype is not np.uint8:  # a uint8 input takes raw pixels: its graph normalises them itself
        x = (x.astype(np.float32) * np.float32(image.scale) - np.float32(image.mean)) / np.float32(image.std)
    if image.layout == "NCHW":
        x = x.transpose(0, 3, 1, 2)
    return np.ascontiguousarray(x, dtype=dtype)


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x, -60, 60)))


class ImageGraph:
    """One ONNX graph that takes images, checked against the manifest's ``input`` when it loads."""

    def __init__(self, path: Path, image: ImageInput, output_name: str | None, where: str,
                 batch_size: int) -> None:
        self.path, self.image, self.where = path, image, where
        self.session = _session(path, where)
        inputs = {i.name: i for i in self.session.get_inputs()}
        meta = inputs.get(image.name) if image.name else self.session.get_inputs()[0]
        if meta is None:
            raise CustomModelError(f"{where}: {path.name} has no input {image.name!r}; its inputs are "
                                   f"{', '.join(inputs)}: set input.name to one of them.")
        others = [n for n in inputs if n != meta.name]
        if others:
            raise CustomModelError(f"{where}: {path.name} also needs {', '.join(others)} besides the image: "
                                   "export the image part alone (docs/custom-models.md).")
        self.input_name = meta.name
        self.dtype = _DTYPES.get(meta.type)
        if self.dtype is None:
            raise CustomModelError(f"{where}: {path.name} takes {meta.type} images: export it with a float32, "
                                   "float16 or uint8 image input.")
        _check_image_shape(meta.shape, image, path, where)
        fixed = meta.shape[0]
        # A graph exported with a fixed batch (often 1) is fed exactly that many at a time.
        self.fixed_batch = fixed if isinstance(fixed, int) and fixed > 0 else None
        self.batch = self.fixed_batch or batch_size
        outputs = [o.name for o in self.session.get_outputs()]
        if output_name and output_name not in outputs:
            raise CustomModelError(f"{where}: {path.name} has no output {output_name!r}; its outputs are "
                                   f"{', '.join(outputs)}: fix output_name.")
        self.output_name = output_name or outputs[0]
        self.output_shape = next(o.shape for o in self.session.get_outputs() if o.name == self.output_name)

    def static_width(self) -> int | None:
        """Scores (or embedding values) per image, when the graph fixes it."""
        dims = self.output_shape[1:]
        if dims and all(isinstance(d, int) for d in dims):
            return int(np.prod(dims))
        return None

    def run(self, images: np.ndarray, cancelled: Callable[[], bool] = lambda: False) -> np.ndarray | None:
        """[N, H, W, 3] BGR at the input size -> [N, outputs]; None when cancelled."""
        out = []
        for start in range(0, len(images), self.batch):
            if cancelled():
                return None
            chunk = images[start : start + self.batch]
            count = len(chunk)
            if self.fixed_batch and count < self.fixed_batch:
                chunk = np.concatenate([chunk, np.zeros((self.batch - count, *chunk.shape[1:]), chunk.dtype)])
            tensor = to_tensor(chunk, self.image, self.dtype)
            try:
                result = self.session.run([self.output_name], {self.input_name: tensor})[0]
            except Exception as exc:  # onnxruntime's own exception types vary between builds
                raise CustomModelError(f"{self.where}: {self.path.name} failed on a batch of {len(tensor)} "
                                       f"frame(s): {exc}. Check input.size, input.layout and batch_size.") from None
            out.append(np.asarray(result, dtype=np.float32).reshape(len(tensor), -1)[:count])
        return np.concatenate(out) if out else np.zeros((0, 0), np.float32)


class ScoringModel(ABC):
    """A registered model: frames in, one confidence per label (0..1) out."""

    spec: ModelSpec

    @abstractmethod
    def scores(self, images: np.ndarray, cancelled: Callable[[], bool] = lambda: False) -> np.ndarray | None:
        """[N, H, W, 3] BGR uint8 at the spec's input size -> [N, labels]; None when cancelled."""


class Classifier(ScoringModel):
    def __init__(self, spec: ClassifierSpec, where: str) -> None:
        self.spec, self.where = spec, where
        self.graph = ImageGraph(spec.model, spec.input, spec.output_name, where, spec.batch_size)
        width = self.graph.static_width()
        if width is not None and width != len(spec.labels):
            raise CustomModelError(f"{where}: {spec.model.name} outputs {width} scores but labels lists "
                                   f"{len(spec.labels)}: give one label per output, in the model's order.")

    def scores(self, images: np.ndarray, cancelled: Callable[[], bool] = lambda: False) -> np.ndarray | None:
        raw = self.graph.run(images, cancelled)
        if raw is None or not len(raw):
            return raw
        if raw.shape[1] != len(self.spec.labels):
            raise CustomModelError(f"{self.where}: {self.spec.model.name} gave {raw.shape[1]} scores per frame "
                                   f"but labels lists {len(self.spec.labels)}: give one label per output.")
        kind = self.spec.output
        if kind == "logits":
            return softmax(raw)
        if kind == "multilabel_logits":
            return sigmoid(raw)
        self._check_probabilities(raw, kind)
        return np.clip(raw, 0.0, 1.0)

    def _check_probabilities(self, raw: np.ndarray, kind: str) -> None:
        if raw.min() < -_PROBABILITY_SLACK or raw.max() > 1 + _PROBABILITY_SLACK:
            fix = '"logits"' if kind == "softmax" else '"multilabel_logits"'
            raise CustomModelError(f"{self.where}: output is {kind!r} but {self.spec.model.name} gives scores "
                                   f"from {raw.min():.3g} to {raw.max():.3g}, not probabilities: set output to "
                                   f"{fix} (raw scores) so that derush applies the {kind} itself.")
        sums = raw.sum(axis=1)
        if kind == "softmax" and len(self.spec.labels) > 1 and np.abs(sums - 1).max() > _SUM_SLACK:
            raise CustomModelError(f"{self.where}: output is 'softmax' but the scores of a frame add up to "
                                   f"{sums[np.argmax(np.abs(sums - 1))]:.3g}, not 1: set output to 'sigmoid' "
                                   "(independent labels).")


class ClipZeroShot(ScoringModel):
    """CLIP-style zero-shot: cosine similarity of image and prompt embeddings, softmax at a temperature."""

    def __init__(self, spec: ClipSpec, where: str) -> None:
        self.spec, self.where = spec, where
        self.graph = ImageGraph(spec.image_encoder, spec.input, spec.image_output_name, where, spec.batch_size)
        self.text = _normalise(text_embeddings(spec, where))
        width = self.graph.static_width()
        if width is not None and width != self.text.shape[1]:
            raise CustomModelError(self._width_mismatch(width))

    def _width_mismatch(self, width: int) -> str:
        source = self.spec.text_embeddings.name if self.spec.text_embeddings else self.spec.text_encoder.name
        return (f"{self.where}: {self.spec.image_encoder.name} gives {width}-value embeddings but {source} gives "
                f"{self.text.shape[1]}: use the image and text halves of the same model.")

    def scores(self, images: np.ndarray, cancelled: Callable[[], bool] = lambda: False) -> np.ndarray | None:
        raw = self.graph.run(images, cancelled)
        if raw is None or not len(raw):
            return raw
        if raw.shape[1] != self.text.shape[1]:
            raise CustomModelError(self._width_mismatch(raw.shape[1]))
        similarity = _normalise(raw) @ self.text.T
        return softmax(similarity / self.spec.temperature)


def text_embeddings(spec: ClipSpec, where: str) -> np.ndarray:
    """[prompts, dim]: from the .npy, or the text encoder run once on the tokenised prompts."""
    if spec.text_embeddings is not None:
        try:
            table = np.load(spec.text_embeddings, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise CustomModelError(f"{where}: {spec.text_embeddings.name} is not a NumPy .npy array ({exc}): "
                                   "save it with numpy.save.") from None
        if table.ndim != 2 or table.shape[0] != len(spec.prompts):
            raise CustomModelError(f"{where}: {spec.text_embeddings.name} has shape {list(table.shape)} but "
                                   f"there are {len(spec.prompts)} prompts: save one row per prompt, in the "
                                   "manifest's order ([prompts, dim]).")
        return table.astype(np.float32)
    ids, mask = tokenize(spec, where)
    session = _session(spec.text_encoder, where)
    inputs = session.get_inputs()
    id_input = next((i for i in inputs if i.type in _INT_DTYPES and "mask" not in i.name.lower()), None)
    mask_input = next((i for i in inputs if i is not id_input and "mask" in i.name.lower()), None)
    others = [i.name for i in inputs if i is not id_input and i is not mask_input]
    if id_input is None or others:
        raise CustomModelError(f"{where}: {spec.text_encoder.name} should take token ids (int64 [N, "
                               f"{spec.context_length}]) and at most an attention mask; it takes "
                               f"{', '.join(f'{i.name} {i.type}' for i in inputs)}.")
    length = id_input.shape[1] if len(id_input.shape) == 2 else None
    if isinstance(length, int) and length != spec.context_length:
        raise CustomModelError(f"{where}: {spec.text_encoder.name} takes {length} tokens: set context_length "
                               f"to {length}.")
    feeds = {id_input.name: ids.astype(_INT_DTYPES[id_input.type])}
    if mask_input is not None:
        feeds[mask_input.name] = mask.astype(_INT_DTYPES.get(mask_input.type, np.int64))
    try:
        out = session.run(None, feeds)[0]
    except Exception as exc:  # onnxruntime's own exception types vary between builds
        raise CustomModelError(f"{where}: {spec.text_encoder.name} failed on the prompts: {exc}.") from None
    return np.asarray(out, np.float32).reshape(len(spec.prompts), -1)


def tokenize(spec: ClipSpec, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Token ids [prompts, context_length], padded with pad_id, and the attention mask."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(spec.tokenizer))
    except Exception as exc:  # the Rust tokenizer raises a plain Exception on a bad file
        raise CustomModelError(f"{where}: {spec.tokenizer.name} is not a Hugging Face tokenizer.json ({exc}): "
                               "use the tokenizer.json saved with the model (docs/custom-models.md).") from None
    tokenizer.no_padding()
    tokenizer.no_truncation()
    ids = np.full((len(spec.prompts), spec.context_length), spec.pad_id, np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(tokenizer.encode_batch(list(spec.prompts))):
        tokens = list(encoding.ids)
        if len(tokens) > spec.context_length:  # keep the end-of-text token CLIP pools from
            log.warning("%s: prompt %r is longer than %d tokens; cut", where, spec.prompts[row], spec.context_length)
            tokens = tokens[: spec.context_length - 1] + tokens[-1:]
        ids[row, : len(tokens)] = tokens
        mask[row, : len(tokens)] = 1
    return ids, mask


def _normalise(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _session(path: Path, where: str):
    try:
        return create_session(path)
    except Exception as exc:  # InvalidProtobuf, NoSuchFile, Fail: all onnxruntime-specific types
        raise CustomModelError(f"{where}: onnxruntime cannot load {path.name} ({str(exc).strip()[:300]}): "
                               "check that it is an ONNX model and export it again if needed.") from None


def _check_image_shape(shape: list, image: ImageInput, path: Path, where: str) -> None:
    expected = [None, 3, image.height, image.width] if image.layout == "NCHW" else \
        [None, image.height, image.width, 3]
    if len(shape) != 4:
        raise CustomModelError(f"{where}: {path.name} takes a {len(shape)}-dimensional input {shape}; derush "
                               "feeds images as [N, 3, H, W] (NCHW) or [N, H, W, 3] (NHWC).")
    if all(not isinstance(d, int) or e is None or d == e for d, e in zip(shape, expected)):
        return
    fix = "set input.layout and input.size to match"
    if shape[1] == 3 and all(isinstance(d, int) for d in shape[2:]):
        fix = f'set input.layout to "NCHW" and input.size to [{shape[3]}, {shape[2]}]'
    elif shape[3] == 3 and all(isinstance(d, int) for d in shape[1:3]):
        fix = f'set input.layout to "NHWC" and input.size to [{shape[2]}, {shape[1]}]'
    raise CustomModelError(f"{where}: {path.name} takes {shape} but the manifest says {image.layout} "
                           f"{image.width}x{image.height}: {fix}.")


def _identity(spec: ModelSpec) -> str:
    """What makes a loaded model stale: its manifest entry and its files' size and date."""
    parts = [repr(spec)]
    for value in vars(spec).values():
        if isinstance(value, Path):
            stat = value.stat()
            parts.append(f"{value}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_model(spec: ModelSpec, models: ModelRegistry, where: str) -> ScoringModel:
    """The model for ``spec``, loaded once per process and shared by jobs."""
    if isinstance(spec, ClassifierSpec):
        def build() -> ScoringModel:
            return Classifier(spec, where)

        source = str(spec.model)
    elif isinstance(spec, ClipSpec):
        def build() -> ScoringModel:
            return ClipZeroShot(spec, where)

        source = str(spec.image_encoder)
    else:
        raise TypeError(f"no runner for {type(spec).__name__}")
    try:
        key = f"custom:{spec.name}:{_identity(spec)}"
    except OSError as exc:
        raise CustomModelError(f"{where}: a file of this model is gone ({exc}): put it back or fix the "
                               "manifest.") from None
    return models.shared(key, build, kind="custom", source=source)
