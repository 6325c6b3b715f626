"""One entry point that finds Resolve, and says exactly what to do when it cannot.

Order (docs/resolve-emulator.md §1, §12): inside Resolve (the ``resolve`` / ``bmd`` / ``app`` globals), external
scripting (``DaVinciResolveScript``, Studio), the launcher's loopback bridge (free edition up to 21.0),
and the emulator when asked for.
"""

from __future__ import annotations

import importlib
import logging
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resolve_plugin.resolve.errors import ResolveUnavailable

log = logging.getLogger(__name__)

KINDS = ("in-resolve", "live", "bridge", "emulator")

EXTERNAL_SCRIPTING_FIX = (
    "Open DaVinci Resolve Studio, set Preferences ▸ System ▸ General ▸ External scripting using: Local, and try again."
)


@dataclass
class ResolveLink:
    resolve: Any
    kind: str  # one of KINDS
    product: str
    version: str

    @property
    def is_studio(self) -> bool:
        return "Studio" in self.product

    def describe(self) -> str:
        how = {"in-resolve": "inside Resolve", "live": "external scripting", "bridge": "loopback bridge",
               "emulator": "emulated Resolve"}[self.kind]
        return f"{self.product} {self.version} ({how})"

    def project(self) -> Any:
        """The open project, or a clear error (Resolve answers None rather than raising)."""
        manager = self.resolve.GetProjectManager()
        project = manager.GetCurrentProject() if manager else None
        if not project:
            raise ResolveUnavailable("No project is open in Resolve: open or create a project, then try again.")
        return project


def default_script_paths(system: str | None = None) -> tuple[Path, Path]:
    """RESOLVE_SCRIPT_API and RESOLVE_SCRIPT_LIB defaults for this OS (docs/resolve-emulator.md §1)."""
    system = system or platform.system()
    if system == "Darwin":
        return (Path("/Library/Application Support/Blackmagic Design/DaVinci Resolve/Developer/Scripting"),
                Path("/Applications/DaVinci Resolve/DaVinci Resolve.app/Contents/Libraries/Fusion/fusionscript.so"))
    if system == "Windows":
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return (Path(program_data) / "Blackmagic Design" / "DaVinci Resolve" / "Support" / "Developer" / "Scripting",
                Path(r"C:\Program Files\Blackmagic Design\DaVinci Resolve\fusionscript.dll"))
    if Path("/home/resolve").is_dir() and not Path("/opt/resolve").is_dir():  # ISO installs
        return Path("/home/resolve/Developer/Scripting"), Path("/home/resolve/libs/Fusion/fusionscript.so")
    return Path("/opt/resolve/Developer/Scripting"), Path("/opt/resolve/libs/Fusion/fusionscript.so")


def _describe(resolve: Any, kind: str) -> ResolveLink:
    product = resolve.GetProductName() or "DaVinci Resolve"
    version = resolve.GetVersionString() or ""
    return ResolveLink(resolve, kind, product, version)


def from_globals(namespace: dict) -> Any | None:
    """``resolve``, ``bmd.scriptapp("Resolve")`` or ``app.GetResolve()``, as scripts inside Resolve get them."""
    resolve = namespace.get("resolve")
    if resolve is not None and hasattr(resolve, "GetVersion"):
        return resolve
    for name, get in (("bmd", lambda o: o.scriptapp("Resolve")), ("app", lambda o: o.GetResolve())):
        obj = namespace.get(name)
        if obj is not None:
            try:
                resolve = get(obj)
            except Exception:  # an odd global of that name: not Resolve's
                resolve = None
            if resolve:
                return resolve
    return None


def _import_script_module():
    """Import DaVinciResolveScript, adding the documented default locations when needed."""
    try:
        return importlib.import_module("DaVinciResolveScript")
    except ImportError:
        pass
    api_default, lib_default = default_script_paths()
    api = Path(os.environ.get("RESOLVE_SCRIPT_API") or api_default)
    lib = Path(os.environ.get("RESOLVE_SCRIPT_LIB") or lib_default)
    modules = api / "Modules"
    if not (modules / "DaVinciResolveScript.py").is_file():
        raise ResolveUnavailable(
            f"Resolve's scripting module was not found in {modules}: install DaVinci Resolve, or set "
            "RESOLVE_SCRIPT_API to its Developer/Scripting folder."
        )
    os.environ.setdefault("RESOLVE_SCRIPT_API", str(api))
    os.environ.setdefault("RESOLVE_SCRIPT_LIB", str(lib))
    if str(modules) not in sys.path:
        sys.path.append(str(modules))
    try:
        return importlib.import_module("DaVinciResolveScript")
    except ImportError as exc:
        raise ResolveUnavailable(
            f"Resolve's scripting library would not load into Python {platform.python_version()} ({exc}): check "
            f"that RESOLVE_SCRIPT_LIB points at fusionscript ({lib}) and that this Python is 64-bit and one Resolve "
            "supports."
        ) from None


def from_external_scripting() -> Any:
    module = _import_script_module()
    resolve = module.scriptapp("Resolve")
    if not resolve:
        raise ResolveUnavailable(
            "Resolve did not answer external scripting: it is not running, external scripting is off, or this is the "
            f"free edition. {EXTERNAL_SCRIPTING_FIX} With the free edition (up to 21.0), start derush from "
            "Workspace ▸ Scripts ▸ derush instead."
        )
    return resolve


def from_bridge(connection_file: Path | None = None) -> Any:
    from resolve_plugin.resolve.bridge_client import BridgeConnection
    from resolve_plugin.resolve.bridge_server import default_connection_file

    path = connection_file or Path(os.environ.get("DERUSH_BRIDGE_FILE") or default_connection_file())
    return BridgeConnection.from_file(path).root


def connect(mode: str = "auto", namespace: dict | None = None, emulator: Any = None,
            bridge_file: Path | None = None) -> ResolveLink:
    """Find Resolve. ``mode``: auto, in-resolve, live, bridge or emulator (then ``emulator`` is the Resolve)."""
    if mode == "emulator":
        if emulator is None:
            from resolve_plugin.emulator import create_resolve

            emulator = create_resolve()
        return _describe(emulator, "emulator")
    attempts: list[str] = []
    if mode in ("auto", "in-resolve"):
        resolve = from_globals(namespace or {})
        if resolve is not None:
            return _describe(resolve, "in-resolve")
        attempts.append("not started from inside Resolve")
    for kind, find in (("live", from_external_scripting), ("bridge", lambda: from_bridge(bridge_file))):
        if mode not in ("auto", kind):
            continue
        try:
            return _describe(find(), kind)
        except ResolveUnavailable as exc:
            attempts.append(str(exc))
    if len(attempts) == 1:
        raise ResolveUnavailable(attempts[0])
    raise ResolveUnavailable(
        "derush cannot reach DaVinci Resolve. " + " ".join(f"({n}) {a}" for n, a in enumerate(attempts, 1))
        + " Without scripting, use `derush cut --otio cut.otio` and File ▸ Import ▸ Timeline."
    )
