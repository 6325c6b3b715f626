"""Requests that do not parse: INVALID_ARGUMENT with what was wrong, instead of an UNKNOWN error and a traceback.

gRPC decodes a request before our code sees it and reports a decoding failure as UNKNOWN, logging a traceback per
bad call. This interceptor decodes instead, hands a marker to the handler for a message that does not parse, and
the wrapped handler refuses the call. Oversized messages never get this far: gRPC answers RESOURCE_EXHAUSTED.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import grpc
from google.protobuf.message import DecodeError

log = logging.getLogger(__name__)

SERVICE = "/derush.v1.Derush/"


class _Malformed:
    def __init__(self, error: str) -> None:
        self.error = error


def _message(method: str, error: str) -> str:
    return (f"The request to {method.rsplit('/', 1)[-1]} is not a valid derush.v1 message ({error}): the client and "
            "the server may speak different versions of the protocol; update the client (derush doctor --server "
            "shows the server's version).")


class MalformedRequestInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, on_refusal: Callable[[], None] | None = None) -> None:
        self.on_refusal = on_refusal or (lambda: None)

    async def intercept_service(self, continuation: Callable, details: grpc.HandlerCallDetails):
        handler = await continuation(details)
        if handler is None or handler.request_deserializer is None or not details.method.startswith(SERVICE):
            return handler
        return _guarded(handler, details.method, self.on_refusal)


def _guarded(handler: grpc.RpcMethodHandler, method: str, on_refusal: Callable[[], None]) -> grpc.RpcMethodHandler:
    decode = handler.request_deserializer

    def deserializer(data: bytes):
        try:
            return decode(data)
        except DecodeError as exc:
            return _Malformed(str(exc))

    async def refuse(context, malformed: _Malformed) -> None:
        on_refusal()
        log.info("refused a malformed %s request: %s", method, malformed.error)
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, _message(method, malformed.error))

    kwargs = {"request_deserializer": deserializer, "response_serializer": handler.response_serializer}
    if handler.unary_unary:
        inner = handler.unary_unary

        async def unary_unary(request, context):
            if isinstance(request, _Malformed):
                await refuse(context, request)
            return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(unary_unary, **kwargs)
    if handler.unary_stream:
        inner = handler.unary_stream

        async def unary_stream(request, context):
            if isinstance(request, _Malformed):
                await refuse(context, request)
            async for response in inner(request, context):
                yield response

        return grpc.unary_stream_rpc_method_handler(unary_stream, **kwargs)

    async def checked(requests, context):
        async for request in requests:
            if isinstance(request, _Malformed):
                await refuse(context, request)
            yield request

    if handler.stream_unary:
        inner = handler.stream_unary

        async def stream_unary(requests, context):
            return await inner(checked(requests, context), context)

        return grpc.stream_unary_rpc_method_handler(stream_unary, **kwargs)
    inner = handler.stream_stream

    async def stream_stream(requests, context):
        async for response in inner(checked(requests, context), context):
            yield response

    return grpc.stream_stream_rpc_method_handler(stream_stream, **kwargs)
