"""Marker colours in OTIO follow Resolve (docs/interchange.md §3.3), from one map for every side.

Resolve's own exporter writes its Mint markers as GREEN (Resolve-made exports in ynput/ayon-core); only the seven
names both sides share (BLUE, CYAN, GREEN, YELLOW, RED, PINK, PURPLE) are known to come back into Resolve, so no
derush export may write MAGENTA, ORANGE, BLACK or WHITE. The file writer and the emulator's ``Timeline.Export``
must write the same colour for each of the 16, and an import must read each back as Resolve does.
"""

from __future__ import annotations

from fractions import Fraction

import opentimelineio as otio

from protos.edit_plan import EditPlan, PlanMarker, SourceClip
from protos.interchange import write
from protos.resolve_vocabulary import MARKER_COLORS

SHARED = {"BLUE", "CYAN", "GREEN", "YELLOW", "RED", "PINK", "PURPLE"}
# What each colour must export as: the nearest of the shared seven (Mint→GREEN as Resolve itself writes it)
EXPECTED = {
    "Blue": "BLUE", "Cyan": "CYAN", "Green": "GREEN", "Yellow": "YELLOW", "Red": "RED", "Pink": "PINK",
    "Purple": "PURPLE", "Fuchsia": "PINK", "Rose": "PINK", "Lavender": "PURPLE", "Sky": "CYAN", "Mint": "GREEN",
    "Lemon": "YELLOW", "Sand": "YELLOW", "Cocoa": "RED", "Cream": "YELLOW",
}


def test_the_file_writer_exports_every_colour_as_resolve_reads_it(tmp_path):
    clip = SourceClip("sha256:" + "a" * 64, "/media/A001.mov", Fraction(24), 2400, "10:00:00:00")
    plan = EditPlan("colours", Fraction(24))
    plan.append(clip, 0, 2000, "")
    plan.markers += [PlanMarker(10 * n, 1, colour, colour, "") for n, colour in enumerate(MARKER_COLORS)]
    (path,) = write(plan, "otio", tmp_path / "colours.otio")
    written = {m.name: m.color for m in otio.adapters.read_from_file(str(path)).tracks.markers}
    assert written == EXPECTED
    assert set(written.values()) <= SHARED


def test_the_emulators_export_writes_the_same_colours_and_its_import_reads_them_back(resolve, pool, media, tmp_path):
    clip = pool.ImportMedia([str(media["S01_T01.mp4"])])[0]
    timeline = pool.CreateEmptyTimeline("Colours")
    item = pool.AppendToTimeline([{"mediaPoolItem": clip, "startFrame": 0, "endFrame": 40}])[0]  # (and its audio)
    for frame, colour in enumerate(MARKER_COLORS):
        assert item.AddMarker(frame, colour, colour, "", 1)
    target = tmp_path / "colours.otio"
    assert timeline.Export(str(target), resolve.EXPORT_OTIO) is True
    exported = otio.adapters.read_from_file(str(target)).tracks[0][0].markers
    assert {m.name: m.color for m in exported} == EXPECTED

    again = pool.ImportTimelineFromFile(str(target), {"timelineName": "Colours again"})
    read_back = {m["name"]: m["color"] for m in again.GetItemListInTrack("video", 1)[0].GetMarkers().values()}
    # the seven shared names come back exactly; the others come back as the shared colour they were folded onto
    assert read_back == {colour: EXPECTED[colour].capitalize() for colour in MARKER_COLORS}
