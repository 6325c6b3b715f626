"""``derush demo``: sample rushes generated on the spot, analysed by a real server, cut, summarised."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.cli import (
    analysis_options,
    connect,
    print_analysis_summary,
    print_cut_summary,
    run_analysis,
    write_cut_outputs,
)
from resolve_plugin.results_json import clip_json
from resolve_plugin.samples.rushes import ensure_rushes


def run_demo(out: Path, server: str | None = None, data_dir: Path | None = None) -> int:
    started = time.monotonic()
    rushes = out / "rushes"
    print(f"Sample rushes in {rushes} (generated with espeak-ng speech and PyAV)...")
    truth = ensure_rushes(rushes)
    paths = [str((rushes / clip.file).absolute()) for clip in truth]

    args = argparse.Namespace(server=server, token=None, data_dir=data_dir or out / "server-data",
                              analyzers=None, language=None, speech_model=None, force=False)
    with connect(args) as client:
        info = client.server_info()
        devices = ", ".join(d.name for d in info.devices)
        where = "built-in server" if info.embedded else f"server {client.address}"
        print(f"Analysing {len(paths)} clips on the {where} (derush {info.version}, {devices})...")
        outcome = run_analysis(client, paths, analysis_options(args))
        media_ids = [r.media_id for r in outcome.results if r is not None]
        proposal = client.suggest_cut(media_ids, pb.CutOptions(pace=pb.PACE_NORMAL)) if media_ids else None

    (out / "analysis.json").write_text(json.dumps(
        {"clips": [clip_json(p, r, e) for p, r, e in zip(paths, outcome.results, outcome.errors)]},
        indent=2, ensure_ascii=False) + "\n")
    print("\nAnalysis:")
    print_analysis_summary(paths, outcome)
    if proposal is not None:
        write_cut_outputs(proposal, out / "cut.otio", out / "cut.json")
        print()
        print_cut_summary(proposal)
    print(f"\nWritten: {out / 'analysis.json'}, {out / 'cut.otio'}, {out / 'cut.json'}")
    print(f"Demo finished in {time.monotonic() - started:.1f} s.")
    return 0 if proposal is not None else 1
