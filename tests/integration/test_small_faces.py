"""People in wide shots through the real server: a face 3%, 4.5% or 6% of a 720p frame's height is found and
its shot reads ``wide``, two people of different sizes count as two, and nobody is found where nobody is."""

from __future__ import annotations

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs
from tests.fixtures.faces import ClipTruth, ShotTruth
from tests.fixtures.small_faces import generate_small_face_clip

OPTIONS = pb.AnalysisOptions(analyzers=["shots", "faces"])


@pytest.fixture(scope="module")
def wide_clip(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("small-faces")
    return folder, generate_small_face_clip(folder)


@pytest.fixture()
def analysed(client, wide_clip) -> tuple[pb.ClipAnalysis, ClipTruth]:
    folder, truth = wide_clip
    outcome = client.analyze(media_refs([folder / truth.file]), OPTIONS)
    assert outcome.errors == [None], outcome.errors
    (result,) = outcome.results
    assert list(result.analyzer_errors) == []
    return result, truth


def _tag(result: pb.ClipAnalysis, name: str, shot: ShotTruth) -> str:
    middle = (shot.start + shot.end) / 2
    (tag,) = [t for t in result.tags if t.name == name and t.end > 0 and t.start <= middle < t.end]
    return tag.value


@pytest.mark.parametrize("name", ["face 3%", "face 4.5%", "face 6%"])
def test_a_person_whose_face_is_a_few_percent_of_the_frame_is_a_wide_shot(analysed, name):
    result, truth = analysed
    shot = next(s for s in truth.shots if s.name == name)
    assert (_tag(result, "Shot Type", shot), _tag(result, "Faces", shot)) == ("wide", "1")


def test_two_people_in_a_wide_shot_count_as_two_the_small_one_included(analysed):
    result, truth = analysed
    shot = next(s for s in truth.shots if s.name == "two people")
    assert (_tag(result, "Shot Type", shot), _tag(result, "Faces", shot)) == ("wide", "2")


def test_nobody_is_found_in_the_empty_shots_and_the_clip_reads_wide(analysed):
    result, truth = analysed
    for shot in truth.shots:
        if shot.faces == 0:
            assert (_tag(result, "Shot Type", shot), _tag(result, "Faces", shot)) == ("no people", "0"), shot.name
    whole = {t.name: t.value for t in result.tags if t.source == "faces" and t.start == 0 and t.end == 0}
    assert whole == {"Shot Type": "wide", "Faces": "2"}
