"""What several commands share: reaching a server, the shared arguments, printing and writing results.

Helpers take plain values (``ServerChoice``, strings, paths); only the ``*_from_args`` functions read an
argparse namespace, so the demo and the panel call the same helpers without building one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import EditPlan
from protos.interchange import write
from protos.media_files import file_name
from protos.tls import ClientTls
from resolve_plugin.builtin_server import embedded_server
from resolve_plugin.client import AnalyzeOutcome, ClientError, DerushClient, media_refs
from resolve_plugin.job_options import (
    ALTERNATES,
    DEFAULT_ALTERNATES,
    PACES,
    SCRIPT_MODES,
    ScriptError,
    analysis_options,
    chosen_vocabulary,
    cut_options,
    parse_aspect,
    read_script,
)
from resolve_plugin.progress import ProgressLine
from resolve_plugin.results_json import cut_json

EXIT_OK, EXIT_ALL_FAILED, EXIT_USAGE, EXIT_NO_SERVER, EXIT_NO_RESOLVE = 0, 1, 2, 3, 4

#: the file formats ``derush cut`` writes, by option name
CUT_FORMATS = ("otio", "fcpxml", "edl", "srt", "aaf")


@dataclass(frozen=True)
class ServerChoice:
    """Which server a command talks to: ``address`` None starts the built-in one (with ``data_dir``)."""

    address: str | None = None
    token: str | None = None
    tls: ClientTls | None = None
    data_dir: Path | None = None


@contextlib.contextmanager
def connect(choice: ServerChoice) -> Iterator[DerushClient]:
    """A client for the chosen server, or for a built-in server started for this command."""
    token = choice.token or os.environ.get("DERUSH_TOKEN")
    if choice.address:
        with DerushClient(choice.address, token=token, tls=choice.tls) as client:
            client.wait_until_ready()
            yield client
        return
    with embedded_server(choice.data_dir) as server, DerushClient(server.address) as client:
        yield client


def client_tls(tls: bool = False, ca: str | None = None, cert: str | None = None,
               key: str | None = None) -> ClientTls | None:
    """TLS towards a server when asked, or when a CA or a seat certificate is given (or DERUSH_TLS_* variables)."""
    ca = ca or os.environ.get("DERUSH_TLS_CA")
    cert = cert or os.environ.get("DERUSH_TLS_CERT")
    key = key or os.environ.get("DERUSH_TLS_KEY")
    if tls or ca or cert or key:
        return ClientTls(ca=Path(ca) if ca else None, cert=Path(cert) if cert else None, key=Path(key) if key else None)
    return None


# --- arguments ---------------------------------------------------------------------------------------------------

def add_tls_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--token", help="access token for the server (or set DERUSH_TOKEN)")
    p.add_argument("--tls", action="store_true", help="use TLS with the system's trusted CAs")
    p.add_argument("--tls-ca", help="CA certificate that signed the server's (or set DERUSH_TLS_CA); implies TLS")
    p.add_argument("--tls-cert", help="this seat's certificate, for servers requiring one (mutual TLS)")
    p.add_argument("--tls-key", help="this seat's private key, with --tls-cert")


def add_server_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", metavar="HOST:PORT",
                   help="a running derush server; without it a built-in one starts for this command")
    add_tls_arguments(p)
    p.add_argument("--data-dir", type=Path, help="data folder for the built-in server (models, results)")


def add_analysis_arguments(p: argparse.ArgumentParser, paths: bool = True) -> None:
    if paths:
        p.add_argument("paths", nargs="+", metavar="PATH", help="media files")
    p.add_argument("--language", help="spoken language (en, fr, ...); detected per clip when left out")
    p.add_argument("--speech-model", help="tiny.en (default), base (99 languages) or a CTranslate2 folder")
    p.add_argument("--analyzers", help="comma-separated analyzers (default: all)")
    p.add_argument("--force", action="store_true", help="analyse again even if a stored result exists")
    p.add_argument("--verbatim", action="store_true", help="transcribe hesitations too (um, uh, euh); "
                   "`derush cut --remove-fillers` asks for it")
    add_vocabulary_arguments(p)


def add_vocabulary_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--vocabulary", metavar="WORDS", help="names and terms the speech model should expect, "
                   "comma-separated (\"Quorvex, Maelis Tardieu\"), before a script's own names")
    p.add_argument("--vocabulary-file", metavar="FILE", help="the same from a text file, one per line or "
                   "comma-separated (or a Fountain script's names)")


def add_alternates_argument(p: argparse.ArgumentParser) -> None:
    """Where a cut applied in Resolve puts the runner-up takes (``derush resolve cut``, ``derush demo``)."""
    p.add_argument("--alternates", choices=ALTERNATES, default=DEFAULT_ALTERNATES,
                   help="where each event's runner-up takes go in Resolve: takes (default: in the item's take "
                   "selector, to flip between them in place), track (on a disabled V2), none")


def add_cut_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--script", help="script file (plain text, one line per beat, or Fountain)")
    p.add_argument("--target-duration", type=float, metavar="SECONDS", help="aim for this length")
    p.add_argument("--pace", choices=list(PACES), default=None,
                   help="handles kept around speech; unset: normal, or the room the project's editor trims to "
                   "(derush learn)")
    p.add_argument("--favour", action="append", metavar="KIND:VALUE", help="e.g. speaker:S1, shot_type:close-up")
    p.add_argument("--project", default="", help="the project whose learned take preferences choose the takes "
                   "(derush learn)")
    p.add_argument("--preferences", choices=["project", "none"], default="project",
                   help="none: the default weights, ignoring what the project learned")
    p.add_argument("--script-mode", choices=list(SCRIPT_MODES), default="loose",
                   help="loose (default): the takes as spoken, with unscripted asides between two lines of one take; "
                   "strict: only what matches a script line")
    p.add_argument("--aspect", metavar="W:H", default="",
                   help="reframe the cut to this aspect ratio on the people in shot: 9:16 (vertical), 4:5, 1:1")
    p.add_argument("--remove-fillers", action="store_true",
                   help="cut filler words (um, euh) and hesitations out of the chosen takes, never clipping a word")


def tls_from_args(args: argparse.Namespace) -> ClientTls | None:
    return client_tls(args.tls, args.tls_ca, args.tls_cert, args.tls_key)


def server_from_args(args: argparse.Namespace) -> ServerChoice:
    return ServerChoice(args.server, args.token, tls_from_args(args), args.data_dir)


def analysis_options_from_args(args: argparse.Namespace) -> pb.AnalysisOptions:
    # cutting fillers out needs them in the transcript: a cut that removes them analyses verbatim
    verbatim = bool(getattr(args, "verbatim", False) or getattr(args, "remove_fillers", False))
    return analysis_options(args.analyzers, args.language, args.speech_model, args.force,
                            vocabulary_from_args(args), verbatim=verbatim)


def vocabulary_from_args(args: argparse.Namespace) -> list[str]:
    """--vocabulary, --vocabulary-file, then a --script's names (when the command has one); what the cap left out
    is said on stderr."""
    script = getattr(args, "script", None)
    try:
        script_text = read_script(script) if script else ""
    except ScriptError as exc:
        raise ClientError(str(exc)) from None
    chosen = chosen_vocabulary(args.vocabulary, args.vocabulary_file, script_text)
    if chosen.note():
        print(f"derush: {chosen.note()}", file=sys.stderr)
    return list(chosen.entries)


def cut_options_from_args(args: argparse.Namespace) -> pb.CutOptions:
    try:
        script = read_script(args.script) if args.script else ""
        parse_aspect(args.aspect)
    except (ScriptError, ValueError) as exc:
        raise ClientError(str(exc)) from None
    return cut_options(args.target_duration, args.pace, script, args.favour or [], args.project,
                       args.preferences != "none", script_mode=args.script_mode, remove_fillers=args.remove_fillers,
                       aspect=parse_aspect(args.aspect))


# --- running and printing ----------------------------------------------------------------------------------------

def run_analysis(client: DerushClient, paths: list[str], options: pb.AnalysisOptions,
                 priority: int = 0) -> AnalyzeOutcome:
    return client.analyze(media_refs(paths), options, priority=priority, client_name="derush-cli",
                          on_event=ProgressLine().on_event)


def print_analysis_summary(paths: list[str], outcome: AnalyzeOutcome) -> None:
    for path, result, error, cached in zip(paths, outcome.results, outcome.errors, outcome.cached):
        name = file_name(path)
        if result is None:
            print(f"  FAILED  {name}: {error.message}")
            continue
        words = sum(len(s.words) for s in result.speech.segments)
        text = " ".join(s.text for s in result.speech.segments)
        if len(text) > 60:
            text = text[:59] + "…"
        note = " (stored result)" if cached else ""
        print(f"  ok      {name}: {result.duration_s:.1f} s @ {result.fps:.3f} fps, {len(result.shots)} shot(s), "
              f"{words} word(s) [{result.speech.language or '-'}] \u201c{text}\u201d{note}")
        for problem in result.analyzer_errors:
            print(f"          warning: {problem.error.message}")


def print_cut_summary(proposal: pb.CutProposal, reason: Callable[[pb.EditEvent], str] | None = None) -> None:
    """``reason``: each event's reason as the user reads it (the panel's words in its language); default English."""
    print(f"Cut \u201c{proposal.name}\u201d: {len(proposal.events)} event(s), {proposal.duration_s:.1f} s")
    for n, event in enumerate(proposal.events, 1):
        why = reason(event) if reason else event.reason
        print(f"  {n:2d}. {file_name(event.path)} [{event.source_in}-{event.source_out})  {why}")
    for line in proposal.uncovered_lines:
        print(f"  not covered: {line}")
    for note in proposal.notes:
        print(f"  note: {note}")


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_cut_outputs(proposal: pb.CutProposal, plan: EditPlan, outputs: dict[str, Path | None],
                      json_path: Path | None = None) -> list[Path]:
    """Write the proposal in each requested format (``{"otio": path, "fcpxml": path, ...}``), all from the
    same edit plan."""
    written: list[Path] = []
    for key, path in outputs.items():
        if path:
            written += write(plan, key, path)
    if json_path:
        write_json(json_path, cut_json(proposal))
        written.append(json_path)
    return written


def fail(message: str, code: int = EXIT_ALL_FAILED) -> int:
    print(f"derush: {message}", file=sys.stderr)
    return code
