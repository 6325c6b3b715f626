"""``derush learn``: teach a project's take preferences from the editor's cut; ``--show`` says what it learned,
``--reset`` forgets it."""

from __future__ import annotations

import argparse
from pathlib import Path

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.commands import common
from resolve_plugin.cut_reading import CutFileError, editors_cut, read_proposal
from resolve_plugin.learn_request import learn_request


def register(sub) -> None:
    p = sub.add_parser("learn", help="learn a project's take preferences from the editor's cut")
    p.add_argument("--proposal", type=Path, metavar="CUT.json", help="the `derush cut --json` file the editor "
                   "started from")
    p.add_argument("--final", type=Path, metavar="REFERENCE", help="the editor's cut: .otio, .fcpxml, .edl, .aaf")
    p.add_argument("--timeline", metavar="NAME", help="the editor's cut is this timeline of the open Resolve project")
    p.add_argument("--project", default="", help="the project that learns (default: the proposal's)")
    p.add_argument("--show", action="store_true", help="say what the project learned, and stop")
    p.add_argument("--reset", action="store_true", help="forget what the project learned (back to the defaults)")
    common.add_server_arguments(p)
    p.set_defaults(func=run)


def print_preferences(prefs: pb.ProjectPreferences) -> None:
    print(f"Project {prefs.project}: learned from {prefs.lines_learned} line(s).")
    for words in prefs.learned or ["no preference of its own yet: the default weights"]:
        print(f"  {words}")
    for note in prefs.notes:
        print(f"  note: {note}")


def run(args: argparse.Namespace) -> int:
    try:
        proposal = read_proposal(args.proposal) if args.proposal else None
        project = args.project or (proposal.project if proposal else "")
        if not project:
            return common.fail("Name the project that learns: --project NAME (the one `derush cut --project` uses).",
                               common.EXIT_USAGE)
        if not (args.show or args.reset):
            if proposal is None:
                return common.fail("Give --proposal CUT.json (the cut the editor started from) and --final.",
                                   common.EXIT_USAGE)
            if not proposal.source_media_ids:
                return common.fail(f"{args.proposal} does not say which clips it was cut from: cut again with this "
                                   "derush (`derush cut ... --json`) and learn from that.", common.EXIT_USAGE)
            final = editors_cut(args.final, args.timeline, proposal.rate)
    except CutFileError as exc:
        return common.fail(str(exc), common.EXIT_USAGE)
    with common.connect(common.server_from_args(args)) as client:
        if args.reset:
            prefs = client.reset_preferences(project)
            print(f"Project {project}: reset to the default weights.")
            return common.EXIT_OK
        prefs = client.get_preferences(project) if args.show else client.learn_preferences(
            learn_request(project, proposal, final))
    print_preferences(prefs)
    return common.EXIT_OK
