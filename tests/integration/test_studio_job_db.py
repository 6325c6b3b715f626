"""The jobs database on its own: what a finished job keeps, what old jobs lose, a database from the future."""

from __future__ import annotations

import sqlite3
import time

import pytest

from inference_server.job_db import CLIP_DONE, JobDatabaseError, JobDB, JobRow
from protos.derush.v1 import derush_pb2 as pb


def _job(db: JobDB, job_id: str, finished: float | None) -> None:
    request = pb.AnalyzeRequest(media=[pb.MediaRef(path="/a.mov")])
    db.add_job(JobRow(id=job_id, seat="bay", client_name="", priority=0, request=request.SerializeToString(),
                      state=pb.JOB_STATE_QUEUED, created=time.time(), started=None, finished=None, deadline=None,
                      message="", clips=1, clips_done=0, clips_failed=0, clips_cached=0), (0, b"queued"))
    db.add_event(job_id, 1, "progress", b"p")
    db.add_event(job_id, 2, "clip_result", b"r")
    db.update_clip(job_id, 0, state=CLIP_DONE, media_id="sha256:" + "ab" * 32)
    if finished is not None:
        db.update_job(job_id, state=pb.JOB_STATE_SUCCEEDED, finished=finished)


def test_finished_jobs_keep_their_results_and_old_ones_are_pruned(tmp_path):
    db = JobDB(tmp_path / "jobs.sqlite3")
    _job(db, "old", finished=time.time() - 40 * 86400)
    _job(db, "recent", finished=time.time() - 60)
    _job(db, "running", finished=None)
    db.forget_progress("recent")
    assert db.events("recent") == [b"queued", b"r"]  # the progress went, the result stayed
    assert db.prune(time.time() - 30 * 86400) == 3
    assert db.events("old") == [] and db.clips("old") == []
    assert db.job("old").state == pb.JOB_STATE_SUCCEEDED  # still listed
    assert db.events("running") == [b"queued", b"p", b"r"] and db.clips("running")[0].state == CLIP_DONE
    db.close()
    reopened = JobDB(tmp_path / "jobs.sqlite3")  # survives a new process
    assert [r.id for r in reopened.jobs_in((pb.JOB_STATE_QUEUED,))] == ["running"]
    reopened.close()


def test_a_database_from_a_newer_derush_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version=99")
    with pytest.raises(JobDatabaseError) as caught:
        JobDB(path)
    assert "newer derush" in caught.value.message
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(JobDatabaseError) as caught:
        JobDB(path)
    assert "Move it aside" in caught.value.message
