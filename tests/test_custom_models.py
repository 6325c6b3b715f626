"""Studio-registered ONNX models: the manifest's validation, the classifier and the CLIP-style pair on
pictures whose colour is known, and the analyzer on a clip of known coloured shots."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from inference_server.engine import ClipProgress, analyze_clip
from inference_server.models import ModelRegistry
from inference_server.vision.custom_models import CustomModelError, fit, geometry, load_model
from inference_server.vision.label_segments import LabelRule, label_segments
from inference_server.vision.model_manifest import CLIP_MEAN, ManifestError, find_manifest, load_manifest
from protos.derush.v1 import derush_pb2 as pb
from tests.fixtures.custom_models import (
    COLOUR_LABELS,
    COLOURS,
    SETTING_OF,
    classifier_entry,
    clip_entry,
    clip_image_encoder,
    colour_classifier,
    expected_segments,
    register_models,
    write_colour_clip,
    write_manifest,
    write_models,
)


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    return write_models(tmp_path_factory.mktemp("custom") / "models")


@pytest.fixture(scope="module")
def colour_clip(tmp_path_factory) -> dict:
    return write_colour_clip(tmp_path_factory.mktemp("custom-clip"))


def _manifest(folder: Path, *entries: dict, name: str = "manifest.json"):
    return load_manifest(write_manifest(folder, list(entries), name))


def _error(folder: Path, *entries: dict) -> str:
    with pytest.raises(ManifestError) as caught:
        _manifest(folder, *entries)
    return caught.value.message


def _pictures(names: list[str], spec) -> np.ndarray:
    """Flat pictures of the named colours, as the analyzer hands them to a model (BGR, fitted)."""
    out = []
    for name in names:
        image = np.empty((180, 320, 3), np.uint8)
        image[:] = COLOURS[name][::-1] if name in COLOURS else name  # RGB -> BGR
        out.append(fit(image, geometry(spec.input)))
    return np.stack(out)


def _labels(scores: np.ndarray, spec) -> list[str | None]:
    return [spec.labels[int(np.argmax(row))] if row.max() >= spec.threshold else None for row in scores]


# --- manifest -------------------------------------------------------------------------------------------


def test_a_good_manifest_reads_with_its_defaults(models_dir):
    manifest = _manifest(models_dir, classifier_entry(), clip_entry(input={}))
    colour, setting = manifest.models
    assert colour.model == models_dir / "colour.onnx"  # relative to the manifest
    assert colour.labels == COLOUR_LABELS and colour.top_k == 1 and colour.input.layout == "NCHW"
    # a CLIP entry without input settings gets CLIP's own preprocessing
    assert (setting.input.width, setting.input.height) == (224, 224) and setting.input.mean == CLIP_MEAN
    assert setting.prompts == ("a photo of fire", "a photo of forest", "a photo of sea")


def test_a_toml_manifest_reads_the_same_as_json(models_dir, tmp_path):
    toml = """version = 1
[[models]]
name = "Colour"
kind = "classifier"
model = "colour.onnx"
labels = ["red", "green", "blue"]
input = { size = 32 }
"""
    (models_dir / "manifest.toml").write_text(toml)
    try:
        from_toml = load_manifest(models_dir / "manifest.toml")
        from_json = _manifest(tmp_path, classifier_entry(model=str(models_dir / "colour.onnx")))
        assert from_toml.models == from_json.models
    finally:
        (models_dir / "manifest.toml").unlink()


def test_labels_can_come_from_a_text_file(models_dir):
    (models_dir / "labels.txt").write_text("red\ngreen\n\nblue\n")
    manifest = _manifest(models_dir, classifier_entry(labels="labels.txt"))
    assert manifest.models[0].labels == COLOUR_LABELS


def test_a_misspelt_field_is_named_with_the_right_spelling(models_dir):
    message = _error(models_dir, classifier_entry(treshold=0.3))
    assert "models[0] (Colour).treshold" in message and "did you mean 'threshold'" in message


def test_every_problem_is_reported_at_once_with_its_fix(models_dir):
    message = _error(models_dir,
                     classifier_entry(input={"size": 32, "layout": "nhwc"}, top_k=0),
                     clip_entry(name="Setting", image_encoder="missing.onnx", temperature=0))
    assert "models[0] (Colour).input.layout is 'nhwc': write 'NHWC'" in message
    assert "models[0] (Colour).top_k is 0" in message and "at least 1" in message
    assert "models[1] (Setting).image_encoder 'missing.onnx' is not a file" in message
    assert str(models_dir / "missing.onnx") in message and "relative paths start at the manifest's folder" in message
    assert "models[1] (Setting).temperature is 0" in message and "above 0" in message
    assert "docs/custom-models.md" in message


@pytest.mark.parametrize(("entry", "words"), [
    (classifier_entry(kind="detector"), ["kind is 'detector'", "'classifier' or 'clip'"]),
    ({"name": "Colour", "model": "colour.onnx"}, ["kind is missing", "'classifier' or 'clip'"]),
    (classifier_entry(input=None), ["input is missing", "size"]),
    (classifier_entry(input={"size": [32]}), ["input.size is [32]", "[width, height]"]),
    (classifier_entry(labels=["red", "red", "blue"]), ["labels repeats red"]),
    (classifier_entry(output="probabilities"), ["output is 'probabilities'", "'logits'"]),
    (classifier_entry(input={"size": 32, "std": [0.2, 0, 0.2]}), ["input.std", "above 0"]),
    (classifier_entry(ignore=["purple"]), ["ignore names 'purple'", "not one of the labels"]),
    (classifier_entry(name="Keywords"), ["reserved"]),
    (clip_entry(text_embeddings="prompts.npy"), ["text_embeddings and text_encoder are both given"]),
    (clip_entry(tokenizer=None) | {"tokenizer": None}, ["tokenizer is None"]),
    ({k: v for k, v in clip_entry().items() if k != "tokenizer"}, ["tokenizer is missing", "tokenizer.json"]),
    (clip_entry(prompts={}), ["prompts is empty"]),
    (clip_entry(prompts=["fire", "sea"]), ["prompts is ['fire', 'sea']", "object"]),
])
def test_a_wrong_field_says_which_and_how_to_fix_it(models_dir, entry, words):
    message = _error(models_dir, entry)
    for word in words:
        assert word in message, message


def test_two_models_with_one_name_are_refused(models_dir):
    assert "two models are named 'Colour'" in _error(models_dir, classifier_entry(), classifier_entry())


def test_unreadable_manifests_say_what_is_wrong(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"models": [ {"name": "Colour",, } ]}')
    with pytest.raises(ManifestError, match=r"not valid JSON: .*line 1"):
        load_manifest(folder / "manifest.json")
    (folder / "manifest.json").write_text(json.dumps([{"name": "Colour"}]))
    with pytest.raises(ManifestError, match="must hold an object"):
        load_manifest(folder / "manifest.json")
    (folder / "manifest.toml").write_text("")
    with pytest.raises(ManifestError, match="keep one of them"):
        find_manifest(tmp_path)


def test_no_manifest_means_nothing_is_registered(tmp_path):
    assert find_manifest(tmp_path) is None


# --- classifier -----------------------------------------------------------------------------------------


def test_the_classifier_names_each_colour_and_nothing_on_grey(models_dir):
    spec = _manifest(models_dir, classifier_entry()).models[0]
    scores = load_model(spec, ModelRegistry(models_dir), "test").scores(_pictures(["red", "green", "blue", "grey"],
                                                                                   spec))
    assert _labels(scores, spec) == ["red", "green", "blue", None]
    assert np.allclose(scores.sum(axis=1), 1, atol=1e-5)


def test_layout_channel_order_logits_and_fixed_batch_give_the_same_answers(models_dir, tmp_path):
    # the same model exported NHWC with BGR channels (so its outputs are blue, green, red), raw logits, batch 1
    colour_classifier(tmp_path / "bgr.onnx", layout="NHWC", color="BGR", output="logits", batch=1)
    entry = classifier_entry(model="bgr.onnx", labels=["blue", "green", "red"], output="logits",
                             input={"size": 32, "layout": "NHWC", "color": "BGR"})
    spec = _manifest(tmp_path, entry).models[0]
    names = ["red", "green", "blue", "grey", "red"]
    scores = load_model(spec, ModelRegistry(tmp_path), "test").scores(_pictures(names, spec))
    assert _labels(scores, spec) == ["red", "green", "blue", None, "red"]


def test_a_multilabel_model_gives_two_labels_to_yellow(models_dir, tmp_path):
    colour_classifier(tmp_path / "sigmoid.onnx", output="sigmoid")
    spec = _manifest(tmp_path, classifier_entry(model="sigmoid.onnx", output="sigmoid", top_k=2)).models[0]
    scores = load_model(spec, ModelRegistry(tmp_path), "test").scores(_pictures([(30, 220, 220)], spec))
    rule = LabelRule(spec.labels, spec.threshold, spec.top_k)
    segments = label_segments([0], scores, [(0, 10)], rule)
    assert {s.label for s in segments} == {"red", "green"}  # yellow: red and green, not blue


def test_a_model_that_does_not_match_its_entry_says_what_to_change(models_dir, tmp_path):
    registry = ModelRegistry(tmp_path)
    spec = _manifest(models_dir, classifier_entry(input={"size": 64})).models[0]
    with pytest.raises(CustomModelError, match=r"set input.layout to \"NCHW\" and input.size to \[32, 32\]"):
        load_model(spec, registry, "test")
    spec = _manifest(models_dir, classifier_entry(labels=["red", "green"])).models[0]
    with pytest.raises(CustomModelError, match="outputs 3 scores but labels lists 2"):
        load_model(spec, registry, "test")
    (tmp_path / "broken.onnx").write_bytes(b"not a graph")
    spec = _manifest(tmp_path, classifier_entry(model="broken.onnx")).models[0]
    with pytest.raises(CustomModelError, match="onnxruntime cannot load broken.onnx"):
        load_model(spec, registry, "test")


def test_raw_scores_declared_as_probabilities_are_caught(models_dir, tmp_path):
    colour_classifier(tmp_path / "logits.onnx", output="logits")
    spec = _manifest(tmp_path, classifier_entry(model="logits.onnx", output="softmax")).models[0]
    model = load_model(spec, ModelRegistry(tmp_path), "test")
    with pytest.raises(CustomModelError, match='set output to "logits"'):
        model.scores(_pictures(["red"], spec))
    colour_classifier(tmp_path / "sigmoid.onnx", output="sigmoid")
    spec = _manifest(tmp_path, classifier_entry(model="sigmoid.onnx", output="softmax")).models[0]
    with pytest.raises(CustomModelError, match="set output to 'sigmoid'"):
        load_model(spec, ModelRegistry(tmp_path), "test").scores(_pictures([(30, 220, 220)], spec))


def test_a_model_is_loaded_once_and_again_when_its_file_changes(models_dir, tmp_path):
    colour_classifier(tmp_path / "colour.onnx")
    registry = ModelRegistry(tmp_path)
    spec = _manifest(tmp_path, classifier_entry()).models[0]
    first = load_model(spec, registry, "test")
    assert load_model(spec, registry, "test") is first
    colour_classifier(tmp_path / "colour.onnx", size=48)  # the studio exports it again, bigger
    spec = _manifest(tmp_path, classifier_entry(input={"size": 48})).models[0]
    second = load_model(spec, registry, "test")
    assert second is not first
    assert _labels(second.scores(_pictures(["blue"], spec)), spec) == ["blue"]


# --- CLIP-style pair ------------------------------------------------------------------------------------


def test_the_clip_pair_matches_each_colour_to_its_prompt(models_dir):
    spec = _manifest(models_dir, clip_entry()).models[0]
    scores = load_model(spec, ModelRegistry(models_dir), "test").scores(_pictures(["red", "green", "blue", "grey"],
                                                                                   spec))
    assert _labels(scores, spec) == [SETTING_OF["red"], SETTING_OF["green"], SETTING_OF["blue"], None]


def test_precomputed_prompt_embeddings_give_the_same_scores_as_the_text_encoder(models_dir):
    from_encoder = _manifest(models_dir, clip_entry()).models[0]
    entry = {k: v for k, v in clip_entry(text_embeddings="prompts.npy").items()
             if k not in ("text_encoder", "tokenizer")}
    from_npy = _manifest(models_dir, entry).models[0]
    registry = ModelRegistry(models_dir)
    pictures = _pictures(["red", "green", "blue", "grey"], from_npy)
    a = load_model(from_encoder, registry, "test").scores(pictures)
    b = load_model(from_npy, registry, "test").scores(pictures)
    assert np.allclose(a, b, atol=1e-5)


def test_the_temperature_sharpens_or_softens_the_choice(models_dir):
    registry = ModelRegistry(models_dir)
    sharp = _manifest(models_dir, clip_entry(temperature=0.05)).models[0]
    soft = _manifest(models_dir, clip_entry(temperature=2.0)).models[0]
    pictures = _pictures(["red"], sharp)
    assert load_model(sharp, registry, "t").scores(pictures)[0, 0] > 0.99
    assert 0.34 < load_model(soft, registry, "t").scores(pictures)[0, 0] < 0.7


def test_mismatched_clip_halves_say_so(models_dir, tmp_path):
    np.save(tmp_path / "two_prompts.npy", np.eye(2, 3, dtype=np.float32))
    entry = {k: v for k, v in clip_entry(text_embeddings=str(tmp_path / "two_prompts.npy"),
                                         image_encoder=str(models_dir / "clip_image.onnx")).items()
             if k not in ("text_encoder", "tokenizer")}
    spec = _manifest(tmp_path, entry).models[0]
    with pytest.raises(CustomModelError, match=r"shape \[2, 3\] but there are 3 prompts"):
        load_model(spec, ModelRegistry(tmp_path), "test")
    clip_image_encoder(tmp_path / "wide.onnx", dim=8)
    spec = _manifest(models_dir, clip_entry(image_encoder=str(tmp_path / "wide.onnx"))).models[0]
    with pytest.raises(CustomModelError, match="gives 8-value embeddings but clip_text.onnx gives 3"):
        load_model(spec, ModelRegistry(tmp_path), "test").scores(_pictures(["red"], spec))


# --- the analyzer on a clip -----------------------------------------------------------------------------


def _analyse(path: str, data_dir: Path) -> pb.ClipAnalysis:
    return analyze_clip(Path(path), Path(path).name, "sha256:test", pb.AnalysisOptions(analyzers=["custom"]),
                        ModelRegistry(data_dir), ClipProgress(lambda stage, fraction: None))


def test_every_shot_is_labelled_even_one_shorter_than_the_sampling_interval(colour_clip, tmp_path):
    register_models(tmp_path)
    result = _analyse(colour_clip["path"], tmp_path)
    assert not result.analyzer_errors
    found = [(t.value, round(t.start * 24), round(t.end * 24)) for t in result.tags if t.name == "Colour"]
    assert found == expected_segments(colour_clip, {c: c for c in COLOUR_LABELS})
    assert [t.value for t in result.tags if t.name == "Keywords"] == ["red", "fire"]


def test_without_a_manifest_the_analyzer_alone_fails_and_says_where_to_write_it(colour_clip, tmp_path):
    result = _analyse(colour_clip["path"], tmp_path)
    assert [s.start_frame for s in result.shots][1:] == [s["start_frame"] for s in colour_clip["shots"]][1:]
    (error,) = result.analyzer_errors
    assert error.analyzer == "custom" and error.error.code == "model_unavailable"
    assert str(tmp_path / "models" / "manifest.json") in error.error.message


# --- from frame scores to segments ----------------------------------------------------------------------


def test_one_odd_frame_does_not_split_a_long_shot_and_labels_stop_at_cuts():
    rule = LabelRule(("day", "night"), threshold=0.5)
    day, night = [0.9, 0.1], [0.1, 0.9]
    # shot 1 (frames 0-240): day, with one frame the model got wrong; shot 2 (240-300): night
    frames = [0, 24, 48, 72, 96, 120, 144, 168, 192, 216, 250, 274]
    scores = np.array([day] * 5 + [night] + [day] * 4 + [night] * 2)
    segments = label_segments(frames, scores, [(0, 240), (240, 300)], rule)
    assert [(s.label, s.start_frame, s.end_frame) for s in segments] == [("day", 0, 240), ("night", 240, 300)]


def test_a_pan_inside_one_shot_changes_label_between_its_samples():
    rule = LabelRule(("beach", "street"), threshold=0.5, smooth=1)
    frames = [0, 24, 48, 72]
    scores = np.array([[0.9, 0.1], [0.8, 0.2], [0.2, 0.8], [0.1, 0.9]])
    segments = label_segments(frames, scores, [(0, 96)], rule)
    assert [(s.label, s.start_frame, s.end_frame) for s in segments] == [("beach", 0, 36), ("street", 36, 96)]


def test_an_ignored_label_that_wins_leaves_the_frame_unlabelled():
    rule = LabelRule(("beach", "other"), threshold=0.3, ignore=("other",))
    scores = np.array([[0.9, 0.1], [0.35, 0.65]])
    segments = label_segments([0, 50], scores, [(0, 50), (50, 100)], rule)
    assert [(s.label, s.start_frame, s.end_frame) for s in segments] == [("beach", 0, 50)]


def test_a_long_clip_keeps_few_samples_but_every_shot_still_gets_one(colour_clip, tmp_path):
    from inference_server.analyzers.base import AnalysisContext
    from inference_server.analyzers.custom import CustomAnalyzer, CustomOptions
    from inference_server.analyzers.shots import ShotAnalyzer
    from inference_server.media.decode import decode
    from protos.media_probe import probe

    register_models(tmp_path)
    info = probe(Path(colour_clip["path"]))
    context = AnalysisContext(info, ModelRegistry(tmp_path), pb.AnalysisOptions(analyzers=["custom"]))
    shots, custom = ShotAnalyzer(context), CustomAnalyzer(context, CustomOptions(frames_per_second=4, max_samples=8))
    decode(info, [shots, custom])
    result = pb.ClipAnalysis()
    shots.finish(result)
    custom.finish(result)
    assert custom.sampled <= 8 + 1
    found = [(t.value, round(t.start * 24), round(t.end * 24)) for t in result.tags if t.name == "Colour"]
    assert found == expected_segments(colour_clip, {c: c for c in COLOUR_LABELS})


def test_the_manifest_fingerprint_changes_with_the_manifest_and_its_model_files(tmp_path):
    from inference_server.vision.model_manifest import manifest_fingerprint

    assert manifest_fingerprint(tmp_path) == ""
    folder = write_models(tmp_path / "models")
    write_manifest(folder, [classifier_entry()])
    first = manifest_fingerprint(tmp_path)
    assert first and manifest_fingerprint(tmp_path) == first
    write_manifest(folder, [classifier_entry(threshold=0.7)])
    edited = manifest_fingerprint(tmp_path)
    assert edited != first
    colour_classifier(folder / "colour.onnx", size=48)  # re-exported under the same name
    assert manifest_fingerprint(tmp_path) != edited
