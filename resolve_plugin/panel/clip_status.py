"""Each clip's status as the panel lists it, kept up to date from the server's job events (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.resolve.reader import ClipSelection
from resolve_plugin.resolve.tags import Ledger

NOT_ANALYSED = "not analysed"
TAGGED_BEFORE = "tagged before"
QUEUED = "queued"
ANALYSING = "analysing"
ANALYSED = "analysed"
TAGGED = "tagged"
FAILED = "failed"
SKIPPED = "skipped"
CANCELLED = "cancelled"

#: states in which a clip still waits for the running job
WAITING = (QUEUED, ANALYSING)


@dataclass
class ClipRow:
    name: str
    path: str
    state: str = NOT_ANALYSED
    fraction: float = 0.0  # 0..1 while analysing
    detail: str = ""  # the reason it failed or was skipped, or what was written
    code: str = ""  # a failure's kind (protos.errors codes): the panel says it in its own language


class ClipBoard:
    """The rows of the clip list: the clips to work on first, then the ones skipped with their reason."""

    def __init__(self, selection: ClipSelection | None = None) -> None:
        self.rows: list[ClipRow] = []
        self.clip_count = 0
        if selection is not None:
            self.load(selection)

    def load(self, selection: ClipSelection) -> None:
        self.rows = []
        for clip in selection.clips:
            tagged = bool(Ledger.read(clip.item).media_id)
            self.rows.append(ClipRow(clip.name, clip.path, TAGGED_BEFORE if tagged else NOT_ANALYSED))
        self.clip_count = len(self.rows)
        for skipped in selection.skipped:
            self.rows.append(ClipRow(skipped.name, "", SKIPPED, detail=skipped.reason))

    def apply(self, event: pb.JobEvent) -> list[int]:
        """Update from one job event; returns the rows that changed."""
        kind = event.WhichOneof("event")
        if kind == "queued":
            ahead = event.queued.position
            for row in self.rows[: self.clip_count]:
                row.state, row.fraction = QUEUED, 0.0
                row.detail = f"{ahead} job(s) ahead" if ahead else "starting"
            return list(range(self.clip_count))
        if kind == "progress":
            row = self._row(event.progress.clip_index)
            if row is None or row.state not in WAITING:
                return []
            row.state, row.fraction = ANALYSING, max(row.fraction, event.progress.clip_fraction)
            row.detail = event.progress.stage
            return [event.progress.clip_index]
        if kind == "clip_result":
            row = self._row(event.clip_result.clip_index)
            if row is None:
                return []
            row.state, row.fraction = ANALYSED, 1.0
            row.detail = "from the result store" if event.clip_result.cached else ""
            return [event.clip_result.clip_index]
        if kind == "clip_error":
            row = self._row(event.clip_error.clip_index)
            if row is None:
                return []
            row.state, row.detail, row.code = FAILED, event.clip_error.error.message, event.clip_error.error.code
            return [event.clip_error.clip_index]
        if kind == "done":
            return self.finish(event.done.message or "the job ended first")
        return []

    def finish(self, why: str) -> list[int]:
        """Clips still waiting when a job ends (cancelled, server gone) say so instead of spinning forever."""
        changed = []
        for index, row in enumerate(self.rows[: self.clip_count]):
            if row.state in WAITING:
                row.state, row.detail = CANCELLED, why
                changed.append(index)
        return changed

    def mark(self, index: int, state: str, detail: str = "", code: str = "") -> None:
        row = self.rows[index]
        row.state, row.detail, row.code = state, detail, code
        if state in (ANALYSED, TAGGED):
            row.fraction = 1.0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.state] = out.get(row.state, 0) + 1
        return out

    def _row(self, index: int) -> ClipRow | None:
        return self.rows[index] if 0 <= index < self.clip_count else None
