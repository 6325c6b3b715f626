"""What the second face pass (people in wide shots) costs on the 10-minute bench clip.

    python -m bench.bench_faces [--minutes 10] [--runs 2] [--out bench/results/faces.json]

Three measurements on the same file, each in its own process, best of ``--runs``:
- shots: the shot detector alone (the faces analyzer reads its shots);
- faces_first_pass: shots + faces with the second pass off (``FaceOptions.small_face = 0``): the faces
  analyzer as it was before people in wide shots were looked for;
- faces: shots + faces as shipped, both passes.
The bench clip has nobody in it, so every shot reads ``no people`` after the first pass and gets its one
probe picture decoded again: the second pass's worst case per shot. Besides each whole analysis, the faces
analyzer's own work after the decode (``faces_finish``: detection, and the second pass's decoding again) is
timed apart: it is what the second pass changes, and it is far less noisy than the whole on a shared machine.
Each figure is the lowest of the runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run(path: Path, data_dir: Path, analyzers: list[str], second_pass: bool) -> dict:
    from inference_server.analyzers import faces
    from inference_server.engine import ClipProgress, analyze_clip
    from inference_server.models import ModelRegistry
    from protos.derush.v1 import derush_pb2 as pb

    if not second_pass:  # the analyzer's default options, with the second pass off
        faces.FaceAnalyzer.__init__.__defaults__ = (faces.FaceOptions(small_face=0.0),)
    notes: list[str] = []

    class _Notes(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    faces.log.addHandler(_Notes())
    faces.log.setLevel(logging.INFO)
    # the faces analyzer's own work after the decode (both passes), apart from the decode's noise: nothing
    # else runs in the process while it finishes
    finishing = {"seconds": 0.0, "cpu_seconds": 0.0}
    finish = faces.FaceAnalyzer.finish

    def timed_finish(self, result) -> None:
        wall, cpu = time.perf_counter(), _cpu_seconds()
        finish(self, result)
        finishing["seconds"] += time.perf_counter() - wall
        finishing["cpu_seconds"] += _cpu_seconds() - cpu

    faces.FaceAnalyzer.finish = timed_finish
    models = ModelRegistry(data_dir)
    if "faces" in analyzers:
        models.shared("mtcnn-faces", faces.MtcnnDetector.load)  # loaded once per server process: not timed
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = analyze_clip(path, str(path), "sha256:" + "0" * 64, pb.AnalysisOptions(analyzers=analyzers), models,
                          ClipProgress(lambda stage, fraction: None))
    shot_types = [t.value for t in result.tags if t.name == "Shot Type" and t.end > 0]
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu_seconds() - cpu,
            "faces_finish": finishing, "shots": len(result.shots), "shot_types": sorted(set(shot_types)),
            "notes": notes,
            "errors": [e.error.message for e in result.analyzer_errors]}


MODES = {
    "shots": lambda p, d: _run(p, d, ["shots"], True),
    "faces_first_pass": lambda p, d: _run(p, d, ["shots", "faces"], False),
    "faces": lambda p, d: _run(p, d, ["shots", "faces"], True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clip", type=Path, help="benchmark this file instead of the generated one")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=HERE / "results" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "faces.json")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path = args.child
        print(json.dumps(MODES[mode](Path(path), args.data_dir)))
        return

    from bench.long_clip import ensure_long_clip

    clip = args.clip or ensure_long_clip(HERE / "media", args.minutes)
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for _ in range(args.runs):  # interleaved, so a busy spell on the machine hits every mode alike
        for mode in MODES:
            out = subprocess.run([sys.executable, "-m", "bench.bench_faces", "--child", mode, str(clip),
                                  "--data-dir", str(args.data_dir)], capture_output=True, text=True, cwd=HERE.parent)
            if out.returncode != 0:
                raise RuntimeError(f"{mode} failed:\n{out.stderr[-3000:]}")
            run = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{mode}: {run['seconds']:.1f} s wall, {run['cpu_seconds']:.1f} s CPU, faces finish "
                  f"{run['faces_finish']['seconds']:.2f} s", file=sys.stderr)
            runs[mode].append(run)

    def best(mode: str, *keys: str) -> float:
        """The lowest of the runs: what the machine's other work did not add."""
        values = []
        for run in runs[mode]:
            for key in keys:
                run = run[key]
            values.append(run)
        return min(values)

    summary: dict = {"clip": clip.name, "runs": args.runs}
    for mode in MODES:
        summary[mode] = {"seconds": best(mode, "seconds"), "cpu_seconds": best(mode, "cpu_seconds"),
                         "faces_finish_seconds": best(mode, "faces_finish", "seconds"),
                         "faces_finish_cpu_seconds": best(mode, "faces_finish", "cpu_seconds")}
    before, after = summary["faces_first_pass"], summary["faces"]
    summary["finish_ratio"] = after["faces_finish_seconds"] / max(before["faces_finish_seconds"], 1e-3)
    summary["finish_ratio_cpu"] = after["faces_finish_cpu_seconds"] / max(before["faces_finish_cpu_seconds"], 1e-3)
    summary["runs_detail"] = runs
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "runs_detail"}, indent=2))


if __name__ == "__main__":
    main()
