import pytest

from inference_server.store import ResultStore
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import InvalidRequest


def test_results_round_trip_by_content_and_settings(tmp_path):
    store = ResultStore(tmp_path)
    media_id = "sha256:" + "ab" * 32
    first = pb.ClipAnalysis(media_id=media_id, settings_key="k1", path="/a.mov", duration_s=3.5)
    first.speech.segments.add(start=0.5, end=1.5, text="hello")
    store.put(first)
    assert store.get(media_id, "k1") == first
    assert store.get(media_id, "k2") is None
    assert ResultStore(tmp_path).get(media_id) == first  # survives a new process


def test_media_ids_are_never_paths(tmp_path):
    store = ResultStore(tmp_path)
    for bad in ("../../etc/passwd", "sha256:../../x", "sha256:" + "g" * 64):
        with pytest.raises(InvalidRequest):
            store.get(bad)


def test_without_settings_the_most_complete_analysis_wins_over_a_newer_partial_one(tmp_path):
    store = ResultStore(tmp_path)
    media_id = "sha256:" + "cd" * 32
    full = pb.ClipAnalysis(media_id=media_id, settings_key="all", analyzers=["speech", "speakers", "shots"])
    full.speech.segments.add(start=0.5, end=1.5, text="the tide comes in")
    store.put(full)
    shots_only = pb.ClipAnalysis(media_id=media_id, settings_key="shots", analyzers=["shots"])
    store.put(shots_only)  # newer: a quick shots pass after the full one
    assert store.get(media_id) == full  # a cut by media id needs the transcript
    again = pb.ClipAnalysis(media_id=media_id, settings_key="all2", analyzers=["speech", "speakers", "shots"])
    __import__("time").sleep(0.05)  # a later write, whatever the filesystem's clock resolution
    store.put(again)
    assert store.get(media_id) == again  # as complete, and newer
