"""A progress line on stderr for long CLI work: redrawn in place on a terminal, sparse lines in logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name


class ProgressLine:
    def __init__(self, stream: TextIO = sys.stderr, log_interval_s: float = 5.0) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.log_interval_s = log_interval_s
        self._last_log = 0.0
        self._width = 0
        self._count = 0

    def on_event(self, event: pb.JobEvent) -> None:
        kind = event.WhichOneof("event")
        if kind == "queued":
            self._count = event.queued.clip_count
            ahead = f", {event.queued.position} job(s) ahead" if event.queued.position else ""
            self._line(f"job {event.job_id}: {self._count} clip(s) queued{ahead}", force=True)
        elif kind == "progress":
            p = event.progress
            name = file_name(p.path)
            self._line(f"[{p.clip_index + 1}/{self._count}] {_bar(p.job_fraction)} {p.job_fraction:4.0%}  "
                       f"{name}: {p.stage} {p.clip_fraction:4.0%}")
        elif kind == "clip_error":
            e = event.clip_error
            self._line(f"[{e.clip_index + 1}/{self._count}] failed: {e.path}: {e.error.message}", force=True, keep=True)
        elif kind == "done":
            self._line(f"job {event.job_id}: {event.done.message}", force=True, keep=True)

    def _line(self, text: str, force: bool = False, keep: bool = False) -> None:
        if self.tty:
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad + ("\n" if keep else ""))
            self._width = 0 if keep else len(text)
            self.stream.flush()
            return
        now = time.monotonic()
        if force or now - self._last_log >= self.log_interval_s:
            self._last_log = now
            self.stream.write(text + "\n")
            self.stream.flush()


def _bar(fraction: float, width: int = 20) -> str:
    filled = int(round(fraction * width))
    return "[" + "#" * filled + "." * (width - filled) + "]"
