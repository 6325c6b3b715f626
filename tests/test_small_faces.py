"""The second face pass's parts: frames decoded again at a bigger size are the frames the shared decode saw, and
the small-face search finds the small faces and invents none in busy empty pictures."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest

from inference_server.analyzers.faces import FaceOptions, FoundFace, SampleFaces
from inference_server.media.decode import decode
from inference_server.media.seek import picture_size, pictures_at
from inference_server.vision.mtcnn import MtcnnDetector
from protos.media_probe import probe
from resolve_plugin.samples.encode import ClipFormat, write_clip
from resolve_plugin.samples.picture import shot_frame, shot_texture
from tests.fixtures.faces import Placement, compose
from tests.fixtures.problems import canvas

OPTIONS = FaceOptions()
FORMAT = ClipFormat("mp4", "libx264", "yuv420p", "aac", Fraction(24), width=640, height=360)


@pytest.fixture(scope="module")
def detector() -> MtcnnDetector:
    return MtcnnDetector.load()


class _Frames:
    """Every frame of the shared decode, by index, with its time."""

    wants_video, wants_audio, wants_channels = True, False, False

    def __init__(self) -> None:
        self.times: list[float] = []
        self.images: list[np.ndarray] = []

    def process_video(self, frame) -> None:
        self.times.append(frame.time)
        self.images.append(frame.picture(640))


def test_frames_decoded_again_are_the_frames_the_shared_decode_saw(tmp_path: Path):
    # every frame differs from its neighbours: the texture moves 9 px a frame; 3 s, a keyframe every second
    texture = shot_texture(FORMAT.width, FORMAT.height, 21)
    path = tmp_path / "moving.mp4"
    write_clip(path, FORMAT, [shot_frame(texture, 9 * i) for i in range(72)], None, FORMAT.audio_rate)
    info = probe(path)
    seen = _Frames()
    decode(info, [seen])
    wanted = [2, 3, 30, 47, 50, 71, 5]  # out of order, close together, far apart, the last frame
    pictures = pictures_at(info, [seen.times[i] for i in wanted] + [9.0], 720)  # 9 s is past the end
    assert sorted(pictures) == sorted(seen.times[i] for i in wanted)
    for index in wanted:
        picture = pictures[seen.times[index]]
        assert picture.shape == (360, 640, 3)  # never bigger than the source
        differences = [cv2.absdiff(picture, seen.images[i]).mean() for i in range(len(seen.images))]
        assert int(np.argmin(differences)) == index
        assert differences[index] < 2.0


def test_a_still_picture_is_decoded_again_too(tmp_path: Path):
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), canvas(1280, 720, 3))
    info = probe(path)
    (picture,) = pictures_at(info, [0.0], 540).values()
    assert picture.shape[:2] == (540, 960) and picture_size(info, 540) == (960, 540)


def test_small_faces_are_found_in_the_bigger_picture_and_big_ones_left_to_the_first_pass(detector):
    o = OPTIONS
    for height in (0.03, 0.045):
        picture = cv2.cvtColor(compose(1280, 720, (Placement(height, cx=0.3, cy=0.6),), seed=31), cv2.COLOR_RGB2BGR)
        small = cv2.resize(picture, (640, 360), interpolation=cv2.INTER_AREA)
        first = [f for f in detector.detect([small], o.min_face * 360)[0] if f.score >= o.min_score]
        second = [f for f in detector.detect([picture], o.small_face * 720, o.small_up_to * 720)[0]
                  if f.score >= o.min_score]
        assert len(second) == 1 and second[0].height / 720 == pytest.approx(height, rel=0.25)
        if height == 0.03:
            assert first == []  # 11 px at the first pass's size: what the second pass is for
    # a big face is the first pass's: the second finds no face that big, and whatever small it sees inside it
    # (an eye, a mouth) is the same person
    close_up = cv2.cvtColor(compose(1280, 720, (Placement(0.4),), seed=32), cv2.COLOR_RGB2BGR)
    first = _found(detector.detect([close_up], o.min_face * 720)[0])
    second = _found(detector.detect([close_up], o.small_face * 720, o.small_up_to * 720)[0])
    assert len(first) == 1 and all(f.height < o.small_up_to / 0.7 for f in second)
    merged = SampleFaces(None, first).with_small(second)
    assert len(merged.faces) == 1 and merged.shot_type == "close-up"


def _found(faces) -> list[FoundFace]:
    return [FoundFace(f.x1 / 1280, f.y1 / 720, f.x2 / 1280, f.y2 / 720) for f in faces if f.score >= OPTIONS.min_score]


def test_the_small_face_search_invents_no_face_in_busy_empty_pictures(detector):
    o = OPTIONS
    pictures = [cv2.cvtColor(shot_texture(1280, 720, seed), cv2.COLOR_RGB2BGR) for seed in (41, 42, 43)]
    pictures += [cv2.cvtColor(canvas(1280, 720, seed), cv2.COLOR_RGB2BGR) for seed in (44, 45, 46)]
    found = detector.detect(pictures, o.small_face * 720, o.small_up_to * 720)
    assert [[round(f.score, 3) for f in faces if f.score >= o.min_score] for faces in found] == [[]] * 6
