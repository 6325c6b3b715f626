"""Loudness (ITU-R BS.1770 K-weighting, LUFS) in 100 ms steps, and samples at full scale, on decoded audio.

K-weighting is BS.1770's two filters (a high shelf for the head, a high-pass below the voice), evaluated as a
frequency response and applied to each 100 ms block's spectrum, so a 10-minute clip costs one FFT per block
and no IIR loop. At the 16 kHz the decoder delivers, content above 8 kHz is missing: for dialogue that moves
the reading by a few tenths of a LU.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLOCK_S = 0.1  # loudness step: BS.1770's momentary (400 ms) and short-term (3 s) windows are whole blocks
ABSOLUTE_GATE_LUFS = -70.0  # BS.1770: blocks under this are left out of the integrated loudness
_OFFSET = -0.691  # BS.1770: a 1 kHz sine at full scale reads -3.01 LUFS

# BS.1770's K-weighting stages as analogue prototypes (libebur128's parametrisation), so the digital
# filters can be made at any sample rate, 16 kHz included.
_SHELF_F0, _SHELF_GAIN_DB = 1681.974450955533, 3.999843853973347
_SHELF_Q, _SHELF_VB = 0.7071752369554196, 0.4996667741545416
_HIGHPASS_F0, _HIGHPASS_Q = 38.13547087602444, 0.5003270373238773


def _k_weighting(rate: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The two biquads (b, a) of K-weighting at ``rate`` Hz (bilinear transform of the prototypes)."""
    k = np.tan(np.pi * _SHELF_F0 / rate)
    vh = 10 ** (_SHELF_GAIN_DB / 20)
    vb = vh**_SHELF_VB
    a0 = 1 + k / _SHELF_Q + k * k
    shelf = (np.array([vh + vb * k / _SHELF_Q + k * k, 2 * (k * k - vh), vh - vb * k / _SHELF_Q + k * k]) / a0,
             np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / _SHELF_Q + k * k) / a0]))
    k = np.tan(np.pi * _HIGHPASS_F0 / rate)
    a0 = 1 + k / _HIGHPASS_Q + k * k
    highpass = (np.array([1.0, -2.0, 1.0]), np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / _HIGHPASS_Q + k * k) / a0]))
    return [shelf, highpass]


def k_weighting_power(frequencies: np.ndarray, rate: int) -> np.ndarray:
    """|H(f)|² of K-weighting at ``frequencies`` (Hz) for audio at ``rate`` Hz."""
    z = np.exp(-2j * np.pi * np.asarray(frequencies, dtype=np.float64) / rate)
    power = np.ones(z.shape)
    for b, a in _k_weighting(rate):
        power *= np.abs(np.polyval(b[::-1], z) / np.polyval(a[::-1], z)) ** 2
    return power


def block_power(samples: np.ndarray, rate: int, chunk_blocks: int = 600) -> np.ndarray:
    """K-weighted mean square of each 100 ms block, summed over channels (BS.1770, front channels weigh 1).

    ``samples`` is [samples] or [channels, samples]; a last partial block is dropped. Worked a minute at a
    time so an hour of audio never needs its whole spectrum in memory.
    """
    audio = np.atleast_2d(np.asarray(samples, dtype=np.float32))
    size = int(round(BLOCK_S * rate))
    count = audio.shape[1] // size
    weights = k_weighting_power(np.fft.rfftfreq(size, 1 / rate), rate)
    # Parseval on a real FFT: the DC and Nyquist bins count once, the others stand for two
    weights[1 : (size + 1) // 2] *= 2
    power = np.zeros(count)
    for first in range(0, count, chunk_blocks):
        last = min(count, first + chunk_blocks)
        blocks = audio[:, first * size : last * size].reshape(audio.shape[0], last - first, size)
        spectrum = np.abs(np.fft.rfft(blocks, axis=-1)) ** 2
        power[first:last] = (spectrum @ weights).sum(axis=0) / size**2
    return power


def lufs(power: np.ndarray | float) -> np.ndarray:
    """Loudness of a K-weighted mean square; -inf for digital silence."""
    with np.errstate(divide="ignore"):
        return _OFFSET + 10 * np.log10(np.asarray(power, dtype=np.float64))


def windowed(power: np.ndarray, blocks: int) -> np.ndarray:
    """Mean power over ``blocks`` 100 ms blocks centred on each block (4: momentary, 30: short-term).

    Centred, so a loudness change shows at the block where it happens; the window shrinks at the clip's edges.
    """
    if len(power) == 0:
        return power
    kernel = np.ones(blocks)
    if blocks % 2 == 0:  # an even window centred on a block: half a block each end
        kernel = np.r_[0.5, np.ones(blocks - 1), 0.5]
    sums = np.convolve(power, kernel, mode="same")
    counts = np.convolve(np.ones_like(power), kernel, mode="same")
    return sums / counts


def integrated(power: np.ndarray) -> float:
    """BS.1770 integrated loudness from 100 ms block powers (400 ms gating blocks, 75% overlap)."""
    gating = np.convolve(power, np.full(4, 0.25), mode="valid") if len(power) >= 4 else power
    loud = gating[lufs(gating) > ABSOLUTE_GATE_LUFS]
    if len(loud) == 0:
        return float("-inf")
    relative = lufs(loud.mean()) - 10
    kept = loud[lufs(loud) > relative]
    return float(lufs(kept.mean()))


@dataclass(frozen=True)
class FullScale:
    """Samples at or near full scale, counted per block of ``block_s`` seconds, worst channel."""

    counts: np.ndarray  # [blocks]
    block_s: float


def full_scale_counts(samples: np.ndarray, rate: int, level: float, block_s: float) -> FullScale:
    """How many samples reach ``level`` (of full scale) in each block, in the channel where most do."""
    audio = np.atleast_2d(np.asarray(samples, dtype=np.float32))
    size = max(1, int(round(block_s * rate)))
    whole = audio.shape[1] // size
    counts = np.zeros(-(-audio.shape[1] // size), np.int64)
    for channel in audio:
        hits = np.abs(channel) >= level
        per_block = hits[: whole * size].reshape(whole, size).sum(axis=1)
        if whole < len(counts):
            per_block = np.r_[per_block, hits[whole * size :].sum()]
        np.maximum(counts, per_block, out=counts)
    return FullScale(counts, block_s)
