"""Cuts read back as plain values for ``derush eval`` and ``derush learn``: derush's proposal (its ``cut --json`` file
or the .otio it wrote) and the editor's cut (.otio, .fcpxml, .edl, .aaf, or a timeline of the open Resolve project,
exported to OTIO by Resolve itself).

Every used stretch of media is kept in seconds of source timecode (the clip's start timecode counted in), the
one unit every format can give: a cut file names source timecode, the JSON names frames from the clip's start.
Clips are identified by file name (an EDL has nothing else).
"""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import opentimelineio as otio

from protos.media_files import file_name
from protos.timecode import timecode_to_frames

log = logging.getLogger(__name__)

#: reference formats by suffix -> the OTIO adapter that reads them (EDL and FCPXML adapters are plugins)
ADAPTERS = {".otio": None, ".fcpxml": "fcpx_xml", ".xml": "fcpx_xml", ".edl": "cmx_3600"}
ADAPTER_PACKAGES = {"fcpx_xml": "otio-fcpx-xml-adapter", "cmx_3600": "otio-cmx3600-adapter"}


class CutFileError(ValueError):
    """A cut that cannot be read or compared; the message says what to do."""


@dataclass(frozen=True)
class CutEvent:
    name: str  # the clip's file name
    start_s: float  # source timecode seconds of the first frame used
    end_s: float  # ... of the frame after the last one used
    rate: float  # the clip's frame rate
    record_s: float  # seconds it fills in the timeline
    media_id: str = ""
    line: str = ""  # proposal only: the line the event says it is ("line 3")
    speed: float = 1.0  # 2.0: played twice as fast (a speed change in the editor's cut)

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass
class Cut:
    name: str
    events: list[CutEvent]  # in record order
    alternates: list[CutEvent] = field(default_factory=list)  # runner-ups, proposal only (by line)
    notes: list[str] = field(default_factory=list)
    # a proposal's JSON says what it was made from, so `derush learn` finds the same lines and takes
    source_media_ids: list[str] = field(default_factory=list)
    script_text: str = ""
    project: str = ""
    rate: float = 24.0  # the timeline rate

    @property
    def duration_s(self) -> float:
        return sum(e.record_s for e in self.events)


def _line_of(reason: str) -> str:
    """"line 3, take 2 of 3 (...)": "line 3"; "" when the reason names no line (b-roll)."""
    head = reason.split(",", 1)[0].strip()
    return head if head.startswith("line ") else ""


def _json_event(e: dict, timeline_rate: Fraction) -> CutEvent:
    rate = Fraction(e["rate"])
    start = timecode_to_frames(e.get("start_timecode") or "00:00:00:00", float(rate))
    frames = e["source_out"] - e["source_in"]
    return CutEvent(file_name(e["clip"]), float((start + e["source_in"]) / rate),
                    float((start + e["source_out"]) / rate), float(rate),
                    float(int(frames * timeline_rate / rate) / timeline_rate), e.get("media_id") or "",
                    _line_of(e.get("reason", "")))


def read_proposal(path: Path) -> Cut:
    """A ``derush cut --json`` file, or an .otio file derush wrote."""
    if path.suffix.lower() != ".json":
        return read_reference(path)
    try:
        return proposal_from_json(json.loads(path.read_text(encoding="utf-8")), path.stem)
    except OSError as exc:
        raise CutFileError(f"Cannot read the proposal {path}: {exc.strerror}. Check the path.") from None
    except (ValueError, KeyError, TypeError, ZeroDivisionError) as exc:
        raise CutFileError(f"{path.name} is not a derush cut JSON file ({exc}): write one with "
                           "`derush cut ... --json CUT.json`.") from None


def proposal_from_json(data: dict, name: str = "") -> Cut:
    """A proposal from its cut JSON (``results_json.cut_json``: the file, or the panel's proposal in memory)."""
    rate = Fraction(data["rate"])
    events = [_json_event(e, rate) for e in data["events"]]
    # alternates say "alternate for line 3, ...": give them their line
    alternates = [CutEvent(**{**a.__dict__, "line": a.line or _alternate_line(d.get("reason", ""))})
                  for a, d in ((_json_event(d, rate), d) for d in data.get("alternates", []))]
    return Cut(data.get("name", name), events, alternates, source_media_ids=list(data.get("source_media_ids", [])),
               script_text=data.get("script_text", ""), project=data.get("project") or "", rate=float(rate))


def _alternate_line(reason: str) -> str:
    return _line_of(reason.removeprefix("alternate for "))


def read_reference(path: Path, rate: float | None = None) -> Cut:
    """An editor's cut from a file; ``rate`` is the timeline rate an EDL is read at (it does not say)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CutFileError(f"Cannot find the cut {path}. Check the path.")
    try:
        if suffix == ".aaf":
            timeline = _read_aaf(path)
        elif suffix in ADAPTERS:
            kwargs = {"rate": rate or 24.0} if suffix == ".edl" else {}
            timeline = otio.adapters.read_from_file(str(path), adapter_name=ADAPTERS[suffix], **kwargs)
        else:
            raise CutFileError(f"{path.name}: derush reads cuts as .otio, .fcpxml, .edl or .aaf. Export the editor's "
                               "timeline in one of them (Resolve: File ▸ Export ▸ Timeline).")
    except CutFileError:
        raise
    except otio.exceptions.NoKnownAdapterForExtensionError as exc:
        raise CutFileError(f"No reader for {path.name} ({exc}).") from None
    except (otio.exceptions.AdapterDoesntSupportFunctionError, otio.exceptions.NotSupportedError) as exc:
        raise CutFileError(f"{path.name} cannot be read: {exc}.") from None
    except Exception as exc:  # the adapters raise anything on a damaged file: say which file and why
        missing = ADAPTER_PACKAGES.get(ADAPTERS.get(suffix) or "")
        if missing and "adapter" in str(exc).lower():
            raise CutFileError(f"Reading {suffix} needs the {missing} package: pip install {missing}") from None
        raise CutFileError(f"{path.name} cannot be read as a timeline ({type(exc).__name__}: {exc}). Export it "
                           "again from the editing application.") from None
    if isinstance(timeline, otio.schema.SerializableCollection):
        timelines = list(timeline.find_children(descended_from_type=otio.schema.Timeline, shallow_search=True))
        if not timelines:
            raise CutFileError(f"{path.name} holds no timeline.")
        timeline = timelines[0]
    return from_timeline(timeline, _fcpxml_disabled(path) if ADAPTERS.get(suffix) == "fcpx_xml" else set())


def _fcpxml_seconds(value: str) -> Fraction:
    return Fraction(value.removesuffix("s") or "0")


def _fcpxml_disabled(path: Path) -> set[tuple[str, int]]:
    """(name, source start in ms) of the clips an FCPXML disables: the FCPXML adapter reads them as enabled."""
    import xml.etree.ElementTree as ET

    disabled = set()
    for element in ET.parse(path).iter():
        if element.get("enabled") == "0" and element.get("name"):
            disabled.add((element.get("name"), round(_fcpxml_seconds(element.get("start", "0s")) * 1000)))
    return disabled


def _read_aaf(path: Path) -> otio.schema.Timeline:
    try:  # the module that writes derush's AAF reads it too (docs/interchange.md §1.4); loaded only for an .aaf
        from protos.interchange.aaf import read_aaf
    except ImportError:
        raise CutFileError("Reading .aaf needs pyaaf2 and otio-aaf-adapter: pip install pyaaf2 'otio-aaf-adapter<2.1' "
                           "(or export the editor's timeline as .otio, .fcpxml or .edl).") from None
    return read_aaf(path)


def _media_name(clip: otio.schema.Clip) -> str:
    reference = clip.media_reference
    url = getattr(reference, "target_url", "") or ""
    if url:
        parsed = urlparse(url)
        return file_name(unquote(parsed.path) if parsed.scheme == "file" else url)
    return clip.name


def _speed(clip: otio.schema.Clip) -> float:
    speed = 1.0
    for effect in clip.effects:
        if isinstance(effect, otio.schema.FreezeFrame):
            return 0.0
        if isinstance(effect, otio.schema.LinearTimeWarp):
            speed *= effect.time_scalar
    return speed


def from_timeline(timeline: otio.schema.Timeline, disabled: set[tuple[str, int]] = frozenset()) -> Cut:
    """The enabled clips of the enabled video tracks, in record order (V1 first at equal times). A speed change
    scales the media used; gaps are left out (said in the notes); a nested timeline is refused with what to do."""
    rate = float(timeline.global_start_time.rate) if timeline.global_start_time else 0.0
    placed, notes, gaps = [], [], 0
    for number, track in enumerate(timeline.video_tracks(), 1):
        if not track.enabled:
            continue
        for index, item in enumerate(track):
            if isinstance(item, otio.schema.Gap):
                gaps += 1
                continue
            if isinstance(item, (otio.schema.Stack, otio.schema.Track)):
                raise CutFileError(f"Track V{number} of {timeline.name} holds a nested timeline or compound clip "
                                   f"({item.name or 'unnamed'}): derush compares plain clips. In Resolve, right-click "
                                   "it ▸ Decompose in Place, then export the timeline again.")
            if not isinstance(item, otio.schema.Clip) or not item.enabled:
                continue
            used = item.source_range or item.trimmed_range()
            if (item.name, round(used.start_time.to_seconds() * 1000)) in disabled:
                continue
            media_rate = item.media_reference.available_range.start_time.rate \
                if getattr(item.media_reference, "available_range", None) else used.start_time.rate
            speed = _speed(item)
            start = used.start_time.to_seconds()
            record = used.duration.to_seconds()
            end = start + (record * speed if speed else 1.0 / media_rate)  # a freeze frame uses one frame
            if speed != 1.0:
                notes.append(f"{item.name}: speed {speed:.0%} (the media it uses is counted at that speed)")
            at = track.range_of_child_at_index(index).start_time.to_seconds()
            rate = rate or float(used.duration.rate)
            placed.append((at, number, CutEvent(_media_name(item), start, end, float(media_rate), record,
                                                speed=speed)))
    if gaps:
        notes.append(f"{gaps} gap(s) in the timeline: left out of the comparison.")
    placed.sort(key=lambda p: (p[0], p[1]))
    return Cut(timeline.name or "", [e for _, _, e in placed], notes=notes, rate=rate or 24.0)


def find_timeline(project: Any, name: str) -> Any:
    for index in range(1, int(project.GetTimelineCount() or 0) + 1):
        timeline = project.GetTimelineByIndex(index)
        if timeline and timeline.GetName() == name:
            return timeline
    names = [project.GetTimelineByIndex(i).GetName() for i in range(1, int(project.GetTimelineCount() or 0) + 1)]
    raise CutFileError(f"The Resolve project has no timeline named {name!r}; it has: {', '.join(names) or 'none'}.")


def read_resolve_timeline(resolve: Any, project: Any, name: str) -> Cut:
    """A timeline of the open project, exported to OTIO by Resolve (File ▸ Export ▸ Timeline does the same)."""
    timeline = find_timeline(project, name)
    with tempfile.TemporaryDirectory(prefix="derush-eval-") as folder:
        path = Path(folder) / "timeline.otio"
        if not timeline.Export(str(path), resolve.EXPORT_OTIO) or not path.is_file():
            raise CutFileError(f"Resolve did not export the timeline {name!r} (OTIO export needs Resolve 18.5 or "
                               "later): export it by hand (File ▸ Export ▸ Timeline ▸ .otio) and give that file.")
        return read_reference(path)


def editors_cut(path: Path | None, timeline_name: str | None, rate: float | None = None) -> Cut:
    """The editor's cut from a file, or from a timeline of the project open in Resolve (``timeline_name``)."""
    if timeline_name:
        from resolve_plugin.resolve.link import connect

        link = connect()
        return read_resolve_timeline(link.resolve, link.project(), timeline_name)
    if path is None:
        raise CutFileError("Give the editor's cut: a .otio, .fcpxml, .edl or .aaf file, or --timeline NAME.")
    return read_reference(path, rate)
