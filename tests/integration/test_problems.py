"""Picture and sound problems through the real server: each found where it was applied and nowhere else.

Tolerances, from how the analyzers sample: picture problems within 0.3 s (frames are measured 4 times a
second), soft focus within 0.5 s (measured twice a second); too quiet / too loud within 0.5 s (400 ms
loudness window, and the voice's pauses at the edges); clipping within 0.3 s of the first and last sample
that was actually clipped (through AAC too).
"""

from __future__ import annotations

import re

import pytest

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from resolve_plugin.client import media_refs
from tests.fixtures.problems import generate_problem_fixtures

OPTIONS = pb.AnalysisOptions(analyzers=["shots", "look", "sound"])
CLIPS = ("picture", "sound", "sound_aac", "dark", "clean")
PICTURE_NAMES = {"under": "Underexposed", "over": "Overexposed", "soft": "Soft focus", "shaky": "Shaky camera"}
SOUND_NAMES = {"quiet": "Too quiet", "loud": "Too loud"}
PROBLEM_KEYWORDS = {"Underexposed", "Overexposed", "Soft focus", "Shaky", "Audio clipping", "Too quiet", "Too loud"}


@pytest.fixture(scope="module")
def analysed(embedded, tmp_path_factory):
    from resolve_plugin.client import DerushClient

    truth = generate_problem_fixtures(tmp_path_factory.mktemp("problems"))
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(truth[k]["file"] for k in CLIPS), OPTIONS)
    assert outcome.errors == [None] * len(CLIPS)
    results = dict(zip(CLIPS, outcome.results))
    for result in results.values():
        assert not result.analyzer_errors, result.analyzer_errors
    return truth, results


def _found(result: pb.ClipAnalysis) -> list[tuple[str, float, float]]:
    """Problems as their markers say them, in seconds."""
    return sorted((m.name, m.frame / result.fps, (m.frame + m.duration) / result.fps)
                  for m in result.markers if m.custom_data == custom_data("problem"))


def _assert_same(found: list, expected: list, tolerance: dict[str, float]) -> None:
    """One problem per applied range, of its kind, edges within tolerance; and no other problem."""
    assert [f[0] for f in found] == [e[0] for e in sorted(expected)], (found, expected)
    for (name, start, end), (_, want_start, want_end) in zip(found, sorted(expected)):
        slack = tolerance[name]
        assert abs(start - want_start) <= slack and abs(end - want_end) <= slack, (name, start, end,
                                                                                    want_start, want_end)


def test_picture_problems_are_found_where_they_were_applied_and_nowhere_else(analysed):
    truth, results = analysed
    expected = [(PICTURE_NAMES[k], s, e) for k, s, e in truth["picture"]["problems"] if k in PICTURE_NAMES]
    tolerance = {"Underexposed": 0.3, "Overexposed": 0.3, "Shaky camera": 0.3, "Soft focus": 0.5}
    _assert_same(_found(results["picture"]), expected, tolerance)


def test_camera_motion_is_static_panning_or_shaky_where_the_camera_was(analysed):
    truth, results = analysed
    moves = {k: (s, e) for k, s, e in truth["picture"]["problems"] if k in ("shaky", "pan")}
    motion = [(t.value, t.start, t.end) for t in results["picture"].tags if t.name == "Camera Motion"]
    assert motion[0][1] == 0.0 and motion[-1][2] == pytest.approx(truth["picture"]["seconds"], abs=0.05)
    for kind, truth_kind in (("shaky", "shaky"), ("pan/tilt", "pan")):
        [(start, end)] = [(s, e) for k, s, e in motion if k == kind]
        assert abs(start - moves[truth_kind][0]) <= 0.3 and abs(end - moves[truth_kind][1]) <= 0.3
    assert {k for k, _, _ in motion} == {"static", "shaky", "pan/tilt"}


def test_sound_problems_are_found_where_they_were_made_through_pcm_and_aac(analysed):
    truth, results = analysed
    sound = truth["sound"]
    first, last = sound["clipped_s"]
    expected = [(SOUND_NAMES[k], s, e) for k, s, e in sound["problems"] if k in SOUND_NAMES]
    expected.append(("Audio clipping", first, last))
    tolerance = {"Too quiet": 0.5, "Too loud": 0.5, "Audio clipping": 0.3}
    for clip in ("sound", "sound_aac"):
        _assert_same(_found(results[clip]), expected, tolerance)


def test_very_dark_footage_is_underexposed_throughout_and_nothing_else(analysed):
    truth, results = analysed
    found = _found(results["dark"])
    assert {name for name, _, _ in found} == {"Underexposed"}
    covered = sum(end - start for _, start, end in found)
    assert covered >= 0.95 * truth["dark"]["seconds"]
    assert "Shaky" not in {t.value for t in results["dark"].tags if t.name == "Keywords"}


def test_a_clean_clip_gives_no_problem_at_all(analysed):
    truth, results = analysed
    clean = results["clean"]
    assert _found(clean) == []
    assert not [t for t in clean.tags if t.name == "Problem"]
    assert not PROBLEM_KEYWORDS & {t.value for t in clean.tags if t.name == "Keywords"}
    motion = [(t.value, t.start, t.end) for t in clean.tags if t.name == "Camera Motion"]
    assert [k for k, _, _ in motion] == ["static", "pan/tilt"] and motion[1][1] == pytest.approx(4.0, abs=0.05)


def test_every_problem_is_a_red_marker_a_problem_tag_and_a_keyword(analysed):
    _, results = analysed
    for clip, result in results.items():
        markers = [m for m in result.markers if m.custom_data == custom_data("problem")]
        tags = [t for t in result.tags if t.name == "Problem"]
        assert len(markers) == len(tags), clip
        for marker, tag in zip(sorted(markers, key=lambda m: (m.frame, m.name)),
                               sorted(tags, key=lambda t: (t.start, t.value))):
            assert marker.color == CATEGORY_COLORS["problem"] and marker.name == tag.value
            assert 0 <= marker.frame and marker.duration >= 1 and marker.frame + marker.duration <= result.frames
            assert abs(marker.frame - tag.start * result.fps) <= 1 and 0.5 <= tag.confidence <= 1.0
            # the note says what and where: "Mean luma 12%, ... from 00:00:02.5 to 00:00:05.0"
            assert re.search(r"from \d\d:\d\d:\d\d\.\d to \d\d:\d\d:\d\d\.\d$", marker.note), marker.note
        keywords = {t.value for t in result.tags if t.name == "Keywords"} & PROBLEM_KEYWORDS
        named = {"Shaky" if t.value == "Shaky camera" else t.value for t in tags}
        assert keywords == named, clip
