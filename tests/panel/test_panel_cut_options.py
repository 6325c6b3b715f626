"""The panel's rough cut options of issue 16: favour a character, speaker or shot type picked from what was found
(the script's characters, the tagged clips' speakers and shot types), the shape of a reframed cutdown, how closely
to keep to the script, and cutting filler words; remembered, and sent with the cut."""

from __future__ import annotations

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.emulator import controls
from resolve_plugin.panel import i18n
from resolve_plugin.panel.preferences import PanelSettings, load_settings

SCRIPT = """INT. PHARE - NUIT

HÉLÈNE
La lampe s'est éteinte.

BOB (O.S.)
Je monte la réparer.
"""


def _items(combo) -> list[str]:
    return [combo.itemData(i) for i in range(combo.count())]


def test_favour_is_picked_from_the_characters_and_what_was_tagged_and_the_options_go_with_the_cut(
        make_panel, studio, embedded, clips, tmp_path):
    resolve, _project, items = studio
    script = tmp_path / "phare.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    panel = make_panel(resolve, PanelSettings(server=embedded.address))
    window = panel.window
    assert _items(window.favour_combo) == [""]  # nothing known yet: nothing in particular, nothing typed
    window.script_edit.setText(str(script))
    window.script_edit.editingFinished.emit()
    assert _items(window.favour_combo) == ["", "character:HÉLÈNE", "character:BOB"]

    controls(resolve).select([items[c.file] for c in clips[:2]])
    window.refresh_button.click()
    panel.wait()
    panel.click(window.tag_button)
    panel.wait()
    found = _items(window.favour_combo)
    assert found[:3] == ["", "character:HÉLÈNE", "character:BOB"]
    assert any(f.startswith("shot_type:") or f.startswith("speaker:") for f in found[3:]), found

    window.favour_combo.setCurrentIndex(window.favour_combo.findData("character:BOB"))
    window.aspect_combo.setCurrentIndex(window.aspect_combo.findData("9:16"))
    window.script_mode_combo.setCurrentIndex(window.script_mode_combo.findData("strict"))
    window.fillers_check.setChecked(True)
    saved = load_settings()
    assert (saved.favour, saved.aspect, saved.script_mode, saved.remove_fillers) == \
        (["character:BOB"], "9:16", "strict", True)
    options = window.session.cut_options()
    assert list(options.favour) == ["character:BOB"] and (options.aspect_width, options.aspect_height) == (9, 16)
    assert options.script_mode == pb.SCRIPT_MODE_STRICT and options.remove_fillers
    panel.shot("cut-options-en")


def test_the_cut_options_in_french_fit_the_small_panel(make_panel, studio, embedded, qapp, tmp_path):
    resolve, _project, _items_ = studio
    script = tmp_path / "phare.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    i18n.install("fr", qapp)
    try:
        panel = make_panel(resolve, PanelSettings(server=embedded.address, script_path=str(script), aspect="9:16",
                                                  favour=["character:HÉLÈNE"], remove_fillers=True),
                           size=(460, 900))
        window = panel.window
        assert window.favour_combo.currentText() == "personnage HÉLÈNE"
        assert window.aspect_combo.currentText() == "9:16 vertical (réseaux sociaux)"
        assert window.fillers_check.isChecked() and window.fillers_check.text().startswith("Couper")
        panel.shot("cut-options-small-french")
    finally:
        i18n.uninstall(qapp)


def test_a_server_error_on_a_clip_is_said_in_the_panels_language_with_the_servers_words_at_hand(
        make_panel, studio, embedded, clips, fixtures_dir, qapp, tmp_path):
    import shutil

    from resolve_plugin.panel import clip_status as cs
    from resolve_plugin.panel.words import state_text

    resolve, project, _items_ = studio
    damaged = tmp_path / "A009_C003 copie abîmée.mov"
    shutil.copy(fixtures_dir / next(c.file for c in clips if c.file.endswith(".mov")), damaged)
    item = project.GetMediaPool().ImportMedia([str(damaged)])[0]
    data = damaged.read_bytes()
    damaged.write_bytes(data[: len(data) // 3])  # the copy from the card was interrupted, after the import
    controls(resolve).select([item])
    i18n.install("fr", qapp)
    try:
        panel = make_panel(resolve, PanelSettings(server=embedded.address, reanalyse=True))
        window = panel.window
        panel.click(window.tag_button)
        panel.wait()
        assert panel.states() == [state_text(cs.FAILED)] and state_text(cs.FAILED) != "failed"
        shown = window.clip_table.text_at(0, 3)
        server_said = window.clip_table.item(0, 3).toolTip()
        assert shown != server_said and damaged.name in server_said  # French summary; the server's sentence kept
        assert any(word in shown for word in ("copiez-le", "décode", "fichier")), shown
        panel.shot("clip-error-french")
    finally:
        i18n.uninstall(qapp)
