"""``derush resolve tag|cut|undo|status``: the panel's jobs from the command line, on the open project.

``--emulator`` runs them on an emulated Resolve holding the generated sample rushes, to try the whole flow
without Resolve (it is gone when the command ends).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from resolve_plugin.commands import common
from resolve_plugin.job_options import INTERACTIVE_PRIORITY
from resolve_plugin.progress import ProgressLine
from resolve_plugin.resolve import reader
from resolve_plugin.resolve.errors import ResolveWriteError
from resolve_plugin.resolve.link import ResolveLink
from resolve_plugin.resolve.link import connect as connect_resolve
from resolve_plugin.resolve.timeline_export import FORMATS, export_through_resolve
from resolve_plugin.resolve.undo import undo_project
from resolve_plugin.samples.emulated_shoot import emulated_link
from resolve_plugin.workflow import analyze, apply_cut, auto_tag, suggest_cut

#: the scopes the command line offers (a folder is chosen in the panel)
CLI_SCOPES = tuple(s for s in reader.SCOPES if s != "folder")


def open_link(args: argparse.Namespace) -> ResolveLink:
    return emulated_link(args.rushes) if args.emulator else connect_resolve()


def _print_tagging(outcome) -> None:
    for line in outcome.skipped:
        print(f"  skipped  {line}")
    for clip in outcome.clips:
        if clip.analysis is None:
            print(f"  FAILED   {clip.clip.name}: {clip.error.message}")
            continue
        report = clip.written
        print(f"  tagged   {clip.clip.name}: " + ("; ".join(report.written) or "nothing new"))
        for line in report.kept + report.skipped + report.mismatches:
            print(f"           {line}")


def run_status(args: argparse.Namespace) -> int:
    link = open_link(args)
    project = link.project()
    print(f"Connected to {link.describe()}, project {project.GetName()!r}")
    selection = reader.clips_in_scope(link.project(), args.scope)
    print(f"{selection.source}: {len(selection.clips)} clip(s) to work on, {len(selection.skipped)} skipped")
    for skipped in selection.skipped:
        print(f"  skipped  {skipped.name}: {skipped.reason}")
    return 0


def open_scope(args: argparse.Namespace) -> tuple[ResolveLink, reader.ClipSelection]:
    """The open project's clips in ``--scope``, said on stdout."""
    link = open_link(args)
    selection = reader.clips_in_scope(link.project(), args.scope)
    print(f"{link.describe()}: {selection.source}")
    return link, selection


def run_tag(args: argparse.Namespace) -> int:
    link, selection = open_scope(args)
    with common.connect(common.server_from_args(args)) as client:
        outcome = auto_tag(client, selection, common.analysis_options_from_args(args), ProgressLine().on_event,
                           args.clip_color)
    _print_tagging(outcome)
    return 0 if outcome.analysed or not outcome.clips else 1


def run_cut(args: argparse.Namespace) -> int:
    if args.export_through_resolve and args.export_through_resolve[0] not in FORMATS:
        # said before the analysis, not after it
        print(f"derush: --export-through-resolve takes one of {', '.join(FORMATS)}, not "
              f"{args.export_through_resolve[0]!r}")
        return 2
    link, selection = open_scope(args)
    with common.connect(common.server_from_args(args)) as client:
        analysed = analyze(client, selection, common.analysis_options_from_args(args), ProgressLine().on_event,
                           priority=INTERACTIVE_PRIORITY)
        if not analysed.analysed:
            print("No clip could be analysed, so there is nothing to cut.")
            return 1
        proposal, plan = suggest_cut(client, analysed, common.cut_options_from_args(args))
    common.print_cut_summary(proposal)
    try:
        report = apply_cut(link.project(), plan, selection, args.alternates)
    except ResolveWriteError as exc:
        print(f"derush: {exc}")
        return 1
    where = {"takes": "in the take selectors", "track": "on V2 (disabled)", "none": ""}[report.alternates]
    print(f"New timeline {report.name!r}: {report.events_written} event(s), "
          f"{report.alternates_written} runner-up take(s) {where}".rstrip())
    for line in report.notes:
        print(f"  note: {line}")
    for line in report.mismatches + report.markers.mismatches:
        print(f"  read back: {line}")
    if args.export_through_resolve:
        fmt, path = args.export_through_resolve
        try:
            written = export_through_resolve(link.resolve, report.timeline, fmt, path)
        except ResolveWriteError as exc:
            print(f"derush: {exc}")
            return 1
        print(f"Resolve exported the timeline as {fmt}: {written}")
    return 0 if report.ok else 1


def run_undo(args: argparse.Namespace) -> int:
    link = open_link(args)
    report = undo_project(link.project())
    print(f"Removed derush's work: {len(report.timelines_removed)} timeline(s), {report.markers_removed} marker(s), "
          f"{report.takes_removed} take(s), tags on {report.clips_cleaned} clip(s)")
    for line in report.kept + report.failures:
        print(f"  {line}")
    return 0 if not report.failures else 1


def register(sub) -> None:
    parser = sub.add_parser("resolve", help="work on the open Resolve project: tag, cut, undo")
    actions = parser.add_subparsers(dest="action", required=True)

    def project_arguments(p: argparse.ArgumentParser) -> None:
        p.add_argument("--emulator", action="store_true", help="use an emulated Resolve holding sample rushes")
        p.add_argument("--rushes", type=Path, default=Path("derush-demo/rushes"),
                       help="where the emulator's sample rushes are (generated if missing)")
        p.add_argument("--scope", choices=CLI_SCOPES, default="selection",
                       help="clips to work on: the media-pool selection (default), the current bin, or all")

    def analysis(p: argparse.ArgumentParser) -> None:
        common.add_server_arguments(p)
        common.add_analysis_arguments(p, paths=False)

    p = actions.add_parser("status", help="which Resolve, which project, which clips")
    project_arguments(p)
    p.set_defaults(func=run_status)

    p = actions.add_parser("tag", help="analyse clips and write keywords, fields and markers to them")
    project_arguments(p)
    analysis(p)
    p.add_argument("--clip-color", help="also set this clip colour (one of Resolve's 16)")
    p.set_defaults(func=run_tag)

    p = actions.add_parser("cut", help="analyse clips and build the proposed cut as a new timeline")
    project_arguments(p)
    analysis(p)
    common.add_cut_arguments(p)
    common.add_alternates_argument(p)
    p.add_argument("--export-through-resolve", nargs=2, metavar=("FORMAT", "PATH"),
                   help=f"then have Resolve itself write the new timeline to PATH, FORMAT one of {', '.join(FORMATS)} "
                   "(Resolve Studio; aaf is EXPORT_AAF_NEW, fcpxml writes a folder holding Info.fcpxml)")
    p.set_defaults(func=run_cut)

    p = actions.add_parser("undo", help="remove everything derush wrote to the project")
    project_arguments(p)
    p.set_defaults(func=run_undo)

