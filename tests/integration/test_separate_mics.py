"""One microphone per person, talking over each other: two speakers by channel, each with their own words;
dual mono and a stereo file with a dead channel stay one source."""

from __future__ import annotations

import pytest

from inference_server.analyzers.speech_channels import merge_channel_segments
from inference_server.engine import AudioCollector
from inference_server.media.channel_sources import channel_sources, own_voice
from inference_server.media.decode import decode
from inference_server.models import ENGLISH_SPEECH_MODEL, ModelRegistry
from protos.derush.v1 import derush_pb2 as pb
from protos.media_probe import probe
from resolve_plugin.client import media_refs
from tests.fixtures.separate_mics import ensure_separate_mics

OPTIONS = pb.AnalysisOptions(analyzers=["speech", "speakers"], language="en")
# words tiny.en hears in each person's lines (it hears espeak's "father" as "farmer")
OWN_WORDS = {"A": {"village", "sea", "winter", "storms"}, "B": {"born", "before", "everything", "quiet"}}


@pytest.fixture(scope="module")
def mics(fixtures_dir):
    folder = fixtures_dir / "separate_mics"
    truth = ensure_separate_mics(folder)
    return folder, truth


@pytest.fixture(scope="module")
def analysed(mics, embedded):
    from resolve_plugin.client import DerushClient

    folder, truth = mics
    kinds = list(truth["files"])
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs(folder / truth["files"][k] for k in kinds), OPTIONS)
    assert all(e is None for e in outcome.errors), outcome.errors
    return truth, dict(zip(kinds, outcome.results))


def _covered(turns, start: float, end: float, speaker: str) -> float:
    return sum(max(0.0, min(end, t.end) - max(start, t.start)) for t in turns if t.speaker == speaker)


@pytest.mark.parametrize("kind", ["two_mics", "two_mics_room"])
def test_two_people_talking_over_each_other_are_two_speakers_by_channel(analysed, kind):
    truth, results = analysed
    result = results[kind]
    assert {s.method for s in result.speakers} == {"channel"}
    by_channel = {s.channel: s.label for s in result.speakers}
    assert set(by_channel) == {1, 2}
    who = {"A": by_channel[1], "B": by_channel[2]}
    for start, end, person in truth["turns"]:
        assert _covered(result.speech.turns, start, end, who[person]) > 0.9 * (end - start), (start, person)
        other = who["B" if person == "A" else "A"]
        assert _covered(result.speech.turns, start, end, other) < 0.9 * (end - start)  # crosstalk is not a turn
    # where they talk over each other, both are speaking
    a_first, b_first = truth["turns"][0], truth["turns"][1]
    overlap = (b_first[0], a_first[1])
    for label in who.values():
        assert _covered(result.speech.turns, *overlap, label) > 0.8 * (overlap[1] - overlap[0])
    if kind == "two_mics":  # the clip has frames: speaker changes are markers where the other comes in
        changes = [m for m in result.markers if m.custom_data == "derush:speaker"]
        assert [round(m.frame / truth["fps"]) for m in changes] == [round(t[0]) for t in truth["turns"][1:]]


def test_dual_mono_is_one_source_told_apart_by_voice(analysed):
    _, results = analysed
    result = results["dual_mono"]
    assert result.speakers and {s.method for s in result.speakers} == {"voice"}
    assert {s.channel for s in result.speakers} == {0}


def test_a_dead_channel_is_said_and_the_voices_on_the_other_are_heard(analysed):
    _, results = analysed
    result = results["one_silent"]
    keywords = {t.value for t in result.tags if t.name == "Keywords"}
    assert "Channel 2 silent" in keywords
    assert "channel" not in {s.method for s in result.speakers}
    heard = " ".join(s.text for s in result.speech.segments).lower()
    assert "village" in heard and "quiet" in heard  # (the two overlapping voices on one channel garble some)
    for kind in ("two_mics", "dual_mono"):
        assert not any(t.value.startswith("Channel") for t in analysed[1][kind].tags if t.name == "Keywords")


def test_each_microphone_transcribed_alone_gives_each_person_their_own_words(mics, tmp_path):
    """Whisper on each channel's own voice (``own_voice``), merged by time: no crosstalk words, overlap kept."""
    folder, truth = mics
    collector = AudioCollector(True, True)
    decode(probe(folder / truth["files"]["two_mics"]), [collector])
    channels = collector.arrays()[1]
    sources = channel_sources(channels)
    whisper = ModelRegistry(tmp_path).whisper(ENGLISH_SPEECH_MODEL)
    per_channel = {}
    for index in sources.sources:
        generator, _ = whisper.transcribe(own_voice(channels, sources, index), language="en", word_timestamps=True,
                                          vad_filter=False, condition_on_previous_text=False)
        per_channel[index] = [
            pb.SpeechSegment(start=s.start, end=s.end, text=s.text.strip(), words=[
                pb.Word(start=w.start, end=w.end, word=w.word.strip(), probability=w.probability) for w in s.words])
            for s in generator]
    merged = merge_channel_segments(per_channel, sources)
    said = {label: {w.word.strip(".,?!").lower() for s in merged if s.speaker == label for w in s.words}
            for label in ("S1", "S2")}
    assert len(said["S1"] & OWN_WORDS["A"]) >= 3 and not said["S1"] & OWN_WORDS["B"], said["S1"]
    assert len(said["S2"] & OWN_WORDS["B"]) >= 3 and not said["S2"] & OWN_WORDS["A"], said["S2"]
    first_a = next(s for s in merged if s.speaker == "S1")
    first_b = next(s for s in merged if s.speaker == "S2")
    assert first_b.start < first_a.end  # both people's words over the time they talk at once
