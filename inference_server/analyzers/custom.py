"""Custom: the image models a studio registers in ``<data_dir>/models/manifest.json`` (docs/custom-models.md).

On the decode thread it only picks frames: one shortly after every picture change (each shot's keyframe)
and a few a second at most, each fitted once to every input size the models need. In ``finish`` every
model scores all of them in batches; the labels become segment tags named after the model, whole-clip
``Keywords`` for labels holding over most of the clip, and a marker where each label starts.

A missing or wrong manifest fails this analyzer alone (an ``analyzer_errors`` entry that says what to fix);
a model that fails to load or run is reported the same way while the other models still run.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.media.decode import VideoFrame
from inference_server.vision.custom_models import Geometry, fit, geometry, load_model, source_width
from inference_server.vision.label_segments import LabelRule, Segment, clip_keywords, label_segments
from inference_server.vision.model_manifest import MANIFEST_NAMES, Manifest, ModelSpec, find_manifest, load_manifest
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import DerushError, ModelUnavailable
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from protos.timecode import frame_to_seconds

log = logging.getLogger(__name__)

_THUMB = (16, 9)  # a picture change is judged on this thumbnail: area-averaged, so motion barely counts


@dataclass(frozen=True)
class CustomOptions:
    #: Regular samples per second, besides one after every picture change.
    frames_per_second: float = 1.0
    #: Mean change (0..255) of the 16x9 thumbnail between two frames that marks a new shot to sample.
    change_threshold: float = 20.0
    #: Frames waited after a change before its sample: past a cut's first frame and motion blur. A picture
    #: that keeps changing (whip pan, dissolve) puts the sample off, up to ``max_settle_frames`` after it began.
    settle_frames: int = 2
    max_settle_frames: int = 12
    #: No two samples closer than this (flashes, fast motion).
    min_gap_s: float = 0.25
    #: Samples kept at most; past it, regular samples are thinned out (memory on long clips).
    max_samples: int = 1800
    #: Neighbouring samples of a shot averaged before labels are chosen (one odd frame does not split).
    smooth: int = 3
    #: Share of the clip a label must hold to become one of the clip's Keywords.
    keyword_coverage: float = 0.5


class CustomAnalyzer(Analyzer):
    name = "custom"
    wants_video = True
    after = ("shots",)

    def __init__(self, context: AnalysisContext, options: CustomOptions = CustomOptions()) -> None:
        super().__init__(context)
        self.options = options
        self._error: DerushError | None = None
        self._manifest: Manifest | None = None
        try:
            self._manifest = _manifest(context)
        except DerushError as exc:  # reported by ``finish``: the clip's other analyzers go on
            self._error = exc
        specs = self._manifest.models if self._manifest else ()
        self._shapes: list[Geometry] = sorted({geometry(spec.input) for spec in specs})
        self._width: int | None = None
        self._frames: list[int] = []
        self._keyframe: list[bool] = []
        self._images: dict[Geometry, list[np.ndarray]] = {shape: [] for shape in self._shapes}
        self._thumb: np.ndarray | None = None
        self._pending: int | None = None  # frame index to sample after a picture change
        self._change_began = 0
        self._interval = 1.0 / max(options.frames_per_second, 1e-3)
        self._gap = options.min_gap_s
        self._next_regular = 0.0
        self._last_time: float | None = None
        self._last_index = -1

    @property
    def sampled(self) -> int:
        """Frames kept for the models so far."""
        return len(self._frames)

    def process_video(self, frame: VideoFrame) -> None:
        if not self._shapes:
            return
        self._last_index = frame.index
        thumb = cv2.resize(frame.image, _THUMB, interpolation=cv2.INTER_AREA).astype(np.int16)
        if self._thumb is not None and np.abs(thumb - self._thumb).mean() >= self.options.change_threshold:
            if self._pending is None:
                self._change_began = frame.index
            self._pending = min(frame.index + self.options.settle_frames,
                                self._change_began + self.options.max_settle_frames)
        self._thumb = thumb
        regular = frame.time >= self._next_regular
        changed = self._pending is not None and frame.index >= self._pending
        if not (regular or changed):
            return
        if self._last_time is not None and frame.time - self._last_time < self._gap:
            return  # too close to the last sample: this one waits
        self._take(frame, keyframe=changed)

    def _take(self, frame: VideoFrame, keyframe: bool) -> None:
        if self._width is None:
            h, w = frame.image.shape[:2]
            self._width = source_width(self._shapes, w, h)
        picture = frame.picture(self._width) if self._width > frame.image.shape[1] else frame.image
        for shape in self._shapes:
            self._images[shape].append(fit(picture, shape))  # a new array: the decoder's frame is not kept
        self._frames.append(frame.index)
        self._keyframe.append(keyframe)
        self._next_regular = frame.time + self._interval
        if keyframe:  # a regular sample on the cut itself does not count: the shot still gets its settled one
            self._pending = None
        self._last_time = frame.time
        if len(self._frames) > self.options.max_samples:
            self._thin()

    def _thin(self) -> None:
        """Every other regular sample goes and regular samples come half as often; keyframes stay."""
        regular = [i for i, key in enumerate(self._keyframe) if not key]
        drop = set(regular[1::2])
        keep = [i for i in range(len(self._frames)) if i not in drop]
        self._frames = [self._frames[i] for i in keep]
        self._keyframe = [self._keyframe[i] for i in keep]
        for shape, images in self._images.items():
            self._images[shape] = [images[i] for i in keep]
        self._interval *= 2
        log.info("custom: more than %d samples; now one every %.1f s", self.options.max_samples, self._interval)

    def finish(self, result: pb.ClipAnalysis) -> None:
        if self._error is not None:
            raise self._error
        if not self._frames:
            return  # no picture in this clip
        rate = Fraction(self.context.info.rate or 24)
        end_frame = max(self._last_index + 1, max((s.end_frame for s in result.shots), default=0))
        shots = [(s.start_frame, s.end_frame) for s in result.shots] or [(0, end_frame)]
        specs = self._manifest.models
        images = {shape: np.stack(kept) for shape, kept in self._images.items()}
        self._images = {}  # the stacks are all that is needed now
        keywords: dict[str, float] = {}
        for n, spec in enumerate(specs):
            if self.context.cancelled():
                return
            try:
                segments = self._run(spec, n, images[geometry(spec.input)], shots)
            except DerushError as exc:  # this model only: the others still run
                result.analyzer_errors.append(pb.AnalyzerError(analyzer=self.name, error=pb.Error(
                    code=exc.code, message=exc.message)))
                continue
            if segments is None:
                return  # cancelled
            _write(spec, segments, rate, result)
            if spec.keywords:
                for label, confidence in clip_keywords(segments, end_frame, self.options.keyword_coverage).items():
                    keywords[label] = max(confidence, keywords.get(label, 0.0))
            self.context.progress((n + 1) / len(specs))
        for label, confidence in keywords.items():
            result.tags.append(pb.Tag(name="Keywords", value=label, confidence=confidence, source=self.name))

    def _run(self, spec: ModelSpec, n: int, images: np.ndarray, shots: list[tuple[int, int]]) -> list[Segment] | None:
        model = load_model(spec, self.context.models, f"{self._manifest.path.name}: models[{n}] ({spec.name})")
        started = time.perf_counter()
        scores = model.scores(images, self.context.cancelled)
        if scores is None:
            return None
        elapsed = time.perf_counter() - started
        log.info("custom: %s scored %d frames in %.2f s (%.0f frames/s)", spec.name, len(images), elapsed,
                 len(images) / max(elapsed, 1e-9))
        rule = LabelRule(spec.labels, spec.threshold, spec.top_k, spec.ignore, self.options.smooth)
        return label_segments(self._frames, scores, shots, rule)


def _manifest(context: AnalysisContext) -> Manifest:
    data_dir = context.models.data_dir
    path = find_manifest(data_dir)
    if path is None:
        raise ModelUnavailable(
            f"No custom model is registered on this server: write {data_dir / 'models' / MANIFEST_NAMES[0]} "
            "(see docs/custom-models.md), or leave 'custom' out of the analyzers.")
    return load_manifest(path)


def _write(spec: ModelSpec, segments: list[Segment], rate: Fraction, result: pb.ClipAnalysis) -> None:
    """One tag per segment, named after the model, and a marker spanning it where the label starts."""
    for seg in segments:
        start, end = frame_to_seconds(seg.start_frame, rate), frame_to_seconds(seg.end_frame, rate)
        result.tags.append(pb.Tag(name=spec.name, value=seg.label, confidence=seg.confidence, start=start,
                                  end=end, source=CustomAnalyzer.name))
        result.markers.append(pb.Marker(
            frame=seg.start_frame, duration=max(1, seg.frames), color=CATEGORY_COLORS["custom"],
            name=f"{spec.name}: {seg.label}",
            note=f"{spec.name} sees {seg.label} ({seg.confidence:.0%}) for {end - start:.1f} s",
            custom_data=custom_data("custom")))
