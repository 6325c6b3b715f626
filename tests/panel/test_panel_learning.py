"""The panel teaches the project: before Apply the editor swaps a line for its runner-up and drops another, Apply
builds exactly that and the choices teach the Resolve project's preferences; after the editor reworked the timeline
in Resolve, "Learn from this timeline" reads it back and teaches again; the last comparison's figures are shown.

Offscreen Qt, the emulated Resolve holding one scene shot in three takes (tests/fixtures/takes_by_speed.py), the
real server over gRPC. Screenshots in English and in French go to test-artifacts/panel/ to be looked at.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inference_server.cut.preferences import FEATURES
from resolve_plugin.client import DerushClient
from resolve_plugin.emulator import controls, create_resolve
from resolve_plugin.learn_request import project_key
from resolve_plugin.panel import i18n
from resolve_plugin.panel.preferences import PanelSettings
from resolve_plugin.panel.words import learned_text
from resolve_plugin.resolve.link import connect
from tests.fixtures.takes_by_speed import SCENES, ensure_takes
from tests.panel.conftest import ARTEFACTS

PROJECT = "Harbour: Ep 2"  # a ':' cannot name a preferences file: the panel learns for "Harbour- Ep 2"
SWAPPED, DROPPED = 1, 3  # the lines the editor changes in the panel (0-based)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """A server of this module's own: the proposal these tests choose from is made from the analyses of this scene
    alone, whatever other tests stored for the same clips in the session's server."""
    from inference_server.server import EmbeddedServer

    with EmbeddedServer(data_dir=tmp_path_factory.mktemp("learning-server")) as server:
        yield server


@pytest.fixture()
def scene(fixtures_dir, tmp_path):
    """An emulated Resolve with scene A's three takes imported and selected, and the scene's script."""
    folder = fixtures_dir / "takes_by_speed_fresh"
    # espeak-ng's output depends on what it said before in the process: made in a process of their own, the takes
    # are the same whichever tests ran first, and so is the proposal these tests choose from
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from tests.fixtures.takes_by_speed import ensure_takes; ensure_takes(Path(sys.argv[1]))",
                    str(folder)], check=True, cwd=Path(__file__).resolve().parents[2])
    clips = [c for c in ensure_takes(folder) if c.scene == "A"]
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name=PROJECT)
    project = connect(mode="emulator", emulator=resolve).project()
    items = project.GetMediaPool().ImportMedia([str(folder / c.file) for c in clips])
    controls(resolve).select(items)
    script = tmp_path / "script_A.txt"
    script.write_text("\n".join(SCENES["A"]) + "\n")
    return resolve, project, script


def _row_of_line(window, line: int) -> int:
    return window.session.lines()[line].events[0]


def _choose(panel, line: int, button) -> None:
    window = panel.window
    window.reasons.clearSelection()
    window.reasons.item(_row_of_line(window, line)).setSelected(True)
    panel.click(button)


def _items(timeline) -> list[tuple[str, int, int]]:
    """(file name, first source frame, frame after the last) of each item on V1."""
    return [(item.GetMediaPoolItem().GetName(), item.GetLeftOffset(), item.GetLeftOffset() + item.GetDuration())
            for item in timeline.GetItemListInTrack("video", 1)]


def _suggest_and_choose(panel, script) -> None:
    """Suggest rough cut on scene A (from the defaults: whatever another test taught the project is forgotten), then
    swap line 2 for its runner-up and drop line 4."""
    window = panel.window
    with DerushClient(window.session.client.address) as client:
        client.reset_preferences(window.session.project_key())
    window.script_edit.setText(str(script))
    window.script_edit.editingFinished.emit()
    panel.click(window.cut_button)
    panel.wait()
    lines = window.session.lines()
    assert len(lines) == len(SCENES["A"]) and all(line.alternate is not None for line in lines), panel.message()
    assert not window.review.swap_button.isEnabled()  # nothing selected yet
    _choose(panel, SWAPPED, window.review.swap_button)
    _choose(panel, DROPPED, window.review.drop_button)


def test_swap_and_drop_before_apply_then_learn_from_the_reworked_timeline(make_panel, scene, embedded):
    resolve, project, script = scene
    key = project_key(PROJECT)
    assert key == "Harbour- Ep 2"
    panel = make_panel(resolve, PanelSettings(server=embedded.address))
    window = panel.window
    _suggest_and_choose(panel, script)
    session = window.session
    plan, lines = session.cut.plan, session.lines()
    swapped, dropped = lines[SWAPPED], lines[DROPPED]
    runner_up = plan.alternates[swapped.alternate]

    # the list says each choice; the totals and the sketch show the cut Apply will build
    swapped_row = window.reasons.item(swapped.events[0]).text()
    assert "⇄ runner-up " + runner_up.clip.name in swapped_row, swapped_row
    assert all("✕ dropped: " in window.reasons.item(i).text() for i in dropped.events)
    assert window.reasons.item(dropped.events[0]).font().strikeOut()
    assert "Your choices: 1 line(s) swapped for their runner-up, 1 dropped" in window.totals.text()
    kept_events = len(plan.events) - len(dropped.events) - len(swapped.events) + 1
    sketched = window.sketch.counts()
    assert sketched["chosen"] == 1 and sketched.get("best", 0) + sketched.get("only", 0) == kept_events - 1
    # a choice can be taken back, and made again
    _choose(panel, DROPPED, window.review.keep_button)
    assert "✕" not in window.reasons.item(dropped.events[0]).text() and "1 dropped" not in window.totals.text()
    _choose(panel, DROPPED, window.review.drop_button)
    assert "Your choices: 1 line(s) swapped for their runner-up, 1 dropped" in window.totals.text()
    panel.shot("learning-01-choices")

    # Apply builds the proposal without the dropped line and with the runner-up in the swapped line's place
    panel.click(window.apply_button)
    panel.wait()
    timeline = project.GetCurrentTimeline()
    assert "Created timeline" in panel.message(), panel.message()
    used = _items(timeline)
    assert len(used) == kept_events
    assert (runner_up.clip.name, runner_up.source_in, runner_up.source_out) in used
    for i in dropped.events + swapped.events:
        event = plan.events[i]
        assert (event.clip.name, event.source_in, event.source_out) not in used
    for n, line in enumerate(lines):
        if n not in (SWAPPED, DROPPED):
            assert all((plan.events[i].clip.name, plan.events[i].source_in, plan.events[i].source_out) in used
                       for i in line.events)

    # the choices taught the Resolve project: the server holds its preferences, the figures say how close it came
    feedback = session.feedback
    assert feedback is not None and feedback.source == "choices" and not feedback.problem, feedback
    e = feedback.evaluation
    assert (e.kept, e.swapped, e.removed, e.added) == (
        len(plan.events) - len(dropped.events) - len(swapped.events), len(swapped.events), len(dropped.events), 0)
    with DerushClient(embedded.address) as client:
        after_choices = client.get_preferences(key)
    # every line taught: four kept as proposed, one swapped, one removed
    assert after_choices.lines_learned == len(lines) and after_choices.project == key
    figures = window.review.figures.text()
    assert "your choices before Apply" in figures and f"{e.kept} kept" in figures and "1 swapped" in figures
    assert f"Project “{key}” ({len(lines)} line(s) learned)" in figures

    # the editor reworks derush's timeline in Resolve: line 1 flipped to its runner-up in the take selector,
    # the last line deleted; then "Learn from this timeline"
    items = timeline.GetItemListInTrack("video", 1)
    first = items[0]
    assert first.GetTakesCount() == 2 and first.SelectTakeByIndex(2)
    assert timeline.DeleteClips([items[-1]], True)
    assert window.review.learn_button.isEnabled()
    panel.click(window.review.learn_button)
    panel.wait()
    feedback = session.feedback
    assert feedback.source == timeline.GetName() and not feedback.problem, panel.message()
    assert (feedback.evaluation.swapped, feedback.evaluation.removed, feedback.evaluation.added) == (1, 1, 0)
    assert f"Learned from timeline “{timeline.GetName()}” for project “{key}”." in panel.message()
    with DerushClient(embedded.address) as client:
        learned = client.get_preferences(key)
        other = client.get_preferences("Harbour doc")
    assert learned.lines_learned > after_choices.lines_learned
    assert other.lines_learned == 0  # another Resolve project learned nothing
    figures = window.review.figures.text()
    assert f"timeline “{timeline.GetName()}”" in figures and "1 swapped" in figures and "1 removed" in figures
    assert "take agreement " in figures
    panel.shot("learning-02-learned")
    assert (ARTEFACTS / "learning-02-learned.png").stat().st_size > 10_000


def test_the_choices_and_figures_in_french(make_panel, scene, embedded, qapp):
    resolve, _project, script = scene
    i18n.install("fr", qapp)
    try:
        panel = make_panel(resolve, PanelSettings(server=embedded.address), size=(460, 900))
        window = panel.window
        assert window.review.swap_button.text() == "Prendre le deuxième choix"
        assert window.review.learn_button.text() == "Apprendre de cette timeline"
        _suggest_and_choose(panel, script)
        assert "réplique remplacée par son deuxième choix" in window.totals.text()
        assert "⇄ deuxième choix " in window.reasons.item(_row_of_line(window, SWAPPED)).text()
        page = window.tabs.widget(0).verticalScrollBar()
        panel.app.processEvents()  # the page's new length first
        page.setValue(page.maximum())  # the narrow panel scrolls down to the proposal
        panel.shot("learning-03-choices-french")
        panel.click(window.apply_button)
        panel.wait()
        figures = window.review.figures.text()
        assert "Dernière comparaison, avec vos choix avant Appliquer" in figures and "1 remplacé" in figures, figures
        panel.app.processEvents()
        page.setValue(page.maximum())
        panel.shot("learning-04-figures-french")
    finally:
        i18n.uninstall(qapp)


def test_every_learned_preference_is_said_in_french(qapp):
    """The words a project learned come from the server in English: the panel says each of them in French."""
    phrases = [words for _, _, higher, lower in FEATURES.values() for words in (higher, lower)]
    voice = 'prefers the voice that says line 2 in SCC_T2 ("My sister opened her…")'
    try:
        i18n.install("fr", qapp)
        untranslated = [p for p in phrases if learned_text(p) == p]
        assert not untranslated, f"add these to words.learned_text and the .ts files: {untranslated}"
        assert learned_text(voice) == 'préfère la voix qui dit la réplique 2 dans SCC_T2 ("My sister opened her…")'
    finally:
        i18n.uninstall(qapp)
