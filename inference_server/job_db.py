"""Jobs on disk: ``<data_dir>/jobs.sqlite3`` (stdlib sqlite3, WAL), so that a restart loses nothing.

Every job, each of its clips' state and every event it emitted are written as they happen. After a crash
(``kill -9``, power cut of the process) the server reads back the unfinished jobs and resumes them: clips
already done are not redone, and watchers get the same events from the start. WAL with ``synchronous=NORMAL``
survives a killed process (the OS keeps what was written); only a power loss may drop the last commits.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from inference_server.store import StorageFull
from protos.errors import DerushError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

# a clip's states (the job's are pb.JobState)
CLIP_QUEUED, CLIP_RUNNING, CLIP_DONE, CLIP_FAILED, CLIP_CANCELLED = "queued", "running", "done", "failed", "cancelled"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    seat TEXT NOT NULL,
    client_name TEXT NOT NULL,
    priority INTEGER NOT NULL,
    request BLOB NOT NULL,          -- the AnalyzeRequest as sent (seats' paths: mapped again when run)
    state INTEGER NOT NULL,         -- pb.JobState
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    deadline REAL,                  -- unix seconds after which unstarted clips are dropped
    message TEXT NOT NULL DEFAULT '',
    clips INTEGER NOT NULL,
    clips_done INTEGER NOT NULL DEFAULT 0,
    clips_failed INTEGER NOT NULL DEFAULT 0,
    clips_cached INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
CREATE TABLE IF NOT EXISTS clips (
    job_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,   -- runs started; a clip that keeps killing the server is given up
    media_id TEXT NOT NULL DEFAULT '',
    settings_key TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job_id, idx)
);
CREATE TABLE IF NOT EXISTS events (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,                    -- queued, progress, clip_result, clip_error, done
    event BLOB NOT NULL,                   -- a serialized pb.JobEvent
    PRIMARY KEY (job_id, seq)
);
"""


class JobDatabaseError(DerushError):
    code = "job_database"


@dataclass
class JobRow:
    id: str
    seat: str
    client_name: str
    priority: int
    request: bytes
    state: int
    created: float
    started: float | None
    finished: float | None
    deadline: float | None
    message: str
    clips: int
    clips_done: int
    clips_failed: int
    clips_cached: int
    cancel_requested: int = 0


@dataclass
class ClipRow:
    idx: int
    state: str
    attempts: int
    media_id: str
    settings_key: str


_JOB_COLUMNS = ("id, seat, client_name, priority, request, state, created, started, finished, deadline, message, "
                "clips, clips_done, clips_failed, clips_cached, cancel_requested")


class JobDB:
    """One connection, used from the server's event-loop thread (a lock keeps any other caller safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = None
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JobDatabaseError(f"{path} was written by a newer derush (schema {version}): upgrade derush, "
                                       "or start with another --data-dir.")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (sqlite3.DatabaseError, JobDatabaseError) as exc:
            if self._db is not None:
                self._db.close()
            if isinstance(exc, JobDatabaseError):
                raise
            raise JobDatabaseError(f"Cannot open the jobs database {path}: {exc}. Move it aside to start with an "
                                   "empty job list (results and uploads are kept).") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, statements: list[tuple[str, tuple]]) -> None:
        """One transaction; a full disk is the caller's RESOURCE_EXHAUSTED, not a crash."""
        with self._lock:
            try:
                self._db.execute("BEGIN")
                for sql, args in statements:
                    self._db.execute(sql, args)
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if "full" in str(exc) or "disk" in str(exc):
                    raise StorageFull(f"The server's data dir is full ({exc}): the job could not be recorded. Ask "
                                      "your studio engineer to free disk space.") from None
                raise JobDatabaseError(f"The jobs database {self.path} failed: {exc}.") from None

    # --- writes ----------------------------------------------------------------------------------

    def add_job(self, row: JobRow, first_event: tuple[int, bytes]) -> None:
        statements = [(f"INSERT INTO jobs ({_JOB_COLUMNS}) VALUES ({', '.join('?' * 16)})",
                       (row.id, row.seat, row.client_name, row.priority, row.request, row.state, row.created,
                        row.started, row.finished, row.deadline, row.message, row.clips, row.clips_done,
                        row.clips_failed, row.clips_cached, row.cancel_requested))]
        statements += [("INSERT INTO clips (job_id, idx, state) VALUES (?, ?, ?)", (row.id, i, CLIP_QUEUED))
                       for i in range(row.clips)]
        statements.append(("INSERT INTO events (job_id, seq, kind, event) VALUES (?, ?, 'queued', ?)",
                           (row.id, *first_event)))
        self._write(statements)

    def update_job(self, job_id: str, **fields) -> None:
        columns = ", ".join(f"{name} = ?" for name in fields)
        self._write([(f"UPDATE jobs SET {columns} WHERE id = ?", (*fields.values(), job_id))])

    def update_clip(self, job_id: str, idx: int, **fields) -> None:
        columns = ", ".join(f"{name} = ?" for name in fields)
        self._write([(f"UPDATE clips SET {columns} WHERE job_id = ? AND idx = ?", (*fields.values(), job_id, idx))])

    def move_clips(self, job_id: str, from_state: str, to_state: str) -> None:
        self._write([("UPDATE clips SET state = ? WHERE job_id = ? AND state = ?", (to_state, job_id, from_state))])

    def add_event(self, job_id: str, seq: int, kind: str, event: bytes) -> None:
        self._write([("INSERT OR REPLACE INTO events (job_id, seq, kind, event) VALUES (?, ?, ?, ?)",
                      (job_id, seq, kind, event))])

    def forget_progress(self, job_id: str) -> None:
        """A finished job keeps its results, errors and end; its progress events only mattered while it ran."""
        self._write([("DELETE FROM events WHERE job_id = ? AND kind = 'progress'", (job_id,))])

    def prune(self, finished_before: float) -> int:
        """Events and clip rows of jobs finished before then go (their results stay in the result store)."""
        old = "SELECT id FROM jobs WHERE finished IS NOT NULL AND finished < ?"
        with self._lock:
            count = self._db.execute(f"SELECT COUNT(*) FROM events WHERE job_id IN ({old})",
                                     (finished_before,)).fetchone()[0]
        self._write([(f"DELETE FROM events WHERE job_id IN ({old})", (finished_before,)),
                     (f"DELETE FROM clips WHERE job_id IN ({old})", (finished_before,))])
        return count

    # --- reads -----------------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def job(self, job_id: str) -> JobRow | None:
        rows = self._query(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE id = ?", (job_id,))
        return JobRow(*rows[0]) if rows else None

    def jobs_in(self, states: tuple[int, ...]) -> list[JobRow]:
        marks = ", ".join("?" * len(states))
        return [JobRow(*r) for r in self._query(
            f"SELECT {_JOB_COLUMNS} FROM jobs WHERE state IN ({marks}) ORDER BY created", states)]

    def recent(self, limit: int) -> list[JobRow]:
        return [JobRow(*r) for r in self._query(
            f"SELECT {_JOB_COLUMNS} FROM jobs ORDER BY created DESC LIMIT ?", (limit,))][::-1]

    def clips(self, job_id: str) -> list[ClipRow]:
        return [ClipRow(*r) for r in self._query(
            "SELECT idx, state, attempts, media_id, settings_key FROM clips WHERE job_id = ? ORDER BY idx",
            (job_id,))]

    def events(self, job_id: str) -> list[bytes]:
        return [r[0] for r in self._query("SELECT event FROM events WHERE job_id = ? ORDER BY seq", (job_id,))]

    def count_by_state(self) -> dict[int, int]:
        return dict(self._query("SELECT state, COUNT(*) FROM jobs GROUP BY state"))
