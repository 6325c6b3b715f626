"""``python -m resolve_plugin.panel.i18n``: gather the panel's strings into the ``.ts`` sources (pyside6-lupdate),
then compile them to the ``.qm`` files the panel loads (pyside6-lrelease). Translate new entries in between with Qt
Linguist (``pyside6-linguist resolve_plugin/panel/i18n/derush_fr.ts``) or by hand, then run it again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from resolve_plugin.panel.i18n import HERE, LANGUAGES, SOURCES, qm_path, ts_path


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise SystemExit(f"{name} not found: it ships with PySide6 (pip install PySide6-Essentials).")
    return found


def update(ts: Path) -> None:
    sources = [str(HERE.parent / name) for name in SOURCES]
    subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", *sources, "-ts", str(ts)],
                   check=True, capture_output=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    for language in LANGUAGES:
        update(ts_path(language))
        release(ts_path(language), qm_path(language))
        print(f"{ts_path(language).name} -> {qm_path(language).name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
