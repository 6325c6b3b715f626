from fractions import Fraction

from protos.edit_plan import Caption, EditPlan, PlanMarker, SourceClip
from protos.plan_wire import plan_from_proposal, plan_to_proposal


def _plan() -> EditPlan:
    a = SourceClip("sha256:" + "a" * 64, "/media/A001.mov", Fraction(24000, 1001), 2400, "14:00:00:00")
    b = SourceClip("sha256:" + "b" * 64, "/media/B001.mov", Fraction(25), 500, "10:00:00:00")
    plan = EditPlan("A001 derush cut", Fraction(24000, 1001))
    first = plan.append(a, 10, 58, "take 2 of 2: most fluent")
    plan.append(b, 0, 50, "b-roll")
    plan.add_alternate(first, b, 100, 148, "take 1 of 2: restart at 2.1 s")
    plan.markers.append(PlanMarker(0, 1, "Blue", "derush", "take 2 of 2", "derush:cut"))
    plan.captions.append(Caption(3, 40, "The tide comes in."))
    return plan


def test_events_are_laid_end_to_end_and_mixed_rates_keep_their_duration():
    plan = _plan()
    assert [e.record_in for e in plan.events] == [0, 48]
    assert plan.record_frames(plan.events[1]) == 47  # 50 frames at 25 fps: 47.95 timeline frames, floored
    assert plan.alternates[0].record_in == 0 and not plan.alternates[0].enabled and plan.alternates[0].track == 2
    assert plan.duration_frames == 95


def test_the_client_rebuilds_the_servers_plan_exactly():
    plan = _plan()
    assert plan_from_proposal(plan_to_proposal(plan)) == plan
