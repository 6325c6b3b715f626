"""Timeline (docs/resolve-emulator.md §4, §5, §8, §9, §13)."""

from __future__ import annotations

from pathlib import Path

from protos.timecode import frames_to_timecode, timecode_to_frames
from resolve_plugin.emulator import editing, proxies, thumbnail, timeline_export
from resolve_plugin.emulator.calls import ProjectObject, api
from resolve_plugin.emulator.constants import CONSTANTS
from resolve_plugin.emulator.media_pool import studio_only
from resolve_plugin.emulator.media_pool_item import rename
from resolve_plugin.emulator.model import (
    TRACK_TYPES,
    ItemModel,
    TimelineModel,
    TrackModel,
    timeline_length,
)
from resolve_plugin.emulator.project_settings import (
    READ_ONLY,
    TIMELINE_KEYS,
    effective_timeline_settings,
    parse_rate,
    typed_view,
    valid_value,
)
from resolve_plugin.emulator.tagging import MarkerMethods, MarkInOutMethods

# Audio track channel formats (vendor README: "mono", "stereo", "5.1", "5.1film", "7.1", "7.1film", "adaptive1"
# to "adaptive24").
AUDIO_TRACK_TYPES = ("mono", "stereo", "5.1", "5.1film", "7.1", "7.1film", *(f"adaptive{n}" for n in range(1, 25)))
# Timeline.GetCurrentTimecode/SetCurrentTimecode work on these pages only (§4).
PLAYHEAD_PAGES = ("cut", "edit", "color", "fairlight", "deliver")
NEEDS_SUBTYPE = ("EXPORT_AAF", "EXPORT_EDL")


@proxies.api_class
class Timeline(MarkerMethods, MarkInOutMethods, ProjectObject):
    _model: TimelineModel

    def _marker_bounds(self) -> tuple[float, float | None]:
        # §13.2: timeline markers count from the timeline start, and AddMarker does not check the frame: an
        # absolute frame such as 86500 is stored and echoed back. Negative frames we refuse [choice].
        return 0, None

    def _track(self, trackType, index) -> TrackModel | None:
        # §13.5: track indices are 1-based; types are lowercase "video", "audio", "subtitle".
        tracks = self._model.tracks.get(trackType)
        if tracks is None or not 1 <= index <= len(tracks):
            return None
        return tracks[index - 1]

    def _items(self, values) -> list[ItemModel | None]:
        own = {id(i) for i in self._model.items()}
        models = [proxies.unwrap(self._session, v, "TimelineItem") for v in values]
        return [m if m is not None and id(m) in own else None for m in models]

    @api
    def GetName(self):
        return self._model.name

    @api
    def SetName(self, timelineName):
        return rename(self._project, self._model.clip, timelineName)

    @api
    def GetStartFrame(self):
        return self._model.start_frame

    @api
    def GetEndFrame(self):
        # §13.1 VC: GetEndFrame() - GetStartFrame() = timeline length [end exclusivity unverified].
        return self._model.start_frame + timeline_length(self._model)

    @api
    def SetStartTimecode(self, timecode):
        try:
            frame = timecode_to_frames(timecode, self._model.rate)
        except ValueError:
            return False
        if frame < 0:
            return False
        self._model.start_frame = frame  # items keep their place relative to the start
        return True

    @api
    def GetStartTimecode(self):
        return self._model.start_timecode()

    @api
    def GetTrackCount(self, trackType):
        return len(self._model.tracks.get(trackType, []))

    @api
    def AddTrack(self, trackType, subTrackType=None):
        if trackType not in TRACK_TYPES:
            return False
        tracks = self._model.tracks[trackType]
        index = len(tracks) + 1
        sub = subTrackType
        if isinstance(subTrackType, dict):
            sub = subTrackType.get("audioType")
            index = subTrackType.get("index", index)
            if not 1 <= index <= len(tracks) + 1:
                return False
        if trackType == "audio":
            # Vendor README: the sub track type "is required for audio".
            if sub not in AUDIO_TRACK_TYPES:
                return False
        elif sub not in (None, ""):
            return False
        tracks.insert(index - 1, TrackModel(trackType, sub_type=sub or ""))
        return True

    @api
    def DeleteTrack(self, trackType, trackIndex):
        track = self._track(trackType, trackIndex)
        if track is None:
            return False
        for item in track.items:
            item.alive = False
        self._model.tracks[trackType].remove(track)
        return True

    @api
    def SetTrackEnable(self, trackType, trackIndex, enabled):
        track = self._track(trackType, trackIndex)
        if track is None:
            return False
        track.enabled = enabled
        return True

    @api
    def GetIsTrackEnabled(self, trackType, trackIndex):
        track = self._track(trackType, trackIndex)
        if track is None:
            return False
        # §13.8 VC [obs 21.1]: reads False for timelines not open in the UI.
        if self._project.current_timeline is not self._model:
            return False
        return track.enabled

    @api
    def SetTrackLock(self, trackType, trackIndex, locked):
        track = self._track(trackType, trackIndex)
        if track is None:
            return False
        track.locked = locked
        return True

    @api
    def GetIsTrackLocked(self, trackType, trackIndex):
        track = self._track(trackType, trackIndex)
        return False if track is None else track.locked

    @api
    def GetTrackName(self, trackType, trackIndex):
        track = self._track(trackType, trackIndex)
        if track is None:
            return ""
        return track.name or f"{trackType.capitalize()} {trackIndex}"

    @api
    def SetTrackName(self, trackType, trackIndex, name):
        track = self._track(trackType, trackIndex)
        if track is None or not name:
            return False
        track.name = name
        return True

    @api
    def GetItemListInTrack(self, trackType, index):
        track = self._track(trackType, index)
        if track is None:
            return []
        return [proxies.item(self._session, self._project, self._model, i) for i in track.live_items()]

    @api
    def DeleteClips(self, timelineItems, ripple=False):
        # §13.8 LIM [obs 21.0]: DeleteClips fails on the Fairlight page.
        if self._session.page == "fairlight":
            return False
        models = self._items(timelineItems)
        if not models or any(m is None for m in models):
            return False
        for model in models:
            track = self._track(*self._model.track_of(model))
            model.alive = False
            if ripple:
                # [choice] ripple closes the gap on the item's own track.
                for other in track.live_items():
                    if other.offset >= model.end:
                        other.offset -= model.duration
        self._model.selection = [i for i in self._model.selection if i.alive]
        return True

    @api
    def SetClipsLinked(self, timelineItems, linked):
        models = self._items(timelineItems)
        if not models or any(m is None for m in models):
            return False
        if linked:
            if len(models) < 2:
                return False
            link = self._model.next_link
            self._model.next_link += 1
            for model in models:
                model.link = link
        else:
            for model in models:
                model.link = None
        return True

    @api
    def GetSelectedClips(self):
        return [proxies.item(self._session, self._project, self._model, i) for i in self._model.selection if i.alive]

    @api
    def GetCurrentTimecode(self):
        if not self._playhead_available():
            return ""
        model = self._model
        return frames_to_timecode(model.start_frame + model.playhead, model.rate, model.drop)

    @api
    def SetCurrentTimecode(self, timecode):
        if not self._playhead_available():
            return False
        model = self._model
        try:
            frame = timecode_to_frames(timecode, model.rate) - model.start_frame
        except ValueError:
            return False
        if not 0 <= frame <= timeline_length(model):
            return False
        model.playhead = frame
        return True

    def _playhead_available(self) -> bool:
        return self._session.page in PLAYHEAD_PAGES and self._project.current_timeline is self._model

    def _current_video_item(self) -> ItemModel | None:
        model = self._model
        for track in reversed(model.tracks["video"]):
            if not track.enabled:
                continue
            for item in track.live_items():
                if item.enabled and item.offset <= model.playhead < item.end:
                    return item
        return None

    @api
    def GetCurrentVideoItem(self):
        return proxies.item(self._session, self._project, self._model, self._current_video_item())

    @api
    def GetCurrentClipThumbnailImage(self):
        # LIM (api_truth "Color page only", "foreground only", Studio 19.1.3.7): None on any other page, and None
        # while Resolve is behind another application; thumbnail.py says what comes back otherwise.
        session = self._session
        if session.page != "color" or not session.foreground or self._project.current_timeline is not self._model:
            return None
        item = self._current_video_item()
        clip = item.clip if item is not None else None
        if clip is None or clip.path is None or not clip.online or not clip.alive:
            return None
        into = (self._model.playhead - item.offset) * clip.clip_rate() / self._model.rate
        frame = int(clip.first_frame + item.source_start + into)
        return thumbnail.thumbnail(clip.path, frame, clip.clip_rate())

    @api
    def DuplicateTimeline(self, timelineName):
        if not timelineName or editing.timeline_name_taken(self._project, timelineName):
            return None
        copy = editing.duplicate(self._project, self._model, timelineName)
        return proxies.timeline(self._session, self._project, copy)

    @api
    def CreateCompoundClip(self, timelineItems, clipInfo):
        return None  # compound clips need Resolve's nesting engine; not emulated

    @api
    def Export(self, fileName, exportType, exportSubtype=None):
        names = {v: k for k, v in CONSTANTS.items() if k.startswith("EXPORT_")}
        name = names.get(exportType)
        if name is None:
            return False  # §8: anything but a resolve.EXPORT_* constant is silently rejected
        subtype = names.get(exportSubtype)
        if name in NEEDS_SUBTYPE and subtype is None:
            return False  # §8: subtype required for AAF and EDL
        return timeline_export.export(self._project, self._model, Path(fileName), name, subtype)

    def _settings(self) -> dict[str, str]:
        return effective_timeline_settings(self._project.settings, self._model.settings)

    @api
    def GetSetting(self, settingName=None):
        settings = self._settings()
        if not settingName:
            return settings
        return settings.get(settingName)  # §9: a "trivial result" (None, LIM) for an unknown key

    @api
    def SetSetting(self, settingName, settingValue):
        return self._set(settingName, settingValue)

    def _set(self, key: str, value: str) -> bool:
        model = self._model
        if key not in TIMELINE_KEYS or key in READ_ONLY or not valid_value(key, value):
            return False
        if key == "useCustomSettings":
            if value == "1" and model.settings.get("useCustomSettings") != "1":
                model.settings.update(self._settings())
            model.settings[key] = value
            return True
        # §9: the other keys change only when useCustomSettings is "1".
        if model.settings.get("useCustomSettings") != "1":
            return False
        if key in ("timelineFrameRate", "timelineDropFrameTimecode"):
            if model.items():
                return False  # [choice] a timeline holding clips keeps its rate, as in Resolve's UI
            text = value if key == "timelineFrameRate" else _with_drop(model.settings["timelineFrameRate"], value)
            parsed = parse_rate(text) if text else None
            if parsed is None:
                return False
            start_tc = model.start_timecode()
            text, model.rate, model.drop = parsed
            model.settings.update({
                "timelineFrameRate": text, "timelinePlaybackFrameRate": text.removesuffix(" DF"),
                "timelineDropFrameTimecode": "1" if model.drop else "0",
            })
            tc = start_tc.replace(";", ":")
            model.start_frame = timecode_to_frames(f"{tc[:8]};{tc[9:]}" if model.drop else tc, model.rate)
            return True
        model.settings[key] = value
        return True

    @api
    def GetSettings(self):
        return typed_view(self._settings())

    @api
    def SetSettings(self, settings):
        for key, value in settings.items():
            if not self._set(key, value):
                return False  # §9: earlier keys stay applied
        return True

    @api
    def GetUniqueId(self):
        return self._model.uid

    @api
    def CreateSubtitlesFromAudio(self, autoCaptionSettings=None):
        return studio_only(self._session)

    @api
    def DetectSceneCuts(self):
        # §10: Studio-only [unverified]; on Studio it needs Resolve's scene detector.
        return studio_only(self._session)

    @api
    def GetMediaPoolItem(self):
        return proxies.clip(self._session, self._project, self._model.clip)

    # Generators, titles and Fusion compositions need Fusion and Resolve's effects library.
    @api
    def InsertGeneratorIntoTimeline(self, generatorName):
        return None

    @api
    def InsertFusionGeneratorIntoTimeline(self, generatorName):
        return None

    @api
    def InsertFusionCompositionIntoTimeline(self):
        return None

    @api
    def InsertOFXGeneratorIntoTimeline(self, generatorName):
        return None

    @api
    def InsertTitleIntoTimeline(self, titleName):
        return None

    @api
    def InsertFusionTitleIntoTimeline(self, titleName):
        return None


def _with_drop(rate_text: str, drop: str) -> str | None:
    base = rate_text.removesuffix(" DF")
    return f"{base} DF" if drop == "1" else base
