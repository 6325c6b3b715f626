"""From per-frame label scores to labelled segments of a clip, shot by shot.

Each sampled frame speaks for the part of its shot nearest to it (up to halfway to the next sample), so a
label changes at a shot cut when the shots differ, and between two samples inside a long shot that pans
from one thing to another. Scores are smoothed over neighbouring samples of the same shot only: one odd
frame does not split a segment, and a cut is never blurred. Touching spans with the same label merge.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LabelRule:
    """How a frame's scores become its labels (from the model's manifest entry)."""

    labels: tuple[str, ...]
    threshold: float = 0.5
    top_k: int = 1
    ignore: tuple[str, ...] = ()
    smooth: int = 3  # samples averaged, centred, within a shot


@dataclass(frozen=True)
class Segment:
    label: str
    start_frame: int
    end_frame: int  # exclusive
    confidence: float

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame


def sample_spans(frames: list[int], shots: list[tuple[int, int]]) -> list[tuple[int, int, int] | None]:
    """For each sampled frame: (shot index, span start, span end); None for a frame outside every shot."""
    starts = [s for s, _ in shots]
    placed: list[tuple[int, int] | None] = []
    for frame in frames:
        shot = bisect.bisect_right(starts, frame) - 1
        placed.append((shot, frame) if shot >= 0 and frame < shots[shot][1] else None)
    spans: list[tuple[int, int, int] | None] = [None] * len(frames)
    for shot, (start, end) in enumerate(shots):
        members = [i for i, p in enumerate(placed) if p is not None and p[0] == shot]
        for n, i in enumerate(members):
            left = start if n == 0 else (frames[members[n - 1]] + frames[i] + 1) // 2
            right = end if n == len(members) - 1 else (frames[i] + frames[members[n + 1]] + 1) // 2
            spans[i] = (shot, left, right)
    return spans


def smooth_within_shots(scores: np.ndarray, shot_of: list[int | None], window: int) -> np.ndarray:
    """Centred moving average of each sample's scores over its own shot's samples."""
    if window <= 1 or not len(scores):
        return scores
    out = scores.copy()
    half = window // 2
    for shot in {s for s in shot_of if s is not None}:
        rows = [i for i, s in enumerate(shot_of) if s == shot]
        for n, i in enumerate(rows):
            near = rows[max(0, n - half) : n + half + 1]
            out[i] = scores[near].mean(axis=0)
    return out


def frame_labels(row: np.ndarray, rule: LabelRule) -> dict[str, float]:
    """The labels one frame carries: its top_k scores, from the threshold up; ignored labels take their place
    in the ranking but are not kept (an "other" that wins means no label)."""
    order = np.argsort(-row, kind="stable")[: rule.top_k]
    return {rule.labels[i]: float(row[i]) for i in order
            if row[i] >= rule.threshold and rule.labels[i] not in rule.ignore}


def label_segments(frames: list[int], scores: np.ndarray, shots: list[tuple[int, int]],
                   rule: LabelRule) -> list[Segment]:
    """Labelled segments (frames, end exclusive), ordered by start then label."""
    spans = sample_spans(frames, shots)
    smoothed = smooth_within_shots(scores, [s[0] if s else None for s in spans], rule.smooth)
    runs: dict[str, list[list[float]]] = {}  # label -> [start, end, confidence x frames]
    for span, row in sorted(zip(spans, smoothed), key=lambda pair: pair[0][1] if pair[0] else -1):
        if span is None or span[2] <= span[1]:
            continue
        _, start, end = span
        for label, score in frame_labels(row, rule).items():
            label_runs = runs.setdefault(label, [])
            if label_runs and label_runs[-1][1] == start:
                label_runs[-1][1] = end
                label_runs[-1][2] += score * (end - start)
            else:
                label_runs.append([start, end, score * (end - start)])
    segments = [Segment(label, int(s), int(e), total / (e - s)) for label, rs in runs.items() for s, e, total in rs]
    return sorted(segments, key=lambda seg: (seg.start_frame, seg.label))


def clip_keywords(segments: list[Segment], clip_frames: int, coverage: float) -> dict[str, float]:
    """Labels that hold over at least ``coverage`` of the clip, with their mean confidence."""
    covered: dict[str, list[float]] = {}
    for seg in segments:
        total = covered.setdefault(seg.label, [0.0, 0.0])
        total[0] += seg.frames
        total[1] += seg.confidence * seg.frames
    return {label: weighted / frames for label, (frames, weighted) in covered.items()
            if clip_frames > 0 and frames / clip_frames >= coverage}
