"""What Whisper invents is taken out before it is written as speech; what people say, restarts and takes said
again included, is kept. On transcripts as Whisper returns them (the failures on real audio: issue 14)."""

from __future__ import annotations

from inference_server.analyzers.invented_text import Heard, check, loop_in, notes
from protos.derush.v1 import derush_pb2 as pb


def _heard(text: str, start: float, step: float = 0.4, compression: float = 1.3, language: str = "en") -> Heard:
    words = tuple(pb.Word(start=start + i * step, end=start + i * step + 0.3, word=" " + w, probability=0.9)
                  for i, w in enumerate(text.split()))  # Whisper's words carry their leading space
    return Heard(start=start, end=words[-1].end, text=text, words=words, avg_logprob=-0.4, no_speech_prob=0.1,
                 compression_ratio=compression, language=language)


def test_a_looping_phrase_keeps_its_first_copy_and_says_so():
    loop = _heard("We leave at dawn. I'm not sure, I'm not sure, I'm not sure, I'm not sure.", 1.0)
    checked = check([loop], [(0.9, 12.0)])
    (kept,) = checked.kept
    assert kept.text == "We leave at dawn. I'm not sure,"
    assert [w.word.strip() for w in kept.words][-3:] == ["I'm", "not", "sure,"]
    (note,) = notes(checked.dropped)
    assert note.code == "speech_loop" and "I'm not sure" in note.message


def test_restarts_and_repeated_words_people_say_are_kept():
    for said in ("The tide, the tide, the tide comes in twice a day.", "No, no, no, not like that.",
                 "Again, again, again!"):
        checked = check([_heard(said, 0.5)], [(0.4, 8.0)])
        assert [h.text for h in checked.kept] == [said] and not checked.dropped


def test_text_where_nobody_speaks_is_dropped():
    said = _heard("The harbour is quiet this morning.", 0.5)
    invented = _heard("Thank you for watching.", 6.0)
    checked = check([said, invented], [(0.4, 3.5)])  # the VAD hears voice only under the first
    assert [h.text for h in checked.kept] == [said.text]
    (note,) = notes(checked.dropped)
    assert note.code == "speech_over_silence" and "6.0" in note.message


def test_a_segment_whisper_found_repeating_itself_is_dropped():
    checked = check([_heard("la la la la", 0.5, compression=3.1)], [(0.4, 3.0)])
    assert not checked.kept and checked.dropped[0].reason == "compression"


def test_the_same_segment_back_to_back_is_a_loop_but_a_take_said_again_is_not():
    line = "Every boat carries a radio and a spare net."
    looped = [_heard(line, 1.0 + 4.0 * i, step=0.45) for i in range(3)]  # each right after the last
    checked = check(looped, [(0.9, 14.0)])
    assert [h.start for h in checked.kept] == [1.0] and len(checked.dropped) == 2
    takes = [_heard(line, 1.0 + 8.0 * i, step=0.45) for i in range(3)]  # "cut... again... action" between
    assert len(check(takes, [(0.9, 30.0)]).kept) == 3


def test_loop_in_finds_the_first_loop_only_when_long_enough():
    assert loop_in("a b c a b c a b c".split()) == (0, 3, 3)
    assert loop_in("x y a b a b a b a b".split()) == (2, 2, 4)
    assert loop_in("a b a b a b".split()) is None  # six words: a restart
    assert loop_in([]) is None
