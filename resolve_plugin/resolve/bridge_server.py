"""The loopback bridge, served from inside Resolve by the Workspace ▸ Scripts launcher.

For the free edition up to 21.0, where external scripting is unavailable: the launcher (running in
Resolve's own Python, which has ``resolve`` as a global) serves the API to derush's panel over
127.0.0.1, authenticated by a per-session token (HMAC challenge). Stdlib only, Python 3.6-compatible.
"""

import json
import os
import secrets
import socketserver
import threading

try:  # imported as part of resolve_plugin, or copied beside the launcher
    from resolve_plugin.resolve import bridge_protocol as protocol
except ImportError:  # pragma: no cover - launcher layout
    import bridge_protocol as protocol


class _Handles(object):
    """API objects handed to the client, by id; the root (id 0) is the Resolve object."""

    def __init__(self, root):
        self._objects = {0: root}
        self._ids = {id(root): 0}
        self._next = 1

    def to_handle(self, obj):
        key = id(obj)
        if key not in self._ids:
            self._ids[key] = self._next
            self._objects[self._next] = obj
            self._next += 1
        return self._ids[key]

    def get(self, handle, type_name=""):
        return self._objects[handle]


class BridgeServer(object):
    def __init__(self, resolve, token=None, port=0):
        self.token = token or secrets.token_hex(24)
        self._handles = _Handles(resolve)
        self._lock = threading.Lock()  # Resolve's API is not known to be thread-safe
        bridge = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                bridge._serve_client(self.rfile, self.wfile, self.client_address[0])

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", port), Handler)
        self.port = self._server.server_address[1]

    def write_connection_file(self, path, resolve_version=""):
        """Where the panel finds the bridge; readable by this user only (it holds the token)."""
        directory = os.path.dirname(path)
        if directory and not os.path.isdir(directory):
            os.makedirs(directory)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"protocol": protocol.PROTOCOL, "host": "127.0.0.1", "port": self.port,
                       "token": self.token, "pid": os.getpid(), "resolve_version": resolve_version}, f)

    def serve_forever(self):
        self._server.serve_forever()

    def start_in_thread(self):
        thread = threading.Thread(target=self.serve_forever, name="derush-bridge")
        thread.daemon = True
        thread.start()
        return thread

    def shutdown(self):
        self._server.shutdown()
        self._server.server_close()

    def _serve_client(self, rfile, wfile, peer):
        if peer not in ("127.0.0.1", "::1"):
            return  # loopback only, even if the socket were ever bound wider
        nonce = secrets.token_hex(16)
        wfile.write(protocol.dumps({"protocol": protocol.PROTOCOL, "nonce": nonce}))
        wfile.flush()
        line = rfile.readline()
        try:
            proof = protocol.loads(line).get("auth", "")
        except ValueError:
            return
        if not secrets.compare_digest(proof, protocol.sign(self.token, nonce)):
            wfile.write(protocol.dumps({"error": "bad token: restart derush from Workspace > Scripts"}))
            wfile.flush()
            return
        wfile.write(protocol.dumps({"ok": True}))
        wfile.flush()
        for line in rfile:
            try:
                request = protocol.loads(line)
                reply = {"id": request.get("id"), "result": self._call(request)}
            except Exception as exc:  # an error is a reply, never a dead connection
                reply = {"id": request.get("id") if isinstance(request, dict) else None,
                         "error": "{}: {}".format(type(exc).__name__, exc)}
            wfile.write(protocol.dumps(reply))
            wfile.flush()

    def _call(self, request):
        with self._lock:
            target = self._handles.get(request["target"])
            args = protocol.decode(request.get("args", []), self._handles.get)
            kwargs = protocol.decode(request.get("kwargs", {}), self._handles.get)
            if isinstance(kwargs, list):  # an empty dict encodes as {"$dict": []}
                kwargs = {}
            method = getattr(target, request["method"], None)
            if method is None:
                return None  # as Resolve does for an unknown name (docs/resolve-emulator.md §13.4)
            result = method(*args, **kwargs)
            return protocol.encode(result, self._handles.to_handle)


def default_connection_file():
    """~/.derush/bridge.json (the panel looks here too)."""
    return os.path.join(os.path.expanduser("~"), ".derush", protocol.CONNECTION_FILE_NAME)


def serve(resolve, connection_file=None, block=True):
    """Serve ``resolve`` on a free loopback port and write the connection file."""
    server = BridgeServer(resolve)
    version = ""
    try:
        version = resolve.GetVersionString() or ""
    except Exception:
        pass
    server.write_connection_file(connection_file or default_connection_file(), version)
    if block:
        try:
            server.serve_forever()
        finally:
            server.shutdown()
    return server

