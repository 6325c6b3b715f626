"""Who speaks when, on two microphones and on one, with labels stable across a job's clips."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolve_plugin.client import media_refs


def _agreement(turns, truth_turns, mapping) -> float:
    """Share of the true speech time given to the right speaker."""
    right = total = 0.0
    for start, end, who in truth_turns:
        total += end - start
        for turn in turns:
            shared = min(end, turn.end) - max(start, turn.start)
            if shared > 0 and mapping.get(who) == turn.speaker:
                right += shared
    return right / total


@pytest.fixture(scope="module")
def interviews(client_module, truth, fixtures_dir):
    clips = truth["interviews"]
    paths = [fixtures_dir / "interviews" / c["file"] for c in clips]
    outcome = client_module.analyze(media_refs(paths))
    assert all(e is None for e in outcome.errors), outcome.errors
    return clips, outcome.results


@pytest.fixture(scope="module")
def client_module(embedded):
    from resolve_plugin.client import DerushClient

    with DerushClient(embedded.address) as c:
        yield c


def test_two_speakers_on_two_channels_are_told_apart_by_channel(interviews):
    clips, results = interviews
    two_mics = results[0]
    assert clips[0]["channels"] == 2
    assert {s.method for s in two_mics.speakers} == {"channel"}
    by_channel = {s.channel: s.label for s in two_mics.speakers}
    assert set(by_channel) == {1, 2}
    mapping = {"A": by_channel[1], "B": by_channel[2]}
    assert _agreement(two_mics.speech.turns, clips[0]["turns"], mapping) > 0.9


def test_two_speakers_on_one_channel_are_told_apart_by_voice(interviews):
    clips, results = interviews
    one_mic = results[1]
    assert clips[1]["channels"] == 1
    assert len(one_mic.speakers) == 2 and {s.method for s in one_mic.speakers} == {"voice"}
    first = {who: None for who in "AB"}
    for start, end, who in clips[1]["turns"]:
        turn = next(t for t in one_mic.speech.turns if t.start < end and t.end > start)
        first[who] = first[who] or turn.speaker
    assert first["A"] != first["B"]
    assert _agreement(one_mic.speech.turns, clips[1]["turns"], first) > 0.9


def test_labels_are_the_same_voice_in_every_clip_of_the_job(interviews):
    clips, results = interviews
    channel_labels = {s.channel: s.label for s in results[0].speakers}
    # the interviewer (channel 1 in the first clip) opens the second clip too
    assert results[1].speech.turns[0].speaker == channel_labels[1]
    for result in results:
        for segment in result.speech.segments:
            assert segment.speaker in {s.label for s in result.speakers}


def test_speaker_changes_are_purple_markers(interviews):
    clips, results = interviews
    for clip, result in zip(clips, results):
        changes = [m for m in result.markers if m.custom_data == "derush:speaker"]
        assert len(changes) == len(clip["turns"]) - 1
        assert {m.color for m in changes} == {"Purple"}
        for marker, (start, _, _) in zip(changes, clip["turns"][1:]):
            assert abs(marker.frame / 25 - start) < 0.5


def pytorch_state_of(onnx_path: Path) -> dict:
    """The shipped graph's weights back in PyTorch's layout (gates i, f, g, o; biases apart)."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    weights = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(onnx_path)).graph.initializer}

    def torch_gates(array):
        i, o, f, g = np.split(array, 4, axis=0)  # ONNX's order
        return np.concatenate([i, f, g, o], axis=0)

    state = {"linear.weight": weights["linear_w"].T, "linear.bias": weights["linear_b"]}
    for layer in range(3):
        state[f"lstm.weight_ih_l{layer}"] = torch_gates(weights[f"W{layer}"][0])
        state[f"lstm.weight_hh_l{layer}"] = torch_gates(weights[f"R{layer}"][0])
        bias_ih, bias_hh = np.split(weights[f"B{layer}"][0], 2)
        state[f"lstm.bias_ih_l{layer}"] = torch_gates(bias_ih)
        state[f"lstm.bias_hh_l{layer}"] = torch_gates(bias_hh)
    return state


def test_shipped_voice_encoder_is_resemblyzers_export(tmp_path: Path):
    """Where resemblyzer's weights are installed, exporting them again gives the file derush ships."""
    import importlib.util

    import numpy as np

    if importlib.util.find_spec("resemblyzer") is None:  # (importing it needs PyTorch: only its file is read)
        pytest.skip("resemblyzer's weights are not installed (pip install --no-deps resemblyzer==0.1.4)")
    from inference_server.model_export.torch_checkpoint import load_legacy_checkpoint
    from inference_server.model_export.voice_encoder import export_voice_encoder, resemblyzer_weights_path
    from inference_server.speaker_embedding import VOICE_ENCODER_PATH

    fresh = export_voice_encoder(tmp_path / "ve.onnx")
    assert fresh.read_bytes() == VOICE_ENCODER_PATH.read_bytes()
    state = load_legacy_checkpoint(resemblyzer_weights_path())["model_state"]
    for name, value in pytorch_state_of(VOICE_ENCODER_PATH).items():
        assert np.array_equal(value, state[name]), name


def test_voice_encoder_matches_a_reference_lstm():
    """The shipped ONNX graph computes resemblyzer's forward pass (PyTorch gate order, numpy)."""
    import numpy as np

    from inference_server.onnx_sessions import create_session
    from inference_server.speaker_embedding import VOICE_ENCODER_PATH

    state = pytorch_state_of(VOICE_ENCODER_PATH)
    mels = np.abs(np.random.default_rng(1).normal(size=(2, 30, 40))).astype(np.float32)
    got = create_session(VOICE_ENCODER_PATH).run(None, {"mels": mels})[0]

    def sigmoid(x):
        return 0.5 * (1 + np.tanh(x / 2))  # the logistic function, without overflow

    x = mels
    for layer in range(3):
        w, r = state[f"lstm.weight_ih_l{layer}"], state[f"lstm.weight_hh_l{layer}"]
        b = state[f"lstm.bias_ih_l{layer}"] + state[f"lstm.bias_hh_l{layer}"]
        h = np.zeros((len(x), 256), np.float32)
        c = np.zeros_like(h)
        outputs = []
        for t in range(x.shape[1]):
            i, f, g, o = np.split(x[:, t] @ w.T + h @ r.T + b, 4, axis=1)  # PyTorch's gate order
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            outputs.append(h)
        x = np.stack(outputs, axis=1)
    raw = np.maximum(h @ state["linear.weight"].T + state["linear.bias"], 0)
    expected = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    assert np.abs(got - expected).max() < 1e-4
