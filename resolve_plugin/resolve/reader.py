"""Which clips derush works on: the selection, the current bin, or a folder tree.

What is not media (timelines, compound clips, generators, titles) or is offline is skipped with a
reason the panel shows. Properties come back as strings (FPS a float): docs/resolve-emulator.md §6.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from protos.timecode import normalise_rate

# Clip "Type" values that are not camera media (docs/resolve-emulator.md §6).
_NOT_MEDIA = {
    "Timeline": "a timeline, not a media clip",
    "Compound": "a compound clip: analyse the clips inside it",
    "Generator": "a generator, not a media clip",
    "Title": "a title, not a media clip",
    "Fusion Composition": "a Fusion composition, not a media clip",
    "Multicam": "a multicam clip: analyse its angles",
}


@dataclass
class ResolveClip:
    item: Any  # MediaPoolItem
    name: str
    path: str
    kind: str  # the clip's "Type": "Video + Audio", "Video", "Audio"
    rate: Fraction | None  # None for audio-only clips (their FPS is an empty string)
    frames: int
    start_timecode: str
    audio_channels: int

    @property
    def unique_id(self) -> str:
        return self.item.GetUniqueId() or ""


@dataclass
class Skipped:
    name: str
    reason: str


@dataclass
class ClipSelection:
    source: str  # "3 selected clips", "bin Day 1", ...
    clips: list[ResolveClip] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def read_clip(item: Any) -> ResolveClip | Skipped:
    props = item.GetClipProperty() or {}
    name = props.get("Clip Name") or item.GetName() or "(unnamed)"
    kind = str(props.get("Type", ""))
    for prefix, reason in _NOT_MEDIA.items():
        if kind.startswith(prefix):
            return Skipped(name, reason)
    path = str(props.get("File Path", ""))
    if not path:
        return Skipped(name, "no media file behind this clip (made inside Resolve)")
    if kind == "Still":
        return Skipped(name, "a still image: nothing to log over time")
    if props.get("Online Status") == "Offline" or not os.path.exists(path):
        return Skipped(name, f"offline: {path} is not there. Relink it in Resolve (right-click ▸ Relink Clips).")
    fps = props.get("FPS")
    rate = normalise_rate(float(fps)) if fps not in ("", None) and float(fps) > 0 else None
    return ResolveClip(
        item=item, name=name, path=path, kind=kind, rate=rate, frames=_int(props.get("Frames")),
        start_timecode=str(props.get("Start TC") or "00:00:00:00"), audio_channels=_int(props.get("Audio Ch")),
    )


def read_items(items: list[Any], source: str) -> ClipSelection:
    selection = ClipSelection(source=source)
    for item in items or []:
        found = read_clip(item)
        (selection.clips if isinstance(found, ResolveClip) else selection.skipped).append(found)
    return selection


def selected_clips(project: Any) -> ClipSelection:
    items = project.GetMediaPool().GetSelectedClips() or []
    return read_items(items, f"{len(items)} selected clip(s)")


def current_bin(project: Any) -> ClipSelection:
    folder = project.GetMediaPool().GetCurrentFolder()
    return read_items(folder.GetClipList() if folder else [], f"bin {folder.GetName() if folder else '?'}")


def _walk(folder: Any) -> list[Any]:
    """Every MediaPoolItem in ``folder`` and its subfolders, breadth first."""
    items: list[Any] = []
    pending = [folder] if folder else []
    while pending:
        current = pending.pop(0)
        items.extend(current.GetClipList() or [])
        pending.extend(current.GetSubFolderList() or [])
    return items


def folder_tree(folder: Any) -> ClipSelection:
    return read_items(_walk(folder), f"folder {folder.GetName()} and its subfolders")


def media_pool_folders(project: Any) -> dict[str, Any]:
    """Every media-pool folder by its path ("Master / Day 1 / A cam"), the root first, depth first."""
    found: dict[str, Any] = {}

    def visit(folder: Any, prefix: str) -> None:
        path = f"{prefix} / {folder.GetName()}" if prefix else (folder.GetName() or "Master")
        found[path] = folder
        for sub in folder.GetSubFolderList() or []:
            visit(sub, path)

    root = project.GetMediaPool().GetRootFolder()
    if root:
        visit(root, "")
    return found


def all_clips(project: Any) -> list[Any]:
    """Every MediaPoolItem in the project, timelines included (undo looks at all of them)."""
    return _walk(project.GetMediaPool().GetRootFolder())


#: which clips a job works on: the media-pool selection, the current bin, a folder and its subfolders, every clip
SCOPES = ("selection", "bin", "folder", "all")


class UnknownFolder(LookupError):
    """The chosen media-pool folder is not in the project (renamed, deleted, or another project)."""


def clips_in_scope(project: Any, scope: str, folder: str = "") -> ClipSelection:
    """The clips of ``scope``; ``folder`` is a folder's path ("Master / Day 1") for the "folder" scope."""
    if scope == "folder":
        found = media_pool_folders(project).get(folder)
        if found is None:
            raise UnknownFolder(folder)
        return folder_tree(found)
    if scope == "bin":
        return current_bin(project)
    if scope == "all":
        return folder_tree(project.GetMediaPool().GetRootFolder())
    return selected_clips(project)
