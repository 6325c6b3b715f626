"""``derush serve``: run the inference server (loopback by default; a studio box with tokens, TLS, path maps)."""

from __future__ import annotations

import argparse
from pathlib import Path

from protos.channel import DEFAULT_LISTEN
from protos.tls import server_tls
from resolve_plugin.builtin_server import serve
from resolve_plugin.commands.common import EXIT_OK, add_vocabulary_arguments, vocabulary_from_args


def register(sub) -> None:
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
                   help="a server folder seats may name directly (repeatable); with --path-map, nothing else opens. "
                        "Beyond loopback a seat path opens only under --path-map or --allow-root folders")
    p.add_argument("--refuse-unmapped", action="store_true",
                   help="on loopback too (behind a proxy or an SSH tunnel), open seat paths only under --path-map or "
                        "--allow-root folders")
    p.add_argument("--upload-cap-gb", type=float, default=0.0, metavar="GB",
                   help="most space uploads may take; least recently used are evicted past it (default: no cap)")
    p.add_argument("--min-free-gb", type=float, default=0.25, metavar="GB",
                   help="refuse uploads that would leave less free space on the data dir's disk (default 0.25)")
    p.add_argument("--max-queued", type=int, default=1000, metavar="CLIPS",
                   help="clips waiting at most, all seats together; more is refused (default 1000)")
    p.add_argument("--max-queued-per-seat", type=int, default=0, metavar="CLIPS",
                   help="clips one seat may have waiting, so that one seat's bulk tagging cannot fill the queue "
                        "(default: no limit but --max-queued)")
    p.add_argument("--metrics-port", type=int, metavar="PORT", help="serve Prometheus metrics on http://HOST:PORT/metrics")
    p.add_argument("--shutdown-grace", type=float, default=20.0, metavar="SECONDS",
                   help="on SIGTERM, time for running clips to finish before they are requeued (default 20)")
    p.add_argument("--ray", metavar="local|auto|HOST:PORT",
                   help="analyse clips on a Ray cluster, one actor per --workers slot: local (started here), auto "
                        "(the cluster this machine joined) or the head's address; needs `pip install ray`")
    p.add_argument("--cpus-per-worker", type=float, default=1.0, metavar="N",
                   help="with --ray: CPUs each analysis actor reserves (default 1)")
    p.add_argument("--gpus-per-worker", type=float, default=0.0, metavar="N",
                   help="with --ray: GPUs each analysis actor reserves, e.g. 1 or 0.5 (default 0: CPU only)")
    add_vocabulary_arguments(p)  # the studio's names, added to every job's own
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    serve(listen=args.listen, data_dir=args.data_dir, workers=args.workers, tokens_file=args.tokens,
          tls=server_tls(args.tls_cert, args.tls_key, args.tls_client_ca), allow_anonymous=args.allow_anonymous,
          path_map=args.path_map or [], allow_roots=args.allow_root or [], upload_cap_gb=args.upload_cap_gb,
          min_free_gb=args.min_free_gb, max_queued=args.max_queued, metrics_port=args.metrics_port,
          shutdown_grace_s=args.shutdown_grace, ray=args.ray, refuse_unmapped=args.refuse_unmapped,
          max_queued_per_seat=args.max_queued_per_seat, cpus_per_worker=args.cpus_per_worker,
          gpus_per_worker=args.gpus_per_worker, vocabulary=vocabulary_from_args(args))
    return EXIT_OK
