"""Where derush and its Resolve launcher go on each OS (docs/resolve-emulator.md §2), from injectable roots.

Every folder is derived from ``Roots``, which is read from the environment (HOME, APPDATA, LOCALAPPDATA,
PROGRAMDATA, XDG_*) so that tests can lay out each OS inside temporary folders. Absolute system folders
(``/opt/resolve``, ``/Library/...``) hang off ``Roots.system_root``, ``/`` outside tests.
"""

from __future__ import annotations

import os
import platform as _platform
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PLATFORMS = ("linux", "macos", "windows")

#: Resolve's Scripts tree below each root (docs/resolve-emulator.md §2); the launcher goes into its Utility folder
#: (listed on every page under Workspace ▸ Scripts).
RESOLVE_VENDOR = ("Blackmagic Design", "DaVinci Resolve")
MAC_SCRIPTS = ("Library", "Application Support", *RESOLVE_VENDOR, "Fusion", "Scripts")
#: the Windows per-user tree has a ``Support`` segment that the all-users tree lacks
WINDOWS_USER_SCRIPTS = (*RESOLVE_VENDOR, "Support", "Fusion", "Scripts")
WINDOWS_ALL_USERS_SCRIPTS = (*RESOLVE_VENDOR, "Fusion", "Scripts")
#: Resolve's README up to 21.0.4 says ``%APPDATA%\Roaming\...``; %APPDATA% already is ...\AppData\Roaming, so
#: that folder is never read (fixed in the 21.1 README). We never write there and warn when it exists.
WINDOWS_TYPO_SCRIPTS = ("Roaming", *WINDOWS_USER_SCRIPTS)
LINUX_USER_SCRIPTS = (".local", "share", "DaVinciResolve", "Fusion", "Scripts")
UTILITY = "Utility"

#: Mac App Store builds are sandboxed: their per-user tree lives under the container's ``Data/`` folder.
MAC_CONTAINERS = ("Library", "Containers")
MAC_CONTAINER_PREFIX = "com.blackmagic-design."
#: inside a container, Resolve has also been seen listing the Fusion tree (davinci-resolve-mcp issue #104)
MAC_CONTAINER_FUSION_SCRIPTS = ("Library", "Application Support", "Fusion", "Scripts")
#: the bridge's copy inside a container, outside the Scripts tree (every .py there becomes a menu entry)
MAC_CONTAINER_BRIDGE = ("Library", "Application Support", "derush", "bridge")


def current_platform() -> str:
    system = _platform.system()
    return {"Darwin": "macos", "Windows": "windows"}.get(system, "linux")


@dataclass(frozen=True)
class Roots:
    """The folders every other path is derived from."""

    home: Path
    appdata: Path  # Windows %APPDATA% (roaming)
    localappdata: Path  # Windows %LOCALAPPDATA%
    programdata: Path  # Windows %PROGRAMDATA%
    xdg_data_home: Path
    xdg_config_home: Path
    system_root: Path = Path("/")
    #: DOMAIN\\user for the Windows scheduled task ("" when unknown)
    windows_user: str = ""
    uid: int = field(default_factory=lambda: os.getuid() if hasattr(os, "getuid") else 0)

    @classmethod
    def from_environ(cls, platform: str, environ: Mapping[str, str], system_root: Path = Path("/")) -> Roots:
        def path(name: str, default: Path) -> Path:
            value = environ.get(name)
            return Path(value) if value else default

        if platform == "windows":
            home = path("USERPROFILE", path("HOME", Path.home()))
        else:
            home = path("HOME", Path.home())
        user = environ.get("USERNAME", "")
        domain = environ.get("USERDOMAIN", "")
        return cls(
            home=home,
            appdata=path("APPDATA", home / "AppData" / "Roaming"),
            localappdata=path("LOCALAPPDATA", home / "AppData" / "Local"),
            programdata=path("PROGRAMDATA", system_root / "ProgramData"),
            xdg_data_home=path("XDG_DATA_HOME", home / ".local" / "share"),
            xdg_config_home=path("XDG_CONFIG_HOME", home / ".config"),
            system_root=system_root,
            windows_user=f"{domain}\\{user}" if domain and user else user,
        )


@dataclass(frozen=True)
class Layout:
    platform: str
    system: bool  # all users (--system) rather than this user
    roots: Roots

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"platform must be one of {PLATFORMS}, not {self.platform!r}")

    # --- derush's own folders ----------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        """Where derush's environment and the install manifest live."""
        r = self.roots
        if self.platform == "windows":
            return (r.programdata if self.system else r.localappdata) / "derush"
        if self.platform == "macos":
            base = r.system_root if self.system else r.home
            return base / "Library" / "Application Support" / "derush"
        return r.system_root / "opt" / "derush" if self.system else r.xdg_data_home / "derush"

    @property
    def venv_dir(self) -> Path:
        return self.data_dir / "venv"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "install-manifest.json"

    def env_python(self, env_dir: Path) -> Path:
        if self.platform == "windows":
            return env_dir / "Scripts" / "python.exe"
        return env_dir / "bin" / "python"

    # --- Resolve's script folders --------------------------------------------------------------------------

    def resolve_script_dirs(self) -> list[Path]:
        """The Utility folders the launcher goes into, most standard first."""
        r = self.roots
        if self.platform == "windows":
            scripts = (r.programdata.joinpath(*WINDOWS_ALL_USERS_SCRIPTS) if self.system
                       else r.appdata.joinpath(*WINDOWS_USER_SCRIPTS))
            return [scripts / UTILITY]
        if self.platform == "macos":
            if self.system:
                return [r.system_root.joinpath(*MAC_SCRIPTS) / UTILITY]
            return [r.home.joinpath(*MAC_SCRIPTS) / UTILITY, *self.mac_container_script_dirs()]
        if self.system:
            opt, iso = r.system_root / "opt" / "resolve", r.system_root / "home" / "resolve"
            base = iso if iso.is_dir() and not opt.is_dir() else opt  # ISO installs use /home/resolve
            return [base / "Fusion" / "Scripts" / UTILITY]
        return [r.home.joinpath(*LINUX_USER_SCRIPTS) / UTILITY]

    def mac_containers(self) -> list[Path]:
        """App Store Resolve containers (not the RAW player's and other Blackmagic apps')."""
        folder = self.roots.home.joinpath(*MAC_CONTAINERS)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir()
                      if p.name.startswith(MAC_CONTAINER_PREFIX) and "DaVinciResolve" in p.name
                      and (p / "Data").is_dir())

    def mac_container_script_dirs(self) -> list[Path]:
        dirs = []
        for container in self.mac_containers():
            data = container / "Data"
            dirs.append(data.joinpath(*MAC_SCRIPTS) / UTILITY)
            dirs.append(data.joinpath(*MAC_CONTAINER_FUSION_SCRIPTS) / UTILITY)
        return dirs

    def sandbox_data_dir(self, folder: Path) -> Path | None:
        """The App Store container's ``Data`` folder when ``folder`` lies inside one (a sandboxed Resolve reads
        nothing outside it), else None."""
        if self.platform != "macos":
            return None
        return next((c / "Data" for c in self.mac_containers() if folder.is_relative_to(c / "Data")), None)

    def misplaced_script_dirs(self) -> list[Path]:
        """Folders people create by following the old Windows README literally: Resolve never reads them."""
        if self.platform != "windows" or self.system:
            return []
        typo = self.roots.appdata.joinpath(*WINDOWS_TYPO_SCRIPTS)
        return [typo] if typo.exists() else []

    # --- the service ------------------------------------------------------------------------------------------

    @property
    def service_file(self) -> Path:
        r = self.roots
        if self.platform == "linux":
            return r.xdg_config_home / "systemd" / "user" / "derush.service"
        if self.platform == "macos":
            return r.home / "Library" / "LaunchAgents" / "derush.serve.plist"
        # schtasks registers the task from this XML; it is kept as the record of what was registered
        return self.data_dir / "derush-serve-task.xml"

    @property
    def service_log(self) -> Path | None:
        """Where the service's output goes when the OS does not keep it (systemd: the journal)."""
        if self.platform == "macos":
            return self.roots.home / "Library" / "Logs" / "derush-serve.log"
        return None


def scripts_dir_override(directory: Path) -> Path:
    """``--resolve-scripts-dir``: Resolve's ``Fusion/Scripts`` folder, or its ``Utility`` folder itself."""
    return directory if directory.name == UTILITY else directory / UTILITY
