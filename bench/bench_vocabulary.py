"""What a vocabulary costs the speech analyzer, and what it changes, on the English bench clip (issue 14).

    python -m bench.bench_vocabulary [--rounds 2] [--out bench/results/vocabulary.json]

Three runs of the speech analyzer on the same decoded audio with the models loaded, alternated per round: no
vocabulary; a script's worth of invented names none of which is said (the usual clip); and names spelt like the
clip's own words (the worst case: most segments sound like one of them and are heard again). For each: seconds,
CPU seconds, segments heard again, and whether the transcript stayed word for word the one made without a vocabulary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

VOCABULARIES = {
    "none": [],
    "names not said": ["Quorvex", "Maelis Tardieu", "Oskavel", "Drennick Bay", "Yvaine Corbusset", "Plivora",
                       "Nuvexa", "Brannoch", "Velquist", "Hélène Marchetti", "Jérôme Vasseur", "Zentrix",
                       "Kelvaro", "Ostrander Quay", "Lisbeth Aronow", "Tavish", "Corrigan", "Mirelle", "Dunmore",
                       "Salcombe"],
    "sound-alikes": ["Tidewater", "Harbourmaster", "Fisherman's Wharf", "Villager", "Dawnlight", "Waterford",
                     "Twiceday", "Highwater"],
}


def measure(clip: Path, data_dir: Path, rounds: int) -> dict:
    from bench.bench_analysis import _audio
    from inference_server.analyzers import speech_vocabulary
    from inference_server.analyzers.base import AnalysisContext
    from inference_server.analyzers.speech import SpeechAnalyzer
    from inference_server.models import ModelRegistry
    from protos.derush.v1 import derush_pb2 as pb

    info, audio = _audio(clip)
    models = ModelRegistry(data_dir)
    models.whisper()
    models.whisper("base")
    heard_again = [0]
    suspected = speech_vocabulary.suspected

    def counting(words, vocabulary):  # the bench counts the segments heard again
        found = suspected(words, vocabulary)
        heard_again[0] += bool(found)
        return found

    speech_vocabulary.suspected = counting
    runs: dict[str, list[dict]] = {name: [] for name in VOCABULARIES}
    for round_ in range(rounds):
        names = list(VOCABULARIES) if round_ % 2 == 0 else list(reversed(VOCABULARIES))
        for name in names:
            options = pb.AnalysisOptions(vocabulary=VOCABULARIES[name])
            analyzer = SpeechAnalyzer(AnalysisContext(info, models, options, audio=audio))
            result = pb.ClipAnalysis()
            heard_again[0] = 0
            started, cpu = time.perf_counter(), time.process_time()
            analyzer.finish(result)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            words = [(w.word, round(w.start, 3)) for s in result.speech.segments for w in s.words]
            runs[name].append({"seconds": seconds, "cpu_seconds": cpu, "segments": len(result.speech.segments),
                               "heard_again": heard_again[0], "words": words})
            print(f"{name}: {seconds:.1f} s ({cpu:.1f} s CPU), {heard_again[0]} of {len(result.speech.segments)} "
                  "segment(s) heard again", file=sys.stderr, flush=True)
    plain = runs["none"][0]["words"]
    return {
        "clip": clip.name, "rounds": rounds, "duration_s": info.duration_s,
        "vocabularies": {name: len(words) for name, words in VOCABULARIES.items()},
        "seconds": {name: [round(r["seconds"], 2) for r in found] for name, found in runs.items()},
        "median": {name: round(statistics.median(r["seconds"] for r in found), 2) for name, found in runs.items()},
        # CPU time of all the process's threads: what the work costs, whatever else shares the machine
        "cpu_seconds": {name: [round(r["cpu_seconds"], 2) for r in found] for name, found in runs.items()},
        "segments": runs["none"][0]["segments"],
        "heard_again": {name: found[0]["heard_again"] for name, found in runs.items()},
        "same_words_as_without": {name: found[0]["words"] == plain for name, found in runs.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clip", type=Path)
    parser.add_argument("--data-dir", type=Path, default=HERE / "results" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "vocabulary.json")
    args = parser.parse_args()
    from bench.long_clip import ensure_long_clip

    summary = measure(args.clip or ensure_long_clip(HERE / "media"), args.data_dir, args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
