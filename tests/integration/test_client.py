"""The client against real servers: retries while a server starts, deadlines, readable errors."""

from __future__ import annotations

import threading
import time

import pytest

from inference_server.server import EmbeddedServer
from resolve_plugin.client import DerushClient, ServerUnavailable
from tests.conftest import free_port


def test_calls_retry_while_the_server_is_starting(tmp_path):
    port = free_port()
    servers: list[EmbeddedServer] = []

    def start_late() -> None:
        time.sleep(0.5)
        servers.append(EmbeddedServer(data_dir=tmp_path, listen=f"127.0.0.1:{port}").start())

    starter = threading.Thread(target=start_late)
    with DerushClient(f"127.0.0.1:{port}") as client:
        starter.start()
        try:
            info = client.server_info()  # first attempts meet a closed port; gRPC retries them
            assert info.api_version == "derush.v1"
        finally:
            starter.join()
            for server in servers:
                server.stop()


def test_unreachable_server_fails_fast_with_one_sentence():
    address = f"127.0.0.1:{free_port()}"
    started = time.monotonic()
    with DerushClient(address) as client, pytest.raises(ServerUnavailable) as caught:
        client.wait_until_ready(timeout_s=1.0)
    assert time.monotonic() - started < 5
    assert "derush serve" in str(caught.value) and address in str(caught.value)


def test_server_info_names_version_models_and_devices(client):
    info = client.server_info()
    assert info.version and info.embedded
    assert {"whisper-tiny.en", "silero-vad-v6"} <= {m.name for m in info.models}
    assert "cpu" in {d.name for d in info.devices}
    assert {"speech", "shots"} <= set(info.analyzers)
