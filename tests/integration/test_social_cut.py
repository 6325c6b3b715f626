"""Issue 16: a 45 s vertical (9:16) cutdown on real analysed rushes: whole sentences, within 5 % of the target,
a vertical timeline, and every event's crop holding the largest face (a centre crop, said, where nobody is)."""

from __future__ import annotations

import json

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.cli import main
from resolve_plugin.client import DerushClient, media_refs
from tests.fixtures.social_cut import ensure_social_clips

TARGET = 45.0


@pytest.fixture(scope="module")
def social(embedded, fixtures_dir):
    clips = ensure_social_clips(fixtures_dir / "social")
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(c.path for c in clips))
    assert all(e is None for e in outcome.errors)
    return clips, outcome.results


def test_a_vertical_cutdown_keeps_whole_sentences_near_the_target_and_crops_on_the_face(client, social):
    clips, results = social
    proposal = client.suggest_cut([r.media_id for r in results],
                                  pb.CutOptions(target_duration_s=TARGET, aspect_width=9, aspect_height=16))
    assert (proposal.width, proposal.height) == (360, 640)
    assert abs(proposal.duration_s - TARGET) <= 0.05 * TARGET, proposal.duration_s
    assert any("Left out to meet 45 s" in n for n in proposal.notes)
    by_name = {c.path.name: c for c in clips}
    for event in proposal.events:
        clip = by_name[event.path.rsplit("/", 1)[-1]]
        start, end = event.source_in / 24, event.source_out / 24
        # a whole sentence: one of the clip's sentences entirely inside the event, and no other partly
        whole = [s for s in clip.sentences if start <= s[0] + 0.1 and end >= s[1] - 0.15]
        partial = [s for s in clip.sentences if s not in whole and min(end, s[1]) - max(start, s[0]) > 0.2]
        assert whole and not partial, (event.reason, start, end, clip.sentences)
        crop = event.crop
        assert event.HasField("crop") and (crop.width, crop.height) == (202, 360)
        if clip.face is None:
            assert "no face found: centre crop" in event.reason and crop.x == (640 - 202) // 2
        else:
            for frame in (event.source_in, event.source_out - 1):  # the person drifts: at both ends
                x1, _, x2, _ = clip.face_at(frame)
                x1, x2 = max(0.0, x1), min(640.0, x2)  # the part of the face inside the frame
                assert crop.x <= x1 and crop.x + crop.width >= x2, (crop, clip.face_at(frame), frame)
            assert "crop on the largest face" in event.reason


def test_nobody_in_shot_gives_a_centre_crop_and_says_so(client, social):
    clips, results = social
    empty = next(r for c, r in zip(clips, results) if c.face is None)
    proposal = client.suggest_cut([empty.media_id], pb.CutOptions(aspect_width=9, aspect_height=16))
    assert proposal.events and all(e.crop.x == (640 - 202) // 2 and "no face found: centre crop" in e.reason
                                   for e in proposal.events)


def test_the_cut_json_carries_the_frame_size_and_each_crop(embedded, social, tmp_path):
    clips, _ = social
    out = tmp_path / "social.json"
    code = main(["cut", *[str(c.path) for c in clips], "--aspect", "9:16", "--target-duration", "45",
                 "--json", str(out), "--server", embedded.address])
    assert code == 0
    cut = json.loads(out.read_text())
    assert (cut["width"], cut["height"]) == (360, 640)
    assert all(set(e["crop"]) == {"x", "y", "width", "height"} for e in cut["events"])


def test_an_aspect_that_is_not_a_ratio_is_refused_with_what_to_give(embedded, social, capsys):
    clips, _ = social
    code = main(["cut", str(clips[0].path), "--aspect", "vertical", "--server", embedded.address])
    assert code != 0
    assert "9:16" in capsys.readouterr().err
