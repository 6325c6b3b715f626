"""``derush panel``: the panel outside Resolve (or from the launcher), or rendered to a PNG (``--screenshot``)."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    from resolve_plugin.panel.app import add_arguments

    p = sub.add_parser("panel", help="open the derush panel (--emulator: try it on sample rushes, no Resolve)")
    add_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from resolve_plugin.panel.app import run_panel  # Qt loads only for this command

    return run_panel(args)
