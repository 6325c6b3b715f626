"""Runner-up takes in Resolve's take selector, and their removal by "Undo derush".

Each event of the cut is a timeline item on V1; its runner-ups go into that item's take selector
(``TimelineItem.AddTake``), derush's choice stays selected (``SelectTakeByIndex``), and the selection is never
finalized on the editor's behalf (``FinalizeTake`` would throw the other takes away). The editor flips between
takes in place.

A take covers the runner-up's in point for the length of the event, at the event's rate: flipping takes never
changes the cut's timing, whatever Resolve does with takes of another length (unmeasured; docs/resolve-emulator.md
§8a). So a runner-up at another frame rate, or whose clip ends before that range does, is left out with a note.

What derush added is recorded on the timeline's own media-pool item (third-party metadata ``derush takes``:
item unique id -> every take the item held when derush made it, and derush's choice), so undo removes exactly
derush's takes and never one the editor added since.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from protos.edit_plan import EditEvent, EditPlan

log = logging.getLogger(__name__)

LEDGER_KEY = "derush takes"


@dataclass
class TakesReport:
    added: int = 0
    notes: list[str] = field(default_factory=list)  # runner-ups left out, and why
    mismatches: list[str] = field(default_factory=list)  # Resolve did not keep what was asked


def take_key(info: dict) -> list:
    """A take as the ledger keeps it: [media-pool item unique id, startFrame, endFrame]."""
    item = info.get("mediaPoolItem")
    uid = item.GetUniqueId() if item else ""
    return [uid or "", _number(info.get("startFrame")), _number(info.get("endFrame"))]


def takes_of(item: Any) -> list[list]:
    return [take_key(item.GetTakeByIndex(i) or {}) for i in range(1, int(item.GetTakesCount() or 0) + 1)]


def add_runner_ups(timeline: Any, plan: EditPlan, items_by_path: dict[str, Any], start: int) -> TakesReport:
    """Put each event's runner-ups into the take selector of its V1 item (record frames from ``start``)."""
    report = TakesReport()
    placed = {int(i.GetStart()): i for i in timeline.GetItemListInTrack("video", 1) or []}
    events = {e.record_in: e for e in plan.events}
    ledger: dict[str, dict] = {}
    for record_in in sorted({a.record_in for a in plan.alternates}):
        runner_ups = [a for a in plan.alternates if a.record_in == record_in]
        event, item = events.get(record_in), placed.get(start + record_in)
        if event is None or item is None:
            report.notes.append(f"{len(runner_ups)} runner-up take(s) at record frame {record_in} left out: "
                                "no event of the cut there")
            continue
        added = [a for a in runner_ups if _add(item, event, a, items_by_path, report)]
        if not added:
            continue
        report.added += len(added)
        entry = _select_choice(item, event, items_by_path, report)
        if entry is not None:
            ledger[item.GetUniqueId()] = entry
    if ledger and not _write_ledger(timeline, ledger):
        report.notes.append("Resolve would not keep derush's record of its takes: Undo derush will leave them")
    return report


def _add(item: Any, event: EditEvent, runner_up: EditEvent, items_by_path: dict[str, Any],
         report: TakesReport) -> bool:
    where = f"runner-up {runner_up.clip.name} for {event.clip.name} at record frame {event.record_in}"
    if runner_up.clip.rate != event.clip.rate:
        report.notes.append(f"{where} left out: {float(runner_up.clip.rate):.3f} fps, the event is "
                            f"{float(event.clip.rate):.3f} fps (a take must play at the event's rate)")
        return False
    clip = items_by_path[runner_up.clip.path]
    end = runner_up.source_in + event.source_frames
    frames = frames_in_resolve(clip) or runner_up.clip.frames
    if end > frames:
        report.notes.append(f"{where} left out: its clip ends at frame {frames}, before the take would "
                            f"({runner_up.source_in}-{end}, the event's length)")
        return False
    if not item.AddTake(clip, runner_up.source_in, end):
        report.mismatches.append(f"{where}: Resolve would not add it as a take")
        return False
    return True


def _select_choice(item: Any, event: EditEvent, items_by_path: dict[str, Any], report: TakesReport) -> dict | None:
    """Select derush's choice (the item's own take) and return the item's ledger entry."""
    takes = takes_of(item)
    choice_uid = items_by_path[event.clip.path].GetUniqueId()
    index = next((n for n, (uid, first, _) in enumerate(takes, start=1)
                  if uid == choice_uid and first == event.source_in), 0)
    where = f"V1 {event.clip.name} at record frame {event.record_in}"
    if not index:
        report.mismatches.append(f"{where}: derush's choice is not among the item's takes")
        return None
    if not item.SelectTakeByIndex(index) or int(item.GetSelectedTakeIndex() or 0) != index:
        report.mismatches.append(f"{where}: Resolve would not select derush's choice (take {index})")
    elif (item.GetMediaPoolItem() or _Nothing()).GetUniqueId() != choice_uid:
        report.mismatches.append(f"{where}: the selected take does not show derush's choice")
    return {"choice": takes[index - 1], "takes": takes}


# --- the record, and undo ---------------------------------------------------------------------------------------


def read_ledger(timeline: Any) -> dict[str, dict] | None:
    """derush's takes on ``timeline`` by item unique id; None when the timeline has no readable record."""
    clip = timeline.GetMediaPoolItem()
    raw = clip.GetThirdPartyMetadata(LEDGER_KEY) if clip else ""
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _write_ledger(timeline: Any, ledger: dict[str, dict]) -> bool:
    clip = timeline.GetMediaPoolItem()
    value = json.dumps(ledger, separators=(",", ":"))
    return bool(clip and clip.SetThirdPartyMetadata(LEDGER_KEY, value)) and read_ledger(timeline) == ledger


@dataclass
class TakesUndo:
    removed: int = 0
    kept: list[str] = field(default_factory=list)


def take_selectors(timeline: Any) -> list[Any]:
    items = []
    for track in range(1, int(timeline.GetTrackCount("video") or 0) + 1):
        items += [i for i in timeline.GetItemListInTrack("video", track) or [] if int(i.GetTakesCount() or 0)]
    return items


def editors_work(timeline: Any) -> tuple[int, int]:
    """(takes derush did not add, items showing another take than derush's choice) on ``timeline``: the editor's
    work, which undo keeps. Without derush's record every take counts as the editor's."""
    ledger = read_ledger(timeline) or {}
    added = picked = 0
    for item in take_selectors(timeline):
        entry = ledger.get(item.GetUniqueId()) or {}
        takes = takes_of(item)
        added += sum(1 for take in takes if take not in entry.get("takes", []))
        selected = int(item.GetSelectedTakeIndex() or 0)
        if entry and 1 <= selected <= len(takes) and takes[selected - 1] != entry.get("choice"):
            picked += 1
    return added, picked


def remove_our_takes(timeline: Any) -> TakesUndo:
    """Delete derush's takes from ``timeline``'s items, except a selected one (the editor's pick now)."""
    undo = TakesUndo()
    ledger = read_ledger(timeline) or {}
    for item in take_selectors(timeline):
        ours = (ledger.get(item.GetUniqueId()) or {}).get("takes", [])
        selected = int(item.GetSelectedTakeIndex() or 0)
        takes = takes_of(item)
        for index in range(len(takes), 0, -1):  # from the end: deleting shifts the later indices
            if takes[index - 1] not in ours:
                continue
            if index == selected:
                if takes[index - 1] != (ledger.get(item.GetUniqueId()) or {}).get("choice"):
                    undo.kept.append(f"{item.GetName()}: the runner-up take the editor selected, kept")
                continue
            if item.DeleteTakeByIndex(index):
                undo.removed += 1
    clip = timeline.GetMediaPoolItem()
    if ledger and clip:
        clip.SetThirdPartyMetadata(LEDGER_KEY, "")
    return undo


def frames_in_resolve(clip: Any) -> int:
    """A MediaPoolItem's length as Resolve counts it ("Frames" is a string; empty for sound-only clips, §6)."""
    try:
        return int(float((clip.GetClipProperty() or {}).get("Frames") or 0))
    except (TypeError, ValueError):
        return 0


def _number(value: Any) -> float | int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, (int, float)) else 0


class _Nothing:
    def GetUniqueId(self) -> str:  # noqa: N802 - stands in for a MediaPoolItem Resolve did not return
        return ""
