"""``derush eval``: a proposal against itself and against an edited copy, through every format it reads.

The proposal is an edit plan made by hand (clips at known timecodes), turned into the wire proposal and its JSON
exactly as ``derush cut --json`` does; the editor's cut is written by derush's own writers, edited as an editor
would (a take swapped, a line removed, a line trimmed), and read back from the file.
"""

from __future__ import annotations

import json
from fractions import Fraction

import opentimelineio as otio
import pytest

from protos.edit_plan import EditPlan, SourceClip
from protos.interchange import write
from protos.plan_wire import plan_to_proposal
from resolve_plugin.cli import main
from resolve_plugin.commands.common import write_json
from resolve_plugin.cut_eval import evaluate
from resolve_plugin.cut_reading import CutFileError, read_proposal, read_reference
from resolve_plugin.results_json import cut_json

RATE = Fraction(24)
LINES = 5
LENGTHS = [100, 120, 90, 110, 80]  # frames of each line's chosen take
TRIM = 12  # frames the editor trims off the head of line 3


def _clip(line: int, take: int) -> SourceClip:
    return SourceClip(f"sha256:{line * 10 + take:064x}", f"/rushes/L{line + 1}_T{take + 1}.mov", RATE, 2400,
                      f"10:{line:02d}:{take * 10:02d}:00")


def _plan(edit: bool = False) -> EditPlan:
    """The proposal (take 1 of each line, take 2 as runner-up); ``edit``: the editor's rework of it."""
    plan = EditPlan("scene 1 derush cut", RATE)
    for line in range(LINES):
        source_in, source_out = 100, 100 + LENGTHS[line]
        clip = _clip(line, 0)
        if edit and line == 1:  # the editor swaps in the runner-up
            clip, source_in, source_out = _clip(line, 1), 130, 130 + 95
        if edit and line == 3:  # ... drops this line
            continue
        if edit and line == 2:  # ... and trims the head of this one
            source_in += TRIM
        event = plan.append(clip, source_in, source_out, f"line {line + 1}, take 1 of 2 (L{line + 1}_T1): complete")
        if not edit:
            plan.add_alternate(event, _clip(line, 1), 130, 130 + 95,
                               f"alternate for line {line + 1}, take 2 of 2 (L{line + 1}_T2): complete")
    return plan


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    write_json(out / "cut.json", cut_json(plan_to_proposal(_plan())))
    for key in ("otio", "fcpxml", "edl"):
        write(_plan(), key, out / f"cut.{key}")
        write(_plan(edit=True), key, out / f"final.{key}")
    return out


@pytest.mark.parametrize("kind", ["json", "otio", "fcpxml", "edl"])
def test_a_proposal_against_itself_scores_one_everywhere(files, kind):
    proposal = read_proposal(files / "cut.json")
    reference = read_proposal(files / "cut.json") if kind == "json" else read_reference(files / f"cut.{kind}", 24)
    e = evaluate(proposal, reference)
    assert (e.take_agreement, e.frames_iou, e.order_tau, e.duration_ratio) == (1.0, 1.0, 1.0, 1.0)
    assert (e.kept, e.swapped, e.removed, e.added) == (LINES, 0, 0, 0)


@pytest.mark.parametrize("kind", ["otio", "fcpxml", "edl"])
def test_an_edited_copy_gives_exactly_what_the_edit_implies(files, kind):
    e = evaluate(read_proposal(files / "cut.json"), read_reference(files / f"final.{kind}", 24))
    assert (e.kept, e.swapped, e.removed, e.added) == (3, 1, 1, 0)
    assert e.take_agreement == 3 / 4  # lines 1, 3, 5 kept their take; line 2 swapped; line 4 is gone
    # frames used by both: lines 1, 3 (less the trim), 5; by either: all five proposal lines plus the swapped-in take
    both = LENGTHS[0] + LENGTHS[2] - TRIM + LENGTHS[4]
    either = sum(LENGTHS) + 95
    assert e.frames_iou == pytest.approx(both / either, abs=1e-12)
    assert e.order_tau == 1.0
    proposal_frames, final_frames = sum(LENGTHS), LENGTHS[0] + 95 + LENGTHS[2] - TRIM + LENGTHS[4]
    assert e.duration_ratio == pytest.approx(final_frames / proposal_frames, abs=1e-12)
    by_line = {v.line: v.status for v in e.events}
    assert by_line == {"line 1": "kept", "line 2": "swapped", "line 3": "kept", "line 4": "removed",
                       "line 5": "kept"}
    trimmed = next(v for v in e.events if v.line == "line 3")
    assert trimmed.iou == pytest.approx((LENGTHS[2] - TRIM) / LENGTHS[2])


def test_reordering_lowers_order_tau_by_the_pairs_it_inverts(tmp_path):
    plan = _plan()
    moved = plan.retimed([plan.events[1], plan.events[0], *plan.events[2:]])  # lines 1 and 2 swap places
    final = EditPlan("reordered", RATE, events=moved)
    write(final, "otio", tmp_path / "final.otio")
    write_json(tmp_path / "cut.json", cut_json(plan_to_proposal(_plan())))
    e = evaluate(read_proposal(tmp_path / "cut.json"), read_reference(tmp_path / "final.otio"))
    pairs = LINES * (LINES - 1) / 2
    assert e.order_tau == pytest.approx((pairs - 2) / pairs)  # one pair of ten inverted: (9 - 1) / 10
    assert e.frames_iou == 1.0 and e.take_agreement == 1.0


def test_the_cli_prints_a_table_and_writes_the_json_keys(files, capsys):
    out = files / "eval.json"
    assert main(["eval", str(files / "cut.json"), str(files / "final.otio"), "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert {"take_agreement", "frames_iou", "order_tau", "duration_ratio", "kept", "swapped", "removed", "added",
            "events"} <= set(data)
    assert data["swapped"] == 1 and len(data["events"]) == LINES
    printed = capsys.readouterr().out
    assert "swapped" in printed and "take agreement 0.750" in printed


def test_a_cut_sharing_no_clip_is_refused_with_what_to_do(files, tmp_path):
    other = EditPlan("other", RATE)
    other.append(SourceClip("sha256:" + "f" * 64, "/elsewhere/B001.mov", RATE, 500), 0, 100, "")
    write(other, "otio", tmp_path / "other.otio")
    with pytest.raises(CutFileError, match="shares no clip"):
        evaluate(read_proposal(files / "cut.json"), read_reference(tmp_path / "other.otio"))
    assert main(["eval", str(files / "cut.json"), str(tmp_path / "other.otio")]) == 2


def test_speed_changes_gaps_and_nested_timelines(files, tmp_path):
    timeline = otio.adapters.read_from_file(str(files / "cut.otio"))
    track = timeline.video_tracks()[0]
    track[0].effects.append(otio.schema.LinearTimeWarp(time_scalar=2.0))  # line 1 played at 200 %
    track.insert(1, otio.schema.Gap(source_range=otio.opentime.TimeRange(duration=otio.opentime.RationalTime(24,
                                                                                                           24))))
    otio.adapters.write_to_file(timeline, str(tmp_path / "speed.otio"))
    cut = read_reference(tmp_path / "speed.otio")
    first = cut.events[0]
    assert round((first.end_s - first.start_s) * 24) == 2 * LENGTHS[0]  # twice the media in the same record time
    assert any("gap" in n for n in cut.notes) and any("speed 200%" in n for n in cut.notes)
    e = evaluate(read_proposal(files / "cut.json"), cut)
    assert e.kept == LINES and e.frames_iou == pytest.approx(sum(LENGTHS) / (sum(LENGTHS) + LENGTHS[0]))

    nested = otio.adapters.read_from_file(str(files / "cut.otio"))
    inner = otio.schema.Stack(name="compound 1")
    nested.video_tracks()[0].append(inner)
    otio.adapters.write_to_file(nested, str(tmp_path / "nested.otio"))
    with pytest.raises(CutFileError, match="Decompose in Place"):
        read_reference(tmp_path / "nested.otio")


def test_unreadable_files_say_what_to_do(tmp_path):
    bad = tmp_path / "final.otio"
    bad.write_text("{ not json")
    with pytest.raises(CutFileError, match="cannot be read"):
        read_reference(bad)
    movie = tmp_path / "final.mov"
    movie.write_bytes(b"\x00")
    with pytest.raises(CutFileError, match=".otio, .fcpxml, .edl"):
        read_reference(movie)
    not_a_cut = tmp_path / "cut.json"
    not_a_cut.write_text("[]")
    with pytest.raises(CutFileError, match="derush cut JSON"):
        read_proposal(not_a_cut)
