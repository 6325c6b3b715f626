"""File writers: one edit plan, many formats. Each is an adapter from ``EditPlan`` and decides nothing.

``WRITERS`` maps a format key to a ``Writer`` (``suffix``, ``write(plan, path) -> [paths written]``):

- ``otio``: ``.otio`` in the shape Resolve writes (the primary export, docs/interchange.md §0);
- ``fcpxml``: FCPXML 1.10 (``FcpxmlWriter(version="1.8" | "1.9")`` for the others; frame size option);
- ``edl``: CMX3600, one video track, plus ``<name>.markers.edl`` beside it when the plan has markers or reasons;
- ``markers_edl``: only Resolve's marker EDL, for importing markers onto an existing timeline;
- ``srt``: the captions, from 00:00:00,000 = the timeline's first frame;
- ``aaf``: AAF for Avid Media Composer and sound post (picture, sound, timecode, muted alternates, markers).
"""

from __future__ import annotations

from pathlib import Path

from protos.edit_plan import EditPlan
from protos.interchange.aaf import AafWriter
from protos.interchange.base import Writer, WriterError
from protos.interchange.edl import EdlWriter, MarkerEdlWriter
from protos.interchange.fcpxml import FcpxmlWriter
from protos.interchange.otio import OtioWriter
from protos.interchange.srt import SrtWriter

WRITERS: dict[str, Writer] = {
    "otio": OtioWriter(),
    "fcpxml": FcpxmlWriter(),
    "edl": EdlWriter(),
    "markers_edl": MarkerEdlWriter(),
    "srt": SrtWriter(),
    "aaf": AafWriter(),
}


def write(plan: EditPlan, key: str, path: str | Path) -> list[Path]:
    """Write ``plan`` with the writer registered under ``key``; returns the files written."""
    try:
        writer = WRITERS[key]
    except KeyError:
        raise WriterError(f"no writer {key!r}; choose one of {', '.join(WRITERS)}") from None
    return writer.write(plan, path)


__all__ = ["WRITERS", "AafWriter", "EdlWriter", "FcpxmlWriter", "MarkerEdlWriter", "OtioWriter", "SrtWriter", "Writer",
           "WriterError", "write"]
