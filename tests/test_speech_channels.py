"""Merging the transcripts of one microphone per person: who said what, both sides of an overlap kept."""

from __future__ import annotations

from inference_server.analyzers.speech_channels import merge_channel_segments
from inference_server.media.channel_sources import ChannelSources
from protos.derush.v1 import derush_pb2 as pb

# channel 1 (the interviewer) talks 0.8-3.5 and 7.4-10.6, channel 2 (the guest) 2.3-6.5: they overlap 2.3-3.5
SOURCES = ChannelSources(separate=True, sources=(0, 1), voiced=(((0.8, 3.5), (7.4, 10.6)), ((2.3, 6.5),)),
                         silent=(), reason="separate microphones on channels 1 and 2")


def _segment(*words: tuple[str, float, float]) -> pb.SpeechSegment:
    return pb.SpeechSegment(start=words[0][1], end=words[-1][2], text=" ".join(w for w, _, _ in words),
                            avg_logprob=-0.3, words=[pb.Word(word=w, start=s, end=e, probability=0.9)
                                                     for w, s, e in words])


def test_each_segment_carries_its_channels_speaker_and_overlap_keeps_both():
    interviewer = [_segment(("How", 0.8, 1.1), ("long", 1.2, 1.5), ("have", 1.6, 1.9), ("you", 2.0, 2.2),
                            ("lived", 2.3, 2.7), ("here?", 2.8, 3.4)),
                   _segment(("And", 7.4, 7.6), ("then?", 7.7, 8.2))]
    guest = [_segment(("I", 2.3, 2.5), ("was", 2.6, 2.9), ("born", 3.0, 3.4), ("here.", 3.5, 4.0))]
    merged = merge_channel_segments({0: interviewer, 1: guest}, SOURCES)
    assert [(s.speaker, s.text) for s in merged] == [
        ("S1", "How long have you lived here?"), ("S2", "I was born here."), ("S1", "And then?")]
    first, second = merged[0], merged[1]
    assert second.start < first.end  # both people's words over the same time
    assert merged[0].avg_logprob == -0.3 and len(merged[1].words) == 4


def test_crosstalk_and_words_over_silence_are_not_the_channels_speech():
    # Whisper on the guest's microphone also wrote the interviewer's second question (crosstalk, 7.4-8.2) and
    # stretched the first word into the silence before the voice
    guest = [_segment(("I", 1.9, 2.5), ("was", 2.6, 2.9), ("born", 3.0, 3.4)),
             _segment(("And", 7.4, 7.6), ("then?", 7.7, 8.2)),
             _segment(("here", 6.3, 6.6), ("ever", 7.5, 7.9))]
    merged = merge_channel_segments({1: guest}, SOURCES)
    assert [(s.speaker, s.text) for s in merged] == [("S2", "I was born"), ("S2", "here")]
    assert merged[0].start == 2.3 and merged[0].words[0].start == 2.3  # moved onto the voice
    assert merged[1].end == 6.5 and len(merged[1].words) == 1


def test_a_segment_without_words_is_kept_by_how_much_of_it_is_voiced():
    inside = pb.SpeechSegment(start=2.4, end=6.0, text="I was born here.")
    outside = pb.SpeechSegment(start=7.0, end=10.0, text="And then?")
    merged = merge_channel_segments({1: [inside, outside]}, SOURCES)
    assert [s.text for s in merged] == ["I was born here."] and merged[0].speaker == "S2"
