"""On-disk stores in the data dir: analysis results keyed by content, and uploaded media by sha256.

Uploads are resumable (an interrupted one keeps its bytes in ``uploads/partial/<sha256>``), verified (a hash
mismatch discards them), stored once per content, and held under a size cap with least-recently-used eviction.
A full disk fails the one upload or result that met it (RESOURCE_EXHAUSTED), never the server.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import grpc
from google.protobuf import json_format

from protos.derush.v1 import derush_pb2 as pb
from protos.errors import DerushError, InvalidRequest, UploadMismatch
from protos.media_files import sha256_of_media_id

log = logging.getLogger(__name__)

# uploads are flushed to disk (and dropped from the page cache) every this many bytes
_SYNC_EVERY = 32 << 20
# what a full disk, a quota or a file-size limit look like to a writer
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class StorageFull(DerushError):
    code = "storage_full"
    status = grpc.StatusCode.RESOURCE_EXHAUSTED


class UploadBusy(DerushError):
    code = "upload_busy"
    status = grpc.StatusCode.ABORTED


class UploadIncomplete(DerushError):
    code = "upload_incomplete"
    status = grpc.StatusCode.ABORTED


class UploadOffsetMismatch(DerushError):
    code = "upload_offset"
    status = grpc.StatusCode.OUT_OF_RANGE


def is_no_space(exc: OSError) -> bool:
    return exc.errno in _NO_SPACE


def _gib(size: float) -> str:
    return f"{size / 2**30:.2f} GB"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class ResultStore:
    """``results/<sha256>/<settings key>.json``: the same content asked again under any path is reused."""

    def __init__(self, root: Path, on_stored: Callable[[pb.ClipAnalysis], object] | None = None) -> None:
        self.root = root / "results"
        #: told of each result once it is on disk (the search index); its failure never loses the result
        self.on_stored = on_stored

    def _dir(self, media_id: str) -> Path:
        try:
            return self.root / sha256_of_media_id(media_id)
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from exc

    def put(self, analysis: pb.ClipAnalysis) -> None:
        path = self._dir(analysis.media_id) / f"{analysis.settings_key}.json"
        try:
            _write_atomically(path, json_format.MessageToJson(analysis).encode())
        except OSError as exc:
            if is_no_space(exc):
                raise StorageFull(f"The server's data dir {self.root.parent} is full ({exc.strerror}): the analysis "
                                  "of this clip could not be stored. Ask your studio engineer to free disk space "
                                  "or lower --upload-cap-gb, then analyse it again.") from None
            raise
        if self.on_stored is not None:
            try:
                self.on_stored(analysis)
            except Exception:  # the result is stored; `derush index --rebuild` catches the index up
                log.exception("could not index the analysis of %s for search", analysis.path or analysis.media_id)

    def get(self, media_id: str, settings_key: str | None = None) -> pb.ClipAnalysis | None:
        """The result for these settings, or (without settings) the most complete result for this content: the one
        made by the most analyzers, the newest of those (a shots-only pass must not hide the full analysis)."""
        folder = self._dir(media_id)
        if settings_key:
            path = folder / f"{settings_key}.json"
            return self._read(path) if path.is_file() else None
        found = []
        for path in folder.glob("*.json"):
            analysis = self._read(path)
            if analysis is not None:
                found.append((len(set(analysis.analyzers)), path.stat().st_mtime, analysis))
        return max(found, key=lambda f: f[:2])[2] if found else None

    @staticmethod
    def _read(path: Path) -> pb.ClipAnalysis | None:
        try:
            return json_format.Parse(path.read_text(), pb.ClipAnalysis(), ignore_unknown_fields=True)
        except (OSError, json_format.ParseError):  # removed meanwhile, or a damaged file: not a result
            return None


@dataclass
class UploadLimits:
    #: most bytes kept in uploads/ (complete and partial); 0 is no cap. Over it, least recently used go first.
    cap_bytes: int = 0
    #: refuse an upload that would leave less than this free on the data dir's disk
    min_free_bytes: int = 256 << 20


class UploadStore:
    """``uploads/<sha256>`` (complete, verified) and ``uploads/partial/<sha256>`` (interrupted, resumable).

    The last use of a stored file is its mtime (touched when a job opens it), which eviction goes by.
    ``disk_usage`` is injectable so that a full disk can be exercised without filling one; ``pinned`` names the
    uploads that queued or running jobs still need, which are never evicted.
    """

    def __init__(self, root: Path, limits: UploadLimits | None = None,
                 disk_usage: Callable[[Path], tuple] = shutil.disk_usage,
                 pinned: Callable[[], set[str]] = set) -> None:
        self.root = root / "uploads"
        self.partial = self.root / "partial"
        self.limits = limits or UploadLimits()
        self.disk_usage = disk_usage
        self.pinned = pinned
        self._lock = threading.Lock()
        self._writing: set[str] = set()

    def path_for(self, sha256: str) -> Path:
        _check_sha256(sha256)  # never a path from the client
        return self.root / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def touch(self, sha256: str) -> None:
        """Mark a stored upload as just used (eviction keeps the recently used)."""
        try:
            os.utime(self.path_for(sha256))
        except OSError:
            pass

    def status(self, sha256: str, size: int = 0) -> pb.UploadStatus:
        complete = self.path_for(sha256)
        if complete.is_file():
            self.touch(sha256)
            return pb.UploadStatus(sha256=sha256, size=complete.stat().st_size, complete=True)
        partial = self.partial / sha256
        held = partial.stat().st_size if partial.is_file() else 0
        if size and held > size:  # not this file's bytes after all
            held = 0
        return pb.UploadStatus(sha256=sha256, size=size, offset=held)

    def used_bytes(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def free_bytes(self) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        return int(self.disk_usage(self.root)[2])

    def begin(self, header: pb.UploadHeader) -> UploadWriter:
        """Start or resume an upload: checks the header, makes room, and reserves the file for this call."""
        _check_sha256(header.sha256)
        if header.size < 0 or header.offset < 0 or header.offset > header.size:
            raise InvalidRequest(f"Upload header for {header.filename or header.sha256}: size {header.size} and "
                                 f"offset {header.offset} do not fit (0 <= offset <= size).")
        self.partial.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if header.sha256 in self._writing:
                raise UploadBusy(f"{header.filename or header.sha256} is being uploaded by another call right now "
                                 "(another seat, or an earlier try of yours): retry in a moment; it will be "
                                 "stored once.")
            self._writing.add(header.sha256)
        try:
            self._make_room(header)
            return UploadWriter(self, header)
        except BaseException:
            self.release(header.sha256)
            raise

    def release(self, sha256: str) -> None:
        with self._lock:
            self._writing.discard(sha256)

    # --- room: cap, eviction, free space ---------------------------------------------------------

    def _entries(self) -> list[tuple[Path, int, float]]:
        entries = []
        for folder in (self.root, self.partial):
            try:
                with os.scandir(folder) as it:
                    for entry in it:
                        if entry.is_file() and len(entry.name) == 64:
                            stat = entry.stat()
                            entries.append((Path(entry.path), stat.st_size, stat.st_mtime))
            except FileNotFoundError:
                pass
        return entries

    def _make_room(self, header: pb.UploadHeader) -> None:
        name = header.filename or header.sha256
        needed = header.size - header.offset
        cap = self.limits.cap_bytes
        if cap and header.size > cap:
            raise StorageFull(f"{name} ({_gib(header.size)}) is larger than this server's whole upload store "
                              f"({_gib(cap)}, --upload-cap-gb): put it on shared storage the server maps, or ask "
                              "your studio engineer to raise the cap.")
        if cap:
            self._evict(cap, header)
        free = self.free_bytes()
        if free - needed < self.limits.min_free_bytes:
            raise StorageFull(f"Not enough disk space on the server for {name}: {_gib(free)} free, the upload needs "
                              f"{_gib(needed)} and {_gib(self.limits.min_free_bytes)} is kept free. Ask your "
                              "studio engineer to free space on the data dir or lower --upload-cap-gb.")

    def _evict(self, cap: int, header: pb.UploadHeader) -> None:
        """Delete least recently used uploads until this one fits under the cap once complete."""
        with self._lock:
            busy = set(self._writing)
        pinned = self.pinned()
        # this upload's own partial bytes are part of header.size, not of the others
        others = [e for e in self._entries() if not (e[0].name == header.sha256 and e[0].parent == self.partial)]
        used = sum(size for _, size, _ in others) + header.size
        if used <= cap:
            return
        # partial uploads nobody resumed go first (oldest first), then complete ones, least recently used first
        for path, size, mtime in sorted(others, key=lambda e: (e[0].parent == self.root, e[2])):
            if used <= cap:
                break
            if path.name in busy or path.name in pinned:
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            used -= size
            log.info("upload store: evicted %s%s (%s, last used %s) to stay under the %s cap", path.name[:12],
                     " (partial)" if path.parent == self.partial else "", _gib(size),
                     time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime)), _gib(cap))
        if used > cap:
            raise StorageFull(f"The server's upload store is full: {header.filename or header.sha256} does not fit "
                              f"under the {_gib(cap)} cap beside the uploads that queued jobs still need. Retry when "
                              "they are done, or ask your studio engineer to raise --upload-cap-gb.")


def _check_sha256(sha256: str) -> None:
    try:
        sha256_of_media_id(f"sha256:{sha256}")
    except ValueError:
        raise InvalidRequest(f"{sha256[:80]!r} is not a sha256 (64 lowercase hex digits).") from None


class UploadWriter:
    """One upload in progress, appended to its partial file; verified, then moved into place."""

    def __init__(self, store: UploadStore, header: pb.UploadHeader) -> None:
        self.store = store
        self.header = header
        self.partial = store.partial / header.sha256
        self.target = store.root / header.sha256
        self._digest = hashlib.sha256()
        self._closed = False
        self._failure: DerushError | None = None
        self._unsynced = 0
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="derush-hash")
        self._hashing: deque[Future] = deque()
        held = self.partial.stat().st_size if self.partial.is_file() else 0
        if header.offset > held:
            raise UploadOffsetMismatch(f"The server holds {held} bytes of {header.filename or header.sha256}, not "
                                       f"{header.offset}: ask GetUploadStatus and resume from its offset.")
        self.resumed_from = header.offset
        self._file = self.partial.open("r+b" if held else "wb")
        try:
            self._file.truncate(header.offset)  # the client resends anything past what it asked to resume from
            # the hash covers the whole file: read back what is already here (fast next to the network)
            while self._file.tell() < header.offset:
                chunk = self._file.read(min(4 << 20, header.offset - self._file.tell()))
                if not chunk:
                    break
                self._digest.update(chunk)
            self._file.seek(header.offset)
        except BaseException:
            self._file.close()
            raise
        self.size = header.offset

    def write(self, data: bytes) -> None:
        if self._closed:  # a write queued behind one that failed
            raise self._failure or UploadIncomplete("The upload was closed before all of its data arrived.")
        if self.size + len(data) > self.header.size:
            self.discard()
            self._failure = UploadMismatch(f"The upload of {self.header.filename or self.header.sha256} sent more than "
                                           f"the {self.header.size} bytes its header announced: it was discarded; "
                                           "send it again.")
            raise self._failure
        # hash on the writer's own thread while this one writes: both release the GIL, so they overlap
        self._hashing.append(self._hasher.submit(self._digest.update, data))
        if len(self._hashing) > 4:
            self._hashing.popleft().result()
        try:
            self._file.write(data)
            self._unsynced += len(data)
            if self._unsynced >= _SYNC_EVERY:
                self._sync()
        except OSError as exc:
            if not is_no_space(exc):
                raise
            self.discard()
            self._failure = StorageFull(f"The server's disk is full ({exc.strerror}) while receiving "
                                        f"{self.header.filename or self.header.sha256}: the upload was discarded. "
                                        "Ask your studio engineer to free space on the data dir or lower "
                                        "--upload-cap-gb.")
            raise self._failure from None
        self.size += len(data)

    def _sync(self) -> None:
        """On disk, then out of the page cache: the bytes a resume counts on survive a crash, a multi-GB upload does
        not push the models out of memory, and the kernel reuses the same pages (bench_studio: a VM writes a new
        file at 350 MB/s through fresh page cache, at 1.4 GB/s this way)."""
        self._file.flush()
        if hasattr(os, "fdatasync"):
            os.fdatasync(self._file.fileno())
        else:  # macOS, Windows
            os.fsync(self._file.fileno())
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(self._file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        self._unsynced = 0

    def commit(self) -> bool:
        """Verify size and hash and keep the file; False when the same content was already stored."""
        if not self._closed and self._unsynced:
            try:
                self._sync()  # a file stored under its hash is whole on disk, power cut or not
            except OSError as exc:
                self.discard()
                if is_no_space(exc):
                    raise StorageFull(f"The server's disk is full ({exc.strerror}): the upload of "
                                      f"{self.header.filename or self.header.sha256} was discarded.") from None
                raise
        self._close()  # waits for the hashing too
        if self.size != self.header.size or self._digest.hexdigest() != self.header.sha256:
            self.discard()
            raise UploadMismatch(
                f"The upload of {self.header.filename or self.header.sha256} arrived damaged ({self.size} of "
                f"{self.header.size} bytes, sha256 {self._digest.hexdigest()[:12]}...): it was discarded; "
                "send it again.")
        already = self.target.is_file()
        os.replace(self.partial, self.target)
        os.utime(self.target)
        self.store.release(self.header.sha256)
        return not already

    def keep_for_resume(self) -> None:
        """The client went away: keep what arrived, so that it can resume from there."""
        try:
            self._close()
        finally:
            self.store.release(self.header.sha256)

    def discard(self) -> None:
        try:
            self._close()
            self.partial.unlink(missing_ok=True)
        finally:
            self.store.release(self.header.sha256)

    # kept for callers of the first version
    abort = discard

    def _close(self) -> None:
        if not self._closed:
            self._closed = True
            self._file.close()
            self._hasher.shutdown(wait=True)
            self._hashing.clear()
