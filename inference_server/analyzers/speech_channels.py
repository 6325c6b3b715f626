"""One transcript from one microphone per person: each channel transcribed alone, merged by time.

Each segment carries its channel's speaker, and speech where two people talk at once keeps both people's
words (two segments over the same time). A channel's segments keep only the words said in the voice that
channel owns (``media.channel_sources``): what Whisper made of another person's crosstalk, or of the silence
around the voice, is not that person's speech.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inference_server.analyzers.speakers import channel_speaker
from inference_server.media.channel_sources import ChannelSources, Ranges
from protos.derush.v1 import derush_pb2 as pb

#: Whisper places a word's edges this far off the voice (its first word often starts early).
EDGE_TOLERANCE_S = 0.25


def merge_channel_segments(per_channel: Mapping[int, Sequence[pb.SpeechSegment]],
                           sources: ChannelSources) -> list[pb.SpeechSegment]:
    """Segments of each channel (0-based index: segments transcribed from that channel's audio alone), as one
    list in time order, each labelled with the channel's speaker; overlapping segments of two channels both stay."""
    merged: list[pb.SpeechSegment] = []
    for index, segments in per_channel.items():
        ranges = sources.voiced[index]
        for segment in segments:
            own = _own_part(segment, ranges)
            if own is not None:
                own.speaker = channel_speaker(index + 1)
                merged.append(own)
    merged.sort(key=lambda s: (s.start, s.end, s.speaker))
    return merged


def _own_part(segment: pb.SpeechSegment, ranges: Ranges) -> pb.SpeechSegment | None:
    """The segment less the words outside the channel's own voice; None when nothing of it is left."""
    out = pb.SpeechSegment()
    out.CopyFrom(segment)
    if not segment.words:
        inside = sum(_shared(segment.start, segment.end, r) for r in ranges)
        return out if inside >= 0.5 * (segment.end - segment.start) else None
    words = []
    for word in segment.words:
        if not any(_near(word.start, word.end, r) for r in ranges):
            continue
        kept = pb.Word()
        kept.CopyFrom(word)
        kept.start, kept.end = _within_voice(word.start, word.end, ranges)
        words.append(kept)
    if not words:
        return None
    if len(words) < len(segment.words):
        out.text = " ".join(w.word for w in words)
    del out.words[:]
    out.words.extend(words)
    out.start, out.end = words[0].start, words[-1].end
    return out


def _shared(start: float, end: float, span: tuple[float, float]) -> float:
    return max(0.0, min(end, span[1]) - max(start, span[0]))


def _near(start: float, end: float, span: tuple[float, float]) -> bool:
    return start < span[1] + EDGE_TOLERANCE_S and end > span[0] - EDGE_TOLERANCE_S


def _within_voice(start: float, end: float, ranges: Ranges) -> tuple[float, float]:
    """A word's edges moved onto the voice range it shares most with (Whisper stretches edges into silence)."""
    best = max(ranges, key=lambda r: _shared(start, end, r))
    if _shared(start, end, best) <= 0:
        return start, end
    return max(start, best[0]), min(end, best[1])
