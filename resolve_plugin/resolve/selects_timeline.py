"""A selects plan -> a new timeline in the open project: the hits' clips found in the media pool (imported when
they are not there yet), then the same timeline builder as a cut, every write read back."""

from __future__ import annotations

from typing import Any

from protos.edit_plan import EditPlan
from resolve_plugin.resolve.errors import ResolveWriteError
from resolve_plugin.resolve.reader import ResolveClip, folder_tree
from resolve_plugin.resolve.timeline_builder import TimelineReport, build_timeline


def _items_by_path(project: Any) -> dict[str, Any]:
    root = project.GetMediaPool().GetRootFolder()
    return {clip.path: clip.item for clip in folder_tree(root).clips if isinstance(clip, ResolveClip)}


def build_selects(project: Any, plan: EditPlan) -> TimelineReport:
    items = _items_by_path(project)
    wanted = sorted({e.clip.path for e in plan.events} - set(items))
    if wanted:  # hits on clips this project has not imported yet
        project.GetMediaPool().ImportMedia(wanted)
        items = _items_by_path(project)
        still = [p for p in wanted if p not in items]
        if still:
            raise ResolveWriteError(f"Resolve would not import {len(still)} clip(s) of the selects ({still[0]}...): "
                                    "check that the files are there and that Resolve can read them.")
    return build_timeline(project, plan, items)
