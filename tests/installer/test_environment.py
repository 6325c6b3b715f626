"""Real environments: one created by the installer (offline, from a wheel of this checkout), and a full install
into an existing environment whose launcher then runs as Resolve runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.installer.conftest import DATA_DIR, REINSTALL, USER_UTILITY, launcher_values, run_launcher, snapshot

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def derush_wheel(tmp_path_factory) -> Path:
    """A wheel of this checkout, built offline from a copy (a build in place would leave build/ in the tree)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for package in ("inference_server", "resolve_plugin", "protos", "installer"):
        shutil.copytree(REPO / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(out), str(source)], check=True, capture_output=True)
    return next(out.glob("derush-*.whl"))


def test_a_real_environment_is_created_then_removed(machine_factory, derush_wheel, write_launcher, launcher_env):
    machine = machine_factory("linux")
    before = snapshot(machine.root)
    code = machine.installer("--source", str(derush_wheel), "--pip-option=--no-deps", "--pip-option=--no-index",
                             "--seat", mode="run")
    assert code == 0, machine.output
    venv = machine.path(DATA_DIR["linux"]) / "venv"
    python = venv / "bin" / "python"
    check = subprocess.run([str(python), "-I", "-c", "import resolve_plugin.launcher, installer.cli; "
                            "from importlib.metadata import version; print(version('derush'))"],
                           capture_output=True, text=True)
    assert check.stdout.strip() == version("derush"), check.stderr
    values = launcher_values(machine.path(USER_UTILITY["linux"]) / "derush.py")
    assert values["DERUSH_PYTHON"] == str(python) and values["DERUSH_VERSION"] == version("derush")

    # installed without its requirements (offline), so the launcher must say what is missing and what to do
    run = run_launcher(write_launcher(str(python)), launcher_env, edition="studio")
    assert "lacks PySide6, grpc" in run.stdout and REINSTALL in run.stdout
    assert "Traceback" not in run.stdout + run.stderr and run.panel is None

    assert machine.installer("--uninstall", mode="run") == 0, machine.output
    assert not venv.exists()
    assert snapshot(machine.root) == before


def test_full_install_into_an_existing_environment_then_resolve_runs_the_launcher(machine_factory, launcher_env):
    machine = machine_factory("linux")
    own_env = Path(sys.prefix)  # this checkout's environment, where derush is installed
    before = snapshot(machine.root)
    assert machine.installer("--python-env", str(own_env), mode="run") == 0, machine.output
    assert machine.recorded == []  # nothing to create: no venv, no pip
    launcher = machine.path(USER_UTILITY["linux"]) / "derush.py"
    assert launcher_values(launcher)["DERUSH_PYTHON"] == str(own_env / "bin" / "python")

    run = run_launcher(launcher, launcher_env, edition="free", version=(20, 2, 3, 0), project="Installed Shoot")
    assert "Traceback" not in run.stdout + run.stderr and run.returncode == 0
    assert run.panel is not None, run.stdout
    assert run.panel["kind"] == "bridge" and run.panel["project"] == "Installed Shoot"
    assert not run.bridge_file.exists()

    assert machine.installer("--uninstall", mode="run") == 0, machine.output
    assert snapshot(machine.root) == before
    assert (own_env / "bin" / "python").exists() and (own_env / "pyvenv.cfg").exists()  # not ours to remove
