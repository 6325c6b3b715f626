"""``python -m installer``: install derush for DaVinci Resolve, or remove it again."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from installer.actions import FileOps, InstallError, Runner, format_command
from installer.environment import EnvironmentOptions
from installer.install import InstallOptions, install, launcher_dirs, uninstall
from installer.layout import PLATFORMS, Layout, Roots, current_platform

#: options that change what an install does, repeated in the repair command the launcher shows
_NOT_REPEATED = ("--dry-run", "--uninstall")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m installer",
        description="Install derush into its own Python environment, add derush to DaVinci Resolve's "
                    "Workspace ▸ Scripts menu, and optionally run `derush serve` as a service. "
                    "Guide: docs/install-resolve.md.")
    parser.add_argument("--system", action="store_true",
                        help="install for all users (needs sudo / an administrator); default: this user only")
    parser.add_argument("--resolve-scripts-dir", type=Path, metavar="DIR",
                        help="Resolve's Fusion/Scripts folder (or its Utility folder) instead of the standard ones")
    parser.add_argument("--service", action="store_true",
                        help="also run `derush serve` in the background (systemd user unit, launchd agent or "
                             "scheduled task)")
    parser.add_argument("--serve-args", default="", metavar='"ARGS"',
                        help='options for the service\'s `derush serve`, quoted as one argument, e.g. '
                             '"--listen 0.0.0.0:50051 --tokens /etc/derush/tokens.txt" (see docs/studio-server.md)')
    parser.add_argument("--no-launcher", action="store_true",
                        help="leave Resolve alone: only the environment (and the service), e.g. on a studio's "
                             "inference box")
    parser.add_argument("--dry-run", action="store_true", help="print every step and change nothing")
    parser.add_argument("--uninstall", action="store_true", help="remove what an earlier install put in place")
    parser.add_argument("--python-env", type=Path, metavar="DIR",
                        help="use this existing environment (where derush is installed) instead of making one; "
                             "uninstall leaves it alone")
    parser.add_argument("--source", metavar="SRC",
                        help="what to pip install: a derush wheel or checkout (default: this checkout)")
    parser.add_argument("--pip-option", action="append", default=[], metavar="OPT",
                        help="passed to pip install, e.g. --pip-option=--no-index --pip-option=--find-links=DIR")
    parser.add_argument("--seat", action="store_true",
                        help="a seat for a studio box: the panel and the client, without the built-in server and its "
                             "models (the panel then needs --server HOST:PORT)")
    # For tests and packagers: lay out another OS, or under another root (like DESTDIR).
    parser.add_argument("--platform", choices=PLATFORMS, help=argparse.SUPPRESS)
    parser.add_argument("--system-root", type=Path, default=Path("/"), help=argparse.SUPPRESS)
    return parser


def reinstall_command(argv: list[str]) -> str:
    kept = [a for a in argv if a not in _NOT_REPEATED]
    command = format_command([sys.executable, "-m", "installer", *kept])
    cd = "cd /d" if os.name == "nt" else "cd"
    return f"{cd} {format_command([os.getcwd()])} && {command}"


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None, runner: Runner | None = None,
         out: Callable[[str], None] = print) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    environ = os.environ if environ is None else environ
    platform = args.platform or current_platform()
    layout = Layout(platform, args.system, Roots.from_environ(platform, environ, args.system_root))
    runner = runner or Runner("print" if args.dry_run else "run", out=out)
    files = FileOps(dry_run=args.dry_run, out=out)
    if args.dry_run:
        out("Dry run: nothing is changed.")
    if args.system and args.service and not args.uninstall:
        out("installer: the service runs as you, not for all users: install with --system first (as an "
            "administrator), then, as yourself: python -m installer --service --no-launcher --python-env "
            f"{format_command([str(layout.venv_dir)])}")
        return 2
    try:
        if args.uninstall:
            if uninstall(layout, runner, files, out):
                out("derush is uninstalled. Restart DaVinci Resolve to drop it from Workspace ▸ Scripts.")
            return 0
        options = InstallOptions(
            environment=EnvironmentOptions(
                source=args.source, python_env=args.python_env, pip_options=args.pip_option,
                seat=args.seat),
            scripts_dir=args.resolve_scripts_dir, launcher=not args.no_launcher, service=args.service,
            serve_args=tuple(shlex.split(args.serve_args)),
            reinstall_command=reinstall_command(argv),
        )
        manifest = install(layout, options, runner, files, out)
    except InstallError as exc:
        out(f"installer: {exc}")
        return 1
    out(f"derush {manifest.version} {'would be' if args.dry_run else 'is'} installed; its environment: "
        f"{manifest.environment}.")
    if not args.no_launcher:
        folders = "\n".join(f"  {d}" for d in launcher_dirs(layout, args.resolve_scripts_dir))
        out(f"The launcher is in:\n{folders}\nRestart DaVinci Resolve, then choose Workspace ▸ Scripts ▸ Utility ▸ "
            "derush. The free edition 21.1 and later runs no Python scripts: use `derush cut --otio cut.otio` and "
            "File ▸ Import ▸ Timeline instead.")
    return 0
