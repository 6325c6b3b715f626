"""Edit plan -> a NEW Resolve timeline, every write read back and compared.

Never touches an existing timeline: the cut goes into a new one named after its source with a counter
("A001 derush cut 2"), so it sorts beside its source. In AppendToTimeline clipInfo, startFrame/endFrame
are source frames (endFrame exclusive) and recordFrame is absolute (docs/resolve-emulator.md §8).

The runner-up takes (``alternates``, job_options.ALTERNATES) go into each event's take selector
(take_selector.py), on a disabled V2 track, or nowhere.

An event that ends on its clip's last frame sends endFrame = the clip's length. Builds before 21.0 were seen
appending nothing for that (§8): such an event is placed again one frame earlier in its source (same length,
same place, so the timeline stays whole), or one frame short when it starts on the clip's first frame; the
report's notes say which.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from protos.edit_plan import EditEvent, EditPlan
from protos.interchange.base import placed_alternates
from protos.timecode import is_drop_frame_rate
from resolve_plugin.job_options import ALTERNATES, DEFAULT_ALTERNATES
from resolve_plugin.resolve.errors import ResolveWriteError
from resolve_plugin.resolve.reframe import reframe_items, set_frame_size
from resolve_plugin.resolve.tags import WriteReport, write_markers
from resolve_plugin.resolve.take_selector import add_runner_ups, frames_in_resolve

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
    alternates: str = DEFAULT_ALTERNATES  # where they went: "takes", "track" or "none"
    markers: WriteReport = field(default_factory=lambda: WriteReport(clip="timeline"))
    mismatches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what derush did differently from the plan, and why

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


def build_timeline(project: Any, plan: EditPlan, items_by_path: dict[str, Any],
                   alternates: str = DEFAULT_ALTERNATES) -> TimelineReport:
    """Create a new timeline holding ``plan``; ``items_by_path`` maps each clip's file path to its MediaPoolItem;
    ``alternates`` says where the runner-up takes go (job_options.ALTERNATES)."""
    if alternates not in ALTERNATES:
        raise ValueError(f"alternates must be one of {', '.join(ALTERNATES)}, not {alternates!r}")
    if alternates == "none":
        plan = replace(plan, alternates=[])
    missing = sorted({e.clip.path for e in plan.events + plan.alternates} - set(items_by_path))
    if missing:
        raise ResolveWriteError(
            f"{len(missing)} clip(s) of the cut are not in this project's media pool ({missing[0]}...): import them "
            "or open the project they belong to."
        )
    media_pool = project.GetMediaPool()
    report = TimelineReport(alternates=alternates)
    for name in unique_timeline_name(project, plan.name):
        timeline = media_pool.CreateEmptyTimeline(name)
        if timeline:  # None: the name exists (maybe created meanwhile); try the next
            report.name, report.timeline = name, timeline
            break
    else:
        raise ResolveWriteError(f"Resolve would not create a timeline named {plan.name!r} 1..{MAX_NAME_TRIES}.")
    project.SetCurrentTimeline(timeline)  # AppendToTimeline targets the current timeline (§13.8)
    _set_rate(timeline, plan.rate, report)
    if plan.frame_size:
        report.mismatches += set_frame_size(timeline, plan.frame_size)
    report.start_frame = int(timeline.GetStartFrame())

    report.events_written = _append(media_pool, timeline, plan, plan.events, items_by_path, report, track=1)
    report.mismatches += reframe_items(plan, _items_by_start(timeline, 1), report.start_frame)
    if plan.alternates and alternates == "takes":
        _alternates_as_takes(media_pool, timeline, plan, items_by_path, report)
    elif plan.alternates:
        _alternates_on_a_track(media_pool, timeline, plan, items_by_path, report)
    duration = plan.duration_frames + 1  # timeline markers may sit on the last frame
    write_markers(timeline, plan.markers, duration, "", report.markers)
    return report


def _alternates_as_takes(media_pool: Any, timeline: Any, plan: EditPlan, items_by_path: dict[str, Any],
                         report: TimelineReport) -> None:
    placed = timeline.GetItemListInTrack("video", 1) or []
    if placed and placed[0].AddTake is None:
        # No take selector API in this Resolve (an unknown name reads None, §13.4): the track instead.
        report.notes.append("this Resolve has no take selector in its API: the runner-up takes go on V2")
        report.alternates = "track"
        _alternates_on_a_track(media_pool, timeline, plan, items_by_path, report)
        return
    takes = add_runner_ups(timeline, plan, items_by_path, report.start_frame)
    report.alternates_written = takes.added
    report.notes += takes.notes
    report.mismatches += takes.mismatches


def _alternates_on_a_track(media_pool: Any, timeline: Any, plan: EditPlan, items_by_path: dict[str, Any],
                           report: TimelineReport) -> None:
    while (timeline.GetTrackCount("video") or 0) < ALTERNATES_TRACK:
        if not timeline.AddTrack("video"):
            report.mismatches.append("Resolve would not add a video track for the alternates")
            return
    fits = placed_alternates(plan)  # one track holds one runner-up per place, as in the file exports
    if len(fits) < len(plan.alternates):
        report.notes.append(f"{len(plan.alternates) - len(fits)} runner-up take(s) left off V2: their place is "
                            "taken by another runner-up (the take selector holds them all)")
    report.alternates_written = _append(media_pool, timeline, plan, fits, items_by_path, report,
                                        track=ALTERNATES_TRACK, media_type=_VIDEO_ONLY)
    timeline.SetTrackName("video", ALTERNATES_TRACK, "derush alternates")
    if not timeline.SetTrackEnable("video", ALTERNATES_TRACK, False):
        report.mismatches.append("Resolve would not disable the alternates track")


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
    """Place ``events`` on ``track`` and read them back; an event refused for ending on its clip's last frame is
    placed again one frame earlier (the module docstring says why)."""
    placed = [replace(e, track=track) for e in events]  # each event as it finally goes in
    _place(media_pool, placed, items_by_path, report.start_frame, media_type)
    on_track = _items_by_start(timeline, track)
    retries = []
    for index, event in enumerate(placed):
        frames = frames_in_resolve(items_by_path[event.clip.path])
        if report.start_frame + event.record_in in on_track or not frames or event.source_out < frames:
            continue
        first = max(0, event.source_in - 1)
        placed[index] = replace(event, source_in=first, source_out=frames - 1 if first == 0 else event.source_out - 1)
        retries.append(placed[index])
        how = "one frame short" if first == 0 else "one frame earlier in its source"
        report.notes.append(f"V{track} {event.clip.name} at record frame {event.record_in}: this Resolve appends "
                            f"nothing for a range ending on the clip's last frame, placed {how}")
    if retries:
        _place(media_pool, retries, items_by_path, report.start_frame, media_type)
    return _read_back(timeline, plan, placed, track, report)


def _place(media_pool: Any, events: list[EditEvent], items_by_path: dict[str, Any], start: int,
           media_type: int | None) -> None:
    infos = []
    for event in events:
        info = {"mediaPoolItem": items_by_path[event.clip.path], "startFrame": event.source_in,
                "endFrame": event.source_out, "recordFrame": start + event.record_in, "trackIndex": event.track}
        if media_type is not None:
            info["mediaType"] = media_type
        infos.append(info)
    if infos:
        # Before 20.3.2, AppendToTimeline failed when no media-pool clip was selected (docs/resolve-emulator.md §8)
        media_pool.SetSelectedClip(infos[0]["mediaPoolItem"])
        media_pool.AppendToTimeline(infos)


def _items_by_start(timeline: Any, track: int) -> dict[int, Any]:
    return {int(item.GetStart()): item for item in timeline.GetItemListInTrack("video", track) or []}


def _read_back(timeline: Any, plan: EditPlan, events: list[EditEvent], track: int, report: TimelineReport) -> int:
    """Compare what the track holds with the events as placed, event by event."""
    start = report.start_frame
    placed = _items_by_start(timeline, track)
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
