"""Search index benchmark: index 2,000 analysed clips (about 100 hours of generated transcripts), then time searches.

``python -m bench.bench_search [--clips N]``: per-clip indexing time and search latency (median, p95) over words,
phrases, prefixes and filtered queries. Generated text: a 2,000-word vocabulary, 150 words a minute, 3 minutes a clip.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from inference_server.search.index import SearchFilters, SearchIndex
from inference_server.search.query import parse
from inference_server.store import ResultStore
from protos.derush.v1 import derush_pb2 as pb

CLIP_S = 180.0
WORDS_PER_S = 2.5
SEGMENT_WORDS = 14


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyzéèà"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(2000)]


def _analysis(n: int, rng: random.Random, vocabulary: list[str]) -> pb.ClipAnalysis:
    analysis = pb.ClipAnalysis(media_id=f"sha256:{n:064x}", path=f"/Volumes/Media/DAY{n // 200:02d}/C{n:04d}.mov",
                               duration_s=CLIP_S, fps=25, fps_num=25, fps_den=1, frames=int(CLIP_S * 25),
                               analyzers=["speech", "speakers", "faces", "slate"])
    analysis.speech.language = rng.choice(["en", "fr"])
    t, words = 0.0, int(CLIP_S * WORDS_PER_S)
    while words > 0:
        count = min(words, SEGMENT_WORDS)
        segment = analysis.speech.segments.add(start=t, speaker=f"S{rng.randint(1, 3)}")
        chosen = [rng.choice(vocabulary) for _ in range(count)]
        for word in chosen:
            segment.words.add(start=t, end=t + 0.35, word=" " + word)
            t += 1 / WORDS_PER_S
        segment.end, segment.text = t, " ".join(chosen)
        words -= count
    for start in range(0, int(CLIP_S), 20):
        analysis.tags.add(name="Shot Type", value=rng.choice(["close-up", "medium", "wide"]), start=start,
                          end=start + 20)
    analysis.tags.add(name="Scene", value=str(n % 40))
    return analysis


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clips", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(18)
    vocabulary = _vocabulary(rng)
    with tempfile.TemporaryDirectory() as tmp:
        results = ResultStore(Path(tmp))
        index = SearchIndex(Path(tmp) / "search.sqlite", results)
        add_ms = []
        for n in range(args.clips):
            analysis = _analysis(n, rng, vocabulary)
            began = time.perf_counter()
            index.add(analysis)
            add_ms.append((time.perf_counter() - began) * 1000)
        size_mb = (Path(tmp) / "search.sqlite").stat().st_size / 2**20
        queries = [(rng.choice(vocabulary), SearchFilters()) for _ in range(40)]
        queries += [(f'"{rng.choice(vocabulary)} {rng.choice(vocabulary)}"', SearchFilters()) for _ in range(20)]
        queries += [(rng.choice(vocabulary)[:3] + "*", SearchFilters()) for _ in range(20)]
        queries += [(rng.choice(vocabulary), SearchFilters(speaker="S2", shot_type="close-up", language="fr"))
                    for _ in range(20)]
        search_ms = []
        for _ in range(3):
            for text, filters in queries:
                began = time.perf_counter()
                index.search(parse(text), filters)
                search_ms.append((time.perf_counter() - began) * 1000)
        index.close()
    hours = args.clips * CLIP_S / 3600
    print(f"{args.clips} clips, {hours:.0f} h of transcript, index {size_mb:.0f} MB")
    print(f"indexing one clip: median {statistics.median(add_ms):.1f} ms, p95 {_p95(add_ms):.1f} ms")
    print(f"search ({len(search_ms)} queries): median {statistics.median(search_ms):.1f} ms, "
          f"p95 {_p95(search_ms):.1f} ms, max {max(search_ms):.1f} ms")


if __name__ == "__main__":
    main()
