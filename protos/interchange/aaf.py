"""Edit plan -> AAF, for Avid Media Composer and sound post (Pro Tools); Resolve reads it too.

otio-aaf-adapter writes the composition (docs/interchange.md §1.4): picture on V1, its sound on A1, a timecode
track from 01:00:00:00 (Resolve refuses an AAF without one: OpenTimelineIO #766, fixed by the adapter's PR #9), and
for each source file a master clip, a file source mob with a file locator and a tape source mob with the file's
start timecode. pyaaf2 then adds what the adapter's 2.0.0 release does not write, or writes wrong (§6):

- the markers, as Media Composer writes them: ``DescriptiveMarker``s on an ``EventMobSlot`` per described track
  (the plan's markers and each event's reason on V1, each alternate's reason on V2);
- the alternates on V2, each muted as Avid mutes a clip (a ``Selector`` over the clip, with nothing selected), so
  that the runner-up takes sit above the cut without playing over it;
- each track's ``PhysicalTrackNumber`` (V1, V2, A1: Avid numbers tracks, and finds a marker's track, by it);
- the timecode's rate and drop-frame flag (the adapter writes 50 fps as 60 and flags every NTSC rate drop
  frame, 23.976 included);
- a clip at another rate than the timeline keeps its own rate and start timecode in its master clip and source
  mobs; only its place in the sequence is counted in the timeline's edit units, as AAF counts it.

``read_aaf`` is the reader ``derush eval`` uses: the adapter's reader, nothing of ours in between.
"""

from __future__ import annotations

import logging
import math
import os
import uuid
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path, PurePosixPath, PureWindowsPath

import aaf2
import opentimelineio as otio
from otio_aaf_adapter.adapters import advanced_authoring_format as aaf_adapter

from protos.edit_plan import EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange.base import WriterError, main_track, placed_alternates
from protos.timecode import (
    is_drop_frame_rate,
    is_drop_frame_timecode,
    rational_time,
    time_range,
    timecode_to_frames,
    timeline_start_frame,
)

log = logging.getLogger(__name__)

PICTURE, ALTERNATES, SOUND, TIMECODE = "V1", "V2", "A1", "TC"
REASON_MARKER = "derush"
REASON_COLOR = "Blue"
TAPE_SECONDS = 12 * 3600

# Media Composer's eight marker colours; each Resolve colour folds onto the nearest hue (docs/interchange.md §1.4).
AVID_MARKER_COLORS = {
    "Blue": "Blue", "Cyan": "Cyan", "Green": "Green", "Yellow": "Yellow", "Red": "Red", "Pink": "Magenta",
    "Purple": "Magenta", "Fuchsia": "Magenta", "Rose": "Magenta", "Lavender": "Blue", "Sky": "Cyan",
    "Mint": "Green", "Lemon": "Yellow", "Sand": "Yellow", "Cocoa": "Red", "Cream": "White",
}
AVID_RGB = {  # 16-bit RGB as Media Composer writes CommentMarkerColor (otio-aaf-adapter's multiple_markers.aaf; not
    # White and Black, which that sample lacks)
    "Red": (41471, 12134, 6564), "Green": (13107, 52428, 13107), "Blue": (13107, 13107, 52428),
    "Cyan": (13107, 52428, 52428), "Magenta": (52428, 13107, 52428), "Yellow": (58981, 58981, 6553),
    "White": (65535, 65535, 65535), "Black": (0, 0, 0),
}
# Mob ids derive from derush's content fingerprint (see _mob_id): this namespace keeps them apart from others'.
MOB_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://derush.invalid/aaf/master-clip")


@dataclass
class AafWriter:
    """``.aaf``: the cut for Avid and sound post. Captions are not in it (write the SRT beside it)."""

    suffix: str = ".aaf"

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        path = Path(path)
        events = main_track(plan)
        if not events:
            raise WriterError("the cut has no events: there is nothing to write as AAF")
        alternates = placed_alternates(plan)
        _check_folder(path)
        for clip in sorted({e.clip for e in [*events, *alternates] if not e.clip.start_timecode}, key=str):
            log.warning("%s has no start timecode: 00:00:00:00 assumed in the AAF", clip.name)
        partial = path.with_name(path.name + ".partial")  # a failed write leaves no half file under the name
        try:
            # pyaaf2 writes through a file handle the adapter opens from a str path
            aaf_adapter.write_to_file(to_otio_for_aaf(plan, events, alternates), str(partial))
            with aaf2.open(str(partial), "rw") as f:
                _finish(f, plan, events, alternates)
            os.replace(partial, path)
        except OSError as exc:
            raise WriterError(f"cannot write {path} ({exc.strerror or exc}). Choose a folder you can write to.") \
                from None
        finally:
            partial.unlink(missing_ok=True)
        log.info("wrote %s", path)
        return [path]


def read_aaf(path: str | Path) -> otio.schema.Timeline:
    """An AAF cut as an OpenTimelineIO timeline, read by otio-aaf-adapter: its top-level composition (the first,
    when a file holds several). Muted clips (derush's alternates, an editor's muted clips) come back disabled."""
    result = aaf_adapter.read_from_file(str(path))
    if isinstance(result, otio.schema.SerializableCollection):
        timelines = list(result.find_children(descended_from_type=otio.schema.Timeline, shallow_search=True))
        if not timelines:
            raise ValueError(f"{Path(path).name} holds no composition")
        result = timelines[0]
    return result


def _check_folder(path: Path) -> None:
    """Say what is wrong with the folder before anything is written (pyaaf2 would fail deep in its writer)."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise WriterError(f"cannot write {path}: {folder} is a file, not a folder. Choose a folder.")
    if not folder.is_dir():
        raise WriterError(f"cannot write {path}: the folder {folder} does not exist. Create it or choose another.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriterError(f"cannot write {path}: the folder {folder} is not writable. Choose a folder you can "
                          "write to.")


def file_url(path: str) -> str:
    """The file URL of a path written on any OS, percent-encoded (UTF-8) as AAF locators hold it (Pro Tools'
    read ``AAF%20DOYF…``: agfline/LibAAF #7): ``/media/Été 1/A.mov`` -> ``file:///media/%C3%89t%C3%A9%201/A.mov``."""
    if "\\" in path or (len(path) > 1 and path[1] == ":"):
        return PureWindowsPath(path).as_uri()
    return PurePosixPath(path).as_uri()


# --- the composition the adapter writes ---

def to_otio_for_aaf(plan: EditPlan, events: list[EditEvent], alternates: list[EditEvent]) -> otio.schema.Timeline:
    """The plan as the adapter takes it: every range at the timeline's rate (its check), one mob id per file."""
    timeline = otio.schema.Timeline(name=plan.name)
    timeline.global_start_time = rational_time(timeline_start_frame(plan.rate), plan.rate)
    timeline.tracks.append(_track(PICTURE, otio.schema.TrackKind.Video, plan, events))
    if alternates:
        timeline.tracks.append(_track(ALTERNATES, otio.schema.TrackKind.Video, plan, alternates))
    timeline.tracks.append(_track(SOUND, otio.schema.TrackKind.Audio, plan, events))
    return timeline


def _track(name: str, kind: str, plan: EditPlan, events: list[EditEvent]) -> otio.schema.Track:
    track = otio.schema.Track(name=name, kind=kind)
    position = 0
    for event in events:
        if event.record_in > position:
            track.append(otio.schema.Gap(source_range=time_range(0, event.record_in - position, plan.rate)))
        track.append(_clip(plan, event))
        position = plan.record_out(event)
    return track


def _clip(plan: EditPlan, event: EditEvent) -> otio.schema.Clip:
    clip, rate = event.clip, plan.rate
    start = media_start(clip)
    if clip.rate == rate:
        available = time_range(start, start + clip.frames, rate)
        used = time_range(start + event.source_in, start + event.source_out, rate)
    else:
        # In timeline units for the adapter; _own_rate puts the file's own rate and timecode back afterwards.
        # The offset into the file is the nearest timeline frame: AAF counts it in the sequence's edit units.
        scale = rate / clip.rate
        offset = round(event.source_in * scale)
        available = time_range(0, max(math.ceil(clip.frames * scale), offset + plan.record_frames(event)), rate)
        used = time_range(offset, offset + plan.record_frames(event), rate)
    reference = otio.schema.ExternalReference(target_url=file_url(clip.path), available_range=available)
    result = otio.schema.Clip(name=clip.name, media_reference=reference, source_range=used)
    result.metadata["AAF"] = {"MobID": _mob_id(clip)}
    return result


def media_start(clip: SourceClip) -> int:
    """The file's first frame as a frame count of its start timecode; 00:00:00:00 when it has none (the writer
    says so)."""
    return timecode_to_frames(clip.start_timecode, clip.rate) if clip.start_timecode else 0


def _mob_id(clip: SourceClip) -> str:
    """The master clip's mob id, derived from the file's content fingerprint (its path when it has none).

    The adapter needs a mob id per clip, from metadata, or made up with ``use_empty_mob_ids``. Made-up ids give
    every use of a file, and the picture and the sound of one take, a master clip of their own (6 master clips
    for 3 events), which Avid shows as unrelated clips and sound post cannot link. One id per file, the same in
    every export, makes one master clip per file, picture and sound linked, and lets a re-exported cut relink to
    the master clips of the last one."""
    mob_id = aaf2.mobid.MobID.new()
    mob_id.material = uuid.uuid5(MOB_ID_NAMESPACE, clip.media_id or clip.path)
    return mob_id.urn


# --- what pyaaf2 adds to the adapter's file ---

def _finish(f, plan: EditPlan, events: list[EditEvent], alternates: list[EditEvent]) -> None:
    composition = next(f.content.toplevel())
    slots = {slot.name: slot for slot in composition.slots}
    for name, number in ((PICTURE, 1), (ALTERNATES, 2), (SOUND, 1)):
        if name in slots:
            slots[name]["PhysicalTrackNumber"].value = number
    timecode = slots[TIMECODE].segment
    timecode.fps, timecode.drop = round(plan.rate), is_drop_frame_rate(plan.rate)
    timecode.length = max(plan.duration_frames, 1)
    for name in (PICTURE, ALTERNATES):  # the adapter leaves a picture sequence's length at 0
        if name in slots:
            slots[name].segment.length = sum(c.length for c in slots[name].segment.components)
    _prune(f)
    _fix_sources(f, plan.rate, [*events, *alternates])
    if ALTERNATES in slots:
        _mute(f, slots[ALTERNATES])
    reasons = [_reason(plan, event) for event in events if event.reason]
    _add_markers(f, composition, slots[PICTURE], sorted([*plan.markers, *reasons], key=lambda m: m.frame))
    if ALTERNATES in slots:
        _add_markers(f, composition, slots[ALTERNATES], [_reason(plan, e) for e in alternates if e.reason])


def _reason(plan: EditPlan, event: EditEvent) -> PlanMarker:
    """An event's reason as a marker over the whole event, as the other formats carry it."""
    return PlanMarker(event.record_in, plan.record_frames(event), REASON_COLOR, REASON_MARKER, event.reason)


def _prune(f) -> None:
    """The adapter makes a file mob and a tape slot for every use of a file, and the master clip keeps the last:
    drop the ones nothing refers to, so that each file is one master clip, one file mob per kind, one tape."""
    used_file_mobs = {slot.segment.mob.mob_id for master in f.content.mastermobs() for slot in master.slots}
    used_tape_slots: dict = {}
    for mob in list(f.content.sourcemobs()):
        if isinstance(mob.descriptor, aaf2.essence.TapeDescriptor):
            continue
        if mob.mob_id not in used_file_mobs:
            f.content.mobs.pop(mob.mob_id)
            continue
        reference = mob.slots[0].segment
        used_tape_slots.setdefault(reference.mob.mob_id, {1}).add(reference.slot_id)  # slot 1: the tape itself
    for tape in f.content.sourcemobs():
        keep = used_tape_slots.get(tape.mob_id)
        if keep is None:
            continue
        for index in reversed(range(len(tape.slots))):
            slot = tape.slots[index]
            if slot.slot_id not in keep and not isinstance(slot.segment, aaf2.components.Timecode):
                tape.slots.pop(index)


def _fix_sources(f, rate: Fraction, events: list[EditEvent]) -> None:
    """Each file's tape mob says its own timecode (rate, drop frame); a file at another rate than the timeline
    gets its own rate and start back in its master clip and source mobs."""
    clips = {_mob_id(e.clip): e.clip for e in events}
    for master in f.content.mastermobs():
        clip = clips.get(master.mob_id.urn)
        if clip is None:
            continue
        file_mobs = [slot.segment.mob for slot in master.slots]
        tape = file_mobs[0].slots[0].segment.mob
        for slot in tape.slots:
            if isinstance(slot.segment, aaf2.components.Timecode):
                slot.segment.fps = round(clip.rate)
                slot.segment.drop = is_drop_frame_rate(clip.rate) and is_drop_frame_timecode(clip.start_timecode)
        if clip.rate != rate:
            _own_rate(master, file_mobs, tape, clip)


def _own_rate(master, file_mobs: list, tape, clip: SourceClip) -> None:
    start = media_start(clip)
    for slot in tape.slots:
        slot.edit_rate = clip.rate
        if slot.slot_id == 1:  # the tape itself, 12 hours long (pyaaf2's create_tape_slots)
            slot.segment.length = int(clip.rate * TAPE_SECONDS)
        else:
            slot.segment.start, slot.segment.length = start, clip.frames
    for mob in file_mobs:
        descriptor = mob.descriptor
        if isinstance(descriptor, aaf2.essence.DigitalImageDescriptor):
            descriptor["SampleRate"].value, descriptor["Length"].value = clip.rate, clip.frames
        elif isinstance(descriptor, aaf2.essence.SoundDescriptor):  # counted in samples
            descriptor["Length"].value = int(clip.frames / clip.rate * descriptor["SampleRate"].value)
    for mob in [*file_mobs, master]:
        for slot in mob.slots:
            slot.edit_rate = clip.rate
            slot.segment.length = clip.frames
            for mark in ("MarkIn", "MarkOut"):  # the adapter's, in timeline units
                if mark in slot:
                    del slot[mark]


def _mute(f, slot) -> None:
    """Each clip muted as Media Composer writes a muted clip (otio-aaf-adapter's sample ``test_muted_clip.aaf``):
    a Selector whose selected item is a ScopeReference (scope 0, slot 1), the clip its one alternate, flagged
    ``_DISABLE_CLIP_FLAG``."""
    sequence = slot.segment
    components = list(sequence.components)
    sequence.components.value = []
    for component in components:
        if isinstance(component, aaf2.components.SourceClip):
            selector = f.create.Selector(media_kind="picture", length=component.length)
            nothing = f.create.ScopeReference(media_kind="picture", length=component.length)
            nothing["RelativeScope"].value, nothing["RelativeSlot"].value = 0, 1
            selector["Selected"].value = nothing
            selector["Alternates"].value = [component]
            flags = aaf2.misc.TaggedValueHelper(selector["ComponentAttributeList"])
            flags["_DISABLE_CLIP_FLAG"], flags["_AAF_SELECTED"] = 1, 0
            component = selector
        sequence.components.append(component)


def _add_markers(f, composition, track_slot, markers: list[PlanMarker]) -> None:
    """Markers on ``track_slot`` as Media Composer writes them: one EventMobSlot per described track (SlotID
    1000 + the track's slot id - 1, the track's PhysicalTrackNumber), the marker's name as its user, its note as
    its comment."""
    if not markers:
        return
    events = f.create.EventMobSlot()
    events["SlotID"].value = 1000 + track_slot.slot_id - 1
    events["EditRate"].value = track_slot.edit_rate
    events["PhysicalTrackNumber"].value = track_slot["PhysicalTrackNumber"].value
    sequence = f.create.Sequence(media_kind="DescriptiveMetadata")
    for marker in markers:
        avid = f.create.DescriptiveMarker()
        avid["Position"].value = marker.frame
        if marker.duration > 1:  # a span; Media Composer writes point markers without a length
            avid["Length"].value = marker.duration
        elif "Length" in avid:
            del avid["Length"]
        avid["Comment"].value = marker.note
        avid["CommentMarkerUser"].value = marker.name
        avid["DescribedSlots"].value = {track_slot.slot_id}
        color = AVID_MARKER_COLORS.get(marker.color, "Blue")
        red, green, blue = AVID_RGB[color]
        avid["CommentMarkerColor"].value = {"red": red, "green": green, "blue": blue}
        attributes = aaf2.misc.TaggedValueHelper(avid["CommentMarkerAttributeList"])
        attributes["_ATN_CRM_COLOR"] = color
        attributes["_ATN_CRM_USER"] = marker.name
        attributes["_ATN_CRM_COM"] = marker.note
        sequence.components.append(avid)
    if "Length" in sequence:  # as Media Composer writes a marker sequence
        del sequence["Length"]
    events.segment = sequence
    composition.slots.append(events)
