"""Speech time with the language detected per stretch (issue 14) against detected once per clip (before), on the
English bench clip: the same clip, the same run, each measurement in its own process, before and after alternated
so that the machine's load falls on both alike.

    python -m bench.bench_languages [--rounds 3] [--before REV] [--out bench/results/languages.json]

"Before" is the speech analyzer as it was at git revision REV (default: the last commit before per-stretch
detection), loaded from git into a module of its own; "after" is the working tree's. Both get the decoded audio and
loaded models beforehand, as bench_analysis's ``speech`` measurement does. Also timed, after only: the bilingual
test clip (tests/fixtures/language_switch.py), what per-stretch detection costs when a clip does change language.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEECH = "inference_server/analyzers/speech.py"
#: the speech analyzer before per-stretch language detection
BEFORE = "d4a26b3"


def _analyzer_class(before: str | None):
    if before is None:
        from inference_server.analyzers.speech import SpeechAnalyzer

        return SpeechAnalyzer
    source = subprocess.run(["git", "show", f"{before}:{SPEECH}"], capture_output=True, text=True, check=True,
                            cwd=HERE.parent).stdout
    module_path = Path(tempfile.mkdtemp()) / "speech_before.py"
    module_path.write_text(source)
    spec = importlib.util.spec_from_file_location("speech_before", module_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["speech_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.SpeechAnalyzer


def _cpu_seconds() -> float:
    """CPU time of this process, every thread: what the measurement costs, less sensitive than wall time to other
    work sharing the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(path: Path, data_dir: Path, before: str | None) -> dict:
    from bench.bench_analysis import _audio
    from inference_server.analyzers.base import AnalysisContext
    from inference_server.models import ModelRegistry
    from protos.derush.v1 import derush_pb2 as pb

    analyzer_class = _analyzer_class(before)
    info, audio = _audio(path)
    models = ModelRegistry(data_dir)
    models.whisper()
    models.whisper("base")
    analyzer = analyzer_class(AnalysisContext(info, models, pb.AnalysisOptions(), audio=audio))
    result = pb.ClipAnalysis()
    cpu, started = _cpu_seconds(), time.perf_counter()
    analyzer.finish(result)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": _cpu_seconds() - cpu,
            "segments": len(result.speech.segments),
            "words": sum(len(s.words) for s in result.speech.segments), "language": result.speech.language,
            "model": result.speech.model,
            "languages": [t.value for t in result.tags if t.name == "Language" and t.start == t.end == 0]}


def _child(path: Path, data_dir: Path, before: str | None) -> dict:
    command = [sys.executable, "-m", "bench.bench_languages", "--child", str(path), "--data-dir", str(data_dir)]
    out = subprocess.run(command + (["--before", before] if before else []), capture_output=True, text=True,
                         cwd=HERE.parent)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--clip", type=Path)
    parser.add_argument("--data-dir", type=Path, default=HERE / "results" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "languages.json")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.data_dir, args.before if args.before != "none" else None)))
        return

    from bench.long_clip import ensure_long_clip
    from tests.fixtures.language_switch import generate_language_switch

    clip = args.clip or ensure_long_clip(HERE / "media")
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for round_ in range(args.rounds):
        for side in (("before", "after") if round_ % 2 == 0 else ("after", "before")):
            runs[side].append(_child(clip, args.data_dir, args.before if side == "before" else "none"))
            found = runs[side][-1]
            print(f"{side}: {found['seconds']:.1f} s ({found['cpu_seconds']:.1f} s CPU)", file=sys.stderr, flush=True)
    bilingual_dir = HERE / "media" / "languages"
    truth = generate_language_switch(bilingual_dir)
    bilingual = _child(bilingual_dir / truth["switch"]["file"], args.data_dir, "none")
    bilingual_before = _child(bilingual_dir / truth["switch"]["file"], args.data_dir, args.before)
    best = {side: min(r["seconds"] for r in found) for side, found in runs.items()}
    median = {side: statistics.median(r["seconds"] for r in found) for side, found in runs.items()}
    cpu = {side: statistics.median(r["cpu_seconds"] for r in found) for side, found in runs.items()}
    summary = {
        "clip": clip.name, "before_revision": args.before, "rounds": args.rounds,
        "seconds": {side: [round(r["seconds"], 2) for r in found] for side, found in runs.items()},
        "cpu_seconds": {side: [round(r["cpu_seconds"], 2) for r in found] for side, found in runs.items()},
        "best": best, "median": median, "median_cpu": cpu,
        "after_over_before_cpu_median": cpu["after"] / cpu["before"],
        "after_over_before_best": best["after"] / best["before"],
        "after_over_before_median": median["after"] / median["before"],
        "same_words": runs["after"][0]["words"] == runs["before"][0]["words"],
        "after": runs["after"][0], "before": runs["before"][0],
        "bilingual": {"clip": truth["switch"]["file"], "after": bilingual, "before": bilingual_before},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
