"""Timeline.Export: real files from the emulated timeline (docs/resolve-emulator.md §8).

The timeline is read into derush's edit plan and written by the project's own writers (``protos/interchange``),
each checked elsewhere against independent readers. What Resolve does, and what we follow:

* ``EXPORT_OTIO``: a file in the shape Resolve's OTIO exporter writes (``otio_io.py``).
* ``EXPORT_FCPXML_1_10`` (with ``EXPORT_NONE``): returns True and writes a *folder* at the path holding
  ``Info.fcpxml``, Final Cut's bundle shape; every other type writes a plain file (davinci-resolve-mcp
  ``src/utils/api_truth.py`` "Timeline.Export(EXPORT_FCPXML_1_10)", ``scripts/roundtrip_matrix.py``, Studio
  19.1.3.7). ``EXPORT_FCPXML_1_8`` and ``_1_9`` write a plain ``.fcpxml``.
* ``EXPORT_EDL`` with ``EXPORT_NONE``: a CMX3600 EDL of video track 1. ``EXPORT_CDL``, ``EXPORT_SDL`` and
  ``EXPORT_MISSING_CLIPS`` answer False: they need grades or Resolve's own conform lists.
* ``EXPORT_AAF`` with ``EXPORT_AAF_NEW`` or ``EXPORT_AAF_EXISTING``: written by the project's AAF writer when it is
  installed (pyaaf2 and otio-aaf-adapter), else False, as a Resolve without the feature answers. Both subtypes
  reference the source files: "new" media would come from a render, and the emulator renders nothing [choice].
* Anything else (DRT, FCP 7 XML, CSV, ALE, HDR and Dolby Vision metadata) answers False: not emulated.
* A path whose folder does not exist or cannot be written: False, nothing raised (§13.4).

The plan holds video track 1 as the cut, a disabled video track 2 as its alternates, and the timeline markers.
Items on other tracks, items whose clip is gone or is a timeline, and the sound are left out.
"""

from __future__ import annotations

import logging
from pathlib import Path

from protos.edit_plan import EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange import WRITERS, WriterError
from protos.interchange.edl import to_edl
from protos.interchange.fcpxml import to_fcpxml
from resolve_plugin.emulator.model import ItemModel, ProjectModel, TimelineModel

log = logging.getLogger(__name__)

BUNDLE_MEMBER = "Info.fcpxml"
_FCPXML = {"EXPORT_FCPXML_1_8": "1.8", "EXPORT_FCPXML_1_9": "1.9", "EXPORT_FCPXML_1_10": "1.10"}
_AAF_SUBTYPES = ("EXPORT_AAF_NEW", "EXPORT_AAF_EXISTING")


def export(project: ProjectModel, timeline: TimelineModel, path: Path, kind: str, subtype: str | None) -> bool:
    if not path.parent.is_dir():
        return False
    try:
        if kind == "EXPORT_OTIO":
            from resolve_plugin.emulator.otio_io import export_timeline

            return export_timeline(project, timeline, path)
        if kind in _FCPXML:
            text = to_fcpxml(timeline_plan(timeline), _FCPXML[kind])
            if kind == "EXPORT_FCPXML_1_10":
                path.mkdir(exist_ok=True)
                path = path / BUNDLE_MEMBER
            path.write_text(text, encoding="utf-8")
            return True
        if kind == "EXPORT_EDL" and subtype == "EXPORT_NONE":
            path.write_text(to_edl(timeline_plan(timeline)), encoding="utf-8")
            return True
        if kind == "EXPORT_AAF" and subtype in _AAF_SUBTYPES and "aaf" in WRITERS:
            WRITERS["aaf"].write(timeline_plan(timeline), path)
            return True
    except (OSError, WriterError, ValueError) as exc:
        log.info("Export of %s to %s failed: %s", timeline.name, path, exc)
    return False


def timeline_plan(timeline: TimelineModel) -> EditPlan:
    """The timeline as derush's edit plan (record frames from the timeline's first frame)."""
    plan = EditPlan(timeline.name, timeline.rate)
    video = timeline.tracks["video"]
    for index, track in enumerate(video[:2], start=1):
        if index == 2 and track.enabled:
            continue  # an enabled V2 is picture over the cut, not alternates: left out
        for item in track.live_items():
            event = _event(item, index, track.enabled)
            if event is not None:
                (plan.events if index == 1 else plan.alternates).append(event)
    for frame, marker in timeline.markers.items():
        plan.markers.append(PlanMarker(int(frame), max(1, int(marker.duration)), marker.color, marker.name,
                                       marker.note, marker.custom_data))
    return plan


def _event(item: ItemModel, track: int, enabled: bool) -> EditEvent | None:
    clip = item.clip
    if clip is None or not clip.alive or clip.is_timeline or clip.path is None or not clip.has_video:
        return None
    media_frames = clip.info.frames if clip.info is not None else clip.first_frame + clip.frames
    source = SourceClip(clip.media_id, str(clip.path), clip.rate, media_frames, clip.start_tc)
    first = clip.first_frame
    return EditEvent(source, int(first + item.source_start), int(first + item.source_end), "",
                     record_in=int(item.offset), track=track, enabled=enabled and item.enabled)
