"""An emulated Resolve Studio holding the generated sample rushes, imported and selected: for the demo,
``derush resolve --emulator`` and ``derush panel --emulator`` (try the whole flow without Resolve)."""

from __future__ import annotations

from pathlib import Path

from resolve_plugin.emulator import controls, create_resolve
from resolve_plugin.resolve.link import ResolveLink, connect
from resolve_plugin.samples.rushes import ensure_rushes


def emulated_link(rushes: Path, files: list[str] | None = None) -> ResolveLink:
    """``files``: the clips of ``rushes`` to import (default: the sample rushes, generated there when missing)."""
    files = files if files is not None else [c.file for c in ensure_rushes(rushes)]
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="derush sample shoot")
    link = connect(mode="emulator", emulator=resolve)
    items = link.project().GetMediaPool().ImportMedia([str((rushes / f).absolute()) for f in files])
    controls(resolve).select(items)
    return link
