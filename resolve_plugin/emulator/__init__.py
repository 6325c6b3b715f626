"""An in-memory DaVinci Resolve behind the documented Python scripting API (docs/resolve-emulator.md).

    from resolve_plugin.emulator import controls, create_resolve

    resolve = create_resolve(edition="studio", version=(20, 2, 3, 0), project_name="Shoot")
    pool = resolve.GetProjectManager().GetCurrentProject().GetMediaPool()
    clips = pool.ImportMedia(["/media/A001.mov"])
    controls(resolve).calls            # every call the script made
    controls(resolve).undocumented_calls()

``script_module(resolve)`` is a stand-in for ``DaVinciResolveScript`` (``scriptapp("Resolve")``).
"""

from __future__ import annotations

# every API class module, so that each registers itself with ``proxies``
from resolve_plugin.emulator import media_pool, media_pool_item, timeline, timeline_item  # noqa: F401
from resolve_plugin.emulator.api_spec import Finding, check_calls
from resolve_plugin.emulator.calls import CallLog, CallRecord
from resolve_plugin.emulator.controls import Controls, controls
from resolve_plugin.emulator.module import ScriptModule, installed, script_globals, script_module
from resolve_plugin.emulator.product import Product, Version
from resolve_plugin.emulator.resolve import Resolve
from resolve_plugin.emulator.state import Session

__all__ = [
    "CallLog", "CallRecord", "Controls", "Finding", "Resolve", "ScriptModule", "check_calls", "controls",
    "create_resolve", "installed", "script_globals", "script_module",
]


def create_resolve(
    edition: str = "studio",
    version: Version = (20, 2, 3, 0),
    project_name: str | None = None,
    *,
    frame_rate: str = "24",
    suffix: str = "",
) -> Resolve:
    """A running emulated Resolve with one project open.

    ``project_name`` None opens Resolve's "Untitled Project" (not in the project list, cannot be saved);
    a name creates and opens that project. ``frame_rate`` is the project's timelineFrameRate ("24",
    "29.97 DF", ...). ``suffix`` is the version suffix GetVersion reports.
    """
    product = Product(edition, tuple(version), suffix)
    return Resolve(Session(product, project_name, frame_rate))
