"""Every call derush makes to Resolve is in the documented API with the documented arguments."""

from __future__ import annotations

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.emulator import controls
from resolve_plugin.resolve import reader
from resolve_plugin.resolve.undo import undo_project
from resolve_plugin.workflow import apply_cut, auto_tag, suggest_cut


def test_the_whole_flow_uses_only_documented_calls(emulated, client):
    link, project, items = emulated
    log = controls(link.resolve)
    log.select(list(items.values()))
    selection = reader.selected_clips(project)
    tagged = auto_tag(client, selection, clip_color="Teal")
    _, plan = suggest_cut(client, tagged, pb.CutOptions(pace=pb.PACE_TIGHT))
    report = apply_cut(project, plan, selection)
    assert report.ok, report.mismatches
    undo = undo_project(project)
    assert not undo.failures and undo.timelines_removed == [report.name]

    calls = log.calls
    used = {(c.cls, c.method) for c in calls}
    # the flow exercised reading, metadata, markers, colours, timelines and undo
    for expected in [("MediaPool", "GetSelectedClips"), ("MediaPoolItem", "SetMetadata"),
                     ("MediaPoolItem", "AddMarker"), ("MediaPoolItem", "SetClipColor"),
                     ("MediaPool", "CreateEmptyTimeline"), ("MediaPool", "AppendToTimeline"),
                     ("Timeline", "AddMarker"), ("MediaPool", "DeleteTimelines")]:
        assert expected in used, expected
    if plan.alternates:  # the runner-ups went into the take selectors (the default)
        assert {("TimelineItem", "AddTake"), ("TimelineItem", "SelectTakeByIndex")} <= used
        assert ("TimelineItem", "FinalizeTake") not in used
    assert log.undocumented_calls() == []
