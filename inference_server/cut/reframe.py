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
    seen = [f for f in analysis.faces if start <= f.time <= end] or \
        [f for f in analysis.faces if start - 1.0 <= f.time <= end + 1.0]  # sampled frames may fall just outside
    if Fraction(width, height) > aspect:  # narrower than the source: full height, placed left to right
        crop_w, crop_h = min(width, _even(height * aspect)), height
    else:  # wider: full width, placed top to bottom
        crop_w, crop_h = width, min(height, _even(width / aspect))
    if seen:
        # the largest face of each sampled frame; the crop follows the middle of where it was
        per_time: dict[float, pb.FaceBox] = {}
        for face in seen:
            if face.time not in per_time or face.width * face.height > per_time[face.time].width * per_time[
                    face.time].height:
                per_time[face.time] = face
        centre_x = median((f.x + f.width / 2) * width for f in per_time.values())
        centre_y = median((f.y + f.height / 2) * height for f in per_time.values())
        why = "crop on the largest face"
    else:
        centre_x, centre_y, why = width / 2, height / 2, "no face found: centre crop"
    x = int(round(min(max(centre_x - crop_w / 2, 0), width - crop_w)))
    y = int(round(min(max(centre_y - crop_h / 2, 0), height - crop_h)))
    return Reframed(Crop(x, y, crop_w, crop_h), why)
