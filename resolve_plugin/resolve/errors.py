"""Errors of the Resolve side, each with the sentence a user needs."""

from __future__ import annotations


class ResolveUnavailable(Exception):
    """derush cannot reach Resolve; the message says what to do."""


class ResolveWriteError(Exception):
    """A write Resolve refused or did not keep (found when reading it back)."""
