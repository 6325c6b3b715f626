"""Undo derush: remove what derush wrote to a project (its markers, keywords, fields, clip colours,
timelines and runner-up takes), and nothing else. A value the editor changed after derush wrote it is the
editor's now and stays: a derush timeline where the editor added takes of their own is kept, with derush's takes
and markers taken out of it (take_selector.py keeps the record of which takes are derush's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resolve_plugin.resolve.reader import all_clips
from resolve_plugin.resolve.tags import Ledger, is_ours, remove_our_markers, split_keywords
from resolve_plugin.resolve.take_selector import editors_work, read_ledger, remove_our_takes


@dataclass
class UndoReport:
    clips_cleaned: int = 0
    markers_removed: int = 0
    takes_removed: int = 0
    timelines_removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # values the editor changed since: left alone
    failures: list[str] = field(default_factory=list)


def is_derush_timeline(timeline: Any) -> bool:
    """Made by derush: it carries derush's markers, or derush's record of its takes."""
    return any(is_ours(info) for info in (timeline.GetMarkers() or {}).values()) or read_ledger(timeline) is not None


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
    derushs = [t for t in timelines if t and is_derush_timeline(t)]
    work = {t.GetUniqueId(): editors_work(t) for t in derushs}
    worked_on = [t for t in derushs if any(work[t.GetUniqueId()])]
    ours = [t for t in derushs if not any(work[t.GetUniqueId()])]
    for timeline in worked_on:
        added, picked = work[timeline.GetUniqueId()]
        takes = remove_our_takes(timeline)
        report.takes_removed += takes.removed
        report.markers_removed += remove_our_markers(timeline)
        report.kept += takes.kept
        report.kept.append(f"timeline {timeline.GetName()}: kept, you added {added} take(s) and picked another take "
                           f"on {picked} item(s) in it; derush's other takes and its markers were taken out")
    if ours:
        names = [t.GetName() for t in ours]
        if media_pool.DeleteTimelines(ours):
            report.timelines_removed.extend(names)
        else:
            report.failures.append(f"Resolve would not delete the timeline(s) {', '.join(names)}")
    for item in all_clips(project):
        undo_clip(item, report)
    return report
