"""Uploads on a shared box: resumable, verified, stored once, under a cap; a full disk fails one upload only."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import grpc
import pytest

from protos.channel import UPLOAD_CHUNK_BYTES
from protos.derush.v1 import derush_pb2 as pb
from protos.derush.v1 import derush_pb2_grpc as pb_grpc
from resolve_plugin.client import ClientError, DerushClient
from tests.integration.studio import StudioServer, rlimit_file_size, wait_for

MB = 1 << 20
CHUNK = UPLOAD_CHUNK_BYTES


def _random_file(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    path.write_bytes(os.urandom(size))
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _send_then_break(address: str, path: Path, chunks: int, sha256: str | None = None) -> None:
    """An upload whose connection breaks after ``chunks`` chunks, as a laptop closing its lid would."""

    def messages():
        yield pb.UploadChunk(header=pb.UploadHeader(sha256=sha256 or _sha(path), size=path.stat().st_size,
                                                    filename=path.name))
        with path.open("rb") as f:
            for _ in range(chunks):
                yield pb.UploadChunk(data=f.read(UPLOAD_CHUNK_BYTES))
        time.sleep(0.3)  # the server has written what it got
        raise ConnectionError("the cable was pulled")

    with grpc.insecure_channel(address) as channel:
        with pytest.raises(grpc.RpcError):
            pb_grpc.DerushStub(channel).UploadMedia(messages(), timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with StudioServer(tmp_path_factory.mktemp("uploads"), "--upload-cap-gb", "0.04") as running:
        yield running


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


def test_an_interrupted_upload_resumes_from_the_bytes_the_server_kept(server, media):
    path = _random_file(media, "A001_C001.mov", 6 * CHUNK + 12345)
    _send_then_break(server.address, path, chunks=3)
    with DerushClient(server.address) as client:
        held = client.upload_status(_sha(path), path.stat().st_size)
        assert not held.complete and 0 < held.offset <= 3 * CHUNK
        fractions: list[float] = []
        result = client.upload(path, on_progress=fractions.append)
    assert result.resumed_from == held.offset and not result.already_present
    assert fractions[0] > held.offset / path.stat().st_size and fractions[-1] == 1.0  # the rest only was sent
    stored = server.data_dir / "uploads" / result.sha256
    assert _sha(stored) == _sha(path)
    assert not list((server.data_dir / "uploads" / "partial").iterdir())


def test_resumed_bytes_that_do_not_match_the_hash_are_discarded(server, media):
    real = _random_file(media, "A001_C002.mov", 4 * CHUNK)
    other = _random_file(media, "other.mov", 4 * CHUNK)
    _send_then_break(server.address, other, chunks=2, sha256=_sha(real))  # someone else's bytes under this hash
    with DerushClient(server.address) as client:
        assert client.upload_status(_sha(real), 4 * CHUNK).offset > 0
        with pytest.raises(ClientError) as caught:
            client.upload(real)  # resumes, sends the right rest: the whole does not hash right
        assert caught.value.code == grpc.StatusCode.DATA_LOSS and "discarded" in str(caught.value)
        assert client.upload_status(_sha(real), 4 * CHUNK).offset == 0  # nothing damaged is kept
        assert client.upload(real).resumed_from == 0  # and a clean try stores it
    assert _sha(server.data_dir / "uploads" / _sha(real)) == _sha(real)


def test_the_same_file_from_two_seats_at_once_is_stored_once(server, media):
    path = _random_file(media, "A002_C001.mov", 10 * MB)
    results: list[pb.UploadResult] = []

    def seat() -> None:
        with DerushClient(server.address) as client:
            results.append(client.upload(path))

    threads = [threading.Thread(target=seat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(r.already_present for r in results) == [False, True]
    assert [p.name for p in (server.data_dir / "uploads").iterdir() if p.name == _sha(path)] == [_sha(path)]


def test_upload_resumes_by_itself_across_a_server_kill(tmp_path, media):
    path = _random_file(media, "A003_C001.mov", 24 * CHUNK)
    with StudioServer(tmp_path) as server:
        fractions: list[float] = []

        def slow_link(fraction: float) -> None:
            fractions.append(fraction)
            time.sleep(0.05)

        outcome: list = []
        uploader = threading.Thread(target=lambda: outcome.append(
            DerushClient(server.address).upload(path, on_progress=slow_link)))
        uploader.start()
        wait_for(lambda: fractions and fractions[-1] > 0.4, 30, what="the upload to be under way")
        server.kill()
        server.start()
        uploader.join(90)
        assert outcome, "the upload did not finish after the restart"
        result = outcome[0]
        # the second try started where the server's bytes ended: a restart from 0 would send 1.4 times the chunks
        chunks = -(-path.stat().st_size // UPLOAD_CHUNK_BYTES)
        assert result.resumed_from > 0.2 * path.stat().st_size and len(fractions) < 1.2 * chunks
        assert _sha(server.data_dir / "uploads" / result.sha256) == _sha(path)


def test_the_cap_evicts_the_least_recently_used_upload(server, media):
    # a 0.04 GB (42.9 MB) cap: three 12 MB uploads fit, a fourth evicts the least recently used
    files = [_random_file(media, f"B00{n}.mov", 12 * MB) for n in range(4)]
    with DerushClient(server.address) as client:
        for path in files[:3]:
            client.upload(path)
            time.sleep(0.05)
        assert client.upload(files[0]).already_present  # B000 is used again: B001 is now the oldest
        time.sleep(0.05)
        client.upload(files[3])
        held = {p.name: client.upload_status(_sha(p), p.stat().st_size).complete for p in files}
        with pytest.raises(ClientError) as caught:
            client.upload(_random_file(media, "huge.mov", 50 * MB))
    assert held == {"B000.mov": True, "B001.mov": False, "B002.mov": True, "B003.mov": True}
    assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "larger than this server's whole upload store" in str(caught.value)
    assert server.alive()


def test_a_full_disk_fails_the_one_upload_and_the_server_keeps_serving(tmp_path, media):
    # No file of the server's may pass 6 MB: its writes fail as on a full disk (portable, no root needed)
    big, small = _random_file(media, "C001.mov", 9 * MB), _random_file(media, "C002.mov", 2 * MB)
    with StudioServer(tmp_path, preexec_fn=rlimit_file_size(6 * MB)) as server, \
            DerushClient(server.address) as client:
        with pytest.raises(ClientError) as caught:
            client.upload(big)
        assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "disk is full" in str(caught.value) and "discarded" in str(caught.value)
        assert client.upload_status(_sha(big), big.stat().st_size).offset == 0  # the space was given back
        assert not client.upload(small).already_present  # the next upload goes through
        assert server.alive() and client.health() == "SERVING"


def test_uploads_keep_free_space_on_the_data_disk(tmp_path, media):
    path = _random_file(media, "D001.mov", 1 * MB)
    with StudioServer(tmp_path, "--min-free-gb", "1000000") as server, DerushClient(server.address) as client:
        with pytest.raises(ClientError) as caught:
            client.upload(path)
        assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "Not enough disk space on the server" in str(caught.value)
        assert client.server_info().status.data_dir_free_bytes > 0
