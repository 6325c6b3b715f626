"""A real `derush serve` listening beyond loopback (0.0.0.0, reached here through 127.0.0.1) with tokens: closed to
seat paths until `--allow-root` / `--path-map` names a folder; uploads always work; stored results and search hits
answer a seat only for media it can name or uploaded. The same data dir on loopback shows everything, as before."""

from __future__ import annotations

import hashlib
import shutil

import grpc
import pytest

from inference_server.search.index import INDEX_FILE, SearchIndex
from inference_server.store import ResultStore
from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import media_id_for
from resolve_plugin.client import ClientError, DerushClient, media_refs
from resolve_plugin.doctor import check_server
from tests.integration.studio import SHOTS, StudioServer

TOKEN = "grading-token-0123456789abcdef"


def _transcript(media_id: str, path: str, words: list[str]) -> pb.ClipAnalysis:
    """A stored speech analysis, as an earlier run of the box left it (the index is what is under test here)."""
    analysis = pb.ClipAnalysis(media_id=media_id, path=path, duration_s=10, fps=25, fps_num=25, fps_den=1,
                               frames=250, analyzers=["speech", "faces"])
    analysis.speech.language = "fr"
    segment = analysis.speech.segments.add(start=1, end=1 + 0.5 * len(words), text=" ".join(words), speaker="S1")
    for i, word in enumerate(words):
        segment.words.add(start=1 + 0.5 * i, end=1.4 + 0.5 * i, word=" " + word)
    return analysis


def _refused(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.code, str(caught.value)


def _hits(seat: DerushClient) -> list[str]:
    return sorted(h.path for h in seat.search(pb.SearchRequest(query="phare")).hits)


def test_beyond_loopback_seat_paths_open_only_under_served_folders_and_uploads_always_work(
        tmp_path, fixtures_dir, clips):
    rushes, other_show = tmp_path / "rushes", tmp_path / "other-show"
    rushes.mkdir()
    other_show.mkdir()
    ours, theirs = rushes / "C001.mp4", other_show / "unreleased.mp4"
    shutil.copy(fixtures_dir / clips[1].file, ours)
    shutil.copy(fixtures_dir / clips[2].file, theirs)
    sent = fixtures_dir / clips[4].file
    sent_id = media_id_for(hashlib.sha256(sent.read_bytes()).hexdigest())
    ours_id, theirs_id = media_id_for("1" * 64), media_id_for("2" * 64)
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"grading-1 {TOKEN}\n")

    box = tmp_path / "box"
    box.mkdir()
    server = StudioServer(box, "--tokens", str(tokens))
    data = server.data_dir
    data.mkdir(parents=True)
    results = ResultStore(data)
    index = SearchIndex(data / INDEX_FILE, results)
    results.on_stored = index.add
    results.put(_transcript(ours_id, str(ours), ["nos", "rushes", "du", "phare"]))
    results.put(_transcript(theirs_id, str(theirs), ["leur", "phare", "secret"]))
    results.put(_transcript(sent_id, "C101.mp4", ["le", "phare", "envoyé"]))
    index.close()

    beyond = ["--tokens", str(tokens), "--listen", f"0.0.0.0:{server.port}"]  # the last --listen wins
    try:
        server.args = beyond
        with server, DerushClient(server.address, token=TOKEN) as seat:
            code, message = _refused(lambda: seat.analyze(media_refs([ours]), SHOTS))
            assert code == grpc.StatusCode.PERMISSION_DENIED
            assert str(ours) in message and "--allow-root" in message and "--path-map" in message
            assert "upload" in message
            paths_line = next(c.detail for c in check_server(server.address, TOKEN) if c.name.endswith("media paths"))
            assert "uploads only" in paths_line and "--allow-root" in paths_line
            # no stored result nor search hit of a clip it cannot name, not even by guessing its media id
            assert _refused(lambda: seat.get_analysis(theirs_id))[0] == grpc.StatusCode.NOT_FOUND
            assert _hits(seat) == []
            # an upload works: by its content, a seat sends only what it has
            uploaded = seat.upload(sent)
            outcome = seat.analyze([pb.MediaRef(sha256=uploaded.sha256, display_path="C101.mp4")], SHOTS)
            assert outcome.errors == [None]
            assert [s.start_frame for s in outcome.results[0].shots][1:] == clips[4].cuts
            assert _hits(seat) == ["C101.mp4"]

        server.args = [*beyond, "--allow-root", str(rushes)]
        with server, DerushClient(server.address, token=TOKEN) as seat:
            outcome = seat.analyze(media_refs([ours]), SHOTS)  # the very call refused above
            assert outcome.state == pb.JOB_STATE_SUCCEEDED and outcome.errors == [None]
            assert [s.start_frame for s in outcome.results[0].shots][1:] == clips[1].cuts
            assert _hits(seat) == sorted(["C101.mp4", str(ours)])
            assert seat.get_analysis(ours_id).path == str(ours)
            assert _refused(lambda: seat.get_analysis(theirs_id))[0] == grpc.StatusCode.NOT_FOUND
            assert _refused(lambda: seat.analyze(media_refs([theirs]), SHOTS))[0] == \
                grpc.StatusCode.PERMISSION_DENIED

        server.args = ["--tokens", str(tokens)]  # loopback: nothing changes, every path and hit as before
        with server, DerushClient(server.address, token=TOKEN) as seat:
            assert seat.analyze(media_refs([theirs]), SHOTS).errors == [None]
            assert _hits(seat) == sorted(["C101.mp4", str(ours), str(theirs)])
    finally:
        server.stop()
