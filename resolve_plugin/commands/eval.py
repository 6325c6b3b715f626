"""``derush eval``: how close a proposal came to the editor's cut (take agreement, frames IoU, order, length)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from resolve_plugin.commands import common
from resolve_plugin.cut_eval import evaluate, format_table
from resolve_plugin.cut_reading import CutFileError, editors_cut, read_proposal


def register(sub) -> None:
    p = sub.add_parser("eval", help="measure a proposal against the editor's cut")
    p.add_argument("proposal", type=Path, metavar="PROPOSAL", help="the proposal: a `derush cut --json` file, or "
                   "the .otio it wrote")
    p.add_argument("reference", type=Path, nargs="?", metavar="REFERENCE",
                   help="the editor's cut: .otio, .fcpxml, .edl or .aaf (or --timeline)")
    p.add_argument("--timeline", metavar="NAME", help="the editor's cut is this timeline of the project open in "
                   "Resolve")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the figures and every event's verdict as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        proposal = read_proposal(args.proposal)
        reference = editors_cut(args.reference, args.timeline, proposal.rate)
        evaluation = evaluate(proposal, reference)
    except CutFileError as exc:
        return common.fail(str(exc), common.EXIT_USAGE)
    print(format_table(evaluation, proposal, reference))
    if args.json:
        common.write_json(args.json, evaluation.to_json())
        print(f"Written: {args.json}", file=sys.stderr)
    return common.EXIT_OK
