"""The panel's Search tab, offscreen, on real analyses by a real server: hits as you type, a selects timeline, hits
marked on their clips, the small panel."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from protos.resolve_vocabulary import is_derush_custom_data
from resolve_plugin.client import media_refs
from resolve_plugin.panel.preferences import PanelSettings


def test_search_tab_finds_words_as_you_type_and_makes_selects(make_panel, studio, embedded, client, clips,
                                                              fixtures_dir):
    client.analyze(media_refs(fixtures_dir / c.file for c in clips))  # (stored already when other tests ran first)
    resolve, project, items = studio
    panel = make_panel(resolve, PanelSettings(server=embedded.address), size=(1280, 800))
    window, tab = panel.window, panel.window.search_tab
    window.tabs.setCurrentWidget(tab)

    tab.query_edit.setText("twice")  # typed: the search runs once the typing pauses
    panel.pump_until(lambda: tab.hits)
    panel.wait()
    found = {tab.table.item(row, 0).text() for row in range(tab.table.rowCount())}
    # the shoot's takes that say it are found, the ones that do not are not (the session's server also holds
    # other tests' clips that say it)
    assert {"S01_T01.mp4", "S01_T02.mp4"} <= found, found
    assert not found & {"S02_T01.mov", "S02_T02.mov", "S03_T01.mp4", "S03_T02.mp4"}, found
    assert all("twice" in tab.table.item(row, 3).text().lower() for row in range(tab.table.rowCount()))
    ours = [row for row in range(tab.table.rowCount()) if tab.table.item(row, 0).text().startswith("S01_")]
    timecode = tab.table.item(ours[0], 1).text()
    assert timecode.count(":") == 3, timecode  # the source timecode where the word is heard
    assert f"{len(tab.hits)} hit(s)" in tab.status.text()
    assert not tab.selects_button.isEnabled()  # nothing chosen yet
    panel.shot("20-search-hits")

    def choose(rows: list[int]) -> None:
        tab.table.clearSelection()
        for row in rows:
            tab.table.selectionModel().select(tab.table.model().index(row, 0),
                                              QItemSelectionModel.SelectionFlag.Select |
                                              QItemSelectionModel.SelectionFlag.Rows)

    choose(ours)
    timelines = project.GetTimelineCount()
    panel.click(tab.selects_button)
    panel.wait()
    assert project.GetTimelineCount() == timelines + 1
    selects = project.GetCurrentTimeline()
    assert selects.GetName().startswith("derush selects twice")
    assert len(selects.GetItemListInTrack("video", 1)) == len(ours) == 2
    assert "read back frame-exact" in tab.status.text(), tab.status.text()

    choose(ours[:1])
    chosen = tab.hits[ours[0]]
    panel.click(tab.mark_button)
    panel.wait()
    assert "1 hit(s) marked" in tab.status.text(), tab.status.text()
    name = chosen.path.replace("\\", "/").rsplit("/", 1)[-1]
    marks = [m for m in items[name].GetMarkers().values() if m["customData"].startswith("derush:search")]
    assert len(marks) == 1 and is_derush_custom_data(marks[0]["customData"]) and "twice" in marks[0]["note"].lower()

    tab.query_edit.setText('"twice a day" OR DROP TABLE')  # SQL words are searched as words: no hit, no crash
    panel.pump_until(lambda: not tab.hits or tab.status.text().startswith("0"))
    panel.wait()
    assert "Traceback" not in tab.status.text()

    window.resize(460, 720)  # the small panel keeps every control of the tab on screen
    tab.query_edit.setText("water")
    panel.pump_until(lambda: tab.hits)
    panel.wait()
    for widget in (tab.query_edit, tab.selects_button, tab.mark_button, tab.table):
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert 0 <= corner.x() <= window.width(), widget
    panel.shot("21-search-small")
