"""Finding Resolve: inside it, external scripting, the launcher's bridge, the emulator; and what to do when
none answers. The emulator stands in for Resolve; everything else is the real link code."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from resolve_plugin.emulator import controls, create_resolve
from resolve_plugin.resolve.errors import ResolveUnavailable
from resolve_plugin.resolve.link import connect, default_script_paths


@pytest.fixture()
def no_script_module(monkeypatch, tmp_path):
    """A machine where Resolve is not installed: nothing at the documented paths."""
    monkeypatch.setenv("RESOLVE_SCRIPT_API", str(tmp_path / "no-resolve"))
    monkeypatch.setenv("DERUSH_BRIDGE_FILE", str(tmp_path / "no-bridge.json"))
    monkeypatch.delitem(sys.modules, "DaVinciResolveScript", raising=False)


def test_inside_resolve_the_injected_globals_are_used():
    resolve = create_resolve(edition="free", version=(21, 0, 3, 0), project_name="P")
    link = connect(namespace=controls(resolve).script_globals())
    assert link.kind == "in-resolve" and not link.is_studio
    only_bmd = {"bmd": controls(resolve).script_globals()["bmd"]}
    assert connect(namespace=only_bmd).kind == "in-resolve"


def test_external_scripting_on_studio(no_script_module):
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="P")
    with controls(resolve).installed_module():
        link = connect()
    assert link.kind == "live" and link.is_studio
    assert link.describe().startswith("DaVinci Resolve Studio 21.1.1")


@pytest.mark.parametrize("edition, scripting", [("free", "local"), ("studio", "none")])
def test_external_scripting_refused_says_what_to_do(no_script_module, edition, scripting):
    resolve = create_resolve(edition=edition, version=(20, 2, 3, 0), project_name="P")
    controls(resolve).set_external_scripting(scripting)
    with controls(resolve).installed_module(), pytest.raises(ResolveUnavailable) as caught:
        connect(mode="live")
    message = str(caught.value)
    assert "Preferences ▸ System ▸ General ▸ External scripting" in message
    assert "Workspace ▸ Scripts" in message


def test_resolve_not_installed_names_the_folder_it_looked_in(no_script_module, tmp_path):
    with pytest.raises(ResolveUnavailable) as caught:
        connect()
    message = str(caught.value)
    assert str(tmp_path / "no-resolve") in message
    assert "Workspace ▸ Scripts ▸ derush" in message  # the bridge's fix
    assert "File ▸ Import ▸ Timeline" in message  # and the way without scripting


def test_no_project_open_is_a_clear_message():
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="P")
    link = connect(mode="emulator", emulator=resolve)
    controls(resolve).quit()
    with pytest.raises(ResolveUnavailable, match="open or create a project"):
        link.project()


@pytest.mark.parametrize("system, api", [
    ("Darwin", "/Library/Application Support/Blackmagic Design/DaVinci Resolve/Developer/Scripting"),
    ("Linux", "/opt/resolve/Developer/Scripting"),
])
def test_documented_default_paths(system, api):
    assert str(default_script_paths(system)[0]) == api


BRIDGE_SERVER = """
import sys
from resolve_plugin.emulator import create_resolve
from resolve_plugin.resolve.bridge_server import serve
resolve = create_resolve(edition="free", version=(21, 0, 3, 0), project_name="Bridged")
resolve.GetProjectManager().GetCurrentProject().GetMediaPool().ImportMedia(sys.argv[2:])
serve(resolve, connection_file=sys.argv[1])
"""


@pytest.fixture()
def bridge(tmp_path, fixtures_dir, clips):
    """The bridge served from another process, as the launcher does inside Resolve (free edition)."""
    connection = tmp_path / "bridge.json"
    process = subprocess.Popen([sys.executable, "-c", BRIDGE_SERVER, str(connection),
                                str(fixtures_dir / clips[1].file)])
    for _ in range(300):
        if connection.exists():
            break
        time.sleep(0.05)
    yield connection
    process.terminate()
    process.wait(10)


def test_the_bridge_serves_resolve_from_another_process(bridge):
    link = connect(mode="bridge", bridge_file=bridge)
    assert link.kind == "bridge" and link.product == "DaVinci Resolve"
    project = link.project()
    [item] = project.GetMediaPool().GetRootFolder().GetClipList()
    assert item.GetClipProperty()["FPS"] == 24.0
    assert item.AddMarker(12, "Blue", "derush", "via the bridge", 3, "derush:test")
    markers = item.GetMarkers()
    assert list(markers) == [12.0] and markers[12.0]["duration"] == 3.0  # float keys survive the wire
    assert item.SetMetadata({"Keywords": "Speech"}) and item.GetMetadata()["Keywords"] == "Speech"


def test_the_bridge_refuses_a_wrong_token(bridge):
    info = json.loads(bridge.read_text())
    info["token"] = "0" * 48
    forged = bridge.with_name("forged.json")
    forged.write_text(json.dumps(info))
    with pytest.raises(ResolveUnavailable, match="refused"):
        connect(mode="bridge", bridge_file=forged)


def test_the_bridge_connection_file_is_private(bridge):
    assert bridge.stat().st_mode & 0o077 == 0


def test_no_bridge_running_says_to_start_the_launcher(tmp_path):
    with pytest.raises(ResolveUnavailable, match="Workspace ▸ Scripts ▸ derush"):
        connect(mode="bridge", bridge_file=tmp_path / "absent.json")
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"protocol": "derush-bridge/1", "port": 9, "token": "x"}))
    with pytest.raises(ResolveUnavailable, match="does not answer"):
        connect(mode="bridge", bridge_file=stale)
