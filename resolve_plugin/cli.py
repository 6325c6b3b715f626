"""The ``derush`` command: each subcommand lives in ``resolve_plugin/commands/`` (serve, analyze, cut, demo,
resolve, panel, doctor); this module only builds the parser and turns errors into exit codes.

Without ``--server``, analyze / cut / demo start the same server in-process on a free loopback port and
talk to it over real gRPC: one code path for a laptop and a studio box.
"""

from __future__ import annotations

import argparse
import logging
import sys

from protos.errors import DerushError
from protos.interchange import WriterError
from resolve_plugin.builtin_server import NoBuiltinServer
from resolve_plugin.client import ClientError
from resolve_plugin.commands import (
    analyze,
    common,
    cut,
    demo,
    doctor,
    eval,
    index,
    jobs,
    learn,
    panel,
    resolve,
    search,
    selects,
    serve,
)
from resolve_plugin.resolve.errors import ResolveUnavailable

COMMANDS = (serve, analyze, cut, demo, resolve, panel, doctor, search, selects, index, jobs, eval, learn)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="derush", description="AI logging and rough cuts for DaVinci Resolve.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
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
        unavailable = exc.code is not None and exc.code.name == "UNAVAILABLE"
        return common.fail(str(exc), common.EXIT_NO_SERVER if unavailable else common.EXIT_ALL_FAILED)
    except NoBuiltinServer as exc:
        return common.fail(str(exc), common.EXIT_NO_SERVER)
    except ResolveUnavailable as exc:
        return common.fail(str(exc), common.EXIT_NO_RESOLVE)
    except DerushError as exc:  # a configuration the user gave (tokens file, TLS files): say what to fix
        return common.fail(exc.message, common.EXIT_USAGE)
    except WriterError as exc:  # an output file that cannot be written (its folder, a plan the format cannot hold)
        return common.fail(str(exc), common.EXIT_USAGE)
    except KeyboardInterrupt:
        print("derush: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
