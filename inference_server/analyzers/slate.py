"""Slates and on-screen text: PP-OCR on a few frames, the slate's scene/shot/take as Resolve metadata.

On the decode thread only frames are picked: the clip's first seconds densely (a slate is shown for a second
or two), then one frame every few seconds. A picked frame that looks like the last one kept (same slate,
same static shot) only extends that one's time range, so a held slate is read once. Kept frames wait as
JPEG (a long clip's samples stay small); ``finish`` reads them in batches.

A frame whose text parses as a slate gives ``Scene``/``Shot``/``Take`` (``Roll Card #``) tags and a ``slate``
marker over the slate's frames (to the shot change where the slate ends, when ``shots`` found one); text on
other frames becomes ``On-screen text`` tags with the time range it was seen.
"""

from __future__ import annotations

import difflib
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.media.decode import VideoFrame
from inference_server.vision.ocr import OcrOptions, TextLine, TextReader
from inference_server.vision.slate_text import KINDS, METADATA_FIELD, SlateField, SlateReading, parse_slate
from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data

log = logging.getLogger(__name__)

OCR_MODEL_KEY = "pp-ocrv4"
_TIMECODE = re.compile(r"\d{1,2}[:;.]\d{2}[:;.]\d{2}(?:[:;.]\d{2})?")
ON_SCREEN_TEXT = "On-screen text"


@dataclass(frozen=True)
class SlateOptions:
    #: The opening where a slate is looked for, and how many frames a second are read there.
    head_s: float = 5.0
    head_fps: float = 2.0
    #: After the opening, one frame this often (seconds) for other on-screen text.
    every_s: float = 3.0
    #: Width frames are read at: slate and lower-third text stay 20 px high or more on a 1080p source.
    picture_width: int = 1280
    #: A picked frame whose thumbnail differs from the last kept one by less than this (grey levels, in the
    #: most changed of its 48 blocks) is the same picture: it only extends the kept frame's time range.
    same_picture: float = 6.0
    #: At most this many frames kept after the opening; beyond, every other one is dropped and ``every_s``
    #: doubles, so a long clip's memory stays bounded (each kept frame is a JPEG of ~100-200 kB).
    max_samples: int = 300
    jpeg_quality: int = 92
    #: On-screen text: lines read with less confidence, or with fewer letters and digits, are dropped
    #: (textures and edges give the odd one-letter reading).
    min_text_confidence: float = 0.75
    min_text_chars: int = 2
    #: Lines read this alike (0..1) on successive frames are the same text (OCR varies by a letter).
    same_text: float = 0.8
    #: Frames are first looked at with detection at this size (0: never): most have no text, and at 320 px a
    #: look costs a quarter of a reading; a slate, or a caption 30 px high on 1080p, still shows there.
    screen_side: int = 320
    ocr: OcrOptions = field(default_factory=OcrOptions)


@dataclass(eq=False)
class _Sample:
    """A kept frame, standing for the frames after it that looked the same."""

    first_index: int
    first_time: float
    last_index: int
    last_time: float
    thumb: np.ndarray
    jpeg: np.ndarray
    head: bool
    reading: SlateReading | None = None
    lines: list[TextLine] = field(default_factory=list)


class SlateAnalyzer(Analyzer):
    name = "slate"
    wants_video = True
    after = ("shots",)

    def __init__(self, context: AnalysisContext, options: SlateOptions | None = None) -> None:
        super().__init__(context)
        self.options = options or SlateOptions()
        self._samples: list[_Sample] = []
        self._next_head = 0.0
        self._next_sparse = self.options.head_s
        self._every = self.options.every_s
        self._last_index = -1
        self._last_time = 0.0
        self._picture_failed = False

    # -- decode thread: pick frames, cheaply ---------------------------------------------------------

    def process_video(self, frame: VideoFrame) -> None:
        self._last_index, self._last_time = frame.index, frame.time
        t = frame.time
        head = t < self.options.head_s
        if head:
            if t + 1e-6 < self._next_head:
                return
            self._next_head = t + 1.0 / self.options.head_fps
        else:
            if t + 1e-6 < self._next_sparse:
                return
            self._next_sparse = t + self._every
        thumb = _thumbnail(frame.image)
        last = self._samples[-1] if self._samples else None
        if last is not None and _difference(last.thumb, thumb) < self.options.same_picture:
            last.last_index, last.last_time = frame.index, t
            return
        ok, jpeg = cv2.imencode(".jpg", self._picture(frame), [cv2.IMWRITE_JPEG_QUALITY, self.options.jpeg_quality])
        if not ok:
            return
        self._samples.append(_Sample(frame.index, t, frame.index, t, thumb, jpeg, head))
        self._bound_memory()

    def _picture(self, frame: VideoFrame) -> np.ndarray:
        if not self._picture_failed:
            try:
                return frame.picture(self.options.picture_width)
            except Exception:  # an odd pixel format: the analysis-size frame still has big slate text
                log.warning("slate: frames of this clip cannot be read bigger; reading them at %d px",
                            frame.image.shape[1], exc_info=True)
                self._picture_failed = True
        return frame.image

    def _bound_memory(self) -> None:
        later = [s for s in self._samples if not s.head]
        if len(later) <= self.options.max_samples:
            return
        dropped = {id(s) for s in later[1::2]}
        self._samples = [s for s in self._samples if id(s) not in dropped]
        self._every *= 2
        log.info("slate: long clip, now one frame every %.0f s after the opening", self._every)

    # -- finish: OCR in batches, then slates and text ------------------------------------------------

    def finish(self, result: pb.ClipAnalysis) -> None:
        if not self._samples:
            return
        reader: TextReader = self.context.models.shared(
            OCR_MODEL_KEY, TextReader.load, kind="ocr", source="rapidocr-onnxruntime (PP-OCRv4, ONNX)")
        started = time.perf_counter()
        read = self._read(reader)
        log.info("slate: read %d of %d kept frames in %.2f s", read, len(self._samples), time.perf_counter() - started)
        runs = _slate_runs(self._samples)
        rate = self.context.info.rate or 24
        boundaries = sorted({s.start_frame for s in result.shots if s.start_frame > 0})
        for n, run in enumerate(runs):
            fields = _merge(run)
            if n == 0:
                for kind, value in fields.items():
                    result.tags.append(pb.Tag(name=METADATA_FIELD[kind], value=value.value,
                                              confidence=round(value.confidence, 3), source=self.name))
            start, end = self._extent(run, boundaries)
            lines = " | ".join(dict.fromkeys(line for s in run for line in s.reading.lines))
            described = ", ".join(f"{kind.capitalize()} {v.value}" for kind, v in fields.items())
            result.markers.append(pb.Marker(
                frame=start, duration=max(1, end - start), color=CATEGORY_COLORS["slate"], name="Slate",
                note=f"Slate: {described} (read: {lines})", custom_data=custom_data("slate")))
        in_runs = {id(s) for run in runs for s in run}
        for track in self._on_screen_text([s for s in self._samples if id(s) not in in_runs]):
            result.tags.append(pb.Tag(name=ON_SCREEN_TEXT, value=track.text, confidence=round(track.confidence, 3),
                                      start=track.start, end=max(track.end, track.start + 1.0 / float(rate)),
                                      source=self.name))

    def _read(self, reader: TextReader) -> int:
        """OCR the kept frames in batches, in order. Once a slate was read and has left the picture, the rest
        of the opening is read only as often as the rest of the clip (the dense look was for the slate)."""
        step = max(1, self.options.ocr.det_batch)
        batch: list[_Sample] = []
        read: list[_Sample] = []
        last_time = -np.inf
        for n, sample in enumerate(self._samples):
            if sample.head and _slate_has_left(read) and sample.first_time - last_time < self.options.every_s:
                continue
            batch.append(sample)
            last_time = sample.first_time
            if len(batch) == step or n == len(self._samples) - 1:
                if self.context.cancelled():
                    break  # the engine reports the cancellation; what was read is dropped with the job
                self._read_batch(reader, batch)
                read += batch
                batch = []
                self.context.progress((n + 1) / len(self._samples))
        if batch and not self.context.cancelled():
            self._read_batch(reader, batch)
            read += batch
        return len(read)

    def _read_batch(self, reader: TextReader, batch: list[_Sample]) -> None:
        pictures = [cv2.imdecode(s.jpeg, cv2.IMREAD_COLOR) for s in batch]
        readable = [(s, p) for s, p in zip(batch, pictures) if p is not None]
        glance = readable if self.options.screen_side else []
        if glance:
            look = replace(self.options.ocr, det_max_side=self.options.screen_side)
            boxes = reader.detect([p for _, p in glance], look)
            blank = {id(s) for (s, _), found in zip(glance, boxes) if not found}
            for sample, _ in glance:
                if id(sample) in blank:
                    sample.lines, sample.reading = [], SlateReading()
            readable = [(s, p) for s, p in readable if id(s) not in blank]
        lines = reader.read([p for _, p in readable], self.options.ocr) if readable else []
        for (sample, _), found in zip(readable, lines):
            sample.lines = found
            sample.reading = parse_slate(found)
        for sample in batch:
            sample.jpeg = np.empty(0, np.uint8)  # read: the picture is no longer needed

    def _extent(self, run: list[_Sample], boundaries: list[int]) -> tuple[int, int]:
        """The slate's frames [start, end): from its first kept frame to the last frame that looked the same,
        stretched to a shot change where one lies between that and the next (or previous) kept frame."""
        index = self._samples.index(run[0])
        previous = self._samples[index - 1].last_index if index > 0 else 0
        start = run[0].first_index
        before = [b for b in boundaries if previous < b <= start]
        start = before[0] if before else start
        index = self._samples.index(run[-1])
        following = self._samples[index + 1].first_index if index + 1 < len(self._samples) else self._last_index + 1
        end = run[-1].last_index + 1
        after = [b for b in boundaries if end <= b <= following]
        return start, (after[0] if after else end)

    def _on_screen_text(self, samples: list[_Sample]) -> list[_TextTrack]:
        """Each line of text, followed over the successive kept frames it stays on."""
        done: list[_TextTrack] = []
        showing: list[_TextTrack] = []
        for sample in samples:
            if sample.reading is None:
                continue  # not read (thinned out of the opening): says nothing either way
            still: list[_TextTrack] = []
            for line in sample.lines:
                if line.confidence < self.options.min_text_confidence:
                    continue
                if sum(c.isalnum() for c in _TIMECODE.sub("", line.text)) < self.options.min_text_chars:
                    continue  # a timecode burn-in changes on every frame and says nothing
                key = _text_key(line.text)
                track = next((t for t in showing if all(t is not s for s in still)
                              and _alike(t.key, key, self.options.same_text)), None)
                if track is None:
                    track = _TextTrack(key, sample.first_time)
                track.add(line, sample.last_time)
                still.append(track)
            done += [t for t in showing if all(t is not s for s in still)]  # gone from the picture
            showing = still
        return sorted(done + showing, key=lambda t: t.start)


@dataclass(eq=False)
class _TextTrack:
    """One line of on-screen text over the kept frames where it was read."""

    key: str
    start: float
    end: float = 0.0
    readings: Counter = field(default_factory=Counter)  # text as read -> summed confidence
    confidences: list[float] = field(default_factory=list)

    def add(self, line: TextLine, until: float) -> None:
        self.readings[line.text] += line.confidence
        self.confidences.append(line.confidence)
        self.end = until

    @property
    def text(self) -> str:
        return self.readings.most_common(1)[0][0]

    @property
    def confidence(self) -> float:
        return float(np.mean(self.confidences))


def _slate_has_left(read: list[_Sample]) -> bool:
    """A frame read as a slate, then a later one that is not."""
    slates = [s.reading is not None and s.reading.is_slate for s in read]
    return True in slates and False in slates[slates.index(True):]


def _thumbnail(image: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    return cv2.resize(grey, (64, 48), interpolation=cv2.INTER_AREA).astype(np.float32)


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    """The largest mean change over 8 x 6 blocks: a caption appearing in one corner counts, noise does not."""
    blocks = np.abs(a - b).reshape(6, 8, 8, 8).mean(axis=(1, 3))
    return float(blocks.max())


def _slate_runs(samples: list[_Sample]) -> list[list[_Sample]]:
    """Successive kept frames read as a slate: one slate, whose frames vote on each field (a frame caught
    mid-movement may misread a digit). Another slate is one after a frame that is not a slate."""
    runs: list[list[_Sample]] = []
    current: list[_Sample] | None = None
    for sample in samples:
        if sample.reading is None or not sample.reading.is_slate:
            current = None
        elif current is not None:
            current.append(sample)
        else:
            current = [sample]
            runs.append(current)
    return runs


def _merge(run: list[_Sample]) -> dict[str, SlateField]:
    """Each field's value with the most confidence over the run's readings (a blurred frame may misread)."""
    out: dict[str, SlateField] = {}
    for kind in KINDS:
        votes: dict[str, list[SlateField]] = {}
        for sample in run:
            value = sample.reading.found().get(kind)
            if value is not None:
                votes.setdefault(value.value, []).append(value)
        if not votes:
            continue
        total = sum(len(v) for v in votes.values())
        best = max(votes.values(), key=lambda v: sum(f.confidence for f in v))
        confidence = max(f.confidence for f in best) * len(best) / total
        out[kind] = SlateField(best[0].value, confidence, best[0].read)
    return out


def _text_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip()


def _alike(a: str, b: str, threshold: float) -> bool:
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold
