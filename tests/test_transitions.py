"""What counts as a fade or a cut's frames for the ``look`` analyzer, on measured mean luma (4 samples a second
at 24 fps, as the analyzer measures): ramps to and from black are fades, darkness that stays is not."""

from __future__ import annotations

from inference_server.analyzers.look import LookOptions
from inference_server.analyzers.transitions import TransitionRules, fading, near_cuts

RULES = TransitionRules()
FPS = 24.0
STEP = 6  # frames between samples
UNDER = LookOptions().under_mean


def _fading(means: list[float], shot_of: list[int] | None = None) -> list[bool]:
    indices = [n * STEP for n in range(len(means))]
    return fading(indices, means, shot_of or [0] * len(means), FPS, lambda n: means[n] >= UNDER, RULES)


def _ramp(seconds: float, top: float = 0.45) -> list[float]:
    count = round(seconds * 4)
    return [top * (n + 1) / count for n in range(count)]


def test_a_fade_in_and_a_fade_out_at_the_clip_edges_are_fades_up_to_the_picture():
    means = [0.0, *_ramp(1.5), *[0.45] * 8, *_ramp(1.5)[::-1], 0.0]
    flags = _fading(means)
    rise = len(_ramp(1.5))
    assert flags[: 1 + rise] == [True] * (1 + rise)  # black, then the rise to the shot's picture
    assert flags[1 + rise : -1 - rise] == [False] * 8
    assert flags[-1 - rise :] == [True] * (1 + rise)


def test_a_fade_through_black_across_a_cut_and_a_dip_to_black_inside_a_shot():
    out, back = [*_ramp(2.0)[::-1], 0.0, 0.0], [0.0, *_ramp(2.0)]
    across = _fading([0.45] * 4 + out + back + [0.45] * 4, [0] * (4 + len(out)) + [1] * (len(back) + 4))
    inside = _fading([0.45] * 4 + out + back + [0.45] * 4)  # no shot detector: the black dip alone
    for flags in (across, inside):
        assert flags == [False] * 4 + [True] * (len(out) + len(back)) + [False] * 4


def test_darkness_that_stays_is_never_a_fade():
    assert not any(_fading([0.08] * 16))  # an underexposed shot
    assert not any(_fading([0.0, *_ramp(1.0, top=0.1), *[0.1] * 12]))  # a fade in to a dark picture
    assert not any(_fading([0.04] * 8 + [0.01] * 8))  # a dark scene, then the lens cap
    assert not any(_fading([0.0] * 12 + [0.45] * 8))  # three seconds of black are more than a fade's hold


def test_a_rise_longer_than_a_fade_is_not_one():
    slow = [0.0, *_ramp(4.0, top=0.2), *[0.45] * 4]  # 4 s from black to barely exposed
    assert not any(_fading(slow))


def test_a_well_exposed_shot_that_brightens_is_not_a_fade():
    assert not any(_fading([0.3, 0.35, 0.4, 0.45, 0.45, 0.45]))


def test_only_the_frames_a_few_frames_from_a_cut_are_at_the_cut():
    indices = list(range(0, 48, 1))
    at = near_cuts(indices, [24], RULES)
    assert [i for i, flag in zip(indices, at) if flag] == [21, 22, 23, 24, 25, 26]
    assert near_cuts([0, 47], [], RULES) == [False, False]
