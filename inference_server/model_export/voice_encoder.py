"""resemblyzer's voice encoder (3-layer LSTM, 40 mel bands -> 256-d speaker embedding) as an ONNX graph.

The weights ship in the ``resemblyzer`` wheel as a PyTorch checkpoint; they are read without torch
(``torch_checkpoint``) and written as standard ONNX ``LSTM`` operators, so the server runs them on
onnxruntime. The package itself is never imported (it needs torch): only its data file is used.

derush ships the result (``inference_server/model_data/voice_encoder.onnx``, see the NOTICE there), because
resemblyzer's requirements pull PyTorch and pip cannot install it alone. This module makes that file again:

    pip install --no-deps resemblyzer==0.1.4
    python -m inference_server.model_export.voice_encoder inference_server/model_data/voice_encoder.onnx
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from inference_server.model_export.torch_checkpoint import load_legacy_checkpoint
from protos.errors import ModelUnavailable

log = logging.getLogger(__name__)

HIDDEN = 256
LAYERS = 3
MEL_BANDS = 40
OPSET = 17
# PyTorch stores LSTM gates as (input, forget, cell, output); ONNX wants (input, output, forget, cell).
_TORCH_TO_ONNX_GATES = (0, 3, 1, 2)


def resemblyzer_weights_path() -> Path:
    spec = importlib.util.find_spec("resemblyzer")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            "Exporting the voice encoder needs resemblyzer's weights: pip install --no-deps resemblyzer==0.1.4")
    path = Path(list(spec.submodule_search_locations)[0]) / "pretrained.pt"
    if not path.is_file():
        raise ModelUnavailable(f"resemblyzer is installed but {path} is missing: reinstall it.")
    return path


def _gates(array: np.ndarray) -> np.ndarray:
    chunks = np.split(array, 4, axis=0)
    return np.concatenate([chunks[i] for i in _TORCH_TO_ONNX_GATES], axis=0)


def build_graph(state: dict[str, np.ndarray]) -> onnx.ModelProto:
    """mels [batch, frames, 40] -> embeddings [batch, 256], L2-normalised (as resemblyzer's forward)."""
    inits = []
    nodes = [helper.make_node("Transpose", ["mels"], ["x0"], perm=[1, 0, 2])]  # LSTM wants [time, batch, in]
    previous = "x0"
    for layer in range(LAYERS):
        w = _gates(state[f"lstm.weight_ih_l{layer}"])[None]
        r = _gates(state[f"lstm.weight_hh_l{layer}"])[None]
        b = np.concatenate([_gates(state[f"lstm.bias_ih_l{layer}"]), _gates(state[f"lstm.bias_hh_l{layer}"])])[None]
        for name, value in (("W", w), ("R", r), ("B", b)):
            inits.append(numpy_helper.from_array(value.astype(np.float32), f"{name}{layer}"))
        nodes.append(helper.make_node("LSTM", [previous, f"W{layer}", f"R{layer}", f"B{layer}"],
                                      [f"y{layer}", f"h{layer}"], hidden_size=HIDDEN))
        nodes.append(helper.make_node("Squeeze", [f"y{layer}", "axis1"], [f"x{layer + 1}"]))
        previous = f"x{layer + 1}"
    inits += [
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array([0], np.int64), "axis0"),
        numpy_helper.from_array(state["linear.weight"].T.astype(np.float32), "linear_w"),
        numpy_helper.from_array(state["linear.bias"].astype(np.float32), "linear_b"),
    ]
    nodes += [
        helper.make_node("Squeeze", [f"h{LAYERS - 1}", "axis0"], ["hidden"]),  # last layer's final state
        helper.make_node("MatMul", ["hidden", "linear_w"], ["projected"]),
        helper.make_node("Add", ["projected", "linear_b"], ["biased"]),
        helper.make_node("Relu", ["biased"], ["raw"]),
        helper.make_node("ReduceL2", ["raw"], ["norm"], axes=[1], keepdims=1),
        helper.make_node("Div", ["raw", "norm"], ["embeddings"]),
    ]
    graph = helper.make_graph(
        nodes, "resemblyzer_voice_encoder",
        [helper.make_tensor_value_info("mels", TensorProto.FLOAT, ["batch", "frames", MEL_BANDS])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", HIDDEN])],
        inits,
    )
    # IR version 9 (not the onnx package's newest) so that older onnxruntime builds load it too
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=9,
                              producer_name="derush", doc_string="resemblyzer VoiceEncoder (Apache-2.0)")
    onnx.checker.check_model(model)
    return model


def export_voice_encoder(target: Path) -> Path:
    """Write the ONNX graph to ``target`` (atomically) unless it is there already."""
    if target.is_file():
        return target
    checkpoint = load_legacy_checkpoint(resemblyzer_weights_path())
    model = build_graph(checkpoint["model_state"])
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    onnx.save(model, str(partial))
    partial.replace(target)
    log.info("exported the voice encoder to %s", target)
    return target


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    if len(sys.argv) != 2:
        sys.exit("usage: python -m inference_server.model_export.voice_encoder OUT.onnx")
    export_voice_encoder(Path(sys.argv[1]))
