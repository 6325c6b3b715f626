"""The rough cut weighs what an editor hears and sees: a clipped take loses to a clean one, and the floor's
"action" and "cut" stay out of the cut. Real media, real analysis (speech, shots, sound), real server."""

from __future__ import annotations

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs
from resolve_plugin.samples.rushes import H264_24, SCRIPT, TakePlan, generate_rushes

LINE = SCRIPT[0]


@pytest.fixture(scope="module")
def shoot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cut-quality")
    plans = (
        TakePlan("HOT_T01.mp4", "7", "1", 0, "clipped", (LINE,), H264_24, start_timecode="10:00:00:00", gain_db=20.0),
        TakePlan("CLEAN_T02.mp4", "7", "2", 0, "good", (LINE,), H264_24, start_timecode="10:01:00:00"),
        TakePlan("CALLS_T01.mp4", "8", "1", 1, "good", ("Action.", SCRIPT[1], "Cut."), H264_24, gap_s=0.9,
                 start_timecode="10:02:00:00"),
    )
    return folder, {t.file: t for t in generate_rushes(folder, plans)}


@pytest.fixture(scope="module")
def proposal(shoot, embedded):
    from resolve_plugin.client import DerushClient

    folder, truth = shoot
    options = pb.AnalysisOptions(analyzers=["speech", "shots", "sound"])
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs([folder / name for name in truth]), options)
        assert all(outcome.results), outcome.errors
        cut = client.suggest_cut([a.media_id for a in outcome.results], pb.CutOptions(pace=pb.PACE_NORMAL))
    return cut, {a.path.rsplit("/", 1)[-1]: a for a in outcome.results}


def _events_of(cut: pb.CutProposal, name: str) -> list[pb.EditEvent]:
    return [e for e in cut.events if e.path.endswith(name)]


def test_the_sound_analyzer_hears_the_clipping(proposal):
    _cut, analyses = proposal
    problems = {t.value for t in analyses["HOT_T01.mp4"].tags if t.name == "Problem"}
    assert "Audio clipping" in problems
    assert not [t for t in analyses["CLEAN_T02.mp4"].tags if t.name == "Problem"]


def test_a_clipped_take_loses_to_a_clean_one_and_the_reason_says_why(proposal):
    cut, _ = proposal
    assert _events_of(cut, "CLEAN_T02.mp4") and not _events_of(cut, "HOT_T01.mp4")
    reason = _events_of(cut, "CLEAN_T02.mp4")[0].reason
    assert "HOT_T01" in reason and "audio clipping" in reason, reason


def test_action_and_cut_are_trimmed(proposal, shoot):
    cut, _ = proposal
    _folder, truth = shoot
    words = truth["CALLS_T01.mp4"].words
    action_end = next(w["end"] for w in words if w["word"].lower().strip(".!") == "action")
    cut_start = next(w["start"] for w in reversed(words) if w["word"].lower().strip(".!") == "cut")
    events = _events_of(cut, "CALLS_T01.mp4")
    assert events, [e.path for e in cut.events]
    rate = events[0].rate_num / events[0].rate_den
    assert events[0].source_in / rate > action_end, (events[0].source_in / rate, action_end)
    assert events[-1].source_out / rate < cut_start, (events[-1].source_out / rate, cut_start)
