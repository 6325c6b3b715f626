"""`derush demo --lang fr`: a French shoot (real French speech by three people, French slates, the floor's calls
in French) analysed, cut and written into an emulated Resolve, from a fresh folder."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-fr")
    run = subprocess.run([sys.executable, "-m", "resolve_plugin.cli", "demo", "--lang", "fr", "--out", str(out)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    truth = json.loads((out / "rushes-fr" / "ground_truth.json").read_text(encoding="utf-8"))
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    cut = json.loads((out / "cut.json").read_text(encoding="utf-8"))
    return run, truth, analysis, cut


def _clip(truth: dict, path: str) -> dict:
    return next(c for c in truth["clips"] if path.endswith("/" + c["file"]))


def _seconds(event: dict) -> tuple[float, float]:
    rate = Fraction(event["rate"])
    return float(event["source_in"] / rate), float(event["source_out"] / rate)


def test_the_french_demo_runs_end_to_end_and_reads_the_french_slates(demo):
    run, truth, analysis, _ = demo
    assert "read back frame-exact" in run.stdout and "Demo finished" in run.stdout
    assert len(truth["clips"]) == 6 and len({c["speaker"] for c in truth["clips"]}) == 3
    for clip in analysis["clips"]:
        assert clip["error"] is None
        expected = _clip(truth, clip["path"])
        tags = {t["name"]: t["value"] for t in clip["tags"]}
        assert tags.get("Language") == "fr", clip["path"]
        # « SÉQ. 2   PLAN 1   PRISE 2 » read off the slate card
        assert (tags.get("Scene"), tags.get("Shot"), tags.get("Take")) == \
            (expected["scene"], expected["shot"], expected["take"]), clip["path"]


def test_the_clean_take_of_every_line_is_chosen_whole(demo):
    _, truth, _, cut = demo
    events = [e for e in cut["events"] if e["track"] == 1]
    lines = {}
    for event in events:
        clip = _clip(truth, event["clip"])
        lines.setdefault(clip["line"], []).append((event, clip))
    assert sorted(lines) == list(range(len(truth["script"])))
    for line, chosen in lines.items():
        kinds = {clip["kind"] for _, clip in chosen}
        assert kinds == {"good"}, (truth["script"][line], [e["reason"] for e, _ in chosen])
        # the whole line is in the cut: no word of it left out at either end
        start, end = min(_seconds(e)[0] for e, _ in chosen), max(_seconds(e)[1] for e, _ in chosen)
        speech = chosen[0][1]["speech"]
        assert start <= speech[0][0] + 0.05 and end >= speech[-1][1] - 0.05, (truth["script"][line], start, end)


def test_the_restarted_and_cut_short_takes_lose_for_what_is_wrong_with_them(demo):
    _, truth, _, cut = demo
    runner_up = {_clip(truth, e["clip"])["kind"] for e in cut["alternates"]}
    assert runner_up == {"restarted", "dead_air", "cut_short"}
    restarted = next(e for e in cut["events"] if _clip(truth, e["clip"])["line"] == 0)
    assert "restart" in restarted["reason"].split(". Over ")[1]


def test_the_floor_calls_stay_out_of_the_cut(demo):
    _, truth, _, cut = demo
    for event in cut["events"] + cut["alternates"]:
        start, end = _seconds(event)
        for call in _clip(truth, event["clip"])["calls"]:
            assert end <= call["start"] or start >= call["end"], (event["clip"], call, (start, end))


def test_the_reasons_are_said_in_french(demo):
    run, truth, _, cut = demo
    said = [line for line in run.stdout.splitlines() if re.search(r"\bligne \d, prise \d sur \d", line)]
    assert len(said) == len([e for e in cut["events"] if e["track"] == 1]), run.stdout
    first = next(line for line in said if "ligne 1," in line)
    # the clean take chosen over the one with « euh… non, pardon. Je reprends. »: a restart, in French
    assert "Plutôt que" in first and re.search(r"\b1 reprise\b", first), first
    assert re.search(r"confiance 0,\d\d", first), first  # French decimals
    for line in said:
        assert not re.search(r"\b(take|restart|dead air|confidence|Over)\b", line), line
