"""Listening for the vocabulary: which segments are heard again, and what of the second hearing is kept.

The words are faster-whisper's own ``Word`` values, as Whisper wrote them on the espeak-ng fixtures
(tests/integration/test_vocabulary.py runs the model itself).
"""

from __future__ import annotations

from faster_whisper.transcribe import Word

from inference_server.analyzers.speech_vocabulary import sounds_alike, spliced, suspected
from inference_server.engine import settings_key
from protos.derush.v1 import derush_pb2 as pb


def _words(text: str, probability: float = 0.9, start: float = 0.5, step: float = 0.4) -> list[Word]:
    return [Word(start=start + n * step, end=start + (n + 1) * step - 0.05, word=" " + w, probability=probability)
            for n, w in enumerate(text.split())]


def _text(words: list[Word]) -> str:
    return "".join(w.word for w in words).strip()


def test_misheard_names_sound_like_the_entries_and_other_words_do_not():
    assert sounds_alike("Corvex", "Quorvex") > 0.9
    assert sounds_alike("Sandmail is Tardew", "Maelis Tardieu") > 0.6
    assert sounds_alike("the main cover set", "Yvaine Corbusset") > 0.6
    assert sounds_alike("village", "Quorvex") < 0.5


def test_a_segment_is_heard_again_only_for_entries_that_may_hide_in_its_doubtful_words():
    heard = _words("Welcome to Corvex, Sandmail is Tardew.")
    heard[2] = Word(heard[2].start, heard[2].end, heard[2].word, 0.51)
    heard[3] = Word(heard[3].start, heard[3].end, heard[3].word, 0.34)
    assert suspected(heard, ["Quorvex", "Maelis Tardieu", "Oskavel"]) == ["Quorvex", "Maelis Tardieu"]
    # the same sounds heard with confidence, or a name already spelt right: nothing to hear again
    assert suspected(_words("Welcome to Corvex, Sandmail is Tardew.", probability=0.95), ["Quorvex"]) == []
    assert suspected(_words("Welcome to Quorvex, said Maelis Tardieu.", probability=0.3),
                     ["Quorvex", "Maelis Tardieu"]) == []


def test_the_entry_heard_again_replaces_the_words_it_was_heard_as_and_nothing_else():
    plain = _words("The tide comes to Corvex, Sandmail is Tardew.")
    # the second hearing also changed "tide" (the hotwords prompt changes everything): that is not taken
    again = _words("The tithe comes to Quorvex, Maelis Tardieu", start=0.45)
    words = spliced(plain, again, ["Quorvex", "Maelis Tardieu"])
    assert _text(words) == "The tide comes to Quorvex, Maelis Tardieu."
    assert words[:3] == plain[:3]
    # the new words stay inside the time of those they replace, in order
    assert plain[3].start <= words[3].start <= words[-1].end <= plain[-1].end
    assert all(a.end <= b.start + 1e-9 for a, b in zip(words, words[1:]))


def test_a_name_the_second_hearing_puts_over_unlike_words_or_after_the_speech_is_not_taken():
    plain = _words("The tide comes in twice a day.")
    again = _words("The Quorvex comes in twice a day. Quorvex", start=0.45)
    assert spliced(plain, again, ["Quorvex"]) == plain


def test_names_heard_as_several_common_words_are_put_back():
    plain = _words("Ask, run or come out, the milk-wist contract.")
    again = _words("Ask Brannoch, I'm out, Velquist, contract.", start=0.45)
    assert _text(spliced(plain, again, ["Brannoch", "Velquist"])) == "Ask, Brannoch, I'm out, Velquist, contract."


def test_a_second_hearing_without_the_entries_leaves_the_segment_as_it_was():
    plain = _words("The tide comes in twice a day.")
    assert spliced(plain, _words("The tithe comes in twice a day."), ["Tidewater"]) == plain


def test_the_vocabulary_is_part_of_a_stored_results_settings_in_any_order():
    plain = pb.AnalysisOptions(analyzers=["speech"])
    names = pb.AnalysisOptions(analyzers=["speech"], vocabulary=["Quorvex", "Maelis Tardieu"])
    reordered = pb.AnalysisOptions(analyzers=["speech"], vocabulary=["maelis tardieu", "Quorvex"])
    other = pb.AnalysisOptions(analyzers=["speech"], vocabulary=["Quorvex"])
    assert settings_key(names) == settings_key(reordered) != settings_key(plain)
    assert settings_key(other) not in (settings_key(names), settings_key(plain))
    # no speech, no vocabulary in the key: shots alone are the same result with or without one
    assert settings_key(pb.AnalysisOptions(analyzers=["shots"], vocabulary=["Quorvex"])) == \
        settings_key(pb.AnalysisOptions(analyzers=["shots"]))
