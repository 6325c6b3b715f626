"""Analysis speed on a long clip, each measurement in its own process (clean peak RSS), in one run.

    python -m bench.bench_analysis [--minutes 10] [--out bench/results/analysis.json]

Measures, on the same file:
- decode_raw: PyAV decoding every video and audio frame, nothing else (the floor);
- decode_shared: derush's shared decode (frames at analysis size + 16 kHz audio), no analyzer;
- analyze_all: every default analyzer through the engine (what `derush analyze` does per clip);
- analyze_engine1: speech, speakers and shots only (the first analysis engine), to see what vision adds;
- shots_faces, shots_slate, shots_look, shots_sound: one more analyzer beside the shot detector;
- speech: derush's speech analyzer on the decoded audio, with the language detected (the default) and with it
  fixed to English (speech_english), against faster-whisper called directly (same model, same audio, same
  options) — whisper_direct;
- shots: derush with only the shot analyzer, against the `scenedetect` CLI with default settings;
- transnet (on request, needs the TransNetV2 weights): derush with only the TransNetV2 analyzer, its graph exported
  beforehand: `python -m bench.bench_analysis --child transnet CLIP` (DERUSH_TRANSNETV2_WEIGHTS=... if not installed).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mode_decode_raw(path: Path) -> dict:
    import av

    started = time.perf_counter()
    frames = samples = 0
    with av.open(str(path)) as container:
        container.streams.video[0].thread_type = "AUTO"
        for frame in container.decode(video=0, audio=0):
            if isinstance(frame, av.VideoFrame):
                frames += 1
            else:
                samples += frame.samples
    return {"seconds": time.perf_counter() - started, "video_frames": frames, "audio_samples": samples}


class _NullSink:
    wants_video = True
    wants_audio = True
    wants_channels = False

    def process_video(self, frame) -> None:
        pass

    def process_audio(self, samples, start) -> None:
        pass

    def process_channels(self, samples, start) -> None:
        pass


def mode_decode_shared(path: Path) -> dict:
    from inference_server.media.decode import decode
    from protos.media_probe import probe

    started = time.perf_counter()
    report = decode(probe(path), [_NullSink()])
    return {"seconds": time.perf_counter() - started, "video_frames": report.video_frames}


def _engine(path: Path, analyzers: list[str], data_dir: Path) -> dict:
    from inference_server.engine import ClipProgress, analyze_clip
    from inference_server.models import ModelRegistry
    from protos.derush.v1 import derush_pb2 as pb

    models = ModelRegistry(data_dir)
    loading = time.perf_counter()
    if "speech" in analyzers:
        models.whisper()
        models.whisper("base")  # language detection, loaded once per server process like the rest
    if "speakers" in analyzers:
        models.voice_encoder()
    loaded = time.perf_counter() - loading
    started = time.perf_counter()
    result = analyze_clip(path, str(path), "sha256:" + "0" * 64, pb.AnalysisOptions(analyzers=analyzers), models,
                          ClipProgress(lambda stage, fraction: None))
    return {
        "seconds": time.perf_counter() - started, "model_load_seconds": loaded,
        "cuts": [s.start_frame for s in result.shots[1:]], "segments": len(result.speech.segments),
        "words": sum(len(s.words) for s in result.speech.segments), "speakers": len(result.speakers),
        "errors": [e.error.message for e in result.analyzer_errors],
    }


def mode_analyze_all(path: Path, data_dir: Path) -> dict:
    from inference_server.analyzers.registry import DEFAULT_ANALYZERS

    return _engine(path, list(DEFAULT_ANALYZERS), data_dir)


def mode_shots(path: Path, data_dir: Path) -> dict:
    return _engine(path, ["shots"], data_dir)


# Issue 3's analyzers alone, to see what the vision analyzers add to the full analysis.
ENGINE_ONE = ["speech", "speakers", "shots"]
# Each vision/sound analyzer beside the shot detector it reads from: its cost is the time over `shots` alone.
ADDED = ("faces", "slate", "look", "sound")


def mode_transnet(path: Path, data_dir: Path) -> dict:
    from inference_server.model_export.transnetv2 import export_transnetv2

    export_transnetv2(data_dir / "models" / "transnetv2.onnx")  # once per data dir: not part of a clip's analysis
    result = _engine(path, ["transnet"], data_dir)
    truth = path.with_suffix(".json")
    if truth.is_file():
        expected = json.loads(truth.read_text())["cuts"]
        result["cuts_exact"] = len(set(result["cuts"]) & set(expected))
        result["cuts_within_1"] = sum(any(abs(c - e) <= 1 for c in result["cuts"]) for e in expected)
        result["cuts_expected"] = len(expected)
    return result


def _audio(path: Path):
    import numpy as np

    from inference_server.engine import AudioCollector
    from inference_server.media.decode import decode
    from protos.media_probe import probe

    info = probe(path)
    collector = AudioCollector(True, False)
    decode(info, [collector])
    mono, _ = collector.arrays()
    return info, np.asarray(mono)


def mode_speech(path: Path, data_dir: Path, language: str = "") -> dict:
    from inference_server.analyzers.base import AnalysisContext
    from inference_server.analyzers.speech import SpeechAnalyzer
    from inference_server.models import ModelRegistry
    from protos.derush.v1 import derush_pb2 as pb

    info, audio = _audio(path)
    models = ModelRegistry(data_dir)
    models.whisper()
    models.whisper("base")
    analyzer = SpeechAnalyzer(AnalysisContext(info, models, pb.AnalysisOptions(language=language), audio=audio))
    result = pb.ClipAnalysis()
    started = time.perf_counter()
    analyzer.finish(result)
    return {"seconds": time.perf_counter() - started, "segments": len(result.speech.segments),
            "words": sum(len(s.words) for s in result.speech.segments)}


def mode_whisper_direct(path: Path, data_dir: Path) -> dict:
    from inference_server.analyzers.speech import SpeechOptions
    from inference_server.models import ModelRegistry

    _, audio = _audio(path)
    model = ModelRegistry(data_dir).whisper()
    options = SpeechOptions()
    started = time.perf_counter()
    segments, _ = model.transcribe(audio, beam_size=options.beam_size, word_timestamps=True,
                                   condition_on_previous_text=False,
                                   hallucination_silence_threshold=options.hallucination_silence_s)
    segments = list(segments)
    return {"seconds": time.perf_counter() - started, "segments": len(segments),
            "words": sum(len(s.words or []) for s in segments)}


def mode_scenedetect_cli(path: Path, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "scenedetect"), "-i", str(path), "-o", str(out_dir),
                    "detect-content", "list-scenes", "-q"], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    csv = next(out_dir.glob("*-Scenes.csv")).read_text().splitlines()
    cuts = [int(line.split(",")[1]) - 1 for line in csv[2:]][1:]  # "Start Frame" is 1-based
    return {"seconds": seconds, "cuts": cuts}


MODES = {
    "decode_raw": lambda p, d: mode_decode_raw(p),
    "decode_shared": lambda p, d: mode_decode_shared(p),
    "analyze_all": mode_analyze_all,
    "speech": mode_speech,  # language detected, as by default
    "speech_english": lambda p, d: mode_speech(p, d, "en"),  # language fixed, like the direct call
    "whisper_direct": mode_whisper_direct,
    "shots": mode_shots,
    "scenedetect_cli": lambda p, d: mode_scenedetect_cli(p, d / "scenedetect-cli"),
    "transnet": mode_transnet,
    "analyze_engine1": lambda p, d: _engine(p, ENGINE_ONE, d),
    **{f"shots_{name}": (lambda p, d, name=name: _engine(p, ["shots", name], d)) for name in ADDED},
}
ON_REQUEST = ("transnet",)  # optional models: run with --child, not in the full run


def run_child(mode: str, path: Path, data_dir: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_analysis", "--child", mode, str(path),
                          "--data-dir", str(data_dir)], capture_output=True, text=True, cwd=HERE.parent)
    if out.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clip", type=Path, help="benchmark this file instead of the generated one")
    parser.add_argument("--data-dir", type=Path, default=HERE / "results" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "analysis.json")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path = args.child
        result = MODES[mode](Path(path), args.data_dir)
        result["peak_rss_mib"] = _peak_rss_mib()
        print(json.dumps(result))
        return

    from bench.long_clip import ensure_long_clip
    from protos.media_probe import probe

    clip = args.clip or ensure_long_clip(HERE / "media", args.minutes)
    info = probe(clip)
    results = {}
    for mode in (m for m in MODES if m not in ON_REQUEST):
        print(f"{mode}...", file=sys.stderr, flush=True)
        # the two sides of the speech comparison: best of two runs each, as timings here vary by ~10%
        runs = 2 if mode in ("speech_english", "whisper_direct") else 1
        results[mode] = min((run_child(mode, clip, args.data_dir) for _ in range(runs)), key=lambda r: r["seconds"])
        print(f"  {results[mode]['seconds']:.1f} s, {results[mode]['peak_rss_mib']:.0f} MiB", file=sys.stderr)
    summary = {
        "clip": clip.name, "duration_s": info.duration_s, "size": f"{info.width}x{info.height}",
        "rate": str(info.rate), "codec": info.video_codec,
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "analysis_over_decode_raw": results["analyze_all"]["seconds"] / results["decode_raw"]["seconds"],
        "analysis_over_decode_shared": results["analyze_all"]["seconds"] / results["decode_shared"]["seconds"],
        "real_time_factor": info.duration_s / results["analyze_all"]["seconds"],
        "speech_speed_vs_direct": results["whisper_direct"]["seconds"] / results["speech_english"]["seconds"],
        "speech_with_detection_vs_direct": results["whisper_direct"]["seconds"] / results["speech"]["seconds"],
        "shots_speed_vs_cli": results["scenedetect_cli"]["seconds"] / results["shots"]["seconds"],
        "same_cuts_as_cli": results["shots"]["cuts"] == results["scenedetect_cli"]["cuts"],
        "engine1_over_decode_shared": results["analyze_engine1"]["seconds"] / results["decode_shared"]["seconds"],
        # wall time each analyzer adds to the shot detector, and the clip's frames per second of that time
        "added_seconds": {name: results[f"shots_{name}"]["seconds"] - results["shots"]["seconds"] for name in ADDED},
        "frames_per_added_second": {
            name: info.frames / max(1e-3, results[f"shots_{name}"]["seconds"] - results["shots"]["seconds"])
            for name in ADDED},
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "results"}, indent=2))


if __name__ == "__main__":
    main()
