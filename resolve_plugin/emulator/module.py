"""A stand-in for the ``DaVinciResolveScript`` module, so link code can treat the emulator like the real one (§1).

``scriptapp("Resolve")`` answers the Resolve object, or None where the real module would:

* Resolve is not running (quit);
* external scripting (``context="external"``): the edition is free (Studio-only, §1, §12), or the preference
  "External scripting using" is None;
* Scripts-menu / console scripts (``context="scripts_menu"``): free 21.1 runs no Python at all (§12).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CONTEXTS = ("external", "scripts_menu")


class ScriptModule(types.ModuleType):
    """Module-like: ``dvr_script.scriptapp("Resolve")``."""

    def __init__(self, resolve: Any, context: str = "external") -> None:
        if context not in CONTEXTS:
            raise ValueError(f"context must be one of {CONTEXTS}, not {context!r}")
        super().__init__("DaVinciResolveScript")
        self._resolve = resolve
        self._context = context

    def scriptapp(self, name: str) -> Any:
        session = self._resolve._session
        if name != "Resolve" or not session.alive:
            return None  # Fusion is not emulated; a closed Resolve answers nothing
        if self._context == "external":
            if not session.product.external_scripting or session.external_scripting == "none":
                return None
        elif not session.product.python_in_app:
            return None
        return self._resolve


def script_module(resolve: Any, context: str = "external") -> ScriptModule:
    return ScriptModule(resolve, context)


def script_globals(resolve: Any) -> dict[str, Any]:
    """What a Scripts-menu Python script finds defined (§1): ``resolve`` and ``bmd`` (``bmd.scriptapp``), or
    nothing on free 21.1, which runs no Python scripts (§12). ``app``/``fusion`` are Fusion objects, not
    emulated."""
    session = resolve._session
    if not session.product.python_in_app or not session.alive:
        return {}
    return {"resolve": resolve, "bmd": ScriptModule(resolve, "scripts_menu")}


@contextmanager
def installed(resolve: Any, context: str = "external") -> Iterator[ScriptModule]:
    """``import DaVinciResolveScript`` finds the emulator inside this block."""
    module = ScriptModule(resolve, context)
    previous = sys.modules.get("DaVinciResolveScript")
    sys.modules["DaVinciResolveScript"] = module
    try:
        yield module
    finally:
        if previous is None:
            sys.modules.pop("DaVinciResolveScript", None)
        else:
            sys.modules["DaVinciResolveScript"] = previous
