"""derush's own Python environment: a venv in derush's data folder, or one the user already has.

A new environment is ``python -m venv``, then ``pip install "<source>[server]"``: the panel with the built-in
server and its models. ``--seat`` installs ``<source>`` alone: a seat that talks to a studio box, without the
models (docs/architecture.md, "Two kinds of install").
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from installer.actions import InstallError
from installer.layout import Layout

CHECKOUT = Path(__file__).resolve().parent.parent
SERVER_EXTRA = "server"

PROBE = (
    "import importlib.util, json, sys\n"
    "spec = importlib.util.find_spec('resolve_plugin')\n"
    "try:\n"
    "    from importlib.metadata import version\n"
    "    v = version('derush')\n"
    "except Exception:\n"
    "    v = None\n"
    "print(json.dumps({'version': v, 'python': '%d.%d' % sys.version_info[:2],\n"
    "                  'package_dir': spec.submodule_search_locations[0] if spec else None}))\n"
)


@dataclass(frozen=True)
class EnvironmentOptions:
    #: a derush checkout, a wheel, or any pip requirement; None: the checkout this installer runs from
    source: str | None = None
    #: an existing environment (venv folder or its python) to use as it is
    python_env: Path | None = None
    #: passed to every ``pip install`` (e.g. --no-index, --find-links DIR)
    pip_options: list[str] = field(default_factory=list)
    #: a seat: the panel and the client without the built-in server and its models
    seat: bool = False
    #: the Python that creates the venv
    base_python: str = sys.executable


@dataclass(frozen=True)
class EnvironmentPlan:
    path: Path
    python: Path
    #: the installer's own environment (removed at uninstall), not one given with --python-env
    ours: bool
    commands: list[list[str]]
    #: the derush version the source holds, when it can be read without installing
    source_version: str | None


@dataclass(frozen=True)
class ProbeResult:
    version: str | None
    python: str
    package_dir: str | None


def resolve_source(source: str | None) -> str:
    if source is None:
        if not (CHECKOUT / "pyproject.toml").is_file():
            raise InstallError("this installer is not running from a derush checkout: give --source, a derush wheel "
                               "(.whl) or a checkout folder.")
        return str(CHECKOUT)
    path = Path(source).expanduser()
    return str(path.resolve()) if path.exists() else source  # else a pip requirement such as derush==0.1.0


def source_version(source: str) -> str | None:
    path = Path(source)
    if path.is_dir() and (path / "pyproject.toml").is_file():
        # a regex, not tomllib: the installer runs on Python 3.10, which has no TOML reader
        found = re.search(r'^version\s*=\s*"([^"]+)"', (path / "pyproject.toml").read_text(encoding="utf-8"),
                          re.MULTILINE)
        return found.group(1) if found else None
    if path.suffix == ".whl":
        parts = path.name.split("-")
        return parts[1] if len(parts) > 2 else None
    return None


def existing_python(env: Path, layout: Layout) -> Path:
    """``--python-env``: a venv folder or the Python inside it."""
    env = env.expanduser().absolute()
    python = env if env.is_file() else layout.env_python(env)
    if not python.is_file():
        raise InstallError(f"--python-env {env}: no Python at {python}. Give a virtual environment folder (or its "
                           "python), or leave out --python-env to let the installer make one.")
    return python


def plan_environment(layout: Layout, options: EnvironmentOptions) -> EnvironmentPlan:
    if options.python_env is not None:
        python = existing_python(options.python_env, layout)
        env = python.parent.parent if python.parent.name in ("bin", "Scripts") else python.parent
        return EnvironmentPlan(env, python, ours=False, commands=[], source_version=None)
    source = resolve_source(options.source)
    env, python = layout.venv_dir, layout.env_python(layout.venv_dir)
    commands = []
    if not python.is_file():  # installing again reuses the environment: pip upgrades derush in place
        commands.append([options.base_python, "-m", "venv", str(env)])
    pip = [str(python), "-m", "pip", "install", *options.pip_options]
    commands.append([*pip, source if options.seat else with_extra(source, SERVER_EXTRA)])
    return EnvironmentPlan(env, python, ours=True, commands=commands, source_version=source_version(source))


def with_extra(source: str, extra: str) -> str:
    """``source[extra]`` for a folder, a wheel or a requirement (``derush==0.2`` becomes ``derush[server]==0.2``)."""
    match = re.match(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?(.*)$", source)
    if match and not Path(source).exists() and not match.group(2):
        return f"{match.group(1)}[{extra}]{match.group(3)}"
    return source if source.endswith("]") else f"{source}[{extra}]"


def probe(python: Path, timeout_s: float = 120.0) -> ProbeResult | None:
    """Which derush a Python holds (a query: it runs even in a dry run). None when that Python cannot run."""
    try:
        done = subprocess.run([str(python), "-I", "-c", PROBE], capture_output=True, text=True, timeout=timeout_s)
        data = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        return None
    return ProbeResult(data.get("version"), data.get("python", ""), data.get("package_dir"))
