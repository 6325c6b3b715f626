"""Stands in for ``derush panel`` (DERUSH_LAUNCHER_PANEL), run by the launcher in derush's environment.

It writes what it was given (arguments, environment) to $FAKE_PANEL_OUT as JSON; with ``--link bridge`` it
reaches Resolve through the bridge as the panel does and records the product and the open project's name.
$FAKE_PANEL_WAIT_FOR names a file to wait for before exiting (the panel "stays open" until then);
$FAKE_PANEL_EXIT is its exit code, after printing "fake panel failing" to stderr when not 0.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from resolve_plugin.resolve.link import connect

WATCHED = ("PYTHONHOME", "PYTHONPATH", "LD_LIBRARY_PATH", "DERUSH_BRIDGE_FILE", "QT_PLUGIN_PATH")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--link", required=True)
    args = parser.parse_args()
    report = {"argv": sys.argv[1:], "link": args.link, "executable": sys.executable,
              "env": {name: os.environ.get(name) for name in WATCHED}}
    if args.link == "bridge":
        link = connect(mode="bridge")
        report.update(kind=link.kind, product=link.product, project=link.project().GetName())
    wait_for = os.environ.get("FAKE_PANEL_WAIT_FOR")
    if wait_for:
        Path(os.environ["FAKE_PANEL_OUT"] + ".ready").write_text("ready")
        deadline = time.time() + 60
        while not Path(wait_for).exists() and time.time() < deadline:
            time.sleep(0.05)
    Path(os.environ["FAKE_PANEL_OUT"]).write_text(json.dumps(report))
    code = int(os.environ.get("FAKE_PANEL_EXIT", "0"))
    if code:
        print("fake panel failing", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
