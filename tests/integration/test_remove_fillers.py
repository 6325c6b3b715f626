"""Issue 16: --remove-fillers on real speech. The cut's audio is rendered from the source ranges of its events and
transcribed again by the real server: no filler is left, and every word of the line is heard whole."""

from __future__ import annotations

import wave

import numpy as np
from faster_whisper.audio import decode_audio

from inference_server.cut.lexicon import fold
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import media_refs
from tests.fixtures.filler_takes import LINE, ensure_filler_take

RATE = 16000
FILLERS = {"um", "uh", "er", "erm", "umm", "uhm"}


def _render(source, events, out) -> None:
    """The cut's sound: each event's source range, one after another (what the timeline plays)."""
    audio = decode_audio(str(source), sampling_rate=RATE)
    pieces = [audio[round(e.source_in / 24 * RATE):round(e.source_out / 24 * RATE)] for e in events]
    pcm = (np.clip(np.concatenate(pieces), -1, 1) * 32767).astype(np.int16)
    with wave.open(str(out), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes(pcm.tobytes())


def _heard(client, path) -> list[str]:
    # verbatim: the hesitations are written when heard, so none left is none said
    result = client.analyze(media_refs([path]), pb.AnalysisOptions(analyzers=["speech"], verbatim=True)).results[0]
    return [t for s in result.speech.segments for t in fold(s.text, "en")]


def test_remove_fillers_leaves_no_filler_and_clips_no_word(client, fixtures_dir, tmp_path):
    source = ensure_filler_take(fixtures_dir / "fillers")
    analysis = client.analyze(media_refs([source]), pb.AnalysisOptions(verbatim=True)).results[0]
    heard = [t for s in analysis.speech.segments for t in fold(s.text, "en")]
    assert FILLERS & set(heard), f"the model heard no filler in the take: nothing to test ({heard})"

    plain = client.suggest_cut([analysis.media_id], pb.CutOptions(script_text=LINE))
    cleaned = client.suggest_cut([analysis.media_id], pb.CutOptions(script_text=LINE, remove_fillers=True))
    assert len(plain.events) == 1 and len(cleaned.events) >= 2  # each removal splits the take
    assert all(e.path == cleaned.events[0].path for e in cleaned.events)
    assert all("cutting out" in e.reason for e in cleaned.events[1:])

    _render(source, cleaned.events, tmp_path / "cut.wav")
    after = _heard(client, tmp_path / "cut.wav")
    assert not FILLERS & set(after), after
    # every word of the line is heard, in order: none lost its start or its end
    assert [t for t in after if t in fold(LINE, "en")] == fold(LINE, "en"), after
