"""Resolve, ProjectManager and Project (docs/resolve-emulator.md §4, §9, §12, §13)."""

from __future__ import annotations

from resolve_plugin.emulator import proxies
from resolve_plugin.emulator.calls import ApiObject, api
from resolve_plugin.emulator.constants import CONSTANTS
from resolve_plugin.emulator.model import ProjectModel
from resolve_plugin.emulator.project_settings import (
    DROP_FRAME_RATES,
    PROJECT_KEYS,
    READ_ONLY,
    parse_rate,
    typed_view,
    valid_value,
)
from resolve_plugin.emulator.state import DATABASE, Session
from resolve_plugin.emulator.storage import MediaStorage


class Resolve(ApiObject):
    """The ``resolve`` object (§1, §4)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)

    def __getattr__(self, name: str):
        # The enum constants are attributes, not methods (§8, §10).
        if name in CONSTANTS:
            return CONSTANTS[name]
        return super().__getattr__(name)

    def _constants(self) -> list[str]:
        return list(CONSTANTS)

    @api
    def Fusion(self):
        # The Fusion object needs Fusion's engine, which the emulator does not have.
        return None

    @api
    def GetMediaStorage(self):
        return MediaStorage(self._session)

    @api
    def GetProjectManager(self):
        return ProjectManager(self._session)

    @api
    def OpenPage(self, pageName):
        if pageName not in self._session.pages():
            return False
        self._session.page = pageName
        return True

    @api
    def GetCurrentPage(self):
        return self._session.page

    @api
    def GetProductName(self):
        return self._session.product.name

    @api
    def GetVersion(self):
        return self._session.product.version_fields()

    @api
    def GetVersionString(self):
        return self._session.product.version_string()

    @api
    def Quit(self):
        # After this every call on every object answers None (see controls.Controls.quit).
        self._session.alive = False
        return None

    @api
    def GetCurrentProject(self):
        return proxies.project(self._session, self._session.current_project)

    @api
    def GetCurrentTimeline(self):
        project = self._session.current_project
        if project is None or project.current_timeline is None:
            return None
        return proxies.timeline(self._session, project, project.current_timeline)

    @api
    def GetMediaPool(self):
        project = self._session.current_project
        return None if project is None else proxies.media_pool(self._session, project)

    @api
    def GetGallery(self):
        # Stills and grades need the colour engine; the emulator has no Gallery.
        return None

    @api
    def IsStudio(self):
        # §4: in the 21.1 PYI, "long-standing API, newly documented": offered on every version.
        return self._session.product.is_studio

    @api
    def GetKeyframeMode(self):
        return self._session.keyframe_mode

    @api
    def SetKeyframeMode(self, keyframeMode):
        # 0 all, 1 colour, 2 sizing (vendor README).
        if keyframeMode not in (0, 1, 2):
            return False
        self._session.keyframe_mode = keyframeMode
        return True

    @api
    def GetFairlightPresets(self):
        # An emulated install has no saved Fairlight presets.
        return []

    @api
    def DisableBackgroundTasksForCurrentResolveSession(self):
        self._session.background_tasks = False
        return None

    @api
    def ValidateDCTL(self, dctlSource):
        # A DCTL needs Resolve's GPU compiler; None would mean "valid", so say why it cannot be checked.
        return "DCTL Error: DCTL validation needs DaVinci Resolve's compiler (not emulated)."


class ProjectManager(ApiObject):
    def __init__(self, session: Session) -> None:
        super().__init__(session)

    @api
    def CreateProject(self, projectName, mediaLocationPath=None):
        session = self._session
        # §13.7: None when the name is taken.
        if not projectName or projectName in session.project_folder.projects:
            return None
        if session.current_project is not None and session.current_project.dirty:
            # LIM "ProjectManager.CreateProject (blocked by the current project)", Studio 21.0.4.5: with unsaved
            # changes open (Untitled or named) it returns None, a save dialog or nothing on screen; loading a clean
            # project (or saving) unblocks it. A fresh, unchanged Untitled project blocks nothing [choice].
            return None
        project = session.create_project(projectName)
        session.current_project = project
        return proxies.project(session, project)

    @api
    def LoadProject(self, projectName):
        session = self._session
        project = session.project_folder.projects.get(projectName)
        if project is None:
            return None  # §13.7
        # [unverified] switching keeps the left project's changes in memory, as if Resolve saved on switch.
        session.current_project = project
        return proxies.project(session, project)

    @api
    def GetCurrentProject(self):
        return proxies.project(self._session, self._session.current_project)

    @api
    def SaveProject(self):
        project = self._session.current_project
        if project is None or not project.in_database:
            return False  # Untitled has no location to save to (LIM)
        self._session.save(project)
        return True

    @api
    def CloseProject(self, project):
        model = proxies.unwrap(self._session, project, "Project")
        if model is None:
            return False
        self._session.close(model)
        return True

    @api
    def DeleteProject(self, projectName):
        session = self._session
        project = session.project_folder.projects.get(projectName)
        if project is None or project is session.current_project:
            return False  # §4: not if currently loaded
        del session.project_folder.projects[projectName]
        return True

    @api
    def GetProjectListInCurrentFolder(self):
        return list(self._session.project_folder.projects)

    @api
    def GetFolderListInCurrentFolder(self):
        return [f.name for f in self._session.project_folder.subfolders]

    @api
    def GotoRootFolder(self):
        self._session.project_folder = self._session.root_folder
        return True

    @api
    def GotoParentFolder(self):
        parent = self._session.project_folder.parent
        if parent is None:
            return False
        self._session.project_folder = parent
        return True

    @api
    def OpenFolder(self, folderName):
        for folder in self._session.project_folder.subfolders:
            if folder.name == folderName:
                self._session.project_folder = folder
                return True
        return False

    @api
    def GetCurrentFolder(self):
        return self._session.project_folder.name

    @api
    def ImportProject(self, filePath, projectName=None):
        # A .drp is Resolve's own database format; the emulator cannot read one.
        return False

    @api
    def ExportProject(self, projectName, filePath, withStillsAndLUTs=True):
        # Writing a .drp needs Resolve's database format; the emulator cannot produce one.
        return False

    @api
    def GetCurrentDatabase(self):
        return dict(DATABASE)

    @api
    def GetDatabaseList(self):
        return [dict(DATABASE)]

    @api
    def SetCurrentDatabase(self, dbInfo):
        return dbInfo.get("DbType") == DATABASE["DbType"] and dbInfo.get("DbName") == DATABASE["DbName"]


@proxies.api_class
class Project(ApiObject):
    def __init__(self, session: Session, model: ProjectModel) -> None:
        super().__init__(session)
        self._model = model

    def _valid(self) -> bool:
        # Only the loaded project answers; a proxy of a closed or switched-away project is stale.
        return self._session.current_project is self._model

    @api
    def GetMediaPool(self):
        return proxies.media_pool(self._session, self._model)

    @api
    def GetTimelineCount(self):
        return len(self._model.live_timelines())

    @api
    def GetTimelineByIndex(self, idx):
        timelines = self._model.live_timelines()
        # §13.5: 1 <= idx <= GetTimelineCount().
        if not 1 <= idx <= len(timelines):
            return None
        return proxies.timeline(self._session, self._model, timelines[idx - 1])

    @api
    def GetCurrentTimeline(self):
        current = self._model.current_timeline
        if current is None or not current.alive:
            return None  # §13.8: can be None
        return proxies.timeline(self._session, self._model, current)

    @api
    def SetCurrentTimeline(self, timeline):
        model = proxies.unwrap(self._session, timeline, "Timeline")
        if model is None or not any(t is model for t in self._model.live_timelines()):
            return False
        self._model.current_timeline = model
        return True

    @api
    def GetName(self):
        return self._model.name

    @api
    def SetName(self, projectName):
        folder = self._session.folder_of(self._model)
        if not projectName:
            return False
        if folder is not None:
            if projectName in folder.projects and folder.projects[projectName] is not self._model:
                return False  # §13.7: unique names only
            folder.projects.pop(self._model.name, None)
            folder.projects[projectName] = self._model
        self._model.name = projectName
        return True

    @api
    def GetUniqueId(self):
        return self._model.uid

    @api
    def GetSetting(self, settingName=None):
        settings = self._model.settings
        if not settingName:
            return dict(settings)  # §9: no key, None or "" -> snapshot
        # §9: an invalid key returns "a trivial result"; LIM measured None.
        return settings.get(settingName)

    @api
    def SetSetting(self, settingName, settingValue):
        return set_project_setting(self._model, settingName, settingValue)

    @api
    def GetSettings(self):
        return typed_view(self._model.settings)

    @api
    def SetSettings(self, settings):
        # §9 (21.1): keys applied one by one; on a failure earlier keys stay applied and the call is False.
        for key, value in settings.items():
            if not set_project_setting(self._model, key, value):
                return False
        return True

    @api
    def AddRenderJob(self):
        # Rendering needs Resolve's engine: no job can be queued.
        return ""

    @api
    def StartRendering(self, *args):
        return False  # no render engine

    @api
    def IsRenderingInProgress(self):
        return False  # nothing ever renders here

    @api
    def SetRenderSettings(self, settings):
        return False  # no render engine

    @api
    def GetTranscribeAudioStatus(self):
        return _idle_status()

    @api
    def GetDetectSceneCutsStatus(self):
        return _idle_status()

    @api
    def GetCreateSubtitlesFromAudioStatus(self):
        return _idle_status()


def _idle_status() -> dict:
    # §4 [21.1.1]: {JobStatus, CompletionPercentage, ...}; no analysis ever runs in the emulator.
    return {"JobStatus": "Inactive", "CompletionPercentage": 0}


def set_project_setting(project: ProjectModel, key: str, value: str) -> bool:
    settings = project.settings
    if key not in PROJECT_KEYS or key in READ_ONLY or not valid_value(key, value):
        return False
    if key == "timelineFrameRate":
        # [unverified] Resolve's UI locks the project rate once a timeline exists; so do we.
        if project.live_timelines():
            return False
        text, _, drop = parse_rate(value)
        settings["timelineFrameRate"] = text
        settings["timelinePlaybackFrameRate"] = text.removesuffix(" DF")
        settings["timelineDropFrameTimecode"] = "1" if drop else "0"
        return True
    if key == "timelineDropFrameTimecode":
        base = settings["timelineFrameRate"].removesuffix(" DF")
        if value == "1" and base not in DROP_FRAME_RATES:
            return False
        if project.live_timelines():
            return False
        settings[key] = value
        settings["timelineFrameRate"] = f"{base} DF" if value == "1" else base
        return True
    settings[key] = value
    return True
