"""Sound: what is technically wrong with the audio, and where (clipping, too quiet, too loud).

Loudness is BS.1770 (K-weighted, LUFS; ``media.loudness``), read in 100 ms steps over a centred 400 ms window
(momentary loudness), summed over the clip's channels. Clipping is judged per channel, so a clipped lavalier
is not hidden by a quiet boom mixed with it.

Clipping is judged on the 16 kHz audio the decoder delivers. Resampling smooths a clipped plateau into a
rippled one around full scale (and AAC does the same before it), so a block counts as clipped when enough of
its samples sit near full scale, not when an exact run of full-scale codes is found. That finds clipping that
lasts (a shouted line, a plosive driven into the recorder); a peak shaved for a handful of samples at 48 kHz
leaves too little at 16 kHz to tell from a clean peak and is missed. Judging that needs the original samples.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.analyzers.problems import Problem, confidence, runs, write_problems
from inference_server.media.decode import AUDIO_RATE
from inference_server.media.loudness import BLOCK_S, block_power, full_scale_counts, integrated, lufs, windowed
from protos.derush.v1 import derush_pb2 as pb

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SoundOptions:
    #: Under this momentary loudness is silence or room tone: not judged (the speech analyzer reports silences).
    silence_lufs: float = -60.0
    #: Too quiet: sound between silence and this, for at least ``min_quiet_s`` (dialogue sits near -23).
    quiet_lufs: float = -40.0
    min_quiet_s: float = 2.0
    #: Too loud: momentary loudness over this for at least ``min_loud_s``.
    loud_lufs: float = -10.0
    min_loud_s: float = 1.0
    #: Silence up to this long inside a quiet stretch (pauses between words) does not end it; likewise any
    #: dip inside a loud one.
    max_gap_s: float = 0.7
    #: A sample at or over this share of full scale is at full scale (resampling ripples a clipped plateau
    #: to ~0.95-1.05).
    clip_level: float = 0.95
    #: A block of ``clip_block_s`` is clipped when at least this many samples in one channel are at full
    #: scale (8 samples at 16 kHz: half a millisecond).
    clip_min_samples: int = 8
    clip_block_s: float = 0.05
    #: Clipped blocks this close together are one problem (clipping comes back on every loud syllable).
    clip_gap_s: float = 1.0


class SoundAnalyzer(Analyzer):
    name = "sound"
    wants_audio = True
    wants_channels = True

    def __init__(self, context: AnalysisContext, options: SoundOptions = SoundOptions()) -> None:
        super().__init__(context)
        self.options = options

    def finish(self, result: pb.ClipAnalysis) -> None:
        audio = self.context.channels if self.context.channels is not None else self.context.audio
        if audio is None or audio.size == 0:
            return  # no sound to judge: a picture-only clip is not a problem of the sound
        audio = np.atleast_2d(audio)
        power = block_power(audio, AUDIO_RATE)
        problems = [*self._clipping(audio), *self._levels(power)]
        problems.sort(key=lambda p: (p.start, p.name))
        loudness = integrated(power)
        if np.isfinite(loudness):
            result.tags.append(pb.Tag(name="Loudness", value=f"{loudness:.1f} LUFS", confidence=1.0,
                                      source=self.name))
        info = self.context.info
        write_problems(result, problems, info.rate if info.has_video else None, info.frames, self.name)

    def _clipping(self, audio: np.ndarray) -> list[Problem]:
        o = self.options
        full = full_scale_counts(audio, AUDIO_RATE, o.clip_level, o.clip_block_s)
        clipped = full.counts >= o.clip_min_samples
        gap = int(round(o.clip_gap_s / o.clip_block_s))
        duration = audio.shape[1] / AUDIO_RATE
        problems = []
        for first, last in runs(list(clipped), gap):
            places = len(runs(list(clipped[first : last + 1])))
            at_full = full.counts[first : last + 1][clipped[first : last + 1]].sum() / AUDIO_RATE * 1000
            problems.append(Problem(
                "Audio clipping", "Audio clipping", first * o.clip_block_s, min(duration, (last + 1) * o.clip_block_s),
                f"Sound at full scale in {places} place(s), {at_full:.0f} ms in all",
                confidence(places, 1, 5)))
        return problems

    def _levels(self, power: np.ndarray) -> list[Problem]:
        o = self.options
        momentary = lufs(windowed(power, 4))
        silent = momentary < o.silence_lufs
        quiet = ~silent & (momentary < o.quiet_lufs)
        loud = momentary > o.loud_lufs
        gap = int(round(o.max_gap_s / BLOCK_S))
        problems = []
        # silence bridges a quiet stretch; anything louder ends it
        for first, last in _stretches(quiet, silent, gap):
            if (last + 1 - first) * BLOCK_S < o.min_quiet_s:
                continue
            level = float(lufs(power[first : last + 1][quiet[first : last + 1]].mean()))
            problems.append(Problem("Too quiet", "Too quiet", first * BLOCK_S, (last + 1) * BLOCK_S,
                                    f"Loudness {level:.0f} LUFS (dialogue sits near -23)",
                                    confidence(level, o.quiet_lufs, o.quiet_lufs - 12)))
        for first, last in _stretches(loud, np.ones_like(loud), gap):
            if (last + 1 - first) * BLOCK_S < o.min_loud_s:
                continue
            level = float(lufs(power[first : last + 1].mean()))
            problems.append(Problem("Too loud", "Too loud", first * BLOCK_S, (last + 1) * BLOCK_S,
                                    f"Loudness {level:.0f} LUFS (dialogue sits near -23)",
                                    confidence(level, o.loud_lufs, o.loud_lufs + 6)))
        return problems


def _stretches(flags: np.ndarray, bridge: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """Runs of flagged blocks, joined across gaps of at most ``max_gap`` blocks that are all ``bridge``."""
    joined: list[tuple[int, int]] = []
    for first, last in runs(list(flags)):
        if joined and first - joined[-1][1] - 1 <= max_gap and bridge[joined[-1][1] + 1 : first].all():
            joined[-1] = (joined[-1][0], last)
        else:
            joined.append((first, last))
    return joined
