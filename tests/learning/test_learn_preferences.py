"""Learning from the editor, end to end: real takes (espeak-ng at known speeds), analysed by the real server,
cut with ``derush cut``, reworked by simulated editors whose rules read only the shoot's ground truth, learned with
``derush learn``, and the next scene cut again.

Editors: "always the slower delivery", "always the last take". A second project keeps the defaults.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from inference_server.cut.preferences import PreferenceStore
from protos.edit_plan import EditPlan, SourceClip
from protos.errors import InvalidRequest
from protos.interchange import write
from protos.media_files import file_name
from resolve_plugin.cli import main
from resolve_plugin.client import DerushClient, media_refs
from resolve_plugin.job_options import analysis_options
from tests.fixtures.takes_by_speed import SCENES, TakeClip, ensure_takes

RATE = Fraction(24)
ANALYZERS = "speech"


@pytest.fixture(scope="module")
def shoot(embedded, fixtures_dir):
    folder = fixtures_dir / "takes_by_speed"
    clips = ensure_takes(folder)
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(folder / c.file for c in clips),
                                 analysis_options(ANALYZERS))
    assert all(e is None for e in outcome.errors)
    ids = {file_name(r.path): r.media_id for r in outcome.results}
    return folder, clips, ids


def _scene(shoot, scene: str) -> list[TakeClip]:
    return [c for c in shoot[1] if c.scene == scene]


def _cut(embedded, shoot, scene: str, out: Path, *extra: str) -> dict:
    folder = shoot[0]
    script = folder / f"script_{scene}.txt"
    script.write_text("\n".join(SCENES[scene]) + "\n")
    paths = [str(folder / c.file) for c in _scene(shoot, scene)]
    assert main(["cut", *paths, "--server", embedded.address, "--analyzers", ANALYZERS, "--script", str(script),
                 "--json", str(out), *extra]) == 0
    return json.loads(out.read_text())


def _chosen(shoot, scene: str, cut: dict) -> dict[int, int]:
    """line -> take the cut uses, from the ground truth's line placement (not from derush's reasons)."""
    clips = {c.file: c for c in _scene(shoot, scene)}
    chosen = {}
    for event in cut["events"]:
        clip = clips[file_name(event["clip"])]
        start, end = event["source_in"] / 24, event["source_out"] / 24
        for spoken in clip.lines:
            if min(end, spoken.end) - max(start, spoken.start) > 0.5 * (spoken.end - spoken.start):
                chosen[spoken.line] = clip.take
    return chosen


def slower_delivery(takes: list[TakeClip], line: int) -> int:
    return min(takes, key=lambda c: c.lines[line].wpm).take


def last_take(takes: list[TakeClip], line: int) -> int:
    return max(c.take for c in takes)


def _editors_cut(shoot, scene: str, rule, out: Path) -> Path:
    """The editor's timeline: for each line, the take their rule names, cut around the spoken line."""
    takes = _scene(shoot, scene)
    plan = EditPlan(f"scene {scene} final", RATE)
    for line in range(len(SCENES[scene])):
        clip = next(c for c in takes if c.take == rule(takes, line))
        spoken = clip.lines[line]
        source = SourceClip(shoot[2][clip.file], str(shoot[0] / clip.file), RATE, clip.frames, clip.start_timecode)
        plan.append(source, int((spoken.start - 0.2) * 24), min(clip.frames, int((spoken.end + 0.3) * 24) + 1),
                    "editor")
    write(plan, "otio", out)
    return out


def _agreement(shoot, scene: str, cut: dict, rule) -> float:
    takes = _scene(shoot, scene)
    chosen = _chosen(shoot, scene, cut)
    return sum(chosen.get(line) == rule(takes, line) for line in range(len(SCENES[scene]))) / len(SCENES[scene])


@pytest.mark.parametrize("rule,project,said", [(slower_delivery, "slow-editor", "prefers slower delivery"),
                                               (last_take, "last-take-editor", "prefers later takes")])
def test_a_project_learns_its_editors_preference_and_another_keeps_the_defaults(embedded, shoot, tmp_path, capsys,
                                                                                  rule, project, said):
    default_b = _cut(embedded, shoot, "B", tmp_path / "default_b.json")
    before = _agreement(shoot, "B", default_b, rule)
    assert before < 0.9, "the defaults already follow this editor: the test would prove nothing"

    cut_a = tmp_path / "cut_a.json"
    _cut(embedded, shoot, "A", cut_a, "--project", project)
    final_a = _editors_cut(shoot, "A", rule, tmp_path / "final_a.otio")
    assert main(["learn", "--proposal", str(cut_a), "--final", str(final_a), "--server", embedded.address]) == 0
    assert said in capsys.readouterr().out

    learned_b = _cut(embedded, shoot, "B", tmp_path / "learned_b.json", "--project", project)
    assert _agreement(shoot, "B", learned_b, rule) >= 0.9
    changed = [e["reason"] for e in learned_b["events"] if "learned preference" in e["reason"]]
    # the reason says when the learned preference, not the defaults, chose the take, and which preference
    assert changed and all(f"learned preference of project {project} (" in r for r in changed)
    assert any(said in r for r in changed)

    # another project, and --preferences none, keep the default choices
    other = _cut(embedded, shoot, "B", tmp_path / "other_b.json", "--project", "another-show")
    ignored = _cut(embedded, shoot, "B", tmp_path / "ignored_b.json", "--project", project, "--preferences", "none")
    assert _chosen(shoot, "B", other) == _chosen(shoot, "B", ignored) == _chosen(shoot, "B", default_b)

    assert main(["learn", "--show", "--project", project, "--server", embedded.address]) == 0
    assert said in capsys.readouterr().out
    assert main(["learn", "--reset", "--project", project, "--server", embedded.address]) == 0
    reset_b = _cut(embedded, shoot, "B", tmp_path / "reset_b.json", "--project", project)
    assert _chosen(shoot, "B", reset_b) == _chosen(shoot, "B", default_b)


def test_a_cut_of_other_rushes_teaches_nothing_and_says_so(embedded, shoot, tmp_path, capsys):
    cut_a = tmp_path / "cut_a.json"
    _cut(embedded, shoot, "A", cut_a, "--project", "wrong-cut")
    final_b = _editors_cut(shoot, "B", last_take, tmp_path / "final_b.otio")  # scene B's clips, not A's
    assert main(["learn", "--proposal", str(cut_a), "--final", str(final_b), "--server", embedded.address]) != 0
    assert "none of the takes" in capsys.readouterr().err


def test_project_names_with_path_characters_are_refused(embedded, shoot, tmp_path, capsys):
    for name in ("../escape", "a/b", "c:\\d", ".."):
        assert main(["learn", "--show", "--project", name, "--server", embedded.address]) != 0
        assert "cannot be used" in capsys.readouterr().err


def test_a_damaged_preferences_file_is_set_aside_and_nothing_else_is_touched(tmp_path):
    store = PreferenceStore(tmp_path)
    store.root.mkdir(parents=True)
    (store.root / "show.json").write_text("{ damaged")
    (store.root / "other.json").write_text("kept as it is")
    prefs, notes = store.load("show")
    assert prefs.lines_learned == 0 and "reset" in notes[0] and "damaged" in notes[0]
    assert [p.name for p in store.root.glob("show.damaged-*.json")] and not (store.root / "show.json").exists()
    assert (store.root / "other.json").read_text() == "kept as it is"
    with pytest.raises(InvalidRequest):
        store.load("../other")


def test_the_editors_cut_read_from_an_emulated_resolve_timeline_matches_the_file(embedded, shoot, tmp_path):
    from resolve_plugin.cut_eval import evaluate
    from resolve_plugin.cut_reading import CutFileError, read_proposal, read_reference, read_resolve_timeline
    from resolve_plugin.emulator import create_resolve
    from resolve_plugin.resolve.link import connect
    from resolve_plugin.resolve.timeline_builder import build_timeline

    cut_a = tmp_path / "cut_a.json"
    _cut(embedded, shoot, "A", cut_a)
    final = _editors_cut(shoot, "A", last_take, tmp_path / "final_a.otio")
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="Learning")
    project = connect(mode="emulator", emulator=resolve).project()
    items = project.GetMediaPool().ImportMedia([str(shoot[0] / c.file) for c in _scene(shoot, "A")])
    by_path = {item.GetClipProperty()["File Path"]: item for item in items}
    plan = EditPlan("scene A final", RATE)
    for event in read_reference(final).events:  # the editor's cut, laid out in Resolve
        clip = next(c for c in _scene(shoot, "A") if c.file == event.name)
        source = SourceClip(shoot[2][clip.file], str(shoot[0] / clip.file), RATE, clip.frames, clip.start_timecode)
        start = round(event.start_s * 24) - round(_timecode_s(clip.start_timecode) * 24)
        plan.append(source, start, start + round((event.end_s - event.start_s) * 24), "editor")
    report = build_timeline(project, plan, by_path)
    assert report.ok, report.mismatches
    proposal = read_proposal(cut_a)
    from_resolve = evaluate(proposal, read_resolve_timeline(resolve, project, report.timeline.GetName()))
    from_file = evaluate(proposal, read_reference(final))
    assert from_resolve.to_json() == from_file.to_json()
    assert from_file.swapped > 0  # the last-take editor swapped takes: the comparison is not trivially equal
    with pytest.raises(CutFileError, match="no timeline named"):
        read_resolve_timeline(resolve, project, "missing")


def _timecode_s(timecode: str) -> float:
    h, m, s, f = (int(x) for x in timecode.split(":"))
    return h * 3600 + m * 60 + s + f / 24
