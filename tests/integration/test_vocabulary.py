"""Names given as vocabulary are spelt right; clips without them keep their transcript word for word; stored results
record the vocabulary they were made with; a server's default vocabulary joins every job's. Real server, real
Whisper, espeak-ng speech with invented names."""

from __future__ import annotations

import re
import wave

import grpc
import numpy as np
import pytest

from inference_server.server import EmbeddedServer
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient, media_refs
from resolve_plugin.samples.rushes import VOICE, WORDS_PER_MINUTE
from resolve_plugin.samples.tts import speak

#: invented names the small English model writes as other words ("Welcome to Corvex, Sandmail is Tardew.")
NAMES_LINE = "Welcome to Quorvex, said Maelis Tardieu."
NAMES = ["Quorvex", "Maelis Tardieu"]
PLAIN_LINES = "The tide comes in twice a day. The whole village waits for the water."


def _write_speech(path, text: str) -> None:
    spoken = speak(text, voice=VOICE, rate_wpm=WORDS_PER_MINUTE)
    pad = np.zeros(int(0.5 * spoken.sample_rate), np.float32)
    pcm = (np.concatenate([pad, spoken.samples, pad]) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(spoken.sample_rate)
        w.writeframes(pcm.tobytes())


@pytest.fixture(scope="module")
def speech_clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vocabulary")
    names, plain = folder / "names.wav", folder / "tide.wav"
    _write_speech(names, NAMES_LINE)
    _write_speech(plain, PLAIN_LINES)
    return names, plain


@pytest.fixture(scope="module")
def heard(embedded, speech_clips):
    """The two clips analysed without a vocabulary, with one, and with the same one in another order."""
    options = pb.AnalysisOptions(analyzers=["speech"])
    with DerushClient(embedded.address) as client:
        without = client.analyze(media_refs(speech_clips), options)
        options.vocabulary.extend(NAMES)
        with_names = client.analyze(media_refs(speech_clips), options)
        reordered = client.analyze(media_refs(speech_clips), pb.AnalysisOptions(
            analyzers=["speech"], vocabulary=["maelis tardieu", "QUORVEX"]))
    return without, with_names, reordered


def _text(analysis: pb.ClipAnalysis) -> str:
    return " ".join(s.text for s in analysis.speech.segments)


def _words(analysis: pb.ClipAnalysis) -> list[tuple[str, float, float]]:
    return [(w.word, w.start, w.end) for s in analysis.speech.segments for w in s.words]


def test_a_name_given_as_vocabulary_is_spelled_right_in_the_transcript(heard):
    without, with_names, _ = heard
    assert not re.search(r"Quorvex|Maelis|Tardieu", _text(without.results[0]))  # misheard without help
    text = _text(with_names.results[0])
    assert "Quorvex" in text and "Maelis Tardieu" in text, text
    assert text.startswith("Welcome to Quorvex")
    words = [w.word.strip(",.") for s in with_names.results[0].speech.segments for w in s.words]
    assert words[words.index("Quorvex"):][:3] == ["Quorvex", "Maelis", "Tardieu"]


def test_a_clip_without_the_names_keeps_its_transcript_word_for_word(heard):
    without, with_names, _ = heard
    plain, expecting = without.results[1], with_names.results[1]
    assert _text(plain).startswith("The tide comes in twice a day.")
    assert _words(expecting) == _words(plain)
    assert not re.search(r"Quorvex|Maelis|Tardieu", _text(expecting))


def test_stored_results_record_the_vocabulary_and_a_new_one_analyses_again(heard):
    without, with_names, reordered = heard
    assert list(without.results[0].speech.vocabulary) == []
    assert list(with_names.results[0].speech.vocabulary) == NAMES
    assert not any(with_names.cached)  # another vocabulary, another analysis
    assert all(reordered.cached) and _text(reordered.results[0]) == _text(with_names.results[0])


def test_a_vocabulary_too_long_for_the_model_is_refused_with_what_to_do(client, speech_clips):
    options = pb.AnalysisOptions(vocabulary=[f"Name{n}" for n in range(101)])
    with pytest.raises(ClientError) as caught:
        client.analyze(media_refs(speech_clips[:1]), options)
    assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT and "at most 100" in str(caught.value)


def test_a_servers_default_vocabulary_joins_every_job(tmp_path, speech_clips):
    with EmbeddedServer(data_dir=tmp_path / "server", vocabulary=["Maelis Tardieu"]) as server, \
            DerushClient(server.address) as client:
        outcome = client.analyze(media_refs(speech_clips[:1]), pb.AnalysisOptions(
            analyzers=["speech"], vocabulary=["Quorvex"]))
    analysis = outcome.results[0]
    assert list(analysis.speech.vocabulary) == ["Quorvex", "Maelis Tardieu"]  # the job's first, then the server's
    assert "Quorvex, Maelis Tardieu" in _text(analysis)
