"""``derush index --rebuild``: index every stored analysis again for search (after damage, or an upgrade)."""

from __future__ import annotations

import argparse

from resolve_plugin.commands import common


def register(sub) -> None:
    p = sub.add_parser("index", help="the search index of the stored analyses")
    p.add_argument("--rebuild", action="store_true", help="rebuild it from the stored analyses")
    common.add_server_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.rebuild:
        return common.fail("say what to do with the index: derush index --rebuild", common.EXIT_USAGE)
    with common.connect(common.server_from_args(args)) as client:
        done = client.rebuild_search_index()
    print(f"Search index rebuilt: {done.clips} analysed clip(s) in {done.seconds:.2f} s.")
    return common.EXIT_OK
