import pytest

from inference_server.errors import InvalidRequest
from inference_server.store import ResultStore
from protos.derush.v1 import derush_pb2 as pb


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
