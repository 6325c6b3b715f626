"""A reframed (9:16) cut applied in the emulated Resolve: a vertical timeline, each clip zoomed and panned so that
what the timeline shows is the plan's crop (read back through the API and inverted)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from protos.edit_plan import Crop, EditPlan, SourceClip
from resolve_plugin.emulator import create_resolve
from resolve_plugin.resolve.link import connect
from resolve_plugin.resolve.reframe import Transform, transform_for, visible_crop
from resolve_plugin.resolve.timeline_builder import build_timeline
from resolve_plugin.samples.encode import ClipFormat, write_clip


@pytest.mark.parametrize("crop,source,frame", [
    (Crop(100, 0, 608, 1080), (1920, 1080), (1080, 1920)),  # vertical from HD, face on the left
    (Crop(1312, 0, 608, 1080), (1920, 1080), (1080, 1920)),  # on the right edge
    (Crop(0, 200, 1080, 1350), (1080, 1920), (1080, 1350)),  # 4:5 from a vertical phone clip
    (Crop(420, 0, 1080, 1080), (1920, 1080), (1080, 1080)),  # square
])
def test_the_transform_shows_exactly_the_crop(crop, source, frame):
    _shows(visible_crop(transform_for(crop, source, frame), source, frame), crop)


def _shows(shown: tuple[float, ...], crop: Crop) -> None:
    """The whole crop is on screen, and little more (a crop's sides are whole pixels, the frame's ratio exact)."""
    x, y, w, h = shown
    assert x <= crop.x + 0.5 and y <= crop.y + 0.5, (shown, crop)
    assert x + w >= crop.x + crop.width - 0.5 and y + h >= crop.y + crop.height - 0.5, (shown, crop)
    assert w <= crop.width * 1.02 and h <= crop.height * 1.02, (shown, crop)


def test_a_centred_full_picture_needs_no_move():
    assert transform_for(Crop(0, 0, 1920, 1080), (1920, 1080), (1920, 1080)) == Transform(1.0, 0.0, 0.0)


def test_applying_a_reframed_cut_makes_a_vertical_timeline_showing_each_crop(tmp_path):
    fmt = ClipFormat("mov", "prores_ks", "yuv422p10le", "pcm_s16le", Fraction(24), width=320, height=180)
    path = tmp_path / "Entretien côté quai.mov"
    write_clip(path, fmt, [np.full((180, 320, 3), 90, np.uint8)] * 96, np.zeros(48000 * 4, np.float32), 48000,
               start_timecode="10:00:00:00")
    resolve = create_resolve(edition="studio", version=(21, 1, 0), project_name="Quai")
    project = connect(mode="emulator", emulator=resolve).project()
    item = project.GetMediaPool().ImportMedia([str(path)])[0]
    clip = SourceClip("sha256:" + "q" * 64, str(path), Fraction(24), 96, "10:00:00:00")
    plan = EditPlan("Quai vertical", Fraction(24), frame_size=(180, 320))
    left = plan.append(clip, 0, 40, "line 1")
    right = plan.append(clip, 48, 90, "line 2")
    crops = [Crop(10, 0, 102, 180), Crop(200, 0, 102, 180)]
    plan.events[:] = [replace(left, crop=crops[0]), replace(right, crop=crops[1])]

    report = build_timeline(project, plan, {str(path): item}, alternates="none")
    assert report.ok, report.mismatches
    timeline = report.timeline
    assert (timeline.GetSetting("timelineResolutionWidth"), timeline.GetSetting("timelineResolutionHeight")) == \
        ("180", "320")
    placed = timeline.GetItemListInTrack("video", 1)
    assert len(placed) == 2
    for placed_item, crop in zip(placed, crops):
        move = Transform(placed_item.GetProperty("ZoomX"), placed_item.GetProperty("Pan"),
                         placed_item.GetProperty("Tilt"))
        assert placed_item.GetProperty("ZoomY") == move.zoom
        _shows(visible_crop(move, (320, 180), (180, 320)), crop)
