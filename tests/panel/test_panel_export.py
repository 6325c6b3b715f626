"""The panel's Export…: the proposal written as a file in the format the editor picks (AAF for Avid and Pro Tools
among them), read back by pyaaf2 and OpenTimelineIO; a folder that cannot be written is said in the panel.

The real window, offscreen; the proposal is an edit plan made by hand (no server or Resolve is needed to export).
Qt's save dialog is the one thing answered by the test, as the editor would answer it."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

import aaf2
import opentimelineio as otio
import pytest
from PySide6.QtWidgets import QFileDialog

from protos.plan_wire import plan_to_proposal
from resolve_plugin.emulator import create_resolve
from resolve_plugin.panel import i18n
from resolve_plugin.panel.app import wait_idle
from resolve_plugin.panel.controller import CutResult, PanelController
from resolve_plugin.panel.preferences import PanelSettings
from resolve_plugin.panel.window import PanelWindow, export_formats
from resolve_plugin.resolve.link import connect
from tests.writers.plans import RATES, uniform_plan


@pytest.fixture()
def window(qapp, settings_file):
    resolve = create_resolve(edition="studio", version=(21, 1, 1, 0), project_name="Tournage")
    session = PanelController(PanelSettings(), lambda: connect(mode="emulator", emulator=resolve))
    window = PanelWindow(session)
    window.resize(1280, 800)
    window.show()
    yield window
    window.close()


def answer_save_dialog(monkeypatch, path, key: str) -> list:
    """The editor types ``path`` and picks the filter of ``key``; returns the dialog's filters as offered."""
    offered = []
    chosen = next(text for text, k in export_formats() if k == key)

    def dialog(parent, caption, start, filters):
        offered.append((caption, start, filters))
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return offered


def propose(window):
    plan = uniform_plan(RATES["25"], "Coupe d'été")
    window.session.cut = CutResult(plan_to_proposal(plan), plan, None)
    window.show_proposal(window.session.cut.proposal)
    return plan


def message(window) -> str:
    return window.message.toolTip()


def test_export_writes_the_proposal_as_aaf(window, tmp_path, monkeypatch):
    assert not window.export_button.isEnabled(), "nothing to export before a proposal"
    plan = propose(window)
    assert window.export_button.isEnabled()
    offered = answer_save_dialog(monkeypatch, tmp_path / "coupe été", "aaf")  # no ending typed: the filter's
    window.export_button.click()
    assert wait_idle(window, 60)
    [(_, start, filters)] = offered
    assert start == "Coupe d'été.otio" and filters.split(";;")[0].endswith("(*.otio)") and "(*.aaf)" in filters
    written = tmp_path / "coupe été.aaf"
    assert f"Exported: {written}" in message(window)
    with aaf2.open(str(written)) as f:
        composition = next(f.content.toplevel())
        assert composition.name == "Coupe d'été"
        [v1] = [s for s in composition.slots if isinstance(s, aaf2.mobslots.TimelineMobSlot)
                and s.segment.media_kind == "Picture" and s["PhysicalTrackNumber"].value == 1]
        names = [c.mob.name for c in v1.segment.components if isinstance(c, aaf2.components.SourceClip)]
        assert names == [e.clip.name for e in plan.events]
    timeline = otio.adapters.read_from_file(str(written), adapter_name="AAF")
    paths = [unquote(urlparse(c.media_reference.target_url).path) for c in timeline.video_tracks()[0].find_clips()]
    assert paths == [e.clip.path for e in plan.events]


def test_the_typed_ending_wins_over_the_filter(window, tmp_path, monkeypatch):
    plan = propose(window)
    answer_save_dialog(monkeypatch, tmp_path / "cut.otio", "aaf")
    window.export_button.click()
    assert wait_idle(window, 60)
    timeline = otio.adapters.read_from_file(str(tmp_path / "cut.otio"))
    assert [c.name for c in timeline.tracks[0].find_clips()] == [e.clip.name for e in plan.events]
    assert not (tmp_path / "cut.otio.aaf").exists()


def test_a_folder_that_cannot_be_written_is_said(window, tmp_path, monkeypatch):
    propose(window)
    target = tmp_path / "gone" / "cut.aaf"
    answer_save_dialog(monkeypatch, target, "aaf")
    window.export_button.click()
    assert wait_idle(window, 60)
    assert f"Could not export the proposal: cannot write {target}: the folder {target.parent} does not exist" in \
        message(window)
    assert "#f85149" in window.message.text()  # shown as a problem
    assert window.export_button.isEnabled()  # the editor can pick another folder


def test_export_in_french(window, qapp, tmp_path, monkeypatch):
    i18n.install("fr", qapp)
    try:
        assert dict((k, t) for t, k in export_formats())["aaf"].startswith("AAF, pour Avid Media Composer")
        propose(window)
        answer_save_dialog(monkeypatch, tmp_path / "gone" / "cut.aaf", "aaf")
        window.export_button.click()
        assert wait_idle(window, 60)
        assert message(window).startswith("Impossible d’exporter la proposition")
    finally:
        i18n.uninstall(qapp)
