"""A small French shoot whose content is known: the rushes of ``derush demo --lang fr`` and the French tests.

The lines are real French speech, three speakers recorded by people (``french/``, ATTRIBUTION.md there):
espeak-ng's French voice is not understood by the multilingual Whisper model, so only the floor's calls
(« moteur », « ça tourne », « action », « coupez ») and the inserted « euh… non pardon, je reprends » are
synthesised. Each line has a clean take and a flawed one: restarted (the recording's first words, the
self-correction, then the whole line), with dead air (the line cut at a pause between its words and held
apart), or cut short (« coupez » after the first words). Each clip opens on a French slate
(« SÉQ. 2   PLAN 1   PRISE 1 »). ``ground_truth.json`` says all of it, calls included.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from protos.timecode import seconds_to_frame_boundary
from resolve_plugin.samples.encode import H264_24, PRORES_2997, ClipFormat, write_clip
from resolve_plugin.samples.picture import SLATE_FONTS, french_slate, shot_frame, shot_texture
from resolve_plugin.samples.rushes import ClipTruth
from resolve_plugin.samples.tts import speak

log = logging.getLogger(__name__)

RECORDINGS_DIR = Path(__file__).resolve().parent / "french"
#: espeak-ng's French voice, for the floor's calls and the inserted self-correction
FLOOR_VOICE = "fr"
FLOOR_WPM = 130  # the pace at which Whisper base hears espeak-ng's « non, pardon. Je reprends. »
CALLS_BEFORE = ("Moteur !", "Ça tourne !", "Action !")
CALL_AFTER = "Coupez !"
SELF_CORRECTION = "Euh… Non, pardon. Je reprends."
SLATE_S = 2.6  # the slate is held while « moteur » and « ça tourne » are called
CALL_GAP_S = 0.6  # between two calls: calls are said apart from the line
ACTION_TO_LINE_S = 1.2  # « action ! », then the actor
LINE_TO_CUT_S = 1.0  # the line, then « coupez ! »
TAIL_S = 0.8
DEAD_AIR_S = 4.5
SPLICE_S = 0.25  # between the words abandoned and the self-correction, and after it (one breath: one attempt)
FADE_S = 0.015  # at every cut in a recording: no click


@dataclass(frozen=True)
class Recording:
    name: str
    file: str
    speaker: str
    text: str
    voice: tuple[float, float]  # where the speech is, seconds into the file
    breaks: dict[str, float]  # the words said before a pause -> the pause, seconds into the file


def recordings() -> dict[str, Recording]:
    manifest = json.loads((RECORDINGS_DIR / "recordings.json").read_text(encoding="utf-8"))
    return {r["name"]: Recording(r["name"], r["file"], r["speaker"], r["text"], tuple(r["voice"]), r["breaks"])
            for r in manifest["recordings"]}


@dataclass(frozen=True)
class Said:
    """A stretch of a take's sound: part of a recording (``until``/``after``: the words before a break), espeak-ng
    saying ``text``, or silence (``silence_s``)."""
    recording: str = ""
    until: str = ""  # from the start of the speech to the break after these words
    after: str = ""  # from the break after these words to the end of the speech
    text: str = ""
    silence_s: float = 0.0


def line(name: str, until: str = "", after: str = "") -> Said:
    return Said(recording=name, until=until, after=after)


def floor(text: str) -> Said:
    return Said(text=text)


def pause(seconds: float) -> Said:
    return Said(silence_s=seconds)


@dataclass(frozen=True)
class FrenchTake:
    file: str
    scene: str
    shot: str
    take: str
    recording: str  # the line said (its recording's name)
    kind: str  # "good", "restarted", "dead_air", "cut_short"
    speech: tuple[Said, ...]
    fmt: ClipFormat
    font: int = SLATE_FONTS[0]
    start_timecode: str = "00:00:00:00"


SHOOT = (
    FrenchTake("SEQ01_PL1_PR1.mp4", "1", "1", "1", "consulat", "restarted",
               (line("consulat", until="Sous le consulat"), pause(SPLICE_S), floor(SELF_CORRECTION),
                pause(SPLICE_S), line("consulat")), H264_24, start_timecode="10:02:10:00"),
    FrenchTake("SEQ01_PL1_PR2.mp4", "1", "1", "2", "consulat", "good", (line("consulat"),), H264_24,
               font=SLATE_FONTS[1], start_timecode="10:03:41:12"),
    FrenchTake("SEQ02_PL1_PR1.mov", "2", "1", "1", "mer_jaune", "good", (line("mer_jaune"),), PRORES_2997,
               font=SLATE_FONTS[2], start_timecode="10:10:05:00"),
    FrenchTake("SEQ02_PL1_PR2.mov", "2", "1", "2", "mer_jaune", "dead_air",
               (line("mer_jaune", until="Les deux autres sont situés"), pause(DEAD_AIR_S),
                line("mer_jaune", after="Les deux autres sont situés")), PRORES_2997,
               font=SLATE_FONTS[3], start_timecode="10:11:30:00"),
    FrenchTake("SEQ03_PL2_PR1.mp4", "3", "2", "1", "lumieres", "cut_short",
               (line("lumieres", until="Les lumières sont"),), H264_24, start_timecode="10:20:00:00"),
    FrenchTake("SEQ03_PL2_PR2.mp4", "3", "2", "2", "lumieres", "good", (line("lumieres"),), H264_24,
               font=SLATE_FONTS[1], start_timecode="10:21:15:00"),
)


@dataclass
class FrenchClipTruth(ClipTruth):
    shot: str = ""
    speaker: str = ""  # the recording's speaker (A, B, C)
    #: the floor's calls, {"text", "start", "end"} in clip seconds: never part of the cut
    calls: list[dict] = field(default_factory=list)


def script_lines() -> list[str]:
    """The script: one line per recording, in shooting order."""
    names = list(dict.fromkeys(t.recording for t in SHOOT))
    texts = recordings()
    return [texts[n].text for n in names]


def generate_french_rushes(out_dir: Path, plans: tuple[FrenchTake, ...] = SHOOT) -> list[FrenchClipTruth]:
    """Write the clips, ``script.txt`` and ``ground_truth.json`` into ``out_dir``; returns the ground truth."""
    out_dir.mkdir(parents=True, exist_ok=True)
    script = script_lines()
    sounds = _Sounds()
    truths = [_write_take(out_dir, plan, script, sounds) for plan in plans]
    (out_dir / "ground_truth.json").write_text(json.dumps(
        {"language": "fr", "script": script, "clips": [asdict(t) for t in truths]}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    (out_dir / "script.txt").write_text("\n".join(script) + "\n", encoding="utf-8")
    return truths


def load_french_truth(out_dir: Path) -> list[FrenchClipTruth] | None:
    path = out_dir / "ground_truth.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("language") != "fr":
        return None
    clips = [FrenchClipTruth(**c) for c in data["clips"]]
    return clips if all((out_dir / c.file).is_file() for c in clips) else None


def ensure_french_rushes(out_dir: Path) -> list[FrenchClipTruth]:
    """The French rushes in ``out_dir``, generated only when they are not there already."""
    return load_french_truth(out_dir) or generate_french_rushes(out_dir)


class _Sounds:
    """The recordings decoded once, at espeak-ng's rate, and espeak-ng's French voice."""

    def __init__(self) -> None:
        self.rate = speak("Moteur", voice=FLOOR_VOICE).sample_rate
        self.recordings = recordings()
        self._decoded: dict[str, np.ndarray] = {}

    def recorded(self, said: Said) -> np.ndarray:
        rec = self.recordings[said.recording]
        if rec.name not in self._decoded:
            self._decoded[rec.name] = _decode(RECORDINGS_DIR / rec.file, self.rate)
        start = rec.breaks[said.after] if said.after else rec.voice[0]
        end = rec.breaks[said.until] if said.until else rec.voice[1]
        return _faded(self._decoded[rec.name][int(start * self.rate): int(end * self.rate)], self.rate)

    def synthesised(self, text: str) -> np.ndarray:
        utterance = speak(text, voice=FLOOR_VOICE, rate_wpm=FLOOR_WPM)
        if utterance.sample_rate != self.rate:
            raise RuntimeError("espeak-ng changed its sample rate between two calls")
        return utterance.samples * 0.8


def _decode(path: Path, rate: int) -> np.ndarray:
    """A recording as float32 mono at ``rate``, its peak brought to -6 dBFS (the three were recorded at different
    levels)."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            chunks += [r.to_ndarray().reshape(-1) for r in resampler.resample(frame)]
        chunks += [r.to_ndarray().reshape(-1) for r in resampler.resample(None)]
    samples = np.concatenate(chunks).astype(np.float32)
    return samples * (0.5 / max(1e-6, float(np.abs(samples).max())))


def _faded(samples: np.ndarray, rate: int) -> np.ndarray:
    n = min(int(FADE_S * rate), len(samples) // 2)
    out = samples.copy()
    if n:
        ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
        out[:n] *= ramp
        out[-n:] *= ramp[::-1]
    return out


def _write_take(out_dir: Path, plan: FrenchTake, script: list[str], sounds: _Sounds) -> FrenchClipTruth:
    rate = sounds.rate
    pieces: list[np.ndarray] = []
    calls: list[dict] = []
    speech: list[list[float]] = []
    dead_air: list[list[float]] = []
    t = 0.0

    def put(samples: np.ndarray) -> tuple[float, float]:
        nonlocal t
        pieces.append(samples)
        start, t = t, t + len(samples) / rate
        return round(start, 3), round(t, 3)

    def silence(seconds: float) -> None:
        put(np.zeros(int(seconds * rate), np.float32))

    def call(text: str) -> None:
        start, end = put(sounds.synthesised(text))
        calls.append({"text": text, "start": start, "end": end})

    silence(0.3)
    for n, text in enumerate(CALLS_BEFORE):
        if n == len(CALLS_BEFORE) - 1:
            silence(max(CALL_GAP_S, SLATE_S + 0.2 - t))  # « action ! » once the slate is out of the picture
        elif n:
            silence(CALL_GAP_S)
        call(text)
    silence(ACTION_TO_LINE_S)
    for said in plan.speech:
        if said.silence_s:
            if said.silence_s >= 2.0:
                dead_air.append([round(t, 3), round(t + said.silence_s, 3)])
            silence(said.silence_s)
        elif said.recording:
            speech.append(list(put(sounds.recorded(said))))
        else:
            speech.append(list(put(sounds.synthesised(said.text))))
    silence(LINE_TO_CUT_S)
    call(CALL_AFTER)
    silence(TAIL_S)
    audio = np.concatenate(pieces)
    duration = len(audio) / rate

    fmt = plan.fmt
    frame_count = seconds_to_frame_boundary(duration, fmt.rate)
    slate_frames = seconds_to_frame_boundary(SLATE_S, fmt.rate)
    write_clip(out_dir / plan.file, fmt, _frames(plan, frame_count, slate_frames), audio, rate, plan.start_timecode)
    log.info("wrote %s (%s, %d frames)", plan.file, plan.kind, frame_count)
    rec = sounds.recordings[plan.recording]
    spoken = " ".join(_said_text(s, sounds) for s in plan.speech if not s.silence_s)
    return FrenchClipTruth(
        file=plan.file, scene=plan.scene, take=plan.take, line=script.index(rec.text), line_text=rec.text,
        kind=plan.kind, good=plan.kind == "good", spoken_text=spoken, fps_num=fmt.rate.numerator,
        fps_den=fmt.rate.denominator, frames=frame_count, duration_s=float(Fraction(frame_count) / fmt.rate),
        video_codec=fmt.video_codec, start_timecode=plan.start_timecode,
        slate_text=f"SÉQ. {plan.scene} PLAN {plan.shot} PRISE {plan.take}", slate_end_s=SLATE_S,
        speech=speech, dead_air=dead_air, cuts=[slate_frames], shot=plan.shot, speaker=rec.speaker, calls=calls,
    )


def _said_text(said: Said, sounds: _Sounds) -> str:
    if not said.recording:
        return said.text
    rec = sounds.recordings[said.recording]
    if said.until:
        return said.until
    return rec.text[len(said.after):].strip(" ,") if said.after else rec.text


def _frames(plan: FrenchTake, count: int, slate_frames: int):
    fmt = plan.fmt
    card = french_slate(fmt.width, fmt.height, plan.scene, plan.shot, plan.take, font=plan.font)
    texture = shot_texture(fmt.width, fmt.height, sum(ord(c) for c in plan.file) * 7)
    for index in range(count):
        yield card if index < slate_frames else shot_frame(texture, index - slate_frames)
