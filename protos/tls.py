"""TLS for a server on the studio LAN, and mutual TLS when seats carry certificates of their own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import grpc

from protos.errors import DerushError


class TlsConfigError(DerushError):
    code = "bad_tls_config"


def _read(path: Path | str | None, what: str) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise TlsConfigError(f"Cannot read the {what} {path}: {exc.strerror}.") from None


@dataclass(frozen=True)
class ServerTls:
    cert: Path
    key: Path
    #: CA that signs the seats' certificates: set it to require one from every client (mutual TLS)
    client_ca: Path | None = None

    def credentials(self) -> grpc.ServerCredentials:
        cert, key = _read(self.cert, "TLS certificate"), _read(self.key, "TLS private key")
        ca = _read(self.client_ca, "client CA certificate")
        return grpc.ssl_server_credentials([(key, cert)], root_certificates=ca, require_client_auth=ca is not None)


@dataclass(frozen=True)
class ClientTls:
    #: CA that signed the server's certificate; None trusts the system's roots
    ca: Path | None = None
    #: this seat's certificate and key, for servers that require them (mutual TLS)
    cert: Path | None = None
    key: Path | None = None

    def credentials(self) -> grpc.ChannelCredentials:
        if bool(self.cert) != bool(self.key):
            raise TlsConfigError("Give both --tls-cert and --tls-key (this seat's certificate and key), or neither.")
        return grpc.ssl_channel_credentials(root_certificates=_read(self.ca, "CA certificate"),
                                            private_key=_read(self.key, "TLS private key"),
                                            certificate_chain=_read(self.cert, "TLS certificate"))


def server_tls(cert: Path | None, key: Path | None, client_ca: Path | None) -> ServerTls | None:
    if not cert and not key:
        if client_ca:
            raise TlsConfigError("--tls-client-ca needs --tls-cert and --tls-key: mutual TLS is TLS first.")
        return None
    if not (cert and key):
        raise TlsConfigError("Give both --tls-cert and --tls-key (the server's certificate and its private key).")
    return ServerTls(Path(cert), Path(key), Path(client_ca) if client_ca else None)
