"""The benchmark clip: 10 minutes of 1080p H.264 at 24 fps with speech every few seconds and a hard cut
every 20 seconds (all known). Generated once into bench/media/ (not committed)."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from pathlib import Path

import numpy as np

from protos.timecode import seconds_to_frame_boundary
from resolve_plugin.samples.encode import ClipFormat, write_clip
from resolve_plugin.samples.picture import shot_frame, shot_texture
from resolve_plugin.samples.rushes import SCRIPT, VOICE, WORDS_PER_MINUTE
from resolve_plugin.samples.tts import speak

FORMAT = ClipFormat("mp4", "libx264", "yuv420p", "aac", Fraction(24), width=1920, height=1080)
SHOT_S = 20.0
LINE_EVERY_S = 8.0


def make_long_clip(path: Path, minutes: float = 10.0) -> dict:
    duration = minutes * 60
    rate = 22050
    audio = np.zeros(int(duration * rate), np.float32)
    lines = []
    t = 2.0
    n = 0
    while t < duration - LINE_EVERY_S:
        text = SCRIPT[n % len(SCRIPT)]
        utterance = speak(text, voice=VOICE, rate_wpm=WORDS_PER_MINUTE)
        start = int(t * rate)
        audio[start : start + len(utterance.samples)] += utterance.samples * 0.8
        lines.append({"start": t, "end": t + utterance.duration, "text": text})
        t += LINE_EVERY_S
        n += 1
    frames = seconds_to_frame_boundary(duration, FORMAT.rate)
    shot_frames = seconds_to_frame_boundary(SHOT_S, FORMAT.rate)
    cuts = list(range(shot_frames, frames, shot_frames))

    def pictures():
        textures = {}
        for index in range(frames):
            shot = index // shot_frames
            if shot not in textures:
                textures = {shot: shot_texture(FORMAT.width, FORMAT.height, 1000 + shot)}
            yield shot_frame(textures[shot], (index - shot * shot_frames) * 2)

    write_clip(path, FORMAT, pictures(), audio, rate, start_timecode="10:00:00:00")
    truth = {"file": path.name, "duration_s": duration, "frames": frames, "cuts": cuts, "lines": lines}
    path.with_suffix(".json").write_text(json.dumps(truth, indent=1))
    return truth


def ensure_long_clip(folder: Path, minutes: float = 10.0) -> Path:
    path = folder / f"long_{int(minutes)}min_1080p_h264.mp4"
    if not (path.is_file() and path.with_suffix(".json").is_file()):
        folder.mkdir(parents=True, exist_ok=True)
        make_long_clip(path, minutes)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "media")
    print(ensure_long_clip(parser.parse_args().out, parser.parse_args().minutes))
