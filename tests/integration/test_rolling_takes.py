"""Issue 16: a camera that keeps rolling through several attempts, on real speech (espeak-ng) analysed by the
real server: the cut takes the clean attempt's range only."""

from __future__ import annotations

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import DerushClient, media_refs
from tests.fixtures.rolling_takes import LINE, ensure_rolling_clip


@pytest.fixture(scope="module")
def rolling(embedded, fixtures_dir):
    clip = ensure_rolling_clip(fixtures_dir / "rolling")
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs([clip.path]))
    assert outcome.errors == [None]
    return clip, outcome.results[0]


@pytest.mark.parametrize("script", [LINE, ""], ids=["with-script", "without-script"])
def test_three_attempts_in_one_clip_give_one_event_on_the_clean_attempt(client, rolling, script):
    clip, analysis = rolling
    proposal = client.suggest_cut([analysis.media_id], pb.CutOptions(script_text=script, pace=pb.PACE_NORMAL))
    assert len(proposal.events) == 1, [(e.source_in, e.source_out, e.reason) for e in proposal.events]
    event = proposal.events[0]
    start, end = event.source_in / 24, event.source_out / 24
    clean_start, clean_end = clip.spans["clean"]
    assert start <= clean_start + 0.15 and end >= clean_end - 0.25  # the whole clean attempt...
    assert start > clip.spans["short"][1] and end < clip.spans["clean"][1] + 0.8  # ...and no other attempt, no call
    assert "take" in event.reason and "of" in event.reason
