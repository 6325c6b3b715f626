"""What every file writer shares: the interface, its error, and the plan checks they all rely on.

Writers are adapters: the edit plan decides (protos/edit_plan.py), a writer only translates it
into one file format. None of them changes the cut.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol, runtime_checkable

from protos.edit_plan import EditEvent, EditPlan

log = logging.getLogger(__name__)


class WriterError(ValueError):
    """The plan cannot be written in this format (the message says what to change)."""


@runtime_checkable
class Writer(Protocol):
    """One interchange format. ``write`` returns every file it wrote (some formats write a sidecar)."""

    suffix: str  # the file name ending, with its dot (".fcpxml")

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]: ...


def main_track(plan: EditPlan) -> list[EditEvent]:
    """The main-track events in record order, refusing overlaps a single track cannot hold."""
    events = sorted(plan.events, key=lambda e: e.record_in)
    end = None
    for event in events:
        if event.source_frames <= 0:
            raise WriterError(f"event on {event.clip.name} has no frames ({event.source_in}-{event.source_out})")
        if event.record_in < 0:
            raise WriterError(f"event on {event.clip.name} starts before the timeline (record_in {event.record_in})")
        if end is not None and event.record_in < end:
            raise WriterError(
                f"events overlap on track 1 at record frame {event.record_in}: lay them out with EditPlan.retimed()"
            )
        end = plan.record_out(event)
    return events


def placed_alternates(plan: EditPlan) -> list[EditEvent]:
    """Alternates that fit on the one alternates track, as the OTIO writer places them (one per place);
    the others stay in the JSON proposal."""
    placed: list[EditEvent] = []
    end = 0
    for event in sorted(plan.alternates, key=lambda e: e.record_in):
        if event.source_frames <= 0 or event.record_in < end:
            log.info("alternate on %s at frame %d left out: its place is taken", event.clip.name, event.record_in)
            continue
        placed.append(event)
        end = event.record_in + plan.record_frames(event)
    return placed


def one_line(text: str) -> str:
    """Text on a single line (EDL comments and markers are line-based)."""
    return " ".join(text.split())


def write_text(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.write_text(text, encoding="utf-8", newline="\n")
    log.info("wrote %s", path)
    return path
