"""Short quiet gaps between words, from the signal's level: where an edit can fall without clipping a word.

Whisper's word times drift by a few hundred milliseconds around hesitations (measured on espeak-ng takes: an "um"
said at 1.38-1.78 s written at 2.16-2.20 s), and the VAD merges pauses under its minimum silence; 10 ms frames at
least ``QUIET_DB`` under the clip's loud level (its 95th percentile), for at least ``MIN_PAUSE_S``, are gaps a
cut can use.
"""

from __future__ import annotations

import numpy as np

from inference_server.media.decode import AUDIO_RATE

FRAME_S = 0.01
QUIET_DB = 35.0
MIN_PAUSE_S = 0.08


def quiet_gaps(audio: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) seconds of each quiet stretch of at least ``MIN_PAUSE_S``."""
    frame = int(FRAME_S * AUDIO_RATE)
    count = len(audio) // frame
    if count == 0:
        return []
    energy = 10 * np.log10(np.mean(audio[: count * frame].reshape(count, frame) ** 2, axis=1) + 1e-10)
    quiet = energy < np.percentile(energy, 95) - QUIET_DB
    # edges of the quiet runs: where quiet starts and where it stops
    padded = np.concatenate([[False], quiet, [False]])
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    gaps = []
    for first, last in zip(changes[::2], changes[1::2]):
        if (last - first) * FRAME_S >= MIN_PAUSE_S:
            gaps.append((round(float(first) * FRAME_S, 3), round(float(last) * FRAME_S, 3)))
    return gaps
