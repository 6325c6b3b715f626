"""``derush panel``: open the panel outside Resolve (or from the launcher), or render it to a PNG and exit."""

from __future__ import annotations

import argparse
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--emulator", action="store_true",
                   help="work on an emulated Resolve holding generated sample rushes (try the whole flow)")
    p.add_argument("--rushes", type=Path, default=Path.home() / ".derush" / "sample-rushes",
                   help="where the sample rushes for --emulator are generated (default ~/.derush/sample-rushes)")
    p.add_argument("--link", choices=("auto", "live", "bridge"), default="auto",
                   help="how to reach Resolve: auto (default), live (Studio external scripting), bridge (launcher)")
    p.add_argument("--server", metavar="HOST:PORT", help="derush server to use (saved for next time)")
    p.add_argument("--token", help="access token for the server (saved for next time; or set DERUSH_TOKEN)")
    p.add_argument("--data-dir", type=Path, help="data folder for the built-in server")
    p.add_argument("--screenshot", type=Path, metavar="FILE.png",
                   help="render the panel once connected, save it as a PNG and exit")
    p.add_argument("--size", default="1280x800", metavar="WxH", help="window size (default 1280x800)")
    p.add_argument("--lang", choices=("en", "fr"),
                   help="the panel's language (default: the system's when derush has it, else English; "
                        "or set DERUSH_LANG)")


def run_panel(args: argparse.Namespace) -> int:
    if args.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from resolve_plugin.panel import i18n
    from resolve_plugin.panel.controller import PanelController
    from resolve_plugin.panel.preferences import load_settings, save_settings
    from resolve_plugin.panel.window import PanelWindow

    app = QApplication.instance() or QApplication(["derush"])
    apply_theme(app)
    i18n.install(i18n.choose_language(args.lang), app)
    settings = load_settings()
    if args.server is not None:
        settings.server = args.server
    if args.token or os.environ.get("DERUSH_TOKEN"):
        settings.token = args.token or os.environ["DERUSH_TOKEN"]
    session = PanelController(settings, link_opener(args), data_dir=args.data_dir)
    window = PanelWindow(session, remember=save_settings)
    width, height = parse_size(args.size)
    window.resize(width, height)
    window.show()
    window.reconnect()
    if args.screenshot:
        if not wait_idle(window, timeout_s=600):
            log.warning("the panel was still busy when the screenshot was taken")
        save_screenshot(window, args.screenshot)
        print(f"Saved {args.screenshot}")
        window.close()
        return 0
    return app.exec()


def link_opener(args: argparse.Namespace):
    """What connects to Resolve; the emulated one is built once and kept, so Reconnect finds the same project."""
    from resolve_plugin.resolve.link import connect

    if not args.emulator:
        return lambda: connect(mode=args.link)
    from resolve_plugin.samples.emulated_shoot import emulated_link

    made = []
    lock = threading.Lock()

    def open_emulator():
        with lock:
            if not made:
                made.append(emulated_link(args.rushes))
            return made[0]

    return open_emulator


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--size {text!r}: give it as WIDTHxHEIGHT, e.g. 1280x800") from None
    return max(320, width), max(320, height)


def wait_idle(window, timeout_s: float) -> bool:
    """Let the panel finish its current work (events keep flowing); False when it is still busy."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if not window.busy:
            QApplication.processEvents()
            return True
        time.sleep(0.02)
    return False


def save_screenshot(window, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise OSError(f"could not write the screenshot {path}")
    return path


def apply_theme(app) -> None:
    """A dark Fusion theme, so the panel sits next to Resolve without glaring."""
    from PySide6.QtGui import QColor, QPalette

    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#24292f", QPalette.ColorRole.WindowText: "#e6edf3",
        QPalette.ColorRole.Base: "#1b1f24", QPalette.ColorRole.AlternateBase: "#22272e",
        QPalette.ColorRole.Text: "#e6edf3", QPalette.ColorRole.Button: "#30363d",
        QPalette.ColorRole.ButtonText: "#e6edf3", QPalette.ColorRole.Highlight: "#2f81f7",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#30363d",
        QPalette.ColorRole.ToolTipText: "#e6edf3", QPalette.ColorRole.PlaceholderText: "#8b949e",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6e7681"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6e7681"))
    app.setPalette(palette)
