"""On-disk stores in the data dir: analysis results keyed by content, and uploaded media by sha256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from google.protobuf import json_format

from inference_server.errors import InvalidRequest, UploadMismatch
from inference_server.media.fingerprint import sha256_of_media_id
from protos.derush.v1 import derush_pb2 as pb


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

    def __init__(self, root: Path) -> None:
        self.root = root / "results"

    def _dir(self, media_id: str) -> Path:
        try:
            return self.root / sha256_of_media_id(media_id)
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from exc

    def put(self, analysis: pb.ClipAnalysis) -> None:
        path = self._dir(analysis.media_id) / f"{analysis.settings_key}.json"
        _write_atomically(path, json_format.MessageToJson(analysis).encode())

    def get(self, media_id: str, settings_key: str | None = None) -> pb.ClipAnalysis | None:
        """The result for these settings, or (without settings) the newest result for this content."""
        folder = self._dir(media_id)
        if settings_key:
            candidates = [folder / f"{settings_key}.json"]
        else:
            candidates = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for path in candidates:
            if path.is_file():
                return json_format.Parse(path.read_text(), pb.ClipAnalysis(), ignore_unknown_fields=True)
        return None


class UploadStore:
    """``uploads/<sha256>``: media sent by clients that cannot share storage with the server."""

    def __init__(self, root: Path) -> None:
        self.root = root / "uploads"

    def path_for(self, sha256: str) -> Path:
        sha256_of_media_id(f"sha256:{sha256}")  # validates: never a path from the client
        return self.root / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def begin(self, header: pb.UploadHeader) -> UploadWriter:
        self.root.mkdir(parents=True, exist_ok=True)
        return UploadWriter(header, self.path_for(header.sha256))


class UploadWriter:
    """One upload in progress: written to a temporary file, verified, then moved into place."""

    def __init__(self, header: pb.UploadHeader, target: Path) -> None:
        self.header = header
        self.target = target
        self.size = 0
        self._digest = hashlib.sha256()
        fd, self._tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        self._file = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self._digest.update(data)
        self._file.write(data)
        self.size += len(data)

    def commit(self) -> bool:
        """Verify size and hash and keep the file; False when the same content was already stored."""
        self._file.close()
        if self.size != self.header.size or self._digest.hexdigest() != self.header.sha256:
            self.abort()
            raise UploadMismatch(
                f"The upload of {self.header.filename or self.header.sha256} arrived damaged ({self.size} of "
                f"{self.header.size} bytes, sha256 {self._digest.hexdigest()[:12]}...): send it again."
            )
        already = self.target.is_file()
        os.replace(self._tmp, self.target)
        return not already

    def abort(self) -> None:
        self._file.close()
        if os.path.exists(self._tmp):
            os.unlink(self._tmp)
