"""Edit plan -> OpenTimelineIO timeline, shaped the way Resolve's own OTIO export is.

Resolve's shape (docs/interchange.md §3.2): timeline starts at 01:00:00:00; media references are
bare absolute paths; available and source ranges are in media time including the start timecode;
marker notes also go in ``metadata["Resolve_OTIO"]["Note"]``; only colours both sides share.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import opentimelineio as otio

from protos.edit_plan import EditEvent, EditPlan
from protos.interchange.base import write_text
from protos.resolve_vocabulary import marker_color_to_otio
from protos.timecode import rational_time, time_range, timecode_to_frames, timeline_start_frame

log = logging.getLogger(__name__)

def to_otio(plan: EditPlan) -> otio.schema.Timeline:
    timeline = otio.schema.Timeline(name=plan.name)
    # 01:00:00:00, or 01:00:00;00 on a drop-frame timeline
    timeline.global_start_time = rational_time(timeline_start_frame(plan.rate), plan.rate)
    timeline.metadata["Resolve_OTIO"] = {"Resolve OTIO Meta Version": "1.0"}
    if plan.frame_size:
        timeline.metadata["derush"] = {"width": plan.frame_size[0], "height": plan.frame_size[1]}
    timeline.tracks.append(_track("Video 1", plan, plan.events))
    if plan.alternates:
        # Runner-up takes under the events they could replace, disabled, as Resolve shows alternates
        alternates = _track("Video 2", plan, plan.alternates)
        alternates.enabled = False
        timeline.tracks.append(alternates)
    for marker in plan.markers:
        timeline.tracks.markers.append(
            _marker(marker.name, marker.note, marker.color,
                    time_range(marker.frame, marker.frame + marker.duration, plan.rate))
        )
    return timeline


def to_otio_json(plan: EditPlan) -> str:
    return otio.adapters.write_to_string(to_otio(plan), "otio_json")


@dataclass
class OtioWriter:
    """``.otio``, the primary export. Subtitles cannot ride in OTIO (no subtitle track kind): write the SRT
    beside it."""

    suffix: str = ".otio"

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        return [write_text(path, to_otio_json(plan))]


def _track(name: str, plan: EditPlan, events: list[EditEvent]) -> otio.schema.Track:
    """Events at their record frames, gaps between; one event per place (later overlapping ones are left
    out and logged: a track cannot hold two clips at once)."""
    track = otio.schema.Track(name=name, kind=otio.schema.TrackKind.Video)
    track.metadata["Resolve_OTIO"] = {"Locked": False}
    position = 0
    for event in sorted(events, key=lambda e: e.record_in):
        if event.record_in < position:
            log.info("%s: %s at record frame %d overlaps the previous event; left out of the OTIO track",
                     name, event.clip.name, event.record_in)
            continue
        if event.record_in > position:
            track.append(otio.schema.Gap(source_range=time_range(0, event.record_in - position, plan.rate)))
        track.append(_clip(event, plan))
        position = event.record_in + plan.record_frames(event)
    return track


def _clip(event: EditEvent, plan: EditPlan) -> otio.schema.Clip:
    clip_rate = event.clip.rate
    media_start = timecode_to_frames(event.clip.start_timecode, clip_rate)
    reference = otio.schema.ExternalReference(
        target_url=event.clip.path,
        available_range=time_range(media_start, media_start + event.clip.frames, clip_rate),
    )
    if clip_rate == plan.rate:
        source_range = time_range(media_start + event.source_in, media_start + event.source_out, clip_rate)
    else:
        # Resolve writes a clip at another rate with its source range in the timeline's rate, the reference
        # keeping the media's (docs/interchange.md §1.1, fixture F3), so the clip fills its planned record frames.
        start = rational_time(media_start + event.source_in, clip_rate).rescaled_to(float(plan.rate))
        source_range = otio.opentime.TimeRange(start, rational_time(plan.record_frames(event), plan.rate))
    clip = otio.schema.Clip(name=event.clip.name, media_reference=reference, source_range=source_range)
    clip.enabled = event.enabled
    clip.metadata["Resolve_OTIO"] = {}
    if event.crop:
        # OTIO has no crop in its schema: kept for tools that read derush's metadata (Resolve's import ignores it)
        clip.metadata["derush"] = {"crop": {"x": event.crop.x, "y": event.crop.y, "width": event.crop.width,
                                            "height": event.crop.height}}
    if event.reason:
        # A marker over the clip's whole range carries the reason (Resolve keeps markers, not custom metadata).
        clip.markers.append(_marker("derush", event.reason, "Blue", clip.source_range))
    return clip


def _marker(name: str, note: str, color: str, marked_range: otio.opentime.TimeRange) -> otio.schema.Marker:
    marker = otio.schema.Marker(name=name, marked_range=marked_range, color=marker_color_to_otio(color))
    marker.comment = note
    marker.metadata["Resolve_OTIO"] = {"Keywords": [], "Note": note}
    return marker
