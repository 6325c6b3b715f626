"""Technical problems (picture and sound) as an editor filters on them: markers, tags and keywords.

Every problem found by ``look`` and ``sound`` goes out three ways, from one ``Problem``:
- a red clip marker spanning the problem's frames, named for the problem, with a note saying what and where;
- a per-segment tag ``Problem`` = name, with start/end seconds and a confidence;
- a whole-clip ``Keywords`` tag (``Shaky``, ``Audio clipping``...), once per kind, for keyword Smart Bins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from protos.timecode import seconds_to_clock, seconds_to_frame, seconds_to_frame_boundary


@dataclass(frozen=True)
class Problem:
    name: str  # marker name and ``Problem`` tag value: "Underexposed", "Shaky camera", "Audio clipping"
    keyword: str  # the clip keyword it adds: "Underexposed", "Shaky", "Audio clipping"
    start: float  # seconds from the clip's start
    end: float
    what: str  # the measure, for the note: "Mean luma 12%"
    confidence: float  # 0.5 where the measure just crosses its threshold, towards 1 the further it goes

    @property
    def note(self) -> str:
        if seconds_to_clock(self.start) == seconds_to_clock(self.end):  # a still, or a single frame
            return f"{self.what} at {seconds_to_clock(self.start)}"
        return f"{self.what} from {seconds_to_clock(self.start)} to {seconds_to_clock(self.end)}"


def confidence(value: float, threshold: float, full: float) -> float:
    """0.5 at ``threshold``, 1.0 at ``full`` (either side of it), linear between: how clear a call is."""
    if full == threshold:
        return 1.0
    return float(min(1.0, max(0.5, 0.5 + 0.5 * (value - threshold) / (full - threshold))))


def runs(flags: Sequence[bool], max_gap: int = 0) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of flagged items, bridging up to ``max_gap`` unflagged ones between."""
    found: list[tuple[int, int]] = []
    for i, flag in enumerate(flags):
        if not flag:
            continue
        if found and i - found[-1][1] - 1 <= max_gap:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


def write_problems(result: pb.ClipAnalysis, problems: Sequence[Problem], rate: Fraction | None, frames: int,
                   source: str) -> None:
    """Markers (when the clip has frames), ``Problem`` tags and one ``Keywords`` tag per kind of problem."""
    for problem in problems:
        result.tags.append(pb.Tag(name="Problem", value=problem.name, confidence=problem.confidence,
                                  start=problem.start, end=problem.end, source=source))
        if not rate:
            continue  # audio-only: Resolve clip markers count frames
        first = seconds_to_frame(problem.start, rate)
        last = max(first + 1, seconds_to_frame_boundary(problem.end, rate))
        if frames > 0:
            first, last = min(first, frames - 1), min(last, frames)
        result.markers.append(pb.Marker(frame=first, duration=max(1, last - first), color=CATEGORY_COLORS["problem"],
                                        name=problem.name, note=problem.note, custom_data=custom_data("problem")))
    for keyword in dict.fromkeys(p.keyword for p in problems):
        best = max(p.confidence for p in problems if p.keyword == keyword)
        result.tags.append(pb.Tag(name="Keywords", value=keyword, confidence=best, source=source))
