"""``derush selects``: search, then build the hits as a selects timeline (a stringout with handles and a marker on
each matched passage) in Resolve, the emulator, and/or as files."""

from __future__ import annotations

import argparse
from pathlib import Path

from resolve_plugin.commands import common
from resolve_plugin.commands.search import add_search_arguments, run_search
from resolve_plugin.selects import DEFAULT_HANDLES_S, selects_plan


def register(sub) -> None:
    p = sub.add_parser("selects", help="build the hits of a search as a selects timeline")
    add_search_arguments(p)
    p.add_argument("--handles", type=float, default=DEFAULT_HANDLES_S, metavar="SECONDS",
                   help=f"kept before and after each hit (default {DEFAULT_HANDLES_S:g})")
    p.add_argument("--timeline-name", metavar="NAME", help="the new timeline's name (default: derush selects QUERY)")
    p.add_argument("--otio", type=Path, metavar="OUT", help="write the selects as an OpenTimelineIO timeline")
    p.add_argument("--fcpxml", type=Path, metavar="OUT", help="write the selects as FCPXML 1.10")
    p.add_argument("--edl", type=Path, metavar="OUT", help="write the selects as a CMX3600 EDL")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--resolve", action="store_true", help="build it in the running Resolve's open project")
    where.add_argument("--emulator", action="store_true", help="build it in an emulated Resolve (to try it)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.handles < 0 or args.handles > 600:
        return common.fail("--handles takes 0 to 600 seconds.", common.EXIT_USAGE)
    with common.connect(common.server_from_args(args)) as client:
        response = run_search(client, args)
    query = " ".join(args.query)
    if not response.hits:
        print(f"No hits for {query!r}: no selects to build.")
        return common.EXIT_ALL_FAILED
    plan = selects_plan(list(response.hits), args.timeline_name or f"derush selects {query}"[:80], args.handles)
    for note in plan.notes:
        print(f"note: {note}")
    if not plan.events:
        print("None of the hits' clips can be used: no selects to build.")
        return common.EXIT_ALL_FAILED
    print(f"Selects \u201c{plan.name}\u201d: {len(plan.events)} hit(s), {plan.duration_s:.1f} s")
    written = common.write_cut_outputs(None, plan, {"otio": args.otio, "fcpxml": args.fcpxml, "edl": args.edl})
    if written:
        print("Written: " + ", ".join(str(p) for p in written))
    if args.resolve or args.emulator:
        return _build_in_resolve(args, plan)
    return common.EXIT_OK


def _build_in_resolve(args: argparse.Namespace, plan) -> int:
    from resolve_plugin.resolve.link import connect as connect_resolve
    from resolve_plugin.resolve.selects_timeline import build_selects

    if args.emulator:
        from resolve_plugin.emulator import create_resolve

        link = connect_resolve(mode="emulator", emulator=create_resolve(edition="studio", version=(21, 1, 1, 0),
                                                                         project_name="derush selects"))
    else:
        link = connect_resolve()
    report = build_selects(link.project(), plan)
    print(f"{link.describe()}: timeline \u201c{report.name}\u201d, {report.events_written} of {len(plan.events)} "
          f"clip(s) placed, {len(report.markers.written)} marker(s)")
    for problem in report.mismatches:
        print(f"  mismatch: {problem}")
    return common.EXIT_OK if report.ok else common.EXIT_ALL_FAILED
