"""``derush demo``: sample rushes generated on the spot, analysed by a real server, cut, and written into an
emulated Resolve (tags, markers, a new timeline), with every output file beside them."""

from __future__ import annotations

import json
import time
from pathlib import Path

from protos.tls import ClientTls
from resolve_plugin.client import AnalyzeOutcome
from resolve_plugin.commands.common import (
    ServerChoice,
    connect,
    print_analysis_summary,
    print_cut_summary,
    write_cut_outputs,
)
from resolve_plugin.job_options import DEFAULT_ALTERNATES, analysis_options, cut_options
from resolve_plugin.progress import ProgressLine
from resolve_plugin.resolve import reader
from resolve_plugin.resolve.tags import is_ours
from resolve_plugin.results_json import clip_json
from resolve_plugin.samples.emulated_shoot import emulated_link
from resolve_plugin.samples.french_rushes import ensure_french_rushes
from resolve_plugin.samples.rushes import ensure_rushes
from resolve_plugin.workflow import apply_cut, auto_tag, suggest_cut


def run_demo(out: Path, server: str | None = None, data_dir: Path | None = None, token: str | None = None,
             tls: ClientTls | None = None, lang: str = "en", alternates: str = DEFAULT_ALTERNATES) -> int:
    """``lang`` "fr": a French shoot (real French speech, French slates and floor calls: samples/french_rushes);
    ``alternates``: where the runner-up takes go in the emulated Resolve (job_options.ALTERNATES)."""
    started = time.monotonic()
    if lang == "fr":
        rushes = out / "rushes-fr"
        print(f"Sample rushes in {rushes} (real French speech, espeak-ng floor calls, PyAV)...")
        truth = ensure_french_rushes(rushes)
    else:
        rushes = out / "rushes"
        print(f"Sample rushes in {rushes} (generated with espeak-ng speech and PyAV)...")
        truth = ensure_rushes(rushes)
    link = emulated_link(rushes, [c.file for c in truth])
    selection = reader.selected_clips(link.project())

    with connect(ServerChoice(server, token, tls, data_dir or out / "server-data")) as client:
        info = client.server_info()
        devices = ", ".join(d.name for d in info.devices)
        where = "built-in server" if info.embedded else f"server {client.address}"
        print(f"Analysing {len(truth)} clips from {link.describe()} on the {where} "
              f"(derush {info.version}, {devices})...")
        tagged = auto_tag(client, selection, analysis_options(), ProgressLine().on_event)
        script = (rushes / "script.txt").read_text(encoding="utf-8")
        options = cut_options(script_text=script)
        proposal, plan = suggest_cut(client, tagged, options) if tagged.analysed else (None, None)

    paths = [c.clip.path for c in tagged.clips]
    results = [c.analysis for c in tagged.clips]
    errors = [c.error for c in tagged.clips]
    clips_json = [clip_json(p, r, e) for p, r, e in zip(paths, results, errors)]
    (out / "analysis.json").write_text(json.dumps({"clips": clips_json}, indent=2, ensure_ascii=False) + "\n")
    print("\nAnalysis:")
    print_analysis_summary(paths, AnalyzeOutcome(results=results, errors=errors, cached=[False] * len(paths)))
    print("\nWritten to the clips in the media pool:")
    for clip in tagged.analysed:
        metadata = clip.clip.item.GetMetadata()
        ours = sum(1 for m in clip.clip.item.GetMarkers().values() if is_ours(m))
        print(f"  {clip.clip.name}: Keywords [{metadata.get('Keywords', '')}], {ours} marker(s)")
    if proposal is None:
        return 1
    print(f"\nRough cut following {rushes / 'script.txt'} (the best take of each line, dead air trimmed):")
    print_cut_summary(proposal, _reasons_in(lang))
    report = apply_cut(link.project(), plan, selection, alternates)
    check = "read back frame-exact" if report.ok else "read back with differences: " + "; ".join(report.mismatches)
    print(f"New timeline {report.name!r} in the emulated project: {report.events_written} event(s), "
          f"{report.alternates_written} runner-up take(s) ({report.alternates}), {check}.")
    written = write_cut_outputs(proposal, plan, {"otio": out / "cut.otio", "fcpxml": out / "cut.fcpxml",
                                           "edl": out / "cut.edl", "srt": out / "cut.srt"}, out / "cut.json")
    print("\nFiles: " + ", ".join(str(p) for p in [out / "analysis.json", *written]))
    print("Import cut.otio in Resolve with File ▸ Import ▸ Timeline (relink to the rushes folder if asked).")
    print(f"Demo finished in {time.monotonic() - started:.1f} s.")
    return 0 if report.ok else 1


def _reasons_in(lang: str):
    """The events' reasons as the panel says them in ``lang`` (Qt's translations, as in the panel); None: English."""
    if lang == "en":
        return None
    from PySide6.QtCore import QCoreApplication

    from resolve_plugin.panel import i18n
    from resolve_plugin.panel.words import reason_text

    i18n.install(lang, QCoreApplication.instance() or QCoreApplication([]))
    return reason_text
