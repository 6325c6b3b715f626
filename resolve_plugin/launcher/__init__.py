"""The Workspace ▸ Scripts launcher: a template filled in at install time (``derush_launcher.py``).

The template is read as text, never imported here: it runs in Resolve's own Python, and the installer
writes a filled-in copy of it into Resolve's ``Fusion/Scripts/Utility`` folder as ``derush.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).with_name("derush_launcher.py")
#: the name Resolve shows under Workspace ▸ Scripts ▸ Utility is the file's stem
INSTALLED_NAME = "derush.py"
#: what a sandboxed (Mac App Store) Resolve needs a copy of inside its container: stdlib-only, Python 3.6
BRIDGE_MODULES = ("bridge_protocol.py", "bridge_server.py")
BRIDGE_SOURCE = Path(__file__).resolve().parent.parent / "resolve"


@dataclass(frozen=True)
class LauncherValues:
    #: derush's environment's Python (absolute path, for the OS the launcher will run on)
    python: str
    #: the derush version installed in that environment
    version: str
    #: the command that repairs an install, shown when the environment is missing or broken
    reinstall: str
    #: a sandboxed (Mac App Store) Resolve's own copy of the bridge modules, inside its container
    bridge_dir: str | None = None


def render_launcher(values: LauncherValues, template: str | None = None) -> str:
    """The template with its ``NAME = None`` placeholders replaced by the values, as Python literals.

    ``ascii()`` writes a literal that any Python 3 reads back exactly, whatever the path holds (backslashes,
    accents, quotes) and whatever encoding Resolve's Python assumes for the file.
    """
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    for name, value in (("DERUSH_PYTHON", values.python), ("DERUSH_VERSION", values.version),
                        ("DERUSH_REINSTALL", values.reinstall), ("DERUSH_BRIDGE_DIR", values.bridge_dir)):
        text, count = re.subn(rf"^{name} = None$", lambda _m, n=name, v=value: f"{n} = {ascii(v)}", text,
                              flags=re.MULTILINE)
        if count != 1:
            raise ValueError(f"the launcher template must assign {name} = None exactly once (found {count})")
    return text
