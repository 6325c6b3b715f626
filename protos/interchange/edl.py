"""Edit plan -> CMX3600 EDL (one video track) and Resolve's timeline-marker EDL.

The cut EDL (docs/interchange.md §1.3):
- ``TITLE:`` and ``FCM:`` lines, ``DROP FRAME`` at 29.97/59.94 (timecodes then use ``;``);
- record timecode from 01:00:00:00 (01:00:00;00 at drop-frame rates), the start of a new Resolve timeline;
- one video track: the main-track events as cuts. Alternates are not in the EDL (Resolve reads one video track
  per EDL; they are on track 2 of the .otio and lane 1 of the FCPXML);
- reel: the media file name without extension, spaces and odd characters made ``_``, full length as Resolve
  writes it (``reel_length=8`` truncates for strict CMX readers; Resolve conforms by clip name too);
- ``* FROM CLIP NAME:`` (Resolve takes clip names from it), ``* SOURCE FILE:`` (the absolute path) and
  ``* COMMENT:`` (the event's reason);
- source timecode in each clip's own timecode at the clip's own rate: a 25 fps clip in a 23.976 timeline
  has 25 fps source timecodes, in and out exactly the plan's frames, while the record side spans the frames
  the clip fills on the timeline. Source and record durations then differ in frame count, as Resolve's
  conform plays the clip at normal speed; a reader that assumes one rate for every column reads it wrong.

The marker EDL is the one Resolve writes for Timelines > Export > Timeline Markers to EDL and reads back with
Import > Timeline Markers from EDL (§1.3): each marker a one-frame event, then a line
``<note> |C:ResolveColor<Colour> |M:<name> |D:<frames>``. Each event's reason rides along as a ``derush``
marker over the event (Blue, as in the OTIO file), after the plan's own timeline markers.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from protos.edit_plan import EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange.base import main_track, one_line, write_text
from protos.resolve_vocabulary import MARKER_COLORS
from protos.timecode import (
    frames_to_timecode,
    is_drop_frame_rate,
    is_drop_frame_timecode,
    timecode_to_frames,
    timeline_start_frame,
)

log = logging.getLogger(__name__)

REASON_MARKER = "derush"
REASON_COLOR = "Blue"
MARKERS_SUFFIX = ".markers.edl"


def to_edl(plan: EditPlan, reel_length: int | None = None) -> str:
    """The main track as a CMX3600 EDL."""
    drop = is_drop_frame_rate(plan.rate)
    start = timeline_start_frame(plan.rate)
    lines = _header(plan.name, drop)
    for number, event in enumerate(main_track(plan), start=1):
        clip = event.clip
        media_start = timecode_to_frames(clip.start_timecode, clip.rate)
        source_drop = is_drop_frame_rate(clip.rate) and is_drop_frame_timecode(clip.start_timecode)
        lines.append(_event_line(
            number, reel_name(clip, reel_length),
            frames_to_timecode(media_start + event.source_in, clip.rate, source_drop),
            frames_to_timecode(media_start + event.source_out, clip.rate, source_drop),
            frames_to_timecode(start + event.record_in, plan.rate, drop),
            frames_to_timecode(start + plan.record_out(event), plan.rate, drop),
        ))
        lines.append(f"* FROM CLIP NAME: {one_line(clip.name)}")
        lines.append(f"* SOURCE FILE: {one_line(clip.path)}")
        if event.reason:
            lines.append(f"* COMMENT: {one_line(event.reason)}")
        lines.append("")
    return "\n".join(lines) + "\n"


def to_marker_edl(plan: EditPlan, include_reasons: bool = True) -> str:
    """Timeline markers (and, by default, each event's reason) in Resolve's marker-EDL convention."""
    drop = is_drop_frame_rate(plan.rate)
    start = timeline_start_frame(plan.rate)
    markers = list(plan.markers)
    if include_reasons:
        markers += [_reason_marker(plan, event) for event in main_track(plan) if event.reason]
    for marker in markers:
        if marker.frame < 0:
            log.warning("marker %r before the timeline start left out", marker.name)
    lines = _header(plan.name, drop)
    kept = sorted((m for m in markers if m.frame >= 0), key=lambda m: m.frame)  # Resolve lists them in time order
    for number, marker in enumerate(kept, start=1):
        record_in = frames_to_timecode(start + marker.frame, plan.rate, drop)
        record_out = frames_to_timecode(start + marker.frame + 1, plan.rate, drop)
        # Resolve writes reel 001 and the record time on the source side too.
        lines.append(_event_line(number, "001", record_in, record_out, record_in, record_out))
        lines.append(marker_line(marker))
        lines.append("")
    return "\n".join(lines) + "\n"


def marker_line(marker: PlanMarker) -> str:
    """``<note> |C:ResolveColor<Colour> |M:<name> |D:<frames>``.

    Resolve takes the text before the first ``|`` as the note, so the note comes first and neither it nor the
    name may hold a ``|``. A note starting with a digit looks like an event line to EDL readers (an import
    reported dropping such markers [unverified]), so it gets a ``- `` in front.
    """
    note = _marker_text(marker.note)
    if note[:1].isdigit():
        note = f"- {note}"
    color = marker.color if marker.color in MARKER_COLORS else REASON_COLOR
    tags = f"|C:ResolveColor{color} |M:{_marker_text(marker.name)} |D:{max(marker.duration, 1)}"
    return f"{note} {tags}" if note else f" {tags}"


def reel_name(clip: SourceClip, length: int | None = None) -> str:
    """The file name without extension, as a single CMX field (no spaces); cut to ``length`` if given."""
    stem, _, _ = clip.name.rpartition(".")
    stem = stem or clip.name
    reel = re.sub(r"[^A-Za-z0-9_.-]", "_", stem) or "AX"
    return reel[:length] if length else reel


@dataclass
class EdlWriter:
    """Writes the cut EDL and, when the plan has markers or reasons, ``<name>.markers.edl`` beside it."""

    reel_length: int | None = None
    markers: bool = True
    suffix: str = ".edl"

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        path = Path(path)
        written = [write_text(path, to_edl(plan, self.reel_length))]
        if self.markers and (plan.markers or any(e.reason for e in plan.events)):
            written.append(MarkerEdlWriter().write(plan, marker_edl_path(path))[0])
        return written


@dataclass
class MarkerEdlWriter:
    """Writes only the marker EDL (for Import > Timeline Markers from EDL onto an existing timeline)."""

    include_reasons: bool = True
    suffix: str = MARKERS_SUFFIX

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        return [write_text(path, to_marker_edl(plan, self.include_reasons))]


def marker_edl_path(edl_path: str | Path) -> Path:
    edl_path = Path(edl_path)
    stem = edl_path.name[: -len(edl_path.suffix)] if edl_path.suffix else edl_path.name
    return edl_path.with_name(stem + MARKERS_SUFFIX)


def _header(title: str, drop: bool) -> list[str]:
    return [f"TITLE: {one_line(title)}", f"FCM: {'DROP FRAME' if drop else 'NON-DROP FRAME'}", ""]


def _event_line(number: int, reel: str, source_in: str, source_out: str, record_in: str, record_out: str) -> str:
    # CMX3600 columns: event, reel (8 wide, longer reels widen it), track, transition, four timecodes.
    if number > 999:
        log.warning("event %d: CMX3600 numbers events up to 999", number)
    return f"{number:03d}  {reel:<8} V     C        {source_in} {source_out} {record_in} {record_out}"


def _marker_text(text: str) -> str:
    return one_line(text.replace("|", "/")).lstrip("* ")


def _reason_marker(plan: EditPlan, event: EditEvent) -> PlanMarker:
    return PlanMarker(event.record_in, plan.record_frames(event), REASON_COLOR, REASON_MARKER, event.reason)

