"""``derush demo``: sample rushes generated here, analysed, tagged and cut in an emulated Resolve."""

from __future__ import annotations

import argparse
from pathlib import Path

from resolve_plugin.commands.common import add_alternates_argument, add_server_arguments, tls_from_args
from resolve_plugin.demo import run_demo


def register(sub) -> None:
    p = sub.add_parser("demo", help="generate sample rushes, analyse them and propose a cut")
    p.add_argument("--out", type=Path, default=Path("derush-demo"), help="output folder (default ./derush-demo)")
    p.add_argument("--lang", choices=["en", "fr"], default="en",
                   help="fr: a French shoot (real French speech, French slates, the floor's calls in French)")
    add_server_arguments(p)
    add_alternates_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_demo(args.out, server=args.server, data_dir=args.data_dir, token=args.token, tls=tls_from_args(args),
                    lang=args.lang, alternates=args.alternates)
