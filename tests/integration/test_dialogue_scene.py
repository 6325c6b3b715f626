"""Issue 16: a two-character scene from a Fountain script, two takes, one microphone per actor. Each line is cut
from a take in script order and its reason names the character; favouring a character plays the scene on that
actor's best take."""

from __future__ import annotations

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient, media_refs
from tests.fixtures.dialogue_scene import LINES, SCRIPT, ensure_dialogue


@pytest.fixture(scope="module")
def scene(embedded, fixtures_dir):
    takes = ensure_dialogue(fixtures_dir / "dialogue")
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(t.path for t in takes))
    assert outcome.errors == [None, None]
    return takes, outcome.results


def _takes_per_line(proposal, takes) -> list[int]:
    """The take each script line was cut from (a line may be several events where dead air was cut out)."""
    chosen: dict[int, set[int]] = {}
    for event in proposal.events:
        line = int(event.reason.split(",")[0].split()[1]) - 1  # "line 2 (BOB), take 1 of 2 ..."
        chosen.setdefault(line, set()).add(next(t.take for t in takes if t.path.name in event.path))
    assert list(chosen) == list(range(len(LINES))), chosen  # script order, every line
    assert all(len(t) == 1 for t in chosen.values()), chosen  # one take per line
    return [next(iter(t)) for t in chosen.values()]


def _cut(client, results, *favour):
    return client.suggest_cut([r.media_id for r in results], pb.CutOptions(script_text=SCRIPT, favour=list(favour)))


def test_lines_follow_the_script_each_by_its_character(client, scene):
    takes, results = scene
    proposal = _cut(client, results)
    chosen = _takes_per_line(proposal, takes)
    assert chosen[:3] == [1, 2, 1]  # the clean delivery of each flubbed line
    for event in proposal.events:
        line = int(event.reason.split(",")[0].split()[1]) - 1
        assert event.reason.startswith(f"line {line + 1} ({LINES[line][0]}), take ")
    cast = [n for n in proposal.notes if n.startswith("Speakers as characters in SC3_T")]
    assert len(cast) == 2 and all("ALICE" in n and "BOB" in n for n in cast), proposal.notes


def test_favouring_a_character_plays_the_scene_on_their_best_take(client, scene):
    takes, results = scene
    default = _takes_per_line(_cut(client, results), takes)
    alice = _takes_per_line(_cut(client, results, "character:ALICE"), takes)
    bob = _takes_per_line(_cut(client, results, "character:bob"), takes)
    assert alice[1] == 1 and default[1] == 2  # Bob's line from Alice's best take, restart and all
    assert bob[0] == 2 and default[0] == 1  # Alice's line from Bob's best take
    favoured = _cut(client, results, "character:ALICE")
    assert "ALICE's best delivery is in this take" in favoured.events[1].reason


def test_favouring_a_character_the_script_does_not_have_says_who_it_has(client, scene):
    _, results = scene
    with pytest.raises(ClientError) as caught:
        _cut(client, results, "character:CAROL")
    assert "CAROL" in str(caught.value) and "ALICE, BOB" in str(caught.value)
