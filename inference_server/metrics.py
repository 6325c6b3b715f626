"""Prometheus metrics in the text exposition format, served by the stdlib HTTP server (``--metrics-port``).

Counters, gauges and histograms with labels, thread-safe; gauges may read their value from a callback at
scrape time (queue length, jobs by state, disk). No dependency: the format is a few lines of text.
"""

from __future__ import annotations

import bisect
import logging
import math
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# clip analysis times, seconds: cache hits land in the first buckets, long interviews in the last
CLIP_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)


def _labels(names: tuple[str, ...], values: tuple[str, ...], extra: str = "") -> str:
    parts = [f'{n}="{_escape(v)}"' for n, v in zip(names, values)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if value == math.inf:
        return "+Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class _Metric:
    kind = ""

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.label_names = name, help_text, labels
        self._lock = threading.Lock()

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]


class Counter(_Metric):
    kind = "counter"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._values: dict[tuple[str, ...], float] = {}

    def inc(self, amount: float = 1, **labels: str) -> None:
        key = tuple(str(labels.get(n, "")) for n in self.label_names)
        with self._lock:
            self._values[key] = self._values.get(key, 0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(tuple(str(labels.get(n, "")) for n in self.label_names), 0)

    def render(self) -> list[str]:
        with self._lock:
            items = sorted(self._values.items())
        if not items and not self.label_names:
            items = [((), 0)]
        return [f"{self.name}{_labels(self.label_names, k)} {_number(v)}" for k, v in items]


class Gauge(_Metric):
    kind = "gauge"

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = (),
                 read: Callable[[], dict[tuple[str, ...], float] | float] | None = None) -> None:
        super().__init__(name, help_text, labels)
        self._read = read
        self._values: dict[tuple[str, ...], float] = {}

    def set(self, value: float, **labels: str) -> None:
        with self._lock:
            self._values[tuple(str(labels.get(n, "")) for n in self.label_names)] = value

    def inc(self, amount: float = 1, **labels: str) -> None:
        key = tuple(str(labels.get(n, "")) for n in self.label_names)
        with self._lock:
            self._values[key] = self._values.get(key, 0) + amount

    def dec(self, amount: float = 1, **labels: str) -> None:
        self.inc(-amount, **labels)

    def value(self, **labels: str) -> float:
        return self._values.get(tuple(str(labels.get(n, "")) for n in self.label_names), 0)

    def render(self) -> list[str]:
        if self._read is not None:
            read = self._read()
            values = read if isinstance(read, dict) else {(): read}
        else:
            with self._lock:
                values = dict(self._values)
        return [f"{self.name}{_labels(self.label_names, k)} {_number(v)}" for k, v in sorted(values.items())]


class Histogram(_Metric):
    kind = "histogram"

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = (),
                 buckets: tuple[float, ...] = CLIP_BUCKETS) -> None:
        super().__init__(name, help_text, labels)
        self.buckets = tuple(sorted(buckets)) + (math.inf,)
        self._data: dict[tuple[str, ...], tuple[list[int], list[float]]] = {}

    def observe(self, value: float, **labels: str) -> None:
        key = tuple(str(labels.get(n, "")) for n in self.label_names)
        with self._lock:
            counts, total = self._data.setdefault(key, ([0] * len(self.buckets), [0.0]))
            counts[bisect.bisect_left(self.buckets, value)] += 1
            total[0] += value

    def count(self, **labels: str) -> int:
        key = tuple(str(labels.get(n, "")) for n in self.label_names)
        return sum(self._data[key][0]) if key in self._data else 0

    def render(self) -> list[str]:
        lines = []
        with self._lock:
            items = sorted((k, (list(c), t[0])) for k, (c, t) in self._data.items())
        for key, (counts, total) in items:
            running = 0
            for bound, count in zip(self.buckets, counts):
                running += count
                le = 'le="' + _number(bound) + '"'
                lines.append(f"{self.name}_bucket{_labels(self.label_names, key, le)} {running}")
            lines.append(f"{self.name}_sum{_labels(self.label_names, key)} {_number(total)}")
            lines.append(f"{self.name}_count{_labels(self.label_names, key)} {running}")
        return lines


class Metrics:
    """The server's metrics; gauges that need the job manager or the stores are bound by ``watch``."""

    def __init__(self) -> None:
        self.jobs_finished = Counter("derush_jobs_finished_total", "Jobs that ended, by final state.", ("state",))
        self.clips = Counter("derush_clips_total", "Clips that ended, by outcome (analysed, cached, failed, "
                             "cancelled).", ("outcome",))
        self.clip_seconds = Histogram("derush_clip_seconds", "Wall time per clip, from start to result.",
                                      ("cached",))
        self.errors = Counter("derush_errors_total", "Errors reported to clients, by error code.", ("code",))
        self.cache_hits = Counter("derush_cache_hits_total", "Clips answered from the result store.")
        self.upload_bytes = Counter("derush_upload_bytes_total", "Bytes received by UploadMedia.")
        self.open_streams = Gauge("derush_open_streams", "Job event streams open (Analyze, WatchJob).")
        self.rejected = Counter("derush_jobs_rejected_total", "Jobs refused at submission, by reason.", ("reason",))
        # --ray: each actor's clip times (its Ray node and process), and actors lost mid-clip
        self.worker_clip_seconds = Histogram("derush_worker_clip_seconds", "Wall time per clip on each Ray analysis "
                                             "actor, by Ray node id and actor process.", ("node", "actor"))
        self.workers_lost = Counter("derush_workers_lost_total", "Ray analysis actors lost mid-clip (killed, out of "
                                    "memory, machine lost); their clip went back to the queue.")
        self._gauges: list[Gauge] = []

    def watch(self, name: str, help_text: str, read: Callable, labels: tuple[str, ...] = ()) -> None:
        self._gauges.append(Gauge(name, help_text, labels, read))

    def render(self) -> str:
        lines: list[str] = []
        for metric in (self.jobs_finished, self.clips, self.clip_seconds, self.errors, self.cache_hits,
                       self.upload_bytes, self.open_streams, self.rejected, self.worker_clip_seconds,
                       self.workers_lost, *self._gauges):
            try:
                body = metric.render()
            except Exception:  # a gauge reading a store must not break the whole scrape
                log.exception("metric %s failed", metric.name)
                continue
            lines += metric.header() + body
        return "\n".join(lines) + "\n"


class MetricsServer:
    """``GET /metrics`` on its own thread; anything else is 404."""

    def __init__(self, metrics: Metrics, host: str, port: int) -> None:
        render = metrics.render

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                if self.path.split("?", 1)[0] not in ("/metrics", "/"):
                    self.send_error(404, "derush serves /metrics")
                    return
                body = render().encode()
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:  # scrapes every few seconds: not worth a log line each
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="derush-metrics", daemon=True)

    def start(self) -> MetricsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
