"""A box on a shared network: closed to seat paths unless a folder is served, results shown only for media a seat
may name, per-seat queue limits, and the operator's `derush jobs` (list, cancel, drain), with real servers."""

from __future__ import annotations

import shutil
import subprocess
import threading

import grpc
import pytest

from inference_server.paths import PathNotServed, PathPolicy, seat_may_name
from inference_server.server import ServerConfig, path_policy
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient, media_refs
from tests.integration.studio import DERUSH, SHOTS, SHOTS_AGAIN, StudioServer, wait_for

SEATS = {"ops": "ops-token-0123456789abcdef", "edit": "edit-token-0123456789abcdef",
         "bulk": "bulk-token-0123456789abcdef"}
PER_SEAT = 20  # clips of ~0.5 s: a queue that lasts long enough to look at, cancel and drain


@pytest.mark.parametrize(("listen", "closed"), [
    ("0.0.0.0:50051", True), ("[::]:50051", True), ("10.1.2.3:50051", True), ("box.studio.lan:50051", True),
    ("127.0.0.1:50051", False), ("localhost:50051", False), ("[::1]:50051", False),
])
def test_beyond_loopback_the_box_is_closed_unless_told_which_folders_it_serves(listen, closed, tmp_path):
    policy = path_policy(ServerConfig(listen=listen, data_dir=tmp_path))
    assert policy.closed is closed
    secret = tmp_path / "tokens.txt"
    secret.write_text("x")
    if closed:
        with pytest.raises(PathNotServed) as caught:
            policy.resolve(str(secret))
        assert "--allow-root" in caught.value.message and "upload" in caught.value.message
        served = path_policy(ServerConfig(listen=listen, data_dir=tmp_path, allow_roots=[str(tmp_path)]))
        assert served.resolve(str(secret)) == secret.resolve()
    else:
        assert policy.resolve(str(secret)) == secret


def test_what_a_seat_may_name():
    closed = PathPolicy(closed=True)
    assert not seat_may_name(closed, "/mnt/other-show/A001.mov", uploaded=False)
    assert seat_may_name(closed, "/mnt/other-show/A001.mov", uploaded=True)  # it sent the bytes itself
    assert seat_may_name(PathPolicy(), "/anything.mov", uploaded=False)  # one editor's loopback server


def _tokens(folder):
    path = folder / "tokens.txt"
    path.write_text("# seat token [operator]\n" + "".join(
        f"{name} {token}{' operator' if name == 'ops' else ''}\n" for name, token in SEATS.items()))
    return path


def _seat(server: StudioServer, name: str) -> DerushClient:
    return DerushClient(server.address, token=SEATS[name])


def _code(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.code, str(caught.value)


def test_a_closed_box_refuses_seat_paths_until_a_root_is_allowed_and_shows_only_what_a_seat_may_name(
        tmp_path, fixtures_dir, clips):
    """One data dir, three starts: open (loopback), closed, closed with --allow-root for the rushes' folder."""
    rushes, other_show = tmp_path / "rushes", tmp_path / "other-show"
    rushes.mkdir()
    other_show.mkdir()
    ours, theirs = rushes / "C001.mp4", other_show / "unreleased.mp4"
    shutil.copy(fixtures_dir / clips[1].file, ours)
    shutil.copy(fixtures_dir / clips[2].file, theirs)
    (tmp_path / "box").mkdir()
    server = StudioServer(tmp_path / "box", "--tokens", str(_tokens(tmp_path)))
    try:
        with server, _seat(server, "edit") as seat:  # loopback, no folder named: as before, any path opens
            stored = seat.analyze(media_refs([ours, theirs]), SHOTS).results
            uploaded = seat.upload(fixtures_dir / clips[4].file)
            by_upload = seat.analyze([pb.MediaRef(sha256=uploaded.sha256, display_path="C101.mp4")], SHOTS)
        ours_id, theirs_id, upload_id = stored[0].media_id, stored[1].media_id, by_upload.results[0].media_id

        server.args = ["--tokens", str(_tokens(tmp_path)), "--refuse-unmapped"]
        with server, _seat(server, "edit") as seat:
            code, message = _code(lambda: seat.analyze(media_refs([ours]), SHOTS))
            assert code == grpc.StatusCode.PERMISSION_DENIED
            assert str(ours) in message and "--allow-root" in message and "upload" in message
            assert seat.server_info().status.closed_paths
            # results of clips it cannot name read as not stored; what it uploaded stays its own
            for media_id in (ours_id, theirs_id):
                assert _code(lambda m=media_id: seat.get_analysis(m))[0] == grpc.StatusCode.NOT_FOUND
            assert _code(lambda: seat.suggest_cut([theirs_id]))[0] == grpc.StatusCode.NOT_FOUND
            assert seat.get_analysis(upload_id).media_id == upload_id

        server.args += ["--allow-root", str(rushes)]
        with server, _seat(server, "edit") as seat:
            outcome = seat.analyze(media_refs([ours]), SHOTS)  # the very same call now goes through
            assert outcome.state == pb.JOB_STATE_SUCCEEDED and outcome.errors == [None]
            assert [s.start_frame for s in outcome.results[0].shots][1:] == clips[1].cuts
            assert seat.get_analysis(ours_id).media_id == ours_id
            assert _code(lambda: seat.get_analysis(theirs_id))[0] == grpc.StatusCode.NOT_FOUND
            assert _code(lambda: seat.analyze(media_refs([theirs]), SHOTS))[0] == grpc.StatusCode.PERMISSION_DENIED
    finally:
        server.stop()


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    folder = tmp_path_factory.mktemp("operator")
    with StudioServer(folder, "--tokens", str(_tokens(folder)), "--max-queued-per-seat", str(PER_SEAT)) as running:
        yield running


def _in_background(client: DerushClient, paths, options=SHOTS_AGAIN, **kwargs):
    outcomes: list = []

    def run() -> None:
        try:
            outcomes.append(client.analyze(media_refs(paths), options, **kwargs))
        except ClientError as exc:
            outcomes.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcomes


def _derush_jobs(box: StudioServer, seat: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*DERUSH, "jobs", "--server", box.address, "--token", SEATS[seat], *args],
                          capture_output=True, text=True, timeout=60)


def _running_job(client: DerushClient, seat: str) -> pb.JobSummary:
    return wait_for(lambda: next((j for j in client.list_jobs() if j.seat == seat
                                  and j.state == pb.JOB_STATE_RUNNING), None), 30, what=f"{seat}'s job running")


def test_one_seat_cannot_fill_the_queue_and_derush_jobs_shows_and_cancels(box, fixtures_dir, clips):
    slow = fixtures_dir / clips[3].file
    with _seat(box, "bulk") as bulk, _seat(box, "edit") as edit:
        code, message = _code(lambda: bulk.analyze(media_refs([slow] * (PER_SEAT + 1)), SHOTS_AGAIN))
        assert code == grpc.StatusCode.RESOURCE_EXHAUSTED and f"at most {PER_SEAT} per seat" in message
        thread, outcomes = _in_background(bulk, [slow] * PER_SEAT)  # one runs, the others wait
        job = _running_job(bulk, "bulk")
        code, message = _code(lambda: bulk.analyze(media_refs([slow, slow]), SHOTS_AGAIN))
        assert code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert f"Seat bulk already has {PER_SEAT - 1} clip(s) waiting" in message
        assert "derush jobs --cancel" in message
        edit_events: list[pb.JobEvent] = []  # another seat still gets in, and learns where it stands
        edit_thread, edit_outcomes = _in_background(edit, [slow], priority=10, on_event=edit_events.append)

        listed = _derush_jobs(box, "edit")
        assert listed.returncode == 0, listed.stderr
        row = next(line for line in listed.stdout.splitlines() if line.startswith(job.job_id))
        assert row.split()[1:4] == ["bulk", "0", "running"] and row.split()[4].endswith(f"/{PER_SEAT}")
        assert "queued" in listed.stdout.splitlines()[0] and "per seat" in listed.stdout.splitlines()[0]

        refused = _derush_jobs(box, "edit", "--cancel", job.job_id)  # not edit's job
        assert refused.returncode != 0 and "belongs to seat bulk" in refused.stderr
        assert _derush_jobs(box, "ops", "--cancel", job.job_id).returncode == 0  # the operator may
        thread.join(120)
        edit_thread.join(120)
        assert outcomes[0].state == pb.JOB_STATE_CANCELLED
        assert sum(r is not None for r in outcomes[0].results) < PER_SEAT
        assert edit_outcomes[0].state == pb.JOB_STATE_SUCCEEDED and edit_outcomes[0].results[0] is not None
        assert edit_events[0].queued.position == 1  # only bulk's running job: its queued clips come after
        after = _derush_jobs(box, "bulk").stdout
        assert any(line.startswith(job.job_id) and "cancelled" in line for line in after.splitlines())


def test_an_operator_drains_the_box_running_work_finishes_queued_work_resumes(box, fixtures_dir, clips):
    slow = fixtures_dir / clips[3].file
    with _seat(box, "edit") as edit:
        events: list[pb.JobEvent] = []
        thread, outcomes = _in_background(edit, [slow] * PER_SEAT, on_event=events.append)
        job = _running_job(edit, "edit")
        code, message = _code(lambda: edit.drain())
        assert code == grpc.StatusCode.PERMISSION_DENIED and "operator" in message
        drained = _derush_jobs(box, "ops", "--drain")
        assert drained.returncode == 0, drained.stderr
        assert "no new job is accepted" in drained.stdout
        if box.alive():  # the running clip may still be finishing: new work is refused meanwhile
            try:
                edit.analyze(media_refs([slow]), SHOTS_AGAIN)
                raise AssertionError("a draining box accepted a job")
            except ClientError as exc:
                assert exc.code in (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.UNAVAILABLE), exc
        assert box.proc.wait(timeout=120) == 0  # it stops by itself
        thread.join(60)
        done_before = sum(1 for e in events if e.HasField("clip_result"))
        assert 1 <= done_before < PER_SEAT  # the running clip finished; the queued ones wait for the next start
    box.start()  # maintenance over: the queued clips go on
    with _seat(box, "edit") as edit:
        outcome = edit.watch(job.job_id, PER_SEAT)
        assert outcome.state == pb.JOB_STATE_SUCCEEDED
        assert all(r is not None for r in outcome.results)
        assert all([s.start_frame for s in r.shots][1:] == clips[3].cuts for r in outcome.results)
        assert "draining at an operator's request (ops)" in box.log()
