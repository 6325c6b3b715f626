"""Clips analysed on a Ray cluster (``derush serve --ray``): the head keeps the queue, Ray runs the analysis.

The head server is unchanged (gRPC, auth, queue, fairness, jobs database, result store, fingerprinting); only
the call to ``engine.analyze_clip`` is handed to a Ray actor. One actor per worker slot loads its own
``ModelRegistry`` once and analyses one clip at a time, on a path it opens itself: every machine of the cluster
must mount the media (and the data dir, for the studio's custom models) at the same paths as the head.

An actor that dies mid-clip (killed, out of memory, its machine lost) is replaced by a fresh one, and its clip
raises ``WorkerLost``: the job manager puts it back in the queue, for this or another actor, and gives up after
``jobs.MAX_ATTEMPTS`` tries with the reason. Each actor's clip times go to the metrics, by Ray node and process.

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

from inference_server.engine import ClipProgress, WorkerLost
from inference_server.metrics import Metrics
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

    def identity(self) -> tuple[str, int]:
        """(Ray node id, process id): which machine and process analyse, for the metrics and the tests."""
        import os

        import ray

        return ray.get_runtime_context().get_node_id(), os.getpid()

    def cancel(self) -> None:
        self._cancel.set()


class RayClipRunner:
    """Same call as ``engine.analyze_clip``, run by a free actor of the pool; blocks the worker thread calling it."""

    def __init__(self, options: ClusterOptions, metrics: Metrics | None = None) -> None:
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
        self._metrics = metrics or Metrics()
        self._data_dir = str(options.data_dir)
        # max_concurrency 2: progress() and cancel() are answered while analyze() runs. No restart by Ray: a lost
        # actor is replaced here, and its clip requeued by the job manager
        self._remote = ray.remote(num_cpus=options.cpus_per_actor, num_gpus=options.gpus_per_actor,
                                  max_concurrency=2, max_restarts=0)(_Analyser)
        self._lock = threading.Lock()
        self._actors = [self._remote.remote(self._data_dir) for _ in range(max(1, options.actors))]
        self._identities: dict[int, tuple[str, int]] = {}
        self._free: queue.Queue = queue.Queue()
        for actor in self._actors:
            self._free.put(actor)
        log.info("analysing on Ray (%s): %d actor(s), %g CPU / %g GPU each", options.address, len(self._actors),
                 options.cpus_per_actor, options.gpus_per_actor)

    def __call__(self, path: Path, display: str, media_id: str, options: pb.AnalysisOptions, models,
                 progress: ClipProgress, cancelled: Callable[[], bool] = lambda: False) -> pb.ClipAnalysis:
        ray = self._ray
        actor = self._free_actor(cancelled)
        began = time.monotonic()
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
            except ray.exceptions.RayError as exc:  # the actor died (killed, out of memory, a machine lost)
                self._replace(actor, exc)
                actor = None  # never handed out again
                raise WorkerLost(f"The Ray worker analysing {display} was lost mid-clip ({type(exc).__name__}: "
                                 f"{_first_line(exc)}).") from None
            self._observe(actor, time.monotonic() - began)
        finally:
            if actor is not None:
                self._free.put(actor)
        if kind == "ok":
            return pb.ClipAnalysis.FromString(payload)
        if code == Cancelled.code:
            raise Cancelled(payload)
        raise ClusterError(code, payload)

    def _free_actor(self, cancelled: Callable[[], bool]):
        """The job manager runs as many clips as there are actors, so one is free, unless an actor was lost and
        its replacement waits for room: then wait for one, and give up on a cancel or a shutdown."""
        while True:
            try:
                return self._free.get(timeout=_POLL_S)
            except queue.Empty:
                if cancelled():
                    raise Cancelled("analysis cancelled") from None

    def _replace(self, lost, exc: Exception) -> None:
        """A fresh actor in the lost one's place, handed out once it has started: Ray places it where there is
        room, which after a machine is lost may be nowhere until one joins; meanwhile the clips go to the actors
        still alive, so the pool shrinks for a while rather than stalling a clip on an actor that cannot start."""
        self._metrics.workers_lost.inc()
        node, pid = self._identities.pop(id(lost), ("?", 0))
        log.warning("Ray analysis actor (node %s, pid %s) lost mid-clip: %s; starting a new one", node[:12], pid,
                    _first_line(exc))
        try:
            self._ray.kill(lost, no_restart=True)
        except Exception:  # already gone
            pass
        fresh = self._remote.remote(self._data_dir)
        with self._lock:
            self._actors = [fresh if a is lost else a for a in self._actors]
        threading.Thread(target=self._hand_out_when_started, args=(fresh,), name="derush-ray-actor",
                         daemon=True).start()

    def _hand_out_when_started(self, actor) -> None:
        try:
            self._ray.get(actor.progress.remote())  # waits for a machine with room
        except Exception as exc:  # it could not start (the cluster is shutting down): the pool stays smaller
            log.warning("a replacement Ray analysis actor did not start: %s", _first_line(exc))
            return
        log.info("a replacement Ray analysis actor is ready")
        self._free.put(actor)

    def _observe(self, actor, seconds: float) -> None:
        if id(actor) not in self._identities:
            try:
                self._identities[id(actor)] = self._ray.get(actor.identity.remote(), timeout=10)
            except Exception:  # a label is a courtesy: the time is still counted
                self._identities[id(actor)] = ("unknown", 0)
        node, pid = self._identities[id(actor)]
        self._metrics.worker_clip_seconds.observe(seconds, node=node[:12], actor=str(pid))

    def _report(self, actor, progress: ClipProgress) -> None:
        try:
            stages = self._ray.get(actor.progress.remote(), timeout=5)
        except Exception:  # progress is a courtesy: a slow answer is skipped
            return
        for stage, fraction in stages.items():
            progress.stage(stage)(fraction)

    def close(self) -> None:
        with self._lock:
            actors = list(self._actors)
        for actor in actors:
            self._ray.kill(actor)
        self._ray.shutdown()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


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
