"""The editor's choices on a proposal before Apply, without Qt: each line of the cut kept, swapped for its runner-up
or dropped, and the plan those choices make.

A line is the events of one take (a take cut around its dead air is several events, one after another) and the
runner-up under its first event (``EditPlan.add_alternate`` puts it at the same record frame). Events that say no
line (b-roll, an aside between lines) are each a line of their own, with no runner-up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from protos.edit_plan import Caption, EditEvent, EditPlan, PlanMarker
from protos.reasons import ReasonPart

KEEP, SWAP, DROP = "keep", "swap", "drop"
CHOSEN = "the editor's choice in the panel"  # said in a swapped-in take's reason (the cut sketch colours it so)
_TAKE = re.compile(r"take \d+ of \d+ \([^)]*\)")  # "take 2 of 3 (A001_C004)", as propose.py says it


@dataclass(frozen=True)
class Line:
    events: tuple[int, ...]  # indexes into the plan's events, in record order
    alternate: int | None  # index into the plan's alternates: its runner-up, if it has one
    label: str  # "line 3"; "" for b-roll and asides


def _label(reason: str) -> str:
    head = reason.split(",", 1)[0].strip()
    return head if head.startswith("line ") else ""


def lines_of(plan: EditPlan) -> list[Line]:
    """The plan's lines, in record order."""
    groups: list[list[int]] = []
    for index, event in enumerate(plan.events):
        label = _label(event.reason)
        if groups and label and _label(plan.events[groups[-1][0]].reason) == label:
            groups[-1].append(index)
        else:
            groups.append([index])
    under = {alt.record_in: n for n, alt in enumerate(plan.alternates)}
    return [Line(tuple(g), under.get(plan.events[g[0]].record_in), _label(plan.events[g[0]].reason)) for g in groups]


def line_of_event(lines: list[Line]) -> dict[int, int]:
    """Event index -> the index of its line."""
    return {event: n for n, line in enumerate(lines) for event in line.events}


def _swapped_in(alternate: EditEvent, replaced: EditEvent) -> EditEvent:
    """The runner-up as the line's event; its reason says it is the editor's choice and over which take."""
    reason = alternate.reason.removeprefix("alternate for ")
    over = _TAKE.search(replaced.reason)
    reason += f"; {CHOSEN}" + (f", over {over.group(0)}" if over else "")
    parts = tuple(ReasonPart("line", p.values) if p.code == "alternate" else p for p in alternate.reason_parts)
    return replace(alternate, track=1, enabled=True, reason=reason, reason_parts=parts)


def _runner_up(original: list[EditEvent], swapped: EditEvent, plan: EditPlan) -> EditEvent:
    """The line as derush proposed it, now the runner-up of the swapped-in take: from its first frame to its last,
    no longer than the line now lasts (one runner-up per line, without overlaps, as the proposal has them)."""
    first, last = original[0], original[-1]
    end = last.source_out if last.clip == first.clip else first.source_out
    room = math.floor(plan.record_frames(swapped) * first.clip.rate / plan.rate)
    return replace(first, source_out=min(end, first.source_in + room), track=2, enabled=False,
                   reason=f"alternate for {first.reason}", reason_parts=())


def edited_plan(plan: EditPlan, choices: dict[int, str]) -> EditPlan:
    """The plan with each line's choice (line index -> KEEP, SWAP or DROP; KEEP when not given) applied: dropped
    lines left out, swapped lines played by their runner-up (the proposed take becomes the runner-up), the rest
    closed up behind them. Markers and captions follow their event; those of a swapped take go with it."""
    lines = lines_of(plan)
    out = EditPlan(plan.name, plan.rate, uncovered_lines=list(plan.uncovered_lines), notes=list(plan.notes),
                   frame_size=plan.frame_size)
    moved: dict[int, int] = {}  # original event index -> its new record_in (kept events only)
    for n, line in enumerate(lines):
        choice = choices.get(n, KEEP)
        events = [plan.events[i] for i in line.events]
        if choice == DROP:
            continue
        if choice == SWAP and line.alternate is not None:
            swapped = _place(out, _swapped_in(plan.alternates[line.alternate], events[0]))
            out.alternates.append(replace(_runner_up(events, swapped, plan), record_in=swapped.record_in))
            out.markers.append(PlanMarker(swapped.record_in, 1, "Blue", "derush", swapped.reason, "derush:cut"))
            continue
        for i, event in zip(line.events, events):
            moved[i] = _place(out, event).record_in
        if line.alternate is not None:
            out.alternates.append(replace(plan.alternates[line.alternate], record_in=moved[line.events[0]]))
    for marker in plan.markers:
        shift = _shift(plan, moved, marker.frame)
        if shift is not None:
            out.markers.append(replace(marker, frame=marker.frame + shift))
    for caption in plan.captions:
        shift = _shift(plan, moved, caption.record_in)
        if shift is not None:
            out.captions.append(Caption(caption.record_in + shift, caption.record_out + shift, caption.text))
    out.markers.sort(key=lambda m: m.frame)
    out.captions.sort(key=lambda c: c.record_in)
    return out


def _place(plan: EditPlan, event: EditEvent) -> EditEvent:
    start = plan.record_out(plan.events[-1]) if plan.events else 0
    placed = replace(event, record_in=start)
    plan.events.append(placed)
    return placed


def _shift(plan: EditPlan, moved: dict[int, int], frame: int) -> int | None:
    """How far a record frame moved: that of the kept event holding it; None when its event is gone or swapped."""
    for index, event in enumerate(plan.events):
        if event.record_in <= frame < plan.record_out(event):
            return moved[index] - event.record_in if index in moved else None
    return None


def counts(lines: list[Line], choices: dict[int, str]) -> dict[str, int]:
    """How many lines are kept, swapped and dropped."""
    out = {KEEP: 0, SWAP: 0, DROP: 0}
    for n, line in enumerate(lines):
        choice = choices.get(n, KEEP)
        out[KEEP if choice == SWAP and line.alternate is None else choice] += 1  # nothing to swap it for
    return out
