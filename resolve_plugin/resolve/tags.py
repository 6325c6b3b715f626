"""Analysis -> a clip's metadata, keywords and markers in the media pool, read back after writing.

Rules an editor relies on:
- ``Keywords`` are merged with the editor's, never replaced;
- a field the editor filled in (``Scene``, ``Take``...) is kept, and the report says what derush read;
- derush's markers carry ``customData`` starting with ``derush:``; the editor's markers are never moved;
- what derush wrote is recorded on the clip (third-party metadata ``derush``), so writing again gives the
  same result as writing once, and "Undo derush" removes exactly that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import custom_data, is_derush_custom_data

LEDGER_KEY = "derush"
# Tag names that are Resolve metadata fields (docs/resolve-emulator.md §6); other tags become keywords.
METADATA_FIELDS = ("Scene", "Shot", "Take", "Shot Type", "People", "Roll Card #", "Camera #")
# 16 names SetClipColor accepts (docs/resolve-emulator.md §7).
CLIP_COLORS = ("Orange", "Apricot", "Yellow", "Lime", "Olive", "Green", "Teal", "Navy", "Blue", "Purple", "Violet",
               "Pink", "Tan", "Beige", "Brown", "Chocolate")
DEAD_AIR_S = 2.0


@dataclass
class Ledger:
    """What derush last wrote to a clip."""

    keywords: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    clip_color: str = ""
    media_id: str = ""

    @classmethod
    def read(cls, item: Any) -> Ledger:
        raw = item.GetThirdPartyMetadata(LEDGER_KEY) or ""
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        return cls(keywords=list(data.get("keywords", [])), fields=dict(data.get("fields", {})),
                   clip_color=data.get("clip_color", ""), media_id=data.get("media_id", ""))

    def write(self, item: Any) -> bool:
        value = json.dumps({"keywords": self.keywords, "fields": self.fields, "clip_color": self.clip_color,
                            "media_id": self.media_id}) if (self.keywords or self.fields or self.clip_color) else ""
        return bool(item.SetThirdPartyMetadata(LEDGER_KEY, value))


@dataclass
class WriteReport:
    clip: str
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the editor's values, left alone
    skipped: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)  # Resolve did not keep what was written

    @property
    def ok(self) -> bool:
        return not self.mismatches


def split_keywords(value: str) -> list[str]:
    return [k.strip() for k in (value or "").split(",") if k.strip()]


def keywords_for(analysis: pb.ClipAnalysis) -> list[str]:
    """Words an editor filters on with a keyword Smart Bin (there is no Smart Bin API: docs/resolve-emulator.md §11)."""
    words: list[str] = []
    if analysis.speech.segments:
        words.append("Speech")
        if analysis.speech.language:
            words.append(f"Language: {analysis.speech.language}")
    elif analysis.audio_channels:
        words.append("No speech")
    if any(s.end - s.start >= DEAD_AIR_S for s in analysis.speech.silences[1:-1]):
        words.append("Dead air")
    if len(analysis.shots) > 1:
        words.append("Several shots")
    for tag in clip_tags(analysis):
        if tag.name == "Keywords" or (tag.name == "Shot Type" and tag.value):
            words.append(tag.value)
        elif tag.name == "Faces" and tag.value.isdigit() and int(tag.value) > 0:
            words.append(f"Faces: {tag.value}")
    return list(dict.fromkeys(words))


def clip_tags(analysis: pb.ClipAnalysis) -> list[pb.Tag]:
    """Tags about the whole clip (start == end == 0); per-shot and per-segment tags become markers instead."""
    return [t for t in analysis.tags if t.start == 0 and t.end == 0]


def fields_for(analysis: pb.ClipAnalysis) -> dict[str, str]:
    values = {tag.name: tag.value for tag in clip_tags(analysis) if tag.name in METADATA_FIELDS and tag.value}
    transcript = " ".join(s.text for s in analysis.speech.segments)
    if transcript:
        values["Description"] = transcript
    silence = sum(s.end - s.start for s in analysis.speech.silences)
    summary = [f"{len(analysis.shots)} shot(s)"] if analysis.shots else []
    if analysis.speech.segments:
        summary.append(f"speech ({analysis.speech.language or '?'}), {silence:.1f} s of silence")
    values["Comments"] = "derush: " + "; ".join(summary) if summary else "derush: analysed"
    return values


def write_clip_analysis(item: Any, analysis: pb.ClipAnalysis, clip_color: str | None = None) -> WriteReport:
    """Write tags, fields and markers of ``analysis`` to the MediaPoolItem ``item``."""
    report = WriteReport(clip=item.GetName() or analysis.path)
    ledger = Ledger.read(item)
    current = item.GetMetadata() or {}
    ledger.keywords = _write_keywords(item, current.get("Keywords", ""), ledger.keywords,
                                      keywords_for(analysis), report)
    ledger.fields = _write_fields(item, current, ledger.fields, fields_for(analysis), report)
    if clip_color is not None:
        ledger.clip_color = _write_clip_color(item, clip_color, ledger.clip_color, report)
    ledger.media_id = analysis.media_id
    if not ledger.write(item):
        report.mismatches.append("Resolve refused derush's record on the clip: undo may not find everything.")
    write_markers(item, analysis.markers, analysis.frames, analysis.media_id, report)
    return report


def _write_keywords(item: Any, current: str, ours_before: list[str], wanted: list[str],
                    report: WriteReport) -> list[str]:
    existing = split_keywords(current)
    wanted_lower = {w.lower() for w in wanted}
    ours_lower = {k.lower() for k in ours_before}
    # drop our own stale keywords (from an older analysis); the editor's stay whatever they are
    kept = [k for k in existing if k.lower() not in ours_lower or k.lower() in wanted_lower]
    kept_lower = {k.lower() for k in kept}
    added = [w for w in wanted if w.lower() not in kept_lower]
    ours_now = [w for w in wanted if w.lower() in ours_lower or w in added]
    merged = kept + added
    if merged != existing:
        value = ", ".join(merged)
        item.SetMetadata("Keywords", value)
        if split_keywords((item.GetMetadata() or {}).get("Keywords", "")) != merged:
            report.mismatches.append(f"Keywords: wrote {value!r}, Resolve kept something else")
        elif added:
            report.written.append(f"Keywords + {', '.join(added)}")
    return ours_now


def _write_fields(item: Any, current: dict, ours_before: dict[str, str], wanted: dict[str, str],
                  report: WriteReport) -> dict[str, str]:
    ours: dict[str, str] = {}
    for name in sorted(set(ours_before) - set(wanted)):  # a field derush no longer proposes: clear it if untouched
        if current.get(name, "") == ours_before[name]:
            item.SetMetadata(name, "")
    for name, value in wanted.items():
        have = str(current.get(name, ""))
        if have and have != ours_before.get(name):
            report.kept.append(f"{name}: kept yours ({have!r}); derush read {value!r}")
            continue
        ours[name] = value
        if have == value:
            continue
        item.SetMetadata(name, value)
        if str((item.GetMetadata() or {}).get(name, "")) != value:
            report.mismatches.append(f"{name}: wrote {value!r}, Resolve kept something else")
            ours.pop(name)
        else:
            report.written.append(f"{name} = {value if len(value) < 60 else value[:57] + '...'}")
    return ours


def _write_clip_color(item: Any, color: str, ours_before: str, report: WriteReport) -> str:
    have = item.GetClipColor() or ""
    if have and have != ours_before:
        report.kept.append(f"Clip colour: kept yours ({have})")
        return ""
    if color not in CLIP_COLORS:
        report.skipped.append(f"Clip colour {color!r} is not one of Resolve's: {', '.join(CLIP_COLORS)}")
        return ours_before
    if not item.SetClipColor(color) or item.GetClipColor() != color:
        report.mismatches.append(f"Clip colour: wrote {color}, Resolve kept {item.GetClipColor()!r}")
        return ours_before
    report.written.append(f"Clip colour = {color}")
    return color


def is_ours(info: dict) -> bool:
    return is_derush_custom_data(info.get("customData", ""))


def remove_our_markers(target: Any) -> int:
    """Delete derush's markers from a clip or timeline; the editor's stay. Returns how many."""
    removed = 0
    for frame, info in list((target.GetMarkers() or {}).items()):
        if is_ours(info) and target.DeleteMarkerAtFrame(int(frame)):
            removed += 1
    return removed


def write_markers(target: Any, markers, frames: int, media_id: str, report: WriteReport) -> None:
    """Replace derush's markers on ``target`` (a clip or a timeline) by ``markers``.

    A marker whose frame the editor already uses moves to the next free frame inside its own span, or
    is skipped with a note: AddMarker refuses occupied frames (docs/resolve-emulator.md §13.3).
    """
    remove_our_markers(target)
    occupied = {int(f) for f in (target.GetMarkers() or {})}
    tag = media_id.removeprefix("sha256:")[:12]
    added: dict[int, tuple[str, str]] = {}
    for marker in markers:
        span = max(1, marker.duration)
        frame = next((f for f in range(marker.frame, marker.frame + span) if f not in occupied and f < frames), None)
        if frame is None:
            report.skipped.append(f"marker {marker.name!r} at frame {marker.frame}: your marker is there")
            continue
        custom = f"{marker.custom_data or custom_data('marker')}@{tag}" if tag else marker.custom_data
        name = marker.name or "derush"
        if not target.AddMarker(frame, marker.color, name, marker.note, span - (frame - marker.frame), custom):
            report.mismatches.append(f"marker {name!r} at frame {frame}: Resolve refused it")
            continue
        occupied.add(frame)
        added[frame] = (name, custom)
    stored = {int(f): info for f, info in (target.GetMarkers() or {}).items()}
    for frame, (name, custom) in added.items():
        info = stored.get(frame)
        if not info or info.get("name") != name or info.get("customData") != custom:
            report.mismatches.append(f"marker {name!r} at frame {frame}: not read back as written")
    if added:
        report.written.append(f"{len(added)} marker(s)")
