"""Learning from the editor: ``derush eval`` on a 500-event timeline and ``derush learn`` over 200 lines.

- eval: a 500-event proposal (its cut JSON) against an editor's .otio of it (every 10th line swapped for its
  runner-up, every 7th removed, every 5th trimmed), both files read and compared;
- learn: 200 lines of 3 takes (600 analyses built in memory, takes grouped by slate, 9 words each at a known
  speed), an editor who always keeps the slowest take; the lines found, the lesson drawn and the weights fit and
  stored in a real preferences file, as the LearnPreferences call does.

    python -m bench.bench_learn        # prints JSON; results in bench/RESULTS.md
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from inference_server.cut.preferences import PreferenceStore, lesson
from inference_server.cut.propose import find_lines
from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import EditPlan, SourceClip
from protos.interchange import write
from protos.plan_wire import plan_to_proposal
from resolve_plugin.commands.common import write_json
from resolve_plugin.cut_eval import evaluate
from resolve_plugin.cut_reading import read_proposal, read_reference
from resolve_plugin.results_json import cut_json

RATE = Fraction(24)
RUNS = 5


def _clip(n: int) -> SourceClip:
    return SourceClip(f"sha256:{n:064x}", f"/Volumes/Shoot/A{n:04d}.mov", RATE, 24 * 600,
                      f"{10 + n // 60:02d}:{n % 60:02d}:00:00")


def _eval_files(folder: Path, events: int = 500) -> tuple[Path, Path]:
    proposal, final = EditPlan("bench", RATE), EditPlan("bench final", RATE)
    for line in range(events):
        clip, alternate = _clip(2 * line), _clip(2 * line + 1)
        event = proposal.append(clip, 100, 100 + 48 + line % 30, f"line {line + 1}, take 1 of 2 (x): complete")
        proposal.add_alternate(event, alternate, 120, 160, f"alternate for line {line + 1}, take 2 of 2 (y): ok")
        if line % 7 == 3:
            continue
        if line % 10 == 5:
            final.append(alternate, 120, 160, "swapped")
        else:
            final.append(clip, 100 + (6 if line % 5 == 0 else 0), event.source_out, "kept")
    write_json(folder / "cut.json", cut_json(plan_to_proposal(proposal)))
    write(final, "otio", folder / "final.otio")
    return folder / "cut.json", folder / "final.otio"


def bench_eval(folder: Path) -> dict:
    cut, final = _eval_files(folder)
    times, result = [], None
    for _ in range(RUNS):
        began = time.perf_counter()
        result = evaluate(read_proposal(cut), read_reference(final))
        times.append(time.perf_counter() - began)
    return {"events": 500, "median_s": statistics.median(times), "max_s": max(times), "kept": result.kept,
            "swapped": result.swapped, "removed": result.removed, "frames_iou": round(result.frames_iou, 4)}


def _letters(n: int) -> str:
    """A made-up word per number, in letters only (digits would be spelt out as numbers by the cut's lexicon)."""
    word = ""
    while True:
        word += "bcdfghjklmnpqrstvwxz"[n % 20] + "aeiou"[n // 20 % 5]
        n //= 100
        if not n:
            return word


def _take(n: int, line: int, take: int, wpm: int) -> pb.ClipAnalysis:
    words, t = [], 1.0
    step = 60.0 / wpm
    for k in range(9):
        words.append(pb.Word(start=t, end=t + step * 0.8, word=_letters(line * 9 + k), probability=0.9))
        t += step
    analysis = pb.ClipAnalysis(media_id=f"sha256:{n:064x}", path=f"/Volumes/Shoot/L{line:03d}_T{take}.mov",
                               duration_s=t + 1, fps=24, fps_num=24, fps_den=1, frames=int((t + 1) * 24),
                               start_timecode=f"{10 + n // 60:02d}:{n % 60:02d}:00:00")
    analysis.speech.segments.append(pb.SpeechSegment(start=1.0, end=t, text=" ".join(w.word for w in words),
                                                     words=words))
    analysis.tags.extend([pb.Tag(name="Scene", value=str(line + 1), source="slate"),
                          pb.Tag(name="Take", value=str(take), source="slate")])
    return analysis


def bench_learn(folder: Path, lines: int = 200) -> dict:
    speeds = (110, 150, 190)
    analyses, used = [], []
    for line in range(lines):
        for take in range(3):
            wpm = speeds[(line + take) % 3]
            analysis = _take(3 * line + take, line, take + 1, wpm)
            analyses.append(analysis)
            if wpm == min(speeds):  # the editor keeps the slowest take
                h, m = (int(x) for x in analysis.start_timecode.split(":")[:2])
                start = h * 3600 + m * 60  # a UsedRange is in source timecode seconds
                used.append(pb.UsedRange(name=analysis.path.rsplit("/", 1)[1], start_s=start + 0.8,
                                         end_s=start + analysis.duration_s - 0.5))
    times, finding, prefs = [], [], None
    for run in range(RUNS):
        store = PreferenceStore(folder / f"data{run}")
        began = time.perf_counter()
        found, _ = find_lines(analyses, pb.CutOptions())
        found_at = time.perf_counter()
        taught = lesson(found, analyses, used, [])
        prefs, _ = store.learn("bench", taught.pairs, taught.lines)
        times.append(time.perf_counter() - began)
        finding.append(found_at - began)
    return {"lines": lines, "takes": len(analyses), "median_s": statistics.median(times), "max_s": max(times),
            "finding_lines_median_s": statistics.median(finding),
            "lesson_and_fit_median_s": statistics.median(t - f for t, f in zip(times, finding)),
            "lines_learned": prefs.lines_learned, "learned": prefs.learned()}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps({"eval": bench_eval(Path(folder)), "learn": bench_learn(Path(folder))}, indent=2))


if __name__ == "__main__":
    main()
