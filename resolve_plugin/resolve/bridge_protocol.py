"""The loopback bridge's wire format, shared by the server (inside Resolve) and the client (the panel).

Stdlib only and Python 3.6-compatible: the server side runs in the Python that Resolve embeds.
Messages are JSON lines. Values are encoded so that Resolve's data survives: dicts keep non-string
keys (GetMarkers() has float keys), and API objects travel as handles ``{"$obj": id, "$type": name}``.
"""

import hashlib
import hmac
import json

CONNECTION_FILE_NAME = "bridge.json"
PROTOCOL = "derush-bridge/1"


def sign(token, nonce):
    return hmac.new(token.encode("utf-8"), nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def encode(value, to_handle):
    """``to_handle(obj) -> id`` registers an API object and returns its handle id."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [encode(v, to_handle) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k, to_handle), encode(v, to_handle)] for k, v in value.items()]}
    return {"$obj": to_handle(value), "$type": type(value).__name__}


def decode(value, from_handle):
    """``from_handle(id, type_name)`` turns a handle back into an object (or a proxy)."""
    if isinstance(value, list):
        return [decode(v, from_handle) for v in value]
    if isinstance(value, dict):
        if "$dict" in value:
            return {decode(k, from_handle): decode(v, from_handle) for k, v in value["$dict"]}
        if "$obj" in value:
            return from_handle(value["$obj"], value.get("$type", ""))
    return value


def dumps(message):
    return (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")


def loads(line):
    return json.loads(line.decode("utf-8"))
