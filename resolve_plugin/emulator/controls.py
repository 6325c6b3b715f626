"""Emulator-only controls: what a user or the machine does to Resolve, never part of the scripting API.

``controls(resolve)`` (any emulated object works) gives the call log and the levers tests need: media-pool
selection, offline media, a user deleting a clip, page changes, the free edition's modal, and quitting.

Quitting: after ``quit()`` (or a script's ``resolve.Quit()``) every call on every object already held answers
None and ``scriptapp`` answers None. We chose None over each method's usual failure value because the remote
objects lose their process: ayon-resolve's watchdog sees ``app.Test`` resolve to None once Resolve is gone
(docs/resolve-emulator.md §12), and nothing on the far side is left to produce False or "".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resolve_plugin.emulator import api_spec, proxies
from resolve_plugin.emulator.calls import CallLog, CallRecord
from resolve_plugin.emulator.media_pool import delete_clip
from resolve_plugin.emulator.module import ScriptModule, installed, script_globals
from resolve_plugin.emulator.product import Product, Version
from resolve_plugin.emulator.state import Session


class Controls:
    def __init__(self, obj: Any) -> None:
        self._session: Session = obj._session
        self._resolve = obj if type(obj).__name__ == "Resolve" else None

    @property
    def product(self) -> Product:
        return self._session.product

    @property
    def calls(self) -> CallLog:
        return self._session.log

    @property
    def errors(self) -> list[CallRecord]:
        """Calls during which the emulator itself failed (each returned its failure value to the script)."""
        return list(self._session.errors)

    def undocumented_calls(self, version: Version | None = None) -> list[api_spec.Finding]:
        """Logged calls the reference does not document, checked for ``version`` (default: the emulated one)."""
        return api_spec.check_calls(self.calls, version or self._session.product.version)

    # --- what the user does in the UI -------------------------------------------------------------------------

    def select(self, items: list[Any]) -> None:
        """Select these MediaPoolItems in the media pool (what GetSelectedClips returns)."""
        project = self._project()
        project.selection = [m for m in (proxies.unwrap(self._session, i, "MediaPoolItem") for i in items) if m]

    def select_timeline_items(self, timeline: Any, items: list[Any]) -> None:
        """Select these items on a timeline (Timeline.GetSelectedClips, 21.0.4+)."""
        model = proxies.unwrap(self._session, timeline, "Timeline")
        if model is None:
            raise ValueError(f"{timeline!r} is not a live Timeline of this Resolve")
        model.selection = [m for m in (proxies.unwrap(self._session, i, "TimelineItem") for i in items) if m]

    def set_offline(self, item: Any, moved_from: str | None = None) -> None:
        """The clip's media went offline: the clip stays, its 'Online Status' reads 'Offline', and
        ``MediaPool.RelinkClips`` can find the file again.

        With ``moved_from``, the clip records that path as its 'File Path' (a path where the file no longer
        is), as when media was moved or renamed behind Resolve's back; the real file is left untouched.
        (A clip whose real file disappears goes offline by itself.)"""
        clip = self._clip(item)
        clip.online = False
        if moved_from is not None:
            clip.path = Path(moved_from)

    def delete_clip(self, item: Any) -> None:
        """A user deletes the clip from the media pool (no page or API rule applies)."""
        delete_clip(self._project(), self._clip(item))

    def set_page(self, page: str) -> None:
        if page not in self._session.pages():
            raise ValueError(f"page must be one of {self._session.pages()}")
        self._session.page = page

    def set_foreground(self, foreground: bool = True) -> None:
        """Resolve is (or is not) the frontmost application: behind another window, GetCurrentClipThumbnailImage
        answers None even on the Color page (LIM, Studio 19.1.3.7)."""
        self._session.foreground = foreground

    def set_derive_reel_names(self, derive: bool = True) -> None:
        """Project setting 'Assist using reel names from ...': Reel Name writes are then dropped (§6)."""
        self._project().derive_reel_names = derive

    @property
    def modal(self) -> str | None:
        """The text of the blocking dialog on screen, if any (free edition upsell, §10)."""
        return self._session.modal

    def dismiss_dialog(self) -> None:
        self._session.modal = None

    def quit(self) -> None:
        """Resolve closes mid-run: see the module docstring for what calls then return."""
        self._session.alive = False

    # --- the machine ------------------------------------------------------------------------------------------

    def set_external_scripting(self, mode: str) -> None:
        """Preferences > System > General > External scripting using: "none", "local" or "network"."""
        if mode not in ("none", "local", "network"):
            raise ValueError("mode must be none, local or network")
        self._session.external_scripting = mode

    def set_volumes(self, volumes: list[str]) -> None:
        """The volumes Media Storage lists (GetMountedVolumeList)."""
        self._session.volumes = [str(v) for v in volumes]

    def script_module(self, context: str = "external") -> ScriptModule:
        return ScriptModule(self._require_resolve(), context)

    def installed_module(self, context: str = "external"):
        """Context manager: ``import DaVinciResolveScript`` gets the emulator inside it."""
        return installed(self._require_resolve(), context)

    def script_globals(self) -> dict[str, Any]:
        return script_globals(self._require_resolve())

    # ----------------------------------------------------------------------------------------------------------

    def _require_resolve(self):
        if self._resolve is None:
            from resolve_plugin.emulator.resolve import Resolve

            self._resolve = Resolve(self._session)
        return self._resolve

    def _project(self):
        project = self._session.current_project
        if project is None:
            raise RuntimeError("no project is open")
        return project

    def _clip(self, item: Any):
        model = proxies.unwrap(self._session, item, "MediaPoolItem")
        if model is None:
            raise ValueError(f"{item!r} is not a live MediaPoolItem of this Resolve")
        return model


def controls(obj: Any) -> Controls:
    """Controls of the Resolve that ``obj`` (any emulated object) belongs to."""
    if not hasattr(type(obj), "_api_class"):
        raise TypeError(f"{obj!r} is not an emulated Resolve object")
    return Controls(obj)
