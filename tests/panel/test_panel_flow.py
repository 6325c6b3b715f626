"""The editor's whole flow in the real panel: connect, Auto-tag, Suggest rough cut, Apply, Undo derush.

Offscreen Qt, the emulated Resolve holding the generated rushes, the real server over gRPC. A screenshot of
each state goes to test-artifacts/panel/ to be looked at.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QBoxLayout

from resolve_plugin.panel import clip_status as cs
from resolve_plugin.panel.preferences import PanelSettings, load_settings
from resolve_plugin.resolve.tags import is_ours
from tests.panel.conftest import ARTEFACTS


def test_tag_cut_apply_undo(make_panel, studio, embedded, clips, fixtures_dir, settings_file):
    resolve, project, items = studio
    panel = make_panel(resolve, PanelSettings(server=embedded.address, reanalyse=True))
    window = panel.window

    # connected: which Resolve, which server, the clips listed as not analysed
    assert "DaVinci Resolve Studio 21.1.1.0 (emulated Resolve)" in window.resolve_label.text()
    assert "Harbour doc" in window.resolve_label.text()
    assert "derush 0.1.0" in window.server_label.text() and "CPU only" in window.server_label.text()
    assert panel.states() == [cs.NOT_ANALYSED] * len(clips)
    panel.shot("01-connected")

    # Auto-tag: progress shows per clip while the UI thread stays responsive
    seen: set[str] = set()
    fractions: list[int] = []
    gaps: list[float] = []
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now
        seen.update(panel.states())
        fractions.extend(window.clip_table.cellWidget(i, 2).value() for i in range(len(clips)))

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    panel.click(window.tag_button)
    assert window.cancel_button.isEnabled() and not window.tag_button.isEnabled()
    panel.pump_until(lambda: cs.ANALYSING in panel.states())
    panel.shot("02-analysing")
    panel.wait()
    timer.stop()
    assert cs.ANALYSING in seen and any(0 < f < 100 for f in fractions)
    # the panel never froze: the UI thread handled its timer at least every half second throughout
    assert max(gaps) < 0.5, f"the UI thread stalled for {max(gaps):.2f} s"
    assert panel.states() == [cs.TAGGED] * len(clips), panel.message()
    assert f"Tagged {len(clips)} of {len(clips)}" in panel.message()
    for clip in clips:
        metadata = items[clip.file].GetMetadata()
        assert "Speech" in metadata["Keywords"], (clip.file, metadata)
        assert metadata["Comments"].startswith("derush:")
        assert any(is_ours(m) for m in items[clip.file].GetMarkers().values())
    panel.shot("03-tagged")

    # Suggest rough cut, with the shoot's script: the proposal is shown before anything is written
    window.script_edit.setText(str(fixtures_dir / "script.txt"))
    window.script_edit.editingFinished.emit()
    timelines_before = project.GetTimelineCount()
    panel.click(window.cut_button)
    panel.wait()
    proposal = window.session.cut.proposal
    chosen = {e.path.rsplit("/", 1)[-1] for e in proposal.events}
    assert chosen == {c.file for c in clips if c.good}, (chosen, panel.message())
    assert project.GetTimelineCount() == timelines_before  # nothing written yet
    assert window.reasons.count() == len(proposal.events)
    assert all("take" in window.reasons.item(i).text() for i in range(window.reasons.count()))
    assert window.sketch.counts()["best"] == len(proposal.events)
    assert "Every script line is covered" in window.totals.text()
    assert window.apply_button.isEnabled()
    panel.shot("04-proposal")

    # Apply: a new timeline holding the proposal
    panel.click(window.apply_button)
    panel.wait()
    assert project.GetTimelineCount() == timelines_before + 1, panel.message()
    timeline = project.GetCurrentTimeline()
    assert "Created timeline" in panel.message() and timeline.GetName() in panel.message()
    assert len(timeline.GetItemListInTrack("video", 1)) == len(proposal.events)
    panel.shot("05-applied")

    # Undo derush: its timeline, markers and keywords go; the clips are listed as not analysed again
    panel.click(window.undo_button)
    panel.wait()
    assert project.GetTimelineCount() == timelines_before
    for clip in clips:
        item = items[clip.file]
        assert not any(is_ours(m) for m in (item.GetMarkers() or {}).values())
        assert "Speech" not in (item.GetMetadata() or {}).get("Keywords", "")
    assert panel.states() == [cs.NOT_ANALYSED] * len(clips)
    assert "timeline(s) removed" in panel.message()
    panel.shot("06-undone")

    # the options were remembered for the next run
    saved = load_settings(settings_file)
    assert saved.server == embedded.address and saved.script_path.endswith("script.txt")


def test_small_panel_stacks_its_columns_and_stays_legible(make_panel, studio, embedded):
    resolve, _project, _items = studio
    panel = make_panel(resolve, PanelSettings(server=embedded.address), size=(460, 720))
    window = panel.window
    assert window.columns.direction() == QBoxLayout.Direction.TopToBottom
    # every control is on screen without scrolling sideways, and wide enough for its text
    for button in (window.tag_button, window.cut_button, window.apply_button, window.undo_button,
                   window.cancel_button, window.reconnect_button, window.refresh_button):
        left = button.mapTo(window, QPoint(0, 0)).x()
        assert 0 <= left and left + button.width() <= window.width(), button.text()
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()), button.text()
    panel.shot("07-small-panel")
    window.resize(1280, 800)
    panel.app.processEvents()
    assert window.columns.direction() == QBoxLayout.Direction.LeftToRight
    assert (ARTEFACTS / "07-small-panel.png").stat().st_size > 10_000


def test_screenshot_command_renders_and_exits(tmp_path, settings_file, embedded, clips, fixtures_dir):
    import subprocess
    import sys

    out = tmp_path / "panel.png"
    rushes = fixtures_dir  # the generated rushes: no new generation needed
    done = subprocess.run(
        [sys.executable, "-m", "resolve_plugin.cli", "panel", "--emulator", "--rushes", str(rushes),
         "--server", embedded.address, "--screenshot", str(out)],
        capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # the saved settings carry the server for the next run
    assert load_settings(settings_file).server == embedded.address


def test_a_media_pool_folder_can_be_chosen(make_panel, studio, embedded, clips):
    resolve, project, items = studio
    pool = project.GetMediaPool()
    day = pool.AddSubFolder(pool.GetRootFolder(), "Day 2")
    moved = [items[c.file] for c in clips[:2]]
    assert pool.MoveClips(moved, day)
    panel = make_panel(resolve, PanelSettings(server=embedded.address))
    window = panel.window
    window.scope_combo.setCurrentIndex(window.scope_combo.findData("folder"))
    panel.wait()
    assert window.folder_combo.isVisible()
    folders = [window.folder_combo.itemText(i) for i in range(window.folder_combo.count())]
    assert folders == ["Master", "Master / Day 2"], folders
    window.folder_combo.setCurrentText("Master / Day 2")
    panel.wait()
    names = [window.clip_table.text_at(i, 0) for i in range(window.clip_table.rowCount())]
    assert names == [c.file for c in clips[:2]]
    assert load_settings().folder == "Master / Day 2"
    # the folder is deleted in Resolve: Refresh says so instead of listing something else
    assert pool.DeleteFolders([day])
    panel.click(window.refresh_button)
    panel.wait()
    assert "is not in this project's media pool" in panel.message()
