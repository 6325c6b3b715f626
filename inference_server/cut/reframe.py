"""Reframing a cut to another aspect ratio (a 9:16 cutdown for social media): a static crop per event, placed on
the largest face seen while the event plays, or the centre of the picture when no face was found (said in the
reason).

The timeline's frame keeps the sources' short side (1920x1080 rushes give a 1080x1920 vertical timeline); the crop
is in source pixels, as tall (or as wide) as the source, the other side from the ratio.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from statistics import median

from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import Crop

#: a face sampled at most this far from an event (and none around it) still places its crop
NEAREST_S = 3.0


@dataclass(frozen=True)
class Reframed:
    crop: Crop
    why: str  # for the reason: "crop on the largest face" / "no face found: centre crop"


def frame_size(width: int, height: int, aspect: Fraction) -> tuple[int, int]:
    """The reframed timeline's size: the sources' short side kept, the other from the ratio (even numbers)."""
    short = min(width, height)
    if aspect < 1:
        return short, _even(short / aspect)
    return _even(short * aspect), short


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def crop_for(analysis: pb.ClipAnalysis, start: float, end: float, aspect: Fraction) -> Reframed:
    """The crop of ``analysis``'s picture at ``aspect`` for the source seconds ``start``..``end``."""
    width, height = analysis.width, analysis.height
    if Fraction(width, height) > aspect:  # narrower than the source: full height, placed left to right
        crop_w, crop_h = min(width, _even(height * aspect)), height
    else:  # wider: full width, placed top to bottom
        crop_w, crop_h = width, min(height, _even(width / aspect))
    centre = _face_centre(analysis, start, end)
    if centre is not None:
        centre_x, centre_y = centre[0] * width, centre[1] * height
        why = "crop on the largest face"
    else:
        centre_x, centre_y, why = width / 2, height / 2, "no face found: centre crop"
    x = int(round(min(max(centre_x - crop_w / 2, 0), width - crop_w)))
    y = int(round(min(max(centre_y - crop_h / 2, 0), height - crop_h)))
    return Reframed(Crop(x, y, crop_w, crop_h), why)


def _largest_per_time(analysis: pb.ClipAnalysis) -> list[tuple[float, float, float]]:
    """(time, centre x, centre y) of the largest face of each sampled frame, in shares of the frame."""
    largest: dict[float, pb.FaceBox] = {}
    for face in analysis.faces:
        if face.time not in largest or face.width * face.height > largest[face.time].width * largest[face.time].height:
            largest[face.time] = face
    return sorted((t, f.x + f.width / 2, f.y + f.height / 2) for t, f in largest.items())


def _face_centre(analysis: pb.ClipAnalysis, start: float, end: float) -> tuple[float, float] | None:
    """Where the largest face is while ``start``..``end`` plays: the middle of where it was seen then, or, between
    two sampled frames, where it was heading (people drift in a shot; the faces are sampled a few times a shot)."""
    seen = _largest_per_time(analysis)
    inside = [(x, y) for t, x, y in seen if start <= t <= end]
    if inside:
        return median(x for x, _ in inside), median(y for _, y in inside)
    middle = (start + end) / 2
    before = [s for s in seen if s[0] < start]
    after = [s for s in seen if s[0] > end]
    if before and after:
        (t0, x0, y0), (t1, x1, y1) = before[-1], after[0]
        share = (middle - t0) / (t1 - t0)
        return x0 + (x1 - x0) * share, y0 + (y1 - y0) * share
    nearest = (before[-1:] + after[:1])
    if nearest and min(abs(nearest[0][0] - start), abs(nearest[0][0] - end)) <= NEAREST_S:
        return nearest[0][1], nearest[0][2]
    return None
