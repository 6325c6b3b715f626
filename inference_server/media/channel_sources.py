"""Which channels of a multichannel clip carry a source of their own (one microphone per person).

Per channel: voice activity (Silero VAD, as the speech analyzer runs it) and levels in short frames. A voice is
heard on every microphone near it: a lavalier picks up the other person 15-20 dB down (crosstalk), and the
VAD calls that voice too. So a channel "owns" a frame only when its voice is not another channel's leaking in:
a frame is a leak when another channel is clearly louder and carries the same sound (cross-correlation over
the few milliseconds the sound takes to travel between microphones), or is louder by so much that the voice
cannot be this microphone's own.

Two channels are separate sources when each owns frames the other does not (each person talks alone at
times). Dual mono (one microphone on both channels, a safety track a few dB down) never has such frames: both
channels own every frame, or the quieter owns none. A channel with no voice (a dead or unplugged microphone)
is no source at all. Overlapping speech is kept: in a frame where both people talk, each channel owns it.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from inference_server.media.decode import AUDIO_RATE

Ranges = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class ChannelSourceOptions:
    #: Levels and coherence are measured in frames this long, every ``hop_s``.
    frame_s: float = 0.2
    hop_s: float = 0.1
    #: A channel whose loudest frame stays under this (dBFS) is silent: a dead or unplugged microphone.
    silent_dbfs: float = -60.0
    #: Frames under this level (dBFS) own nothing, whatever the VAD says.
    floor_dbfs: float = -55.0
    #: A frame is another channel's leak when that channel is this much louder and coherent with it...
    leak_db: float = 6.0
    #: ...at or above this normalised cross-correlation (1: the same sound, scaled and delayed)...
    coherent: float = 0.5
    #: ...or when that channel is this much louder, coherent or not (a reverberant room blurs a leak's
    #: waveform; a person 14 dB under the other on their own microphone is not speaking to be heard).
    always_leak_db: float = 14.0
    #: Sound takes up to this long between two microphones (7 m).
    max_lag_s: float = 0.02
    #: Each of two channels must own this much voice the other does not, to be separate sources.
    min_alone_s: float = 1.0
    #: Own voice ranges: gaps shorter than this are bridged, ranges shorter than ``min_range_s`` dropped.
    bridge_s: float = 0.4
    min_range_s: float = 0.3
    #: The VAD, as the speech analyzer runs it.
    vad_threshold: float = 0.5
    min_silence_s: float = 0.4
    speech_pad_s: float = 0.1


@dataclass(frozen=True)
class ChannelSources:
    #: Two or more channels carry a source of their own (one microphone per person).
    separate: bool
    #: 0-based channels that are sources of their own when ``separate``; else empty.
    sources: tuple[int, ...]
    #: Per channel (0-based), the voice it owns: its VAD ranges less the other channels' leaks.
    voiced: tuple[Ranges, ...]
    #: Channels with no sound at all (loudest frame under ``silent_dbfs``).
    silent: tuple[int, ...]
    #: What was decided, in words ("separate microphones on channels 1 and 2", "channel 2 is silent").
    reason: str


def channel_sources(channels: np.ndarray | None,
                    options: ChannelSourceOptions = ChannelSourceOptions()) -> ChannelSources:
    """The decision for 16 kHz float32 ``channels`` [channels, samples]; computed once per array and options,
    so the speech and speakers analyzers of one clip share it."""
    if channels is None or channels.ndim != 2 or channels.shape[0] < 2:
        return ChannelSources(False, (), (), (), "one channel")
    key = (id(channels), options)
    with _memo_lock:
        found = _memo.get(key)
        if found is not None and found[0]() is channels:
            return found[1]
    decided = _decide(channels, options)
    with _memo_lock:
        _memo[key] = (weakref.ref(channels, lambda _, key=key: _forget(key)), decided)
    return decided


_memo: dict[tuple[int, ChannelSourceOptions], tuple[weakref.ref, ChannelSources]] = {}
_memo_lock = threading.Lock()


def _forget(key) -> None:
    with _memo_lock:
        _memo.pop(key, None)


def _decide(channels: np.ndarray, o: ChannelSourceOptions) -> ChannelSources:
    count = channels.shape[0]
    frame, hop = int(o.frame_s * AUDIO_RATE), int(o.hop_s * AUDIO_RATE)
    levels = _frame_levels(channels, frame, hop)  # [channels, frames] dBFS
    silent = tuple(k for k in range(count) if levels.shape[1] == 0 or levels[k].max() < o.silent_dbfs)
    vad = [() if k in silent else _voice_activity(channels[k], o) for k in range(count)]
    voiced_frames = np.array([_frames_in(ranges, levels.shape[1], o) for ranges in vad]).reshape(levels.shape)
    own = voiced_frames & (levels >= o.floor_dbfs)
    for k in range(count):
        for m in range(count):
            if m != k:
                own[k] &= ~_leaks(channels, levels, k, m, frame, hop, o)
    voiced = tuple(_own_ranges(own[k], vad[k], o) for k in range(count))
    alone = {(i, j): np.count_nonzero(own[i] & ~own[j]) * o.hop_s for i in range(count) for j in range(count)}
    distinct = {(i, j) for i, j in combinations(range(count), 2)
                if min(alone[i, j], alone[j, i]) >= o.min_alone_s}
    sources = _largest_distinct_set(count, distinct)
    separate = len(sources) >= 2
    return ChannelSources(separate, sources if separate else (), voiced, silent,
                          _reason(count, separate, sources, silent, vad))


def _frame_levels(channels: np.ndarray, frame: int, hop: int) -> np.ndarray:
    """dBFS of each frame (``frame`` a whole number of hops), one hop's energy at a time: an hour of audio
    is never copied whole."""
    per_frame = max(1, round(frame / hop))
    hops = channels.shape[1] // hop
    if hops < per_frame:
        return np.zeros((channels.shape[0], 0))
    levels = []
    block = 600  # hops at a time (a minute)
    for channel in channels:
        blocks = channel[: hops * hop].reshape(hops, hop)
        energy = np.concatenate([np.square(blocks[i : i + block], dtype=np.float64).sum(axis=1)
                                 for i in range(0, hops, block)])
        mean = np.convolve(energy, np.ones(per_frame), "valid") / (per_frame * hop)
        levels.append(10 * np.log10(np.maximum(mean, 1e-12)))
    return np.array(levels)


def _voice_activity(audio: np.ndarray, o: ChannelSourceOptions) -> Ranges:
    vad = VadOptions(threshold=o.vad_threshold, min_silence_duration_ms=int(o.min_silence_s * 1000),
                     speech_pad_ms=int(o.speech_pad_s * 1000))
    stamps = get_speech_timestamps(np.ascontiguousarray(audio, np.float32), vad, sampling_rate=AUDIO_RATE)
    return tuple((s["start"] / AUDIO_RATE, s["end"] / AUDIO_RATE) for s in stamps)


def _frames_in(ranges: Ranges, frames: int, o: ChannelSourceOptions) -> np.ndarray:
    centres = np.arange(frames) * o.hop_s + o.frame_s / 2
    inside = np.zeros(frames, bool)
    for start, end in ranges:
        inside |= (centres >= start) & (centres < end)
    return inside


def _leaks(channels: np.ndarray, levels: np.ndarray, k: int, m: int, frame: int, hop: int,
           o: ChannelSourceOptions) -> np.ndarray:
    """Frames where channel ``k``'s sound is channel ``m``'s leaking in."""
    louder = levels[m] - levels[k]
    leak = louder >= o.always_leak_db
    check = np.flatnonzero((louder >= o.leak_db) & ~leak & (levels[k] >= o.floor_dbfs))
    if len(check):
        leak[check] = _coherence(channels[k], channels[m], check * hop, frame, int(o.max_lag_s * AUDIO_RATE)) \
            >= o.coherent
    return leak


def _coherence(a: np.ndarray, b: np.ndarray, starts: np.ndarray, frame: int, max_lag: int,
               batch: int = 256) -> np.ndarray:
    """Peak normalised cross-correlation of ``a`` and ``b`` within ``max_lag`` samples, per frame."""
    size = 1 << int(np.ceil(np.log2(frame + max_lag)))  # zero padding: no wrap-around within the lags
    lags = np.r_[0 : max_lag + 1, size - max_lag : size]
    out = np.empty(len(starts))
    for first in range(0, len(starts), batch):
        index = starts[first : first + batch, None] + np.arange(frame)
        x, y = a[index].astype(np.float64), b[index].astype(np.float64)
        cross = np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(y, size)), size)[:, lags]
        norm = np.sqrt(np.sum(x * x, axis=1) * np.sum(y * y, axis=1)) + 1e-20
        out[first : first + batch] = np.abs(cross).max(axis=1) / norm
    return out


def _own_ranges(own: np.ndarray, vad: Ranges, o: ChannelSourceOptions) -> Ranges:
    """The channel's own frames as time ranges, bridged, kept within its VAD ranges (their edges are finer)."""
    runs: list[list[float]] = []
    for f in np.flatnonzero(own):
        start = f * o.hop_s + (o.frame_s - o.hop_s) / 2
        if runs and start - runs[-1][1] < o.bridge_s:
            runs[-1][1] = start + o.hop_s
        else:
            runs.append([start, start + o.hop_s])
    out = []
    for start, end in runs:
        for v_start, v_end in vad:
            piece = (max(start, v_start), min(end, v_end))
            if piece[1] - piece[0] > 0:
                out.append(piece)
    merged: list[tuple[float, float]] = []
    for start, end in out:
        if merged and start - merged[-1][1] < o.bridge_s:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple((round(float(s), 3), round(float(e), 3)) for s, e in merged if e - s >= o.min_range_s)


def _largest_distinct_set(count: int, distinct: set[tuple[int, int]]) -> tuple[int, ...]:
    """The most channels that are pairwise separate sources (a channel that mixes two others' voices, as a
    camera microphone does, is separate from neither and is left out)."""
    if count > 12:  # a recorder with many tracks: take them greedily rather than trying every subset
        chosen: list[int] = []
        for k in range(count):
            if all((min(c, k), max(c, k)) in distinct for c in chosen):
                chosen.append(k)
        return tuple(chosen)
    for size in range(count, 1, -1):
        for subset in combinations(range(count), size):
            if all(pair in distinct for pair in combinations(subset, 2)):
                return subset
    return ()


def _reason(count: int, separate: bool, sources: tuple[int, ...], silent: tuple[int, ...],
            vad: list[Ranges]) -> str:
    def names(channels) -> str:
        numbers = [str(k + 1) for k in channels]
        return numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]

    said = []
    if silent:
        said.append(f"channel{'s' if len(silent) > 1 else ''} {names(silent)} {'are' if len(silent) > 1 else 'is'} "
                    "silent")
    voiceless = [k for k in range(count) if k not in silent and not vad[k]]
    if voiceless:
        said.append(f"no voice on channel{'s' if len(voiceless) > 1 else ''} {names(voiceless)}")
    if separate:
        said.append(f"separate microphones on channels {names(sources)}")
    else:
        heard = [k for k in range(count) if vad[k]]
        said.append(f"one source on channel {heard[0] + 1}" if len(heard) == 1 else
                    f"channels {names(heard)} carry the same voices (one source)" if heard else "no voice")
    return "; ".join(said)


def own_voice(channels: np.ndarray, sources: ChannelSources, index: int, pad_s: float = 0.1) -> np.ndarray:
    """Channel ``index`` with everything but its own voice silenced, for transcription: Whisper hears a
    lavalier's crosstalk 20 dB down as clearly as the voice it is clipped to, and writes it as that person's."""
    audio = np.zeros(channels.shape[1], np.float32)
    for start, end in sources.voiced[index]:
        first, last = int(max(0.0, start - pad_s) * AUDIO_RATE), int((end + pad_s) * AUDIO_RATE)
        audio[first:last] = channels[index, first:last]
    return audio
