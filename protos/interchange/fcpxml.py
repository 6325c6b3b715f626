"""Edit plan -> FCPXML 1.8 / 1.9 / 1.10, hand-written in the shape Resolve reads and writes.

Why not ``otio-fcpx-xml-adapter``: it drops the library/event wrapper, ``tcStart``, format sizes and timeline
markers (docs/interchange.md §1.2). What Resolve needs, and what its own exports look like (§1.2, F4/F5):

- ``<!DOCTYPE fcpxml>`` and a ``<library><event><project>`` wrapper;
- a full ``<format>`` per rate (``frameDuration``, ``width``, ``height``);
- assets whose ``start`` is the media's own start timecode, or linking fails ("timecode extents do not match");
- ``media-rep src="file:///…"`` (1.9+; in 1.8 the DTD has ``src`` on the asset itself);
- a sequence with ``tcStart`` = 01:00:00:00 and its ``tcFormat``, spine clips offset from there.

Times are exact rationals in seconds. Offsets and durations sit on the timeline's frame grid; ``start`` sits
on each clip's own frame grid, so clips at other rates stay frame-exact where they are cut in. A clip at
another rate plays at normal speed (Resolve conforms): its out point is implied by the timeline duration.

Plan -> FCPXML:
- main-track events: ``asset-clip`` in the spine; holes become ``gap``;
- alternates: connected ``asset-clip``s on lane 1, ``enabled="0"``, anchored to the spine item they could
  replace (one per place, as on the OTIO alternates track);
- an event's reason: the clip's ``<note>`` and a ``derush`` marker over the whole clip, as in the OTIO file;
- timeline markers: a sequence cannot hold markers (DTD: ``sequence (note?, spine, metadata?)``), so each
  goes on the spine item under it, at the same record frame. FCPXML markers have no colour (§1.2).

The plan carries no frame size: formats are 1920x1080 unless the writer is given another size, and every
format uses the same size. Audio is not written (the plan does not say which media has sound).
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path, PurePosixPath, PureWindowsPath

from protos.edit_plan import EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange.base import WriterError, main_track, placed_alternates, write_text
from protos.timecode import (
    exact_seconds,
    frame_duration,
    frames_to_rational_time_string,
    is_drop_frame_rate,
    is_drop_frame_timecode,
    rational_time_string,
    timecode_to_frames,
    timeline_start_frame,
)

log = logging.getLogger(__name__)

FCPXML_VERSIONS = ("1.8", "1.9", "1.10")  # what Resolve 18.5+ imports and exports (docs/interchange.md §1)
DEFAULT_VERSION = "1.10"
DEFAULT_SIZE = (1920, 1080)
REASON_MARKER = "derush"  # the marker name the OTIO writer gives an event's reason

# Final Cut Pro's format names ("FFVideoFormat1080p2398"); a size or rate not listed gets no name.
_SIZE_NAMES = {(1920, 1080): "1080p", (1280, 720): "720p", (3840, 2160): "3840x2160p",
               (4096, 2160): "4096x2160p", (2048, 1080): "2048x1080p"}
_RATE_NAMES = {Fraction(24000, 1001): "2398", Fraction(24): "24", Fraction(25): "25",
               Fraction(30000, 1001): "2997", Fraction(30): "30", Fraction(48000, 1001): "4795",
               Fraction(48): "48", Fraction(50): "50", Fraction(60000, 1001): "5994", Fraction(60): "60"}


def to_fcpxml(plan: EditPlan, version: str = DEFAULT_VERSION, size: tuple[int, int] = DEFAULT_SIZE) -> str:
    """The plan as an FCPXML document (text, UTF-8 declared)."""
    if version not in FCPXML_VERSIONS:
        raise WriterError(f"FCPXML {version} is not written; choose one of {', '.join(FCPXML_VERSIONS)}")
    root = _Document(plan, version, size).build()
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n{body}\n'


@dataclass
class FcpxmlWriter:
    """Writes ``<name>.fcpxml``; ``version`` is one of 1.8, 1.9, 1.10, ``size`` the frame size of every format."""

    version: str = DEFAULT_VERSION
    size: tuple[int, int] = DEFAULT_SIZE
    suffix: str = ".fcpxml"

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        return [write_text(path, to_fcpxml(plan, self.version, self.size))]


def file_url(path: str) -> str:
    """``file:///`` URL of an absolute POSIX or Windows path, percent-escaped (spaces, accents, ``#``)."""
    if re.match(r"^[A-Za-z]:[\\/]", path) or path.startswith("\\\\"):
        return PureWindowsPath(path).as_uri()
    posix = PurePosixPath(path)
    if not posix.is_absolute():
        raise WriterError(f"media path {path!r} is not absolute: Resolve links FCPXML media by absolute URL")
    return posix.as_uri()


@dataclass
class _SpineItem:
    """A spine element with where it sits on the timeline and where its own local time starts."""

    element: ET.Element
    record_in: int
    record_out: int
    local_start: Fraction  # seconds: the item's ``start`` (media time for clips)
    anchored: list[ET.Element] = field(default_factory=list)
    markers: list[ET.Element] = field(default_factory=list)

    def local_time(self, record_frame: int, rate: Fraction) -> Fraction:
        return self.local_start + exact_seconds(record_frame - self.record_in, rate)


class _Document:
    def __init__(self, plan: EditPlan, version: str, size: tuple[int, int]):
        self.plan = plan
        self.rate = Fraction(plan.rate)
        self.version = version
        self.size = size
        self.resources = ET.Element("resources")
        self._formats: dict[Fraction, str] = {}
        self._assets: dict[tuple[str, str], str] = {}
        self._next_id = 1
        self.start = timeline_start_frame(self.rate)

    def build(self) -> ET.Element:
        root = ET.Element("fcpxml", version=self.version)
        root.append(self.resources)
        sequence_format = self._format(self.rate)
        items = self._spine_items()
        for alternate in placed_alternates(self.plan):
            self._anchor_alternate(items, alternate)
        for marker in self.plan.markers:
            self._timeline_marker(items, marker)

        library = ET.SubElement(root, "library")
        event = ET.SubElement(library, "event", name=self.plan.name)
        project = ET.SubElement(event, "project", name=self.plan.name)
        end = items[-1].record_out if items else 0
        sequence = ET.SubElement(project, "sequence", {
            "format": sequence_format,
            "duration": frames_to_rational_time_string(end, self.rate),
            "tcStart": frames_to_rational_time_string(self.start, self.rate),
            "tcFormat": "DF" if is_drop_frame_rate(self.rate) else "NDF",
        })
        spine = ET.SubElement(sequence, "spine")
        for item in items:
            # DTD order inside a clip or gap: note, anchored items, markers.
            item.element.extend(item.anchored)
            item.element.extend(item.markers)
            spine.append(item.element)
        return root

    # --- resources ---

    def _id(self) -> str:
        ident = f"r{self._next_id}"
        self._next_id += 1
        return ident

    def _format(self, rate: Fraction) -> str:
        rate = Fraction(rate)
        if rate not in self._formats:
            ident = self._formats[rate] = self._id()
            width, height = self.size
            attrs = {"id": ident}
            size_name, rate_name = _SIZE_NAMES.get(self.size), _RATE_NAMES.get(rate)
            if size_name and rate_name:
                attrs["name"] = f"FFVideoFormat{size_name}{rate_name}"
            attrs.update(frameDuration=rational_time_string(frame_duration(rate)), width=str(width),
                         height=str(height))
            self.resources.append(ET.Element("format", attrs))
        return self._formats[rate]

    def _asset(self, clip: SourceClip) -> str:
        key = (clip.media_id, clip.path)
        if key not in self._assets:
            format_id = self._format(clip.rate)
            ident = self._assets[key] = self._id()
            url = file_url(clip.path)
            attrs = {
                "id": ident, "name": clip.name,
                # the media's own timecode: Resolve links by timecode extents (docs/interchange.md §1.2)
                "start": frames_to_rational_time_string(_media_start(clip), clip.rate),
                "duration": frames_to_rational_time_string(clip.frames, clip.rate),
                "hasVideo": "1", "format": format_id,
            }
            if self.version == "1.8":
                attrs["src"] = url  # 1.8 has no media-rep
            asset = ET.SubElement(self.resources, "asset", attrs)
            if self.version != "1.8":
                ET.SubElement(asset, "media-rep", kind="original-media", src=url)
        return self._assets[key]

    # --- spine ---

    def _spine_items(self) -> list[_SpineItem]:
        items: list[_SpineItem] = []
        position = 0
        for event in main_track(self.plan):
            if event.record_in > position:
                items.append(self._gap(position, event.record_in))
            items.append(self._clip_item(event, lane=None))
            position = items[-1].record_out
        return items

    def _gap(self, record_in: int, record_out: int) -> _SpineItem:
        offset = frames_to_rational_time_string(self.start + record_in, self.rate)
        element = ET.Element("gap", {
            "name": "Gap", "offset": offset, "start": offset,
            "duration": frames_to_rational_time_string(record_out - record_in, self.rate),
        })
        return _SpineItem(element, record_in, record_out, exact_seconds(self.start + record_in, self.rate))

    def _clip_item(self, event: EditEvent, lane: str | None, offset: Fraction | None = None) -> _SpineItem:
        clip = event.clip
        record_frames = self.plan.record_frames(event)
        start = exact_seconds(_media_start(clip) + event.source_in, clip.rate)
        attrs = {"ref": self._asset(clip)}
        if lane is not None:
            attrs["lane"] = lane
        attrs.update({
            "offset": (rational_time_string(offset) if offset is not None
                       else frames_to_rational_time_string(self.start + event.record_in, self.rate)),
            "name": clip.name,
            "start": frames_to_rational_time_string(_media_start(clip) + event.source_in, clip.rate),
            # on the timeline's grid: a clip at another rate keeps its duration (plan.record_frames)
            "duration": frames_to_rational_time_string(record_frames, self.rate),
            "format": self._format(clip.rate),
            "tcFormat": "DF" if _clip_is_drop_frame(clip) else "NDF",
            "enabled": "1" if event.enabled else "0",
        })
        element = ET.Element("asset-clip", attrs)
        item = _SpineItem(element, event.record_in, event.record_in + record_frames, start)
        if event.reason:
            ET.SubElement(element, "note").text = event.reason
            item.markers.append(self._marker(start, record_frames, REASON_MARKER, event.reason))
        return item

    def _anchor_alternate(self, items: list[_SpineItem], alternate: EditEvent) -> None:
        parent = self._item_at(items, alternate.record_in)
        offset = parent.local_time(alternate.record_in, self.rate)
        connected = self._clip_item(alternate, lane="1", offset=offset)
        connected.element.extend(connected.markers)
        parent.anchored.append(connected.element)

    def _timeline_marker(self, items: list[_SpineItem], marker: PlanMarker) -> None:
        if marker.frame < 0:
            log.warning("marker %r before the timeline start left out", marker.name)
            return
        parent = self._item_at(items, marker.frame)
        parent.markers.append(self._marker(parent.local_time(marker.frame, self.rate), max(marker.duration, 1),
                                           marker.name, marker.note))

    def _item_at(self, items: list[_SpineItem], record_frame: int) -> _SpineItem:
        """The spine item under ``record_frame``; past the end of the cut, a gap is added to hold it."""
        for item in items:
            if item.record_in <= record_frame < item.record_out:
                return item
        end = items[-1].record_out if items else 0
        log.info("frame %d is past the end of the cut (%d): a gap is added to hold what sits there", record_frame,
                 end)
        items.append(self._gap(end, record_frame + 1))
        return items[-1]

    def _marker(self, start: Fraction, frames: int, name: str, note: str) -> ET.Element:
        attrs = {"start": rational_time_string(start),
                 "duration": frames_to_rational_time_string(frames, self.rate), "value": name}
        if note:
            attrs["note"] = note
        return ET.Element("marker", attrs)


def _media_start(clip: SourceClip) -> int:
    return timecode_to_frames(clip.start_timecode, clip.rate)


def _clip_is_drop_frame(clip: SourceClip) -> bool:
    return is_drop_frame_rate(clip.rate) and is_drop_frame_timecode(clip.start_timecode)
