"""Building timelines: new timelines and placing clips on them (docs/resolve-emulator.md §8, §13.1, §13.9).

Measured rules this follows (§8):

* ``startFrame``/``endFrame`` are source frames from the clip's first frame, ``endFrame`` exclusive
  (duration = endFrame - startFrame) on every build measured (§8, §16). ``endFrame`` equal to the clip's length
  (its whole tail) is accepted from 21.0 (a 120-frame placement of a 120-frame clip on Studio 21.0.4.5) and
  appends nothing before 21.0 (the headless-edit-loop guide, Studio 19.1.3.7; 20.x unmeasured, we follow the
  older build). Past the clip's length appends nothing anywhere.
* ``trackIndex`` names the video track and the audio track of that number. A clip with video and audio sent to a
  video track that exists when the audio track of that number does not lands on the video track alone (Studio
  21.0.4.5 placed such a clip on V2 of a timeline with one audio track; where its sound went is unmeasured, and
  we choose to add no track the script did not ask for).
* ``recordFrame`` is an absolute timeline frame (86400 = first frame of a 01:00:00:00 / 24 fps timeline).
  Without it, a clip goes to the end of the timeline, as the UI's "Append at End" does [choice].
* Overlapping records on one track: the earlier item wins, the later is silently dropped, and the returned list
  holds a phantom for it, an item with an empty ``GetUniqueId()`` that is not on the timeline (LIM).
* Source rate different from the timeline's: the duration is floored to whole timeline frames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction

from protos.timecode import timecode_to_frames
from resolve_plugin.emulator.markers import Marker
from resolve_plugin.emulator.model import (
    ClipModel,
    ItemModel,
    ProjectModel,
    TimelineModel,
    TrackModel,
    timeline_length,
)
from resolve_plugin.emulator.product import Product, version_at_least
from resolve_plugin.emulator.project_settings import TIMELINE_KEYS, rate_of

DEFAULT_START = "01:00:00:00"
WHOLE_TAIL_FROM = (21, 0)  # endFrame = the clip's length accepted from this build (see the module docstring)

# TimelineItem.GetProperty keys of a video item and their defaults (vendor README's SetProperty table).
VIDEO_ITEM_PROPERTIES: dict[str, object] = {
    "Pan": 0.0, "Tilt": 0.0, "ZoomX": 1.0, "ZoomY": 1.0, "ZoomGang": True, "RotationAngle": 0.0,
    "AnchorPointX": 0.0, "AnchorPointY": 0.0, "Pitch": 0.0, "Yaw": 0.0, "FlipX": False, "FlipY": False,
    "CropLeft": 0.0, "CropRight": 0.0, "CropTop": 0.0, "CropBottom": 0.0, "CropSoftness": 0.0, "CropRetain": False,
    "DynamicZoomEase": 0, "CompositeMode": 0, "Opacity": 100.0, "Distortion": 0.0, "RetimeProcess": 0,
    "MotionEstimation": 0, "Scaling": 0, "ResizeFilter": 0,
}


@dataclass(frozen=True)
class Placement:
    """One clip to place: a MediaPoolItem alone, or a clipInfo dict (§8)."""

    clip: ClipModel
    start: float | None = None
    end: float | None = None
    record: float | None = None
    track: int = 1
    media_type: int | None = None


def timeline_name_taken(project: ProjectModel, name: str) -> bool:
    return any(t.name == name for t in project.live_timelines())


def new_timeline(project: ProjectModel, name: str) -> TimelineModel:
    """An empty timeline at the project's rate, starting at 01:00:00:00 (§13.1), with one video and one audio
    track, added to the media pool's current folder and made current (§14: whether it becomes current is
    unverified; Resolve's UI opens a new timeline, and we do the same)."""
    rate, drop = rate_of(project.settings)
    start = timecode_to_frames(DEFAULT_START if not drop else "01:00:00;00", rate)
    settings = {k: project.settings[k] for k in TIMELINE_KEYS if k in project.settings}
    settings["useCustomSettings"] = "0"
    timeline = TimelineModel(name, rate, drop, start, settings)
    timeline.tracks["video"].append(TrackModel("video"))
    timeline.tracks["audio"].append(TrackModel("audio", sub_type="stereo"))
    register(project, timeline)
    project.current_timeline = timeline
    return timeline


def register(project: ProjectModel, timeline: TimelineModel) -> None:
    folder = project.current_folder
    clip = ClipModel(name=timeline.name, folder=folder, kind="timeline", timeline=timeline, has_video=True,
                     has_audio=True)
    clip.uid = clip.media_id = timeline.uid
    timeline.clip = clip
    folder.clips.append(clip)
    project.timelines.append(timeline)


def delete_timeline(project: ProjectModel, timeline: TimelineModel) -> None:
    timeline.alive = False
    if timeline.clip is not None:
        timeline.clip.alive = False
        if timeline.clip.folder is not None:
            timeline.clip.folder.clips = [c for c in timeline.clip.folder.clips if c is not timeline.clip]
    if project.current_timeline is timeline:
        live = project.live_timelines()
        project.current_timeline = live[-1] if live else None


def place(product: Product, project: ProjectModel, timeline: TimelineModel, placements: list[Placement]) -> list:
    """Place clips in order; returns created items and phantoms (dropped for an overlap) in call order."""
    placed: list[ItemModel] = []
    for placement in placements:
        placed += _place_one(product, project, timeline, placement)
    return placed


def _place_one(product: Product, project: ProjectModel, timeline: TimelineModel, p: Placement) -> list[ItemModel]:
    clip = p.clip
    if not clip.alive or (clip.is_timeline and clip.timeline is timeline):
        return []
    kinds = [k for k in ("video", "audio") if clip.clip_has(k)]
    if p.media_type is not None:
        # §8: mediaType 1 - video only, 2 - audio only.
        wanted = {1: "video", 2: "audio"}.get(p.media_type)
        kinds = [k for k in kinds if k == wanted]
    if not kinds:
        return []
    frames = clip.clip_frames()
    start = 0 if p.start is None else p.start
    end = frames if p.end is None else p.end
    if p.end is not None and end >= frames and not version_at_least(product.version, WHOLE_TAIL_FROM):
        return []  # §8: before 21.0, endFrame = frames appended nothing (headless-edit-loop guide, 19.1.3.7)
    if not 0 <= start < end <= frames:
        return []
    duration = record_duration(end - start, clip.clip_rate(), timeline.rate)
    if duration <= 0:
        return []
    offset = timeline_length(timeline) if p.record is None else p.record - timeline.start_frame
    if offset < 0:
        return []
    if len(kinds) > 1 and p.track > len(timeline.tracks["audio"]) and 1 <= p.track <= len(timeline.tracks["video"]):
        kinds = ["video"]  # §8 LIM 21.0.4.5: lands on V<trackIndex>; no audio track of that number, no sound
    tracks: list[TrackModel] = []
    for kind in kinds:
        if not 1 <= p.track <= len(timeline.tracks[kind]):
            return []
        if (
            kind == "audio" and p.media_type == 2 and version_at_least(product.version, (20,))
            and not version_at_least(product.version, (20, 2, 2)) and p.track > len(timeline.tracks["video"])
        ):
            # R21.1 CHANGELOG, fixed in 20.2.2: "trackIndex validated against video tracks in Audio-Only mode".
            return []
        track = timeline.tracks[kind][p.track - 1]
        if track.locked:
            return []  # a locked track takes no edits (LIM: locking V1 makes the insert fail)
        tracks.append(track)
    link = None
    if len(kinds) > 1:
        link = timeline.next_link
        timeline.next_link += 1
    overlap = any(_overlaps(track, offset, duration) for track in tracks)
    items = []
    for kind, track in zip(kinds, tracks):
        item = ItemModel(kind, clip.name, clip, offset, duration, start, end, link=link,
                         properties=dict(VIDEO_ITEM_PROPERTIES) if kind == "video" else {})
        if overlap:
            # §8 LIM: the later item is dropped silently; the returned object is a phantom (empty unique id).
            item.uid, item.alive = "", False
        else:
            track.items.append(item)
        items.append(item)
    return items


def record_duration(source_frames: float, source_rate: Fraction, timeline_rate: Fraction) -> float:
    if source_rate == timeline_rate:
        return source_frames
    # §8 LIM: durations are floored to timeline frames when the rates differ.
    return math.floor(source_frames * timeline_rate / source_rate + 1e-9)


def _overlaps(track: TrackModel, offset: float, duration: float) -> bool:
    return any(i.offset < offset + duration and offset < i.end for i in track.live_items())


def duplicate(project: ProjectModel, timeline: TimelineModel, name: str) -> TimelineModel:
    copy = TimelineModel(name, timeline.rate, timeline.drop, timeline.start_frame, dict(timeline.settings))
    links: dict[int, int] = {}
    for kind, tracks in timeline.tracks.items():
        for track in tracks:
            new_track = TrackModel(kind, track.name, track.enabled, track.locked, track.sub_type)
            for item in track.live_items():
                link = None
                if item.link is not None:
                    link = links.setdefault(item.link, copy.next_link + len(links))
                new = ItemModel(item.kind, item.name, item.clip, item.offset, item.duration, item.source_start,
                                item.source_end, flags=list(item.flags), color=item.color, enabled=item.enabled,
                                link=link, properties=dict(item.properties), takes=[replace(t) for t in item.takes],
                                selected_take=item.selected_take)
                for frame, marker in item.markers.items():
                    new.markers.put(frame, _copy_marker(marker))
                new_track.items.append(new)
            copy.tracks[kind].append(new_track)
    copy.next_link += len(links)
    for frame, marker in timeline.markers.items():
        copy.markers.put(frame, _copy_marker(marker))
    register(project, copy)
    return copy


def _copy_marker(marker: Marker) -> Marker:
    return replace(marker)
