"""The documented Resolve scripting API (docs/resolve-emulator.md §4, §8) as data, and a checker for call logs.

Each class lists its methods one calling form per line::

    Name(arg:kind, opt?:kind, *rest:kind) -> returns  @since  ~deprecated

``kind`` is ``str``, ``int``, ``number`` (int or float), ``bool``, ``dict``, ``list``, ``any``, ``none``, an API class
name (``MediaPoolItem``), ``list[kind]``, ``dict[str,str]`` (string values) or ``dict:shape`` (a dict whose keys are
listed in ``SHAPES``); alternatives are joined with ``|``. ``@19.1`` is the version that documents the form first
(untagged forms are in R19 and every later README); ``~21.1`` marks a form 21.1 deprecates (it still works).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from resolve_plugin.emulator.product import Version, version_at_least

# Keys of the dicts the API takes (§4, §8). ``required`` keys must be present; the others may be.
SHAPES: dict[str, dict[str, str]] = {
    # MediaPool.AppendToTimeline clipInfo (§8).
    "append": {
        "mediaPoolItem": "MediaPoolItem", "startFrame": "number", "endFrame": "number", "mediaType": "int",
        "trackIndex": "int", "recordFrame": "number",
    },
    # MediaPool.CreateTimelineFromClips clipInfo: no trackIndex (§4, §8).
    "create": {"mediaPoolItem": "MediaPoolItem", "startFrame": "number", "endFrame": "number", "recordFrame": "number"},
    # MediaPool.ImportMedia clipInfo (image sequences).
    "import_media": {"FilePath": "str", "StartIndex": "int", "EndIndex": "int"},
    # MediaStorage.AddItemListToMediaPool itemInfo.
    "item_info": {"media": "str", "startFrame": "int", "endFrame": "int"},
    # MediaPool.ImportTimelineFromFile importOptions (§8).
    "import_options": {
        "timelineName": "str", "importSourceClips": "bool", "sourceClipsPath": "str",
        "sourceClipsFolders": "list[Folder]", "interlaceProcessing": "bool",
    },
    # Timeline.AddTrack newTrackOptions.
    "track_options": {"audioType": "str", "index": "int"},
    # ProjectManager database info.
    "db_info": {"DbType": "str", "DbName": "str", "IpAddress": "str"},
}
REQUIRED_KEYS: dict[str, set[str]] = {
    "append": {"mediaPoolItem"},
    "create": {"mediaPoolItem"},
    "import_media": {"FilePath"},
    "item_info": {"media"},
    "import_options": set(),
    "track_options": set(),
    "db_info": {"DbType", "DbName"},
}

_SPEC_TEXT: dict[str, str] = {
    "Resolve": """
        Fusion() -> Fusion
        GetMediaStorage() -> MediaStorage
        GetProjectManager() -> ProjectManager
        OpenPage(pageName:str) -> bool
        GetCurrentPage() -> str|none
        GetProductName() -> str
        GetVersion() -> list
        GetVersionString() -> str
        Quit() -> none
        GetCurrentProject() -> Project @21.1
        GetCurrentTimeline() -> Timeline @21.1
        GetMediaPool() -> MediaPool @21.1
        GetGallery() -> Gallery @21.1
        IsStudio() -> bool
        GetKeyframeMode() -> int
        SetKeyframeMode(keyframeMode:int) -> bool
        GetFairlightPresets() -> list @20.2.2
        DisableBackgroundTasksForCurrentResolveSession() -> none @21.0.2
        ValidateDCTL(dctlSource:str) -> str|none @21.1
    """,
    "ProjectManager": """
        CreateProject(projectName:str) -> Project
        CreateProject(projectName:str, mediaLocationPath:str) -> Project @20.2.2
        LoadProject(projectName:str) -> Project
        GetCurrentProject() -> Project
        SaveProject() -> bool
        CloseProject(project:Project) -> bool
        DeleteProject(projectName:str) -> bool
        GetProjectListInCurrentFolder() -> list
        GetFolderListInCurrentFolder() -> list
        GotoRootFolder() -> bool
        GotoParentFolder() -> bool
        OpenFolder(folderName:str) -> bool
        GetCurrentFolder() -> str
        ImportProject(filePath:str, projectName?:str) -> bool
        ExportProject(projectName:str, filePath:str, withStillsAndLUTs?:bool) -> bool
        GetCurrentDatabase() -> dict
        GetDatabaseList() -> list
        SetCurrentDatabase(dbInfo:dict:db_info) -> bool
    """,
    "Project": """
        GetMediaPool() -> MediaPool
        GetTimelineCount() -> int
        GetTimelineByIndex(idx:int) -> Timeline
        GetCurrentTimeline() -> Timeline
        SetCurrentTimeline(timeline:Timeline) -> bool
        GetName() -> str
        SetName(projectName:str) -> bool
        GetUniqueId() -> str
        GetSetting(settingName?:str|none) -> str|dict ~21.1
        SetSetting(settingName:str, settingValue:str) -> bool ~21.1
        GetSettings() -> dict @21.1
        SetSettings(settings:dict) -> bool @21.1
        AddRenderJob() -> str
        StartRendering(*jobIds:str) -> bool
        StartRendering(jobIds:list[str], isInteractiveMode?:bool) -> bool
        StartRendering(isInteractiveMode?:bool) -> bool
        IsRenderingInProgress() -> bool
        SetRenderSettings(settings:dict) -> bool
        GetTranscribeAudioStatus() -> dict @21.1.1
        GetDetectSceneCutsStatus() -> dict @21.1.1
        GetCreateSubtitlesFromAudioStatus() -> dict @21.1.1
    """,
    "MediaStorage": """
        GetMountedVolumeList() -> list
        GetSubFolderList(folderPath:str) -> list
        GetFileList(folderPath:str) -> list
        RevealInStorage(path:str) -> bool
        AddItemListToMediaPool(*items:str) -> list ~21.1
        AddItemListToMediaPool(items:list[str]) -> list ~21.1
        AddItemListToMediaPool(itemInfos:list[dict:item_info]) -> list
    """,
    "MediaPool": """
        GetRootFolder() -> Folder
        AddSubFolder(folder:Folder, name:str) -> Folder
        RefreshFolders() -> bool
        CreateEmptyTimeline(name:str) -> Timeline
        AppendToTimeline(*clips:MediaPoolItem) -> list ~21.1
        AppendToTimeline(clips:list[MediaPoolItem]) -> list ~21.1
        AppendToTimeline(clipInfos:list[dict:append]) -> list
        CreateTimelineFromClips(name:str, *clips:MediaPoolItem) -> Timeline ~21.1
        CreateTimelineFromClips(name:str, clips:list[MediaPoolItem]) -> Timeline ~21.1
        CreateTimelineFromClips(name:str, clipInfos:list[dict:create]) -> Timeline
        ImportTimelineFromFile(filePath:str, importOptions?:dict:import_options) -> Timeline
        DeleteTimelines(timelines:list[Timeline]) -> bool
        GetCurrentFolder() -> Folder
        SetCurrentFolder(folder:Folder) -> bool
        DeleteClips(clips:list[MediaPoolItem]) -> bool
        DeleteFolders(subfolders:list[Folder]) -> bool
        MoveClips(clips:list[MediaPoolItem], targetFolder:Folder) -> bool
        MoveFolders(folders:list[Folder], targetFolder:Folder) -> bool
        RelinkClips(clips:list[MediaPoolItem], folderPath:str) -> bool
        UnlinkClips(clips:list[MediaPoolItem]) -> bool
        ImportMedia(items:list[str]) -> list ~21.1
        ImportMedia(clipInfos:list[dict:import_media]) -> list
        ExportMetadata(fileName:str, clips?:list[MediaPoolItem]) -> bool
        GetUniqueId() -> str
        AutoSyncAudio(clips:list[MediaPoolItem], audioSyncSettings:dict) -> bool @19.1
        GetSelectedClips() -> list @19.0.2
        SetSelectedClip(clip:MediaPoolItem) -> bool @19.0.2
        CreateMulticamClip(clips:list[MediaPoolItem], multicamOptions:dict) -> MediaPoolItem @21.1
    """,
    "Folder": """
        GetClipList() -> list
        GetName() -> str
        GetSubFolderList() -> list
        GetIsFolderStale() -> bool
        GetUniqueId() -> str
        Export(filePath:str) -> bool
        TranscribeAudio() -> bool
        TranscribeAudio(useSpeakerDetection:bool|none) -> bool @21.0
        TranscribeAudio(useSpeakerDetection:bool|none, transcribeAsNestedClip:bool) -> bool @21.1
        ClearTranscription() -> bool
        PerformAudioClassification() -> bool @21.0.2
        ClearAudioClassification() -> bool @21.0.2
        AnalyzeForIntellisearch(identifyFaces:bool, isBetterMode:bool) -> bool @21.0.2
        AnalyzeForSlate(markerColor:any) -> bool @21.0.2
        RemoveMotionBlur(deblurOption:dict) -> bool @21.0.2
    """,
    "MediaPoolItem": """
        GetName() -> str
        SetName(name:str) -> bool @20.2
        GetMetadata(metadataType?:str|none) -> str|dict
        SetMetadata(metadataType:str, metadataValue:str) -> bool ~21.1
        SetMetadata(metadata:dict[str,str]) -> bool
        GetThirdPartyMetadata(metadataType?:str|none) -> str|dict @19.0.2
        SetThirdPartyMetadata(metadataType:str, metadataValue:str) -> bool @19.0.2
        SetThirdPartyMetadata(metadata:dict[str,str]) -> bool @19.0.2
        GetMediaId() -> str
        AddMarker(frameId:number, color:str, name:str, note:str, duration:number, customData?:str|none) -> bool
        GetMarkers() -> dict
        GetMarkerByCustomData(customData:str) -> dict
        UpdateMarkerCustomData(frameId:number, customData:str) -> bool
        GetMarkerCustomData(frameId:number) -> str
        DeleteMarkersByColor(color:str) -> bool
        DeleteMarkerAtFrame(frameNum:number) -> bool
        DeleteMarkerByCustomData(customData:str) -> bool
        AddFlag(color:str) -> bool
        GetFlagList() -> list
        ClearFlags(color:str) -> bool
        GetClipColor() -> str
        SetClipColor(colorName:str) -> bool
        ClearClipColor() -> bool
        GetClipProperty() -> dict
        GetClipProperty(propertyName:str|none) -> str|dict ~21.1
        SetClipProperty(propertyName:str, propertyValue:str) -> bool
        LinkProxyMedia(proxyMediaFilePath:str) -> bool
        UnlinkProxyMedia() -> bool
        ReplaceClip(filePath:str) -> bool
        GetUniqueId() -> str
        TranscribeAudio() -> bool
        TranscribeAudio(useSpeakerDetection:bool|none) -> bool @21.0
        ClearTranscription() -> bool
        GetTranscription(useNestedClipTranscription?:bool) -> dict @21.1
        GetAudioMapping() -> str
        SetAudioMapping(audioMapping:str) -> bool @21.1
        GetMarkInOut() -> dict @19.1
        SetMarkInOut(markIn:number, markOut:number, type?:str) -> bool @19.1
        ClearMarkInOut(type?:str) -> bool @19.1
        LinkFullResolutionMedia(path:str) -> bool @20.0
        ReplaceClipPreserveSubClip(filePath:str) -> bool @20.0
        MonitorGrowingFile() -> bool @20.0
        GetTimeline() -> Timeline @21.0.4
    """,
    "Timeline": """
        GetName() -> str
        SetName(timelineName:str) -> bool
        GetStartFrame() -> int
        GetEndFrame() -> int
        SetStartTimecode(timecode:str) -> bool
        GetStartTimecode() -> str
        GetTrackCount(trackType:str) -> int
        AddTrack(trackType:str, subTrackType?:str) -> bool
        AddTrack(trackType:str, newTrackOptions:dict:track_options) -> bool
        DeleteTrack(trackType:str, trackIndex:int) -> bool
        SetTrackEnable(trackType:str, trackIndex:int, enabled:bool) -> bool
        GetIsTrackEnabled(trackType:str, trackIndex:int) -> bool
        SetTrackLock(trackType:str, trackIndex:int, locked:bool) -> bool
        GetIsTrackLocked(trackType:str, trackIndex:int) -> bool
        GetTrackName(trackType:str, trackIndex:int) -> str
        SetTrackName(trackType:str, trackIndex:int, name:str) -> bool
        GetItemListInTrack(trackType:str, index:int) -> list
        DeleteClips(timelineItems:list[TimelineItem], ripple?:bool) -> bool
        SetClipsLinked(timelineItems:list[TimelineItem], linked:bool) -> bool
        GetSelectedClips() -> list @21.0.4
        AddMarker(frameId:number, color:str, name:str, note:str, duration:number, customData?:str|none) -> bool
        GetMarkers() -> dict
        GetMarkerByCustomData(customData:str) -> dict
        UpdateMarkerCustomData(frameId:number, customData:str) -> bool
        GetMarkerCustomData(frameId:number) -> str
        DeleteMarkersByColor(color:str) -> bool
        DeleteMarkerAtFrame(frameNum:number) -> bool
        DeleteMarkerByCustomData(customData:str) -> bool
        GetCurrentTimecode() -> str
        SetCurrentTimecode(timecode:str) -> bool
        GetCurrentVideoItem() -> TimelineItem
        GetCurrentClipThumbnailImage() -> dict|none
        DuplicateTimeline(timelineName:str) -> Timeline
        CreateCompoundClip(timelineItems:list[TimelineItem], clipInfo:dict) -> TimelineItem
        Export(fileName:str, exportType:number, exportSubtype?:number) -> bool
        GetSetting(settingName?:str|none) -> str|dict ~21.1
        SetSetting(settingName:str, settingValue:str) -> bool ~21.1
        GetSettings() -> dict @21.1
        SetSettings(settings:dict) -> bool @21.1
        GetUniqueId() -> str
        CreateSubtitlesFromAudio(autoCaptionSettings?:dict) -> bool
        DetectSceneCuts() -> bool
        GetMediaPoolItem() -> MediaPoolItem @19.1
        GetMarkInOut() -> dict @19.1
        SetMarkInOut(markIn:number, markOut:number, type?:str) -> bool @19.1
        ClearMarkInOut(type?:str) -> bool @19.1
        InsertGeneratorIntoTimeline(generatorName:str) -> TimelineItem
        InsertFusionGeneratorIntoTimeline(generatorName:str) -> TimelineItem
        InsertFusionCompositionIntoTimeline() -> TimelineItem
        InsertOFXGeneratorIntoTimeline(generatorName:str) -> TimelineItem
        InsertTitleIntoTimeline(titleName:str) -> TimelineItem
        InsertFusionTitleIntoTimeline(titleName:str) -> TimelineItem
    """,
    "TimelineItem": """
        GetName() -> str
        SetName(name:str) -> bool @20.2
        GetType() -> str @21.1
        GetDuration(subframe_precision?:bool) -> number
        GetStart(subframe_precision?:bool) -> number
        GetEnd(subframe_precision?:bool) -> number
        GetLeftOffset(subframe_precision?:bool) -> number
        GetRightOffset(subframe_precision?:bool) -> number
        GetSourceStartFrame() -> int
        GetSourceEndFrame() -> int
        GetSourceStartTime() -> float @19.0.2
        GetSourceEndTime() -> float @19.0.2
        GetMediaPoolItem() -> MediaPoolItem
        GetTrackTypeAndIndex() -> list
        GetLinkedItems() -> list
        SetProperty(propertyKey:str, propertyValue:any) -> bool ~21.1
        GetProperty(propertyKey?:str|none) -> any ~21.1
        AddMarker(frameId:number, color:str, name:str, note:str, duration:number, customData?:str|none) -> bool
        GetMarkers() -> dict
        GetMarkerByCustomData(customData:str) -> dict
        UpdateMarkerCustomData(frameId:number, customData:str) -> bool
        GetMarkerCustomData(frameId:number) -> str
        DeleteMarkersByColor(color:str) -> bool
        DeleteMarkerAtFrame(frameNum:number) -> bool
        DeleteMarkerByCustomData(customData:str) -> bool
        AddFlag(color:str) -> bool
        GetFlagList() -> list
        ClearFlags(color:str) -> bool
        GetClipColor() -> str
        SetClipColor(colorName:str) -> bool
        ClearClipColor() -> bool
        GetClipEnabled() -> bool
        SetClipEnabled(enabled:bool) -> bool
        GetUniqueId() -> str
        AddTake(mediaPoolItem:MediaPoolItem, startFrame?:int, endFrame?:int) -> bool
        GetSelectedTakeIndex() -> int
        GetTakesCount() -> int
        GetTakeByIndex(idx:int) -> dict
        DeleteTakeByIndex(idx:int) -> bool
        SelectTakeByIndex(idx:int) -> bool
        FinalizeTake() -> bool
        GetSourceAudioChannelMapping() -> str
    """,
}

# What a failed call returns, by the documented return kind (§13.4: False, None, "", [] or {}; never an exception).
_FAILURE_BY_KIND: dict[str, Any] = {"bool": False, "str": "", "int": 0, "float": 0.0, "number": 0, "none": None}
_MUTABLE_FAILURE = {"list": list, "dict": dict}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    optional: bool = False


@dataclass(frozen=True)
class Form:
    params: tuple[Param, ...]
    varargs: Param | None = None
    since: Version | None = None
    deprecated: Version | None = None

    def signature(self, method: str) -> str:
        parts = [f"{p.name}{'?' if p.optional else ''}:{p.kind}" for p in self.params]
        if self.varargs is not None:
            parts.append(f"*{self.varargs.name}:{self.varargs.kind}")
        return f"{method}({', '.join(parts)})"


@dataclass(frozen=True)
class Method:
    cls: str
    name: str
    returns: str
    forms: tuple[Form, ...]

    @property
    def since(self) -> Version | None:
        versions = [f.since for f in self.forms]
        if any(v is None for v in versions):
            return None
        return min(versions)

    def available(self, version: Version | None) -> bool:
        return version is None or version_at_least(version, self.since)

    def failure(self) -> Any:
        """The value a failed call returns: derived from the documented return kind."""
        if self.returns in _MUTABLE_FAILURE:
            return _MUTABLE_FAILURE[self.returns]()
        return _FAILURE_BY_KIND.get(self.returns)

    def match(
        self, args: tuple, kwargs: dict, version: Version | None = None, strict: bool = False,
    ) -> tuple[Form, tuple] | None:
        """The first documented form these arguments fit, with the arguments as a positional tuple."""
        for form in self.forms:
            if version is not None and not version_at_least(version, form.since):
                continue
            positional = _bind(form, args, kwargs)
            if positional is not None and _fits(form, positional, strict):
                return form, positional
        return None


@dataclass(frozen=True)
class Finding:
    """A logged call the documented API does not cover."""

    record: Any
    reason: str

    def __str__(self) -> str:
        return f"{self.record.cls}.{self.record.method}: {self.reason}"


_LINE = re.compile(r"^(?P<name>\w+)\((?P<params>.*)\)\s*->\s*(?P<ret>\S+)\s*(?P<tags>.*)$")


def _version(text: str) -> Version:
    return tuple(int(p) for p in text.split("."))


def _parse_param(text: str) -> tuple[Param, bool]:
    text = text.strip()
    star = text.startswith("*")
    name, kind = text.lstrip("*").split(":", 1)
    optional = name.endswith("?")
    return Param(name.rstrip("?"), kind.strip(), optional), star


def _parse(spec: dict[str, str]) -> dict[str, dict[str, Method]]:
    api: dict[str, dict[str, Method]] = {}
    for cls, text in spec.items():
        forms: dict[str, list[Form]] = {}
        returns: dict[str, str] = {}
        for raw in text.strip().splitlines():
            match = _LINE.match(raw.strip())
            if match is None:
                raise ValueError(f"bad spec line for {cls}: {raw!r}")
            params: list[Param] = []
            varargs = None
            for chunk in _split_params(match["params"]):
                param, star = _parse_param(chunk)
                if star:
                    varargs = param
                else:
                    params.append(param)
            since = deprecated = None
            for tag in match["tags"].split():
                if tag.startswith("@"):
                    since = _version(tag[1:])
                elif tag.startswith("~"):
                    deprecated = _version(tag[1:])
            forms.setdefault(match["name"], []).append(Form(tuple(params), varargs, since, deprecated))
            returns[match["name"]] = match["ret"]
        api[cls] = {name: Method(cls, name, returns[name], tuple(fs)) for name, fs in forms.items()}
    return api


def _split_params(text: str) -> list[str]:
    """Split on commas outside brackets (kinds like ``dict[str,str]`` hold one)."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current)
    return [p for p in parts if p.strip()]


API: dict[str, dict[str, Method]] = _parse(_SPEC_TEXT)


def method(cls: str, name: str) -> Method | None:
    return API.get(cls, {}).get(name)


def _bind(form: Form, args: tuple, kwargs: dict) -> tuple | None:
    """Arguments as a positional tuple for this form, or None when the count or keyword names do not fit."""
    names = [p.name for p in form.params]
    if form.varargs is not None:
        if kwargs:
            return None
        if len(args) < len(names):
            return None
        return tuple(args)
    if len(args) > len(names):
        return None
    values = list(args)
    for name in names[len(args):]:
        if name in kwargs:
            values.append(kwargs[name])
        else:
            values.append(_MISSING)
    if set(kwargs) - set(names[len(args):]):
        return None
    # Trailing optional parameters may be left out; a required one may not.
    while values and values[-1] is _MISSING:
        if not form.params[len(values) - 1].optional:
            return None
        values.pop()
    if any(v is _MISSING for v in values):
        return None
    return tuple(values)


_MISSING = object()


def _fits(form: Form, positional: tuple, strict: bool) -> bool:
    fixed = positional[: len(form.params)]
    for value, param in zip(fixed, form.params):
        if not matches(value, param.kind, strict):
            return False
    if form.varargs is not None:
        rest = positional[len(form.params):]
        if not rest:
            return False
        return all(matches(v, form.varargs.kind, strict) for v in rest)
    return True


def matches(value: Any, kind: str, strict: bool = False) -> bool:
    """Whether ``value`` is of the documented ``kind``; ``strict`` also refuses undocumented dict keys."""
    return any(_match_one(value, alt.strip(), strict) for alt in _split_alternatives(kind))


def _split_alternatives(kind: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in kind:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def _match_one(value: Any, kind: str, strict: bool) -> bool:
    if kind == "any":
        return True
    if kind == "none":
        return value is None
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, float)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "dict":
        return isinstance(value, dict)
    if kind == "dict[str,str]":
        return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    if kind.startswith("list[") and kind.endswith("]"):
        inner = kind[5:-1]
        return isinstance(value, list) and all(matches(v, inner, strict) for v in value)
    if kind.startswith("dict:"):
        return _match_shape(value, kind[5:], strict)
    # An API class: the emulator's proxies carry the documented class name.
    return type(value).__name__ == kind and hasattr(type(value), "_api_class")


def _match_shape(value: Any, shape: str, strict: bool) -> bool:
    if not isinstance(value, dict):
        return False
    keys = SHAPES[shape]
    if not REQUIRED_KEYS[shape] <= set(value):
        return False
    for key, item in value.items():
        if key not in keys:
            if strict:
                return False
            continue
        if not matches(item, keys[key], strict):
            return False
    return True


def check_calls(records: Iterable[Any], version: Version | None = None) -> list[Finding]:
    """The logged calls that are not documented, or whose arguments no documented form takes.

    ``records`` are ``calls.CallRecord``s. With ``version`` given, a method or form documented only in a later
    version counts as undocumented too. Keyword arguments are reported: the reference documents positional calls
    only (§4), and ``SetMarkInOut(in, out, ...)`` shows the names are not Python parameter names.
    """
    findings: list[Finding] = []
    for record in records:
        spec = method(record.cls, record.method)
        if spec is None:
            what = "attribute" if record.kind == "getattr" else "method"
            findings.append(Finding(record, f"undocumented {what} {record.cls}.{record.method}"))
            continue
        if record.kind == "getattr":
            # A documented method read as an attribute only happens when this version lacks it.
            if version is not None and not spec.available(version):
                findings.append(Finding(record, f"{record.cls}.{record.method} is documented from {spec.since}"))
            continue
        if record.kwargs:
            findings.append(Finding(record, f"keyword arguments {sorted(record.kwargs)} (pass them positionally)"))
            continue
        if spec.match(tuple(record.args), {}, version, strict=True) is None:
            forms = "; ".join(f.signature(spec.name) for f in spec.forms)
            findings.append(Finding(record, f"arguments {_describe(record.args)} fit no documented form ({forms})"))
    return findings


def _describe(args: Iterable[Any]) -> str:
    return "(" + ", ".join(_describe_one(a) for a in args) + ")"


def _describe_one(value: Any) -> str:
    if isinstance(value, list):
        inner = sorted({_describe_one(v) for v in value})
        return f"list[{'|'.join(inner)}]"
    if isinstance(value, dict):
        return "dict{" + ",".join(sorted(map(str, value))) + "}"
    return type(value).__name__


def documented_methods(cls: str, version: Version | None = None) -> list[str]:
    return sorted(name for name, m in API.get(cls, {}).items() if m.available(version))
