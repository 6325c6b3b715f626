"""ProjectManager and Project (docs/resolve-emulator.md §4, §13.7)."""

from __future__ import annotations


def test_create_project_returns_none_when_the_name_is_taken(resolve):
    manager = resolve.GetProjectManager()
    assert manager.CreateProject("Emulator Test") is None
    second = manager.CreateProject("Second")
    assert second.GetName() == "Second"
    assert manager.GetCurrentProject().GetName() == "Second"  # creating opens it
    assert manager.GetProjectListInCurrentFolder() == ["Emulator Test", "Second"]


def test_load_project_returns_none_when_missing(resolve):
    manager = resolve.GetProjectManager()
    assert manager.LoadProject("Nope") is None
    manager.CreateProject("Other")
    assert manager.LoadProject("Emulator Test").GetName() == "Emulator Test"


def test_project_set_name_needs_a_unique_name(resolve):
    manager = resolve.GetProjectManager()
    manager.CreateProject("Other")
    project = manager.GetCurrentProject()
    assert project.SetName("Emulator Test") is False
    assert project.SetName("Renamed") is True
    assert sorted(manager.GetProjectListInCurrentFolder()) == ["Emulator Test", "Renamed"]


def test_proxies_of_a_project_that_is_not_loaded_fail(resolve):
    manager = resolve.GetProjectManager()
    first = manager.GetCurrentProject()
    pool = first.GetMediaPool()
    manager.CreateProject("Other")
    assert first.GetName() == "" and pool.GetRootFolder() is None
    manager.LoadProject("Emulator Test")
    assert first.GetName() == "Emulator Test"  # loaded again (its state was kept in memory)


def test_close_project_discards_unsaved_changes(resolve):
    manager = resolve.GetProjectManager()
    project = manager.GetCurrentProject()
    project.GetMediaPool().CreateEmptyTimeline("saved")
    assert manager.SaveProject() is True
    project.GetMediaPool().CreateEmptyTimeline("unsaved")
    assert project.GetTimelineCount() == 2
    assert manager.CloseProject(project) is True
    assert manager.GetCurrentProject().GetName() == "Untitled Project"
    assert manager.SaveProject() is False  # Untitled has nowhere to be saved
    reopened = manager.LoadProject("Emulator Test")
    assert reopened.GetTimelineCount() == 1 and reopened.GetTimelineByIndex(1).GetName() == "saved"


def test_delete_project_refuses_the_loaded_project(resolve):
    manager = resolve.GetProjectManager()
    assert manager.DeleteProject("Emulator Test") is False
    manager.CreateProject("Other")
    assert manager.DeleteProject("Emulator Test") is True
    assert manager.GetProjectListInCurrentFolder() == ["Other"]


def test_project_folders_and_database(resolve):
    manager = resolve.GetProjectManager()
    assert manager.GetCurrentFolder() == "" and manager.GotoParentFolder() is False
    assert manager.OpenFolder("Nowhere") is False and manager.GotoRootFolder() is True
    assert manager.GetFolderListInCurrentFolder() == []
    db = manager.GetCurrentDatabase()
    assert db == {"DbType": "Disk", "DbName": "Local Database"} and manager.GetDatabaseList() == [db]
    assert manager.SetCurrentDatabase(db) is True
    assert manager.SetCurrentDatabase({"DbType": "PostgreSQL", "DbName": "x"}) is False


def test_untitled_project_by_default(make_resolve):
    resolve = make_resolve(project_name=None)
    manager = resolve.GetProjectManager()
    assert manager.GetCurrentProject().GetName() == "Untitled Project"
    assert manager.GetProjectListInCurrentFolder() == []


def test_project_unique_id_and_media_pool_id_are_stable(project):
    assert project.GetUniqueId() == project.GetUniqueId()
    assert project.GetMediaPool().GetUniqueId() == project.GetMediaPool().GetUniqueId()
    assert project.IsRenderingInProgress() is False and project.AddRenderJob() == ""
