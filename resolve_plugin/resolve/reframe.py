"""A reframed cut in Resolve (a 9:16 cutdown): the timeline at the plan's frame size, each clip zoomed and panned
so that the timeline shows the plan's crop of its picture.

Resolve fits a clip of another shape inside the timeline's frame ("Scale entire image to fit", the default for
mismatched resolutions) before the item's own transform: Zoom scales that fitted picture about its centre, Pan and
Tilt move it in timeline pixels (Tilt up). So for a crop (x, y, w, h) of a W x H source in a Wt x Ht timeline:
fit = min(Wt / W, Ht / H), zoom = min(Wt / (w * fit), Ht / (h * fit)), and the crop's centre is brought to the
frame's centre: Pan = -(x + w/2 - W/2) * fit * zoom, Tilt = (y + h/2 - H/2) * fit * zoom.
The Inspector's units (timeline pixels for Position) are our reading of Resolve's Inspector, not measured through
the API (docs/resolve-emulator.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protos.edit_plan import Crop, EditPlan


@dataclass(frozen=True)
class Transform:
    zoom: float
    pan: float
    tilt: float


def transform_for(crop: Crop, source: tuple[int, int], frame: tuple[int, int]) -> Transform:
    width, height = source
    frame_w, frame_h = frame
    fit = min(frame_w / width, frame_h / height)
    zoom = min(frame_w / (crop.width * fit), frame_h / (crop.height * fit))
    pan = -(crop.x + crop.width / 2 - width / 2) * fit * zoom
    tilt = (crop.y + crop.height / 2 - height / 2) * fit * zoom
    return Transform(round(zoom, 4), round(pan, 2), round(tilt, 2))


def visible_crop(transform: Transform, source: tuple[int, int], frame: tuple[int, int]) -> tuple[float, ...]:
    """The part of the source a transform shows (x, y, w, h): the inverse, for reading a timeline back."""
    width, height = source
    frame_w, frame_h = frame
    scale = min(frame_w / width, frame_h / height) * transform.zoom
    w, h = frame_w / scale, frame_h / scale
    cx = width / 2 - transform.pan / scale
    cy = height / 2 + transform.tilt / scale
    return cx - w / 2, cy - h / 2, w, h


def set_frame_size(timeline: Any, size: tuple[int, int]) -> list[str]:
    """The timeline's resolution; what Resolve refused, in words."""
    timeline.SetSetting("useCustomSettings", "1")  # others change only on a custom-settings timeline (§9)
    refused = [f"{key} {value}" for key, value in (("timelineResolutionWidth", size[0]),
                                                   ("timelineResolutionHeight", size[1]))
               if not timeline.SetSetting(key, str(value))]
    return [f"Resolve would not set the timeline's {r}" for r in refused]


def source_size(media_pool_item: Any) -> tuple[int, int] | None:
    """A clip's picture size from its "Resolution" property ("1920x1080")."""
    text = str(media_pool_item.GetClipProperty("Resolution") or "")
    width, _, height = text.partition("x")
    return (int(width), int(height)) if width.isdigit() and height.isdigit() else None


def reframe_items(plan: EditPlan, placed: dict[int, Any], start_frame: int) -> list[str]:
    """Zoom and pan each placed event's item onto its crop; ``placed`` maps a timeline frame to the item starting
    there. Returns what could not be done, in words."""
    problems = []
    if plan.frame_size is None:
        return problems
    for event in plan.events:
        item = placed.get(start_frame + event.record_in)
        if event.crop is None or item is None:
            continue
        source = source_size(item.GetMediaPoolItem())
        if source is None:
            problems.append(f"{event.clip.name}: no picture size in Resolve, not reframed")
            continue
        move = transform_for(event.crop, source, plan.frame_size)
        for key, value in (("ZoomX", move.zoom), ("ZoomY", move.zoom), ("Pan", move.pan), ("Tilt", move.tilt)):
            if not item.SetProperty(key, value):
                problems.append(f"{event.clip.name}: Resolve refused {key} {value}")
    return problems
