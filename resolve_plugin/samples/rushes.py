"""A small synthetic shoot whose content is known: the demo's rushes and the tests' fixtures.

Three script lines, two takes each: good takes, a flubbed take (restart and filler words) and a take
with long dead air. Each clip opens on a slate ("SC 2 TK 1"), then picture with known hard cuts and
speech placed at known times. ``ground_truth.json`` beside the clips says all of it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from protos.timecode import seconds_to_frame_boundary
from resolve_plugin.samples.encode import H264_24, PRORES_2997, ClipFormat, write_clip
from resolve_plugin.samples.picture import SLATE_FONTS, shot_frame, shot_texture, slate
from resolve_plugin.samples.tts import speak

log = logging.getLogger(__name__)

SCRIPT = (
    "The tide comes in twice a day.",
    "The whole village waits for the water.",
    "When the water is high, the fishermen leave before dawn.",
)

SLATE_S = 1.5  # slate card at the head of each clip
PRE_ROLL_S = 1.0  # silence between the slate and "action" speech
POST_ROLL_S = 1.2
DEAD_AIR_S = 5.0
# espeak-ng's British voice at a calm pace: the one the small English Whisper model hears best.
VOICE = "en"
WORDS_PER_MINUTE = 130


@dataclass(frozen=True)
class TakePlan:
    file: str
    scene: str
    take: str
    line: int  # index into SCRIPT
    kind: str  # "good", "flubbed", "dead_air"
    phrases: tuple[str, ...]  # spoken one after another; a pause of ``gap_s`` between them
    fmt: ClipFormat
    gap_s: float = 0.35
    extra_cut_s: float | None = None  # a hard cut inside the picture, seconds from the start
    font: int = SLATE_FONTS[0]
    start_timecode: str = "00:00:00:00"
    #: recorded this many dB too hot: the voice's peaks are cut off at full scale (audible clipping)
    gain_db: float = 0.0


SHOOT = (
    TakePlan("S01_T01.mp4", "1", "1", 0, "flubbed",
             ("The tide, um,", "the tide comes, uh,", "sorry.", "The tide comes in twice a day."),
             H264_24, start_timecode="14:02:10:00"),
    TakePlan("S01_T02.mp4", "1", "2", 0, "good", ("The tide comes in twice a day.",),
             H264_24, extra_cut_s=4.0, font=SLATE_FONTS[1], start_timecode="14:03:41:12"),
    TakePlan("S02_T01.mov", "2", "1", 1, "good", ("The whole village waits for the water.",),
             PRORES_2997, font=SLATE_FONTS[2], start_timecode="14:10:05:00"),
    TakePlan("S02_T02.mov", "2", "2", 1, "dead_air", ("The whole village", "waits for the water."),
             PRORES_2997, gap_s=DEAD_AIR_S, font=SLATE_FONTS[3], start_timecode="14:11:30:00"),
    TakePlan("S03_T01.mp4", "3", "1", 2, "good", ("When the water is high, the fishermen leave before dawn.",),
             H264_24, extra_cut_s=5.0, start_timecode="14:20:00:00"),
    TakePlan("S03_T02.mp4", "3", "2", 2, "flubbed",
             ("When the water is, uh,", "when the water, um, is high,", "the fishermen, uh, leave before dawn."),
             H264_24, font=SLATE_FONTS[1], start_timecode="14:21:15:00"),
)


@dataclass
class ClipTruth:
    file: str
    scene: str
    take: str
    line: int
    line_text: str
    kind: str
    good: bool
    spoken_text: str
    fps_num: int
    fps_den: int
    frames: int
    duration_s: float
    video_codec: str
    start_timecode: str
    slate_text: str
    slate_end_s: float
    words: list[dict] = field(default_factory=list)  # {"word", "start", "end"} in clip seconds
    speech: list[list[float]] = field(default_factory=list)  # [start, end] of each spoken phrase
    dead_air: list[list[float]] = field(default_factory=list)  # silences inside the speech > 2 s
    cuts: list[int] = field(default_factory=list)  # frames where a new shot starts


def generate_rushes(out_dir: Path, plans: tuple[TakePlan, ...] = SHOOT) -> list[ClipTruth]:
    """Write the clips and ``ground_truth.json`` into ``out_dir``; returns the ground truth."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truths = [_write_take(out_dir, plan) for plan in plans]
    (out_dir / "ground_truth.json").write_text(json.dumps(
        {"script": list(SCRIPT), "clips": [asdict(t) for t in truths]}, indent=2))
    (out_dir / "script.txt").write_text("\n".join(SCRIPT) + "\n")
    return truths


def load_ground_truth(out_dir: Path) -> list[ClipTruth] | None:
    path = out_dir / "ground_truth.json"
    if not path.is_file():
        return None
    clips = [ClipTruth(**c) for c in json.loads(path.read_text())["clips"]]
    if not all((out_dir / c.file).is_file() for c in clips):
        return None
    return clips


def ensure_rushes(out_dir: Path) -> list[ClipTruth]:
    """The rushes in ``out_dir``, generated only when they are not there already."""
    return load_ground_truth(out_dir) or generate_rushes(out_dir)


def _write_take(out_dir: Path, plan: TakePlan) -> ClipTruth:
    audio_rate = None
    pieces: list[np.ndarray] = []
    words: list[dict] = []
    speech: list[list[float]] = []
    dead_air: list[list[float]] = []
    t = SLATE_S + PRE_ROLL_S
    pieces.append(np.zeros(0, np.float32))
    for n, phrase in enumerate(plan.phrases):
        utterance = speak(phrase, voice=VOICE, rate_wpm=WORDS_PER_MINUTE)
        audio_rate = utterance.sample_rate
        if n:
            pieces.append(np.zeros(int(plan.gap_s * audio_rate), np.float32))
            if plan.gap_s >= 2.0:
                dead_air.append([round(t, 3), round(t + plan.gap_s, 3)])
            t += plan.gap_s
        pieces.append(utterance.samples)
        words += [{"word": w.word, "start": round(t + w.start, 3), "end": round(t + w.end, 3)} for w in utterance.words]
        speech.append([round(t, 3), round(t + utterance.duration, 3)])
        t += utterance.duration
    head = np.zeros(int((SLATE_S + PRE_ROLL_S) * audio_rate), np.float32)
    tail = np.zeros(int(POST_ROLL_S * audio_rate), np.float32)
    audio = np.concatenate([head, *pieces, tail]) * 0.8
    if plan.gain_db:
        audio = np.clip(audio * 10 ** (plan.gain_db / 20), -1.0, 1.0)
    duration = len(audio) / audio_rate

    fmt = plan.fmt
    frame_count = seconds_to_frame_boundary(duration, fmt.rate)
    slate_frames = seconds_to_frame_boundary(SLATE_S, fmt.rate)
    cuts = [slate_frames]
    if plan.extra_cut_s is not None:
        cuts.append(seconds_to_frame_boundary(plan.extra_cut_s, fmt.rate))
    write_clip(out_dir / plan.file, fmt, _frames(plan, frame_count, cuts), audio, audio_rate, plan.start_timecode)
    log.info("wrote %s (%s, %d frames)", plan.file, plan.kind, frame_count)
    return ClipTruth(
        file=plan.file, scene=plan.scene, take=plan.take, line=plan.line, line_text=SCRIPT[plan.line],
        kind=plan.kind, good=plan.kind == "good", spoken_text=" ".join(plan.phrases),
        fps_num=fmt.rate.numerator, fps_den=fmt.rate.denominator, frames=frame_count,
        duration_s=float(Fraction(frame_count) / fmt.rate), video_codec=fmt.video_codec,
        start_timecode=plan.start_timecode, slate_text=f"SC {plan.scene} TK {plan.take}",
        slate_end_s=SLATE_S, words=words, speech=speech, dead_air=dead_air, cuts=cuts,
    )


def _frames(plan: TakePlan, count: int, cuts: list[int]):
    fmt = plan.fmt
    card = slate(fmt.width, fmt.height, plan.scene, plan.take, font=plan.font)
    seed_base = sum(ord(c) for c in plan.file) * 7
    bounds = [*cuts, count]
    for index in range(count):
        if index < cuts[0]:
            yield card
            continue
        shot = max(i for i, b in enumerate(bounds) if b <= index)
        texture = _texture_cache(fmt.width, fmt.height, seed_base + shot)
        yield shot_frame(texture, index - bounds[shot])


_textures: dict[tuple[int, int, int], np.ndarray] = {}


def _texture_cache(width: int, height: int, seed: int) -> np.ndarray:
    key = (width, height, seed)
    if key not in _textures:
        _textures[key] = shot_texture(width, height, seed)
    return _textures[key]
