"""How close a proposal came to the editor's cut (``derush eval``).

Events are matched by clip and overlapping source range, in source frames at the clip's rate:

- **kept**: a proposal event whose media the editor's cut still uses (trimmed or not);
- **swapped**: a proposal line the editor no longer uses, replaced by another take: an editor's event that uses
  one of the line's runner-ups, or that sits where the line was (between the same kept neighbours);
- **removed**: a proposal event the editor's cut does not use, not swapped;
- **added**: an editor's event that uses no proposal media and replaced nothing.

Figures: take agreement (lines whose take the editor kept, over lines kept or swapped), frames IoU (source frames
used by both over frames used by either, over all clips), order tau (Kendall's tau-b of the kept events' order),
duration ratio (the editor's cut over the proposal, in timeline seconds).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from resolve_plugin.cut_reading import Cut, CutEvent, CutFileError

Interval = tuple[int, int]


@dataclass
class EventVerdict:
    status: str  # kept, swapped, removed, added
    proposal: int | None  # index in the proposal's events
    reference: list[int]  # indices in the editor's events
    clip: str
    line: str
    iou: float


@dataclass
class Evaluation:
    take_agreement: float | None
    frames_iou: float
    order_tau: float | None
    duration_ratio: float | None
    kept: int
    swapped: int
    removed: int
    added: int
    events: list[EventVerdict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "take_agreement": self.take_agreement, "frames_iou": self.frames_iou, "order_tau": self.order_tau,
            "duration_ratio": self.duration_ratio, "kept": self.kept, "swapped": self.swapped,
            "removed": self.removed, "added": self.added, "notes": self.notes,
            "events": [{"status": v.status, "proposal_index": v.proposal, "reference_indices": v.reference,
                        "clip": v.clip, "line": v.line or None, "iou": v.iou} for v in self.events],
        }


def _frames(event: CutEvent, rate: float) -> Interval:
    return round(event.start_s * rate), round(event.end_s * rate)


def _overlap(a: Interval, b: Interval) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _union_length(intervals: list[Interval]) -> int:
    total, end = 0, None
    for start, stop in sorted(intervals):
        if end is None or start > end:
            total += stop - start
            end = stop
        elif stop > end:
            total += stop - end
            end = stop
    return total


def _intersection_length(a: list[Interval], b: list[Interval]) -> int:
    """Frames in both unions (each side merged first, so overlapping events count once)."""
    def merged(intervals):
        out: list[list[int]] = []
        for start, stop in sorted(intervals):
            if out and start <= out[-1][1]:
                out[-1][1] = max(out[-1][1], stop)
            else:
                out.append([start, stop])
        return out
    return sum(_overlap(tuple(x), tuple(y)) for x in merged(a) for y in merged(b))


def kendall_tau(ranks: list[int]) -> float | None:
    """Kendall's tau-b between positions 0..n-1 and ``ranks`` (ties in ranks allowed); None under two items."""
    n = len(ranks)
    if n < 2:
        return None
    concordant = discordant = tied = 0
    for i in range(n):
        for j in range(i + 1, n):
            if ranks[i] < ranks[j]:
                concordant += 1
            elif ranks[i] > ranks[j]:
                discordant += 1
            else:
                tied += 1
    pairs = n * (n - 1) // 2
    denominator = math.sqrt(pairs * (pairs - tied))
    return (concordant - discordant) / denominator if denominator else None


def evaluate(proposal: Cut, reference: Cut) -> Evaluation:
    rates = {e.key: e.rate for e in proposal.events + proposal.alternates}  # the proposal knows each clip's rate
    rate_of = lambda e: rates.get(e.key, e.rate)  # noqa: E731
    p_frames = [_frames(e, rate_of(e)) for e in proposal.events]
    r_frames = [_frames(e, rate_of(e)) for e in reference.events]
    if not set(rates) & {e.key for e in reference.events}:
        raise CutFileError(f"The editor's cut {reference.name!r} shares no clip with the proposal {proposal.name!r}: "
                           "is it the cut of these rushes? Compare the proposal with the timeline made from it.")
    by_clip: dict[str, list[int]] = defaultdict(list)
    for j, e in enumerate(reference.events):
        by_clip[e.key].append(j)
    matches = [[j for j in by_clip[p.key] if _overlap(p_frames[i], r_frames[j]) > 0]
               for i, p in enumerate(proposal.events)]
    used_r = {j for m in matches for j in m}
    status = ["kept" if m else "" for m in matches]
    swap_in: dict[int, list[int]] = {}  # proposal event -> editor's events that replaced its line
    lines = _lines(proposal)
    for line, members in lines.items():
        if any(status[i] for i in members):
            continue  # some of the line is kept: a trim, not a swap
        replacement = _replacement(proposal, reference, line, members, matches, used_r, r_frames, rate_of)
        if replacement:
            used_r.update(replacement)
            for i in members:
                status[i] = "swapped"
                swap_in[i] = replacement
    verdicts = []
    for i, p in enumerate(proposal.events):
        kind = status[i] or "removed"
        refs = matches[i] or swap_in.get(i, [])
        iou = 0.0
        if kind == "kept":
            inter = _intersection_length([p_frames[i]], [r_frames[j] for j in refs])
            union = _union_length([p_frames[i]] + [r_frames[j] for j in refs])
            iou = inter / union if union else 0.0
        verdicts.append(EventVerdict(kind, i, refs, p.name, p.line, iou))
    added = [j for j in range(len(reference.events)) if j not in used_r]
    verdicts += [EventVerdict("added", None, [j], reference.events[j].name, "", 0.0) for j in added]
    return Evaluation(
        take_agreement=_take_agreement(lines, status), frames_iou=_frames_iou(proposal, reference, p_frames,
                                                                               r_frames),
        order_tau=kendall_tau([min(m) for m in matches if m]),
        duration_ratio=reference.duration_s / proposal.duration_s if proposal.duration_s else None,
        kept=status.count("kept"), swapped=status.count("swapped"), removed=status.count(""), added=len(added),
        events=verdicts, notes=list(reference.notes))


def _lines(cut: Cut) -> dict[str, list[int]]:
    """Proposal events by line (an event naming no line is a line of its own)."""
    lines: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(cut.events):
        lines[e.line or f"event {i + 1}"].append(i)
    return lines


def _replacement(proposal: Cut, reference: Cut, line: str, members: list[int], matches: list[list[int]],
                 used_r: set[int], r_frames: list[Interval], rate_of) -> list[int]:
    """The editor's events that replaced a line no longer used: those using one of its runner-ups, else those
    between the line's kept neighbours (in place of it) that use no proposal media."""
    free = [j for j in range(len(reference.events)) if j not in used_r]
    alternates = [a for a in proposal.alternates if a.line == line and line]
    by_alternate = [j for j in free for a in alternates if reference.events[j].key == a.key
                    and _overlap(_frames(a, rate_of(a)), r_frames[j]) > 0]
    if by_alternate:
        return sorted(set(by_alternate))
    before = [min(matches[i]) for i in range(min(members)) if matches[i]]
    after = [min(matches[i]) for i in range(max(members) + 1, len(proposal.events)) if matches[i]]
    low, high = (max(before) if before else -1), (min(after) if after else len(reference.events))
    between = [j for j in free if low < j < high]
    # in place of the line: exactly what lies between its neighbours, when it is not what another line lost
    return between if between and len(between) <= len(members) + 1 else []


def _take_agreement(lines: dict[str, list[int]], status: list[str]) -> float | None:
    kept = sum(1 for members in lines.values() if any(status[i] == "kept" for i in members))
    swapped = sum(1 for members in lines.values() if all(status[i] == "swapped" for i in members))
    return kept / (kept + swapped) if kept + swapped else None


def _frames_iou(proposal: Cut, reference: Cut, p_frames: list[Interval], r_frames: list[Interval]) -> float:
    p_by, r_by = defaultdict(list), defaultdict(list)
    for e, f in zip(proposal.events, p_frames):
        p_by[e.key].append(f)
    for e, f in zip(reference.events, r_frames):
        r_by[e.key].append(f)
    inter = sum(_intersection_length(p_by[k], r_by[k]) for k in p_by.keys() & r_by.keys())
    union = sum(_union_length(p_by[k] + r_by[k]) for k in p_by.keys() | r_by.keys())
    return inter / union if union else 0.0


def format_table(evaluation: Evaluation, proposal: Cut, reference: Cut) -> str:
    """The per-event table and the totals, as ``derush eval`` prints them."""
    rows = [f"{'#':>3}  {'status':8} {'line':8} {'clip':28} {'iou':>5}  editor's event(s)"]
    for v in evaluation.events:
        number = "" if v.proposal is None else str(v.proposal + 1)
        refs = ", ".join(str(j + 1) for j in v.reference) or "-"
        iou = f"{v.iou:.2f}" if v.status == "kept" else ""
        rows.append(f"{number:>3}  {v.status:8} {v.line or '':8} {v.clip[:28]:28} {iou:>5}  {refs}")

    def figure(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"
    rows.append("")
    rows.append(f"take agreement {figure(evaluation.take_agreement)}  frames IoU {figure(evaluation.frames_iou)}  "
                f"order tau {figure(evaluation.order_tau)}  duration ratio {figure(evaluation.duration_ratio)} "
                f"({reference.duration_s:.1f} s / {proposal.duration_s:.1f} s)")
    rows.append(f"kept {evaluation.kept}, swapped {evaluation.swapped}, removed {evaluation.removed}, "
                f"added {evaluation.added}")
    rows += [f"note: {n}" for n in evaluation.notes]
    return "\n".join(rows)
