"""``derush doctor``: what this machine (and a server) will run with, and what to fix."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from resolve_plugin.commands.common import add_tls_arguments, tls_from_args
from resolve_plugin.doctor import run_doctor


def register(sub) -> None:
    p = sub.add_parser("doctor", help="check this machine (models, devices, data dir) or a server")
    p.add_argument("--server", metavar="HOST:PORT", help="also ask this server what it runs and how full it is")
    add_tls_arguments(p)
    p.add_argument("--data-dir", type=Path, help="data folder to check")
    p.add_argument("--port", type=int, help="port a server here listens on (default 50051)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_doctor(server=args.server, data_dir=args.data_dir, token=args.token or os.environ.get("DERUSH_TOKEN"),
                      tls=tls_from_args(args), port=args.port)
