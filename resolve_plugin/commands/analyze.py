"""``derush analyze``: transcripts, shots, tags and markers for media files, as a summary and JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from resolve_plugin.commands import common
from resolve_plugin.results_json import clip_json


def register(sub) -> None:
    p = sub.add_parser("analyze", help="analyse clips: transcript, shots, tags, markers")
    common.add_analysis_arguments(p)
    common.add_server_arguments(p)
    p.add_argument("--json", type=Path, metavar="OUT", help="write the results as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = common.analysis_options_from_args(args)  # a bad vocabulary fails here, before any work
    with common.connect(common.server_from_args(args)) as client:
        outcome = common.run_analysis(client, args.paths, options)
    if args.json:
        common.write_json(args.json, {"clips": [clip_json(str(Path(p).expanduser().absolute()), r, e)
                                         for p, r, e in zip(args.paths, outcome.results, outcome.errors)]})
    common.print_analysis_summary(args.paths, outcome)
    if args.json:
        print(f"Results written to {args.json}")
    return common.EXIT_ALL_FAILED if all(r is None for r in outcome.results) else common.EXIT_OK
