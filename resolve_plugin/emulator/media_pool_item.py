"""MediaPoolItem (docs/resolve-emulator.md §4, §5, §6, §7)."""

from __future__ import annotations

import json
from pathlib import Path

from resolve_plugin.emulator import editing, metadata, proxies
from resolve_plugin.emulator.calls import ProjectObject, api
from resolve_plugin.emulator.media_import import describe, probe_or_none
from resolve_plugin.emulator.media_pool import studio_only
from resolve_plugin.emulator.model import ClipModel, ProjectModel
from resolve_plugin.emulator.properties import clip_properties, set_static
from resolve_plugin.emulator.tagging import MarkerMethods, MarkInOutMethods, TagMethods


@proxies.api_class
class MediaPoolItem(MarkerMethods, MarkInOutMethods, TagMethods, ProjectObject):
    _model: ClipModel

    def _marker_bounds(self) -> tuple[float, float | None]:
        # §5: clip markers count from the clip's first frame; a frame beyond the clip fails.
        return 0, self._model.clip_frames()

    @api
    def GetName(self):
        return self._model.name

    @api
    def SetName(self, name):
        return rename(self._project, self._model, name)

    @api
    def GetMetadata(self, metadataType=None):
        if not metadataType:
            return dict(self._model.metadata)  # §6: only the fields that are set, all strings
        return self._model.metadata.get(metadataType, "")

    @api
    def SetMetadata(self, metadataType, metadataValue=None):
        pairs = metadataType.items() if isinstance(metadataType, dict) else [(metadataType, metadataValue)]
        results = [self._write(key, value) for key, value in pairs]
        return bool(results) and all(results)

    def _write(self, key: str, value: str) -> bool:
        return metadata.write(self._model.metadata, key, value, self._session.product, self._project.derive_reel_names)

    @api
    def GetThirdPartyMetadata(self, metadataType=None):
        if not metadataType:
            return dict(self._model.third_party)
        return self._model.third_party.get(metadataType, "")

    @api
    def SetThirdPartyMetadata(self, metadataType, metadataValue=None):
        pairs = metadataType.items() if isinstance(metadataType, dict) else [(metadataType, metadataValue)]
        for key, value in pairs:
            if not key:
                return False
            if value == "":
                self._model.third_party.pop(key, None)
            else:
                self._model.third_party[key] = value
        return True

    @api
    def GetMediaId(self):
        return self._model.media_id

    @api
    def GetClipProperty(self, propertyName=None):
        props = clip_properties(self._model, self._project)
        if not propertyName:
            return props
        return props.get(propertyName, "")

    @api
    def SetClipProperty(self, propertyName, propertyValue):
        if propertyName in metadata.PROPERTY_TWINS:
            return self._write(metadata.PROPERTY_TWINS[propertyName], propertyValue)
        if propertyName == "Clip Name":
            return rename(self._project, self._model, propertyValue)
        if self._model.is_timeline:
            return False
        return set_static(self._model, propertyName, propertyValue)

    @api
    def LinkProxyMedia(self, proxyMediaFilePath):
        if self._model.is_timeline or probe_or_none(Path(proxyMediaFilePath)) is None:
            return False
        self._model.proxy_path = str(Path(proxyMediaFilePath))
        return True

    @api
    def UnlinkProxyMedia(self):
        if not self._model.proxy_path:
            return False
        self._model.proxy_path = ""
        return True

    @api
    def ReplaceClip(self, filePath):
        return self._replace(Path(filePath), keep_range=False)

    @api
    def ReplaceClipPreserveSubClip(self, filePath):
        return self._replace(Path(filePath), keep_range=True)

    @api
    def LinkFullResolutionMedia(self, path):
        return self._replace(Path(path), keep_range=True)

    def _replace(self, path: Path, keep_range: bool) -> bool:
        model = self._model
        if model.is_timeline:
            return False
        info = probe_or_none(path)
        if info is None:
            return False
        old_path, first, frames = model.path, model.first_frame, model.frames
        describe(model, info, self._project)
        if keep_range and (first or frames != model.frames):
            if first >= model.frames:
                return False
            model.first_frame, model.frames = first, min(frames, model.frames - first)
        else:
            model.first_frame = 0
        if old_path is not None and model.name == old_path.name:
            model.name = path.name
        return True

    @api
    def MonitorGrowingFile(self):
        return not self._model.is_timeline and self._model.online

    @api
    def GetUniqueId(self):
        return self._model.uid

    @api
    def TranscribeAudio(self, useSpeakerDetection=None):
        return studio_only(self._session)

    @api
    def ClearTranscription(self):
        return True  # nothing here is ever transcribed

    @api
    def GetTranscription(self, useNestedClipTranscription=False):
        return {}  # no clip is ever transcribed: speech recognition needs Resolve's AI engine

    @api
    def GetAudioMapping(self):
        return audio_mapping(self._model)

    @api
    def SetAudioMapping(self, audioMapping):
        return False  # the 21.1 mapping schema is not in the reference; nothing to validate it against

    @api
    def GetTimeline(self):
        if not self._model.is_timeline:
            return None
        return proxies.timeline(self._session, self._project, self._model.timeline)


def audio_mapping(clip: ClipModel) -> str:
    """The README's "Audio Mapping" JSON for a clip (MediaPoolItem.GetAudioMapping, and the same form for
    TimelineItem.GetSourceAudioChannelMapping): its embedded channels as one track of the matching format."""
    channels = clip.info.audio_channels if clip.info is not None else 0
    mapping = {"embedded_audio_channels": channels, "linked_audio": {}, "track_mapping": {}}
    if channels:
        kind = {1: "Mono", 2: "Stereo"}.get(channels, f"Adaptive{channels}")
        mapping["track_mapping"]["1"] = {"channel_idx": list(range(1, channels + 1)), "mute": False, "type": kind}
    return json.dumps(mapping)


def rename(project: ProjectModel, clip: ClipModel, name: str) -> bool:
    if not name:
        return False
    if clip.is_timeline:
        # A timeline's pool item and the timeline share one name, unique in the project (§13.7).
        if name != clip.timeline.name and editing.timeline_name_taken(project, name):
            return False
        clip.timeline.name = name
    clip.name = name
    return True
