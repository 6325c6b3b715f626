"""``derush resolve tag|cut|undo|status``: the panel's jobs from the command line, on the open project.

``--emulator`` runs them on an emulated Resolve holding the generated sample rushes, to try the whole flow
without Resolve (it is gone when the command ends).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from resolve_plugin.progress import ProgressLine
from resolve_plugin.resolve import reader
from resolve_plugin.resolve.errors import ResolveWriteError
from resolve_plugin.resolve.link import ResolveLink, connect
from resolve_plugin.resolve.undo import undo_project

SCOPES = ("selection", "bin", "all")


def emulated_link(rushes: Path) -> ResolveLink:
    """An emulated Resolve Studio with the sample rushes imported and selected."""
    from resolve_plugin.emulator import controls, create_resolve
    from resolve_plugin.samples.rushes import ensure_rushes

    truth = ensure_rushes(rushes)
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="derush sample shoot")
    link = connect(mode="emulator", emulator=resolve)
    items = link.project().GetMediaPool().ImportMedia([str((rushes / c.file).absolute()) for c in truth])
    controls(resolve).select(items)
    return link


def open_link(args: argparse.Namespace) -> ResolveLink:
    return emulated_link(args.rushes) if args.emulator else connect()


def read_scope(link: ResolveLink, scope: str) -> reader.ClipSelection:
    project = link.project()
    if scope == "selection":
        return reader.selected_clips(project)
    if scope == "bin":
        return reader.current_bin(project)
    return reader.folder_tree(project.GetMediaPool().GetRootFolder())


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


def cmd_status(args: argparse.Namespace) -> int:
    link = open_link(args)
    project = link.project()
    print(f"Connected to {link.describe()}, project {project.GetName()!r}")
    selection = read_scope(link, args.scope)
    print(f"{selection.source}: {len(selection.clips)} clip(s) to work on, {len(selection.skipped)} skipped")
    for skipped in selection.skipped:
        print(f"  skipped  {skipped.name}: {skipped.reason}")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from resolve_plugin.cli import analysis_options
    from resolve_plugin.cli import connect as connect_server
    from resolve_plugin.workflow import auto_tag

    link = open_link(args)
    selection = read_scope(link, args.scope)
    print(f"{link.describe()}: {selection.source}")
    with connect_server(args) as client:
        outcome = auto_tag(client, selection, analysis_options(args), ProgressLine().on_event, args.clip_color)
    _print_tagging(outcome)
    return 0 if outcome.analysed or not outcome.clips else 1


def cmd_cut(args: argparse.Namespace) -> int:
    from resolve_plugin.cli import analysis_options, cut_options, print_cut_summary
    from resolve_plugin.cli import connect as connect_server
    from resolve_plugin.workflow import analyse, apply_cut, suggest_cut

    link = open_link(args)
    selection = read_scope(link, args.scope)
    print(f"{link.describe()}: {selection.source}")
    with connect_server(args) as client:
        analysed = analyse(client, selection, analysis_options(args), ProgressLine().on_event, priority=10)
        if not analysed.analysed:
            print("No clip could be analysed, so there is nothing to cut.")
            return 1
        proposal, plan = suggest_cut(client, analysed, cut_options(args))
    print_cut_summary(proposal)
    try:
        report = apply_cut(link.project(), plan, selection)
    except ResolveWriteError as exc:
        print(f"derush: {exc}")
        return 1
    print(f"New timeline {report.name!r}: {report.events_written} event(s), {report.alternates_written} alternate(s)")
    for line in report.mismatches + report.markers.mismatches:
        print(f"  read back: {line}")
    return 0 if report.ok else 1


def cmd_undo(args: argparse.Namespace) -> int:
    link = open_link(args)
    report = undo_project(link.project())
    print(f"Removed derush's work: {len(report.timelines_removed)} timeline(s), {report.markers_removed} marker(s), "
          f"tags on {report.clips_cleaned} clip(s)")
    for line in report.kept + report.failures:
        print(f"  {line}")
    return 0 if not report.failures else 1


def add_resolve_commands(sub, server_args) -> None:
    from resolve_plugin.cli import PACES

    parser = sub.add_parser("resolve", help="work on the open Resolve project: tag, cut, undo")
    actions = parser.add_subparsers(dest="action", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--emulator", action="store_true", help="use an emulated Resolve holding sample rushes")
        p.add_argument("--rushes", type=Path, default=Path("derush-demo/rushes"),
                       help="where the emulator's sample rushes are (generated if missing)")
        p.add_argument("--scope", choices=SCOPES, default="selection",
                       help="clips to work on: the media-pool selection (default), the current bin, or all")

    def analysis(p: argparse.ArgumentParser) -> None:
        server_args(p)
        p.add_argument("--language")
        p.add_argument("--speech-model")
        p.add_argument("--analyzers")
        p.add_argument("--force", action="store_true")

    p = actions.add_parser("status", help="which Resolve, which project, which clips")
    common(p)
    p.set_defaults(func=cmd_status)

    p = actions.add_parser("tag", help="analyse clips and write keywords, fields and markers to them")
    common(p)
    analysis(p)
    p.add_argument("--clip-color", help="also set this clip colour (one of Resolve's 16)")
    p.set_defaults(func=cmd_tag)

    p = actions.add_parser("cut", help="analyse clips and build the proposed cut as a new timeline")
    common(p)
    analysis(p)
    p.add_argument("--script")
    p.add_argument("--target-duration", type=float)
    p.add_argument("--pace", choices=list(PACES), default="normal")
    p.add_argument("--favour", action="append")
    p.set_defaults(func=cmd_cut)

    p = actions.add_parser("undo", help="remove everything derush wrote to the project")
    common(p)
    p.set_defaults(func=cmd_undo)

