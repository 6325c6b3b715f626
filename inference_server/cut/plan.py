"""The edit plan: the one internal description of a cut that every writer adapts (OTIO, Resolve, ...).

Source frames count from each clip's first frame at the clip's own rate; ``source_out`` is exclusive.
Record positions are frames from the timeline's start at the timeline rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class SourceClip:
    media_id: str
    path: str
    rate: Fraction
    frames: int
    start_timecode: str = "00:00:00:00"


@dataclass(frozen=True)
class EditEvent:
    clip: SourceClip
    source_in: int
    source_out: int  # exclusive
    reason: str
    track: int = 1  # 1-based, as in Resolve
    enabled: bool = True

    @property
    def source_frames(self) -> int:
        return self.source_out - self.source_in

    def duration_s(self) -> float:
        return float(self.source_frames / self.clip.rate)


@dataclass(frozen=True)
class PlanMarker:
    frame: int  # from the timeline's start
    duration: int
    color: str
    name: str
    note: str
    custom_data: str = ""


@dataclass
class EditPlan:
    name: str
    rate: Fraction  # timeline rate
    events: list[EditEvent] = field(default_factory=list)
    alternates: list[EditEvent] = field(default_factory=list)  # runner-up takes, on a disabled track
    markers: list[PlanMarker] = field(default_factory=list)
    uncovered_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def record_frames(self, event: EditEvent) -> int:
        """How many timeline frames ``event`` fills (clips at another rate are retimed by duration)."""
        return round(event.source_frames * self.rate / event.clip.rate)

    def record_ins(self) -> list[int]:
        """Timeline start of each event, laid end to end on the main track."""
        starts, position = [], 0
        for event in self.events:
            starts.append(position)
            position += self.record_frames(event)
        return starts

    @property
    def duration_frames(self) -> int:
        return sum(self.record_frames(e) for e in self.events)

    @property
    def duration_s(self) -> float:
        return float(self.duration_frames / self.rate)
