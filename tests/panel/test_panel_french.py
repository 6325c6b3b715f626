"""The panel in French: Qt's translations (.ts sources, compiled .qm), every visible string translated, plurals and
numbers in French form, the language chosen from --lang or the system, and the small panel still legible."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from resolve_plugin.panel import i18n
from resolve_plugin.panel.preferences import PanelSettings
from resolve_plugin.panel.words import message_text, source_text, state_count_text
from tests.panel.conftest import ARTEFACTS

TOOLS = os.path.dirname(sys.executable)
#: English words that stay the same in French (names, or the same word): every other visible text must change
SAME_IN_FRENCH = {"derush", "Resolve", "normal", "Timecode", "%p%"}


@pytest.fixture()
def french(qapp):
    yield i18n.install("fr", qapp)
    i18n.uninstall(qapp)


def _messages(ts) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_ts_sources_hold_every_string_of_the_code_translated_and_the_qm_matches_them(language, tmp_path):
    # lupdate over the panel's sources, into a copy of the committed .ts: a string added to the code and not to
    # the .ts comes back "unfinished"
    copy = tmp_path / i18n.ts_path(language).name
    shutil.copy(i18n.ts_path(language), copy)
    sources = [str(i18n.HERE.parent / name) for name in i18n.SOURCES]
    subprocess.run([os.path.join(TOOLS, "pyside6-lupdate"), "-locations", "none", "-no-obsolete", *sources,
                    "-ts", str(copy)], check=True, capture_output=True)
    untranslated = [m.find("source").text for m in _messages(copy) if m.find("translation").get("type")]
    assert not untranslated, f"translate these in {i18n.ts_path(language).name} (python -m " \
                             f"resolve_plugin.panel.i18n, then Qt Linguist): {untranslated}"
    assert len(_messages(copy)) == len(_messages(i18n.ts_path(language))) > 100
    # the committed .qm is the .ts compiled
    built = tmp_path / "built.qm"
    subprocess.run([os.path.join(TOOLS, "pyside6-lrelease"), "-silent", str(i18n.ts_path(language)), "-qm",
                    str(built)], check=True)
    assert built.read_bytes() == i18n.qm_path(language).read_bytes(), \
        "the .qm is stale: run python -m resolve_plugin.panel.i18n"


def test_plurals_numbers_and_server_phrases_in_each_language(qapp):
    try:
        assert i18n.install("fr", qapp) == "fr"
        assert source_text("1 selected clip(s)") == "1 plan sélectionné"
        assert source_text("3 selected clip(s)") == "3 plans sélectionnés"
        assert source_text("1234 selected clip(s)") == "1\u202f234 plans sélectionnés"  # French digit groups
        assert state_count_text("analysed", 0) == "0 analysé"  # French singular covers 0
        assert state_count_text("analysed", 2) == "2 analysés"
        assert message_text("built-in server on this machine · derush 0.1.0 · CPU only · 4 models") == \
            "serveur intégré sur cette machine · derush 0.1.0 · CPU seulement · 4 modèles"
        assert message_text("No derush server answers at 10.0.0.7:50051") == \
            "Aucun serveur derush ne répond à 10.0.0.7:50051"
        assert i18n.install("en", qapp) == "en"
        assert source_text("1 selected clip(s)") == "1 selected clip"
        assert source_text("1234 selected clip(s)") == "1,234 selected clips"
        assert state_count_text("analysed", 0) == "0 analysed"
    finally:
        i18n.uninstall(qapp)


def test_the_language_follows_the_flag_then_the_system_and_falls_back_to_english():
    assert i18n.choose_language("fr") == "fr" and i18n.choose_language("en_GB") == "en"
    with pytest.raises(ValueError, match="derush speaks en, fr"):
        i18n.choose_language("de")
    code = "from resolve_plugin.panel.i18n import choose_language; print(choose_language())"
    for locale, expected in (("fr_FR.UTF-8", "fr"), ("fr_CA.UTF-8", "fr"), ("de_DE.UTF-8", "en"), ("C", "en")):
        env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "DERUSH_LANG")}
        env.update(LANG=locale, LC_ALL=locale)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == expected, (locale, out.stderr)


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a user can read on the window: labels, buttons, titles, tooltips,
    placeholders, list items, tab and column titles, clip states."""
    found = [("window", window.windowTitle())]
    for widget in window.findChildren(QWidget):
        kind = type(widget).__name__
        texts = [widget.toolTip()]
        if isinstance(widget, (QAbstractButton, QLabel)):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox) and widget is not window.folder_combo:  # folder names are data
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractSpinBox):
            texts += [widget.specialValueText(), getattr(widget, "suffix", lambda: "")()]
        if isinstance(widget, QTableWidget):
            texts += [widget.horizontalHeaderItem(i).text() for i in range(widget.columnCount())]
        found += [(kind, t) for t in texts]
    table = window.clip_table
    found += [("clip state", table.text_at(row, 1)) for row in range(table.rowCount())]
    found += [("legend", text) for text in window.legend().values()]
    return found


def test_every_visible_string_is_french_and_the_small_french_panel_fits(make_panel, studio, embedded, qapp):
    resolve, _project, _items = studio
    english = visible_texts(make_panel(resolve, PanelSettings(server=embedded.address), size=(460, 720)).window)
    i18n.install("fr", qapp)
    try:
        panel = make_panel(resolve, PanelSettings(server=embedded.address), size=(460, 720))
        window = panel.window
        french = visible_texts(window)
        assert len(french) == len(english)
        left_in_english = [(where, en) for (where, en), (_, fr) in zip(english, french)
                           if en.strip() and en == fr and en not in SAME_IN_FRENCH and any(c.isalpha() for c in en)
                           and where != "QTableWidgetItem"]
        assert not left_in_english, f"untranslated in the French panel: {left_in_english}"
        assert window.cut_button.text() == "Proposer un ours" and window.tabs.tabText(0) == "Étiqueter et monter"
        assert "Serveur\u00a0:</b>" in window.server_label.text() and "CPU seulement" in window.server_label.text()
        assert "plans sélectionnés" in window.clip_summary.text()
        # the small-panel layout holds with the longer French strings
        assert window.columns.direction() == QBoxLayout.Direction.TopToBottom
        for button in (window.tag_button, window.cut_button, window.apply_button, window.undo_button,
                       window.cancel_button, window.reconnect_button, window.refresh_button):
            left = button.mapTo(window, QPoint(0, 0)).x()
            assert 0 <= left and left + button.width() <= window.width(), button.text()
            assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()), button.text()
        panel.shot("08-small-panel-french")
        assert (ARTEFACTS / "08-small-panel-french.png").stat().st_size > 10_000
    finally:
        i18n.uninstall(qapp)
