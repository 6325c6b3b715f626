"""Fresh proxies over model objects. Every API call that returns an object returns a new proxy (§13.11).

The imports are local because the proxy modules refer to one another (a timeline item knows its media-pool
item, a media-pool item its timeline).
"""

from __future__ import annotations

from typing import Any

from resolve_plugin.emulator.model import ClipModel, FolderModel, ItemModel, ProjectModel, TimelineModel


def project(session: Any, model: ProjectModel | None) -> Any:
    from resolve_plugin.emulator.resolve import Project

    return None if model is None else Project(session, model)


def media_pool(session: Any, model: ProjectModel) -> Any:
    from resolve_plugin.emulator.media_pool import MediaPool

    return MediaPool(session, model)


def folder(session: Any, project_model: ProjectModel, model: FolderModel | None) -> Any:
    from resolve_plugin.emulator.media_pool import Folder

    return None if model is None else Folder(session, project_model, model)


def clip(session: Any, project_model: ProjectModel, model: ClipModel | None) -> Any:
    from resolve_plugin.emulator.media_pool_item import MediaPoolItem

    return None if model is None else MediaPoolItem(session, project_model, model)


def timeline(session: Any, project_model: ProjectModel, model: TimelineModel | None) -> Any:
    from resolve_plugin.emulator.timeline import Timeline

    return None if model is None else Timeline(session, project_model, model)


def item(session: Any, project_model: ProjectModel, timeline_model: TimelineModel, model: ItemModel | None) -> Any:
    from resolve_plugin.emulator.timeline_item import TimelineItem

    return None if model is None else TimelineItem(session, project_model, timeline_model, model)


def unwrap(session: Any, value: Any, cls: str) -> Any:
    """The model behind a still-usable proxy of API class ``cls`` from this session, or None."""
    if type(value).__name__ != cls or not hasattr(type(value), "_api_class") or value._session is not session:
        return None
    if not value._valid():
        return None
    return value._model
