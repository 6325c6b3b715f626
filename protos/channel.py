"""What both ends of the gRPC channel agree on: where a server listens by default and how big messages get."""

from __future__ import annotations

DEFAULT_PORT = 50051
DEFAULT_LISTEN = f"127.0.0.1:{DEFAULT_PORT}"  # loopback: a LAN box is opened on purpose (docs/studio-server.md)

MAX_MESSAGE_BYTES = 32 << 20  # a clip's analysis with a long transcript fits easily
UPLOAD_CHUNK_BYTES = 1 << 20  # bench_studio: as cheap per byte for the server as 2 MiB, cheaper than 4; resumes finer
