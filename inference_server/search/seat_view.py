"""Which search hits a seat sees, under which path, and whether the clip is still there.

The index keeps each clip under the path of the seat that analysed it. The server turns it into its own path with
the path mapping, checks that the file (or an upload of the same content) still exists, and shows it to the asking
seat under the seat's own mount (its ``seat_roots``, the mapping applied backwards). What a seat may see is
``paths.seat_may_name``, the same rule as for stored results: a clip it could name through the served roots, or one
sent by upload; on a closed server (beyond loopback) with no served folder, only uploads.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from inference_server.paths import PathNotServed, PathPolicy, _seat_parts, seat_may_name
from inference_server.store import UploadStore
from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import sha256_of_media_id


def box_path(policy: PathPolicy, stored_path: str) -> Path | None:
    """Where the server finds the clip a seat analysed as ``stored_path``; None when no served root holds it."""
    try:
        return policy.resolve(stored_path)
    except PathNotServed:
        return None


def seat_path(policy: PathPolicy, box: Path, seat_roots: list[str]) -> str | None:
    """``box`` under the seat's own mount: the mapping whose seat prefix is one of ``seat_roots``, backwards."""
    wanted = [_seat_parts(root) for root in seat_roots]
    real = Path(os.path.realpath(box))
    for mapping in policy.mappings:
        if mapping.prefix_parts not in wanted:
            continue
        root = Path(os.path.realpath(mapping.box_root))
        if real != root and root not in real.parents:
            continue
        relative = real.relative_to(root).parts
        windows = "\\" in mapping.seat_prefix or mapping.seat_prefix[1:2] == ":"
        flavour = PureWindowsPath if windows else PurePosixPath
        return str(flavour(mapping.seat_prefix, *relative))
    return None


def for_seat(hits: list[pb.SearchHit], policy: PathPolicy, uploads: UploadStore,
             seat_roots: list[str]) -> list[pb.SearchHit]:
    """The hits this seat may see, each under the seat's path and marked ``missing`` when its file is gone."""
    shown = []
    checked: dict[tuple[str, str], tuple[Path | None, bool, bool]] = {}
    for hit in hits:
        key = (hit.path, hit.media_id)
        if key not in checked:
            try:
                uploaded = uploads.has(sha256_of_media_id(hit.media_id))
            except ValueError:
                uploaded = False
            checked[key] = (box_path(policy, hit.path), uploaded, seat_may_name(policy, hit.path, uploaded))
        box, uploaded, visible = checked[key]
        if not visible:
            continue
        hit.missing = not uploaded and not (box is not None and box.is_file())
        if box is not None and seat_roots:
            hit.path = seat_path(policy, box, seat_roots) or hit.path
        shown.append(hit)
    return shown
