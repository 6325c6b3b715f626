"""MediaPool and Folder (docs/resolve-emulator.md §4, §8, §13.8)."""

from __future__ import annotations

import csv
import logging
import uuid
from pathlib import Path

from resolve_plugin.emulator import editing, proxies
from resolve_plugin.emulator.calls import ApiObject, api
from resolve_plugin.emulator.constants import CONSTANTS
from resolve_plugin.emulator.editing import Placement
from resolve_plugin.emulator.media_import import Request, describe, expand, import_requests, probe_or_none
from resolve_plugin.emulator.metadata import FIELDS
from resolve_plugin.emulator.model import ClipModel, FolderModel, ProjectModel
from resolve_plugin.emulator.state import Session

log = logging.getLogger(__name__)

UPSELL = "You have reached a limitation with DaVinci Resolve"


def studio_only(session: Session) -> bool:
    """A Studio-only call. On free it returns False and raises the upsell modal that makes later, unrelated
    calls fail until a human dismisses it (§10, §12; ``controls.dismiss_dialog``). Returns False either way:
    on Studio the work itself needs Resolve's AI engine, which the emulator does not have."""
    if not session.product.is_studio:
        session.modal = UPSELL
    return False


@proxies.api_class
class MediaPool(ApiObject):
    def __init__(self, session: Session, project: ProjectModel) -> None:
        super().__init__(session)
        self._project = project

    def _valid(self) -> bool:
        return self._session.current_project is self._project

    def _folder(self, value) -> FolderModel | None:
        folder = proxies.unwrap(self._session, value, "Folder")
        if folder is None or not self._project.root.contains(folder):
            return None
        return folder

    def _clip(self, value) -> ClipModel | None:
        clip = proxies.unwrap(self._session, value, "MediaPoolItem")
        if clip is None or not any(c is clip for c in self._project.clips()):
            return None
        return clip

    def _clips(self, values) -> list[ClipModel | None]:
        return [self._clip(v) for v in values]

    @api
    def GetRootFolder(self):
        return proxies.folder(self._session, self._project, self._project.root)

    @api
    def AddSubFolder(self, folder, name):
        parent = self._folder(folder)
        if parent is None or not name:
            return None
        sub = FolderModel(name, parent)
        parent.subfolders.append(sub)
        return proxies.folder(self._session, self._project, sub)

    @api
    def RefreshFolders(self):
        return True  # collaboration mode: a local database has nothing to refresh

    @api
    def CreateEmptyTimeline(self, name):
        # §8/§14: None on a duplicate name [unverified; follows §13.7's uniqueness rule].
        if not name or editing.timeline_name_taken(self._project, name):
            return None
        timeline = editing.new_timeline(self._project, name)
        return proxies.timeline(self._session, self._project, timeline)

    @api
    def AppendToTimeline(self, *args):
        project = self._project
        timeline = project.current_timeline
        if timeline is None or not timeline.alive:
            return []  # §13.8: appends to the current timeline; there is none
        product = self._session.product
        if product.at_least((20,)) and not product.at_least((20, 3, 2)) and not _live(project.selection):
            # R21.1 CHANGELOG, fixed in 20.3.2: "AppendToTimeline failure when no media pool clip is selected".
            return []
        placements = self._placements(_flatten(args), with_track=True)
        items = editing.place(product, project, timeline, placements)
        return [proxies.item(self._session, project, timeline, i) for i in items]

    def _placements(self, entries: list, with_track: bool) -> list[Placement]:
        placements = []
        for entry in entries:
            if isinstance(entry, dict):
                clip = self._clip(entry.get("mediaPoolItem"))
                if clip is None:
                    continue
                placements.append(Placement(
                    clip, entry.get("startFrame"), entry.get("endFrame"), entry.get("recordFrame"),
                    # CreateTimelineFromClips' clipInfo has no trackIndex (§8): ignored there.
                    entry.get("trackIndex", 1) if with_track else 1,
                    entry.get("mediaType") if with_track else None,
                ))
            else:
                clip = self._clip(entry)
                if clip is not None:
                    placements.append(Placement(clip))
        return placements

    @api
    def CreateTimelineFromClips(self, name, *args):
        project = self._project
        if not name or editing.timeline_name_taken(project, name):
            return None
        entries = _flatten(args)
        # §8 LIM: repeated identical references are de-duplicated without error (15 copies -> 1).
        unique, seen = [], set()
        for entry in entries:
            key = _entry_key(entry)
            if key not in seen:
                seen.add(key)
                unique.append(entry)
        placements = self._placements(unique, with_track=False)
        # §8 LIM: fails unless the media pool's current folder holds the clips.
        if not placements or len(placements) != len(unique):
            return None
        if any(p.clip.folder is not project.current_folder for p in placements):
            return None
        timeline = editing.new_timeline(project, name)
        items = editing.place(self._session.product, project, timeline, placements)
        if not any(i.alive for i in items):
            editing.delete_timeline(project, timeline)
            return None
        return proxies.timeline(self._session, project, timeline)

    @api
    def ImportTimelineFromFile(self, filePath, importOptions=None):
        from resolve_plugin.emulator.otio_io import import_timeline

        folders = []
        for value in (importOptions or {}).get("sourceClipsFolders", []):
            folder = self._folder(value)
            if folder is not None:
                folders.append(folder)
        timeline = import_timeline(self._session, self._project, Path(filePath), importOptions or {}, folders)
        return proxies.timeline(self._session, self._project, timeline)

    @api
    def DeleteTimelines(self, timelines):
        models = [proxies.unwrap(self._session, t, "Timeline") for t in timelines]
        ok = bool(models)
        for model in models:
            if model is None or not any(t is model for t in self._project.live_timelines()):
                ok = False
                continue
            editing.delete_timeline(self._project, model)
        return ok

    @api
    def GetCurrentFolder(self):
        return proxies.folder(self._session, self._project, self._project.current_folder)

    @api
    def SetCurrentFolder(self, folder):
        model = self._folder(folder)
        if model is None:
            return False
        self._project.current_folder = model
        return True

    @api
    def DeleteClips(self, clips):
        # §13.8 LIM [obs 21.0]: DeleteClips fails on the Fairlight page.
        if self._session.page == "fairlight":
            return False
        models = self._clips(clips)
        for model in models:
            if model is not None:
                delete_clip(self._project, model)
        return bool(models) and all(m is not None for m in models)

    @api
    def DeleteFolders(self, subfolders):
        models = [self._folder(f) for f in subfolders]
        ok = bool(models)
        for model in models:
            if model is None or model is self._project.root:
                ok = False
                continue
            delete_folder(self._project, model)
        return ok

    @api
    def MoveClips(self, clips, targetFolder):
        target = self._folder(targetFolder)
        models = self._clips(clips)
        if target is None or not models or any(m is None for m in models):
            return False
        for model in models:
            model.folder.clips = [c for c in model.folder.clips if c is not model]
            target.clips.append(model)
            model.folder = target
        return True

    @api
    def MoveFolders(self, folders, targetFolder):
        target = self._folder(targetFolder)
        models = [self._folder(f) for f in folders]
        if target is None or not models or any(m is None or m is self._project.root for m in models):
            return False
        if any(m.contains(target) for m in models):
            return False  # a folder cannot go inside itself
        for model in models:
            model.parent.subfolders = [f for f in model.parent.subfolders if f is not model]
            target.subfolders.append(model)
            model.parent = target
        return True

    @api
    def RelinkClips(self, clips, folderPath):
        folder = Path(folderPath)
        models = self._clips(clips)
        if not folder.is_dir() or not models or any(m is None or m.is_timeline for m in models):
            return False
        ok = True
        for model in models:
            name = model.path.name if model.path is not None else model.name
            found = next((p for p in sorted(folder.rglob(name)) if p.is_file()), None)
            info = probe_or_none(found) if found is not None else None
            if info is None:
                ok = False
                continue
            first, frames = model.first_frame, model.frames
            describe(model, info, self._project)
            if first or frames != model.frames:
                model.first_frame, model.frames = first, min(frames, model.frames - first)
        return ok

    @api
    def UnlinkClips(self, clips):
        models = self._clips(clips)
        if not models or any(m is None or m.is_timeline for m in models):
            return False
        for model in models:
            model.online = False
        return True

    @api
    def ImportMedia(self, items):
        requests: list[Request] = []
        for item in items:
            if isinstance(item, str):
                requests += expand([item])
            else:
                path = Path(item["FilePath"]).expanduser()
                if "StartIndex" in item and "EndIndex" in item:
                    requests.append(Request(path, sequence=(item["StartIndex"], item["EndIndex"])))
                else:
                    requests += expand([str(path)])
        clips = import_requests(self._project, self._project.current_folder, requests)
        return [proxies.clip(self._session, self._project, c) for c in clips]

    @api
    def ExportMetadata(self, fileName, clips=None):
        models = self._project.clips() if not clips else self._clips(clips)
        if any(m is None for m in models):
            return False
        header = ["File Name", "Clip Directory", "Clip Name", *FIELDS]
        try:
            with open(fileName, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(header)
                for model in models:
                    if model.is_timeline:
                        continue
                    writer.writerow([
                        model.path.name if model.path else "", str(model.path.parent) if model.path else "",
                        model.name, *(model.metadata.get(f, "") for f in FIELDS),
                    ])
        except OSError:
            return False
        return True

    @api
    def GetUniqueId(self):
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"media-pool:{self._project.uid}"))

    @api
    def AutoSyncAudio(self, clips, audioSyncSettings):
        models = self._clips(clips)
        if len(models) < 2 or any(m is None or m.is_timeline for m in models):
            return False
        videos = [m for m in models if m.has_video]
        audios = [m for m in models if m.has_audio and not m.has_video]
        if not videos or not audios:
            return False  # §10: >= 2 items, >= 1 video and >= 1 audio
        # §10 LIM: the keys are resolve.AUDIO_SYNC_* constants; string keys are silently rejected.
        if any(k not in CONSTANTS.values() for k in audioSyncSettings):
            return False
        mode = audioSyncSettings.get(CONSTANTS["AUDIO_SYNC_MODE"], CONSTANTS["AUDIO_SYNC_TIMECODE"])
        if mode != CONSTANTS["AUDIO_SYNC_TIMECODE"]:
            return False  # waveform sync needs Resolve's audio engine
        for video in videos:
            start = video.tc_start / video.rate
            end = start + video.frames / video.rate
            for audio in audios:
                a_start = audio.tc_start / audio.rate
                if a_start < end and start < a_start + audio.frames / audio.rate:
                    video.synced_audio = audio.name
                    break
        return True  # §10 LIM: the boolean does not say whether anything linked; read 'Synced Audio'

    @api
    def GetSelectedClips(self):
        return [proxies.clip(self._session, self._project, c) for c in _live(self._project.selection)]

    @api
    def SetSelectedClip(self, clip):
        model = self._clip(clip)
        if model is None:
            return False
        self._project.selection = [model]
        return True

    @api
    def CreateMulticamClip(self, clips, multicamOptions):
        return None  # multicam angles need Resolve's sync engine


@proxies.api_class
class Folder(ApiObject):
    def __init__(self, session: Session, project: ProjectModel, model: FolderModel) -> None:
        super().__init__(session)
        self._project = project
        self._model = model

    def _valid(self) -> bool:
        return self._session.current_project is self._project and self._model.alive

    @api
    def GetClipList(self):
        return [proxies.clip(self._session, self._project, c) for c in self._model.clips if c.alive]

    @api
    def GetName(self):
        return self._model.name

    @api
    def GetSubFolderList(self):
        return [proxies.folder(self._session, self._project, f) for f in self._model.subfolders if f.alive]

    @api
    def GetIsFolderStale(self):
        return False  # staleness is a collaboration-mode state; a local database is never stale

    @api
    def GetUniqueId(self):
        return self._model.uid

    @api
    def Export(self, filePath):
        return False  # a .drb is Resolve's own bin format, which the emulator cannot write

    @api
    def TranscribeAudio(self, useSpeakerDetection=None, transcribeAsNestedClip=False):
        return studio_only(self._session)

    @api
    def ClearTranscription(self):
        return True  # nothing here is ever transcribed, so there is nothing left to clear

    @api
    def PerformAudioClassification(self):
        return False  # needs Resolve's AI engine

    @api
    def ClearAudioClassification(self):
        return True  # nothing is ever classified here

    @api
    def AnalyzeForIntellisearch(self, identifyFaces, isBetterMode):
        return False  # needs Resolve's AI engine and Extras pack

    @api
    def AnalyzeForSlate(self, markerColor):
        return False  # needs Resolve's AI engine and Extras pack

    @api
    def RemoveMotionBlur(self, deblurOption):
        return False  # needs Resolve's AI engine and Extras pack


def _flatten(args: tuple) -> list:
    """The old ``f(a, b, c)`` and the new ``f([a, b, c])`` forms alike (§13.10)."""
    if len(args) == 1 and isinstance(args[0], list):
        return list(args[0])
    return list(args)


def _entry_key(entry) -> tuple:
    if isinstance(entry, dict):
        clip = entry.get("mediaPoolItem")
        model = getattr(clip, "_model", None)
        return ("info", id(model), entry.get("startFrame"), entry.get("endFrame"), entry.get("recordFrame"))
    return ("clip", id(getattr(entry, "_model", entry)))


def _live(clips: list[ClipModel]) -> list[ClipModel]:
    return [c for c in clips if c.alive]


def delete_clip(project: ProjectModel, clip: ClipModel) -> None:
    if clip.is_timeline:
        editing.delete_timeline(project, clip.timeline)
        return
    clip.alive = False
    if clip.folder is not None:
        clip.folder.clips = [c for c in clip.folder.clips if c is not clip]
    project.selection = [c for c in project.selection if c is not clip]


def delete_folder(project: ProjectModel, folder: FolderModel) -> None:
    for sub in list(folder.walk()):
        for clip in list(sub.clips):
            delete_clip(project, clip)
        sub.alive = False
    folder.parent.subfolders = [f for f in folder.parent.subfolders if f is not folder]
    if folder.contains(project.current_folder):
        project.current_folder = project.root
