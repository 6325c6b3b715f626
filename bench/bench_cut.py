"""Proposing a cut from 200 analysed clips: the 6 sample rushes analysed for real, then copied into 200
clips (other media ids, paths and timecodes; 100 lines of 2 takes), timed in-process.

    python -m bench.bench_cut          # prints JSON; results in bench/RESULTS.md
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from inference_server.cut.propose import propose_cut
from inference_server.server import EmbeddedServer
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import DerushClient, media_refs
from resolve_plugin.samples.rushes import SCRIPT, ensure_rushes

HERE = Path(__file__).resolve().parent


def analysed_rushes() -> list[pb.ClipAnalysis]:
    rushes = HERE / "media" / "rushes"
    truth = ensure_rushes(rushes)
    with tempfile.TemporaryDirectory() as data, EmbeddedServer(Path(data)) as server, \
            DerushClient(server.address) as client:
        outcome = client.analyze(media_refs(rushes / c.file for c in truth))
    return [r for r in outcome.results if r is not None]


def two_hundred(analyses: list[pb.ClipAnalysis]) -> list[pb.ClipAnalysis]:
    clips = []
    for n in range(200):
        clip = pb.ClipAnalysis()
        clip.CopyFrom(analyses[n % len(analyses)])
        clip.media_id = f"sha256:{n:064x}"
        clip.path = f"/Volumes/Shoot/Day{n // 60 + 1}/A{n:03d}.mov"
        clip.start_timecode = f"{10 + n // 60:02d}:{n % 60:02d}:00:00"
        # every 6 clips say their 3 lines again, each set with seven words of its own, so lines differ by set
        tag = [f"set{n // 6}{letter}" for letter in "abcdefg"]
        for segment in clip.speech.segments:
            segment.text = f"{segment.text} {' '.join(tag)}"
            segment.words.extend(pb.Word(start=segment.end, end=segment.end + 0.1, word=w, probability=0.9)
                                 for w in tag)
        clips.append(clip)
    return clips


def main() -> None:
    clips = two_hundred(analysed_rushes())
    script = "\n".join(f"{line} " + " ".join(f"set{n}{letter}" for letter in "abcdefg")
                       for n in range(34) for line in SCRIPT)
    results = {}
    for name, options in (("no script", pb.CutOptions()), ("script of 102 lines", pb.CutOptions(script_text=script)),
                          ("target 60 s", pb.CutOptions(target_duration_s=60))):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            plan = propose_cut(clips, options)
            times.append(time.perf_counter() - started)
        results[name] = {"seconds_median": statistics.median(times), "events": len(plan.events),
                         "duration_s": round(plan.duration_s, 1), "uncovered": len(plan.uncovered_lines)}
    print(json.dumps({"clips": len(clips), "results": results}, indent=2))


if __name__ == "__main__":
    main()
