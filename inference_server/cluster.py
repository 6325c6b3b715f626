"""Clips analysed on a Ray cluster (``derush serve --ray``): the head keeps the queue, Ray runs the analysis.

The head server is unchanged (gRPC, auth, queue, fairness, jobs database, result store, fingerprinting); only
the call to ``engine.analyze_clip`` is handed to a Ray actor. One actor per worker slot loads its own
``ModelRegistry`` once and analyses one clip at a time, on a path it opens itself: every machine of the cluster
must mount the media (and the data dir, for the studio's custom models) at the same paths as the head.

``ray`` is imported only here, and this module only when the option is used.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inference_server.engine import ClipProgress
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import Cancelled, DerushError

log = logging.getLogger(__name__)

# how often the head looks at a running clip: its progress, and whether the job was cancelled
_POLL_S = 0.25


class ClusterUnavailable(DerushError):
    code = "cluster_unavailable"


class ClusterError(DerushError):
    """An error raised on the cluster side, with the code it had there."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class ClusterOptions:
    #: "local" (a Ray instance started with the server), "auto" (the cluster this machine joined) or HOST:PORT
    address: str
    #: actors, one per worker slot: clips analysed at the same time
    actors: int = 1
    #: the data dir the actors' model registries use (shared storage, same path as the head's)
    data_dir: Path = Path(".")
    #: CPUs (and GPUs) each actor reserves, so that Ray places them on machines that have them
    cpus_per_actor: float = 1.0
    gpus_per_actor: float = 0.0


class _StageRecorder(ClipProgress):
    """Each stage's own fraction, kept for the head to poll: the head replays them on its ClipProgress."""

    def __init__(self, stages: dict[str, float]) -> None:
        super().__init__(lambda stage, fraction: None)
        self._stages = stages

    def stage(self, name: str) -> Callable[[float], None]:
        def update(fraction: float) -> None:
            self._stages[name] = max(self._stages.get(name, 0.0), fraction)

        return update


class _Analyser:
    """Lives in a Ray worker process: models loaded once, one clip at a time, progress and cancel on the side."""

    def __init__(self, data_dir: str) -> None:
        from inference_server.models import ModelRegistry

        logging.basicConfig(level=logging.INFO)
        self.models = ModelRegistry(Path(data_dir))
        self._stages: dict[str, float] = {}
        self._cancel = threading.Event()

    def analyze(self, path: str, display: str, media_id: str, options: bytes) -> tuple[str, bytes | str, str]:
        """("ok", ClipAnalysis bytes, "") or ("error", message, code): errors travel as data, not pickled types."""
        from inference_server.engine import analyze_clip

        self._cancel.clear()
        self._stages = {}
        try:
            analysis = analyze_clip(Path(path), display, media_id, pb.AnalysisOptions.FromString(options),
                                    self.models, _StageRecorder(self._stages), self._cancel.is_set)
        except Cancelled as exc:
            return "error", exc.message, Cancelled.code
        except DerushError as exc:
            return "error", exc.message, exc.code
        except Exception as exc:  # the head reports it; the actor lives on for the next clip
            logging.getLogger(__name__).exception("clip %s failed", display)
            return "error", f"Unexpected error analysing {display} on the cluster: {exc}. The Ray worker's log " \
                            "has details.", "internal"
        return "ok", analysis.SerializeToString(), ""

    def progress(self) -> dict[str, float]:
        return dict(self._stages)

    def cancel(self) -> None:
        self._cancel.set()


class RayClipRunner:
    """Same call as ``engine.analyze_clip``, run by a free actor of the pool; blocks the worker thread calling it."""

    def __init__(self, options: ClusterOptions) -> None:
        try:
            import ray
        except ImportError:
            raise ClusterUnavailable("--ray needs Ray on this machine: pip install 'derush[cluster]' (or ray), or "
                                     "serve without --ray.") from None
        self._ray = ray
        if not ray.is_initialized():
            try:
                if options.address not in ("local", "auto"):
                    _reachable(options.address)
                if options.address == "local":
                    ray.init(include_dashboard=False, configure_logging=False, log_to_driver=False)
                else:
                    ray.init(address=options.address, configure_logging=False, log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ClusterUnavailable(f"Cannot join the Ray cluster at {options.address!r}: {exc}. Start it "
                                         "(`ray start --head`) or use --ray local.") from None
        # max_concurrency 2: progress() and cancel() are answered while analyze() runs
        remote = ray.remote(num_cpus=options.cpus_per_actor, num_gpus=options.gpus_per_actor, max_concurrency=2,
                            max_restarts=1)(_Analyser)
        self._actors = [remote.remote(str(options.data_dir)) for _ in range(max(1, options.actors))]
        self._free: queue.Queue = queue.Queue()
        for actor in self._actors:
            self._free.put(actor)
        log.info("analysing on Ray (%s): %d actor(s), %g CPU / %g GPU each", options.address, len(self._actors),
                 options.cpus_per_actor, options.gpus_per_actor)

    def __call__(self, path: Path, display: str, media_id: str, options: pb.AnalysisOptions, models,
                 progress: ClipProgress, cancelled: Callable[[], bool] = lambda: False) -> pb.ClipAnalysis:
        ray = self._ray
        actor = self._free.get()  # the job manager runs as many clips as there are actors: one is free
        try:
            ref = actor.analyze.remote(str(path), display, media_id, options.SerializeToString())
            while True:
                done, _ = ray.wait([ref], timeout=_POLL_S)
                if done:
                    break
                if cancelled():
                    actor.cancel.remote()  # the analysis stops at its next check; a queued call is dropped
                    ray.cancel(ref)
                    raise Cancelled("analysis cancelled")
                self._report(actor, progress)
            try:
                kind, payload, code = ray.get(ref)
            except ray.exceptions.RayError as exc:  # the actor died (out of memory, a machine lost)
                raise ClusterError("cluster_failed", f"The Ray worker analysing {display} failed: {exc}. The clip "
                                   "can be sent again; the Ray logs have details.") from None
        finally:
            self._free.put(actor)
        if kind == "ok":
            return pb.ClipAnalysis.FromString(payload)
        if code == Cancelled.code:
            raise Cancelled(payload)
        raise ClusterError(code, payload)

    def _report(self, actor, progress: ClipProgress) -> None:
        try:
            stages = self._ray.get(actor.progress.remote(), timeout=5)
        except Exception:  # progress is a courtesy: a slow answer is skipped
            return
        for stage, fraction in stages.items():
            progress.stage(stage)(fraction)

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._ray.shutdown()


def _reachable(address: str, timeout_s: float = 5.0) -> None:
    """Ray waits minutes (then aborts the process) for a head that is not there: look first, and say so."""
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=timeout_s).close()
    except (OSError, ValueError) as exc:
        raise ClusterUnavailable(f"No Ray cluster answers at {address!r} ({exc}): give the head's HOST:PORT "
                                 "(`ray start --head` prints it, port 6379 by default), auto, or local.") from None


def wait_ready(runner: RayClipRunner, timeout_s: float = 120.0) -> None:
    """Block until every actor has started (models are loaded lazily, at their first clip)."""
    ray = runner._ray
    started = time.monotonic()
    pending = [a.progress.remote() for a in runner._actors]
    try:
        ray.get(pending, timeout=max(1.0, timeout_s - (time.monotonic() - started)))
    except ray.exceptions.GetTimeoutError:
        raise ClusterUnavailable(f"The Ray cluster did not start {len(pending)} analysis actor(s) within "
                                 f"{timeout_s:.0f} s: does it have {len(pending)} free CPU(s)? Lower --workers or "
                                 "add machines.") from None
    except ray.exceptions.RayError as exc:
        raise ClusterUnavailable(f"The Ray analysis actors could not start: {exc}. Is derush installed on every "
                                 "machine of the cluster?") from None
