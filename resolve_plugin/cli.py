"""The ``derush`` command: serve, analyze, cut, demo, doctor.

Without ``--server``, analyze / cut / demo start the same server in-process on a free loopback port and
talk to it over real gRPC: one code path for a laptop and a studio box.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from inference_server.errors import DerushError
from inference_server.tls import ClientTls
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import AnalyzeOutcome, ClientError, DerushClient, media_refs
from resolve_plugin.progress import ProgressLine
from resolve_plugin.resolve.errors import ResolveUnavailable
from resolve_plugin.results_json import clip_json, cut_json

log = logging.getLogger("derush")

EXIT_OK, EXIT_ALL_FAILED, EXIT_USAGE, EXIT_NO_SERVER, EXIT_NO_RESOLVE = 0, 1, 2, 3, 4

PACES = {"tight": pb.PACE_TIGHT, "normal": pb.PACE_NORMAL, "loose": pb.PACE_LOOSE}


@contextlib.contextmanager
def connect(args: argparse.Namespace) -> Iterator[DerushClient]:
    """A client for ``--server``, or for an embedded server started for this command."""
    token = getattr(args, "token", None) or os.environ.get("DERUSH_TOKEN")
    if args.server:
        with DerushClient(args.server, token=token, tls=client_tls(args)) as client:
            client.wait_until_ready()
            yield client
        return
    from inference_server.server import EmbeddedServer

    with EmbeddedServer(data_dir=args.data_dir) as server, DerushClient(server.address) as client:
        yield client


def client_tls(args: argparse.Namespace) -> ClientTls | None:
    """TLS towards ``--server`` when a CA or a seat certificate is given (flags, or DERUSH_TLS_* variables)."""
    ca = getattr(args, "tls_ca", None) or os.environ.get("DERUSH_TLS_CA")
    cert = getattr(args, "tls_cert", None) or os.environ.get("DERUSH_TLS_CERT")
    key = getattr(args, "tls_key", None) or os.environ.get("DERUSH_TLS_KEY")
    if getattr(args, "tls", False) or ca or cert or key:
        return ClientTls(ca=Path(ca) if ca else None, cert=Path(cert) if cert else None, key=Path(key) if key else None)
    return None


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def analysis_options(args: argparse.Namespace) -> pb.AnalysisOptions:
    return pb.AnalysisOptions(
        analyzers=args.analyzers.split(",") if args.analyzers else [],
        language=args.language or "",
        speech_model=args.speech_model or "",
        force=args.force,
    )


def run_analysis(client: DerushClient, paths: list[str], options: pb.AnalysisOptions,
                 priority: int = 0) -> AnalyzeOutcome:
    progress = ProgressLine()
    return client.analyze(media_refs(paths), options, priority=priority, client_name="derush-cli",
                          on_event=progress.on_event)


def print_analysis_summary(paths: list[str], outcome: AnalyzeOutcome) -> None:
    for path, result, error, cached in zip(paths, outcome.results, outcome.errors, outcome.cached):
        name = Path(path).name
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


def cmd_serve(args: argparse.Namespace) -> int:
    from inference_server.server import ServerConfig, serve
    from inference_server.tls import server_tls

    serve(ServerConfig(listen=args.listen, data_dir=args.data_dir, workers=args.workers, tokens_file=args.tokens,
                       tls=server_tls(args.tls_cert, args.tls_key, args.tls_client_ca),
                       allow_anonymous=args.allow_anonymous, path_map=args.path_map or [],
                       allow_roots=args.allow_root or [], upload_cap_gb=args.upload_cap_gb,
                       min_free_gb=args.min_free_gb, max_queued=args.max_queued, metrics_port=args.metrics_port,
                       shutdown_grace_s=args.shutdown_grace, ray=args.ray))
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    with connect(args) as client:
        outcome = run_analysis(client, args.paths, analysis_options(args))
    if args.json:
        _write_json(args.json, {"clips": [clip_json(str(Path(p).expanduser().absolute()), r, e)
                                          for p, r, e in zip(args.paths, outcome.results, outcome.errors)]})
    print_analysis_summary(args.paths, outcome)
    if args.json:
        print(f"Results written to {args.json}")
    return EXIT_ALL_FAILED if all(r is None for r in outcome.results) else EXIT_OK


def cut_options(args: argparse.Namespace) -> pb.CutOptions:
    script = ""
    if args.script:
        try:
            script = Path(args.script).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ClientError(f"{args.script} is not a UTF-8 text file: save the script as plain text "
                              "(.txt) or Fountain (.fountain).") from None
    return pb.CutOptions(target_duration_s=args.target_duration or 0.0, pace=PACES[args.pace],
                         script_text=script, favour=args.favour or [])


def cmd_cut(args: argparse.Namespace) -> int:
    options = cut_options(args)
    with connect(args) as client:
        outcome = run_analysis(client, args.paths, analysis_options(args), priority=10)
        media_ids = [r.media_id for r in outcome.results if r is not None]
        if not media_ids:
            print_analysis_summary(args.paths, outcome)
            print("No clip could be analysed, so there is nothing to cut.", file=sys.stderr)
            return EXIT_ALL_FAILED
        proposal = client.suggest_cut(media_ids, options)
    written = write_cut_outputs(proposal, {"otio": args.otio, "fcpxml": args.fcpxml, "edl": args.edl,
                                           "srt": args.srt}, args.json)
    print_cut_summary(proposal)
    if written:
        print("Written: " + ", ".join(str(p) for p in written))
    return EXIT_OK


def write_cut_outputs(proposal: pb.CutProposal, outputs: dict[str, Path | None],
                      json_path: Path | None = None) -> list[Path]:
    """Write the proposal in each requested format (``{"otio": path, "fcpxml": path, ...}``), all from the
    same edit plan."""
    from inference_server.cut.plan_proto import plan_from_proposal
    from resolve_plugin.writers import write

    plan = plan_from_proposal(proposal)
    written: list[Path] = []
    for key, path in outputs.items():
        if path:
            written += write(plan, key, path)
    if json_path:
        _write_json(json_path, cut_json(proposal))
        written.append(json_path)
    return written


def print_cut_summary(proposal: pb.CutProposal) -> None:
    print(f"Cut \u201c{proposal.name}\u201d: {len(proposal.events)} event(s), {proposal.duration_s:.1f} s")
    for n, event in enumerate(proposal.events, 1):
        print(f"  {n:2d}. {Path(event.path).name} [{event.source_in}-{event.source_out})  {event.reason}")
    for line in proposal.uncovered_lines:
        print(f"  not covered: {line}")
    for note in proposal.notes:
        print(f"  note: {note}")


def cmd_demo(args: argparse.Namespace) -> int:
    from resolve_plugin.demo import run_demo

    return run_demo(args.out, server=args.server, data_dir=args.data_dir)


def cmd_panel(args: argparse.Namespace) -> int:
    from resolve_plugin.panel.app import run_panel

    return run_panel(args)


def cmd_doctor(args: argparse.Namespace) -> int:
    from resolve_plugin.doctor import run_doctor

    return run_doctor(server=args.server, data_dir=args.data_dir, token=args.token or os.environ.get("DERUSH_TOKEN"),
                      tls=client_tls(args), port=args.port)


def build_parser() -> argparse.ArgumentParser:
    from inference_server.server import DEFAULT_LISTEN

    parser = argparse.ArgumentParser(prog="derush", description="AI logging and rough cuts for DaVinci Resolve.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    def server_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--server", metavar="HOST:PORT",
                       help="a running derush server; without it a built-in one starts for this command")
        p.add_argument("--token", help="access token for the server (or set DERUSH_TOKEN)")
        p.add_argument("--tls", action="store_true", help="use TLS with the system's trusted CAs")
        p.add_argument("--tls-ca", help="CA certificate that signed the server's (or set DERUSH_TLS_CA); implies TLS")
        p.add_argument("--tls-cert", help="this seat's certificate, for servers requiring one (mutual TLS)")
        p.add_argument("--tls-key", help="this seat's private key, with --tls-cert")
        p.add_argument("--data-dir", type=Path, help="data folder for the built-in server (models, results)")

    def analysis_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="media files")
        p.add_argument("--language", help="spoken language (en, fr, ...); detected per clip when left out")
        p.add_argument("--speech-model", help="tiny.en (default), base (99 languages) or a CTranslate2 folder")
        p.add_argument("--analyzers", help="comma-separated analyzers (default: all)")
        p.add_argument("--force", action="store_true", help="analyse again even if a stored result exists")

    p = sub.add_parser("serve", help="run the inference server")
    p.add_argument("--listen", default=DEFAULT_LISTEN, metavar="HOST:PORT",
                   help=f"address to listen on (default {DEFAULT_LISTEN}, loopback only)")
    p.add_argument("--data-dir", type=Path, help="models, results and uploads (default ~/.local/share/derush)")
    p.add_argument("--workers", type=int, default=1, help="jobs analysed at the same time (default 1)")
    p.add_argument("--tokens", type=Path, metavar="FILE",
                   help="one `NAME TOKEN` line per seat; required when listening beyond loopback")
    p.add_argument("--allow-anonymous", action="store_true",
                   help="listen beyond loopback without tokens (trusted, isolated networks only)")
    p.add_argument("--tls-cert", type=Path, help="server certificate (PEM) for TLS")
    p.add_argument("--tls-key", type=Path, help="server private key (PEM) for TLS")
    p.add_argument("--tls-client-ca", type=Path, help="require client certificates signed by this CA (mutual TLS)")
    p.add_argument("--path-map", action="append", metavar="SEAT=SERVER|FILE",
                   help="open a seat's /Volumes/Media/... at the server's /mnt/media/... (repeatable, or a file of "
                        "`SEAT = SERVER` lines); paths outside every mapped folder are refused")
    p.add_argument("--allow-root", action="append", metavar="FOLDER",
                   help="a server folder seats may name directly (repeatable); with --path-map, nothing else opens")
    p.add_argument("--upload-cap-gb", type=float, default=0.0, metavar="GB",
                   help="most space uploads may take; least recently used are evicted past it (default: no cap)")
    p.add_argument("--min-free-gb", type=float, default=0.25, metavar="GB",
                   help="refuse uploads that would leave less free space on the data dir's disk (default 0.25)")
    p.add_argument("--max-queued", type=int, default=1000, metavar="CLIPS",
                   help="clips waiting at most, all seats together; more is refused (default 1000)")
    p.add_argument("--metrics-port", type=int, metavar="PORT", help="serve Prometheus metrics on http://HOST:PORT/metrics")
    p.add_argument("--shutdown-grace", type=float, default=20.0, metavar="SECONDS",
                   help="on SIGTERM, time for running clips to finish before they are requeued (default 20)")
    p.add_argument("--ray", metavar="local|auto|HOST:PORT",
                   help="analyse clips on a Ray cluster, one actor per --workers slot: local (started here), auto "
                        "(the cluster this machine joined) or the head's address; needs `pip install ray`")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("analyze", help="analyse clips: transcript, shots, tags, markers")
    analysis_args(p)
    server_args(p)
    p.add_argument("--json", type=Path, metavar="OUT", help="write the results as JSON")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("cut", help="analyse clips and propose a rough cut")
    analysis_args(p)
    server_args(p)
    p.add_argument("--script", help="script file (plain text, one line per beat, or Fountain)")
    p.add_argument("--target-duration", type=float, metavar="SECONDS", help="aim for this length")
    p.add_argument("--pace", choices=list(PACES), default="normal", help="handles kept around speech")
    p.add_argument("--favour", action="append", metavar="KIND:VALUE", help="e.g. speaker:S1, shot_type:close-up")
    p.add_argument("--otio", type=Path, metavar="OUT", help="write the cut as an OpenTimelineIO timeline (Resolve: "
                   "File ▸ Import ▸ Timeline)")
    p.add_argument("--fcpxml", type=Path, metavar="OUT", help="write the cut as FCPXML 1.10")
    p.add_argument("--edl", type=Path, metavar="OUT", help="write the cut as a CMX3600 EDL (+ a marker EDL beside it)")
    p.add_argument("--srt", type=Path, metavar="OUT", help="write the cut's transcript as SRT subtitles")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the cut as JSON")
    p.set_defaults(func=cmd_cut)

    p = sub.add_parser("demo", help="generate sample rushes, analyse them and propose a cut")
    p.add_argument("--out", type=Path, default=Path("derush-demo"), help="output folder (default ./derush-demo)")
    server_args(p)
    p.set_defaults(func=cmd_demo)

    from resolve_plugin.cli_resolve import add_resolve_commands

    add_resolve_commands(sub, server_args)

    from resolve_plugin.panel.app import add_arguments as panel_arguments

    p = sub.add_parser("panel", help="open the derush panel (--emulator: try it on sample rushes, no Resolve)")
    panel_arguments(p)
    p.set_defaults(func=cmd_panel)

    p = sub.add_parser("doctor", help="check this machine (models, devices, data dir) or a server")
    p.add_argument("--server", metavar="HOST:PORT", help="also ask this server what it runs and how full it is")
    p.add_argument("--token", help="this seat's token, for a server that asks for one (or set DERUSH_TOKEN)")
    p.add_argument("--tls", action="store_true", help="use TLS with the system's trusted CAs")
    p.add_argument("--tls-ca", help="CA certificate that signed the server's; implies TLS")
    p.add_argument("--tls-cert", help="this seat's certificate (mutual TLS)")
    p.add_argument("--tls-key", help="this seat's private key, with --tls-cert")
    p.add_argument("--data-dir", type=Path, help="data folder to check")
    p.add_argument("--port", type=int, help="port a server here listens on (default 50051)")
    p.set_defaults(func=cmd_doctor)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose or args.command == "serve" else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except ClientError as exc:
        print(f"derush: {exc}", file=sys.stderr)
        return EXIT_NO_SERVER if exc.code is not None and exc.code.name == "UNAVAILABLE" else EXIT_ALL_FAILED
    except ResolveUnavailable as exc:
        print(f"derush: {exc}", file=sys.stderr)
        return EXIT_NO_RESOLVE
    except DerushError as exc:  # a configuration the user gave (tokens file, TLS files): say what to fix
        print(f"derush: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("derush: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
