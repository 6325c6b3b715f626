"""Jobs (list, watch, cancel) and uploads over the real gRPC service."""

from __future__ import annotations

import hashlib

import grpc
import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, media_refs


def test_uploaded_clip_is_analysed_by_its_sha256(client, fixtures_dir, clips):
    path = fixtures_dir / clips[4].file
    fractions: list[float] = []
    result = client.upload(path, on_progress=fractions.append)
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.size == path.stat().st_size and fractions[-1] == 1.0
    assert client.upload(path).already_present
    outcome = client.analyze([pb.MediaRef(sha256=result.sha256, display_path="/Volumes/Seat3/" + path.name)])
    analysis = outcome.results[0]
    assert analysis.media_id == f"sha256:{result.sha256}"
    assert analysis.path == "/Volumes/Seat3/" + path.name
    assert [s.start_frame for s in analysis.shots][1:] == clips[4].cuts


def test_corrupt_upload_is_rejected_and_leaves_nothing(client, embedded, fixtures_dir, clips, tmp_path):
    path = fixtures_dir / clips[0].file
    damaged = tmp_path / "damaged.mp4"
    data = bytearray(path.read_bytes())
    data[1000] ^= 0xFF
    damaged.write_bytes(bytes(data))
    real_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    stub_client = client
    # send the damaged bytes under the real file's hash, as a flaky link would
    chunks = [pb.UploadChunk(header=pb.UploadHeader(sha256=real_sha, size=len(data), filename="A001.mp4")),
              pb.UploadChunk(data=bytes(data))]
    with pytest.raises(ClientError) as caught:
        stub_client._call(stub_client._stub.UploadMedia, iter(chunks))
    assert caught.value.code == grpc.StatusCode.DATA_LOSS
    assert "send it again" in str(caught.value)
    uploads = embedded.config.data_dir / "uploads"
    stored = uploads / real_sha
    # the damaged bytes were never kept under the real file's hash (and no partial file is left)
    assert not stored.exists() or hashlib.sha256(stored.read_bytes()).hexdigest() == real_sha
    assert not list(uploads.glob(".upload-*"))


def test_unknown_upload_hash_is_a_clear_clip_error(client):
    outcome = client.analyze([pb.MediaRef(sha256="0" * 64)])
    assert outcome.errors[0].code == "not_found"
    assert "upload it first" in outcome.errors[0].message


def test_jobs_are_listed_watched_and_cancelled(client, fixtures_dir, clips):
    done = client.analyze(media_refs([fixtures_dir / clips[1].file]))
    listed = {j.job_id: j for j in client.list_jobs()}
    assert listed[done.job_id].state == pb.JOB_STATE_SUCCEEDED
    replay = client.watch(done.job_id, 1)
    assert replay.results[0].media_id == done.results[0].media_id

    # a job cancelled while queued behind another never runs
    import threading

    busy = threading.Thread(target=client.analyze, args=(media_refs([fixtures_dir / clips[3].file]),),
                            kwargs={"options": pb.AnalysisOptions(force=True)})
    busy.start()
    events: list[pb.JobEvent] = []
    waiting = threading.Thread(target=lambda: events.extend(_collect_events(client, fixtures_dir / clips[5].file)))
    waiting.start()
    job_id = None
    for _ in range(500):
        jobs = client.list_jobs()
        running = [j for j in jobs if j.state == pb.JOB_STATE_RUNNING]
        queued = [j for j in jobs if j.state == pb.JOB_STATE_QUEUED]
        # the busy job holds the only worker; the other one waits behind it (not merely "not started yet")
        if running and queued:
            job_id = queued[-1].job_id
            break
        threading.Event().wait(0.02)
    assert job_id, "the second job should wait in the queue"
    assert client.cancel(job_id).state == pb.JOB_STATE_CANCELLED
    waiting.join(60)
    busy.join(120)
    assert events[-1].done.state == pb.JOB_STATE_CANCELLED
    assert not any(e.HasField("clip_result") for e in events)


def _collect_events(client, path):
    events: list[pb.JobEvent] = []
    client.analyze(media_refs([path]), options=pb.AnalysisOptions(force=True), on_event=events.append)
    return events


def test_bad_requests_get_invalid_argument(client):
    with pytest.raises(ClientError) as caught:
        client.analyze([])
    assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(ClientError) as caught:
        client.analyze(media_refs(["/x.mp4"]), options=pb.AnalysisOptions(analyzers=["telepathy"]))
    assert "telepathy" in str(caught.value)
    with pytest.raises(ClientError) as caught:
        client.get_analysis("sha256:" + "ab" * 32)
    assert caught.value.code == grpc.StatusCode.NOT_FOUND
