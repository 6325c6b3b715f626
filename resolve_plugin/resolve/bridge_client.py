"""The panel's side of the loopback bridge: proxies that look like Resolve's own API objects."""

from __future__ import annotations

import itertools
import json
import socket
import threading
from pathlib import Path
from typing import Any

from resolve_plugin.resolve import bridge_protocol as protocol
from resolve_plugin.resolve.errors import ResolveUnavailable


class RemoteObject:
    """A Resolve API object living in Resolve's process; attribute access returns a remote method."""

    def __init__(self, connection: BridgeConnection, handle: int, type_name: str) -> None:
        self._connection = connection
        self._handle = handle
        self._type = type_name

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            return self._connection.call(self._handle, name, args, kwargs)

        call.__name__ = name
        return call

    def __eq__(self, other: object) -> bool:
        same_connection = isinstance(other, RemoteObject) and other._connection is self._connection
        return same_connection and other._handle == self._handle

    def __hash__(self) -> int:
        return hash((id(self._connection), self._handle))

    def __repr__(self) -> str:
        return f"<Resolve {self._type} via bridge #{self._handle}>"


class BridgeConnection:
    def __init__(self, host: str, port: int, token: str, timeout_s: float = 30.0) -> None:
        try:
            self._socket = socket.create_connection((host, port), timeout=timeout_s)
        except OSError as exc:
            raise ResolveUnavailable(
                f"The derush bridge in Resolve does not answer on {host}:{port} ({exc.strerror or exc}): in Resolve, "
                "choose Workspace ▸ Scripts ▸ derush again."
            ) from None
        self._file = self._socket.makefile("rwb")
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        hello = self._read()
        self._send({"auth": protocol.sign(token, hello.get("nonce", ""))})
        answer = self._read()
        if not answer.get("ok"):
            self.close()
            raise ResolveUnavailable(f"The derush bridge refused this connection: {answer.get('error', 'unknown')}.")
        self.root = RemoteObject(self, 0, "Resolve")

    @classmethod
    def from_file(cls, path: Path) -> BridgeConnection:
        try:
            info = json.loads(path.read_text())
        except FileNotFoundError:
            raise ResolveUnavailable(
                "The derush launcher is not running in Resolve: choose Workspace ▸ Scripts ▸ derush in Resolve."
            ) from None
        except ValueError:
            raise ResolveUnavailable(
                f"{path} is damaged: choose Workspace ▸ Scripts ▸ derush in Resolve again.") from None
        if info.get("protocol") != protocol.PROTOCOL:
            raise ResolveUnavailable(
                f"The derush launcher in Resolve speaks {info.get('protocol')}, this panel {protocol.PROTOCOL}: "
                "reinstall derush so both are the same version."
            )
        return cls(info.get("host", "127.0.0.1"), int(info["port"]), info["token"])

    def _send(self, message: dict) -> None:
        self._file.write(protocol.dumps(message))
        self._file.flush()

    def _read(self) -> dict:
        line = self._file.readline()
        if not line:
            raise ResolveUnavailable("Resolve closed the derush bridge (was Resolve quit?): reopen it and try again.")
        return protocol.loads(line)

    def call(self, handle: int, method: str, args: tuple, kwargs: dict) -> Any:
        request = {
            "id": next(self._ids), "target": handle, "method": method,
            "args": protocol.encode(list(args), _handle_of), "kwargs": protocol.encode(kwargs, _handle_of),
        }
        with self._lock:
            try:
                self._send(request)
                reply = self._read()
            except OSError as exc:
                raise ResolveUnavailable(
                    f"Lost the connection to Resolve ({exc}): reopen derush from Resolve.") from None
        if "error" in reply:
            # Resolve itself never raises into scripts (docs/resolve-emulator.md §13.4); an error here is the bridge's.
            raise ResolveUnavailable(f"The bridge failed calling {method}: {reply['error']}")
        return protocol.decode(reply["result"], lambda h, t: RemoteObject(self, h, t))

    def close(self) -> None:
        try:
            self._file.close()
            self._socket.close()
        except OSError:
            pass


def _handle_of(obj: Any) -> int:
    if isinstance(obj, RemoteObject):
        return obj._handle
    raise TypeError(f"cannot send {type(obj).__name__} over the bridge")
