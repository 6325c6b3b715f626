"""The registry: one plan, every format, one call each."""

from __future__ import annotations

import pytest

from protos.interchange import WRITERS, Writer, WriterError, write
from tests.writers.plans import RATES, uniform_plan


def test_registry_keys_and_interface():
    assert set(WRITERS) == {"otio", "fcpxml", "edl", "markers_edl", "srt", "aaf"}
    assert {k: w.suffix for k, w in WRITERS.items()} == {
        "otio": ".otio", "fcpxml": ".fcpxml", "edl": ".edl", "markers_edl": ".markers.edl", "srt": ".srt",
        "aaf": ".aaf"}
    assert all(isinstance(w, Writer) for w in WRITERS.values())


def test_one_plan_written_in_every_format(tmp_path):
    plan = uniform_plan(RATES["29.97DF"])
    written = {key: write(plan, key, tmp_path / f"cut{writer.suffix}") for key, writer in WRITERS.items()}
    assert all(path.is_file() and path.stat().st_size > 0 for paths in written.values() for path in paths)
    assert [p.name for p in written["edl"]] == ["cut.edl", "cut.markers.edl"]
    assert written["edl"][1].read_text() == written["markers_edl"][0].read_text()


def test_unknown_format():
    with pytest.raises(WriterError, match="xmeml"):
        write(uniform_plan(RATES["25"]), "xmeml", "/tmp/x.xml")
