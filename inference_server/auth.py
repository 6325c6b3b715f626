"""Who may use a shared server: one token per seat, from a file, checked on every call but health checks.

The tokens file has one seat per line, ``NAME TOKEN`` (``#`` starts a comment)::

    # seat       token (make one with: python -c "import secrets; print(secrets.token_urlsafe(32))")
    edit-bay-1   6Jc3...
    assist-2     Qq9w...

    studio-eng   Zr4t...   operator

Clients send ``authorization: Bearer TOKEN`` metadata (``--token`` or ``DERUSH_TOKEN``). The seat's name is what
the server logs and what it shares the queue fairly between. A seat cancels its own jobs only; a seat marked
``operator`` (a third word) may cancel anyone's and drain the server for maintenance. Without tokens (a loopback
server, one editor's) the local user is the operator.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import grpc

from protos.errors import DerushError

log = logging.getLogger(__name__)

MIN_TOKEN_LENGTH = 16
# Health checks answer without a token: load balancers and `derush doctor` probe them.
OPEN_SERVICES = ("/grpc.health.v1.Health/",)


class TokensFileError(DerushError):
    code = "bad_tokens_file"


class NotOperator(DerushError):
    code = "not_operator"
    status = grpc.StatusCode.PERMISSION_DENIED


OPERATOR = "operator"


@dataclass(frozen=True)
class Seat:
    name: str
    token: str
    operator: bool = False


class TokenBook:
    def __init__(self, seats: list[Seat]) -> None:
        if not seats:
            raise TokensFileError("The tokens file names no seat: add lines `NAME TOKEN`, one per seat.")
        self.seats = seats

    @classmethod
    def from_file(cls, path: Path) -> TokenBook:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise TokensFileError(f"Cannot read the tokens file {path}: {exc.strerror}.") from None
        seats: list[Seat] = []
        names: set[str] = set()
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != OPERATOR):
                raise TokensFileError(f"{path}, line {number}: expected `NAME TOKEN` (or `NAME TOKEN {OPERATOR}` for "
                                      f"the studio engineer's seat), found {len(parts)} word(s).")
            name, token = parts[:2]
            if len(token) < MIN_TOKEN_LENGTH:
                raise TokensFileError(f"{path}, line {number}: the token for {name} is shorter than "
                                      f"{MIN_TOKEN_LENGTH} characters; make a long random one with "
                                      "`python -c \"import secrets; print(secrets.token_urlsafe(32))\"`.")
            if name in names:
                raise TokensFileError(f"{path}, line {number}: seat {name} is named twice.")
            names.add(name)
            seats.append(Seat(name, token, operator=len(parts) == 3))
        return cls(seats)

    def seat_for(self, token: str) -> Seat | None:
        found = None
        for seat in self.seats:  # every token compared, in constant time each: no timing hint
            if hmac.compare_digest(seat.token.encode(), token.encode()):
                found = seat
        return found


def bearer_token(metadata) -> str:
    for key, value in metadata or ():
        if key == "authorization":
            return value[7:].strip() if value.lower().startswith("bearer ") else value.strip()
    return ""


MISSING = ("This derush server needs a token: pass --token TOKEN or set DERUSH_TOKEN (in the panel, beside the "
           "server address). Ask your studio engineer for your seat's token.")
WRONG = ("This derush server does not know that token: check it for typos, or ask your studio engineer for your "
         "seat's token (it may have been replaced).")


class AuthInterceptor(grpc.aio.ServerInterceptor):
    """Refuses every call without a known token (UNAUTHENTICATED, with what to do), health checks excepted."""

    def __init__(self, book: TokenBook) -> None:
        self.book = book

    async def intercept_service(self, continuation: Callable, details: grpc.HandlerCallDetails):
        handler = await continuation(details)
        if handler is None or details.method.startswith(OPEN_SERVICES):
            return handler
        token = bearer_token(details.invocation_metadata)
        if token and self.book.seat_for(token) is not None:
            return handler
        log.warning("refused %s: %s token", details.method, "wrong" if token else "no")
        return _refusal(handler, WRONG if token else MISSING)


def _refusal(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    """A handler of the same shape as ``handler`` that only refuses."""

    async def refuse(_request, context):
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    kwargs = {"request_deserializer": handler.request_deserializer,
              "response_serializer": handler.response_serializer}
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(refuse, **kwargs)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(refuse, **kwargs)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(refuse, **kwargs)
    return grpc.stream_stream_rpc_method_handler(refuse, **kwargs)


def seat_name(book: TokenBook | None, metadata) -> str:
    """The calling seat's name, or "" on a server without tokens."""
    if book is None:
        return ""
    seat = book.seat_for(bearer_token(metadata))
    return seat.name if seat else ""


def is_operator(book: TokenBook | None, metadata, loopback: bool) -> bool:
    """May this call cancel anyone's job and drain the server: an operator's token, or, on a loopback server
    without tokens, the local user (who could stop the process anyway). Anonymous beyond loopback: never."""
    if book is None:
        return loopback
    seat = book.seat_for(bearer_token(metadata))
    return seat is not None and seat.operator
