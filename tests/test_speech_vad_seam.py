"""The VAD run in two parts (the opening for language detection, the rest beside Whisper) finds the same voice
as one pass, even with the seam in the middle of a sentence."""

from pathlib import Path

import pytest

from inference_server.analyzers.base import AnalysisContext
from inference_server.analyzers.speech import SpeechAnalyzer, SpeechOptions
from inference_server.engine import AudioCollector
from inference_server.media.decode import decode
from inference_server.models import ModelRegistry
from protos.derush.v1 import derush_pb2 as pb
from protos.media_probe import probe


@pytest.mark.parametrize("seam_s", [3.3, 6.0])
def test_two_part_vad_matches_one_pass(fixtures_dir, clips, tmp_path, seam_s):
    truth = next(c for c in clips if c.kind == "dead_air")  # speech at 2.5-4.0 s and 9.0-9.9 s
    info = probe(Path(fixtures_dir / truth.file))
    collector = AudioCollector(True, False)
    decode(info, [collector])
    audio, _ = collector.arrays()
    analyzer = SpeechAnalyzer(AnalysisContext(info, ModelRegistry(tmp_path), pb.AnalysisOptions(), audio=audio),
                              SpeechOptions(language_window_s=seam_s))
    opening = analyzer._opening_voice(audio)
    assert opening is not None
    stitched = analyzer._rest_of_voice(audio, opening)
    whole = analyzer._voice_activity(audio)
    assert len(stitched) == len(whole)
    for (a, b), (c, d) in zip(stitched, whole):
        assert abs(a - c) < 0.15 and abs(b - d) < 0.15
