"""Look: what is technically wrong with the picture, and where (exposure, focus, camera motion).

A few frames a second are measured as they decode (``vision.look_measures``: a millisecond or two each, so
only numbers are kept, never frames); ``finish`` judges them per shot (``after = ("shots",)``), so no
problem runs across a cut and boundaries at a cut are frame-exact.

Rules, each documented at its option below:
- Underexposed: the picture is dark AND nothing in it reaches the mid-tones (a night shot with lit windows
  is low-key, not underexposed). Overexposed: a large share clipped to white, or the whole picture very bright.
- Soft focus: a re-blur score (0 sharp .. 1 blurred) that measures how sharp the edges are, not how many
  there are, so a plain but sharp wall is not soft. A frame is soft when its score is high in absolute
  terms, or clearly above the clip's own sharpest frames (a focus pull missed) while past a floor (so a
  sharp frame in a very crisp clip is not called soft). Frames with too little detail, or badly exposed,
  are not judged at all.
- Transitions are not problems: the frames of a fade to or from black, and the frames within a few frames of
  a cut, are judged for neither exposure nor focus (``transitions``); the rest of their shot covers them.
- Camera motion, from the global shift between three consecutive frames at each sample: a steady drift is
  a pan/tilt, frame-to-frame jitter of that shift (its acceleration) is shake; a pan's smooth speed-up has
  almost none. Frames where phase correlation finds no clear shift (black, noise) are left unjudged.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.analyzers.problems import Problem, confidence, runs, write_problems
from inference_server.analyzers.transitions import TransitionRules, fading, near_cuts
from inference_server.media.decode import VideoFrame
from inference_server.vision.look_measures import (
    Exposure,
    Shift,
    ShiftEstimator,
    exposure,
    focus,
    luma,
)
from protos.derush.v1 import derush_pb2 as pb
from protos.timecode import frame_to_seconds

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LookOptions:
    #: Frames measured per second (exposure and motion); a 10-minute clip keeps a few thousand numbers.
    samples_per_second: float = 4.0
    #: Focus is measured on every n-th sample, on a bigger picture (below): it costs the most.
    focus_every: int = 2
    #: Width focus is judged at: blur that matters at 1080p vanishes at the 320 px analysis size.
    focus_width: int = 720
    #: Underexposed: mean luma under this share of full scale ...
    under_mean: float = 0.16
    #: ... and 95% of the picture under this (nothing bright in it).
    under_p95: float = 0.45
    #: Overexposed: at least this share of the picture clipped to white (luma >= 97%) ...
    over_clipped: float = 0.2
    #: ... or a mean luma at least this.
    over_mean: float = 0.8
    #: Focus is not judged on a picture with less detail than this (mean neighbour difference, levels of 255).
    min_detail: float = 1.0
    #: Soft whatever the shot: blur score at least this (sharp pictures measure 0.2-0.5 depending on content,
    #: shallow depth of field the highest; a blur of 2-3 px at 1080p 0.55-0.8).
    soft_absolute: float = 0.6
    #: Soft relative to the shot: blur score this much above the shot's sharpest frames (its 10th percentile;
    #: the clip's when the shot has fewer than ``min_reference`` focus samples) ...
    soft_relative: float = 0.15
    #: ... and at least this: a crisp shot's slightly less crisp frames are not soft.
    soft_floor: float = 0.45
    min_reference: int = 4
    #: Width the global shift is measured at (phase correlation's cost grows with it).
    motion_width: int = 192
    #: Pan/tilt: steady drift at least this many picture widths per second (crossing the frame in 20 s).
    pan_speed: float = 0.05
    #: Shaky: median frame-to-frame acceleration of the global shift at least this, in widths per second²
    #: (handheld tremor of 0.5% of the width at 5 Hz is ~3.5; a tripod's noise well under 0.5).
    shake: float = 1.5
    #: Phase-correlation peak under this: no clear global shift (black, noise, everything moving): not judged.
    min_response: float = 0.12
    #: Motion is judged over this many neighbouring samples (median), so one odd pair does not decide.
    motion_window: int = 5
    #: Problems shorter than this are dropped (a flash frame), unless they fill their whole shot.
    min_problem_s: float = 0.5
    #: Flagged samples this far apart (in samples) are one problem.
    max_gap: int = 1
    #: What counts as a fade or the frames at a cut (never judged for exposure or focus).
    transitions: TransitionRules = TransitionRules()


@dataclass
class _Sample:
    index: int
    exposure: Exposure
    blur: float | None = None
    detail: float = 0.0
    shifts: list[Shift] = field(default_factory=list)


@dataclass
class _Pending:
    """A sample waiting for the next frames of its motion triplet."""

    sample: _Sample
    previous: np.ndarray
    next_index: int


class LookAnalyzer(Analyzer):
    name = "look"
    wants_video = True
    after = ("shots",)

    def __init__(self, context: AnalysisContext, options: LookOptions = LookOptions()) -> None:
        super().__init__(context)
        self.options = options
        self._fps = float(context.info.rate or 24)
        self._step = max(1, round(self._fps / options.samples_per_second))
        # Motion is measured between frames ~1/24 s apart whatever the rate, so shake reads the same at 60 fps.
        self._stride = max(1, round(self._fps / 24))
        self._samples: list[_Sample] = []
        self._pending: _Pending | None = None
        self._shifts: ShiftEstimator | None = None
        self._next_sample = 0
        self._last_index = -1

    # --- on the decode thread: measure the sampled frames, keep numbers only ---

    def process_video(self, frame: VideoFrame) -> None:
        self._last_index = frame.index
        pending = self._pending
        if pending is not None and frame.index == pending.next_index:
            current = self._shifts.prepare(luma(frame.image))
            pending.sample.shifts.append(self._shifts.shift(pending.previous, current))
            pending.previous, pending.next_index = current, frame.index + self._stride
            if len(pending.sample.shifts) == 2:
                self._pending = None
        if frame.index < self._next_sample:
            return
        self._next_sample = frame.index + self._step
        gray = luma(frame.image)
        sample = _Sample(frame.index, exposure(gray))
        if len(self._samples) % self.options.focus_every == 0:
            measured = focus(luma(frame.picture(self.options.focus_width)))
            sample.blur, sample.detail = measured.blur, measured.detail
        self._samples.append(sample)
        if self._shifts is None:
            self._shifts = ShiftEstimator(gray.shape[1], gray.shape[0], self.options.motion_width)
        self._pending = _Pending(sample, self._shifts.prepare(gray), frame.index + self._stride)

    # --- after the decode: judge per shot ---

    def finish(self, result: pb.ClipAnalysis) -> None:
        if not self._samples:
            return
        rate = Fraction(self.context.info.rate or 24)
        end_frame = self._last_index + 1
        cuts = sorted({s.start_frame for s in result.shots if 0 < s.start_frame < end_frame})
        shots = _Shots(cuts, end_frame)
        judged = self._judged(shots)
        problems = [*self._exposure(judged, shots, rate), *self._focus(judged, shots, rate)]
        motion = self._motion(shots)
        problems += self._shake(motion, shots, rate)
        self._motion_tags(result, motion, shots, rate)
        problems.sort(key=lambda p: (p.start, p.name))
        write_problems(result, problems, rate, end_frame, self.name)

    def _under(self, measured: Exposure) -> bool:
        return measured.mean < self.options.under_mean and measured.p95 < self.options.under_p95

    def _over(self, measured: Exposure) -> bool:
        return measured.clipped >= self.options.over_clipped or measured.mean >= self.options.over_mean

    def _judged(self, shots: _Shots) -> list[_Sample]:
        """The samples judged for exposure and focus: not in a fade, not at a cut."""
        samples, rules = self._samples, self.options.transitions
        indices = [s.index for s in samples]
        at_cut = near_cuts(indices, shots.cuts, rules)
        faded = fading(indices, [s.exposure.mean for s in samples], [shots.index(i) for i in indices], self._fps,
                       lambda n: not self._under(samples[n].exposure), rules)
        if any(faded):
            log.debug("look: %d of %d samples are in fades", sum(faded), len(samples))
        return [s for s, cut, fade in zip(samples, at_cut, faded) if not (cut or fade)]

    def _exposure(self, samples: list[_Sample], shots: _Shots, rate: Fraction) -> list[Problem]:
        o = self.options
        under = [self._under(s.exposure) for s in samples]
        over = [self._over(s.exposure) for s in samples]
        problems = []
        for first, last, start, end in self._problem_runs(samples, under, shots, rate):
            mean = float(np.mean([s.exposure.mean for s in samples[first : last + 1]]))
            crushed = float(np.mean([s.exposure.crushed for s in samples[first : last + 1]]))
            problems.append(Problem("Underexposed", "Underexposed", start, end,
                                    f"Mean luma {mean:.0%}, {crushed:.0%} of the picture crushed to black",
                                    confidence(mean, o.under_mean, o.under_mean / 2)))
        for first, last, start, end in self._problem_runs(samples, over, shots, rate):
            mean = float(np.mean([s.exposure.mean for s in samples[first : last + 1]]))
            clipped = float(np.mean([s.exposure.clipped for s in samples[first : last + 1]]))
            sure = max(confidence(clipped, o.over_clipped, 2.5 * o.over_clipped),
                       confidence(mean, o.over_mean, (1 + o.over_mean) / 2))
            problems.append(Problem("Overexposed", "Overexposed", start, end,
                                    f"{clipped:.0%} of the picture clipped to white, mean luma {mean:.0%}", sure))
        return problems

    def _focus(self, samples: list[_Sample], shots: _Shots, rate: Fraction) -> list[Problem]:
        o = self.options
        # a badly exposed picture has lost the detail focus is judged on
        judged = [s for s in samples if s.blur is not None and s.detail >= o.min_detail
                  and not self._under(s.exposure) and not self._over(s.exposure)]
        if not judged:
            return []
        scores = np.array([s.blur for s in judged])
        shot_of = np.array([shots.index(s.index) for s in judged])
        whole_clip = float(np.percentile(scores, 10)) if len(judged) >= o.min_reference else None
        references: list[float | None] = []
        for shot in shot_of:
            own = scores[shot_of == shot]
            references.append(float(np.percentile(own, 10)) if len(own) >= o.min_reference else whole_clip)
        soft = [b >= o.soft_absolute or (ref is not None and b >= o.soft_floor and b >= ref + o.soft_relative)
                for b, ref in zip(scores, references)]
        problems = []
        for first, last, start, end in self._problem_runs(judged, soft, shots, rate):
            blur = float(np.mean(scores[first : last + 1]))
            ref = references[first]
            sharpest = f" (sharpest in the shot {ref:.2f})" if ref is not None else ""
            sure = max(confidence(blur, o.soft_absolute, 0.8),
                       confidence(blur - (ref if ref is not None else 1.0), o.soft_relative, 2 * o.soft_relative))
            problems.append(Problem("Soft focus", "Soft focus", start, end,
                                    f"Blur {blur:.2f} on a 0-1 scale{sharpest}", sure))
        return problems

    def _motion(self, shots: _Shots) -> list[tuple[_Sample, str, float, float]]:
        """Per sample with a clear shift: (sample, class, pan speed in widths/s, shake in widths/s²)."""
        o = self.options
        per_second = self._fps / self._stride
        valid = [s for s in self._samples if len(s.shifts) == 2 and min(x.response for x in s.shifts) >= o.min_response
                 and shots.index(s.index) == shots.index(s.index + 2 * self._stride)]
        velocity = np.array([[(a.dx + b.dx) / 2, (a.dy + b.dy) / 2] for a, b in (s.shifts for s in valid)])
        jolt = np.array([np.hypot(b.dx - a.dx, b.dy - a.dy) for a, b in (s.shifts for s in valid)])
        half = o.motion_window // 2
        out = []
        for n, sample in enumerate(valid):
            shot = shots.index(sample.index)
            near = [m for m in range(max(0, n - half), min(len(valid), n + half + 1))
                    if shots.index(valid[m].index) == shot]
            speed = float(np.hypot(*np.median(velocity[near], axis=0))) * per_second
            shake = float(np.median(jolt[near])) * per_second**2
            kind = "shaky" if shake >= o.shake else "pan/tilt" if speed >= o.pan_speed else "static"
            out.append((sample, kind, speed, shake))
        return out

    def _shake(self, motion: list, shots: _Shots, rate: Fraction) -> list[Problem]:
        samples = [m[0] for m in motion]
        flags = [m[1] == "shaky" for m in motion]
        per_frame = (self._fps / self._stride) ** 2
        problems = []
        for first, last, start, end in self._problem_runs(samples, flags, shots, rate, self._stride):
            shake = float(np.median([m[3] for m in motion[first : last + 1]]))
            problems.append(Problem("Shaky camera", "Shaky", start, end,
                                    f"Picture jitters {shake / per_frame:.1%} of its width from frame to frame",
                                    confidence(shake, self.options.shake, 3 * self.options.shake)))
        return problems

    def _motion_tags(self, result: pb.ClipAnalysis, motion: list, shots: _Shots, rate: Fraction) -> None:
        o = self.options
        samples = [m[0] for m in motion]
        spans = shots.spans([s.index + self._stride for s in samples])
        n = 0
        while n < len(motion):
            last = n
            while (last + 1 < len(motion) and motion[last + 1][1] == motion[n][1]
                   and shots.index(samples[last + 1].index) == shots.index(samples[n].index)):
                last += 1
            kind = motion[n][1]
            speed = float(np.median([m[2] for m in motion[n : last + 1]]))
            shake = float(np.median([m[3] for m in motion[n : last + 1]]))
            if kind == "shaky":
                sure = confidence(shake, o.shake, 3 * o.shake)
            elif kind == "pan/tilt":
                sure = confidence(speed, o.pan_speed, 3 * o.pan_speed)
            else:  # static: sure when both measures sit well under their thresholds
                sure = confidence(-max(speed / o.pan_speed, shake / o.shake), -1.0, 0.0)
            result.tags.append(pb.Tag(name="Camera Motion", value=kind, confidence=sure,
                                      start=frame_to_seconds(spans[n][0], rate),
                                      end=frame_to_seconds(spans[last][1], rate), source=self.name))
            n = last + 1

    def _problem_runs(self, samples: list[_Sample], flags: list[bool], shots: _Shots, rate: Fraction,
                      offset: int = 0):
        """(first, last, start s, end s) of each run of flagged samples within one shot, long enough to count;
        each sample stands at its frame plus ``offset``."""
        positions = [s.index + offset for s in samples]
        spans = shots.spans(positions)
        min_frames = self.options.min_problem_s * float(rate)
        for first, last in runs(flags, self.options.max_gap):
            while first <= last:  # a problem belongs to one shot: split the run at the cuts it crosses
                shot = shots.index(positions[first])
                end = first
                while end < last and shots.index(positions[end + 1]) == shot:
                    end += 1
                a, b = first, end
                while a < b and not flags[a]:  # a bridged gap may have left unflagged samples at the edges
                    a += 1
                while b > a and not flags[b]:
                    b -= 1
                span = (spans[a][0], spans[b][1])
                if flags[a] and (span[1] - span[0] >= min_frames or span == shots.bounds(shot)):
                    yield a, b, frame_to_seconds(span[0], rate), frame_to_seconds(span[1], rate)
                first = end + 1


class _Shots:
    """The clip's shots as frame ranges, to keep judgements inside one shot."""

    def __init__(self, cuts: list[int], end_frame: int) -> None:
        self.cuts = cuts
        self.end_frame = end_frame

    def index(self, frame: int) -> int:
        return bisect.bisect_right(self.cuts, frame)

    def bounds(self, shot: int) -> tuple[int, int]:
        edges = [0, *self.cuts, self.end_frame]
        return edges[shot], edges[shot + 1]

    def spans(self, indices: list[int]) -> list[tuple[int, int]]:
        """The frames each sample stands for: half-way to its neighbours, or to the edge of its shot."""
        spans = []
        for n, index in enumerate(indices):
            shot_start, shot_end = self.bounds(self.index(index))
            before = indices[n - 1] if n else None
            after = indices[n + 1] if n + 1 < len(indices) else None
            start = shot_start if before is None or before < shot_start else (before + index + 1) // 2
            end = shot_end if after is None or after >= shot_end else (index + after + 1) // 2
            spans.append((start, min(end, self.end_frame)))
        return spans
