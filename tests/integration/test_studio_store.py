"""The upload store on its own: eviction order, uploads in use, free space, resume offsets (no server)."""

from __future__ import annotations

import hashlib
import os
import time
from collections import namedtuple

import pytest

from inference_server.store import StorageFull, UploadBusy, UploadLimits, UploadOffsetMismatch, UploadStore
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import InvalidRequest

MB = 1 << 20
Usage = namedtuple("Usage", "total used free")


def _store(tmp_path, cap_mb: int = 0, free_mb: int = 10_000, pinned=frozenset()) -> UploadStore:
    return UploadStore(tmp_path, UploadLimits(cap_bytes=cap_mb * MB, min_free_bytes=64 * MB),
                       disk_usage=lambda _: Usage(0, 0, free_mb * MB), pinned=lambda: set(pinned))


def _put(store: UploadStore, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    writer = store.begin(pb.UploadHeader(sha256=sha, size=len(data), filename="x.mov"))
    writer.write(data)
    writer.commit()
    return sha


def test_uploads_that_jobs_still_need_are_never_evicted(tmp_path):
    blobs = [os.urandom(3 * MB) for _ in range(3)]
    first = _put(_store(tmp_path, cap_mb=8), blobs[0])
    time.sleep(0.02)
    second = _put(_store(tmp_path, cap_mb=8), blobs[1])
    time.sleep(0.02)
    store = _store(tmp_path, cap_mb=8, pinned={first})  # a queued job needs the oldest one
    third = _put(store, blobs[2])
    assert store.has(first) and not store.has(second) and store.has(third)
    with pytest.raises(StorageFull) as caught:  # nothing left that may go: refused, not evicted
        _store(tmp_path, cap_mb=8, pinned={first, third}).begin(
            pb.UploadHeader(sha256="ab" * 32, size=3 * MB, filename="big.mov"))
    assert "queued jobs still need" in caught.value.message


def test_too_little_free_disk_refuses_before_a_byte_is_written(tmp_path):
    store = _store(tmp_path, free_mb=100)  # 100 MB free, 64 MB kept free: a 50 MB upload does not fit
    with pytest.raises(StorageFull) as caught:
        store.begin(pb.UploadHeader(sha256="cd" * 32, size=50 * MB, filename="A001.mov"))
    assert "Not enough disk space on the server for A001.mov" in caught.value.message
    assert not list((tmp_path / "uploads" / "partial").iterdir())
    store.begin(pb.UploadHeader(sha256="cd" * 32, size=10 * MB)).discard()  # a smaller one does


def test_one_writer_per_file_and_offsets_the_server_does_not_hold_are_refused(tmp_path):
    store = _store(tmp_path)
    data = os.urandom(2 * MB)
    sha = hashlib.sha256(data).hexdigest()
    writer = store.begin(pb.UploadHeader(sha256=sha, size=len(data)))
    writer.write(data[:MB])
    with pytest.raises(UploadBusy):
        store.begin(pb.UploadHeader(sha256=sha, size=len(data)))
    writer.keep_for_resume()
    assert store.status(sha, len(data)).offset == MB
    with pytest.raises(UploadOffsetMismatch):
        store.begin(pb.UploadHeader(sha256=sha, size=len(data), offset=MB + 1))
    resumed = store.begin(pb.UploadHeader(sha256=sha, size=len(data), offset=MB))
    resumed.write(data[MB:])
    assert resumed.commit() and store.status(sha).complete
    for bad in ("../../etc/passwd", "AB" * 32, ""):
        with pytest.raises(InvalidRequest):
            store.begin(pb.UploadHeader(sha256=bad, size=1))
