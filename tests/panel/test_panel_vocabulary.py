"""The panel's Vocabulary field: remembered, joined by the script's names, and a bad entry refused with the fix."""

from __future__ import annotations

from resolve_plugin.emulator import controls
from resolve_plugin.panel.preferences import PanelSettings, load_settings

SCRIPT = """INT. QUORVEX LAB - DAY

HÉLÈNE
Welcome to the lab. Drennick Bay is far.
"""


def test_the_vocabulary_field_is_remembered_and_the_scripts_names_join_it(make_panel, studio, embedded, tmp_path):
    resolve, _project, _items = studio
    script = tmp_path / "lab.fountain"
    script.write_text(SCRIPT)
    panel = make_panel(resolve, PanelSettings(server=embedded.address))
    window = panel.window
    window.script_edit.setText(str(script))
    window.script_edit.editingFinished.emit()
    window.vocabulary_edit.setText(" Quorvex, Maelis Tardieu ")
    window.vocabulary_edit.editingFinished.emit()
    assert load_settings().vocabulary == "Quorvex, Maelis Tardieu"
    assert window.session.vocabulary() == ["Quorvex", "Maelis Tardieu", "Hélène", "Drennick Bay"]


def test_a_sentence_in_the_vocabulary_field_is_refused_with_the_fix(make_panel, studio, embedded, clips):
    resolve, _project, items = studio
    controls(resolve).select([items[clips[1].file]])
    panel = make_panel(resolve, PanelSettings(server=embedded.address,
                                              vocabulary="welcome to the lab said the director of the company"))
    window = panel.window
    panel.click(window.tag_button)
    panel.wait()
    assert "is not a name or a term" in panel.message() and "commas" in panel.message()
    assert window.tag_button.isEnabled()  # fixed in the field, the panel goes on
