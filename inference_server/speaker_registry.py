"""Speaker labels stable across the clips of one job.

Each clip names its speakers locally ("S1", "S2") and stores their voice embeddings. The job keeps one
registry and renames every clip's speakers, fresh or from the store, to "Speaker 1", "Speaker 2"...:
the same voice gets the same label in every clip, so an editor can favour a speaker in a cut.
"""

from __future__ import annotations

import numpy as np

from protos.derush.v1 import derush_pb2 as pb
from protos.resolve_vocabulary import custom_data

SAME_VOICE = 0.75


class SpeakerRegistry:
    def __init__(self, same_voice: float = SAME_VOICE) -> None:
        self.same_voice = same_voice
        self._sums: list[np.ndarray] = []

    def _label(self, index: int) -> str:
        return f"Speaker {index + 1}"

    def relabel(self, analysis: pb.ClipAnalysis) -> pb.ClipAnalysis:
        """A copy of ``analysis`` with job-wide speaker labels."""
        if not analysis.speakers:
            return analysis
        out = pb.ClipAnalysis()
        out.CopyFrom(analysis)
        mapping = self._assign(out.speakers)
        for speaker in out.speakers:
            speaker.label = mapping[speaker.label]
        for turn in out.speech.turns:
            turn.speaker = mapping.get(turn.speaker, turn.speaker)
        for segment in out.speech.segments:
            segment.speaker = mapping.get(segment.speaker, segment.speaker)
        speaker_marker = custom_data("speaker")
        for marker in out.markers:
            if marker.custom_data == speaker_marker:
                for local, label in mapping.items():
                    marker.note = marker.note.replace(f" {local} ", f" {label} ").replace(f" {local}", f" {label}")
                marker.name = mapping.get(marker.name, marker.name)
        return out

    def _assign(self, speakers) -> dict[str, str]:
        """Greedy one-to-one matching by similarity: two voices of one clip never merge here."""
        vectors = {s.label: np.asarray(s.embedding, np.float32) for s in speakers}
        pairs = []
        for local, vector in vectors.items():
            if not len(vector):
                continue
            for index, total in enumerate(self._sums):
                similarity = float(vector @ total / (np.linalg.norm(total) or 1))
                if similarity >= self.same_voice:
                    pairs.append((similarity, local, index))
        mapping: dict[str, str] = {}
        used: set[int] = set()
        for _, local, index in sorted(pairs, reverse=True):
            if local in mapping or index in used:
                continue
            mapping[local] = self._label(index)
            used.add(index)
            self._sums[index] = self._sums[index] + vectors[local]
        for local in sorted(vectors):
            if local not in mapping:
                if len(vectors[local]):
                    self._sums.append(vectors[local].copy())
                    mapping[local] = self._label(len(self._sums) - 1)
                else:
                    mapping[local] = local
        return mapping
