"""The edit plan: the one internal description of a cut that every writer adapts (OTIO, FCPXML, EDL,
SRT, the Resolve API writer). Writers never decide anything; they translate this.

Frames:
- source frames count from each clip's first frame at the clip's own rate; ``source_out`` is exclusive;
- record frames count from the timeline's first frame (0, shown as 01:00:00:00 in Resolve) at the
  timeline rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction

from protos.media_files import file_name
from protos.reasons import ReasonPart


@dataclass(frozen=True)
class Crop:
    """The part of the source picture a reframed timeline shows, in source pixels from the top left."""
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class SourceClip:
    media_id: str
    path: str  # absolute path as the editor's machine sees it
    rate: Fraction
    frames: int  # length of the media in frames
    start_timecode: str = "00:00:00:00"

    @property
    def name(self) -> str:
        return file_name(self.path)


@dataclass(frozen=True)
class EditEvent:
    clip: SourceClip
    source_in: int
    source_out: int  # exclusive
    reason: str  # why this material, in words an editor reads
    record_in: int = 0  # timeline frame where the event starts
    track: int = 1  # 1-based video track, as in Resolve
    enabled: bool = True
    crop: Crop | None = None  # reframed (a vertical cutdown); None: the whole picture
    reason_parts: tuple[ReasonPart, ...] = ()  # ``reason`` in parts, for a client's language (protos/reasons.py)

    @property
    def source_frames(self) -> int:
        return self.source_out - self.source_in

    def duration_s(self) -> float:
        return float(self.source_frames / self.clip.rate)


@dataclass(frozen=True)
class PlanMarker:
    frame: int  # record frame (from the timeline's start)
    duration: int
    color: str  # one of Resolve's 16 marker colours
    name: str
    note: str
    custom_data: str = ""


@dataclass(frozen=True)
class Caption:
    """A subtitle line in record time, from the transcript of the material in the cut."""

    record_in: int
    record_out: int  # exclusive
    text: str


@dataclass
class EditPlan:
    name: str
    rate: Fraction  # timeline rate
    events: list[EditEvent] = field(default_factory=list)  # track 1, in record order
    alternates: list[EditEvent] = field(default_factory=list)  # runner-up takes: track 2, disabled
    markers: list[PlanMarker] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    uncovered_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the timeline's frame size when the cut is reframed to another aspect (width, height); None: the sources'
    frame_size: tuple[int, int] | None = None

    def record_frames(self, event: EditEvent) -> int:
        """Timeline frames ``event`` fills. A clip at another rate keeps its duration, floored to whole
        timeline frames as Resolve's AppendToTimeline does (docs/resolve-emulator.md §8), so every writer agrees."""
        return math.floor(event.source_frames * self.rate / event.clip.rate)

    def record_out(self, event: EditEvent) -> int:
        return event.record_in + self.record_frames(event)

    def append(self, clip: SourceClip, source_in: int, source_out: int, reason: str,
               reason_parts: tuple[ReasonPart, ...] = ()) -> EditEvent:
        """Add an event at the end of the main track."""
        start = self.record_out(self.events[-1]) if self.events else 0
        event = EditEvent(clip, source_in, source_out, reason, record_in=start, reason_parts=tuple(reason_parts))
        self.events.append(event)
        return event

    def add_alternate(self, primary: EditEvent, clip: SourceClip, source_in: int, source_out: int,
                      reason: str, reason_parts: tuple[ReasonPart, ...] = ()) -> EditEvent:
        """A runner-up for ``primary``, under it on the disabled alternates track."""
        event = EditEvent(clip, source_in, source_out, reason, record_in=primary.record_in, track=2, enabled=False,
                          reason_parts=tuple(reason_parts))
        self.alternates.append(event)
        return event

    def retimed(self, events: list[EditEvent]) -> list[EditEvent]:
        """``events`` laid end to end from frame 0, in the given order (after dropping or reordering)."""
        laid, position = [], 0
        for event in events:
            laid.append(replace(event, record_in=position))
            position += self.record_frames(event)
        return laid

    @property
    def duration_frames(self) -> int:
        return max((self.record_out(e) for e in self.events), default=0)

    @property
    def duration_s(self) -> float:
        return float(self.duration_frames / self.rate)
