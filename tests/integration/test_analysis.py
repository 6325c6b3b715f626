"""Analysis of the generated rushes through a real server: what a user would check by eye."""

from __future__ import annotations

import re
import shutil

import pytest

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import MARKER_COLORS
from resolve_plugin.client import media_refs


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.fixture(scope="module")
def analysed(embedded, fixtures_dir, clips):
    from resolve_plugin.client import DerushClient

    events: list[pb.JobEvent] = []
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(fixtures_dir / c.file for c in clips), on_event=events.append)
    assert all(e is None for e in outcome.errors), outcome.errors
    return outcome, events


def test_every_hard_cut_is_found_at_its_exact_frame(analysed, clips):
    outcome, _ = analysed
    for result, truth in zip(outcome.results, clips):
        found = [s.start_frame for s in result.shots][1:]
        assert found == truth.cuts, f"{truth.file} at {result.fps:.3f} fps"
        assert result.shots[-1].end_frame == truth.frames


def test_clip_properties_match_what_was_written(analysed, clips):
    outcome, _ = analysed
    for result, truth in zip(outcome.results, clips):
        assert (result.fps_num, result.fps_den) == (truth.fps_num, truth.fps_den)
        assert result.frames == truth.frames
        assert result.start_timecode == truth.start_timecode
        assert result.media_id.startswith("sha256:")


def test_good_takes_are_transcribed_word_for_word_with_timings(analysed, clips):
    outcome, _ = analysed
    for result, truth in zip(outcome.results, clips):
        if not truth.good:
            continue
        words = [w for s in result.speech.segments for w in s.words]
        assert [_words(w.word)[0] for w in words] == _words(truth.spoken_text), truth.file
        starts = sorted(abs(w.start - t["start"]) for w, t in zip(words, truth.words))
        ends = sorted(abs(w.end - t["end"]) for w, t in zip(words, truth.words))
        assert starts[-1] < 0.3, f"{truth.file}: every word placed within 0.3 s; errors {starts}"
        assert ends[len(ends) // 2] < 0.3, f"{truth.file}: word end errors {ends}"
        # the last word ends where the voice stops, not in the silence after it
        assert abs(words[-1].end - truth.words[-1]["end"]) < 0.3
        assert result.speech.language == "en"


def test_dead_air_is_found_as_silence(analysed, clips):
    outcome, _ = analysed
    for result, truth in zip(outcome.results, clips):
        for start, end in truth.dead_air:
            overlapping = [s for s in result.speech.silences if s.start < end and s.end > start]
            assert overlapping, f"{truth.file}: no silence over the dead air {start}-{end}"
            longest = max(min(s.end, end) - max(s.start, start) for s in overlapping)
            assert longest >= 0.8 * (end - start)
        # and no invented silence in the middle of continuous speech
        for start, end in truth.speech:
            assert not [s for s in result.speech.silences if s.start > start + 0.3 and s.end < end - 0.3]


def test_markers_use_resolve_colours_and_lie_inside_the_clip(analysed):
    outcome, _ = analysed
    for result in outcome.results:
        assert result.markers
        for marker in result.markers:
            assert marker.color in MARKER_COLORS
            assert 0 <= marker.frame and marker.frame + marker.duration <= result.frames
            assert marker.custom_data.startswith("derush:")


def test_progress_is_reported_per_clip_and_overall(analysed, clips):
    _, events = analysed
    kinds = [e.WhichOneof("event") for e in events]
    assert kinds[0] == "queued" and kinds[-1] == "done"
    assert kinds.count("clip_result") == len(clips)
    progress = [e.progress for e in events if e.HasField("progress")]
    overall = [p.job_fraction for p in progress]
    assert overall == sorted(overall) and overall[-1] == pytest.approx(1.0)
    assert {p.clip_index for p in progress} == set(range(len(clips)))
    assert [e.seq for e in events] == list(range(len(events)))


def test_same_content_under_another_path_is_served_from_the_store(client, analysed, fixtures_dir, clips, tmp_path):
    outcome, _ = analysed
    moved = tmp_path / "renamed_on_another_drive.mp4"
    shutil.copyfile(fixtures_dir / clips[1].file, moved)
    again = client.analyze(media_refs([moved]))
    assert again.cached == [True]
    assert again.results[0].media_id == outcome.results[1].media_id
    assert again.results[0].path == str(moved)
    stored = client.get_analysis(outcome.results[1].media_id)
    assert stored.speech.segments[0].text == outcome.results[1].speech.segments[0].text
