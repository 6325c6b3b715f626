"""What the panel remembers between runs: server address, token and the last options, in one small JSON file.

The file is ``~/.derush/panel.json`` (beside the bridge's connection file), or ``DERUSH_PANEL_SETTINGS``. It
holds a token, so it is written readable by its owner only.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from resolve_plugin.job_options import ALTERNATES, ASPECTS, DEFAULT_ALTERNATES, DEFAULT_PACE, PACES, SCRIPT_MODES
from resolve_plugin.resolve.reader import SCOPES

log = logging.getLogger(__name__)



@dataclass
class PanelSettings:
    #: ``HOST:PORT`` of a derush server; empty starts the built-in one on this machine
    server: str = ""
    token: str = ""
    #: which clips: the media-pool selection, the current bin, or every clip of the project
    scope: str = "selection"
    #: the media-pool folder (its path, "Master / Day 1") when ``scope`` is "folder"
    folder: str = ""
    target_duration_s: float = 0.0  # 0: no target
    pace: str = "normal"
    script_path: str = ""
    #: names and terms the speech model should expect, comma-separated (the script's names are added)
    vocabulary: str = ""
    #: "speaker:S1", "shot_type:close-up"
    favour: list[str] = field(default_factory=list)
    #: analyse again even when the server has a stored result (after a model update, say)
    reanalyse: bool = False
    #: where Apply puts each event's runner-up takes (job_options.ALTERNATES)
    alternates: str = DEFAULT_ALTERNATES
    #: a reframed cutdown: "9:16", "4:5", "1:1"; "": the rushes' own shape
    aspect: str = ""
    #: cut filler words and hesitations out of the chosen takes
    remove_fillers: bool = False
    #: how closely the cut keeps to its script (job_options.SCRIPT_MODES)
    script_mode: str = "loose"

    def normalised(self) -> PanelSettings:
        if self.pace not in PACES:
            self.pace = DEFAULT_PACE
        if self.scope not in SCOPES:
            self.scope = "selection"
        if self.alternates not in ALTERNATES:
            self.alternates = DEFAULT_ALTERNATES
        self.target_duration_s = max(0.0, float(self.target_duration_s or 0.0))
        self.favour = [str(f) for f in self.favour if str(f).strip()]
        if self.aspect not in ASPECTS:
            self.aspect = ""
        if self.script_mode not in SCRIPT_MODES:
            self.script_mode = "loose"
        self.remove_fillers = bool(self.remove_fillers)
        return self


def settings_path() -> Path:
    return Path(os.environ.get("DERUSH_PANEL_SETTINGS") or Path.home() / ".derush" / "panel.json")


def load_settings(path: Path | None = None) -> PanelSettings:
    """The saved settings, or the defaults when there are none or the file is damaged (logged, not fatal)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return PanelSettings()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable panel settings %s (%s); using the defaults", path, exc)
        return PanelSettings()
    known = {f.name for f in fields(PanelSettings)}
    try:
        return PanelSettings(**{k: v for k, v in data.items() if k in known}).normalised()
    except (TypeError, ValueError) as exc:
        log.warning("ignoring panel settings %s with wrong values (%s)", path, exc)
        return PanelSettings()


def save_settings(settings: PanelSettings, path: Path | None = None) -> Path:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    # created 0600 from the start: the token never sits in a world-readable file, even briefly
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(settings), out, indent=2)
    os.replace(partial, path)
    return path
