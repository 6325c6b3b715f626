"""A cancel that lands while the analyzers finish must never leave a partial analysis behind as the clip's result
(it would be served from the result store to every later job: a transcript cut short, a cut missing its line)."""

from __future__ import annotations

import threading

import pytest

from inference_server.engine import ClipProgress, analyze_clip
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import Cancelled


@pytest.mark.parametrize("analyzers", [["speech"], ["shots", "speech", "faces"]])
def test_a_cancel_while_the_analyzers_finish_raises_instead_of_returning_a_partial_result(embedded, fixtures_dir,
                                                                                          clips, analyzers):
    flag = threading.Event()

    def report(stage: str, fraction: float) -> None:
        if stage == "analyze" and fraction > 0.3:  # the speech model is part-way through the clip
            flag.set()

    clip = fixtures_dir / clips[0].file
    models = embedded._running.jobs.models  # the server's own models, loaded once
    with pytest.raises(Cancelled):
        analyze_clip(clip, str(clip), "sha256:" + "1" * 64, pb.AnalysisOptions(analyzers=analyzers), models,
                     ClipProgress(report), flag.is_set)
    # the same clip analysed without a cancel is whole
    whole = analyze_clip(clip, str(clip), "sha256:" + "1" * 64, pb.AnalysisOptions(analyzers=["speech"]), models,
                         ClipProgress(lambda s, f: None))
    assert "twice a day" in " ".join(s.text for s in whole.speech.segments)
