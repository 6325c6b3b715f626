"""Faces and shot type through the real server (and ``derush analyze --json``), on clips composed from the
astronaut portrait: one shot per shot type, two people, a face cut off by the frame, a very dark shot, nobody,
and a 9:16 portrait clip. What an editor filtering on ``Shot Type`` in Resolve would check."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs
from tests.fixtures.faces import ShotTruth, generate_face_fixtures

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]
OPTIONS = pb.AnalysisOptions(analyzers=["shots", "faces"])
CLIPS = ("main", "hard", "portrait")


@pytest.fixture(scope="module")
def face_clips(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("faces")
    return folder, generate_face_fixtures(folder)


@pytest.fixture()
def analysed(client, face_clips) -> dict[str, pb.ClipAnalysis]:
    """The three clips through the server; after the first test the server answers from its store."""
    folder, truth = face_clips
    outcome = client.analyze(media_refs(folder / truth[name].file for name in CLIPS), OPTIONS)
    assert all(e is None for e in outcome.errors), outcome.errors
    return dict(zip(CLIPS, outcome.results))


def _per_shot(tags, name: str, shot: ShotTruth):
    """The per-shot tags called ``name`` over the middle of ``shot``."""
    middle = (shot.start + shot.end) / 2
    return [t for t in tags if t.name == name and t.end > 0 and t.start <= middle < t.end]


@pytest.mark.parametrize("clip", CLIPS)
def test_each_shot_is_tagged_with_the_shot_type_it_was_composed_as(analysed, face_clips, clip):
    result, truth = analysed[clip], face_clips[1][clip]
    assert list(result.analyzer_errors) == []
    for shot in truth.shots:
        (tag,) = _per_shot(result.tags, "Shot Type", shot)
        assert tag.value == shot.shot_type, f"{truth.file}, shot {shot.name!r}"
        # the tag spans the shot, to the frame
        assert tag.start == pytest.approx(shot.start, abs=1.01 / result.fps)
        assert tag.end == pytest.approx(shot.end, abs=1.01 / result.fps)
        assert tag.source == "faces" and 0 < tag.confidence <= 1


@pytest.mark.parametrize("clip", CLIPS)
def test_each_shot_counts_the_faces_it_was_composed_with(analysed, face_clips, clip):
    result, truth = analysed[clip], face_clips[1][clip]
    for shot in truth.shots:
        (tag,) = _per_shot(result.tags, "Faces", shot)
        assert tag.value == str(shot.faces), f"{truth.file}, shot {shot.name!r}"


@pytest.mark.parametrize("clip", CLIPS)
def test_one_whole_clip_tag_each_for_the_main_shot_type_and_the_most_faces(analysed, face_clips, clip):
    result, truth = analysed[clip], face_clips[1][clip]
    whole = [t for t in result.tags if t.source == "faces" and t.start == 0 and t.end == 0]
    assert sorted((t.name, t.value) for t in whole) == [("Faces", str(truth.faces)), ("Shot Type", truth.shot_type)]
    # the whole-clip values come after the per-shot ones, so a writer keeping the last value keeps them
    assert [t for t in result.tags if t.name == "Shot Type"][-1].end == 0
    assert [t for t in result.tags if t.name == "Faces"][-1].end == 0


def test_hard_cases_are_read_like_the_easy_ones(analysed, face_clips):
    """Cut off by the frame edge, very dark, nobody: named shots of the ``hard`` clip, no analyzer error."""
    result, truth = analysed["hard"], face_clips[1]["hard"]
    dark = next(s for s in truth.shots if s.name == "very dark")
    assert dark.mean_level < 30  # really dark: under an eighth of the range on average
    seen = {s.name: (_per_shot(result.tags, "Shot Type", s)[0].value, _per_shot(result.tags, "Faces", s)[0].value)
            for s in truth.shots}
    assert seen == {"cut off": ("close-up", "1"), "very dark": ("medium close-up", "1"), "empty": ("no people", "0")}
    assert list(result.analyzer_errors) == []


def test_portrait_clip_is_measured_against_its_height(analysed, face_clips):
    result, truth = analysed["portrait"], face_clips[1]["portrait"]
    assert (result.width, result.height) == (truth.width, truth.height) and result.height > result.width
    # a medium shot in 9:16: the face is a fifth of the frame's width (a medium close-up, were the width the
    # measure) and a seventh of its height
    medium = next(s for s in truth.shots if s.shot_type == "medium")
    assert _per_shot(result.tags, "Shot Type", medium)[0].value == "medium"


def test_derush_analyze_json_carries_shot_type_and_faces(face_clips, tmp_path):
    folder, truth = face_clips
    clip = truth["main"]
    out = tmp_path / "analysis.json"
    run = subprocess.run([*DERUSH, "analyze", "--data-dir", str(tmp_path / "data"), "--analyzers", "shots,faces",
                          "--json", str(out), str(folder / clip.file)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    (result,) = json.loads(out.read_text())["clips"]
    assert result["error"] is None and result["analyzer_errors"] == []
    per_shot = [(t["value"], round(t["start"] * result["fps"])) for t in result["tags"]
                if t["name"] == "Shot Type" and t["end"] > 0]
    assert per_shot == [(s.shot_type, s.start_frame) for s in clip.shots]
    counts = [t["value"] for t in result["tags"] if t["name"] == "Faces" and t["end"] > 0]
    assert counts == [str(s.faces) for s in clip.shots]
    whole = {t["name"]: t["value"] for t in result["tags"] if t["end"] == 0 and t["start"] == 0}
    assert whole == {"Shot Type": clip.shot_type, "Faces": str(clip.faces)}

