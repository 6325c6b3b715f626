"""``derush search``: find words, tags, on-screen text and markers in every analysis the server stores."""

from __future__ import annotations

import argparse
from pathlib import Path

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import DerushClient
from resolve_plugin.commands import common
from resolve_plugin.search_hits import hit_line, response_json, search_request


def add_search_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="+", metavar="QUERY",
                   help='words (all must appear), "a phrase" in quotes, or a prefix* ; case and accents do not '
                        "matter")
    p.add_argument("--speaker", help='only words said by this speaker ("Speaker 1")')
    p.add_argument("--shot-type", help="only hits inside shots of this type (close-up, medium, wide...)")
    p.add_argument("--language", help="only clips in this spoken language (en, fr...)")
    p.add_argument("--tag", action="append", metavar="NAME=VALUE", help='only where this tag holds, e.g. Scene=2 '
                   '(repeatable)')
    p.add_argument("--clip", metavar="GLOB", help="only clips whose file name or path matches, e.g. 'S03*'")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="most hits (default 50)")
    p.add_argument("--seat-root", action="append", metavar="FOLDER",
                   help="this seat's mount of the shared media (as in the server's --path-map), to show hits "
                        "under this machine's paths")
    common.add_server_arguments(p)


def request_from_args(args: argparse.Namespace) -> pb.SearchRequest:
    return search_request(" ".join(args.query), speaker=args.speaker, shot_type=args.shot_type,
                          language=args.language, tags=args.tag, clip_glob=args.clip, limit=args.limit,
                          seat_roots=args.seat_root)


def run_search(client: DerushClient, args: argparse.Namespace) -> pb.SearchResponse:
    response = client.search(request_from_args(args))
    for note in response.notes:
        print(f"note: {note}")
    return response


def register(sub) -> None:
    p = sub.add_parser("search", help="find words, tags and on-screen text in every analysed clip")
    add_search_arguments(p)
    p.add_argument("--json", type=Path, metavar="OUT", help="write the hits as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with common.connect(common.server_from_args(args)) as client:
        response = run_search(client, args)
    query = " ".join(args.query)
    if not response.hits:
        print(f"No hits for {query!r} in {response.indexed_clips} analysed clip(s).")
    for n, hit in enumerate(response.hits, 1):
        print(f"{n:3d}. {hit_line(hit)}")
    if args.json:
        common.write_json(args.json, response_json(query, response))
        print(f"Hits written to {args.json}")
    return common.EXIT_OK
