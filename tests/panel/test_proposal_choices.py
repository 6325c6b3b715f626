"""The editor's choices before Apply as a plan (no Qt): lines kept, swapped for their runner-up or dropped, the cut
closed up behind them, markers and captions following their event."""

from __future__ import annotations

from fractions import Fraction

from protos.edit_plan import Caption, EditPlan, PlanMarker, SourceClip
from resolve_plugin.panel import proposal_choices as pc

RATE = Fraction(24)


def _clip(name: str) -> SourceClip:
    return SourceClip(f"sha256:{name}", f"/rushes/{name}.mov", RATE, 24 * 60)


def _proposal() -> EditPlan:
    """Three lines: line 1 in two pieces (dead air cut out), each line with a runner-up; a b-roll shot after."""
    plan = EditPlan("scene", RATE)
    first = plan.append(_clip("T1"), 10, 40, "line 1, take 1 of 2 (T1): complete. Over take 2 of 2 (T2): ok")
    plan.append(_clip("T1"), 60, 80, "line 1, take 1 of 2 (T1): complete (continues after cutting out 1 s)")
    plan.add_alternate(first, _clip("T2"), 12, 50, "alternate for line 1, take 2 of 2 (T2): ok")
    second = plan.append(_clip("T2"), 100, 148, "line 2, take 2 of 2 (T2): complete. Over take 1 of 2 (T1): ok")
    plan.add_alternate(second, _clip("T1"), 90, 130, "alternate for line 2, take 1 of 2 (T1): ok")
    third = plan.append(_clip("T1"), 200, 224, "line 3, take 1 of 2 (T1): complete. Over take 2 of 2 (T2): ok")
    plan.add_alternate(third, _clip("T2"), 210, 230, "alternate for line 3, take 2 of 2 (T2): ok")
    plan.append(_clip("B"), 0, 24, "b-roll: shot 1 of 1, no speech")
    for event in plan.events:
        plan.markers.append(PlanMarker(event.record_in, 1, "Blue", "derush", event.reason, "derush:cut"))
        plan.captions.append(Caption(event.record_in, event.record_in + 10, event.reason[:6]))
    return plan


def test_lines_group_the_pieces_of_a_take_with_its_runner_up():
    lines = pc.lines_of(_proposal())
    assert [(line.events, line.alternate, line.label) for line in lines] == [
        ((0, 1), 0, "line 1"), ((2,), 1, "line 2"), ((3,), 2, "line 3"), ((4,), None, "")]
    assert pc.line_of_event(lines) == {0: 0, 1: 0, 2: 1, 3: 2, 4: 3}


def test_no_choice_gives_the_proposal_back():
    plan = _proposal()
    assert pc.edited_plan(plan, {}) == plan


def test_a_swapped_line_plays_its_runner_up_and_a_dropped_line_is_closed_up():
    plan = _proposal()
    edited = pc.edited_plan(plan, {0: pc.SWAP, 1: pc.DROP})
    used = [(e.clip.name, e.source_in, e.source_out, e.record_in) for e in edited.events]
    # line 1's runner-up (38 frames) in place of its two pieces; line 2 gone; line 3 and the b-roll closed up
    assert used == [("T2.mov", 12, 50, 0), ("T1.mov", 200, 224, 38), ("B.mov", 0, 24, 62)]
    swapped = edited.events[0]
    assert swapped.reason.startswith("line 1, take 2 of 2 (T2): ok; the editor's choice in the panel, over take 1 of 2")
    assert swapped.track == 1 and swapped.enabled
    # the proposed take is now line 1's runner-up, no longer than the line lasts; line 3 keeps its own
    runner_ups = [(a.clip.name, a.source_in, a.source_out, a.record_in, a.enabled) for a in edited.alternates]
    assert runner_ups == [("T1.mov", 10, 48, 0, False), ("T2.mov", 210, 230, 38, False)]
    # markers and captions follow their event; the swapped take's say its own reason, the dropped line's are gone
    assert [(m.frame, m.note[:6]) for m in edited.markers] == [(0, "line 1"), (38, "line 3"), (62, "b-roll")]
    assert "editor's choice" in edited.markers[0].note
    assert [(c.record_in, c.text) for c in edited.captions] == [(38, "line 3"), (62, "b-roll")]
    assert pc.counts(pc.lines_of(plan), {0: pc.SWAP, 1: pc.DROP, 3: pc.SWAP}) == {
        pc.KEEP: 2, pc.SWAP: 1, pc.DROP: 1}  # the b-roll has no runner-up to swap for: it stays
