"""A studio server: seat tokens on every call but health, TLS and mutual TLS, with real `derush serve` processes."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from protos.tls import ClientTls
from resolve_plugin.client import ClientError, DerushClient, ServerUnavailable
from tests.conftest import free_port
from tests.fixtures.certs import make_pki

DERUSH = [sys.executable, "-m", "resolve_plugin.cli"]
EDIT_BAY = "edit-bay-1-token-0123456789abcdef"
ASSIST = "assist-2-token-fedcba9876543210"


@pytest.fixture(scope="module")
def tokens_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("tokens") / "tokens.txt"
    path.write_text(f"# seats\nedit-bay-1  {EDIT_BAY}\nassist-2    {ASSIST}   # the assistant\n")
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@contextmanager
def serving(tmp_path, *args: str, tls: ClientTls | None = None):
    """`derush serve` in its own process with ``args``, ready to answer; yields its address."""
    port = free_port()
    address = f"127.0.0.1:{port}"
    log = (tmp_path / f"serve-{port}.log").open("w")
    proc = subprocess.Popen([*DERUSH, "serve", "--listen", address, "--data-dir", str(tmp_path / "data"), *args],
                            stdout=log, stderr=subprocess.STDOUT)
    channel = grpc.secure_channel(address, tls.credentials()) if tls else grpc.insecure_channel(address)
    try:
        grpc.channel_ready_future(channel).result(timeout=60)
        yield address
    finally:
        channel.close()
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _code(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.code, str(caught.value)


def test_tokens_are_required_on_every_call_but_health(tmp_path, tokens_file, fixtures_dir, clips):
    with serving(tmp_path, "--tokens", str(tokens_file)) as address:
        with grpc.insecure_channel(address) as channel:  # health answers anyone (load balancers, doctor)
            status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10).status
            assert status == health_pb2.HealthCheckResponse.SERVING
        with DerushClient(address) as anonymous:
            code, message = _code(anonymous.server_info)
            assert code == grpc.StatusCode.UNAUTHENTICATED and "needs a token" in message and "DERUSH_TOKEN" in message
        with DerushClient(address, token="not-a-token-of-this-studio") as stranger:
            code, message = _code(stranger.list_jobs)
            assert code == grpc.StatusCode.UNAUTHENTICATED and "does not know that token" in message
        with DerushClient(address, token=ASSIST) as seat:
            assert seat.server_info().version
        # the CLI: a seat's token in the environment works; none gives the message and exit code 1
        clip = str(fixtures_dir / clips[1].file)
        refused = subprocess.run([*DERUSH, "analyze", "--server", address, "--analyzers", "shots", clip],
                                 capture_output=True, text=True, timeout=120)
        assert refused.returncode == 1 and "needs a token" in refused.stderr
        accepted = subprocess.run([*DERUSH, "analyze", "--server", address, "--analyzers", "shots", clip],
                                  capture_output=True, text=True, timeout=300,
                                  env={**__import__("os").environ, "DERUSH_TOKEN": EDIT_BAY})
        assert accepted.returncode == 0, accepted.stderr


def test_listening_beyond_loopback_without_tokens_is_refused(tmp_path):
    done = subprocess.run([*DERUSH, "serve", "--listen", f"0.0.0.0:{free_port()}", "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--tokens FILE" in done.stderr and "--allow-anonymous" in done.stderr


@pytest.mark.parametrize("content, says", [
    ("edit-bay-1 short\n", "line 1: the token for edit-bay-1 is shorter than 16"),
    (f"edit-bay-1 {EDIT_BAY}\nedit-bay-1 {ASSIST}\n", "line 2: seat edit-bay-1 is named twice"),
    ("edit-bay-1\n", "line 1: expected `NAME TOKEN`"),
    ("# nobody yet\n", "names no seat"),
])
def test_a_bad_tokens_file_stops_the_start_with_the_line_to_fix(tmp_path, content, says):
    path = tmp_path / "tokens.txt"
    path.write_text(content)
    done = subprocess.run([*DERUSH, "serve", "--listen", f"127.0.0.1:{free_port()}", "--data-dir", str(tmp_path),
                           "--tokens", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and says in done.stderr, done.stderr


def test_tls_with_tokens(tmp_path, pki, tokens_file):
    trusted = ClientTls(ca=pki.ca)
    with serving(tmp_path, "--tokens", str(tokens_file), "--tls-cert", str(pki.server_cert), "--tls-key",
                 str(pki.server_key), tls=trusted) as address:
        with DerushClient(address, token=EDIT_BAY, tls=trusted) as seat:
            assert seat.server_info().version
        with DerushClient(address, token=EDIT_BAY, timeout_s=3) as plaintext:  # no TLS: the server does not talk
            with pytest.raises(ServerUnavailable):
                plaintext.server_info()
        with DerushClient(address, token=EDIT_BAY, tls=ClientTls(ca=pki.other_ca), timeout_s=3) as fooled:
            with pytest.raises(ServerUnavailable):  # a certificate from another CA is not trusted
                fooled.server_info()
        with DerushClient(address, tls=trusted) as anonymous:  # TLS does not replace the token
            assert _code(anonymous.server_info)[0] == grpc.StatusCode.UNAUTHENTICATED


def test_mutual_tls_needs_the_seat_certificate(tmp_path, pki):
    seat = ClientTls(ca=pki.ca, cert=pki.client_cert, key=pki.client_key)
    with serving(tmp_path, "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key),
                 "--tls-client-ca", str(pki.ca), tls=seat) as address:
        with DerushClient(address, tls=seat) as client:
            assert client.server_info().version
        with DerushClient(address, tls=ClientTls(ca=pki.ca), timeout_s=3) as no_certificate:
            with pytest.raises(ServerUnavailable):
                no_certificate.server_info()
