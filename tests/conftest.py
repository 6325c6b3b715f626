from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from inference_server.server import EmbeddedServer
from resolve_plugin.client import DerushClient
from resolve_plugin.samples.rushes import ClipTruth
from tests.fixtures.generate import generate_fixtures

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def fixtures_dir(tmp_path_factory) -> Path:
    # DERUSH_FIXTURES lets a developer keep generated media between runs.
    cached = os.environ.get("DERUSH_FIXTURES")
    return Path(cached) if cached else tmp_path_factory.mktemp("fixtures")


@pytest.fixture(scope="session")
def truth(fixtures_dir) -> dict:
    """Ground truth of the generated rushes, with ``bad`` naming the bad-input files."""
    return generate_fixtures(fixtures_dir)


@pytest.fixture(scope="session")
def clips(truth) -> list[ClipTruth]:
    return [ClipTruth(**c) for c in truth["clips"]]


@pytest.fixture(scope="session")
def embedded(tmp_path_factory):
    """A real server (real gRPC on loopback) for the whole session, with its own data dir."""
    with EmbeddedServer(data_dir=tmp_path_factory.mktemp("server-data")) as server:
        yield server


@pytest.fixture()
def client(embedded):
    with DerushClient(embedded.address) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
