"""Undo derush: remove what derush wrote to a project (its markers, keywords, fields, clip colours and
timelines), and nothing else. A value the editor changed after derush wrote it is the editor's now and
stays."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resolve_plugin.resolve.reader import all_clips
from resolve_plugin.resolve.tags import Ledger, is_ours, remove_our_markers, split_keywords


@dataclass
class UndoReport:
    clips_cleaned: int = 0
    markers_removed: int = 0
    timelines_removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # values the editor changed since: left alone
    failures: list[str] = field(default_factory=list)


def is_derush_timeline(timeline: Any) -> bool:
    return any(is_ours(info) for info in (timeline.GetMarkers() or {}).values())


def undo_clip(item: Any, report: UndoReport) -> None:
    ledger = Ledger.read(item)
    removed = remove_our_markers(item)
    report.markers_removed += removed
    if not (ledger.keywords or ledger.fields or ledger.clip_color) and not removed:
        return
    name = item.GetName()
    metadata = item.GetMetadata() or {}
    if ledger.keywords:
        ours = {k.lower() for k in ledger.keywords}
        existing = split_keywords(metadata.get("Keywords", ""))
        remaining = [k for k in existing if k.lower() not in ours]
        if remaining != existing:
            item.SetMetadata("Keywords", ", ".join(remaining))
    for key, value in ledger.fields.items():
        if str(metadata.get(key, "")) == value:
            item.SetMetadata(key, "")
        elif metadata.get(key):
            report.kept.append(f"{name}: {key} changed since derush wrote it, kept")
    if ledger.clip_color:
        if item.GetClipColor() == ledger.clip_color:
            item.ClearClipColor()
        else:
            report.kept.append(f"{name}: clip colour changed since derush set it, kept")
    if not Ledger().write(item):
        report.failures.append(f"{name}: Resolve refused to clear derush's record")
    report.clips_cleaned += 1


def undo_project(project: Any) -> UndoReport:
    report = UndoReport()
    media_pool = project.GetMediaPool()
    timelines = [project.GetTimelineByIndex(i) for i in range(1, (project.GetTimelineCount() or 0) + 1)]
    ours = [t for t in timelines if t and is_derush_timeline(t)]
    if ours:
        names = [t.GetName() for t in ours]
        if media_pool.DeleteTimelines(ours):
            report.timelines_removed.extend(names)
        else:
            report.failures.append(f"Resolve would not delete the timeline(s) {', '.join(names)}")
    for item in all_clips(project):
        undo_clip(item, report)
    return report
