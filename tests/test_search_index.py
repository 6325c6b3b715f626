"""The search index on its own: French and English folding, plurals, the shot-type filter, and the seat's paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference_server.paths import load_policy
from inference_server.search.index import SearchFilters, SearchIndex
from inference_server.search.query import InvalidQuery, parse
from inference_server.search.seat_view import for_seat
from inference_server.store import ResultStore, UploadStore
from protos.derush.v1 import derush_pb2 as pb


def _clip(n: int, path: str, words: list[str], language: str = "fr") -> pb.ClipAnalysis:
    """A transcript as Whisper returns it: one segment, a word every 0.5 s from 1 s."""
    analysis = pb.ClipAnalysis(media_id=f"sha256:{n:064x}", path=path, duration_s=20, fps=25, fps_num=25, fps_den=1,
                               frames=500, analyzers=["speech", "faces"])
    analysis.speech.language = language
    segment = analysis.speech.segments.add(start=1, end=1 + 0.5 * len(words), text=" ".join(words), speaker="S1")
    for i, word in enumerate(words):
        segment.words.add(start=1 + 0.5 * i, end=1.4 + 0.5 * i, word=" " + word)
    analysis.tags.add(name="Shot Type", value="close-up", start=0, end=3, source="faces")
    analysis.tags.add(name="Shot Type", value="wide", start=3, end=20, source="faces")
    return analysis


@pytest.fixture()
def index(tmp_path):
    results = ResultStore(tmp_path)
    found = SearchIndex(tmp_path / "search.sqlite", results)
    results.on_stored = found.add
    results.put(_clip(1, "/Volumes/Media/A001/C001.mov", ["L'élève", "regarde", "les", "bateaux", "du", "phare"]))
    results.put(_clip(2, "/Volumes/Media/A001/C002.mov", ["Les", "gardiens", "allument", "le", "phare"]))
    results.put(_clip(3, "/Volumes/Media/A002/C003.mov", ["The", "keeper", "lights", "the", "lamps"], "en"))
    yield found
    found.close()


def _where(index: SearchIndex, query: str, **filters) -> list[tuple[str, str]]:
    return [(Path(h.path).name, h.text) for h in index.search(parse(query), SearchFilters(**filters))
            if h.kind == "speech"]


def test_accents_case_plurals_and_prefixes(index):
    assert _where(index, "ELEVE") == [("C001.mov", "L'élève")]
    assert _where(index, "bateau") == [("C001.mov", "bateaux")]  # French -eaux plural
    assert _where(index, "gardien") == [("C002.mov", "gardiens")]
    assert _where(index, "lamp") == [("C003.mov", "lamps")]
    assert _where(index, "light*") == [("C003.mov", "lights")]
    assert _where(index, '"regarde les bateaux"') == [("C001.mov", "regarde les bateaux")]
    assert _where(index, '"les regarde"') == []
    assert sorted(_where(index, "phare")) == [("C001.mov", "phare"), ("C002.mov", "phare")]


def test_shot_type_and_language_filters_follow_the_hit_s_time(index):
    # in C001 "L'élève" is at 1 s (close-up), "phare" at 3.5 s (wide)
    assert _where(index, "eleve", shot_type="Close-up") == [("C001.mov", "L'élève")]
    assert _where(index, "eleve", shot_type="wide") == []
    assert _where(index, "phare", shot_type="wide", clip_glob="c001*") == [("C001.mov", "phare")]
    assert _where(index, "keeper", language="fr") == []


def test_a_lesser_pass_does_not_replace_the_full_analysis(index):
    shots_only = pb.ClipAnalysis(media_id=f"sha256:{1:064x}", path="/elsewhere/C001.mov", analyzers=["shots"])
    assert index.add(shots_only) is False
    assert _where(index, "eleve") == [("C001.mov", "L'élève")]


def test_hits_show_under_the_seat_s_own_mount(index, tmp_path):
    policy = load_policy(["/Volumes/Media=/mnt/media", "M:\\=/mnt/media"])
    hits = index.search(parse("phare"), SearchFilters())
    shown = for_seat(hits, policy, UploadStore(tmp_path), ["M:\\"])
    assert sorted(h.path for h in shown) == ["M:\\A001\\C001.mov", "M:\\A001\\C002.mov"]
    assert all(h.missing for h in shown)  # /mnt/media does not exist on this machine
    outside = load_policy([f"/Volumes/Other={tmp_path}"])
    assert for_seat(index.search(parse("phare"), SearchFilters()), outside, UploadStore(tmp_path), []) == []


def test_unsearchable_queries_say_what_to_do():
    for query in ("", "***", '""', "x" * 501):
        with pytest.raises(InvalidQuery):
            parse(query)
    assert parse("a*").notes  # too short a prefix: the word itself
