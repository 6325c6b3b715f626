"""Launchers filled in as the installer does, run the way Resolve runs them: a separate Python process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from resolve_plugin.launcher import LauncherValues, render_launcher

HERE = Path(__file__).resolve().parent
REINSTALL = "cd /src/derush && python3 -m installer"


@dataclass
class LauncherRun:
    returncode: int
    stdout: str
    stderr: str
    #: what the stand-in panel recorded (None when it never ran)
    panel: dict | None
    bridge_file: Path


@pytest.fixture()
def write_launcher(tmp_path):
    def write(python: str, version: str = "0.1.0", name: str = "derush.py") -> Path:
        path = tmp_path / "Scripts" / "Utility" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_launcher(LauncherValues(python, version, REINSTALL)), encoding="utf-8")
        return path

    return write


@pytest.fixture()
def launcher_env(tmp_path):
    """The environment Resolve would start the script with; HOME and ~/.derush stay inside tmp_path."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, HOME=str(home), DERUSH_BRIDGE_FILE=str(home / ".derush" / "bridge.json"),
               DERUSH_LAUNCHER_PANEL=str(HERE / "fake_panel.py"), FAKE_PANEL_OUT=str(tmp_path / "panel.json"))
    for name in ("DERUSH_LAUNCHER_BRIDGE", "FAKE_PANEL_EXIT", "FAKE_PANEL_WAIT_FOR"):
        env.pop(name, None)
    return env


def run_launcher(launcher: Path, env: dict, edition: str = "studio", version=(20, 2, 3, 0),
                 project: str | None = "Shoot", environ: dict | None = None, python: str = sys.executable,
                 runner: str = "run_in_resolve.py", inject: str = "scripts_menu", timeout: float = 60) -> LauncherRun:
    """``inject``: "scripts_menu" gives the globals Resolve gives (none on free 21.1); "resolve" always gives
    ``resolve``."""
    if runner == "run_in_resolve.py":
        spec = {"edition": edition, "version": list(version), "project": project, "environ": environ or {},
                "inject": inject}
        argv = [python, str(HERE / runner), str(launcher), json.dumps(spec)]
    else:
        argv = [python, str(HERE / runner), str(launcher), project or ""]
    done = subprocess.run(argv, env=env, cwd=launcher.parent, capture_output=True, text=True, timeout=timeout)
    out = Path(env["FAKE_PANEL_OUT"])
    panel = json.loads(out.read_text()) if out.exists() else None
    return LauncherRun(done.returncode, done.stdout, done.stderr, panel, Path(env["DERUSH_BRIDGE_FILE"]))


# --- the installer on a temporary machine -----------------------------------------------------------------------------

#: Resolve's per-user Utility folders, straight from docs/resolve-emulator.md §2 (not from installer.layout)
USER_UTILITY = {
    "linux": "home/.local/share/DaVinciResolve/Fusion/Scripts/Utility",
    "macos": "home/Library/Application Support/Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Utility",
    "windows": "home/AppData/Roaming/Blackmagic Design/DaVinci Resolve/Support/Fusion/Scripts/Utility",
}
DATA_DIR = {
    "linux": "home/.local/share/derush",
    "macos": "home/Library/Application Support/derush",
    "windows": "home/AppData/Local/derush",
}
VENV_PYTHON = {"linux": "venv/bin/python", "macos": "venv/bin/python", "windows": "venv/Scripts/python.exe"}


@dataclass
class Machine:
    """A temporary root holding a home folder (and ProgramData), laid out as ``platform``."""

    root: Path
    platform: str
    lines: list[str]
    recorded: list[list[str]]

    @property
    def environ(self) -> dict[str, str]:
        home = self.root / "home"
        if self.platform == "windows":
            return {"USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming"),
                    "LOCALAPPDATA": str(home / "AppData" / "Local"), "PROGRAMDATA": str(self.root / "ProgramData"),
                    "USERNAME": "editor", "USERDOMAIN": "STUDIO"}
        return {"HOME": str(home)}

    def installer(self, *argv: str, mode: str = "record") -> int:
        """``python -m installer ARGV`` for this machine; commands are recorded (``mode="record"``) or run."""
        from installer.actions import Runner
        from installer.cli import main

        self.lines.clear()
        runner = Runner(mode, out=self.lines.append, recorded=self.recorded)
        return main([*argv, "--platform", self.platform, "--system-root", str(self.root)], environ=self.environ,
                    runner=runner, out=self.lines.append)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def path(self, relative: str) -> Path:
        return self.root / relative


@pytest.fixture()
def machine_factory(tmp_path):
    def make(platform: str, name: str = "machine") -> Machine:
        root = tmp_path / name
        (root / "home").mkdir(parents=True)
        return Machine(root, platform, [], [])

    return make


def snapshot(root: Path) -> dict[str, str]:
    """Every file (with its content's hash) and folder under root."""
    tree = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        tree[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def launcher_values(path: Path) -> dict:
    """The constants a written launcher holds (exec'd without Resolve's globals, nothing else runs)."""
    namespace: dict = {"__name__": "inspected"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return {k: namespace[k] for k in ("DERUSH_PYTHON", "DERUSH_VERSION", "DERUSH_REINSTALL", "DERUSH_BRIDGE_DIR")}
