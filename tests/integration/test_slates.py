"""Slates and on-screen text through a real server: what an editor would check in the media pool."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from inference_server.analyzers.slate import SlateOptions
from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from resolve_plugin.client import media_refs
from resolve_plugin.samples.rushes import SHOOT, generate_rushes
from tests.fixtures.slates import SlateClipTruth, generate_slate_fixtures

FIELDS = {"scene": "Scene", "take": "Take", "roll": "Roll Card #"}
SLATE_TAGS = {"Scene", "Shot", "Take", "Roll Card #"}
OPTIONS = pb.AnalysisOptions(analyzers=["shots", "slate"])
# one sampling step of the opening: how far a start or end seen on sampled frames may be from the truth
STEP_S = 1.0 / SlateOptions().head_fps + 0.05


@pytest.fixture(scope="module")
def slate_clips(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("slates")
    truths = [SlateClipTruth(**t) for t in generate_slate_fixtures(folder)]
    return folder, truths


@pytest.fixture(scope="module")
def sample_rushes(tmp_path_factory) -> tuple:
    """Three of the sample shoot's clips: their slates "SC n TK m" in three of its faces, H.264 and ProRes."""
    folder = tmp_path_factory.mktemp("slate-rushes")
    return folder, generate_rushes(folder, SHOOT[:3])


@pytest.fixture(scope="module")
def analysed(embedded, slate_clips) -> dict[str, pb.ClipAnalysis]:
    from resolve_plugin.client import DerushClient

    folder, truths = slate_clips
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(folder / t.file for t in truths), options=OPTIONS)
    assert all(e is None for e in outcome.errors), outcome.errors
    return {t.file: r for t, r in zip(truths, outcome.results)}


def tags(result: pb.ClipAnalysis, names=SLATE_TAGS) -> dict[str, str]:
    return {t.name: t.value for t in result.tags if t.name in names}


def slate_markers(result: pb.ClipAnalysis) -> list[pb.Marker]:
    return [m for m in result.markers if m.custom_data == custom_data("slate")]


def test_scene_take_and_roll_are_read_in_every_font_and_layout(analysed, slate_clips):
    _, truths = slate_clips
    readable = [t for t in truths if t.layout in ("line", "clapperboard")]
    assert len({t.face for t in readable}) >= 3
    assert {t.layout for t in readable} == {"line", "clapperboard"}
    for truth in readable:
        result = analysed[truth.file]
        assert not result.analyzer_errors, result.analyzer_errors
        expected = {FIELDS[k]: v for k, v in truth.slate.items()}
        assert tags(result) == expected, f"{truth.file} ({truth.face}, {truth.width}x{truth.height})"
        for tag in result.tags:
            if tag.name in SLATE_TAGS:
                assert 0.5 < tag.confidence <= 1.0 and tag.start == tag.end == 0 and tag.source == "slate"


def test_the_slate_marker_covers_the_slate_to_the_frame(analysed, slate_clips):
    _, truths = slate_clips
    for truth in (t for t in truths if t.layout in ("line", "clapperboard")):
        markers = slate_markers(analysed[truth.file])
        assert len(markers) == 1, truth.file
        marker = markers[0]
        assert marker.color == CATEGORY_COLORS["slate"]
        # the board comes in and goes out on shot changes: the marker starts and ends on them
        assert [marker.frame, marker.frame + marker.duration] == truth.slate_frames, truth.file
        assert f"Scene {truth.slate['scene']}" in marker.note and f"Take {truth.slate['take']}" in marker.note


def test_the_sample_rushes_slates_are_read(client, sample_rushes):
    folder, truths = sample_rushes
    outcome = client.analyze(media_refs(folder / t.file for t in truths), options=OPTIONS)
    assert all(e is None for e in outcome.errors), outcome.errors
    for truth, result in zip(truths, outcome.results):
        assert tags(result, {"Scene", "Take"}) == {"Scene": truth.scene, "Take": truth.take}, truth.file
        [marker] = slate_markers(result)
        assert (marker.frame, marker.frame + marker.duration) == (0, truth.cuts[0]), truth.file


def test_a_slate_half_off_the_frame_gives_what_is_visible(analysed, slate_clips):
    _, truths = slate_clips
    [truth] = [t for t in truths if t.layout == "partial"]
    result = analysed[truth.file]
    assert not result.analyzer_errors
    assert "take" in truth.slate and "take" not in truth.visible
    # the scene, wholly inside the frame, is read; nothing is invented for the take outside it
    assert tags(result) == {FIELDS[k]: v for k, v in truth.visible.items()}
    [marker] = slate_markers(result)
    assert "Take" not in marker.note


def test_an_unreadable_slate_gives_no_tags_and_no_error(analysed, slate_clips):
    _, truths = slate_clips
    [truth] = [t for t in truths if not t.readable]
    result = analysed[truth.file]
    assert not result.analyzer_errors
    assert list(result.tags) == []
    assert slate_markers(result) == []


def test_a_lower_third_is_on_screen_text_not_a_slate(analysed, slate_clips):
    _, truths = slate_clips
    [truth] = [t for t in truths if t.layout == "lower_third"]
    result = analysed[truth.file]
    assert tags(result) == {} and slate_markers(result) == []
    texts = [t for t in result.tags if t.name == "On-screen text"]
    assert sorted(t.value.upper() for t in texts) == sorted(x["text"] for x in truth.text)
    for tag in texts:
        seen = next(x for x in truth.text if x["text"] == tag.value.upper())
        # seen on sampled frames: the first and last ones inside the caption's time on screen
        assert seen["start"] <= tag.start <= seen["start"] + STEP_S
        assert seen["end"] - STEP_S <= tag.end <= seen["end"]
        assert tag.confidence > 0.75 and tag.source == "slate"


def test_a_clip_without_text_gets_no_tags(analysed, slate_clips):
    _, truths = slate_clips
    [truth] = [t for t in truths if t.layout == "none"]
    result = analysed[truth.file]
    assert not result.analyzer_errors
    assert list(result.tags) == [] and slate_markers(result) == []


def test_derush_analyze_json_carries_the_slate(slate_clips, tmp_path):
    folder, truths = slate_clips
    slate = next(t for t in truths if t.layout == "line")
    caption = next(t for t in truths if t.layout == "lower_third")
    out = tmp_path / "analysis.json"
    run = subprocess.run([sys.executable, "-m", "resolve_plugin.cli", "analyze", "--data-dir", str(tmp_path / "data"),
                          "--analyzers", "shots,slate", "--json", str(out), str(folder / slate.file),
                          str(folder / caption.file)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    first, second = json.loads(out.read_text())["clips"]
    assert {t["name"]: t["value"] for t in first["tags"]} == {FIELDS[k]: v for k, v in slate.slate.items()}
    assert [m["color"] for m in first["markers"] if m["name"] == "Slate"] == [CATEGORY_COLORS["slate"]]
    words = sorted(t["value"].upper() for t in second["tags"] if t["name"] == "On-screen text")
    assert words == sorted(x["text"] for x in caption.text)
    assert all(t["end"] > t["start"] for t in second["tags"])
