"""Which media paths a shared server opens, and where: path mapping from seats' mounts to the box's.

A seat names a clip by its own path (``/Volumes/Media/A001/C003.mov`` on a Mac, ``M:\\A001\\C003.mov`` on
Windows); the box sees the same storage elsewhere (``/mnt/media/A001/C003.mov``). With mapping on, a path is
opened only when it falls under a mapped or allowed root AFTER symlinks and ``..`` are resolved, so no seat can
reach ``/etc`` or another project through the server. A loopback server without any mapping or allowed root
opens the paths it is given, as a server for one editor always has; a server listening beyond loopback is closed
(``PathPolicy.closed``): without a mapping or an allowed root it opens no seat path at all, only uploads.

What a seat may see of the stored results and the search index follows the same rule (``seat_may_name``): a clip
it could name through the served roots, or one sent by upload.

A path-map file has one mapping per line, ``SEAT_PREFIX = BOX_ROOT`` (``#`` starts a comment); a line
with only a box path adds an allowed root (seats that mount the storage at the box's own path).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import grpc

from protos.errors import DerushError

log = logging.getLogger(__name__)

MAX_PATH_CHARS = 4096
_DRIVE = re.compile(r"^[A-Za-z]:$")


class PathNotServed(DerushError):
    code = "path_not_served"
    status = grpc.StatusCode.PERMISSION_DENIED


class PathMapError(DerushError):
    code = "bad_path_map"


def _seat_parts(path: str) -> list[str]:
    """A seat's path as components, whatever its OS wrote: ``M:\\A\\b.mov`` -> ``["m:", "A", "b.mov"]``."""
    parts = [p for p in re.split(r"[\\/]+", path) if p not in ("", ".")]
    if parts and _DRIVE.match(parts[0]):
        parts[0] = parts[0].lower()  # drive letters are case-insensitive
    if path[:1] in ("/", "\\") and not (parts and _DRIVE.match(parts[0])):
        parts.insert(0, "/")
    return parts


@dataclass(frozen=True)
class Mapping:
    seat_prefix: str
    box_root: Path

    @property
    def prefix_parts(self) -> list[str]:
        return _seat_parts(self.seat_prefix)


@dataclass
class PathPolicy:
    """``mappings`` turn seats' prefixes into box roots; ``allowed_roots`` are box folders seats may name directly.

    Empty (both lists empty) means no policy, every path opened as given, unless ``closed``: a server listening
    beyond loopback, where any seat could otherwise make it open every file its user can read.
    """

    mappings: list[Mapping] = field(default_factory=list)
    allowed_roots: list[Path] = field(default_factory=list)
    closed: bool = False

    @property
    def active(self) -> bool:
        """Paths are checked (a mapping, an allowed root, or a closed server): only served roots open."""
        return bool(self.mappings or self.allowed_roots or self.closed)

    def served_roots(self) -> list[Path]:
        return [m.box_root for m in self.mappings] + list(self.allowed_roots)

    def describe(self) -> str:
        parts = [f"{m.seat_prefix} (at {m.box_root} on the server)" for m in self.mappings]
        parts += [str(root) for root in self.allowed_roots]
        return ", ".join(parts)

    def resolve(self, seat_path: str) -> Path:
        """The box path to open for a seat's ``seat_path``; raises PathNotServed outside every served root."""
        if not seat_path:
            raise PathNotServed("A clip has an empty path: send its full path, or upload it.")
        if len(seat_path) > MAX_PATH_CHARS or "\x00" in seat_path:
            raise PathNotServed(f"A clip path is not a file path (over {MAX_PATH_CHARS} characters, or a NUL byte).")
        if not self.active:
            return Path(seat_path)
        parts = _seat_parts(seat_path)
        # the longest matching prefix wins: /Volumes/Media/Archive may map elsewhere than /Volumes/Media
        for mapping in sorted(self.mappings, key=lambda m: len(m.prefix_parts), reverse=True):
            prefix = mapping.prefix_parts
            if parts[:len(prefix)] == prefix:
                return self._inside(mapping.box_root.joinpath(*parts[len(prefix):]), mapping.box_root, seat_path)
        candidate = Path(seat_path)
        if candidate.is_absolute():
            for root in self.allowed_roots:
                if _within(_real(candidate), _real(root)):
                    return _real(candidate)
        raise self._refusal(seat_path)

    def _inside(self, candidate: Path, root: Path, seat_path: str) -> Path:
        # resolve symlinks and `..` first, then check: a link inside the root pointing out of it is refused
        real = _real(candidate)
        if not _within(real, _real(root)):
            raise self._refusal(seat_path)
        return real

    def _refusal(self, seat_path: str) -> PathNotServed:
        if not self.served_roots():
            return PathNotServed(
                f"This server does not open {seat_path}: it listens beyond loopback and opens no seat path until "
                "your studio engineer says which folders it serves (derush serve --allow-root SERVER_FOLDER, or "
                "--path-map SEAT_FOLDER=SERVER_FOLDER). Meanwhile upload the clip instead.")
        return PathNotServed(
            f"This server does not open {seat_path}: it serves only files under {self.describe()}. Move the clip "
            "under one of those folders, upload it instead, or ask your studio engineer to map its folder "
            "(derush serve --path-map SEAT_FOLDER=SERVER_FOLDER).")


def seat_may_name(policy: PathPolicy, seat_path: str, uploaded: bool) -> bool:
    """Whether a seat may see a stored result or search hit of the clip a seat analysed as ``seat_path``.

    The one rule for per-project isolation: a clip sent by upload, or one the server can open through its served
    roots (what any seat could analyse itself); on an open (loopback, unmapped) server, every clip.
    """
    if uploaded or not policy.active:
        return True
    try:
        policy.resolve(seat_path)
    except PathNotServed:
        return False
    return True


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def parse_mapping(text: str, where: str = "--path-map") -> Mapping | Path:
    """``SEAT=BOX`` is a mapping; a bare absolute path is an allowed root."""
    if "=" not in text:
        root = Path(text.strip()).expanduser()
        if not root.is_absolute():
            raise PathMapError(f"{where}: {text!r} is not an absolute folder on the server.")
        return root
    seat, _, box = (s.strip() for s in text.partition("="))
    if not seat or not box:
        raise PathMapError(f"{where}: expected SEAT_FOLDER=SERVER_FOLDER, got {text!r}.")
    if seat[:1] not in ("/", "\\") and not _DRIVE.match(seat[:2]):
        raise PathMapError(f"{where}: the seat folder {seat!r} is not absolute (e.g. /Volumes/Media or M:\\).")
    box_root = Path(box).expanduser()
    if not box_root.is_absolute():
        raise PathMapError(f"{where}: the server folder {box!r} is not absolute (e.g. /mnt/media).")
    if str(PurePosixPath(*_seat_parts(seat))) == "/":
        raise PathMapError(f"{where}: mapping a seat's whole disk ({seat}) would serve everything on it; "
                           "map the media folder instead.")
    return Mapping(seat, box_root)


def load_policy(specs: list[str] | None, allowed_roots: list[str] | None = None,
                closed: bool = False) -> PathPolicy:
    """From ``--path-map`` values (``SEAT=BOX`` or a file of such lines) and ``--allow-root`` folders; ``closed``
    (a server beyond loopback) opens no seat path unless they name some."""
    policy = PathPolicy(closed=closed)
    entries: list[tuple[str, str]] = []
    for spec in specs or []:
        if "=" in spec:
            entries.append((spec, "--path-map"))
            continue
        try:
            text = Path(spec).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise PathMapError(f"Cannot read the path-map file {spec}: {exc.strerror}. Give SEAT=BOX or a file "
                               "with one `SEAT_FOLDER = SERVER_FOLDER` line per mount.") from None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if line:
                entries.append((line, f"{spec}, line {number}"))
    for text, where in entries:
        parsed = parse_mapping(text, where)
        if isinstance(parsed, Mapping):
            policy.mappings.append(parsed)
        else:
            policy.allowed_roots.append(parsed)
    for root in allowed_roots or []:
        parsed = parse_mapping(root, "--allow-root")
        if isinstance(parsed, Mapping):
            raise PathMapError(f"--allow-root takes a server folder, not a mapping: {root!r} (use --path-map).")
        policy.allowed_roots.append(parsed)
    for root in policy.served_roots():
        if not root.is_dir():
            log.warning("served folder %s does not exist (yet) on this server", root)
    return policy
