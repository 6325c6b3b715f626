"""The one door from the Resolve side into the server package: start the built-in server, or run ``derush serve``.

Everything else on the Resolve side talks to a server over gRPC (``client.py``) and knows it only through the
contract (``protos``). A seat installed without the server's dependencies has no built-in server: it says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class NoBuiltinServer(RuntimeError):
    """This install has no built-in server (a seat install): use a studio box, or install the server extra."""


def _server_module():
    try:
        from inference_server import server
    except ImportError as exc:
        raise NoBuiltinServer(
            f"This derush has no built-in server ({exc.name} is not installed: a seat install). Give the studio "
            "box's address with --server HOST:PORT, or install the server with: pip install 'derush[server]'"
        ) from None
    return server


def embedded_server(data_dir: Path | None = None) -> Any:
    """A context manager: the built-in server on a free loopback port (``.address``), stopped on exit."""
    return _server_module().EmbeddedServer(data_dir=data_dir)


def serve(**config: Any) -> None:
    """Run a server until it is stopped (``derush serve``); ``config`` are ``ServerConfig`` fields."""
    server = _server_module()
    server.serve(server.ServerConfig(**config))
