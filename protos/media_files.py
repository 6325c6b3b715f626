"""How both sides name and identify a media file: its content fingerprint (results and uploads are keyed by
what a file holds, not where it lies) and its file name from a path written on any OS."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

_CHUNK = 4 << 20


def sha256_file(path: Path, progress: Callable[[float], None] | None = None) -> str:
    size = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress and size:
                progress(done / size)
    return digest.hexdigest()


def media_id_for(sha256_hex: str) -> str:
    return f"sha256:{sha256_hex}"


def sha256_of_media_id(media_id: str) -> str:
    prefix, _, hexdigest = media_id.partition(":")
    if prefix != "sha256" or len(hexdigest) != 64 or any(c not in "0123456789abcdef" for c in hexdigest):
        raise ValueError(f"not a derush media id: {media_id!r} (expected 'sha256:' and 64 hex digits)")
    return hexdigest


def file_name(path: str) -> str:
    """The last part of a path written on macOS, Linux or Windows (a seat's path may come from another OS,
    so ``Path(path).name`` on this machine is not enough)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def file_stem(path: str) -> str:
    name = file_name(path)
    return name.rsplit(".", 1)[0] if "." in name[1:] else name
