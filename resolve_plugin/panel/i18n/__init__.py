"""The panel's languages: Qt's own translation system (``.ts`` sources here, compiled ``.qm`` beside them).

The ``.ts`` files are the sources a translator edits (Qt Linguist, or by hand); ``.qm`` are what Qt loads, built
with ``pyside6-lrelease`` (``python -m resolve_plugin.panel.i18n``, which also gathers new strings with
``pyside6-lupdate``) and shipped with the package, so a seat needs no Qt tools. ``tests/panel/test_panel_french.py``
fails when a ``.qm`` does not match its ``.ts`` or a string in the code is missing from them.

English has a ``.qm`` too: it holds only the plural forms ("1 clip", "3 clips").
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "fr")
DEFAULT = "en"
#: the panel's sources whose strings are translated (lupdate reads these)
SOURCES = ("window.py", "search_tab.py", "clip_table.py", "clip_status.py", "cut_sketch.py", "words.py", "review.py")

_installed: list[QTranslator] = []


def ts_path(language: str) -> Path:
    return HERE / f"derush_{language}.ts"


def qm_path(language: str) -> Path:
    return HERE / f"derush_{language}.qm"


def system_language() -> str:
    """The language of the system (``LANGUAGE``/``LC_ALL``/``LANG`` as Qt reads them), as a two-letter code."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code:
            return code
    return QLocale.system().name().split("_")[0].lower()


def choose_language(requested: str | None = None) -> str:
    """``--lang`` when given, else the system's language when derush has it, else English (never a crash)."""
    if requested:
        code = requested.replace("_", "-").split("-")[0].lower()
        if code not in LANGUAGES:
            raise ValueError(f"--lang {requested!r}: derush speaks {', '.join(LANGUAGES)}; choose one of them.")
        return code
    env = os.environ.get("DERUSH_LANG", "")
    if env:
        return choose_language(env)
    code = system_language()
    if code not in LANGUAGES:
        log.info("no panel translation for the system language %r: the panel is in English", code)
        return DEFAULT
    return code


def install(language: str, app: QCoreApplication | None = None) -> str:
    """Load the panel's (and Qt's own) translation for ``language`` and make its number forms the default.

    Replaces what an earlier call installed, so tests can switch language in one process. Returns the language
    actually in use (English when a translation file cannot be loaded)."""
    app = app or QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ours = QTranslator(app)
    if not ours.load(str(qm_path(language))):
        log.warning("could not load %s: the panel is in English", qm_path(language))
        language = DEFAULT
        ours.load(str(qm_path(DEFAULT)))
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)  # Qt's own words (context menus, dialogs)
    if language != DEFAULT and qt_own.load(f"qtbase_{language}",
                                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France) if language == "fr"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return language


def fill(text: str, *values: object) -> str:
    """Qt's ``%1``, ``%2``... placeholders filled (QString.arg, which PySide does not expose on str)."""
    for number in range(len(values), 0, -1):  # %10 before %1
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text


def uninstall(app: QCoreApplication | None = None) -> None:
    """Back to the strings as written in the code (tests that switch language put things back this way)."""
    app = app or QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale.system())
