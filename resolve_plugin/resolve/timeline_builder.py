"""Edit plan -> a NEW Resolve timeline, every write read back and compared.

Never touches an existing timeline: the cut goes into a new one named after its source with a counter
("A001 derush cut 2"), so it sorts beside its source. In AppendToTimeline clipInfo, startFrame/endFrame
are source frames (endFrame exclusive) and recordFrame is absolute (docs/resolve-emulator.md §8).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from protos.edit_plan import EditEvent, EditPlan
from protos.timecode import is_drop_frame_rate
from resolve_plugin.resolve.errors import ResolveWriteError
from resolve_plugin.resolve.tags import WriteReport, write_markers

log = logging.getLogger(__name__)

MAX_NAME_TRIES = 999
ALTERNATES_TRACK = 2
_VIDEO_ONLY = 1  # clipInfo mediaType (docs/resolve-emulator.md §8)

# Resolve's timelineFrameRate strings (docs/resolve-emulator.md §9); drop frame is a separate suffix.
_RATE_NAMES = {
    Fraction(24000, 1001): "23.976", Fraction(24): "24", Fraction(25): "25", Fraction(30000, 1001): "29.97",
    Fraction(30): "30", Fraction(48): "48", Fraction(50): "50", Fraction(60000, 1001): "59.94", Fraction(60): "60",
}


@dataclass
class TimelineReport:
    name: str = ""
    timeline: Any = None
    start_frame: int = 0
    events_written: int = 0
    alternates_written: int = 0
    markers: WriteReport = field(default_factory=lambda: WriteReport(clip="timeline"))
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.markers.ok


def rate_setting(rate: Fraction) -> str:
    name = _RATE_NAMES.get(rate)
    if name is None:
        raise ResolveWriteError(f"Resolve has no {float(rate):.3f} fps timeline; conform the clips to a standard rate.")
    return f"{name} DF" if is_drop_frame_rate(rate) else name


def unique_timeline_name(project: Any, base: str) -> list[str]:
    """Candidate names, free ones first: ``base 1``, ``base 2``... (CreateEmptyTimeline refuses duplicates)."""
    taken = {project.GetTimelineByIndex(i).GetName() for i in range(1, (project.GetTimelineCount() or 0) + 1)}
    return [f"{base} {n}" for n in range(1, MAX_NAME_TRIES + 1) if f"{base} {n}" not in taken]


def build_timeline(project: Any, plan: EditPlan, items_by_path: dict[str, Any]) -> TimelineReport:
    """Create a new timeline holding ``plan``; ``items_by_path`` maps each clip's file path to its MediaPoolItem."""
    missing = sorted({e.clip.path for e in plan.events + plan.alternates} - set(items_by_path))
    if missing:
        raise ResolveWriteError(
            f"{len(missing)} clip(s) of the cut are not in this project's media pool ({missing[0]}...): import them "
            "or open the project they belong to."
        )
    media_pool = project.GetMediaPool()
    report = TimelineReport()
    for name in unique_timeline_name(project, plan.name):
        timeline = media_pool.CreateEmptyTimeline(name)
        if timeline:  # None: the name exists (maybe created meanwhile); try the next
            report.name, report.timeline = name, timeline
            break
    else:
        raise ResolveWriteError(f"Resolve would not create a timeline named {plan.name!r} 1..{MAX_NAME_TRIES}.")
    project.SetCurrentTimeline(timeline)  # AppendToTimeline targets the current timeline (§13.8)
    _set_rate(timeline, plan.rate, report)
    report.start_frame = int(timeline.GetStartFrame())

    report.events_written = _append(media_pool, timeline, plan, plan.events, items_by_path, report, track=1)
    if plan.alternates:
        while (timeline.GetTrackCount("video") or 0) < ALTERNATES_TRACK:
            if not timeline.AddTrack("video"):
                report.mismatches.append("Resolve would not add a video track for the alternates")
                break
        else:
            report.alternates_written = _append(media_pool, timeline, plan, plan.alternates, items_by_path, report,
                                                track=ALTERNATES_TRACK, media_type=_VIDEO_ONLY)
            timeline.SetTrackName("video", ALTERNATES_TRACK, "derush alternates")
            if not timeline.SetTrackEnable("video", ALTERNATES_TRACK, False):
                report.mismatches.append("Resolve would not disable the alternates track")
    duration = plan.duration_frames + 1  # timeline markers may sit on the last frame
    write_markers(timeline, plan.markers, duration, "", report.markers)
    return report


def _set_rate(timeline: Any, rate: Fraction, report: TimelineReport) -> None:
    wanted = rate_setting(rate)
    if timeline.GetSetting("timelineFrameRate") == wanted:
        return
    timeline.SetSetting("useCustomSettings", "1")  # others change only on a custom-settings timeline (§9)
    timeline.SetSetting("timelineFrameRate", wanted)
    got = timeline.GetSetting("timelineFrameRate")
    if got != wanted:
        report.mismatches.append(f"timeline rate: asked {wanted}, Resolve kept {got}")


def _append(media_pool: Any, timeline: Any, plan: EditPlan, events: list[EditEvent], items_by_path: dict[str, Any],
            report: TimelineReport, track: int, media_type: int | None = None) -> int:
    start = report.start_frame
    infos = []
    for event in events:
        # endFrame is exclusive, but one equal to the clip's length appended nothing in a measured case:
        # pass at most frames - 1 (docs/resolve-emulator.md §8); the read-back reports the frame this loses.
        end = min(event.source_out, event.clip.frames - 1) if event.clip.frames else event.source_out
        info = {"mediaPoolItem": items_by_path[event.clip.path], "startFrame": event.source_in,
                "endFrame": end, "recordFrame": start + event.record_in, "trackIndex": track}
        if media_type is not None:
            info["mediaType"] = media_type
        infos.append(info)
    if infos:
        # Before 20.3.2, AppendToTimeline failed when no media-pool clip was selected (docs/resolve-emulator.md §8)
        media_pool.SetSelectedClip(infos[0]["mediaPoolItem"])
    media_pool.AppendToTimeline(infos)
    return _read_back(timeline, plan, events, track, report)


def _read_back(timeline: Any, plan: EditPlan, events: list[EditEvent], track: int, report: TimelineReport) -> int:
    """Compare what the track holds with the plan, event by event."""
    start = report.start_frame
    placed = {}
    for item in timeline.GetItemListInTrack("video", track) or []:
        placed[int(item.GetStart())] = item
    matched = 0
    for event in events:
        where = f"V{track} {event.clip.name} at record frame {event.record_in}"
        item = placed.get(start + event.record_in)
        if item is None:
            report.mismatches.append(f"{where}: missing (Resolve dropped it)")
            continue
        frames = plan.record_frames(event)
        got = int(item.GetEnd()) - int(item.GetStart())
        source_in = _source_start(item)
        if got != frames:
            report.mismatches.append(f"{where}: {got} frames long, planned {frames}")
        elif source_in is not None and source_in != event.source_in:
            report.mismatches.append(f"{where}: starts at source frame {source_in}, planned {event.source_in}")
        else:
            matched += 1
    return matched


def _source_start(item: Any) -> int | None:
    """GetSourceStartFrame exists from 19.0.2; on older builds the name resolves to None (§13.4)."""
    try:
        value = item.GetSourceStartFrame()
    except TypeError:
        return None
    return None if value in (None, "") else int(value)
