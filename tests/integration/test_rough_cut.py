"""Suggest rough cut on generated rushes whose good takes are known: good takes chosen, flubbed and dead-air
takes not, script order followed, uncovered lines reported, target duration honoured, reasons readable."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs


@pytest.fixture(scope="module")
def analysed(embedded, fixtures_dir, clips):
    from resolve_plugin.client import DerushClient

    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(fixtures_dir / c.file for c in clips))
    assert all(e is None for e in outcome.errors)
    return {Path(r.path).name: r for r in outcome.results}


def _cut(client, analysed, **options):
    return client.suggest_cut([a.media_id for a in analysed.values()], pb.CutOptions(**options))


def test_the_good_take_of_every_line_is_chosen(client, analysed, clips):
    proposal = _cut(client, analysed)
    chosen = [Path(e.path).name for e in proposal.events]
    good = [c.file for c in sorted(clips, key=lambda c: c.line) if c.good]
    assert list(dict.fromkeys(chosen)) == good  # in scene order, one take per line
    for bad in (c.file for c in clips if not c.good):
        assert bad not in chosen
        assert bad in {Path(a.path).name for a in proposal.alternates}  # kept close at hand
    assert all(not a.enabled and a.track == 2 for a in proposal.alternates)
    for event in proposal.events:
        assert event.reason.startswith("line ") and " of " in event.reason and "Over take" in event.reason


def test_with_a_script_the_cut_follows_it_and_reports_uncovered_lines(client, analysed, truth):
    script = "\n".join([truth["script"][2], "The lighthouse keeper never sleeps.", truth["script"][0]])
    proposal = _cut(client, analysed, script_text=script)
    lines_in_order = [analysed[Path(e.path).name] for e in proposal.events]
    assert [Path(a.path).name for a in lines_in_order] == ["S03_T01.mp4", "S01_T02.mp4"]
    assert list(proposal.uncovered_lines) == ["The lighthouse keeper never sleeps."]


def test_fountain_scripts_are_read_for_their_dialogue(client, analysed, truth):
    fountain = (f"Title: Harbour\n\nEXT. HARBOUR - DAWN\n\nThe boats rock.\n\nFISHERMAN\n(quietly)\n"
                f"{truth['script'][1]}\n\nCUT TO:\n\nFISHERMAN\n{truth['script'][2]}\n")
    proposal = _cut(client, analysed, script_text=fountain)
    assert [Path(e.path).name for e in proposal.events] == ["S02_T01.mov", "S03_T01.mp4"]
    assert not proposal.uncovered_lines


def test_dead_air_longer_than_the_handles_is_removed(client, analysed, clips):
    dead_air = next(c for c in clips if c.kind == "dead_air")
    analysis = analysed[dead_air.file]
    proposal = client.suggest_cut([analysis.media_id], pb.CutOptions(pace=pb.PACE_TIGHT))
    rate = Fraction(analysis.fps_num, analysis.fps_den)
    kept = [(e.source_in / rate, e.source_out / rate) for e in proposal.events]
    assert len(kept) == 2  # the line, split around the pause
    (start, end), = dead_air.dead_air
    assert all(b <= start + 0.5 or a >= end - 0.5 for a, b in kept)
    assert float(kept[0][0]) > dead_air.slate_end_s  # slate and pre-roll gone too


def test_a_target_duration_drops_the_lowest_value_lines(client, analysed):
    full = _cut(client, analysed)
    target = full.duration_s * 0.6
    trimmed = _cut(client, analysed, target_duration_s=target)
    assert trimmed.duration_s <= target * 1.05
    assert len({e.path for e in trimmed.events}) < len({e.path for e in full.events})
    assert any("Left out to meet" in note for note in trimmed.notes)


def test_a_target_shorter_than_one_line_says_so(client, analysed):
    proposal = _cut(client, analysed, target_duration_s=1.0)
    assert len({e.path for e in proposal.events}) == 1
    assert any("shorter than the shortest line" in note for note in proposal.notes)


def test_a_script_that_matches_nothing_gives_a_clear_note(client, analysed):
    proposal = _cut(client, analysed, script_text="Completely unrelated words here.\nAnd more of them.")
    assert not proposal.events and len(proposal.uncovered_lines) == 2
    assert any("No clip matches any line" in note for note in proposal.notes)


def test_b_roll_without_speech_is_cut_by_shots(client, embedded, truth, fixtures_dir):
    from resolve_plugin.client import DerushClient

    with DerushClient(embedded.address) as c:
        outcome = c.analyze(media_refs([fixtures_dir / "shots" / truth["shots"]["fades"]["file"]]))
        proposal = c.suggest_cut([outcome.results[0].media_id], pb.CutOptions())
    assert len(proposal.events) == 3  # one per shot
    assert all(e.reason.startswith("b-roll") for e in proposal.events)
    assert any("No speech" in note for note in proposal.notes)
