"""TimelineItem (docs/resolve-emulator.md §4, §5, §7, §13.1).

Positions: ``GetStart()``/``GetEnd()`` are absolute timeline frames and ``GetEnd() - GetStart() = GetDuration()``
(§13.1, VC). Source frames (``GetSourceStartFrame``, ``GetLeftOffset``) count from the clip's first frame;
``GetSourceEndFrame`` is exclusive, matching the clipInfo ``endFrame`` that made the item [unverified].
Markers on a timeline item are "clip offset" frames (§4); whether that counts from the visible start or from the
source media start is open (§5, §14). We count from the media's first frame (the same origin as the clip's own
markers and as Resolve's OTIO export, docs/interchange.md §1.1), so a marker must fall inside the item's source range.
"""

from __future__ import annotations

import math

from resolve_plugin.emulator import proxies, takes
from resolve_plugin.emulator.calls import api
from resolve_plugin.emulator.editing import VIDEO_ITEM_PROPERTIES
from resolve_plugin.emulator.markers import MarkerStore
from resolve_plugin.emulator.media_pool_item import audio_mapping
from resolve_plugin.emulator.model import ItemModel, ProjectModel, TimelineModel
from resolve_plugin.emulator.state import Session
from resolve_plugin.emulator.tagging import MarkerMethods, TagMethods

# SetProperty ranges (vendor README's table). Keys not listed take any number.
_RANGES: dict[str, tuple[float, float]] = {
    "ZoomX": (0.0, 100.0), "ZoomY": (0.0, 100.0), "RotationAngle": (-360.0, 360.0), "Pitch": (-1.5, 1.5),
    "Yaw": (-1.5, 1.5), "CropSoftness": (-100.0, 100.0), "Opacity": (0.0, 100.0), "Distortion": (-1.0, 1.0),
    "CropLeft": (0.0, 1e6), "CropRight": (0.0, 1e6), "CropTop": (0.0, 1e6), "CropBottom": (0.0, 1e6),
    "DynamicZoomEase": (0, 3), "RetimeProcess": (0, 3), "MotionEstimation": (0, 6), "Scaling": (0, 4),
    "ResizeFilter": (0, 20), "CompositeMode": (0, 30),
}


@proxies.api_class
class TimelineItem(MarkerMethods, TagMethods):
    def __init__(self, session: Session, project: ProjectModel, timeline: TimelineModel, model: ItemModel) -> None:
        super().__init__(session)
        self._project = project
        self._timeline = timeline
        self._model = model

    def _valid(self) -> bool:
        # A phantom (an append dropped for an overlap) is never valid: it answers '' to GetUniqueId (§8).
        return self._session.current_project is self._project and self._timeline.alive and self._model.alive

    def _marker_store(self) -> MarkerStore:
        return self._model.markers

    def _marker_bounds(self) -> tuple[float, float | None]:
        return self._model.source_start, self._model.source_end

    def _to_timeline(self, source_frames: float) -> float:
        clip = self._model.clip
        if clip is None or clip.clip_rate() == self._timeline.rate:
            return source_frames
        return math.floor(source_frames * self._timeline.rate / clip.clip_rate() + 1e-9)

    @api
    def GetName(self):
        return self._model.name

    @api
    def SetName(self, name):
        if not name:
            return False
        self._model.name = name
        return True

    @api
    def GetType(self):
        return self._model.kind

    @api
    def GetDuration(self, subframe_precision=False):
        return _frames(self._model.duration, subframe_precision)

    @api
    def GetStart(self, subframe_precision=False):
        return _frames(self._timeline.start_frame + self._model.offset, subframe_precision)

    @api
    def GetEnd(self, subframe_precision=False):
        return _frames(self._timeline.start_frame + self._model.end, subframe_precision)

    @api
    def GetLeftOffset(self, subframe_precision=False):
        return _frames(self._to_timeline(self._model.source_start), subframe_precision)

    @api
    def GetRightOffset(self, subframe_precision=False):
        clip = self._model.clip
        frames = clip.clip_frames() if clip is not None else self._model.source_end
        return _frames(self._to_timeline(frames - self._model.source_end), subframe_precision)

    def _first(self) -> int:
        clip = self._model.clip
        return clip.first_frame if clip is not None else 0

    @api
    def GetSourceStartFrame(self):
        return int(self._first() + self._model.source_start)

    @api
    def GetSourceEndFrame(self):
        return int(self._first() + self._model.source_end)

    def _seconds(self, frame: float) -> float:
        clip = self._model.clip
        if clip is None:
            return 0.0
        # LIM: the seconds readers answer in the media's timecode space (start timecode included).
        origin = clip.timeline.start_frame if clip.is_timeline else clip.tc_start
        return float((origin + clip.first_frame + frame) / clip.clip_rate())

    @api
    def GetSourceStartTime(self):
        return self._seconds(self._model.source_start)

    @api
    def GetSourceEndTime(self):
        return self._seconds(self._model.source_end)

    @api
    def GetMediaPoolItem(self):
        clip = self._model.clip
        if clip is None or not clip.alive:
            return None  # offline: its clip was deleted, or the import left it unlinked
        return proxies.clip(self._session, self._project, clip)

    @api
    def GetTrackTypeAndIndex(self):
        where = self._timeline.track_of(self._model)
        return list(where) if where is not None else []

    @api
    def GetLinkedItems(self):
        link = self._model.link
        if link is None:
            return []
        return [
            proxies.item(self._session, self._project, self._timeline, i)
            for i in self._timeline.items() if i.link == link and i is not self._model
        ]

    @api
    def SetProperty(self, propertyKey, propertyValue):
        properties = self._model.properties
        if propertyKey not in properties:
            return False
        default = VIDEO_ITEM_PROPERTIES[propertyKey]
        if isinstance(default, bool):
            if not isinstance(propertyValue, bool):
                return False
        elif isinstance(propertyValue, bool) or not isinstance(propertyValue, (int, float)):
            return False
        elif isinstance(default, int) and not isinstance(propertyValue, int):
            return False
        low, high = _RANGES.get(propertyKey, (-math.inf, math.inf))
        if not isinstance(default, bool) and not low <= propertyValue <= high:
            return False
        properties[propertyKey] = propertyValue if isinstance(default, (bool, int)) else float(propertyValue)
        return True

    @api
    def GetProperty(self, propertyKey=None):
        if not propertyKey:
            return dict(self._model.properties)
        return self._model.properties.get(propertyKey)

    @api
    def GetClipEnabled(self):
        return self._model.enabled

    @api
    def SetClipEnabled(self, enabled):
        self._model.enabled = enabled
        return True

    @api
    def GetUniqueId(self):
        return self._model.uid

    # --- the take selector (takes.py) ---

    @api
    def AddTake(self, mediaPoolItem, startFrame=None, endFrame=None):
        clip = proxies.unwrap(self._session, mediaPoolItem, "MediaPoolItem")
        if clip is None:
            return False
        return takes.add_take(self._timeline, self._model, clip, startFrame, endFrame)

    @api
    def GetSelectedTakeIndex(self):
        return self._model.selected_take

    @api
    def GetTakesCount(self):
        return len(self._model.takes)

    @api
    def GetTakeByIndex(self, idx):
        if not 1 <= idx <= len(self._model.takes):
            return {}
        take = self._model.takes[idx - 1]
        clip = proxies.clip(self._session, self._project, take.clip) if take.clip.alive else None
        return {"startFrame": take.start, "endFrame": take.end, "mediaPoolItem": clip}

    @api
    def DeleteTakeByIndex(self, idx):
        return takes.delete_take(self._timeline, self._model, idx)

    @api
    def SelectTakeByIndex(self, idx):
        return takes.select_take(self._timeline, self._model, idx)

    @api
    def FinalizeTake(self):
        return takes.finalize_take(self._model)

    @api
    def GetSourceAudioChannelMapping(self):
        # README "Audio Mapping": the same JSON form as MediaPoolItem.GetAudioMapping; readable on a video item of
        # a clip with sound (davinci-resolve-mcp tests/live_api_gap_verification.py, gap 13, Studio 21.0.4.5).
        clip = self._model.clip
        return "" if clip is None else audio_mapping(clip)


def _frames(value: float, precise: bool) -> int | float:
    # subframe_precision (19.0.2): a float; otherwise whole frames.
    return float(value) if precise else int(math.floor(value + 1e-9))
