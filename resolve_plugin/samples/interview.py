"""Interview samples with two known voices: one microphone per person on two channels (with a little
bleed, as lavaliers have), and both voices on one channel. ``interview_truth.json`` says who speaks when."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from protos.timecode import seconds_to_frame_boundary
from resolve_plugin.samples.encode import ClipFormat, write_clip
from resolve_plugin.samples.picture import shot_frame, shot_texture
from resolve_plugin.samples.rushes import VOICE, WORDS_PER_MINUTE
from resolve_plugin.samples.tts import speak

# Interviewer and guest: espeak's English voice in its female and male variants, which the voice
# encoder tells apart (cosine similarity ~0.6 between them, ~0.9 within each).
VOICES = {"A": f"{VOICE}+f3", "B": VOICE}
EXCHANGE = (
    ("A", "How long have you lived in the village?"),
    ("B", "I was born here, like my father before me."),
    ("A", "What changes when the tide is high?"),
    ("B", "Everything. The boats leave, and the harbour goes quiet."),
    ("A", "Do you ever go out with them?"),
    ("B", "Every morning, before the sun comes up."),
)
BLEED = 0.05  # -26 dB of each voice on the other person's microphone
GAP_S = 0.6
LEAD_S = 1.0
FORMAT = ClipFormat("mov", "prores_ks", "yuv422p10le", "pcm_s16le", Fraction(25))


@dataclass
class InterviewTruth:
    file: str
    channels: int
    fps_num: int
    fps_den: int
    frames: int
    # [start, end, "A"|"B"] in clip seconds; on two channels A is channel 1 and B channel 2
    turns: list[list] = field(default_factory=list)
    text: dict = field(default_factory=dict)


def _conversation() -> tuple[np.ndarray, np.ndarray, int, list[list]]:
    """Per-speaker tracks of the whole exchange, and its turns."""
    pieces = {"A": [], "B": []}
    turns = []
    rate = None
    t = LEAD_S
    for who, line in EXCHANGE:
        utterance = speak(line, voice=VOICES[who], rate_wpm=WORDS_PER_MINUTE)
        rate = utterance.sample_rate
        turns.append([round(t, 3), round(t + utterance.duration, 3), who])
        pieces[who].append((int(t * rate), utterance.samples))
        t += utterance.duration + GAP_S
    length = int((t + LEAD_S) * rate)
    tracks = {who: np.zeros(length, np.float32) for who in pieces}
    for who, placed in pieces.items():
        for start, samples in placed:
            tracks[who][start : start + len(samples)] += samples * 0.8
    return tracks["A"], tracks["B"], rate, turns


def generate_interviews(out_dir: Path) -> list[InterviewTruth]:
    out_dir.mkdir(parents=True, exist_ok=True)
    a, b, rate, turns = _conversation()
    frames = seconds_to_frame_boundary(len(a) / rate, FORMAT.rate)
    texture = shot_texture(FORMAT.width, FORMAT.height, 4242)
    pictures = [shot_frame(texture, i) for i in range(frames)]
    takes = (
        ("INT_A001_2mics.mov", np.stack([a + BLEED * b, b + BLEED * a])),
        ("INT_A002_1mic.mov", a + b),
    )
    truths = []
    for name, audio in takes:
        write_clip(out_dir / name, FORMAT, iter(pictures), audio, rate, start_timecode="15:00:00:00")
        truths.append(InterviewTruth(
            file=name, channels=1 if audio.ndim == 1 else audio.shape[0], fps_num=FORMAT.rate.numerator,
            fps_den=FORMAT.rate.denominator, frames=frames, turns=turns, text={who: VOICES[who] for who in VOICES},
        ))
    (out_dir / "interview_truth.json").write_text(json.dumps([asdict(t) for t in truths], indent=2))
    return truths


def ensure_interviews(out_dir: Path) -> list[InterviewTruth]:
    path = out_dir / "interview_truth.json"
    if path.is_file():
        truths = [InterviewTruth(**t) for t in json.loads(path.read_text())]
        if all((out_dir / t.file).is_file() for t in truths):
            return truths
    return generate_interviews(out_dir)
