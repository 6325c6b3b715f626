"""Resolve's script folders and derush's data folder on each OS (docs/resolve-emulator.md §2), from injected roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from installer.layout import Layout, Roots
from tests.installer.conftest import DATA_DIR, USER_UTILITY


def layout(platform: str, root: Path, system: bool = False, **environ: str) -> Layout:
    home = root / "home"
    base = {"USERPROFILE": str(home)} if platform == "windows" else {"HOME": str(home)}
    return Layout(platform, system, Roots.from_environ(platform, {**base, **environ}, root))


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_per_user_folders(tmp_path, platform):
    found = layout(platform, tmp_path)
    assert found.resolve_script_dirs() == [tmp_path / USER_UTILITY[platform]]
    assert found.data_dir == tmp_path / DATA_DIR[platform]


def test_windows_per_user_folder_is_the_corrected_one(tmp_path):
    """%APPDATA% already is ...\\AppData\\Roaming: the README's %APPDATA%\\Roaming\\... (before 21.1) is a typo."""
    appdata = tmp_path / "Users" / "editor" / "AppData" / "Roaming"
    found = layout("windows", tmp_path, APPDATA=str(appdata), LOCALAPPDATA=str(tmp_path / "Local"))
    utility = appdata / "Blackmagic Design" / "DaVinci Resolve" / "Support" / "Fusion" / "Scripts" / "Utility"
    assert found.resolve_script_dirs() == [utility]
    assert "Roaming/Roaming" not in found.resolve_script_dirs()[0].as_posix()
    assert found.misplaced_script_dirs() == []
    typo = appdata / "Roaming" / "Blackmagic Design" / "DaVinci Resolve" / "Support" / "Fusion" / "Scripts"
    typo.mkdir(parents=True)
    assert found.misplaced_script_dirs() == [typo]
    assert found.data_dir == tmp_path / "Local" / "derush"


def test_windows_all_users_folder_has_no_support_segment(tmp_path):
    found = layout("windows", tmp_path, system=True, PROGRAMDATA=str(tmp_path / "PD"))
    assert found.resolve_script_dirs() == [
        tmp_path / "PD" / "Blackmagic Design" / "DaVinci Resolve" / "Fusion" / "Scripts" / "Utility"]
    assert found.data_dir == tmp_path / "PD" / "derush"


def test_macos_app_store_containers_get_the_launcher_too(tmp_path):
    containers = tmp_path / "home" / "Library" / "Containers"
    for name in ("com.blackmagic-design.DaVinciResolveLite", "com.blackmagic-design.DaVinciResolveAppStore",
                 "com.blackmagic-design.BlackmagicRawPlayer", "com.example.Other"):
        (containers / name / "Data").mkdir(parents=True)
    (containers / "com.blackmagic-design.DaVinciResolveStale").mkdir()  # no Data/: not a live container
    dirs = layout("macos", tmp_path).resolve_script_dirs()
    documented = "Data/Library/Application Support/Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Utility"
    fusion_tree = "Data/Library/Application Support/Fusion/Scripts/Utility"
    assert dirs == [
        tmp_path / USER_UTILITY["macos"],
        containers / "com.blackmagic-design.DaVinciResolveAppStore" / documented,
        containers / "com.blackmagic-design.DaVinciResolveAppStore" / fusion_tree,
        containers / "com.blackmagic-design.DaVinciResolveLite" / documented,
        containers / "com.blackmagic-design.DaVinciResolveLite" / fusion_tree,
    ]


def test_macos_and_linux_all_users_folders(tmp_path):
    mac = layout("macos", tmp_path, system=True)
    assert mac.resolve_script_dirs() == [
        tmp_path / "Library/Application Support/Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Utility"]
    assert mac.data_dir == tmp_path / "Library/Application Support/derush"
    linux = layout("linux", tmp_path, system=True)
    assert linux.resolve_script_dirs() == [tmp_path / "opt/resolve/Fusion/Scripts/Utility"]
    assert linux.data_dir == tmp_path / "opt/derush"


def test_linux_iso_installs_use_home_resolve(tmp_path):
    (tmp_path / "home" / "resolve").mkdir(parents=True)
    found = layout("linux", tmp_path, system=True)
    assert found.resolve_script_dirs() == [tmp_path / "home/resolve/Fusion/Scripts/Utility"]
    (tmp_path / "opt" / "resolve").mkdir(parents=True)  # both present: the standard one wins
    assert found.resolve_script_dirs() == [tmp_path / "opt/resolve/Fusion/Scripts/Utility"]


def test_linux_follows_xdg_for_derush_but_not_for_resolve(tmp_path):
    """Resolve's per-user folder is literally $HOME/.local/share/DaVinciResolve (§2); derush's data follows XDG."""
    found = layout("linux", tmp_path, XDG_DATA_HOME=str(tmp_path / "xdg"), XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    assert found.resolve_script_dirs() == [tmp_path / USER_UTILITY["linux"]]
    assert found.data_dir == tmp_path / "xdg" / "derush"
    assert found.service_file == tmp_path / "cfg" / "systemd" / "user" / "derush.service"
