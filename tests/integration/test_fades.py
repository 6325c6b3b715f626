"""Transitions are not problems, through the real server: fades to and from black (made with FFmpeg's ``fade``
filter) and the frames at a cut are never tagged Underexposed or Soft focus, while a shot that is really dark
or soft right after a cut, or a fade into a picture that stays dark, still is."""

from __future__ import annotations

import pytest

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import custom_data
from resolve_plugin.client import media_refs
from tests.fixtures.fades import generate_fade_fixtures

OPTIONS = pb.AnalysisOptions(analyzers=["shots", "look"])
CLEAN = ("fades", "through_black", "hard_cut", "insert")
FLAGGED = ("dark_after_cut", "soft_after_cut", "dark_fade_in")
PICTURE_PROBLEMS = {"Underexposed", "Overexposed", "Soft focus"}


@pytest.fixture(scope="module")
def analysed(embedded, tmp_path_factory):
    from resolve_plugin.client import DerushClient

    truth = generate_fade_fixtures(tmp_path_factory.mktemp("fades"))
    names = CLEAN + FLAGGED
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(truth[n]["file"] for n in names), OPTIONS)
    assert outcome.errors == [None] * len(names)
    results = dict(zip(names, outcome.results))
    for result in results.values():
        assert not result.analyzer_errors, result.analyzer_errors
    return truth, results


def _problems(result: pb.ClipAnalysis) -> list[tuple[str, float, float]]:
    return sorted((m.name, m.frame / result.fps, (m.frame + m.duration) / result.fps)
                  for m in result.markers if m.custom_data == custom_data("problem"))


@pytest.mark.parametrize("clip", CLEAN)
def test_fades_and_cuts_are_not_problems(analysed, clip):
    truth, results = analysed
    result = results[clip]
    assert _problems(result) == []
    assert not PICTURE_PROBLEMS & {t.value for t in result.tags if t.name in ("Problem", "Keywords")}
    # the transitions are there all the same: the cuts where they were made
    cuts = [s.start for s in result.shots[1:]]
    for cut in truth[clip]["cuts_s"]:
        assert any(abs(c - cut) <= 1.01 / result.fps for c in cuts), (clip, cuts)


def test_a_fade_through_black_is_a_fade_not_a_dark_stretch(analysed):
    truth, results = analysed
    (second,) = results["through_black"].shots[1:]
    assert second.transition == "fade" and second.start == pytest.approx(4.0, abs=0.1)


@pytest.mark.parametrize("clip", ["dark_after_cut", "soft_after_cut"])
def test_a_shot_that_is_dark_or_soft_from_its_cut_is_flagged_from_the_cut(analysed, clip):
    truth, results = analysed
    (want,) = truth[clip]["problems"]
    (found,) = _problems(results[clip])
    slack = 0.5 if want[0] == "Soft focus" else 0.3  # focus is measured twice a second, exposure four times
    assert found[0] == want[0]
    assert abs(found[1] - want[1]) <= 1.01 / results[clip].fps  # from the cut, to the frame
    assert abs(found[2] - want[2]) <= slack


def test_a_fade_into_a_picture_that_stays_dark_is_underexposed_throughout(analysed):
    truth, results = analysed
    found = _problems(results["dark_fade_in"])
    assert {name for name, _, _ in found} == {"Underexposed"}
    assert found[0][1] == 0.0
    assert sum(end - start for _, start, end in found) >= 0.95 * truth["dark_fade_in"]["seconds"]
