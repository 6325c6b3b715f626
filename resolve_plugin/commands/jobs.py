"""``derush jobs``: an operator's view of a server's queue: list the jobs, cancel one, drain the server."""

from __future__ import annotations

import argparse
import time

from protos.channel import DEFAULT_LISTEN
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import DerushClient
from resolve_plugin.commands import common

_STATES = {pb.JOB_STATE_QUEUED: "queued", pb.JOB_STATE_RUNNING: "running", pb.JOB_STATE_SUCCEEDED: "done",
           pb.JOB_STATE_FAILED: "failed", pb.JOB_STATE_CANCELLED: "cancelled"}
_UNFINISHED = (pb.JOB_STATE_QUEUED, pb.JOB_STATE_RUNNING)
#: finished jobs shown without --all: the last hour's
RECENT_S = 3600.0


def register(sub) -> None:
    p = sub.add_parser("jobs", help="a server's jobs: list them, cancel one, drain the server for maintenance")
    p.add_argument("--server", metavar="HOST:PORT", default=DEFAULT_LISTEN,
                   help=f"the server to look at (default {DEFAULT_LISTEN}, a `derush serve` on this machine)")
    common.add_tls_arguments(p)
    p.add_argument("--all", action="store_true", help="every job the server remembers, not only the last hour's")
    p.add_argument("--cancel", metavar="JOB", help="cancel this job (your seat's own; an operator token: any)")
    p.add_argument("--drain", action="store_true",
                   help="maintenance (operator token): accept no new job, let the running clips finish, then stop "
                        "the server; queued jobs go on at its next start")
    p.add_argument("--grace", type=float, default=0.0, metavar="SECONDS",
                   help="with --drain: time the running clips get before they are requeued (default: as long as "
                        "they need)")
    p.set_defaults(func=run)


def age(seconds: float) -> str:
    """``42s``, ``7m``, ``3h05``, ``2d04``: how long ago, at a glance."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}"
    return f"{seconds // 86400}d{seconds % 86400 // 3600:02d}"


def job_rows(jobs: list[pb.JobSummary], now: float, everything: bool = False) -> list[str]:
    """The table: unfinished jobs first (the order they run in: priority, then age), then the recent finished."""
    shown = [j for j in jobs if everything or j.state in _UNFINISHED or now - (j.finished or j.created) < RECENT_S]
    shown.sort(key=lambda j: (j.state not in _UNFINISHED, -j.priority if j.state in _UNFINISHED else 0,
                              j.created if j.state in _UNFINISHED else -(j.finished or j.created)))
    rows = [f"{'JOB':12}  {'SEAT':16}  {'PRI':>4}  {'STATE':9}  {'CLIPS':>9}  {'FAILED':>6}  {'AGE':>6}  MESSAGE"]
    for job in shown:
        rows.append(f"{job.job_id:12}  {(job.seat or '-')[:16]:16}  {job.priority:4d}  "
                    f"{_STATES.get(job.state, '?'):9}  {f'{job.clips_done}/{job.clip_count}':>9}  "
                    f"{job.clips_failed:6d}  {age(now - job.created):>6}  {job.message}")
    return rows


def status_line(status: pb.ServerStatus) -> str:
    line = (f"{status.queued_clips} clip(s) queued, {status.running_clips} running on {status.workers} worker(s), "
            f"{status.unfinished_jobs} unfinished job(s)")
    if status.max_queued_per_seat:
        line += f"; at most {status.max_queued_per_seat} queued per seat"
    return line + ("; DRAINING: no new job accepted" if status.draining else "")


def run(args: argparse.Namespace) -> int:
    choice = common.ServerChoice(args.server, args.token, common.tls_from_args(args))
    with common.connect(choice) as client:
        if args.cancel:
            return _cancel(client, args.cancel)
        if args.drain:
            drained = client.drain(args.grace)
            print(drained.message)
            return common.EXIT_OK
        status = client.server_info().status
        jobs = client.list_jobs()
    print(f"{args.server}: {status_line(status)}")
    for row in job_rows(jobs, time.time(), args.all):
        print(row)
    return common.EXIT_OK


def _cancel(client: DerushClient, job_id: str) -> int:
    answer = client.cancel(job_id)
    state = _STATES.get(answer.state, "?")
    if answer.state in _UNFINISHED:
        print(f"Job {job_id}: cancel requested; its running clip stops at its next check ({state} for now).")
    elif answer.state == pb.JOB_STATE_CANCELLED:
        print(f"Job {job_id} cancelled.")
    else:
        print(f"Job {job_id} had already ended ({state}): nothing to cancel.")
    return common.EXIT_OK
