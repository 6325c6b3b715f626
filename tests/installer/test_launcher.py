"""The Workspace ▸ Scripts launcher, run as Resolve runs it: its own Python process with ``resolve`` injected.

The panel is replaced by tests/installer/fake_panel.py (DERUSH_LAUNCHER_PANEL), run in derush's real
environment (this checkout's .venv), which records what it was given and, through the bridge, what it read.
"""

from __future__ import annotations

import ast
import glob
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resolve_plugin.launcher import TEMPLATE, LauncherValues, render_launcher
from tests.installer.conftest import HERE, REINSTALL, run_launcher

# what Resolve's own process may carry: a Python home for its embedded interpreter, its own libraries
RESOLVE_ENVIRON = {"PYTHONHOME": "/nonexistent/resolve-python", "PYTHONPATH": "/opt/resolve/Developer/Modules",
                   "LD_LIBRARY_PATH": "/opt/resolve/libs:/usr/local/keep-me"}


def oldest_python() -> str | None:
    """The oldest working Python 3 on this machine below 3.10 (pyenv's included), or None."""
    for minor in range(6, 10):
        candidates = [*sorted(glob.glob(str(Path.home() / f".pyenv/versions/3.{minor}.*/bin/python3.{minor}"))),
                      shutil.which(f"python3.{minor}")]
        for candidate in filter(None, candidates):
            # a pyenv shim exists for versions that are not selected: check that it really runs
            if subprocess.run([candidate, "-c", "pass"], capture_output=True).returncode == 0:
                return candidate
    return None


def assert_no_traceback(run) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert run.returncode == 0


# --- the file itself -----------------------------------------------------------------------------------------------


def test_the_launcher_is_python_36_syntax(tmp_path):
    source = TEMPLATE.read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 6))  # raises on walrus, positional-only parameters, match ...
    old = oldest_python()
    if old is None:
        pytest.skip("no Python older than 3.10 here: parsed with feature_version=(3, 6) only")
    compile_it = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)"
    done = subprocess.run([old, "-c", compile_it, str(TEMPLATE), str(tmp_path / "derush.pyc")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_filled_in_values_survive_any_path():
    tricky = r"C:\Users\Zoë O'Brien\AppData\Local\derush\venv\Scripts\python.exe"
    text = render_launcher(LauncherValues(tricky, "1.2.3", 'cd "C:\\src" && py -m installer'))
    namespace: dict = {}
    exec(compile(text, "derush.py", "exec"), namespace)  # defines only: nothing runs without Resolve's globals
    assert namespace["DERUSH_PYTHON"] == tricky and namespace["DERUSH_VERSION"] == "1.2.3"
    assert text.isascii()  # Resolve's Python may read it with any default encoding


def test_an_unfilled_launcher_says_to_run_the_installer(tmp_path, launcher_env):
    launcher = tmp_path / "derush.py"
    shutil.copy(TEMPLATE, launcher)
    run = run_launcher(launcher, launcher_env)
    assert "not set up by the derush installer" in run.stdout
    assert_no_traceback(run)


# --- Studio: external scripting, no bridge ----------------------------------------------------------------------------


def test_studio_starts_the_panel_with_external_scripting(write_launcher, launcher_env):
    started = time.monotonic()
    run = run_launcher(write_launcher(sys.executable), launcher_env, edition="studio", environ=RESOLVE_ENVIRON)
    assert_no_traceback(run)
    assert run.panel is not None, run.stdout
    assert run.panel["link"] == "live" and run.panel["argv"] == ["--link", "live"]
    assert Path(run.panel["executable"]).parent == Path(sys.executable).parent  # derush's environment
    # Resolve's Python home and libraries are not passed on (with them, derush's Python would not even start)
    assert run.panel["env"]["PYTHONHOME"] is None and run.panel["env"]["PYTHONPATH"] is None
    assert run.panel["env"]["LD_LIBRARY_PATH"] == "/usr/local/keep-me"
    assert run.panel["env"]["DERUSH_BRIDGE_FILE"] == launcher_env["DERUSH_BRIDGE_FILE"]  # inherited, not set
    assert not run.bridge_file.exists()
    assert time.monotonic() - started < 30


def test_a_panel_that_fails_at_start_is_reported_in_resolves_console(write_launcher, launcher_env):
    launcher_env["FAKE_PANEL_EXIT"] = "3"
    run = run_launcher(write_launcher(sys.executable), launcher_env, edition="studio")
    assert "the panel stopped with exit code 3" in run.stdout
    assert "fake panel failing" in run.stdout  # the log's tail, so the user sees why
    assert str(run.bridge_file.parent / "panel.log") in run.stdout
    assert_no_traceback(run)


def test_studio_can_be_told_to_use_the_bridge(write_launcher, launcher_env):
    """External scripting switched off in Studio's preferences: DERUSH_LAUNCHER_BRIDGE=1."""
    launcher_env["DERUSH_LAUNCHER_BRIDGE"] = "1"
    run = run_launcher(write_launcher(sys.executable), launcher_env, edition="studio", project="Studio Shoot")
    assert_no_traceback(run)
    assert run.panel["link"] == "bridge" and run.panel["product"] == "DaVinci Resolve Studio"
    assert run.panel["project"] == "Studio Shoot"


# --- free up to 21.0: the bridge ------------------------------------------------------------------------------------


def test_free_20_serves_the_bridge_until_the_panel_closes(write_launcher, launcher_env):
    run = run_launcher(write_launcher(sys.executable), launcher_env, edition="free", version=(20, 2, 3, 0),
                       project="Free Shoot", environ=RESOLVE_ENVIRON)
    assert_no_traceback(run)
    panel = run.panel
    assert panel is not None, run.stdout
    assert panel["argv"] == ["--link", "bridge"] and panel["kind"] == "bridge"
    assert panel["product"] == "DaVinci Resolve" and panel["project"] == "Free Shoot"
    assert panel["env"]["DERUSH_BRIDGE_FILE"] == str(run.bridge_file)
    assert "serving Resolve to the derush panel" in run.stdout and "bridge stopped" in run.stdout
    assert not run.bridge_file.exists()  # the connection file (it holds the token) goes with the bridge


def test_a_second_launch_while_the_panel_is_open_does_not_start_another(write_launcher, launcher_env, tmp_path):
    launcher = write_launcher(sys.executable)
    release = tmp_path / "close-panel"
    launcher_env["FAKE_PANEL_WAIT_FOR"] = str(release)
    spec = {"edition": "free", "version": [21, 0, 3, 0], "project": "Shoot", "environ": {}}
    first = subprocess.Popen([sys.executable, str(HERE / "run_in_resolve.py"), str(launcher), json.dumps(spec)],
                             env=launcher_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        ready = Path(launcher_env["FAKE_PANEL_OUT"] + ".ready")
        for _ in range(600):
            if ready.exists() or first.poll() is not None:
                break
            time.sleep(0.05)
        assert ready.exists(), "the first panel never started"
        second = run_launcher(launcher, dict(launcher_env, FAKE_PANEL_OUT=str(tmp_path / "second.json")),
                              edition="free", version=(21, 0, 3, 0))
        assert "derush is already open" in second.stdout
        assert second.panel is None
        assert_no_traceback(second)
    finally:
        release.write_text("")
        output, _ = first.communicate(timeout=60)
    assert first.returncode == 0 and "bridge stopped" in output, output


def test_free_21_1_does_not_run_the_launcher(write_launcher, launcher_env):
    """Free 21.1 runs no Python scripts (docs/resolve-emulator.md §12): no globals, and nothing starts."""
    run = run_launcher(write_launcher(sys.executable), launcher_env, edition="free", version=(21, 1, 0, 0))
    assert run.panel is None and run.stdout == ""
    assert_no_traceback(run)


def test_if_free_21_1_ever_ran_it_the_message_points_to_the_file_exports(write_launcher, launcher_env):
    run = run_launcher(write_launcher(sys.executable), launcher_env, edition="free", version=(21, 1, 0, 0),
                       inject="resolve")
    assert "derush cut --otio" in run.stdout and "File > Import > Timeline" in run.stdout
    assert run.panel is None
    assert_no_traceback(run)


def test_the_bridge_runs_on_python_36(write_launcher, launcher_env):
    """Resolve 17 and the free edition's system Python may be 3.6: the launcher and the bridge it loads by
    path from derush's package must really run there, not only compile."""
    old = oldest_python()
    if old is None:
        pytest.skip("no Python older than 3.10 here")
    run = run_launcher(write_launcher(sys.executable), launcher_env, project="Old Python Shoot", python=old,
                       runner="run_in_resolve36.py")
    assert_no_traceback(run)
    assert run.panel is not None, run.stdout
    assert run.panel["kind"] == "bridge" and run.panel["project"] == "Old Python Shoot"
    assert not run.bridge_file.exists()


# --- derush's environment missing or broken ---------------------------------------------------------------------------


def test_a_missing_environment_says_to_run_the_installer_again(write_launcher, launcher_env, tmp_path):
    gone = tmp_path / "deleted-venv" / "bin" / "python"
    run = run_launcher(write_launcher(str(gone)), launcher_env, edition="free")
    assert f"derush's Python environment is missing (expected {gone})" in run.stdout
    assert REINSTALL in run.stdout
    assert run.panel is None and not run.bridge_file.exists()
    assert_no_traceback(run)


def test_an_environment_without_derush_says_so(write_launcher, launcher_env):
    if sys.prefix == sys.base_prefix:
        pytest.skip("tests are not running in a virtual environment: no Python without derush at hand")
    run = run_launcher(write_launcher(sys._base_executable), launcher_env, edition="studio")
    assert "derush is not installed in its environment" in run.stdout and REINSTALL in run.stdout
    assert run.panel is None
    assert_no_traceback(run)


def test_a_sandboxed_app_store_resolve_serves_its_own_bridge_copy(tmp_path, launcher_env):
    """The App Store build may neither run derush's Python nor read its files: the launcher serves the copy of
    the bridge inside the container and prints the command that starts the panel from Terminal."""
    copy = tmp_path / "container" / "Data" / "Library" / "Application Support" / "derush" / "bridge"
    copy.mkdir(parents=True)
    for name in ("bridge_protocol.py", "bridge_server.py"):
        shutil.copy(HERE.parents[1] / "resolve_plugin" / "resolve" / name, copy / name)
    unreachable = "/Users/editor/Library/Application Support/derush/venv/bin/python"  # outside the sandbox
    launcher = tmp_path / "derush.py"
    launcher.write_text(render_launcher(LauncherValues(unreachable, "0.1.0", REINSTALL, str(copy))))
    launcher_env["APP_SANDBOX_CONTAINER_ID"] = "com.blackmagic-design.DaVinciResolveLite"
    spec = {"edition": "free", "version": [21, 0, 3, 0], "project": "App Store Shoot", "environ": {}}
    served = subprocess.Popen([sys.executable, str(HERE / "run_in_resolve.py"), str(launcher), json.dumps(spec)],
                              env=launcher_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    bridge_file = Path(launcher_env["DERUSH_BRIDGE_FILE"])
    try:
        for _ in range(600):
            if bridge_file.exists() or served.poll() is not None:
                break
            time.sleep(0.05)
        assert bridge_file.exists(), "the bridge never started"
        # what the user does in Terminal, from outside the sandbox
        panel_env = dict(launcher_env, DERUSH_BRIDGE_FILE=str(bridge_file))
        subprocess.run([sys.executable, str(HERE / "fake_panel.py"), "--link", "bridge"], env=panel_env,
                       check=True, timeout=60)
        panel = json.loads(Path(launcher_env["FAKE_PANEL_OUT"]).read_text())
        assert panel["kind"] == "bridge" and panel["project"] == "App Store Shoot"
    finally:
        served.terminate()  # it serves until Resolve quits
        output, _ = served.communicate(timeout=30)
    assert f'DERUSH_BRIDGE_FILE="{bridge_file}" "{unreachable}" -m resolve_plugin.cli panel --link bridge' in output
    assert "Traceback" not in output


def test_the_real_panel_reaches_free_resolve_through_the_launchers_bridge(write_launcher, launcher_env, embedded):
    from tests.panel.conftest import ARTEFACTS

    env = {**launcher_env, "DERUSH_LAUNCHER_PANEL": str(HERE / "real_panel.py"),
           "REAL_PANEL_SERVER": embedded.address, "REAL_PANEL_SHOT": str(ARTEFACTS / "20-via-launcher-bridge.png")}
    run = run_launcher(write_launcher(sys.executable), env, edition="free", version=(20, 2, 3, 0),
                       project="Free Shoot", environ=RESOLVE_ENVIRON, timeout=240)
    assert_no_traceback(run)
    assert run.panel is not None, run.stdout
    assert run.panel["idle"], run.panel
    # the panel's own connection line: the free edition, reached through the loopback bridge, its project
    assert "DaVinci Resolve 20.2.3" in run.panel["resolve"] and "(loopback bridge)" in run.panel["resolve"]
    assert "Free Shoot" in run.panel["resolve"] and "derush 0.1.0" in run.panel["server"]
    assert run.panel["clips"] == 0 and "select clips in Resolve's media pool" in run.panel["message"]
    assert "bridge stopped" in run.stdout and not run.bridge_file.exists()
