"""The real panel, offscreen, against an emulated Resolve holding the generated rushes and a real server."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from resolve_plugin.emulator import controls, create_resolve  # noqa: E402
from resolve_plugin.panel.app import apply_theme, save_screenshot, wait_idle  # noqa: E402
from resolve_plugin.panel.controller import PanelController  # noqa: E402
from resolve_plugin.panel.preferences import PanelSettings, load_settings, save_settings  # noqa: E402
from resolve_plugin.panel.window import PanelWindow  # noqa: E402
from resolve_plugin.resolve.link import connect  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# Screenshots of each state, kept after the run to be looked at (CI keeps the folder as an artefact).
ARTEFACTS = Path(os.environ.get("DERUSH_ARTEFACTS") or REPO / "test-artifacts") / "panel"


@pytest.fixture(scope="session")
def qapp():
    app = QApplication.instance() or QApplication(["derush-tests"])
    apply_theme(app)
    return app


@pytest.fixture()
def settings_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "panel.json"
    monkeypatch.setenv("DERUSH_PANEL_SETTINGS", str(path))
    return path


@pytest.fixture()
def studio(clips, fixtures_dir):
    """An emulated Resolve Studio with the rushes imported and selected: (resolve, project, items by name)."""
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="Harbour doc")
    project = connect(mode="emulator", emulator=resolve).project()
    items = project.GetMediaPool().ImportMedia([str(fixtures_dir / c.file) for c in clips])
    controls(resolve).select(items)
    return resolve, project, {item.GetName(): item for item in items}


class Panel:
    """The window plus what a test does with it: click, wait, look."""

    def __init__(self, window: PanelWindow, app) -> None:
        self.window, self.app = window, app

    def click(self, button) -> None:
        assert button.isEnabled(), f"{button.text()} is disabled"
        button.click()

    def wait(self, timeout_s: float = 300) -> None:
        assert wait_idle(self.window, timeout_s), "the panel was still busy"

    def pump_until(self, condition, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.app.processEvents()
            if condition():
                return
            time.sleep(0.01)
        raise AssertionError("timed out waiting in the panel")

    def shot(self, name: str) -> Path:
        path = save_screenshot(self.window, ARTEFACTS / f"{name}.png")
        image = self.window.grab().toImage()
        assert image.width() == self.window.width() and image.height() == self.window.height()
        return path

    def states(self) -> list[str]:
        return [self.window.clip_table.text_at(i, 1) for i in range(self.window.clip_table.rowCount())]

    def message(self) -> str:
        return self.window.message.toolTip()


def open_panel(app, resolve, settings: PanelSettings, data_dir: Path | None = None,
               size: tuple[int, int] = (1280, 800)) -> Panel:
    save_settings(settings)
    session = PanelController(load_settings(), lambda: connect(mode="emulator", emulator=resolve), data_dir=data_dir)
    window = PanelWindow(session)
    window.resize(*size)
    window.show()
    panel = Panel(window, app)
    window.reconnect()
    panel.wait()
    return panel


@pytest.fixture()
def make_panel(qapp, settings_file):
    opened: list[Panel] = []

    def make(resolve, settings: PanelSettings, **kwargs) -> Panel:
        panel = open_panel(qapp, resolve, settings, **kwargs)
        opened.append(panel)
        return panel

    yield make
    for panel in opened:
        panel.window.close()
        panel.wait(30)
