"""Speaker embeddings: resemblyzer's voice encoder, run on onnxruntime.

Features follow resemblyzer (its ``audio.py`` and ``voice_encoder.py``): a 40-band mel power spectrogram
(25 ms windows, 10 ms hop, librosa's Slaney filters), partial windows of 160 frames (1.6 s) every ~0.77 s,
one embedding per partial, averaged and L2-normalised.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from faster_whisper.feature_extractor import FeatureExtractor

#: resemblyzer's weights as an ONNX graph, shipped with derush (model_data/NOTICE says where it comes from)
VOICE_ENCODER_PATH = Path(__file__).resolve().parent / "model_data" / "voice_encoder.onnx"

SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
MEL_BANDS = 40
PARTIAL_FRAMES = 160
PARTIALS_PER_SECOND = 1.3
MIN_COVERAGE = 0.75
TARGET_DBFS = -30.0
MIN_SECONDS = 0.5  # shorter than this, a voice says too little to recognise


class VoiceEncoder:
    def __init__(self, session) -> None:
        self.session = session
        # faster-whisper's filters are librosa's Slaney mel filters for 16 kHz audio
        self.filters = FeatureExtractor.get_mel_filters(SAMPLE_RATE, N_FFT, MEL_BANDS).astype(np.float32)
        self.window = np.hanning(N_FFT + 1)[:-1].astype(np.float32)  # periodic Hann, as librosa

    def mels(self, audio: np.ndarray) -> np.ndarray:
        """[frames, 40] mel power spectrogram (centred frames, zero padding)."""
        padded = np.pad(audio.astype(np.float32), N_FFT // 2)
        frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
        power = np.abs(np.fft.rfft(frames * self.window, axis=1)) ** 2
        return (power @ self.filters.T).astype(np.float32)

    def embed_many(self, clips: list[np.ndarray]) -> list[np.ndarray | None]:
        """One embedding per audio clip (None for clips too short), all partials in one batch."""
        batches, owners = [], []
        for index, audio in enumerate(clips):
            if len(audio) < MIN_SECONDS * SAMPLE_RATE:
                continue
            slices = _slices(len(audio))
            padded = np.pad(audio, (0, max(0, slices[-1][1] * HOP - len(audio))))
            mels = self.mels(_normalise_volume(padded))
            for start, stop in slices:
                batches.append(mels[start:stop])
                owners.append(index)
        results: list[np.ndarray | None] = [None] * len(clips)
        if not batches:
            return results
        embeddings = self.session.run(None, {"mels": np.stack(batches)})[0]
        owners_array = np.array(owners)
        for index in set(owners):
            mean = embeddings[owners_array == index].mean(axis=0)
            results[index] = mean / (np.linalg.norm(mean) or 1.0)
        return results


def _normalise_volume(audio: np.ndarray) -> np.ndarray:
    """Raise quiet audio to -30 dBFS (never lower it), as resemblyzer's preprocessing does."""
    rms = math.sqrt(float(np.mean(audio.astype(np.float64) ** 2)) or 1e-12)
    gain_db = TARGET_DBFS - 20 * math.log10(rms)
    return audio * (10 ** (gain_db / 20)) if gain_db > 0 else audio


def _slices(n_samples: int) -> list[tuple[int, int]]:
    n_frames = math.ceil((n_samples + 1) / HOP)
    step = max(round(SAMPLE_RATE / PARTIALS_PER_SECOND / HOP), 1)
    starts = range(0, max(1, n_frames - PARTIAL_FRAMES + step + 1), step)
    slices = [(s, s + PARTIAL_FRAMES) for s in starts]
    last_start = slices[-1][0] * HOP
    coverage = (n_samples - last_start) / (PARTIAL_FRAMES * HOP)
    if coverage < MIN_COVERAGE and len(slices) > 1:
        slices = slices[:-1]
    return slices
