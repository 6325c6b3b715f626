"""The studio server under load: one real `derush serve` process on loopback, many seats at once.

    .venv/bin/python -m bench.bench_studio        # prints JSON, writes bench/results/studio.json

1. 16 seats (16 tokens) each send one job of 3 short clips at the same moment (re-analysed: ``force``, so every
   clip is real work): throughput, and per seat the latency to its first result and to its whole job.
2. A result one seat analysed, asked for again by another seat: Analyze of the same clip (fingerprint + store) and
   GetAnalysis by media id, 200 times each: p50 / p99.
3. Uploads over loopback: a file of random bytes, new each time (so nothing is deduplicated), whole
   ``DerushClient.upload`` (the client's hashing pass included) and the transfer alone, per chunk size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import grpc

import resolve_plugin.client as client_module
from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import sha256_file as file_sha256
from resolve_plugin.client import DerushClient, media_refs
from resolve_plugin.samples.rushes import ensure_rushes

HERE = Path(__file__).resolve().parent
MB = 1 << 20


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: list[float], scale: float = 1.0, digits: int = 2) -> dict:
    return {"p50": round(percentile(values, 50) * scale, digits), "p95": round(percentile(values, 95) * scale, digits),
            "p99": round(percentile(values, 99) * scale, digits), "max": round(max(values) * scale, digits),
            "n": len(values)}


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU time of a process (this one by default), all its threads."""
    if pid is None:
        usage = os.times()
        return usage.user + usage.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> dict:
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in open("/proc/meminfo")
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    return {"cpus": os.cpu_count(), "memory_gib": memory, "python": platform.python_version(),
            "platform": platform.platform(), "gpu": "none", "load_average_before": os.getloadavg()[0]}


class Server:
    def __init__(self, folder: Path, seats: int, workers: int) -> None:
        self.tokens = {f"seat-{n:02d}": f"seat-{n:02d}-token-{os.urandom(8).hex()}" for n in range(seats)}
        (folder / "tokens.txt").write_text("".join(f"{name} {token}\n" for name, token in self.tokens.items()))
        self.address = f"127.0.0.1:{free_port()}"
        self.log = (folder / "serve.log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "resolve_plugin.cli", "serve", "--listen", self.address, "--data-dir",
             str(folder / "data"), "--tokens", str(folder / "tokens.txt"), "--workers", str(workers)],
            stdout=self.log, stderr=subprocess.STDOUT)
        with grpc.insecure_channel(self.address) as channel:
            grpc.channel_ready_future(channel).result(timeout=120)

    def client(self, seat: str) -> DerushClient:
        return DerushClient(self.address, token=self.tokens[seat], timeout_s=120)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)
        self.log.close()


def concurrent_seats(server: Server, clips: list[Path], per_seat: int, options: pb.AnalysisOptions) -> dict:
    seats = list(server.tokens)
    start = threading.Barrier(len(seats) + 1)
    timings: dict[str, dict] = {}

    def seat(name: str, n: int) -> None:
        paths = [clips[(n + k) % len(clips)] for k in range(per_seat)]
        first: list[float] = []
        with server.client(name) as client:
            client.wait_until_ready(30)
            start.wait()
            sent = time.perf_counter()
            outcome = client.analyze(media_refs(paths), options, client_name=name, on_event=lambda e: first.append(
                time.perf_counter()) if e.HasField("clip_result") and not first else None)
            timings[name] = {"sent": sent, "first": first[0] if first else None, "done": time.perf_counter(),
                             "analysed": sum(r is not None for r in outcome.results)}

    threads = [threading.Thread(target=seat, args=(name, n)) for n, name in enumerate(seats)]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    began = min(t["sent"] for t in timings.values())
    ended = max(t["done"] for t in timings.values())
    analysed = sum(t["analysed"] for t in timings.values())
    return {
        "seats": len(seats), "clips_per_seat": per_seat, "analyzers": list(options.analyzers),
        "clips_analysed": analysed, "clips_sent": len(seats) * per_seat, "wall_s": round(ended - began, 2),
        "throughput_clips_per_s": round(analysed / (ended - began), 2),
        "first_result_s": summary([t["first"] - t["sent"] for t in timings.values()]),
        "job_latency_s": summary([t["done"] - t["sent"] for t in timings.values()]),
    }


def cached_fetch(server: Server, clip: Path, runs: int) -> dict:
    seats = list(server.tokens)
    options = pb.AnalysisOptions(analyzers=["shots"])
    with server.client(seats[0]) as first:
        media_id = first.analyze(media_refs([clip]), options).results[0].media_id
    analyze_ms, get_ms = [], []
    with server.client(seats[1]) as second:
        for _ in range(runs):
            started = time.perf_counter()
            outcome = second.analyze(media_refs([clip]), options)
            analyze_ms.append(time.perf_counter() - started)
            assert outcome.cached[0]
        for _ in range(runs):
            started = time.perf_counter()
            second.get_analysis(media_id)
            get_ms.append(time.perf_counter() - started)
    return {"clip": clip.name, "clip_mb": round(clip.stat().st_size / MB, 1),
            "analyze_cached_ms": summary(analyze_ms, 1000, 1), "get_analysis_ms": summary(get_ms, 1000, 1)}


def disk_write(folder: Path, size_mb: int) -> dict:
    """How fast this machine writes a new file of ``size_mb`` in 1 MiB writes (what the server does with uploads)."""
    chunk = os.urandom(MB)
    speeds = []
    for n in range(2):
        path = folder / f"disk-{n}.bin"
        started = time.perf_counter()
        with path.open("wb") as f:
            for _ in range(size_mb):
                f.write(chunk)
        speeds.append(round(size_mb / (time.perf_counter() - started)))
    for n in range(2):
        (folder / f"disk-{n}.bin").unlink()
    return {"new_file_mb_s": speeds}


def uploads(server: Server, folder: Path, size_mb: int, chunks_mib: list[int]) -> list[dict]:
    body = os.urandom(size_mb * MB)
    default_chunk = client_module.UPLOAD_CHUNK_BYTES
    rows = []
    with server.client(list(server.tokens)[0]) as client:
        for chunk in chunks_mib:
            client_module.UPLOAD_CHUNK_BYTES = chunk * MB
            path = folder / f"upload-{chunk}.bin"
            path.write_bytes(os.urandom(32) + body[32:])  # new content: never deduplicated
            hashing_started = time.perf_counter()
            file_sha256(path)
            hashing = time.perf_counter() - hashing_started
            server_cpu, client_cpu = cpu_seconds(server.proc.pid), cpu_seconds()
            started = time.perf_counter()
            result = client.upload(path)
            total = time.perf_counter() - started
            server_cpu, client_cpu = cpu_seconds(server.proc.pid) - server_cpu, cpu_seconds() - client_cpu
            assert not result.already_present and result.size == size_mb * MB
            rows.append({"chunk_mib": chunk, "size_mb": size_mb, "upload_mb_s": round(size_mb / total),
                         "transfer_mb_s": round(size_mb / max(total - hashing, 1e-6)),
                         "client_hash_mb_s": round(size_mb / hashing),
                         # CPU time each side spent: what the upload costs, whatever else runs on the machine
                         "server_cpu_s": round(server_cpu, 2), "client_cpu_s": round(client_cpu, 2),
                         "cpu_bound_mb_s": round(size_mb / max(server_cpu, client_cpu))})
            path.unlink()
    client_module.UPLOAD_CHUNK_BYTES = default_chunk
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seats", type=int, default=16)
    parser.add_argument("--clips-per-seat", type=int, default=3)
    parser.add_argument("--analyzers", default="shots", help="analyzers each clip runs (default: shots)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (default 2: one per core here)")
    parser.add_argument("--cached-runs", type=int, default=200)
    parser.add_argument("--upload-mb", type=int, default=256)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "studio.json")
    args = parser.parse_args(argv)

    rushes = HERE / "media" / "rushes"
    clips = [rushes / c.file for c in ensure_rushes(rushes)]
    results = {"machine": machine(), "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), args.seats, args.workers)
        try:
            options = pb.AnalysisOptions(analyzers=args.analyzers.split(","), force=True)
            results["concurrent_seats"] = concurrent_seats(server, clips, args.clips_per_seat, options)
            smallest = min(clips, key=lambda p: p.stat().st_size)
            results["cached_fetch"] = cached_fetch(server, smallest, args.cached_runs)
            results["uploads"] = uploads(server, Path(tmp), args.upload_mb, [1, 2, 4])
            results["disk_write"] = disk_write(Path(tmp), args.upload_mb)
        finally:
            server.stop()
    results["machine"]["load_average_after"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    seats = results["concurrent_seats"]
    if seats["clips_analysed"] != seats["clips_sent"]:
        sys.exit("some clips were not analysed: see the server log")


if __name__ == "__main__":
    main()
