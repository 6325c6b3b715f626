"""Learning from the editor, end to end: real takes (espeak-ng at known speeds, in known voices), analysed by the
real server, cut with ``derush cut``, reworked by simulated editors whose rules read only the shoot's ground truth,
learned with ``derush learn``, and the next scene cut again.

Editors: "always the slower delivery", "always the last take", "always the line from a given speaker" (the
woman's voice); one who removes lines. A second project keeps the defaults.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
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
from tests.fixtures import takes_by_speaker, takes_by_speed
from tests.fixtures.takes_by_speed import TakeClip

RATE = Fraction(24)


@dataclass
class Shoot:
    folder: Path
    clips: list[TakeClip]
    ids: dict[str, str]  # file name -> media id
    scenes: dict[str, tuple[str, ...]]  # scene -> its script lines
    analyzers: str


def _analysed(embedded, folder: Path, clips: list[TakeClip], scenes, analyzers: str) -> Shoot:
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(folder / c.file for c in clips), analysis_options(analyzers))
    assert all(e is None for e in outcome.errors)
    return Shoot(folder, clips, {file_name(r.path): r.media_id for r in outcome.results}, scenes, analyzers)


@pytest.fixture(scope="module")
def shoot(embedded, fixtures_dir) -> Shoot:
    """Scenes A and B, each line said at three speeds."""
    folder = fixtures_dir / "takes_by_speed"
    return _analysed(embedded, folder, takes_by_speed.ensure_takes(folder), takes_by_speed.SCENES, "speech")


@pytest.fixture(scope="module")
def voices(embedded, fixtures_dir) -> Shoot:
    """Scenes C and D, each line said by a man in two takes and by a woman in the third."""
    folder = fixtures_dir / "takes_by_speaker"
    return _analysed(embedded, folder, takes_by_speaker.ensure_takes(folder), takes_by_speaker.SCENES,
                     "speech,speakers")


def _scene(shoot: Shoot, scene: str) -> list[TakeClip]:
    return [c for c in shoot.clips if c.scene == scene]


def _cut(embedded, shoot: Shoot, scene: str, out: Path, *extra: str) -> dict:
    script = shoot.folder / f"script_{scene}.txt"
    script.write_text("\n".join(shoot.scenes[scene]) + "\n")
    paths = [str(shoot.folder / c.file) for c in _scene(shoot, scene)]
    assert main(["cut", *paths, "--server", embedded.address, "--analyzers", shoot.analyzers, "--script", str(script),
                 "--json", str(out), *extra]) == 0
    return json.loads(out.read_text())


def _chosen(shoot: Shoot, scene: str, cut: dict) -> dict[int, int]:
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


def the_womans_voice(takes: list[TakeClip], line: int) -> int:
    return next(c.take for c in takes if c.lines[line].voice == takes_by_speaker.WOMAN)


def _editors_cut(shoot: Shoot, scene: str, rule, out: Path, lines: list[int] | None = None,
                 room: tuple[float, float] = (0.2, 0.3)) -> Path:
    """The editor's timeline: for each line (all, or ``lines``), the take their rule names, cut around the spoken
    line with ``room`` seconds before and after it."""
    takes = _scene(shoot, scene)
    plan = EditPlan(f"scene {scene} final", RATE)
    for line in range(len(shoot.scenes[scene])) if lines is None else lines:
        clip = next(c for c in takes if c.take == rule(takes, line))
        spoken = clip.lines[line]
        source = SourceClip(shoot.ids[clip.file], str(shoot.folder / clip.file), RATE, clip.frames,
                            clip.start_timecode)
        plan.append(source, int((spoken.start - room[0]) * 24),
                    min(clip.frames, int((spoken.end + room[1]) * 24) + 1), "editor")
    write(plan, "otio", out)
    return out


def _agreement(shoot: Shoot, scene: str, cut: dict, rule) -> float:
    takes = _scene(shoot, scene)
    chosen = _chosen(shoot, scene, cut)
    lines = len(shoot.scenes[scene])
    return sum(chosen.get(line) == rule(takes, line) for line in range(lines)) / lines


@pytest.mark.parametrize("footage,learn_on,new,rule,project,said", [
    ("shoot", "A", "B", slower_delivery, "slow-editor", "prefers slower delivery"),
    ("shoot", "A", "B", last_take, "last-take-editor", "prefers later takes"),
    ("voices", "C", "D", the_womans_voice, "her-voice-editor", "prefers the voice that says line")])
def test_a_project_learns_its_editors_preference_and_another_keeps_the_defaults(
        embedded, request, tmp_path, capsys, footage, learn_on, new, rule, project, said):
    shoot = request.getfixturevalue(footage)
    default_b = _cut(embedded, shoot, new, tmp_path / "default_b.json")
    before = _agreement(shoot, new, default_b, rule)
    assert before < 0.9, "the defaults already follow this editor: the test would prove nothing"

    cut_a = tmp_path / "cut_a.json"
    _cut(embedded, shoot, learn_on, cut_a, "--project", project)
    final_a = _editors_cut(shoot, learn_on, rule, tmp_path / "final_a.otio")
    assert main(["learn", "--proposal", str(cut_a), "--final", str(final_a), "--server", embedded.address]) == 0
    learned = capsys.readouterr().out
    assert said in learned
    if rule is the_womans_voice:  # the voice it names is the woman's: that line of that clip is hers
        line, clip = re.search(r"prefers the voice that says line (\d+) in (\w+)", learned).groups()
        spoken = next(c for c in shoot.clips if c.file.startswith(clip + ".")).lines[int(line) - 1]
        assert spoken.voice == takes_by_speaker.WOMAN

    learned_b = _cut(embedded, shoot, new, tmp_path / "learned_b.json", "--project", project)
    assert _agreement(shoot, new, learned_b, rule) >= 0.9
    changed = [e["reason"] for e in learned_b["events"] if "learned preference" in e["reason"]]
    # the reason says when the learned preference, not the defaults, chose the take, and which preference
    assert changed and all(f"learned preference of project {project} (" in r for r in changed)
    assert any(said in r for r in changed)

    # another project, and --preferences none, keep the default choices
    other = _cut(embedded, shoot, new, tmp_path / "other_b.json", "--project", "another-show")
    ignored = _cut(embedded, shoot, new, tmp_path / "ignored_b.json", "--project", project, "--preferences", "none")
    assert _chosen(shoot, new, other) == _chosen(shoot, new, ignored) == _chosen(shoot, new, default_b)

    assert main(["learn", "--show", "--project", project, "--server", embedded.address]) == 0
    assert said in capsys.readouterr().out
    assert main(["learn", "--reset", "--project", project, "--server", embedded.address]) == 0
    reset_b = _cut(embedded, shoot, new, tmp_path / "reset_b.json", "--project", project)
    assert _chosen(shoot, new, reset_b) == _chosen(shoot, new, default_b)


def test_removed_lines_count_against_their_takes_and_change_no_other_project(embedded, shoot, tmp_path, capsys):
    """The editor takes the last take of each line and removes two lines: the removed lines' takes teach as not
    wanted, without turning the take choices of the lines kept, nor the next scene's lines, nor another project."""
    default_b = _cut(embedded, shoot, "B", tmp_path / "default_b.json", "--project", "other-show")
    cut_a = tmp_path / "cut_a.json"
    _cut(embedded, shoot, "A", cut_a, "--project", "remover")
    final_a = _editors_cut(shoot, "A", last_take, tmp_path / "final_a.otio", lines=[0, 2, 3, 5])
    assert main(["learn", "--proposal", str(cut_a), "--final", str(final_a), "--server", embedded.address]) == 0
    said = capsys.readouterr().out
    # lines 2 and 5 removed; a line whose last take the lines did not find is not taken as removed
    assert "2 line(s) of the proposal are not in the editor's cut: their takes were counted as not wanted" in said
    assert "prefers later takes" in said

    learned_b = _cut(embedded, shoot, "B", tmp_path / "learned_b.json", "--project", "remover")
    assert sorted(_chosen(shoot, "B", learned_b)) == list(range(6))  # no line of the next scene left out
    assert _agreement(shoot, "B", learned_b, last_take) >= 0.9
    other = _cut(embedded, shoot, "B", tmp_path / "other_b.json", "--project", "other-show")
    assert _chosen(shoot, "B", other) == _chosen(shoot, "B", default_b)
    assert main(["learn", "--show", "--project", "other-show", "--server", embedded.address]) == 0
    assert "no preference of its own yet" in capsys.readouterr().out


def _line_starts(cut: dict) -> list[float]:
    """Where each line's first event starts in its clip (seconds), in the cut's order."""
    starts: dict[str, float] = {}
    for event in cut["events"]:
        starts.setdefault(event["reason"].split(",")[0], event["source_in"] / 24)  # "line 3, take 2 of 3 ..."
    return list(starts.values())


def test_an_editor_who_leaves_more_room_teaches_the_handles_of_the_next_cut(embedded, shoot, tmp_path, capsys):
    """Trims: an editor who keeps 0.8 s around every line. The next scene's cut, with no pace asked for, leaves
    that project's room; asking for a pace still gets the pace; another project keeps the default handles."""
    cut_a = tmp_path / "cut_a.json"
    _cut(embedded, shoot, "A", cut_a, "--project", "roomy-editor")
    final_a = _editors_cut(shoot, "A", last_take, tmp_path / "final_a.otio", room=(0.8, 0.8))
    assert main(["learn", "--proposal", str(cut_a), "--final", str(final_a), "--server", embedded.address]) == 0
    said = capsys.readouterr().out
    learned = float(re.search(r"trims to (\d\.\d\d) s around the words", said).group(1))
    assert 0.5 <= learned <= 0.8  # the editor's 0.8 s, drawn a little towards the default 0.25 s

    roomy_b = _cut(embedded, shoot, "B", tmp_path / "roomy_b.json", "--project", "roomy-editor")
    paced_b = _cut(embedded, shoot, "B", tmp_path / "paced_b.json", "--project", "roomy-editor", "--pace", "normal")
    # the same takes; each line starts earlier by the learned room less the normal pace's (frames round)
    earlier = [p - r for p, r in zip(_line_starts(paced_b), _line_starts(roomy_b))]
    assert len(earlier) == 6 and all(e == pytest.approx(learned - 0.25, abs=1.5 / 24) for e in earlier), earlier
    other = _cut(embedded, shoot, "B", tmp_path / "other_b.json", "--project", "another-show")
    other_paced = _cut(embedded, shoot, "B", tmp_path / "other_paced_b.json", "--project", "another-show",
                       "--pace", "normal")
    assert _line_starts(other) == _line_starts(other_paced)  # a project that learned no trim: the normal pace


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
    items = project.GetMediaPool().ImportMedia([str(shoot.folder / c.file) for c in _scene(shoot, "A")])
    by_path = {item.GetClipProperty()["File Path"]: item for item in items}
    plan = EditPlan("scene A final", RATE)
    for event in read_reference(final).events:  # the editor's cut, laid out in Resolve
        clip = next(c for c in _scene(shoot, "A") if c.file == event.name)
        source = SourceClip(shoot.ids[clip.file], str(shoot.folder / clip.file), RATE, clip.frames,
                            clip.start_timecode)
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
