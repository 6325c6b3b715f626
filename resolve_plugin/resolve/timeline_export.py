"""A timeline written to a file by Resolve itself (``Timeline.Export``), beside derush's own writers.

Resolve Studio with scripting exports AAF, FCPXML, EDL and OTIO from a timeline it holds (resolve_api.md §8):
the type and subtype must be ``resolve.EXPORT_*`` constants (a name as a string is silently refused), AAF takes
``EXPORT_AAF_NEW`` or ``EXPORT_AAF_EXISTING``, EDL one of ``EXPORT_NONE``/``CDL``/``SDL``/``MISSING_CLIPS``, the other
types ignore it. FCPXML 1.10 comes back as a folder holding ``Info.fcpxml`` (docs/resolve-emulator.md §8): the
file to hand on is that member.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from resolve_plugin.resolve.errors import ResolveWriteError

#: format name -> (export type, subtype), as resolve.* constant names
FORMATS = {
    "aaf": ("EXPORT_AAF", "EXPORT_AAF_NEW"),  # the rough cut for Avid and sound post
    "aaf-existing": ("EXPORT_AAF", "EXPORT_AAF_EXISTING"),
    "fcpxml": ("EXPORT_FCPXML_1_10", "EXPORT_NONE"),
    "edl": ("EXPORT_EDL", "EXPORT_NONE"),
    "otio": ("EXPORT_OTIO", "EXPORT_NONE"),
}
BUNDLE_MEMBER = "Info.fcpxml"


def export_through_resolve(resolve: Any, timeline: Any, fmt: str, path: str | Path) -> Path:
    """Have Resolve write ``timeline`` as ``fmt`` at ``path``; returns the file written, or raises
    ResolveWriteError saying what to do."""
    if fmt not in FORMATS:
        raise ResolveWriteError(f"Resolve exports {', '.join(FORMATS)}; {fmt!r} is not one of them.")
    path = Path(path).expanduser().absolute()
    folder = path.parent
    if not folder.is_dir():
        raise ResolveWriteError(f"The folder {folder} does not exist: create it, or choose another place to export.")
    if not os.access(folder, os.W_OK):
        raise ResolveWriteError(f"The folder {folder} cannot be written: choose a folder of your own to export to.")
    type_name, subtype_name = FORMATS[fmt]
    export_type, subtype = getattr(resolve, type_name, None), getattr(resolve, subtype_name, None)
    if export_type is None or subtype is None:
        raise ResolveWriteError(f"This Resolve has no {type_name}: update DaVinci Resolve, or use derush's own "
                                "file exports (derush cut --otio/--fcpxml/--edl).")
    if not timeline.Export(str(path), export_type, subtype):
        raise ResolveWriteError(
            f"Resolve would not export the timeline as {fmt} to {path}. Exports need DaVinci Resolve Studio with "
            "scripting; check that the file is not open elsewhere, or use derush's own file exports instead.")
    written = path / BUNDLE_MEMBER if path.is_dir() else path
    if not written.is_file():
        raise ResolveWriteError(f"Resolve said it exported {path}, but no file is there: export it from Resolve's "
                                "File ▸ Export ▸ Timeline menu instead.")
    return written
