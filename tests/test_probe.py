from pathlib import Path

import pytest

from protos.errors import EmptyMedia, MediaNotFound, NotMedia, TruncatedMedia
from protos.media_probe import probe


@pytest.mark.parametrize("kind, error", [
    ("missing", MediaNotFound), ("empty", EmptyMedia), ("truncated", TruncatedMedia), ("not_media", NotMedia),
])
def test_bad_inputs_raise_typed_errors_that_say_what_to_do(truth, kind, error):
    with pytest.raises(error) as caught:
        probe(Path(truth["bad"][kind]))
    message = caught.value.message
    assert Path(truth["bad"][kind]).name in message
    assert any(verb in message for verb in ("Copy", "copy", "Check", "check"))


def test_folder_is_not_media(tmp_path):
    with pytest.raises(NotMedia, match="folder"):
        probe(tmp_path)


def test_probe_reads_rate_frames_codec_and_timecode(fixtures_dir, clips):
    for truth in clips:
        info = probe(fixtures_dir / truth.file)
        assert (info.rate.numerator, info.rate.denominator) == (truth.fps_num, truth.fps_den)
        assert info.frames == truth.frames
        assert info.start_timecode == truth.start_timecode
        assert info.has_audio and info.audio_channels == 1
        assert info.video_codec in ("h264", "prores")
