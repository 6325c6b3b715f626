"""What goes wrong on an editor's first day, in the real panel: each says what happened and how to fix it, and
the panel keeps working."""

from __future__ import annotations

from resolve_plugin.emulator import controls
from resolve_plugin.panel import clip_status as cs
from resolve_plugin.panel.preferences import PanelSettings
from resolve_plugin.resolve.tags import is_ours
from tests.conftest import free_port


def _select(resolve, items, names):
    controls(resolve).select([items[n] for n in names])


def test_unreachable_server_says_how_to_fix_and_reconnect_recovers(make_panel, studio, embedded):
    resolve, _project, _items = studio
    address = f"127.0.0.1:{free_port()}"
    panel = make_panel(resolve, PanelSettings(server=address))
    window = panel.window
    text = window.server_label.text()
    assert f"No derush server answers at {address}" in text and "derush serve --listen" in text
    assert not window.tag_button.isEnabled() and not window.cut_button.isEnabled()
    assert "Reconnect" in panel.message()
    panel.shot("10-no-server")
    # the fix works without restarting the panel
    window.server_edit.setText(embedded.address)
    panel.click(window.reconnect_button)
    panel.wait()
    assert "derush 0.1.0" in window.server_label.text()
    assert window.tag_button.isEnabled()


def test_script_that_is_not_text_is_refused_with_the_fix(make_panel, studio, embedded, tmp_path):
    resolve, project, _items = studio
    panel = make_panel(resolve, PanelSettings(server=embedded.address))
    script = tmp_path / "script.docx"
    script.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)
    window = panel.window
    window.script_edit.setText(str(script))
    window.script_edit.editingFinished.emit()
    panel.click(window.cut_button)
    panel.wait()
    assert "script.docx is not a text file" in panel.message() and ".fountain" in panel.message()
    assert project.GetTimelineCount() == 0 and not window.apply_button.isEnabled()
    panel.shot("11-script-not-text")
    # still usable: without the script the cut is proposed
    window.script_edit.setText("")
    window.script_edit.editingFinished.emit()
    panel.click(window.cut_button)
    panel.wait()
    assert window.session.cut is not None and window.apply_button.isEnabled(), panel.message()


def test_cancel_stops_the_analysis_and_the_panel_goes_on(make_panel, studio, embedded, clips):
    resolve, _project, items = studio
    _select(resolve, items, [c.file for c in clips[:3]])
    panel = make_panel(resolve, PanelSettings(server=embedded.address, reanalyse=True))
    window = panel.window
    panel.click(window.tag_button)
    panel.pump_until(lambda: cs.ANALYSING in panel.states())
    panel.click(window.cancel_button)
    panel.wait(120)
    states = panel.states()
    assert cs.CANCELLED in states and cs.ANALYSING not in states and cs.QUEUED not in states, states
    assert panel.message().startswith("Cancelled")
    # nothing was written for a clip whose analysis was cancelled
    for clip, state in zip(clips[:3], states):
        if state == cs.CANCELLED:
            assert not any(is_ours(m) for m in (items[clip.file].GetMarkers() or {}).values())
    panel.shot("12-cancelled")
    # the server and the panel go on: tagging again finishes
    window.reanalyse_check.setChecked(False)
    panel.click(window.tag_button)
    panel.wait()
    assert panel.states() == [cs.TAGGED] * 3, panel.message()


def test_a_clip_deleted_while_analysed_fails_alone(make_panel, studio, embedded, clips):
    resolve, _project, items = studio
    names = [c.file for c in clips[:2]]
    _select(resolve, items, names)
    panel = make_panel(resolve, PanelSettings(server=embedded.address, reanalyse=True))
    window = panel.window
    panel.click(window.tag_button)
    panel.pump_until(lambda: cs.ANALYSING in panel.states())
    controls(resolve).delete_clip(items[names[1]])  # the assistant tidies the bin meanwhile
    panel.wait()
    states = panel.states()
    assert states == [cs.TAGGED, cs.FAILED], (states, panel.message())
    assert "removed from the media pool" in window.clip_table.text_at(1, 3)
    assert any(is_ours(m) for m in items[names[0]].GetMarkers().values())
    panel.shot("13-clip-deleted")


def test_resolve_closed_mid_run_is_reported_and_reconnect_says_so(make_panel, studio, embedded, clips):
    resolve, _project, items = studio
    _select(resolve, items, [clips[0].file])
    panel = make_panel(resolve, PanelSettings(server=embedded.address, reanalyse=True))
    window = panel.window
    panel.click(window.tag_button)
    panel.pump_until(lambda: cs.ANALYSING in panel.states())
    controls(resolve).quit()
    panel.wait()
    assert "Resolve was closed" in panel.message() and "Reconnect" in panel.message()
    assert "Resolve stopped answering" in window.resolve_label.text() and not window.undo_button.isEnabled()
    panel.shot("14-resolve-closed")
    panel.click(window.reconnect_button)
    panel.wait()
    assert "Resolve is not running" in window.resolve_label.text()
    assert "Fix: Start DaVinci Resolve" in window.resolve_label.text()
    assert not window.tag_button.isEnabled() and window.reconnect_button.isEnabled()


def test_wrong_token_says_where_to_put_the_right_one(make_panel, studio, tmp_path):
    from inference_server.server import EmbeddedServer

    tokens = tmp_path / "tokens.txt"
    tokens.write_text("edit-bay-1 right-token-0123456789\n")
    resolve, _project, _items = studio
    with EmbeddedServer(data_dir=tmp_path / "data", tokens_file=tokens) as server:
        panel = make_panel(resolve, PanelSettings(server=server.address, token="wrong-token-0123456789"))
        window = panel.window
        text = window.server_label.text()
        assert "refused the token" in text and "does not know that token" in text, text
        assert "token box beside the server address" in text
        assert not window.tag_button.isEnabled()
        panel.shot("15-wrong-token")
        window.token_edit.setText("right-token-0123456789")
        panel.click(window.reconnect_button)
        panel.wait()
        assert "derush 0.1.0" in window.server_label.text(), window.server_label.text()
        assert window.tag_button.isEnabled()
