"""A studio's registered models through the real server and through `derush analyze --json`: their labels
come back as tags and markers on the shots whose colour is known; a broken manifest fails only them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from resolve_plugin.client import media_refs
from tests.fixtures.custom_models import (
    COLOUR_LABELS,
    SETTING_OF,
    classifier_entry,
    expected_segments,
    majority_label,
    register_models,
    write_colour_clip,
    write_manifest,
    write_models,
)

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]
COLOUR_OF = {c: c for c in COLOUR_LABELS}


@pytest.fixture(scope="module")
def colour_clip(tmp_path_factory) -> dict:
    return write_colour_clip(tmp_path_factory.mktemp("custom-clip"))


@pytest.fixture(scope="module")
def studio_server(tmp_path_factory):
    """A server of its own with both models registered in its data dir (a registered manifest puts "custom" in
    every default analysis, so the session's shared server stays without one)."""
    from inference_server.server import EmbeddedServer

    data_dir = tmp_path_factory.mktemp("custom-server")
    register_models(data_dir)
    with EmbeddedServer(data_dir=data_dir) as server:
        yield server


@pytest.fixture()
def client(studio_server):
    from resolve_plugin.client import DerushClient

    with DerushClient(studio_server.address) as c:
        yield c


@pytest.fixture()
def server_models(studio_server) -> None:
    return None


def _segments(tags, name: str, fps: float) -> list[tuple[str, int, int]]:
    return [(t["value"], round(t["start"] * fps), round(t["end"] * fps)) for t in tags if t["name"] == name]


def _tags(result: pb.ClipAnalysis) -> list[dict]:
    return [{"name": t.name, "value": t.value, "confidence": t.confidence, "start": t.start, "end": t.end}
            for t in result.tags]


def test_registered_models_tag_the_shots_through_the_server(server_models, client, colour_clip):
    options = pb.AnalysisOptions(analyzers=["shots", "custom"], force=True)
    outcome = client.analyze(media_refs([colour_clip["path"]]), options)
    (result,) = outcome.results
    assert outcome.errors == [None] and not result.analyzer_errors
    # registered models join the default analysis without being asked for
    default = client.analyze(media_refs([colour_clip["path"]]), pb.AnalysisOptions(analyzers=[]))
    assert any(t.name == "Colour" for t in default.results[0].tags)
    tags = _tags(result)
    assert _segments(tags, "Colour", 24) == expected_segments(colour_clip, COLOUR_OF)
    assert _segments(tags, "Setting", 24) == expected_segments(colour_clip, SETTING_OF)
    assert {t["value"] for t in tags if t["name"] == "Keywords"} == \
        majority_label(colour_clip, COLOUR_OF) | majority_label(colour_clip, SETTING_OF)
    assert all(0.5 <= t["confidence"] <= 1 for t in tags)
    # a second job reuses the models the first one loaded: one of each in the server's list
    client.analyze(media_refs([colour_clip["path"]]), options)
    custom = [m.name for m in client.server_info().models if m.kind == "custom"]
    assert len(custom) == 2 and {n.split(":")[1] for n in custom} == {"Colour", "Setting"}


def test_derush_analyze_json_carries_the_models_tags_and_markers(colour_clip, tmp_path):
    register_models(tmp_path / "data")
    out = tmp_path / "analysis.json"
    run = subprocess.run([*DERUSH, "analyze", "--data-dir", str(tmp_path / "data"), "--analyzers", "shots,custom",
                          "--json", str(out), colour_clip["path"]], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    (clip,) = json.loads(out.read_text())["clips"]
    assert clip["error"] is None and clip["analyzer_errors"] == []
    assert _segments(clip["tags"], "Colour", clip["fps"]) == expected_segments(colour_clip, COLOUR_OF)
    assert _segments(clip["tags"], "Setting", clip["fps"]) == expected_segments(colour_clip, SETTING_OF)
    assert {t["value"] for t in clip["tags"] if t["name"] == "Keywords"} == {"red", "fire"}
    ours = [m for m in clip["markers"] if m["color"] == CATEGORY_COLORS["custom"]]
    expected = [(label, start, end - start) for label, start, end in expected_segments(colour_clip, COLOUR_OF)]
    assert [(m["name"].removeprefix("Colour: "), m["frame"], m["duration"]) for m in ours
            if m["name"].startswith("Colour: ")] == expected
    # each marker's note says what was seen and how sure the model is
    assert all("%" in m["note"] and " sees " in m["note"] for m in ours)
    # the grey shot (no colour wins) carries no marker of ours
    grey = next(s for s in colour_clip["shots"] if s["colour"] == "grey")
    assert not [m for m in ours if grey["start_frame"] <= m["frame"] < grey["end_frame"]]


def test_marker_custom_data_marks_them_as_derush_custom(server_models, client, colour_clip):
    outcome = client.analyze(media_refs([colour_clip["path"]]), pb.AnalysisOptions(analyzers=["custom"]))
    markers = [m for m in outcome.results[0].markers if m.color == CATEGORY_COLORS["custom"]]
    assert markers and {m.custom_data for m in markers} == {custom_data("custom")}


def test_a_broken_manifest_fails_the_custom_analyzer_only(colour_clip, tmp_path):
    folder = write_models(tmp_path / "data" / "models")
    write_manifest(folder, [classifier_entry(input={"size": 32, "layout": "NWHC"}, model="colour_v2.onnx")])
    out = tmp_path / "analysis.json"
    run = subprocess.run([*DERUSH, "analyze", "--data-dir", str(tmp_path / "data"), "--analyzers", "shots,custom",
                          "--json", str(out), colour_clip["path"]], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    (clip,) = json.loads(out.read_text())["clips"]
    assert clip["error"] is None
    assert [s["start_frame"] for s in clip["shots"]] == [s["start_frame"] for s in colour_clip["shots"]]
    (problem,) = clip["analyzer_errors"]
    assert problem["analyzer"] == "custom" and problem["code"] == "bad_manifest"
    # both mistakes, each with its field and its fix
    assert "input.layout is 'NWHC'" in problem["message"] and "'NCHW' or 'NHWC'" in problem["message"]
    assert "model 'colour_v2.onnx' is not a file" in problem["message"]
    assert not [t for t in clip["tags"] if t["name"] == "Colour"]
    assert "warning:" in run.stdout and "input.layout" in run.stdout
