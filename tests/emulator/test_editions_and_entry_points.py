"""Studio versus free, versions, the DaVinciResolveScript stand-in, and Resolve quitting (§1, §4, §12)."""

from __future__ import annotations

import importlib

import pytest

from resolve_plugin.emulator import controls, create_resolve, script_globals, script_module


def test_product_name_version_and_is_studio(make_resolve):
    studio = make_resolve(edition="studio", version=(20, 2, 3, 0))
    free = make_resolve(edition="free", version=(19, 1, 3, 7))
    assert studio.GetProductName() == "DaVinci Resolve Studio" and studio.IsStudio() is True
    assert free.GetProductName() == "DaVinci Resolve" and free.IsStudio() is False
    assert studio.GetVersion() == [20, 2, 3, 0, ""]
    assert studio.GetVersionString() == "20.2.3.0"
    beta = create_resolve(version=(21, 1, 0, 14), suffix="b")
    assert beta.GetVersion() == [21, 1, 0, 14, "b"] and beta.GetVersionString() == "21.1.0b.14"
    with pytest.raises(ValueError):
        create_resolve(edition="lite")


def test_external_scripting_is_studio_only(make_resolve):
    studio = make_resolve(edition="studio")
    free = make_resolve(edition="free", version=(21, 0, 3, 7))
    assert script_module(studio).scriptapp("Resolve") is studio
    assert script_module(free).scriptapp("Resolve") is None
    assert script_module(studio).scriptapp("Fusion") is None
    controls(studio).set_external_scripting("none")
    assert script_module(studio).scriptapp("Resolve") is None


def test_free_edition_runs_python_from_the_scripts_menu_until_21_1(make_resolve):
    free_21_0 = make_resolve(edition="free", version=(21, 0, 4, 0))
    free_21_1 = make_resolve(edition="free", version=(21, 1, 0, 0))
    assert script_module(free_21_0, "scripts_menu").scriptapp("Resolve") is free_21_0
    assert script_globals(free_21_0)["resolve"] is free_21_0
    assert script_globals(free_21_0)["bmd"].scriptapp("Resolve") is free_21_0
    assert script_module(free_21_1, "scripts_menu").scriptapp("Resolve") is None
    assert script_globals(free_21_1) == {}


def test_studio_only_call_on_free_raises_a_modal_that_blocks_later_calls(make_resolve, media):
    free = make_resolve(edition="free", version=(21, 0, 3, 7))
    manager = free.GetProjectManager()
    pool = manager.GetCurrentProject().GetMediaPool()
    (clip,) = pool.ImportMedia([str(media["S01_T01.mp4"])])
    assert clip.TranscribeAudio() is False
    assert controls(free).modal
    # Later, unrelated calls fail until a human dismisses the dialog.
    assert manager.SaveProject() is False
    assert clip.GetName() == "" and free.GetProjectManager() is None
    controls(free).dismiss_dialog()
    assert manager.SaveProject() is True
    timeline = pool.CreateEmptyTimeline("T")
    assert timeline.CreateSubtitlesFromAudio() is False and controls(free).modal
    controls(free).dismiss_dialog()


def test_studio_ai_calls_fail_without_a_modal(resolve, pool, media):
    (clip,) = pool.ImportMedia([str(media["S01_T01.mp4"])])
    assert clip.TranscribeAudio() is False and pool.GetRootFolder().TranscribeAudio() is False
    assert controls(resolve).modal is None and clip.GetName() == "S01_T01.mp4"


def test_methods_newer_than_the_emulated_version_read_none(make_resolve):
    old = make_resolve(version=(20, 2, 3, 0))
    new = make_resolve(version=(21, 1, 1, 0))
    assert old.GetCurrentProject is None and "GetCurrentProject" not in dir(old)
    assert new.GetCurrentProject().GetName() == "Emulator Test"
    assert old.GetProjectManager().GetCurrentProject().GetSettings is None
    assert make_resolve(version=(19, 0, 0, 0)).GetProjectManager().GetCurrentProject().GetMediaPool() \
        .GetSelectedClips is None
    assert old.OpenPage("photo") is False and new.OpenPage("photo") is True


def test_resolve_quit_makes_every_call_answer_none(make_resolve, media):
    resolve = make_resolve()
    project = resolve.GetProjectManager().GetCurrentProject()
    pool = project.GetMediaPool()
    (clip,) = pool.ImportMedia([str(media["S01_T01.mp4"])])
    controls(resolve).quit()
    assert clip.GetName() is None and pool.GetRootFolder() is None and project.GetTimelineCount() is None
    assert resolve.GetProductName() is None
    assert script_module(resolve).scriptapp("Resolve") is None
    assert controls(resolve).calls[-1].outcome == "quit"
    again = make_resolve()
    assert again.Quit() is None and again.GetVersion() is None


def test_installed_module_is_what_import_finds(make_resolve):
    resolve = make_resolve()
    with controls(resolve).installed_module() as module:
        import DaVinciResolveScript as dvr_script

        assert dvr_script is module
        assert dvr_script.scriptapp("Resolve") is resolve
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("DaVinciResolveScript")


def test_resolve_constants_and_pages(resolve):
    assert isinstance(resolve.EXPORT_OTIO, int) and resolve.EXPORT_OTIO != resolve.EXPORT_EDL
    assert "EXPORT_OTIO" in dir(resolve) and "MARKER_BLUE" not in dir(resolve)
    assert resolve.GetCurrentPage() == "edit"
    assert resolve.OpenPage("color") is True and resolve.GetCurrentPage() == "color"
    assert resolve.OpenPage("Color") is False
    assert resolve.Fusion() is None
