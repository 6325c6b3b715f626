"""The install manifest: what an install created, so that ``--uninstall`` removes exactly that.

Written as JSON into derush's data folder. Installing again merges with the previous manifest: a folder or
environment the first install created stays ours even though the second run found it already there.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from installer.actions import InstallError

FORMAT = "derush-install/1"


@dataclass(frozen=True)
class InstalledFile:
    path: str
    #: what was written; a file changed since is left in place at uninstall
    sha256: str
    kind: str  # "launcher" or "service"


@dataclass(frozen=True)
class Manifest:
    version: str
    platform: str
    system: bool
    #: derush's environment (a venv folder) and its Python
    environment: str
    python: str
    #: environments the installer created (this one and any earlier install's); one given with --python-env
    #: is not listed: uninstall must leave it alone
    created_environments: list[str] = field(default_factory=list)
    files: list[InstalledFile] = field(default_factory=list)
    #: folders the installer created, outermost first; removed at uninstall when empty
    directories: list[str] = field(default_factory=list)
    #: "systemd", "launchd", "schtasks" or None
    service: str | None = None
    #: a log file the service manager writes for us (launchd), removed with the service
    service_log: str | None = None
    installed_at: str = ""
    format: str = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown manifest format {data.get('format')!r}")
        data["files"] = [InstalledFile(**f) for f in data.get("files", [])]
        return cls(**data)

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, KeyError) as exc:
            raise InstallError(
                f"the install manifest {path} is damaged ({exc}): remove derush's files by hand (see "
                "docs/install-resolve.md, Uninstall), delete the manifest, and install again.") from None

    def merged_with(self, previous: Manifest | None) -> Manifest:
        """This install's record plus what an earlier install created and this one did not redo."""
        if previous is None:
            return self
        files = {f.path: f for f in previous.files}
        files.update({f.path: f for f in self.files})
        directories = list(dict.fromkeys([*previous.directories, *self.directories]))
        created = list(dict.fromkeys([*previous.created_environments, *self.created_environments]))
        return replace(
            self, files=list(files.values()), directories=directories, created_environments=created,
            service=self.service or previous.service, service_log=self.service_log or previous.service_log,
        )
