"""The studio's model manifest: ``<data_dir>/models/manifest.json`` (or ``.toml``), parsed and validated.

Two kinds of image model are registered there (docs/custom-models.md):

- ``classifier``: one ONNX graph, image in, one score per label out;
- ``clip``: a CLIP-style pair, an image encoder plus text embeddings for a list of prompts (precomputed in a
  ``.npy``, or computed here from a text encoder and its ``tokenizer.json``): zero-shot labels.

Validation collects every problem at once and names each field with its fix, so that a studio fixes its
manifest in one go. Nothing here loads a model: that is ``custom_models``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc

from protos.errors import DerushError

MANIFEST_NAMES = ("manifest.json", "manifest.toml")
MANIFEST_VERSION = 1
KINDS = ("classifier", "clip")
COLORS = ("RGB", "BGR")
LAYOUTS = ("NCHW", "NHWC")
RESIZES = ("center_crop", "stretch")
#: What a classifier's output holds: "softmax"/"sigmoid" are probabilities already (the graph ends in one),
#: "logits" are raw scores of exclusive labels (softmax applied here), "multilabel_logits" raw scores of
#: independent labels (sigmoid applied here).
OUTPUTS = ("softmax", "sigmoid", "logits", "multilabel_logits")
RESERVED_NAMES = ("Keywords",)  # the whole-clip tag: a model named so would mix with it

# OpenAI CLIP's preprocessing: what every CLIP ViT export expects unless its authors changed it.
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
CLIP_SIZE = 224
CLIP_CONTEXT_LENGTH = 77
CLIP_TEMPERATURE = 0.01  # CLIP's learned logit scale is 100


class ManifestError(DerushError):
    """The manifest is missing a field, has a wrong one, or points at a file that is not there."""

    code = "bad_manifest"
    status = grpc.StatusCode.FAILED_PRECONDITION


@dataclass(frozen=True)
class ImageInput:
    """How a frame becomes the model's input tensor."""

    width: int
    height: int
    color: str = "RGB"  # channel order the model was trained on
    layout: str = "NCHW"
    resize: str = "center_crop"  # "center_crop": short side to size, then the middle; "stretch": aspect lost
    scale: float = 1 / 255  # pixels (0..255) are multiplied by this first ...
    mean: tuple[float, float, float] = (0.0, 0.0, 0.0)  # ... then (x - mean) / std, per channel, in ``color`` order
    std: tuple[float, float, float] = (1.0, 1.0, 1.0)
    name: str | None = None  # the graph's image input; its first input when None


@dataclass(frozen=True, kw_only=True)
class ModelSpec:
    """What every registered model shares: its name (the tag name), input, labels and how labels are chosen."""

    name: str
    input: ImageInput
    labels: tuple[str, ...]
    threshold: float = 0.5  # a label is kept from this confidence (0..1) up
    top_k: int = 1  # at most this many labels per frame
    ignore: tuple[str, ...] = ()  # labels scored but never tagged ("other", "background")
    keywords: bool = True  # labels holding over most of a clip also become its Keywords
    batch_size: int = 32


@dataclass(frozen=True, kw_only=True)
class ClassifierSpec(ModelSpec):
    model: Path
    output: str = "softmax"
    output_name: str | None = None  # the graph's score output; its first output when None


@dataclass(frozen=True, kw_only=True)
class ClipSpec(ModelSpec):
    image_encoder: Path
    prompts: tuple[str, ...]  # one per label, same order
    text_embeddings: Path | None = None  # .npy [prompts, dim]; or:
    text_encoder: Path | None = None  # ONNX: token ids [N, context_length] (+ attention mask) -> [N, dim]
    tokenizer: Path | None = None  # a Hugging Face tokenizer.json
    context_length: int = CLIP_CONTEXT_LENGTH
    pad_id: int = 0
    temperature: float = CLIP_TEMPERATURE
    image_output_name: str | None = None


@dataclass(frozen=True)
class Manifest:
    path: Path
    models: tuple[ModelSpec, ...]


def find_manifest(data_dir: Path) -> Path | None:
    """The manifest in ``<data_dir>/models``; None when the studio registered nothing."""
    found = [data_dir / "models" / name for name in MANIFEST_NAMES if (data_dir / "models" / name).is_file()]
    if len(found) > 1:
        raise ManifestError(f"Both {found[0]} and {found[1]} exist: keep one of them (derush reads only one).")
    return found[0] if found else None


def load_manifest(path: Path) -> Manifest:
    """Read and validate ``path``; raises ManifestError listing every problem found."""
    data = _read(path)
    problems: list[str] = []
    fields = _Fields(data, "", problems, path.parent)
    fields.allow("version", "models")
    version = fields.get("version", int, MANIFEST_VERSION)
    if version != MANIFEST_VERSION:
        problems.append(f"version is {version}: this server reads version {MANIFEST_VERSION} manifests")
    entries = fields.get("models", list, None, required=True) or []
    if not entries and "models" in data:
        problems.append("models is empty: register at least one model (see docs/custom-models.md)")
    models = []
    for n, entry in enumerate(entries):
        spec = _model(entry, f"models[{n}]", problems, path.parent)
        if spec is not None:
            models.append(spec)
    names = [m.name for m in models]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"two models are named {name!r}: give each its own name (it is the tag name)")
    if problems:
        raise ManifestError(f"{path}: " + "; ".join(problems) + ". See docs/custom-models.md.")
    return Manifest(path, tuple(models))


def manifest_fingerprint(data_dir: Path) -> str:
    """Changes when the manifest, or a file a valid one points at, changes: for the stored results' key, so
    that an edited manifest or a re-exported model is not answered with results of the old one."""
    try:
        path = find_manifest(data_dir)
        if path is None:
            return ""
        parts = [path.read_bytes().hex()]
    except (ManifestError, OSError) as exc:
        return _digest([str(exc)])
    try:
        manifest = load_manifest(path)
    except ManifestError:
        return _digest(parts)
    for spec in manifest.models:
        for value in vars(spec).values():
            if isinstance(value, Path) and value.is_file():
                stat = value.stat()
                parts.append(f"{value}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest(parts)


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path} cannot be read ({exc}): save it as UTF-8 text, readable by the server.") \
            from None
    try:
        if path.suffix == ".toml":
            data = _toml().loads(text)
        else:
            data = json.loads(text)
    except ValueError as exc:  # json.JSONDecodeError and tomllib.TOMLDecodeError are both ValueErrors
        raise ManifestError(f"{path} is not valid {path.suffix[1:].upper()}: {exc}. Fix that line.") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{path} must hold an object with a \"models\" list, not a {type(data).__name__}.")
    return data


def _toml():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise ManifestError("A TOML manifest needs Python 3.11+ or `pip install tomli`; or write the "
                                "manifest as manifest.json.") from None
    return tomllib


def _model(entry: Any, where: str, problems: list[str], base: Path) -> ModelSpec | None:
    if not isinstance(entry, dict):
        problems.append(f"{where} must be an object with name, kind, ... not {type(entry).__name__}")
        return None
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{where} ({name})"
    before = len(problems)
    f = _Fields(entry, where + ".", problems, base)
    name = f.get("name", str, "", required=True).strip()
    if name in RESERVED_NAMES:
        problems.append(f"{where}.name {name!r} is reserved for whole-clip tags: choose another name")
    kind = f.choice("kind", KINDS, None, required=True)
    common = ("name", "kind", "input", "labels", "threshold", "top_k", "ignore", "keywords", "batch_size")
    if kind == "classifier":
        f.allow(*common, "model", "output", "output_name")
        spec = _classifier(f, entry, where, problems, base)
    elif kind == "clip":
        f.allow(*common, "image_encoder", "image_output_name", "prompts", "text_embeddings", "text_encoder",
                "tokenizer", "context_length", "pad_id", "temperature")
        spec = _clip(f, entry, where, problems, base)
    else:
        return None
    return spec if len(problems) == before else None


def _common(f: _Fields, labels: tuple[str, ...], image: ImageInput | None) -> dict:
    threshold = f.number("threshold", 0.5, low=0.0, high=1.0)
    top_k = f.integer("top_k", 1, low=1)
    ignore = tuple(f.get("ignore", list, []) or [])
    if not all(isinstance(label, str) for label in ignore):
        f.problem("ignore", f"is {list(ignore)!r}", "it must be a list of label names")
        ignore = ()
    for label in ignore:
        if label not in labels:
            f.problem("ignore", f"names {label!r}, which is not one of the labels", "use a label's exact spelling")
    return {"name": f.data.get("name", ""), "input": image, "labels": labels, "threshold": threshold,
            "top_k": top_k, "ignore": ignore, "keywords": f.get("keywords", bool, True),
            "batch_size": f.integer("batch_size", 32, low=1)}


def _classifier(f: _Fields, entry: dict, where: str, problems: list[str], base: Path) -> ClassifierSpec | None:
    model = f.path("model", required=True)
    image = _input(entry.get("input"), f"{where}.input", problems, base, clip=False)
    labels = _labels(f)
    common = _common(f, labels, image)
    output = f.choice("output", OUTPUTS, "softmax")
    output_name = f.get("output_name", str, None)
    if model is None or image is None or not labels:
        return None
    return ClassifierSpec(model=model, output=output, output_name=output_name, **common)


def _clip(f: _Fields, entry: dict, where: str, problems: list[str], base: Path) -> ClipSpec | None:
    encoder = f.path("image_encoder", required=True)
    image = _input(entry.get("input"), f"{where}.input", problems, base, clip=True)
    prompts = f.get("prompts", dict, None, required=True) or {}
    if "prompts" in entry and isinstance(entry["prompts"], dict) and not prompts:
        f.problem("prompts", "is empty", 'give at least one, e.g. {"beach": "a photo of a beach"}')
    for label, text in prompts.items():
        if not isinstance(text, str) or not text.strip():
            f.problem(f"prompts.{label}", "must be the prompt text", 'e.g. "a photo of a beach"')
    labels = tuple(prompts)
    common = _common(f, labels, image)
    embeddings = f.path("text_embeddings")
    text_encoder = f.path("text_encoder")
    tokenizer = f.path("tokenizer")
    has_text = ("text_encoder" in entry, "tokenizer" in entry)
    if "text_embeddings" in entry and any(has_text):
        f.problem("text_embeddings", "and text_encoder are both given",
                  "keep text_embeddings (a .npy) or text_encoder + tokenizer, not both")
    elif "text_embeddings" not in entry and not all(has_text):
        missing = "tokenizer" if has_text[0] else "text_encoder" if has_text[1] else "text_embeddings"
        f.problem(missing, "is missing", "give text_embeddings (a .npy, one row per prompt) or text_encoder "
                  "(ONNX) with tokenizer (tokenizer.json)")
    context_length = f.integer("context_length", CLIP_CONTEXT_LENGTH, low=2)
    pad_id = f.integer("pad_id", 0, low=0)
    temperature = f.number("temperature", CLIP_TEMPERATURE, low=0.0, low_open=True)
    image_output = f.get("image_output_name", str, None)
    if encoder is None or image is None or not labels:
        return None
    return ClipSpec(image_encoder=encoder, prompts=tuple(prompts[label].strip() for label in labels),
                    text_embeddings=embeddings, text_encoder=text_encoder, tokenizer=tokenizer,
                    context_length=context_length, pad_id=pad_id, temperature=temperature,
                    image_output_name=image_output, **common)


def _labels(f: _Fields) -> tuple[str, ...]:
    raw = f.data.get("labels")
    if raw is None:
        f.problem("labels", "is missing", 'list them in the model\'s output order, e.g. ["day", "night"], or '
                  'name a text file with one label per line')
        return ()
    if isinstance(raw, str):
        path = f.path("labels")
        if path is None:
            return ()
        try:
            labels = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            f.problem("labels", f"file {path} cannot be read ({exc})", "save it as UTF-8 text, one label a line")
            return ()
    elif isinstance(raw, list) and all(isinstance(x, str) and x.strip() for x in raw):
        labels = [x.strip() for x in raw]
    else:
        f.problem("labels", "must be a list of label names or a text file's path", 'e.g. ["day", "night"]')
        return ()
    if not labels:
        f.problem("labels", "is empty", "give one label per model output, in order")
    twice = sorted({label for label in labels if labels.count(label) > 1})
    if twice:
        f.problem("labels", f"repeats {', '.join(twice)}", "each output needs its own label")
    return tuple(labels)


def _input(raw: Any, where: str, problems: list[str], base: Path, clip: bool) -> ImageInput | None:
    if raw is None and clip:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(f"{where} is missing: give at least its size, e.g. \"input\": {{\"size\": 224}}")
        return None
    before = len(problems)
    f = _Fields(raw, where + ".", problems, base)
    f.allow("size", "color", "layout", "resize", "scale", "mean", "std", "name")
    size = raw.get("size", CLIP_SIZE if clip else None)
    width = height = 0
    if isinstance(size, int) and not isinstance(size, bool):
        width = height = size
    elif isinstance(size, list) and len(size) == 2 and all(isinstance(s, int) and not isinstance(s, bool)
                                                            for s in size):
        width, height = size
    elif size is None:
        f.problem("size", "is missing", "give the model's input size, 224 or [width, height]")
    else:
        f.problem("size", f"is {size!r}", "give one number (square input) or [width, height]")
    if (width or height) and not (8 <= width <= 4096 and 8 <= height <= 4096):
        f.problem("size", f"is {width}x{height}", "give a size between 8 and 4096 pixels")
    defaults = ImageInput(width, height)
    mean_default, std_default = (CLIP_MEAN, CLIP_STD) if clip else (defaults.mean, defaults.std)
    image = ImageInput(
        width=width, height=height,
        color=f.choice("color", COLORS, defaults.color),
        layout=f.choice("layout", LAYOUTS, defaults.layout),
        resize=f.choice("resize", RESIZES, defaults.resize),
        scale=f.number("scale", defaults.scale, low=0.0, low_open=True),
        mean=f.triple("mean", mean_default),
        std=f.triple("std", std_default, positive=True),
        name=f.get("name", str, None),
    )
    return image if len(problems) == before else None


_TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list",
               dict: "an object (a TOML table)"}


@dataclass
class _Fields:
    """Reads one object's fields, recording each problem with the field's full name and its fix."""

    data: dict
    prefix: str
    problems: list[str]
    base: Path
    allowed: tuple[str, ...] = field(default=())

    def problem(self, key: str, what: str, fix: str) -> None:
        self.problems.append(f"{self.prefix}{key} {what}: {fix}")

    def allow(self, *keys: str) -> None:
        self.allowed = keys
        for key in self.data:
            if key not in keys:
                close = difflib.get_close_matches(key, keys, n=1)
                hint = f"did you mean {close[0]!r}" if close else f"known fields: {', '.join(keys)}"
                self.problem(key, "is not a field derush knows", hint)

    def get(self, key: str, kind: type, default: Any, required: bool = False) -> Any:
        if key not in self.data:
            if required:
                self.problem(key, "is missing", f"add it ({_TYPE_WORDS[kind]}; see docs/custom-models.md)")
            return default
        value = self.data[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            self.problem(key, f"is {value!r}", f"it must be {_TYPE_WORDS[kind]}")
            return default
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None, required: bool = False) -> str | None:
        if required and key not in self.data:
            self.problem(key, "is missing", "use " + " or ".join(repr(o) for o in options))
            return default
        value = self.get(key, str, default)
        if value is None or value in options:
            return value
        same = [o for o in options if o.lower() == value.lower()]
        fix = f"write {same[0]!r} (case matters)" if same else "use " + " or ".join(repr(o) for o in options)
        self.problem(key, f"is {value!r}", fix)
        return default

    def number(self, key: str, default: float, low: float | None = None, high: float | None = None,
               low_open: bool = False) -> float:
        value = self.get(key, float, default)
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            self.problem(key, f"is {value!r}", "give a finite number")
            return default
        too_low = low is not None and (value <= low if low_open else value < low)
        too_high = high is not None and value > high
        if too_low or too_high:
            bounds = f"{'above' if low_open else 'at least'} {low:g}" if low is not None else ""
            if high is not None:
                bounds += f"{' and ' if bounds else ''}at most {high:g}"
            self.problem(key, f"is {value!r}", f"give a number {bounds}")
            return default
        return float(value)

    def integer(self, key: str, default: int, low: int) -> int:
        value = self.get(key, int, default)
        if value < low:
            self.problem(key, f"is {value}", f"give a whole number of at least {low}")
            return default
        return value

    def triple(self, key: str, default: tuple[float, float, float], positive: bool = False) -> tuple:
        value = self.data.get(key, default)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value] * 3
        if not (isinstance(value, (list, tuple)) and len(value) == 3
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            self.problem(key, f"is {value!r}", "give three numbers, one per channel (or one for all three)")
            return default
        if positive and any(v <= 0 for v in value):
            self.problem(key, f"is {value!r}", "every value must be above 0")
            return default
        return tuple(float(v) for v in value)

    def path(self, key: str, required: bool = False) -> Path | None:
        raw = self.get(key, str, None, required)
        if raw is None:
            return None
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else self.base / path
        if not path.is_file():
            self.problem(key, f"{raw!r} is not a file ({path})",
                         "put the file there, or fix the path (relative paths start at the manifest's folder)")
            return None
        return path
