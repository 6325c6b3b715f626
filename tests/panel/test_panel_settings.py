"""The panel's remembered settings and its script reading (no Qt)."""

from __future__ import annotations

import stat

import pytest

from resolve_plugin.job_options import ScriptError, read_script
from resolve_plugin.panel.preferences import PanelSettings, load_settings, save_settings


def test_settings_survive_a_restart_and_the_token_file_is_private(tmp_path):
    path = tmp_path / "derush" / "panel.json"
    saved = PanelSettings(server="box:50051", token="s3cret", scope="bin", target_duration_s=90, pace="tight",
                          script_path="/scripts/harbour.fountain", favour=["speaker:S1"], reanalyse=True)
    save_settings(saved, path)
    assert load_settings(path) == saved
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_damaged_or_odd_settings_fall_back_to_defaults(tmp_path):
    path = tmp_path / "panel.json"
    assert load_settings(path) == PanelSettings()  # none yet
    path.write_text("{not json")
    assert load_settings(path) == PanelSettings()
    path.write_text('{"pace": "frantic", "scope": "everything", "target_duration_s": -5, "unknown": 1}')
    loaded = load_settings(path)
    assert (loaded.pace, loaded.scope, loaded.target_duration_s) == ("normal", "selection", 0.0)


def test_scripts_in_utf8_and_windows_encodings_are_read(tmp_path):
    utf8 = tmp_path / "a.txt"
    utf8.write_text("Café scene.\nLa marée monte.\n", encoding="utf-8")
    assert "marée" in read_script(str(utf8))
    legacy = tmp_path / "b.txt"
    legacy.write_bytes("Café scene – take two\n".encode("cp1252"))
    assert read_script(str(legacy)).startswith("Café")


@pytest.mark.parametrize("content", [b"%PDF-1.7\x00\x01\x02binary", bytes(range(256)) * 4])
def test_a_script_that_is_not_text_says_what_to_do(tmp_path, content):
    path = tmp_path / "script.pdf"
    path.write_bytes(content)
    with pytest.raises(ScriptError, match=r"not a text file.*\.txt.*\.fountain"):
        read_script(str(path))
    with pytest.raises(ScriptError, match="Cannot read the script"):
        read_script(str(tmp_path / "missing.txt"))
