"""Typed errors, each with a stable code, a gRPC status and a message that says what to do next."""

from __future__ import annotations

import grpc


class DerushError(Exception):
    """Base of every error derush reports to a user."""

    code = "internal"
    status = grpc.StatusCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MediaNotFound(DerushError):
    code = "not_found"
    status = grpc.StatusCode.NOT_FOUND


class EmptyMedia(DerushError):
    code = "empty_file"
    status = grpc.StatusCode.INVALID_ARGUMENT


class NotMedia(DerushError):
    code = "not_media"
    status = grpc.StatusCode.INVALID_ARGUMENT


class TruncatedMedia(DerushError):
    code = "truncated"
    status = grpc.StatusCode.DATA_LOSS


class NoContent(DerushError):
    """A media file with streams but not one frame or sample in them."""

    code = "no_content"
    status = grpc.StatusCode.INVALID_ARGUMENT


class UnsupportedCodec(DerushError):
    code = "unsupported_codec"
    status = grpc.StatusCode.INVALID_ARGUMENT


class UnreadableMedia(DerushError):
    """A media file FFmpeg opens but cannot decode (codec, corruption)."""

    code = "unreadable"
    status = grpc.StatusCode.INVALID_ARGUMENT


class NoStoredAnalysis(DerushError):
    code = "no_analysis"
    status = grpc.StatusCode.NOT_FOUND


class InvalidRequest(DerushError):
    code = "invalid_request"
    status = grpc.StatusCode.INVALID_ARGUMENT


class JobNotFound(DerushError):
    code = "job_not_found"
    status = grpc.StatusCode.NOT_FOUND


class Cancelled(DerushError):
    code = "cancelled"
    status = grpc.StatusCode.CANCELLED


class UploadMismatch(DerushError):
    code = "upload_mismatch"
    status = grpc.StatusCode.DATA_LOSS


class ModelUnavailable(DerushError):
    code = "model_unavailable"
    status = grpc.StatusCode.FAILED_PRECONDITION
