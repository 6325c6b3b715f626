"""OTIO in and out: ``MediaPool.ImportTimelineFromFile`` and ``Timeline.Export(..., EXPORT_OTIO)``.

Import follows what the reference measured (docs/resolve-emulator.md §8, docs/interchange.md §1.1, §3.2):

* only a "Resolve-shaped" document imports: a clip's ``source_range`` is in the media's own timecode (a file
  starting at 01:00:00:00 @24 has its first frame at 86400). A clip whose range falls outside its media's
  timecode extent makes the whole import return None, creating nothing;
* ``timelineName`` (or the document's name) already taken: None, no error;
* media are linked by file path: with ``importSourceClips`` (default True) a file already in the pool is reused,
  any other is imported into the current folder; with ``importSourceClips`` False OTIO does not relink from the
  pool and every item comes in offline (docs/interchange.md §1.1; ``sourceClipsFolders`` does not help OTIO);
* when the timeline rate differs from the media's, Resolve writes (and reads) the source range at the timeline
  rate while the media reference keeps the media rate: we convert through seconds either way;
* clip markers are in clip source (media) time; a marker outside its clip is dropped; the note comes from
  ``metadata["Resolve_OTIO"]["Note"]``, else ``comment``.

Export writes the same shape (Clip.2, bare absolute paths, ``global_start_time``, ``Resolve_OTIO`` metadata).
Resolve's exporter was measured to write no timeline markers (LIM [obs 19.1.3.7]); neither do we.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote, urlparse

import opentimelineio as otio

from protos.resolve_vocabulary import marker_color_from_otio, marker_color_to_otio
from protos.timecode import normalise_rate, timecode_to_frames
from resolve_plugin.emulator.editing import (
    DEFAULT_START,
    VIDEO_ITEM_PROPERTIES,
    register,
    timeline_name_taken,
)
from resolve_plugin.emulator.markers import Marker
from resolve_plugin.emulator.media_import import Request, describe, import_requests, probe_or_none
from resolve_plugin.emulator.model import (
    ClipModel,
    FolderModel,
    ItemModel,
    ProjectModel,
    TimelineModel,
    TrackModel,
)
from resolve_plugin.emulator.project_settings import TIMELINE_KEYS, rate_of

log = logging.getLogger(__name__)

RESOLVE_KEY = "Resolve_OTIO"


@dataclass
class _Planned:
    kind: str
    track: int
    offset: int
    duration: int
    name: str
    path: Path | None
    clip: ClipModel | None = None  # an existing pool clip, or one to import at commit
    source_start: float = 0
    source_end: float = 0
    enabled: bool = True
    link: int | None = None
    markers: list[tuple[float, Marker]] = field(default_factory=list)


class _Refused(Exception):
    """The document is not one Resolve imports."""


def import_timeline(
    session, project: ProjectModel, path: Path, options: dict, folders: list[FolderModel],
) -> TimelineModel | None:
    if path.suffix.lower() != ".otio":
        log.info("ImportTimelineFromFile: the emulator reads .otio only, not %s", path.name)
        return None
    try:
        document = otio.adapters.read_from_file(str(path), adapter_name="otio_json")
    except Exception as exc:  # a file OTIO cannot read is a failed import, not an error in the script
        log.info("ImportTimelineFromFile: cannot read %s: %s", path, exc)
        return None
    if not isinstance(document, otio.schema.Timeline):
        return None
    name = options.get("timelineName") or document.name or path.stem
    if timeline_name_taken(project, name):
        return None  # §8, §13.7: None, no error
    project_rate, project_drop = rate_of(project.settings)
    start = document.global_start_time
    rate = normalise_rate(start.rate) if start is not None else project_rate
    drop = project_drop if rate == project_rate else False
    start_frame = round(start.value_rescaled_to(float(rate))) if start is not None else timecode_to_frames(
        DEFAULT_START, rate)
    try:
        plan = _plan(project, document, rate, options)
    except (_Refused, otio.exceptions.OTIOError, ValueError) as exc:
        log.info("ImportTimelineFromFile refused %s: %s", path.name, exc)
        return None
    settings = {k: project.settings[k] for k in TIMELINE_KEYS if k in project.settings}
    settings["useCustomSettings"] = "0"
    timeline = TimelineModel(name, rate, drop, start_frame, settings)
    if rate != project_rate:
        rate_text = f"{float(rate):.3f}".rstrip("0").rstrip(".")
        settings.update({"useCustomSettings": "1", "timelineFrameRate": rate_text,
                         "timelinePlaybackFrameRate": rate_text, "timelineDropFrameTimecode": "0"})
    _commit(project, document, timeline, plan)
    register(project, timeline)
    project.current_timeline = timeline
    return timeline


def _media_path(reference) -> Path | None:
    if not isinstance(reference, otio.schema.ExternalReference) or not reference.target_url:
        return None
    url = reference.target_url
    if url.startswith("file://"):
        return Path(unquote(urlparse(url).path))
    return Path(url)  # Resolve writes bare absolute paths (docs/interchange.md §3.2)


def _find(project: ProjectModel, path: Path, options: dict) -> tuple[Path | None, ClipModel | None]:
    """The file to link and the pool clip that already holds it."""
    if not path.is_file() and options.get("sourceClipsPath"):
        found = sorted(Path(options["sourceClipsPath"]).rglob(path.name))
        path = found[0] if found else path
    for clip in project.clips():
        if not clip.is_timeline and clip.path == path and clip.first_frame == 0 and not clip.image_sequence:
            return path, clip
    return (path if path.is_file() else None), None


def _plan(project: ProjectModel, document, rate: Fraction, options: dict) -> list[_Planned]:
    import_clips = options.get("importSourceClips", True)
    planned: list[_Planned] = []
    probes: dict[Path, ClipModel] = {}
    counters = {"video": 0, "audio": 0}
    for track in document.tracks:
        kind = {otio.schema.TrackKind.Video: "video", otio.schema.TrackKind.Audio: "audio"}.get(track.kind)
        if kind is None:
            continue
        counters[kind] += 1
        cursor = 0
        for child in track:
            if isinstance(child, otio.schema.Transition):
                continue  # transitions take no time of their own in OTIO
            length = round(child.duration().value_rescaled_to(float(rate)))
            if isinstance(child, otio.schema.Clip):
                planned.append(_plan_clip(project, child, kind, counters[kind], cursor, length, options, probes,
                                          import_clips))
            cursor += length
    return planned


def _plan_clip(project, clip, kind, track, cursor, length, options, probes, import_clips) -> _Planned:
    path = _media_path(clip.media_reference)
    metadata = clip.metadata.get(RESOLVE_KEY, {}) or {}
    entry = _Planned(kind, track, cursor, length, clip.name, path, enabled=clip.enabled,
                     link=metadata.get("Link Group ID"))
    if path is None:
        return entry  # MissingReference: an offline item
    path, existing = _find(project, path, options)
    if path is None:
        return entry  # the file is not there: offline
    model = existing or probes.get(path)
    if model is None:
        info = probe_or_none(path)
        if info is None:
            return entry
        model = ClipModel(name=path.name, folder=None, path=path)
        describe(model, info, project)
        probes[path] = model
    media_rate = float(model.rate)
    source = clip.source_range or clip.available_range()
    start = round(source.start_time.value_rescaled_to(media_rate)) - model.tc_start
    end = start + round(source.duration.value_rescaled_to(media_rate))
    if start < 0 or end > model.frames:
        # §8 LIM [obs 19.1.3.7]: source ranges must be in the media's own timecode, or the import returns None.
        raise _Refused(f"{clip.name}: source frames {start}..{end} outside the media's 0..{model.frames}")
    entry.source_start, entry.source_end = start, end
    entry.clip = model if import_clips else None
    entry.path = path
    for marker in clip.markers:
        frame = round(marker.marked_range.start_time.value_rescaled_to(media_rate)) - model.tc_start
        if not start <= frame < end:
            continue  # docs/interchange.md §1.1: a marker outside its clip is dropped
        entry.markers.append((frame, _marker(marker, media_rate)))
    return entry


def _marker(marker, rate: float) -> Marker:
    note = (marker.metadata.get(RESOLVE_KEY, {}) or {}).get("Note") or marker.comment or ""
    duration = max(1, round(marker.marked_range.duration.value_rescaled_to(rate)))
    color = marker_color_from_otio(marker.color)
    return Marker(color, float(duration), note, marker.name or "Marker", "")


def _commit(project: ProjectModel, document, timeline: TimelineModel, plan: list[_Planned]) -> None:
    for track in document.tracks:
        kind = {otio.schema.TrackKind.Video: "video", otio.schema.TrackKind.Audio: "audio"}.get(track.kind)
        if kind is None:
            continue
        index = len(timeline.tracks[kind]) + 1
        default = f"{kind.capitalize()} {index}"
        metadata = track.metadata.get(RESOLVE_KEY, {}) or {}
        timeline.tracks[kind].append(TrackModel(
            kind, "" if track.name in ("", default) else track.name, track.enabled, bool(metadata.get("Locked")),
            str(metadata.get("Audio Type", "Stereo")).lower() if kind == "audio" else "",
        ))
    for kind in ("video", "audio"):
        if not timeline.tracks[kind]:
            timeline.tracks[kind].append(TrackModel(kind, sub_type="stereo" if kind == "audio" else ""))
    imported: dict[Path, ClipModel] = {}
    links: dict[object, int] = {}
    for entry in plan:
        clip = entry.clip
        if clip is not None and clip.folder is None:
            # Probed during planning, not yet in the pool: import it into the current folder now.
            if entry.path not in imported:
                made = import_requests(project, project.current_folder, [Request(entry.path)])
                imported[entry.path] = made[0] if made else _pool_clip(project, entry.path)
            clip = imported[entry.path]
        link = None
        if entry.link is not None:
            link = links.setdefault(entry.link, timeline.next_link + len(links))
        item = ItemModel(entry.kind, entry.name, clip, entry.offset, entry.duration, entry.source_start,
                         entry.source_end, enabled=entry.enabled, link=link,
                         properties=dict(VIDEO_ITEM_PROPERTIES) if entry.kind == "video" else {})
        for frame, marker in entry.markers:
            item.markers.put(frame, marker)
        timeline.tracks[entry.kind][entry.track - 1].items.append(item)
    timeline.next_link += len(links)
    for marker in document.tracks.markers:
        frame = round(marker.marked_range.start_time.value_rescaled_to(float(timeline.rate)))
        timeline.markers.put(frame, _marker(marker, float(timeline.rate)))


def _pool_clip(project: ProjectModel, path: Path) -> ClipModel | None:
    return next((c for c in project.clips() if c.path == path and not c.is_timeline), None)


def export_timeline(project: ProjectModel, timeline: TimelineModel, path: Path) -> bool:
    rate = float(timeline.rate)
    document = otio.schema.Timeline(name=timeline.name)
    document.global_start_time = otio.opentime.RationalTime(timeline.start_frame, rate)
    document.metadata[RESOLVE_KEY] = {"Resolve OTIO Meta Version": "1.0"}
    for kind, otio_kind in (("video", otio.schema.TrackKind.Video), ("audio", otio.schema.TrackKind.Audio)):
        for index, track in enumerate(timeline.tracks[kind], start=1):
            out = otio.schema.Track(name=track.name or f"{kind.capitalize()} {index}", kind=otio_kind)
            out.enabled = track.enabled
            meta = {"Locked": track.locked}
            if kind == "audio":
                meta.update({"Audio Type": track.sub_type.capitalize() or "Stereo", "SoloOn": False})
            out.metadata[RESOLVE_KEY] = meta
            cursor = 0.0
            for item in track.live_items():
                if item.offset > cursor:
                    out.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(
                        otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(item.offset - cursor, rate))))
                out.append(_export_clip(item, rate))
                cursor = item.end
            document.tracks.append(out)
    try:
        otio.adapters.write_to_file(document, str(path), adapter_name="otio_json")
    except (OSError, ValueError) as exc:
        log.info("Export to %s failed: %s", path, exc)
        return False
    return True


def _export_clip(item: ItemModel, rate: float):
    clip = item.clip
    duration = otio.opentime.RationalTime(item.duration, rate)
    if clip is None or not clip.alive or clip.is_timeline or clip.path is None:
        source = otio.opentime.TimeRange(otio.opentime.RationalTime(item.source_start, rate), duration)
        return otio.schema.Clip(name=item.name, media_reference=otio.schema.MissingReference(), source_range=source)
    media_rate = float(clip.rate)
    origin = clip.tc_start + clip.first_frame
    start = otio.opentime.RationalTime(origin + item.source_start, media_rate).rescaled_to(rate)
    reference = otio.schema.ExternalReference(
        target_url=str(clip.path),
        available_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(origin, media_rate), otio.opentime.RationalTime(clip.frames, media_rate)),
    )
    out = otio.schema.Clip(name=item.name, media_reference=reference,
                           source_range=otio.opentime.TimeRange(start, duration))
    out.enabled = item.enabled
    out.metadata[RESOLVE_KEY] = {"Link Group ID": item.link} if item.link is not None else {}
    for frame, marker in item.markers.items():
        out.markers.append(otio.schema.Marker(
            name=marker.name,
            marked_range=otio.opentime.TimeRange(otio.opentime.RationalTime(origin + frame, media_rate),
                                                 otio.opentime.RationalTime(marker.duration, media_rate)),
            color=marker_color_to_otio(marker.color),
            metadata={RESOLVE_KEY: {"Keywords": [], "Note": marker.note}},
        ))
    return out
