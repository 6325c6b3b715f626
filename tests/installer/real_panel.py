"""The real derush panel, started by the launcher in place of `derush panel` (DERUSH_LAUNCHER_PANEL).

It reaches Resolve the way the launcher tells it to (``--link bridge`` on the free edition), connects to the
server in $REAL_PANEL_SERVER, renders once (offscreen), saves $REAL_PANEL_SHOT and writes what its connection
lines say to $FAKE_PANEL_OUT as JSON. Nothing here stands in for the panel: it is the panel's own window.
"""

import argparse
import json
import os
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the launcher drops Resolve's Qt variables; no screen in tests

from PySide6.QtWidgets import QApplication  # noqa: E402

from resolve_plugin.panel.app import apply_theme, save_screenshot, wait_idle  # noqa: E402
from resolve_plugin.panel.controller import PanelController  # noqa: E402
from resolve_plugin.panel.preferences import PanelSettings  # noqa: E402
from resolve_plugin.panel.window import PanelWindow  # noqa: E402
from resolve_plugin.resolve.link import connect  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--link", required=True)
    args = parser.parse_args()
    app = QApplication(["derush"])
    apply_theme(app)
    settings = PanelSettings(server=os.environ["REAL_PANEL_SERVER"])
    window = PanelWindow(PanelController(settings, lambda: connect(mode=args.link)), remember=lambda s: None)
    window.resize(1280, 800)
    window.show()
    window.reconnect()
    idle = wait_idle(window, timeout_s=120)
    save_screenshot(window, Path(os.environ["REAL_PANEL_SHOT"]))
    report = {"idle": idle, "resolve": window.resolve_label.text(), "server": window.server_label.text(),
              "clips": window.clip_table.rowCount(), "message": window.message.toolTip()}
    window.close()
    Path(os.environ["FAKE_PANEL_OUT"]).write_text(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
