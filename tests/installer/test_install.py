"""``python -m installer`` on a temporary machine laid out as each OS; commands are recorded, not run."""

from __future__ import annotations

import configparser
import json
import plistlib
import shlex
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.installer.conftest import DATA_DIR, USER_UTILITY, VENV_PYTHON, launcher_values, snapshot

PLATFORMS = ["linux", "macos", "windows"]
REPO = Path(__file__).resolve().parents[2]
SERVICE_FILE = {
    "linux": "home/.config/systemd/user/derush.service",
    "macos": "home/Library/LaunchAgents/derush.serve.plist",
    "windows": "home/AppData/Local/derush/derush-serve-task.xml",
}
APP_STORE = "home/Library/Containers/com.blackmagic-design.DaVinciResolveLite"
TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def launcher_dirs(machine) -> list[Path]:
    dirs = [machine.path(USER_UTILITY[machine.platform])]
    if machine.platform == "macos":
        data = machine.path(APP_STORE) / "Data" / "Library" / "Application Support"
        dirs += [data / "Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Utility", data / "Fusion/Scripts/Utility"]
    return dirs


def manifest_of(machine) -> dict:
    return json.loads((machine.path(DATA_DIR[machine.platform]) / "install-manifest.json").read_text())


def prepare(machine) -> Path:
    """A user's own script already in Resolve's Utility folder; on macOS an App Store Resolve's container."""
    own = machine.path(USER_UTILITY[machine.platform]) / "my_own_script.py"
    own.parent.mkdir(parents=True)
    own.write_text("print('mine')\n")
    if machine.platform == "macos":
        machine.path(APP_STORE + "/Data").mkdir(parents=True)
    return own


@pytest.mark.parametrize("platform", PLATFORMS)
def test_install_then_uninstall_leaves_the_machine_as_it_was(machine_factory, platform):
    machine = machine_factory(platform)
    own = prepare(machine)
    before = snapshot(machine.root)

    assert machine.installer("--service") == 0, machine.output
    python = str(machine.path(DATA_DIR[platform]) / VENV_PYTHON[platform])
    launchers = [d / "derush.py" for d in launcher_dirs(machine)]
    # a sandboxed (App Store) Resolve gets its own copy of the bridge, inside its container
    bridge = machine.path(APP_STORE + "/Data/Library/Application Support/derush/bridge")
    bridge_copies = [bridge / "bridge_protocol.py", bridge / "bridge_server.py"] if platform == "macos" else []
    for launcher in launchers:
        values = launcher_values(launcher)
        assert values["DERUSH_PYTHON"] == python
        assert values["DERUSH_VERSION"] == version("derush")
        assert "-m installer" in values["DERUSH_REINSTALL"]
        in_container = APP_STORE in str(launcher.relative_to(machine.root))
        assert values["DERUSH_BRIDGE_DIR"] == (str(bridge) if in_container else None)
    for copy in bridge_copies:
        assert copy.read_bytes() == (REPO / "resolve_plugin/resolve" / copy.name).read_bytes()
    assert own.read_text() == "print('mine')\n"

    manifest = manifest_of(machine)
    service_file = machine.path(SERVICE_FILE[platform])
    assert {f["path"] for f in manifest["files"]} == {str(p) for p in [*launchers, *bridge_copies, service_file]}
    assert manifest["created_environments"] == [str(machine.path(DATA_DIR[platform]) / "venv")]
    assert manifest["python"] == python and manifest["service"] in ("systemd", "launchd", "schtasks")
    # the environment: a venv, then derush from this checkout with the built-in server and its models
    assert machine.recorded[0][1:3] == ["-m", "venv"]
    assert machine.recorded[1][:4] == [python, "-m", "pip", "install"]
    assert machine.recorded[1][-1].endswith("[server]")
    service_commands = [" ".join(c) for c in machine.recorded[2:]]
    assert service_commands and all(c.split()[0] in ("systemctl", "launchctl", "schtasks") for c in service_commands)

    machine.recorded.clear()
    assert machine.installer("--uninstall") == 0, machine.output
    assert snapshot(machine.root) == before
    stops = {"linux": "systemctl --user disable --now derush.service", "macos": "launchctl bootout gui/",
             "windows": "schtasks /Delete /TN derush serve /F"}[platform]
    assert any(" ".join(c).startswith(stops) for c in machine.recorded), machine.recorded


@pytest.mark.parametrize("platform", PLATFORMS)
def test_dry_run_changes_nothing_and_says_everything(machine_factory, platform):
    machine = machine_factory(platform)
    prepare(machine)
    before = snapshot(machine.root)
    from installer.cli import main

    lines: list[str] = []
    code = main(["--dry-run", "--service", "--platform", platform, "--system-root", str(machine.root)],
                environ=machine.environ, out=lines.append)  # the real default runner, in print mode
    output = "\n".join(lines)
    assert code == 0, output
    assert snapshot(machine.root) == before
    for folder in launcher_dirs(machine):
        assert f"would write {folder / 'derush.py'}" in output
    assert f"would write {machine.path(SERVICE_FILE[platform])}" in output
    assert "would run: " in output and " -m venv " in output  # the default Runner printed instead of running

    assert machine.installer("--service") == 0
    installed = snapshot(machine.root)
    lines.clear()
    main(["--dry-run", "--uninstall", "--platform", platform, "--system-root", str(machine.root)],
         environ=machine.environ, out=lines.append)
    assert snapshot(machine.root) == installed
    assert f"would remove {launcher_dirs(machine)[0] / 'derush.py'}" in "\n".join(lines)


def test_installing_twice_is_the_same_as_once(machine_factory):
    machine = machine_factory("macos")
    prepare(machine)
    assert machine.installer("--service") == 0
    once, manifest_once = snapshot(machine.root), manifest_of(machine)
    assert machine.installer("--service") == 0
    manifest_twice = manifest_of(machine)
    for manifest in (manifest_once, manifest_twice):
        manifest.pop("installed_at")
    assert manifest_twice == manifest_once
    twice = snapshot(machine.root)
    manifest_key = str(Path(DATA_DIR["macos"]) / "install-manifest.json")
    assert {k: v for k, v in twice.items() if k != manifest_key} == {k: v for k, v in once.items() if k != manifest_key}
    # the second run replaced the running agent: unloaded, then loaded again
    assert [c[:2] for c in machine.recorded[-2:]] == [["launchctl", "bootout"], ["launchctl", "bootstrap"]]


def test_installing_again_remembers_what_the_first_install_created(machine_factory):
    machine = machine_factory("linux")
    before = snapshot(machine.root)
    assert machine.installer() == 0
    assert machine.installer("--service") == 0  # second run: the folders exist now, they are still ours
    assert machine.installer("--uninstall") == 0
    assert snapshot(machine.root) == before


def test_service_files_are_well_formed(machine_factory):
    """Parsed back with the readers their OS uses' formats have in Python: configparser, plistlib, ElementTree."""
    linux = machine_factory("linux", "linux")
    odd = linux.root / "home" / "data 100% $HOME"  # a space, systemd's % specifier and $ variable
    linux_environ = linux.environ
    linux_environ["XDG_DATA_HOME"] = str(odd)
    from installer.actions import Runner
    from installer.cli import main

    main(["--service", "--platform", "linux", "--system-root", str(linux.root)], environ=linux_environ,
         runner=Runner("record", out=lambda _: None), out=lambda _: None)
    unit = configparser.ConfigParser(interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(linux.path(SERVICE_FILE["linux"]))
    exec_start = [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(unit["Service"]["ExecStart"])]
    assert exec_start == [str(odd / "derush/venv/bin/python"), "-m", "resolve_plugin.cli", "serve"]
    assert unit["Install"]["WantedBy"] == "default.target" and unit["Service"]["Restart"] == "on-failure"

    mac = machine_factory("macos", "mac")
    mac.installer("--service")
    plist = plistlib.loads(mac.path(SERVICE_FILE["macos"]).read_bytes())
    assert plist["Label"] == "derush.serve" and plist["RunAtLoad"] is True
    assert plist["ProgramArguments"] == [str(mac.path(DATA_DIR["macos"]) / "venv/bin/python"), "-m",
                                         "resolve_plugin.cli", "serve"]
    assert plist["StandardErrorPath"].endswith("Library/Logs/derush-serve.log")

    windows = machine_factory("windows", "windows")
    windows.installer("--service")
    data = windows.path(SERVICE_FILE["windows"]).read_bytes()
    assert data.startswith(b"\xff\xfe")  # UTF-16 with its BOM, as schtasks /XML reads it
    task = ET.fromstring(data)
    assert task.tag == f"{TASK}Task"
    execute = task.find(f"{TASK}Actions/{TASK}Exec")
    assert execute.find(f"{TASK}Command").text == str(windows.path(DATA_DIR["windows"]) / "venv/Scripts/pythonw.exe")
    assert execute.find(f"{TASK}Arguments").text == "-m resolve_plugin.cli serve"
    assert task.find(f"{TASK}Triggers/{TASK}LogonTrigger/{TASK}UserId").text == "STUDIO\\editor"
    assert task.find(f"{TASK}Settings/{TASK}ExecutionTimeLimit").text == "PT0S"  # runs for the whole session
    create = next(c for c in windows.recorded if c[:2] == ["schtasks", "/Create"])
    assert create[create.index("/XML") + 1] == str(windows.path(SERVICE_FILE["windows"]))


def test_uninstall_keeps_a_launcher_the_user_changed(machine_factory):
    machine = machine_factory("linux")
    assert machine.installer() == 0
    launcher = machine.path(USER_UTILITY["linux"]) / "derush.py"
    launcher.write_text(launcher.read_text() + "# my tweak\n")
    assert machine.installer("--uninstall") == 0
    assert launcher.exists() and "it was changed after derush installed it" in machine.output
    assert not machine.path(DATA_DIR["linux"] + "/install-manifest.json").exists()


def test_windows_never_writes_into_the_readme_typo_folder(machine_factory):
    machine = machine_factory("windows")
    typo = machine.path("home/AppData/Roaming/Roaming/Blackmagic Design/DaVinci Resolve/Support/Fusion/Scripts")
    typo.mkdir(parents=True)
    assert machine.installer() == 0
    assert (machine.path(USER_UTILITY["windows"]) / "derush.py").is_file()
    assert not list(typo.rglob("derush.py"))
    assert f"{typo} is not read by Resolve" in machine.output


@pytest.mark.parametrize("platform, utility", [
    ("linux", "opt/resolve/Fusion/Scripts/Utility"),
    ("macos", "Library/Application Support/Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Utility"),
    ("windows", "ProgramData/Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Utility"),
])
def test_system_install_goes_to_the_all_users_folders(machine_factory, platform, utility):
    machine = machine_factory(platform)
    before = snapshot(machine.root)
    assert machine.installer("--system") == 0, machine.output
    assert (machine.path(utility) / "derush.py").is_file()
    assert not machine.path(USER_UTILITY[platform]).exists()
    assert machine.installer("--uninstall") == 0  # without --system: not this install
    assert "add --system" in machine.output and (machine.path(utility) / "derush.py").is_file()
    assert machine.installer("--uninstall", "--system") == 0
    assert snapshot(machine.root) == before


@pytest.mark.parametrize("given", ["Scripts", "Scripts/Utility"])
def test_resolve_scripts_dir_overrides_the_standard_folders(machine_factory, given):
    machine = machine_factory("linux")
    custom = machine.root / "mnt" / "resolve" / "Fusion"
    assert machine.installer("--resolve-scripts-dir", str(custom / given)) == 0
    assert (custom / "Scripts" / "Utility" / "derush.py").is_file()
    assert not machine.path(USER_UTILITY["linux"]).exists()


def test_uninstall_when_nothing_is_installed_changes_nothing(machine_factory):
    machine = machine_factory("linux")
    before = snapshot(machine.root)
    assert machine.installer("--uninstall") == 0
    assert "derush is not installed here" in machine.output
    assert snapshot(machine.root) == before


def test_bad_input_gives_a_sentence_not_a_traceback(machine_factory):
    machine = machine_factory("linux")
    assert machine.installer("--python-env", str(machine.root / "no-such-env")) == 1
    assert "no Python at" in machine.output and "leave out --python-env" in machine.output

    blocked = machine.path("home/.local/share/DaVinciResolve/Fusion/Scripts")
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where Resolve's folder should be")
    assert machine.installer() == 1
    assert f"cannot create {blocked / 'Utility'}" in machine.output
    # what was done before the failure is recorded, so that uninstall still cleans it up
    assert machine.installer("--uninstall") == 0
    assert not machine.path(DATA_DIR["linux"]).exists()


def test_a_service_for_all_users_is_refused_with_the_way_to_do_it(machine_factory):
    machine = machine_factory("linux")
    before = snapshot(machine.root)
    assert machine.installer("--system", "--service") == 2
    assert "--service --no-launcher --python-env" in machine.output
    assert snapshot(machine.root) == before


def test_an_inference_box_gets_the_service_without_touching_resolve(machine_factory):
    machine = machine_factory("linux")
    before = snapshot(machine.root)
    assert machine.installer("--no-launcher", "--service", "--serve-args",
                             "--listen 0.0.0.0:50051 --tokens '/etc/derush/seat tokens.txt'") == 0
    assert not machine.path("home/.local/share/DaVinciResolve").exists()
    unit = configparser.ConfigParser(interpolation=None)
    unit.optionxform = str
    unit.read(machine.path(SERVICE_FILE["linux"]))
    # the box's own options reach `derush serve`, a path with a space kept whole
    assert shlex.split(unit["Service"]["ExecStart"])[-5:] == [
        "serve", "--listen", "0.0.0.0:50051", "--tokens", "/etc/derush/seat tokens.txt"]
    assert machine.installer("--uninstall") == 0
    assert snapshot(machine.root) == before
