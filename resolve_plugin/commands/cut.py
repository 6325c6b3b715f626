"""``derush cut``: analyse (or reuse) clips and propose a rough cut, written as OTIO, FCPXML, EDL, SRT, AAF, JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from protos.plan_wire import plan_from_proposal
from resolve_plugin.commands import common
from resolve_plugin.job_options import INTERACTIVE_PRIORITY


def register(sub) -> None:
    p = sub.add_parser("cut", help="analyse clips and propose a rough cut")
    common.add_analysis_arguments(p)
    common.add_server_arguments(p)
    common.add_cut_arguments(p)
    p.add_argument("--otio", type=Path, metavar="OUT", help="write the cut as an OpenTimelineIO timeline (Resolve: "
                   "File ▸ Import ▸ Timeline)")
    p.add_argument("--fcpxml", type=Path, metavar="OUT", help="write the cut as FCPXML 1.10")
    p.add_argument("--edl", type=Path, metavar="OUT", help="write the cut as a CMX3600 EDL (+ a marker EDL beside it)")
    p.add_argument("--srt", type=Path, metavar="OUT", help="write the cut's transcript as SRT subtitles")
    p.add_argument("--aaf", type=Path, metavar="OUT", help="write the cut as AAF, for Avid Media Composer and sound "
                   "post (Pro Tools): picture, sound, timecode, markers, runner-up takes muted on V2")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the cut as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = common.cut_options_from_args(args)
    analysis = common.analysis_options_from_args(args)  # a bad vocabulary fails here, before any work
    with common.connect(common.server_from_args(args)) as client:
        outcome = common.run_analysis(client, args.paths, analysis, priority=INTERACTIVE_PRIORITY)
        media_ids = [r.media_id for r in outcome.results if r is not None]
        if not media_ids:
            common.print_analysis_summary(args.paths, outcome)
            print("No clip could be analysed, so there is nothing to cut.", file=sys.stderr)
            return common.EXIT_ALL_FAILED
        proposal = client.suggest_cut(media_ids, options)
    outputs = {key: getattr(args, key) for key in common.CUT_FORMATS}
    written = common.write_cut_outputs(proposal, plan_from_proposal(proposal), outputs, args.json)
    common.print_cut_summary(proposal)
    if written:
        print("Written: " + ", ".join(str(p) for p in written))
    return common.EXIT_OK
