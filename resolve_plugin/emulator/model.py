"""The emulated Resolve's data: projects, media-pool folders and clips, timelines, tracks and items.

Plain dataclasses, no API: the proxies in resolve.py, media_pool.py, timeline.py read and change them. Keeping
data apart from proxies is what lets ``SaveProject`` snapshot a project (a deep copy) and ``CloseProject`` throw
the unsaved state away, and lets every API call return a fresh proxy as Resolve does (§3, §13.11).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from protos.media_probe import MediaInfo
from protos.timecode import frames_to_timecode
from resolve_plugin.emulator.markers import MarkerStore

TRACK_TYPES = ("video", "audio", "subtitle")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False)
class FolderModel:
    name: str
    parent: FolderModel | None = None
    uid: str = field(default_factory=new_id)
    subfolders: list[FolderModel] = field(default_factory=list)
    clips: list[ClipModel] = field(default_factory=list)
    alive: bool = True

    def walk(self):
        yield self
        for sub in self.subfolders:
            yield from sub.walk()

    def contains(self, other: FolderModel) -> bool:
        return any(f is other for f in self.walk())


@dataclass(eq=False)
class ClipModel:
    """A media-pool item: a media file (or part of one), or a timeline (Type "Timeline")."""

    name: str
    folder: FolderModel | None
    kind: str = "media"  # "media" or "timeline"
    uid: str = field(default_factory=new_id)
    media_id: str = field(default_factory=new_id)
    path: Path | None = None
    info: MediaInfo | None = None
    rate: Fraction = Fraction(24)  # video rate; audio-only clips keep the project rate of their import
    frames: int = 0  # length in frames at ``rate`` (a subclip's own length)
    first_frame: int = 0  # a subclip's first frame in its media
    has_video: bool = False
    has_audio: bool = False
    start_tc: str = "00:00:00:00"  # the media's start timecode
    tc_start: int = 0  # the same as a frame number at ``rate``
    drop: bool = False
    image_sequence: bool = False
    properties: dict[str, Any] = field(default_factory=dict)  # technical properties fixed at import
    metadata: dict[str, str] = field(default_factory=dict)
    third_party: dict[str, str] = field(default_factory=dict)
    markers: MarkerStore = field(default_factory=MarkerStore)
    flags: list[str] = field(default_factory=list)
    color: str = ""
    online: bool = True
    proxy_path: str = ""
    mark_in_out: dict[str, dict[str, float]] = field(default_factory=dict)
    synced_audio: str = ""
    timeline: TimelineModel | None = None
    alive: bool = True

    @property
    def is_timeline(self) -> bool:
        return self.kind == "timeline"

    def clip_rate(self) -> Fraction:
        return self.timeline.rate if self.is_timeline else self.rate

    def clip_frames(self) -> int:
        return timeline_length(self.timeline) if self.is_timeline else self.frames

    def clip_has(self, kind: str) -> bool:
        if self.is_timeline:
            return kind in ("video", "audio")
        return self.has_video if kind == "video" else self.has_audio


@dataclass(eq=False)
class TakeModel:
    """One take of a take selector: a clip and its source range (frames at the clip's rate, end exclusive)."""

    clip: ClipModel
    start: float
    end: float


@dataclass(eq=False)
class ItemModel:
    """A timeline item. Record positions are timeline frames counted from the timeline start (so a new start
    timecode moves everything at once); source frames are at the clip's rate, from the clip's first frame."""

    kind: str  # "video" or "audio"
    name: str
    clip: ClipModel | None
    offset: float
    duration: float
    source_start: float
    source_end: float  # exclusive
    uid: str = field(default_factory=new_id)
    markers: MarkerStore = field(default_factory=MarkerStore)
    flags: list[str] = field(default_factory=list)
    color: str = ""
    enabled: bool = True
    link: int | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    takes: list[TakeModel] = field(default_factory=list)  # empty: not a take selector
    selected_take: int = 0  # 1-based; 0 when not a take selector
    alive: bool = True

    @property
    def end(self) -> float:
        return self.offset + self.duration


@dataclass(eq=False)
class TrackModel:
    kind: str
    name: str = ""  # empty: the default "Video 1" / "Audio 1" / "Subtitle 1"
    enabled: bool = True
    locked: bool = False
    sub_type: str = ""  # audio channel format: "mono", "stereo", ...
    items: list[ItemModel] = field(default_factory=list)

    def live_items(self) -> list[ItemModel]:
        return sorted((i for i in self.items if i.alive), key=lambda i: i.offset)


@dataclass(eq=False)
class TimelineModel:
    name: str
    rate: Fraction
    drop: bool
    start_frame: int
    settings: dict[str, str]
    uid: str = field(default_factory=new_id)
    tracks: dict[str, list[TrackModel]] = field(default_factory=lambda: {t: [] for t in TRACK_TYPES})
    markers: MarkerStore = field(default_factory=MarkerStore)
    clip: ClipModel | None = None
    mark_in_out: dict[str, dict[str, float]] = field(default_factory=dict)
    playhead: int = 0  # relative to the start
    selection: list[ItemModel] = field(default_factory=list)
    next_link: int = 1
    alive: bool = True

    def items(self) -> list[ItemModel]:
        return [i for tracks in self.tracks.values() for t in tracks for i in t.live_items()]

    def track_of(self, item: ItemModel) -> tuple[str, int] | None:
        for kind, tracks in self.tracks.items():
            for index, track in enumerate(tracks, start=1):
                if any(i is item for i in track.items):
                    return kind, index
        return None

    def start_timecode(self) -> str:
        return frames_to_timecode(self.start_frame, self.rate, self.drop)


def timeline_length(timeline: TimelineModel) -> int:
    """Frames from the start to the end of the last item (GetEndFrame - GetStartFrame, §13.1)."""
    ends = [i.end for i in timeline.items()]
    return math.ceil(max(ends)) if ends else 0


@dataclass(eq=False)
class ProjectModel:
    name: str
    settings: dict[str, str]
    uid: str = field(default_factory=new_id)
    root: FolderModel = field(default_factory=lambda: FolderModel("Master"))
    current_folder: FolderModel | None = None
    timelines: list[TimelineModel] = field(default_factory=list)
    current_timeline: TimelineModel | None = None
    selection: list[ClipModel] = field(default_factory=list)
    media_ids: dict[str, str] = field(default_factory=dict)  # file path -> media id, shared by its clips
    derive_reel_names: bool = False
    saved: ProjectModel | None = None
    in_database: bool = True
    dirty: bool = False  # changed since the last save (an Untitled project: since it opened)

    def __post_init__(self) -> None:
        if self.current_folder is None:
            self.current_folder = self.root

    def live_timelines(self) -> list[TimelineModel]:
        return [t for t in self.timelines if t.alive]

    def clips(self) -> list[ClipModel]:
        return [c for f in self.root.walk() for c in f.clips if c.alive]

    def media_id_for(self, path: Path) -> str:
        return self.media_ids.setdefault(str(path), new_id())
