"""Which measured frames belong to a transition, not to the shot: fades to and from black, and the frames at a
cut. The ``look`` analyzer does not judge them for exposure or focus: a fade's dark frames are how the editor
(or the camera) meant them, and the frames at a cut mix two pictures or carry the encoder's refresh.

A fade, from its black end: up to ``black_s`` of black (nothing in the picture: the hold of a fade through
black, a leader), then luma rising sample after sample for at most ``fade_s``, until the picture is properly
exposed. Its black end lies at an edge of its shot (the clip's start or end, or a cut: the shot detector cuts a
fade through black in its dark middle) or, inside a shot, at a black stretch. A shot that stays dark is never
a fade, however it starts: the rise has to reach a picture that is not underexposed. An iris opened on a dark
shot within two seconds of its cut reads as a fade in; that is the price of the rule.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TransitionRules:
    #: Longest rise of luma counted as a fade (seconds).
    fade_s: float = 2.0
    #: Longest black hold at a fade's dark end (seconds).
    black_s: float = 2.0
    #: Mean luma (of full scale) at or under which a picture is black.
    black: float = 0.03
    #: A fade's luma rises at least this much from one measured frame to the next.
    step: float = 0.005
    #: Frames this close to a cut (either side) are not judged.
    cut_frames: int = 3


def near_cuts(indices: Sequence[int], cuts: Sequence[int], rules: TransitionRules) -> list[bool]:
    """For each measured frame: whether it lies within ``cut_frames`` of a cut (the first frame of a shot);
    ``cuts`` in order."""
    out = []
    for index in indices:
        n = bisect.bisect_right(cuts, index + rules.cut_frames)  # the first cut too far after this frame
        out.append(n > 0 and index - cuts[n - 1] < rules.cut_frames)
    return out


def fading(indices: Sequence[int], means: Sequence[float], shot_of: Sequence[int], fps: float,
           exposed: Callable[[int], bool], rules: TransitionRules) -> list[bool]:
    """For each measured frame (in order, ``means`` its mean luma 0..1, ``shot_of`` its shot): whether it is
    part of a fade. ``exposed(n)``: whether sample ``n`` is properly exposed (not underexposed)."""
    count = len(indices)
    out = [False] * count
    black = [m <= rules.black for m in means]

    def walk(start: int, direction: int) -> list[int]:
        """The samples of a fade whose black end is at ``start``, going ``direction``; [] when it is none."""
        shot, n, members = shot_of[start], start, []
        while 0 <= n < count and shot_of[n] == shot and black[n]:  # the black hold
            members.append(n)
            n += direction
        if members and abs(indices[members[-1]] - indices[members[0]]) > rules.black_s * fps:
            return []
        rise_from, came_back = (members[-1] if members else None), False
        # the rise: on while luma keeps rising, for at most fade_s; it must bring the picture back
        while 0 <= n < count and shot_of[n] == shot:
            previous = members[-1] if members else None
            if previous is not None and means[n] < means[previous] + rules.step:
                came_back = came_back or exposed(n)  # the rise ended on the shot's own picture
                break
            if rise_from is None:
                rise_from = n
            elif abs(indices[n] - indices[rise_from]) > rules.fade_s * fps:
                break
            came_back = came_back or exposed(n)
            members.append(n)
            n += direction
        # a fade's dark end is dark: a shot that starts well exposed and brightens is no fade
        return members if came_back and members and not exposed(members[0]) else []

    for n in range(count):
        shot = shot_of[n]
        starts_shot = n == 0 or shot_of[n - 1] != shot
        ends_shot = n == count - 1 or shot_of[n + 1] != shot
        anchors = []
        if starts_shot:
            anchors.append((n, 1))  # a fade in: from the shot's start onwards
        if ends_shot:
            anchors.append((n, -1))  # a fade out: from the shot's end backwards
        if black[n] and not starts_shot and not black[n - 1]:
            anchors.append((n, 1))  # a black stretch inside the shot: what comes after it
        if black[n] and not ends_shot and not black[n + 1]:
            anchors.append((n, -1))  # ... and what comes before it
        for start, direction in anchors:
            for member in walk(start, direction):
                out[member] = True
    return out
