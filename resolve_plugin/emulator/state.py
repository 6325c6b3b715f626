"""One running emulated Resolve: product, project database, UI state, call log."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from resolve_plugin.emulator.calls import CallLog, CallRecord
from resolve_plugin.emulator.model import ProjectModel
from resolve_plugin.emulator.product import Product
from resolve_plugin.emulator.project_settings import default_project_settings

PAGES = ("media", "cut", "edit", "fusion", "color", "fairlight", "deliver")
UNTITLED = "Untitled Project"
DATABASE = {"DbType": "Disk", "DbName": "Local Database"}


@dataclass(eq=False)
class ProjectFolder:
    """A folder of the project manager (not of the media pool)."""

    name: str
    parent: ProjectFolder | None = None
    subfolders: list[ProjectFolder] = field(default_factory=list)
    projects: dict[str, ProjectModel] = field(default_factory=dict)


class Session:
    def __init__(self, product: Product, project_name: str | None, frame_rate: str) -> None:
        self.product = product
        self.frame_rate = frame_rate
        self.log = CallLog()
        self.errors: list[CallRecord] = []
        self.alive = True
        self.page = "edit"
        self.foreground = True  # Resolve is the frontmost application (GetCurrentClipThumbnailImage needs it)
        self.modal: str | None = None
        self.external_scripting = "local"  # Preferences > System > General: "none", "local" or "network"
        self.volumes: list[str] = ["/"]
        self.keyframe_mode = 0
        self.background_tasks = True
        self.root_folder = ProjectFolder("")
        self.project_folder = self.root_folder
        if project_name is None:
            self.current_project = self.untitled()
        else:
            self.current_project = self.create_project(project_name)

    def pages(self) -> tuple[str, ...]:
        # "photo" from 21.0.2 (§4 OpenPage).
        return (*PAGES, "photo") if self.product.at_least((21, 0, 2)) else PAGES

    def untitled(self) -> ProjectModel:
        """Resolve's fallback project: open, but in no project folder and never saveable."""
        return ProjectModel(UNTITLED, default_project_settings(self.frame_rate), in_database=False)

    def create_project(self, name: str) -> ProjectModel:
        project = ProjectModel(name, default_project_settings(self.frame_rate))
        self.project_folder.projects[name] = project
        self.save(project)
        return project

    def save(self, project: ProjectModel) -> None:
        project.saved = None
        project.dirty = False
        project.saved = copy.deepcopy(project)

    def folder_of(self, project: ProjectModel) -> ProjectFolder | None:
        stack = [self.root_folder]
        while stack:
            folder = stack.pop()
            if any(p is project for p in folder.projects.values()):
                return folder
            stack += folder.subfolders
        return None

    def close(self, project: ProjectModel) -> None:
        """Close without saving: the database keeps the last saved state (§4 CloseProject)."""
        folder = self.folder_of(project)
        if folder is not None and project.saved is not None:
            restored = project.saved
            restored.saved = copy.deepcopy(restored)
            folder.projects.pop(project.name, None)
            folder.projects[restored.name] = restored
        if self.current_project is project:
            self.current_project = self.untitled()
