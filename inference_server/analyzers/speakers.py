"""Speakers: who speaks when.

Two ways, chosen per clip:
- by channel, where each person has a microphone of their own (interviews): the voice each channel owns
  (``media.channel_sources``: its voice less the others' crosstalk) is that channel's speaker, two at once
  where they talk over each other;
- by voice otherwise: speaker embeddings (resemblyzer's encoder on onnxruntime) of short voiced windows,
  clustered by cosine similarity.
Labels here are the clip's own ("S1", "S2"); the job renames them to labels stable across its clips
(``speaker_registry``), from the embeddings stored with each speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.media.channel_sources import ChannelSourceOptions, ChannelSources, channel_sources
from inference_server.media.decode import AUDIO_RATE
from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from protos.timecode import seconds_to_frame


@dataclass(frozen=True)
class SpeakerOptions:
    #: Voiced ranges are cut into windows this long, so a change of speaker without a pause is seen.
    window_s: float = 1.5
    #: Two windows belong to one voice at or above this cosine similarity of their embeddings.
    same_voice: float = 0.75
    #: A voice heard for less than this in a clip is not a speaker of its own: its windows join the
    #: closest voice (a short window's embedding is less reliable than a long one's).
    min_speaker_s: float = 2.0
    #: How the clip's channels are told to be separate microphones.
    sources: ChannelSourceOptions = ChannelSourceOptions()
    #: A speaker's voice resumed within this is the same turn, unless someone else started in between.
    turn_gap_s: float = 1.0


@dataclass
class _Window:
    start: float
    end: float
    label: str = ""
    channel: int = 0
    embedding: np.ndarray | None = None


class SpeakerAnalyzer(Analyzer):
    name = "speakers"
    wants_audio = True
    wants_channels = True
    after = ("speech",)

    def __init__(self, context: AnalysisContext, options: SpeakerOptions = SpeakerOptions()) -> None:
        super().__init__(context)
        self.options = options

    def finish(self, result: pb.ClipAnalysis) -> None:
        audio = self.context.audio
        if audio is None or not result.speech.voiced:
            return
        sources = channel_sources(self.context.channels, self.options.sources)
        _say_silent(result, sources, self.name)
        method = "channel" if sources.separate else "voice"
        encoder = self.context.models.voice_encoder()
        if method == "channel":
            windows = self._channel_windows(sources)
            channels = self.context.channels
            clips = [channels[w.channel - 1, _samples(w.start):_samples(w.end)] for w in windows]
        else:
            windows = self._windows((span.start, span.end) for span in result.speech.voiced)
            clips = [audio[_samples(w.start):_samples(w.end)] for w in windows]
        for window, embedding in zip(windows, encoder.embed_many(clips)):
            window.embedding = embedding
        windows = [w for w in windows if w.embedding is not None or method == "channel"]
        if method == "voice":
            self._cluster(windows)
        _describe(result, windows, method, self.context.info.rate, self.options.turn_gap_s)

    def _windows(self, voiced) -> list[_Window]:
        windows = []
        for start, end in voiced:
            count = max(1, round((end - start) / self.options.window_s))
            step = (end - start) / count
            windows += [_Window(start + i * step, start + (i + 1) * step) for i in range(count)]
        return windows

    def _channel_windows(self, sources: ChannelSources) -> list[_Window]:
        """Each source channel's own voice, in windows labelled with its speaker (overlaps kept)."""
        windows = []
        for index in sources.sources:
            for window in self._windows(sources.voiced[index]):
                window.channel = index + 1
                window.label = channel_speaker(window.channel)
                windows.append(window)
        return windows

    def _cluster(self, windows: list[_Window]) -> None:
        """Online clustering, then merging of clusters whose centroids are one voice."""
        centroids: list[np.ndarray] = []
        members: list[list[_Window]] = []
        for window in windows:
            sims = [float(c @ window.embedding) / (np.linalg.norm(c) or 1) for c in centroids]
            best = int(np.argmax(sims)) if sims else -1
            if best >= 0 and sims[best] >= self.options.same_voice:
                members[best].append(window)
                centroids[best] = centroids[best] + window.embedding
            else:
                centroids.append(window.embedding.copy())
                members.append([window])
        merged = True
        while merged and len(centroids) > 1:
            merged = False
            units = [c / np.linalg.norm(c) for c in centroids]
            for i in range(len(units)):
                for j in range(i + 1, len(units)):
                    if float(units[i] @ units[j]) >= self.options.same_voice:
                        centroids[i] = centroids[i] + centroids[j]
                        members[i] += members[j]
                        del centroids[j], members[j]
                        merged = True
                        break
                if merged:
                    break
        self._absorb_small(centroids, members)
        # number speakers in order of first appearance
        order = sorted(range(len(members)), key=lambda k: min(w.start for w in members[k]))
        for number, k in enumerate(order, 1):
            for window in members[k]:
                window.label = f"S{number}"


    def _absorb_small(self, centroids: list[np.ndarray], members: list[list[_Window]]) -> None:
        def seconds(k: int) -> float:
            return sum(w.end - w.start for w in members[k])

        while len(members) > 1:
            small = [k for k in range(len(members)) if seconds(k) < self.options.min_speaker_s]
            if not small:
                return
            k = min(small, key=seconds)
            units = [c / np.linalg.norm(c) for c in centroids]
            target = max((j for j in range(len(members)) if j != k), key=lambda j: float(units[j] @ units[k]))
            centroids[target] = centroids[target] + centroids[k]
            members[target] += members[k]
            del centroids[k], members[k]


def channel_speaker(channel: int) -> str:
    """The clip's own label of the person on ``channel`` (1-based), with the channel method."""
    return f"S{channel}"


def _samples(seconds: float) -> int:
    return int(seconds * AUDIO_RATE)


def _say_silent(result: pb.ClipAnalysis, sources: ChannelSources, source: str) -> None:
    """A dead microphone is worth a keyword: the editor looks for the other channel, or another take."""
    for index in sources.silent:
        result.tags.append(pb.Tag(name="Keywords", value=f"Channel {index + 1} silent", confidence=1.0,
                                  source=source))


def _turns(windows: list[_Window], gap_s: float) -> list[pb.SpeakerTurn]:
    """Windows joined into turns: a speaker's window extends their last turn when it follows within ``gap_s``
    and nobody else started speaking after that turn ended (talking over it does not end it)."""
    turns: list[pb.SpeakerTurn] = []
    last: dict[str, int] = {}
    for window in sorted(windows, key=lambda w: w.start):
        if not window.label:
            continue
        own = last.get(window.label)
        if own is not None and window.start - turns[own].end < gap_s and not any(
                turns[later].start >= turns[own].end for later in range(own + 1, len(turns))):
            turns[own].end = max(turns[own].end, window.end)
        else:
            last[window.label] = len(turns)
            turns.append(pb.SpeakerTurn(start=window.start, end=window.end, speaker=window.label))
    return turns


def _describe(result: pb.ClipAnalysis, windows: list[_Window], method: str, rate, gap_s: float) -> None:
    turns = _turns(windows, gap_s)
    result.speech.turns.extend(turns)
    for label in sorted({t.speaker for t in turns}):
        own = [w for w in windows if w.label == label]
        vectors = [w.embedding for w in own if w.embedding is not None]
        mean = np.mean(vectors, axis=0) if vectors else np.zeros(0)
        result.speakers.append(pb.Speaker(
            label=label, method=method, channel=own[0].channel if method == "channel" else 0,
            seconds=sum(t.end - t.start for t in turns if t.speaker == label),
            embedding=(mean / (np.linalg.norm(mean) or 1)).tolist() if len(mean) else [],
        ))
    labels = {t.speaker for t in turns}
    for segment in result.speech.segments:
        if segment.speaker in labels:
            continue  # transcribed from one person's microphone (``speech_channels``): theirs already
        overlap: dict[str, float] = {}
        for turn in turns:
            shared = min(segment.end, turn.end) - max(segment.start, turn.start)
            if shared > 0:
                overlap[turn.speaker] = overlap.get(turn.speaker, 0.0) + shared
        if overlap:
            segment.speaker = max(overlap, key=overlap.get)
    if not rate:
        return
    for previous, turn in zip(turns, turns[1:]):
        if turn.speaker != previous.speaker:
            result.markers.append(pb.Marker(
                frame=seconds_to_frame(turn.start, rate), duration=1, color=CATEGORY_COLORS["speaker"],
                name=turn.speaker, note=f"Speaker change: {previous.speaker} to {turn.speaker}",
                custom_data=custom_data("speaker"),
            ))
