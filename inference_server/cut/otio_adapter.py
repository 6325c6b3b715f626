"""Edit plan -> OpenTimelineIO timeline, shaped the way Resolve's own OTIO export is.

Resolve's shape (reference/interchange.md §3.2): timeline starts at 01:00:00:00; media references are
bare absolute paths; available and source ranges are in media time including the start timecode;
marker notes also go in ``metadata["Resolve_OTIO"]["Note"]``; only colours both sides share.
"""

from __future__ import annotations

from fractions import Fraction

import opentimelineio as otio

from inference_server.cut.plan import EditEvent, EditPlan
from inference_server.timecode import rational_time, time_range, timecode_to_frames

TIMELINE_START_TC = "01:00:00:00"

# Resolve colour -> OTIO colour; Resolve writes Mint as GREEN, and so on. Unknown ones fall back to
# the nearest shared name rather than risk a colour Resolve may not read.
_OTIO_COLORS = {
    "Blue": "BLUE", "Cyan": "CYAN", "Green": "GREEN", "Yellow": "YELLOW", "Red": "RED", "Pink": "PINK",
    "Purple": "PURPLE", "Fuchsia": "PINK", "Rose": "PINK", "Lavender": "PURPLE", "Sky": "CYAN",
    "Mint": "GREEN", "Lemon": "YELLOW", "Sand": "YELLOW", "Cocoa": "RED", "Cream": "YELLOW",
}


def to_otio(plan: EditPlan) -> otio.schema.Timeline:
    timeline = otio.schema.Timeline(name=plan.name)
    timeline.global_start_time = rational_time(timecode_to_frames(TIMELINE_START_TC, plan.rate), plan.rate)
    timeline.metadata["Resolve_OTIO"] = {"Resolve OTIO Meta Version": "1.0"}
    main = otio.schema.Track(name="Video 1", kind=otio.schema.TrackKind.Video)
    main.metadata["Resolve_OTIO"] = {"Locked": False}
    for event in plan.events:
        main.append(_clip(event, plan.rate))
    timeline.tracks.append(main)
    if plan.alternates:
        timeline.tracks.append(_alternates_track(plan))
    for marker in plan.markers:
        timeline.tracks.markers.append(
            _marker(marker.name, marker.note, marker.color,
                    time_range(marker.frame, marker.frame + marker.duration, plan.rate))
        )
    return timeline


def to_otio_json(plan: EditPlan) -> str:
    return otio.adapters.write_to_string(to_otio(plan), "otio_json")


def _clip(event: EditEvent, timeline_rate: Fraction) -> otio.schema.Clip:
    clip_rate = event.clip.rate
    media_start = timecode_to_frames(event.clip.start_timecode, clip_rate)
    reference = otio.schema.ExternalReference(
        target_url=event.clip.path,
        available_range=time_range(media_start, media_start + event.clip.frames, clip_rate),
    )
    clip = otio.schema.Clip(
        name=_basename(event.clip.path),
        media_reference=reference,
        source_range=time_range(media_start + event.source_in, media_start + event.source_out, clip_rate),
    )
    clip.enabled = event.enabled
    clip.metadata["Resolve_OTIO"] = {}
    if event.reason:
        # A marker in media time over the clip's whole range carries the reason (Resolve keeps markers,
        # not custom metadata).
        clip.markers.append(_marker("derush", event.reason, "Blue", clip.source_range))
    return clip


def _alternates_track(plan: EditPlan) -> otio.schema.Track:
    """Runner-up takes under the events they could replace, with gaps between: disabled, as Resolve shows
    alternates (IntelliScript puts them on a disabled track too)."""
    track = otio.schema.Track(name="Video 2", kind=otio.schema.TrackKind.Video)
    track.metadata["Resolve_OTIO"] = {"Locked": False}
    track.enabled = False
    position = 0
    for event in sorted(plan.alternates, key=lambda e: e.record_in):
        if event.record_in < position:
            continue  # one alternate per place on this track; the others stay in the JSON proposal
        if event.record_in > position:
            track.append(otio.schema.Gap(source_range=time_range(0, event.record_in - position, plan.rate)))
        track.append(_clip(event, plan.rate))
        position = event.record_in + plan.record_frames(event)
    return track


def _marker(name: str, note: str, color: str, marked_range: otio.opentime.TimeRange) -> otio.schema.Marker:
    marker = otio.schema.Marker(name=name, marked_range=marked_range, color=_OTIO_COLORS.get(color, "BLUE"))
    marker.comment = note
    marker.metadata["Resolve_OTIO"] = {"Keywords": [], "Note": note}
    return marker


def _basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
