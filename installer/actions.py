"""Everything the installer changes goes through here, so that ``--dry-run`` can print it instead.

``Runner`` runs commands (venv, pip, systemctl, launchctl, schtasks): ``run`` runs them, ``print`` says what
would run (``--dry-run``), ``record`` only lists them (tests). ``FileOps`` writes and removes files and
folders, or only says so in a dry run. Queries that change nothing (does this Python work?) run directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RUNNER_MODES = ("run", "print", "record")

PERMISSION_ADVICE = ("An all-users install (--system) needs an administrator: use sudo, or an elevated prompt on "
                     "Windows; or install for this user only, without --system.")


class InstallError(Exception):
    """A step failed; the message says what to do."""


def format_command(argv: list[str]) -> str:
    if os.name == "nt":
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256_of(path.read_bytes())
    except OSError:
        return None


@dataclass
class Runner:
    """The one place commands run; ``mode`` decides whether they really do."""

    mode: str = "run"
    out: Callable[[str], None] = print
    recorded: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.mode not in RUNNER_MODES:
            raise ValueError(f"mode must be one of {RUNNER_MODES}, not {self.mode!r}")

    def run(self, argv: list[str], check: bool = True) -> bool:
        """True when the command succeeded (or was only printed/recorded). ``check=False``: a failure is
        reported and the install goes on (stopping a service that is not running, say)."""
        argv = [str(a) for a in argv]
        line = format_command(argv)
        if self.mode == "record":
            self.recorded.append(argv)
            self.out(f"recorded: {line}")
            return True
        if self.mode == "print":
            self.out(f"would run: {line}")
            return True
        self.out(f"running: {line}")
        try:
            code = subprocess.call(argv)
        except OSError as exc:
            return self._failed(f"{argv[0]} cannot run ({exc.strerror or exc})", check)
        if code != 0:
            return self._failed(f"`{line}` failed with exit code {code}", check)
        return True

    def _failed(self, message: str, check: bool) -> bool:
        if check:
            raise InstallError(message + ": see its output above, fix the cause and run the installer again.")
        self.out(f"  (ignored) {message}")
        return False


@dataclass
class FileOps:
    dry_run: bool = False
    out: Callable[[str], None] = print
    #: what was created and removed (or would be, in a dry run), so that a dry run reads like the real one
    created: set[Path] = field(default_factory=set)
    removed: set[Path] = field(default_factory=set)

    def make_dirs(self, path: Path) -> list[Path]:
        """Create ``path`` and missing parents; returns the folders created (or that would be), outermost first."""
        missing = []
        probe = path
        while not probe.exists() and probe not in self.created:
            missing.append(probe)
            if probe.parent == probe:
                break
            probe = probe.parent
        missing.reverse()
        self.created.update(missing)
        for folder in missing:
            self.out(f"{'would create' if self.dry_run else 'create'} {folder}/")
        if missing and not self.dry_run:
            with _explained("create", path):
                path.mkdir(parents=True, exist_ok=True)
        return missing

    def write(self, path: Path, data: bytes, mode: int | None = None) -> None:
        self.out(f"{'would write' if self.dry_run else 'write'} {path}")
        if self.dry_run:
            return
        with _explained("write", path):
            tmp = path.with_name(path.name + ".derush-tmp")
            tmp.write_bytes(data)
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)  # a half-written launcher is never left behind

    def remove_file(self, path: Path) -> None:
        self.out(f"{'would remove' if self.dry_run else 'remove'} {path}")
        if not self.dry_run:
            with _explained("remove", path):
                path.unlink(missing_ok=True)
        self.removed.add(path)

    def remove_empty_dir(self, path: Path) -> bool:
        """Remove a folder we created, only when nothing else was put in it since."""
        if not path.is_dir() or any(p not in self.removed for p in path.iterdir()):
            return False
        self.out(f"{'would remove' if self.dry_run else 'remove'} {path}/")
        if not self.dry_run:
            with _explained("remove", path):
                path.rmdir()
        self.removed.add(path)
        return True

    def remove_tree(self, path: Path) -> None:
        self.out(f"{'would remove' if self.dry_run else 'remove'} {path}/ (and everything in it)")
        if not self.dry_run:
            with _explained("remove", path):
                shutil.rmtree(path)
        self.removed.add(path)


@contextlib.contextmanager
def _explained(action: str, path: Path) -> Iterator[None]:
    """Turns a permission or disk error into an InstallError that says what to do."""
    try:
        yield
    except PermissionError:
        raise InstallError(f"cannot {action} {path}: permission denied. {PERMISSION_ADVICE}") from None
    except OSError as exc:
        raise InstallError(f"cannot {action} {path}: {exc.strerror or exc}.") from None
