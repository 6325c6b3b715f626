"""The ``look`` analyzer's measures and judgements on pictures whose problems we applied ourselves.

Frames are made at analysis size (320 x 180) and fed to the analyzer as the decoder would, so these run in
well under a second each; ``tests/integration/test_problems.py`` runs encoded clips through the server.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest

from inference_server.analyzers.base import AnalysisContext
from inference_server.analyzers.look import LookAnalyzer, LookOptions
from inference_server.media.decode import VideoFrame
from inference_server.models import ModelRegistry
from inference_server.vision.look_measures import ShiftEstimator, exposure, focus, luma
from protos.derush.v1 import derush_pb2 as pb
from protos.media_probe import MediaInfo
from resolve_plugin.samples.encode import ClipFormat
from tests.fixtures.problems import MARGIN, Camera, canvas

W, H = 320, 180
SMALL = ClipFormat("mp4", "libx264", "yuv420p", "aac", Fraction(24), width=W, height=H)


def _info(frames: int, rate: Fraction = Fraction(24)) -> MediaInfo:
    return MediaInfo(path=Path("synthetic.mov"), size=1, duration_s=frames / float(rate), has_video=True,
                     has_audio=False, rate=rate, frames=frames, width=W, height=H, start_timecode="00:00:00:00",
                     audio_channels=0, audio_sample_rate=0, video_codec="h264", audio_codec="")


def _look(frames: list[np.ndarray], cuts: tuple[int, ...] = (), rate: Fraction = Fraction(24),
          tmp_path: Path | None = None) -> pb.ClipAnalysis:
    """Run the analyzer on RGB frames as the decoder would, with the shots the ``shots`` analyzer found."""
    context = AnalysisContext(_info(len(frames), rate), ModelRegistry(tmp_path or Path("/nonexistent")),
                              pb.AnalysisOptions())
    analyzer = LookAnalyzer(context)
    for index, rgb in enumerate(frames):
        analyzer.process_video(VideoFrame(index, index / float(rate), np.ascontiguousarray(rgb[..., ::-1])))
    result = pb.ClipAnalysis()
    bounds = [0, *cuts, len(frames)]
    for start, end in zip(bounds, bounds[1:]):
        result.shots.append(pb.Shot(start_frame=start, end_frame=end))
    analyzer.finish(result)
    return result


def _problems(result: pb.ClipAnalysis) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for marker in result.markers:
        found.setdefault(marker.name, []).append((marker.frame, marker.frame + marker.duration))
    return found


def _motion(result: pb.ClipAnalysis) -> list[tuple[str, float, float]]:
    return [(t.value, t.start, t.end) for t in result.tags if t.name == "Camera Motion"]


def _frames(seconds: float, rate: float = 24, seed: int = 5, **applied) -> list[np.ndarray]:
    """``seconds`` of a locked-off camera; ``applied`` maps a frame range to the camera settings there."""
    camera = Camera(SMALL, 0, seed)
    frames = []
    for index in range(int(seconds * rate)):
        settings = next((s for (a, b), s in applied.get("ranges", {}).items() if a <= index < b), {})
        frames.append(camera.frame(index, 0, 0, **settings))
    return frames


# --- measures ---

def test_exposure_reads_the_luma_that_was_applied():
    grey = np.full((H, W), 64, np.uint8)
    assert exposure(grey).mean == pytest.approx(64 / 255, abs=0.005)
    split = np.zeros((H, W), np.uint8)
    split[:, W // 4 :] = 255  # a quarter black, three quarters white
    measured = exposure(split)
    assert measured.crushed == pytest.approx(0.25, abs=0.01) and measured.clipped == pytest.approx(0.75, abs=0.01)
    scene = luma(canvas(W, H, 3)[..., ::-1].copy())
    darker = (scene.astype(np.float32) * 0.2).astype(np.uint8)
    assert exposure(darker).mean == pytest.approx(0.2 * exposure(scene).mean, abs=0.01)


def test_focus_score_rises_with_blur_on_a_detailed_picture():
    scene = luma(canvas(640, 360, 3)[..., ::-1].copy())
    scores = [focus(cv2.GaussianBlur(scene, (0, 0), s) if s else scene).blur for s in (0, 1, 2, 3)]
    assert scores == sorted(scores) and scores[-1] - scores[0] > 0.25, scores
    options = LookOptions()
    assert scores[0] < options.soft_floor and scores[-1] >= options.soft_absolute


def _wall(noise: float, seed: int = 1) -> np.ndarray:
    """A plain wall, light falling off across it, with a door and a skirting board: few edges, all crisp."""
    wall = np.full((H, W), 150, np.float32) + np.linspace(-20, 20, W)[None, :]
    cv2.rectangle(wall, (125, 30), (195, H), 110, -1)
    cv2.rectangle(wall, (0, 165), (W, H), 80, -1)
    wall += np.random.default_rng(seed).normal(0, noise, wall.shape)
    return np.clip(wall, 0, 255).astype(np.uint8)


def test_a_plain_wall_in_focus_is_not_soft_although_it_has_little_detail(tmp_path):
    scene = luma(canvas(W, H, 3)[..., ::-1].copy())
    wall = _wall(noise=1.5)
    # what a detail-counting rule sees: far less than in a busy picture, noise included
    assert focus(wall).detail < 0.5 * focus(scene).detail
    # yet its few edges are crisp
    assert focus(wall).blur < LookOptions().soft_floor
    # a busy shot, then a cut to the wall: nothing is soft
    busy = _frames(3.0)
    walls = [cv2.cvtColor(_wall(1.5, seed=i), cv2.COLOR_GRAY2RGB) for i in range(72)]
    result = _look(busy + walls, cuts=(72,), tmp_path=tmp_path)
    assert "Soft focus" not in _problems(result)


def test_a_featureless_picture_is_not_judged_for_focus(tmp_path):
    flat = [np.full((H, W, 3), 128, np.uint8)] * 48
    result = _look(_frames(2.0) + flat, cuts=(48,), tmp_path=tmp_path)
    assert _problems(result) == {}


def test_the_smear_of_a_pan_is_not_soft_focus():
    scene = luma(canvas(640, 360, 3)[..., ::-1].copy())
    smeared = cv2.blur(scene, (15, 1))  # 15 px of horizontal motion blur
    defocused = cv2.GaussianBlur(scene, (0, 0), 3)
    assert focus(smeared).blur < LookOptions().soft_floor <= focus(defocused).blur


def _crop(big: np.ndarray, x: int, y: int, width: int = 640, height: int = 360) -> np.ndarray:
    return big[MARGIN + y : MARGIN + y + height, MARGIN + x : MARGIN + x + width]


def test_global_shift_recovers_a_known_camera_move():
    big = luma(canvas(640 + 2 * MARGIN, 360 + 2 * MARGIN, 9)[..., ::-1].copy())
    estimator = ShiftEstimator(640, 360)
    rng = np.random.default_rng(3)
    for _ in range(10):
        dx, dy = (int(v) for v in rng.integers(-12, 13, 2))
        # the camera moves right by dx: the picture's content moves left
        shift = estimator.shift(estimator.prepare(_crop(big, 0, 0)), estimator.prepare(_crop(big, dx, dy)))
        assert shift.dx * 640 == pytest.approx(-dx, abs=0.3) and shift.dy * 640 == pytest.approx(-dy, abs=0.3)
        assert shift.response > 0.3


def test_someone_crossing_a_locked_off_shot_does_not_move_the_camera():
    big = canvas(640 + 2 * MARGIN, 360 + 2 * MARGIN, 9)
    estimator = ShiftEstimator(640, 360)
    before, after = _crop(big, 0, 0).copy(), _crop(big, 0, 0).copy()
    # a person-sized shape, a fifth of the frame, walking 12 px between frames right through the middle
    cv2.rectangle(before, (260, 60), (390, 360), (40, 60, 200), -1)
    cv2.rectangle(after, (272, 60), (402, 360), (40, 60, 200), -1)
    shift = estimator.shift(estimator.prepare(luma(before)), estimator.prepare(luma(after)))
    assert abs(shift.dx * 640) < 0.3 and abs(shift.dy * 640) < 0.3


def test_black_frames_have_no_clear_shift():
    rng = np.random.default_rng(4)
    estimator = ShiftEstimator(W, H)
    black = [np.clip(rng.normal(2, 1.0, (H, W)), 0, 255).astype(np.uint8) for _ in range(2)]
    assert estimator.shift(*(estimator.prepare(b) for b in black)).response < LookOptions().min_response


# --- the analyzer on synthetic footage ---

def test_underexposure_is_found_where_it_was_applied_and_nowhere_else(tmp_path):
    frames = _frames(6.0, ranges={(50, 98): {"gain": 0.2}})
    result = _look(frames, tmp_path=tmp_path)
    assert list(_problems(result)) == ["Underexposed"]
    [(first, end)] = _problems(result)["Underexposed"]
    step = 6  # frames between samples at 4 a second, 24 fps
    assert abs(first - 50) <= step and abs(end - 98) <= step
    [marker] = result.markers
    assert marker.color == "Red" and marker.custom_data == "derush:problem"
    assert marker.note.startswith("Mean luma ") and " from 00:00:02." in marker.note
    tag = next(t for t in result.tags if t.name == "Problem")
    assert (tag.value, tag.source) == ("Underexposed", "look") and 0.5 <= tag.confidence <= 1.0
    assert [t.value for t in result.tags if t.name == "Keywords"] == ["Underexposed"]


def test_a_problem_that_starts_at_a_cut_starts_at_the_cut(tmp_path):
    frames = _frames(6.0, ranges={(50, 98): {"gain": 2.2, "lift": 40}})
    result = _look(frames, cuts=(50, 98), tmp_path=tmp_path)
    assert _problems(result) == {"Overexposed": [(50, 98)]}


def test_a_flash_frame_is_not_a_problem_but_a_dark_still_is(tmp_path):
    frames = _frames(4.0, ranges={(48, 50): {"gain": 3.0, "lift": 80}})
    assert _problems(_look(frames, tmp_path=tmp_path)) == {}
    dark_still = _frames(1 / 24, ranges={(0, 1): {"gain": 0.1}})
    assert _problems(_look(dark_still, tmp_path=tmp_path)) == {"Underexposed": [(0, 1)]}


def _moving(seconds: float, rate: float, shake: tuple[float, float] | None = None,
            pan: tuple[float, float] | None = None, shake_px: float = 2.0, pan_px_per_s: float = 36.0):
    """A camera that jitters (random offset each frame, ``shake_px`` at 320 px) over ``shake`` seconds and pans
    right at ``pan_px_per_s`` over ``pan`` seconds: the same physical motion whatever the frame rate."""
    pan_room = int(pan_px_per_s * seconds) + 2
    camera = Camera(SMALL, pan_room, 7)
    rng = np.random.default_rng(8)
    frames, x = [], 0.0
    for index in range(int(seconds * rate)):
        t = index / rate
        dx = dy = 0.0
        if shake and shake[0] <= t < shake[1]:
            dx, dy = np.clip(rng.normal(0, shake_px, 2), -MARGIN + 1, MARGIN - 1)
        if pan and pan[0] <= t < pan[1]:
            x += pan_px_per_s / rate
        frames.append(camera.frame(index, x + dx, dy))
    return frames


@pytest.mark.parametrize("rate", [Fraction(24), Fraction(60)])
def test_shake_and_pan_are_told_apart_at_any_frame_rate(rate, tmp_path):
    frames = _moving(9.0, float(rate), shake=(2.0, 4.5), pan=(6.0, 8.5))
    result = _look(frames, rate=rate, tmp_path=tmp_path)
    motion = _motion(result)
    assert [kind for kind, _, _ in motion] == ["static", "shaky", "static", "pan/tilt", "static"], motion
    tolerance = 0.3  # about one sample step (4 samples a second)
    for (kind, start, end), (want_start, want_end) in zip(motion[1::2], [(2.0, 4.5), (6.0, 8.5)]):
        assert abs(start - want_start) <= tolerance and abs(end - want_end) <= tolerance, (kind, start, end)
    shaky = _problems(result)
    assert list(shaky) == ["Shaky camera"]
    assert [t.value for t in result.tags if t.name == "Keywords"] == ["Shaky"]
