"""Which clip a free worker takes next: priority first, then the seats in turn.

Interactive work (a rough cut, priority 10) goes ahead of bulk auto-tagging (0). Between seats of equal
priority the seat served least recently goes next (round-robin), so one seat that queued 50 jobs shares the box
with a seat that queued one, clip by clip. Within a seat, its jobs run in the order it sent them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

_MAX_SEATS = 4096


@dataclass(frozen=True)
class Candidate:
    """A job with a clip ready to run."""

    key: str
    seat: str
    priority: int
    order: int  # submission order: the older job of a seat goes first


class FairScheduler:
    def __init__(self) -> None:
        self._served: dict[str, int] = {}  # seat -> tick of its last turn
        self._ticks = itertools.count()

    def choose(self, candidates: Iterable[Candidate]) -> Candidate | None:
        """The next candidate to run, counted as the seat's turn."""
        best: Candidate | None = None
        best_rank: tuple | None = None
        for candidate in candidates:
            # a seat never served (-1) goes before one served already; ties go to the oldest job
            rank = (-candidate.priority, self._served.get(candidate.seat, -1), candidate.order)
            if best_rank is None or rank < best_rank:
                best, best_rank = candidate, rank
        if best is not None:
            self._served[best.seat] = next(self._ticks)
            if len(self._served) > _MAX_SEATS:  # anonymous peers come and go: keep the most recent turns only
                recent = sorted(self._served.items(), key=lambda item: item[1])[-_MAX_SEATS // 2:]
                self._served = dict(recent)
        return best
