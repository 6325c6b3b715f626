"""Fresh proxies over model objects. Every API call that returns an object returns a new proxy (§13.11).

The API classes refer to one another (a timeline item knows its media-pool item, a media-pool item its
timeline), so they do not import each other: each registers itself here (``@proxies.api_class``) and is made
through these factories. ``resolve_plugin.emulator`` imports every class module, so all are registered.
"""

from __future__ import annotations

from typing import Any

from resolve_plugin.emulator.model import ClipModel, FolderModel, ItemModel, ProjectModel, TimelineModel

_CLASSES: dict[str, type] = {}


def api_class(cls: type) -> type:
    """Register an API class by its name, for the factories below."""
    _CLASSES[cls.__name__] = cls
    return cls


def project(session: Any, model: ProjectModel | None) -> Any:
    return None if model is None else _CLASSES["Project"](session, model)


def media_pool(session: Any, model: ProjectModel) -> Any:
    return _CLASSES["MediaPool"](session, model)


def folder(session: Any, project_model: ProjectModel, model: FolderModel | None) -> Any:
    return None if model is None else _CLASSES["Folder"](session, project_model, model)


def clip(session: Any, project_model: ProjectModel, model: ClipModel | None) -> Any:
    return None if model is None else _CLASSES["MediaPoolItem"](session, project_model, model)


def timeline(session: Any, project_model: ProjectModel, model: TimelineModel | None) -> Any:
    return None if model is None else _CLASSES["Timeline"](session, project_model, model)


def item(session: Any, project_model: ProjectModel, timeline_model: TimelineModel, model: ItemModel | None) -> Any:
    return None if model is None else _CLASSES["TimelineItem"](session, project_model, timeline_model, model)


def unwrap(session: Any, value: Any, cls: str) -> Any:
    """The model behind a still-usable proxy of API class ``cls`` from this session, or None."""
    if type(value).__name__ != cls or not hasattr(type(value), "_api_class") or value._session is not session:
        return None
    if not value._valid():
        return None
    return value._model
