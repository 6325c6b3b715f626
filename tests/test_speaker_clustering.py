"""Clustering of voice windows, on embeddings whose speakers are known."""

import numpy as np

from inference_server.analyzers.speakers import SpeakerAnalyzer, SpeakerOptions, _Window


def _voice(rng, centre, n, start, seconds=1.5):
    windows = []
    for i in range(n):
        vector = centre + rng.normal(scale=0.05, size=centre.shape)
        unit = vector / np.linalg.norm(vector)
        windows.append(_Window(start + i * seconds, start + (i + 1) * seconds, embedding=unit))
    return windows


def _analyzer():
    return SpeakerAnalyzer.__new__(SpeakerAnalyzer)


def test_two_voices_and_a_short_stray_window_give_two_speakers():
    rng = np.random.default_rng(3)
    a, b, stray = (rng.normal(size=32) for _ in range(3))
    a, b, stray = a / np.linalg.norm(a), b / np.linalg.norm(b), stray / np.linalg.norm(stray)
    # the stray window comes first and is its own cluster: absorbing it must not shift the others
    windows = _voice(rng, stray, 1, 0.0, seconds=1.0) + _voice(rng, b, 4, 2.0) + _voice(rng, a, 4, 10.0)
    analyzer = _analyzer()
    analyzer.options = SpeakerOptions()
    analyzer._cluster(windows)
    labels = [w.label for w in windows]
    assert len(set(labels)) == 2
    assert len(set(labels[1:5])) == 1 and len(set(labels[5:9])) == 1 and labels[1] != labels[5]
