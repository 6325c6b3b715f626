"""Speech: Silero VAD (voiced ranges and silences) and faster-whisper with word timestamps.

VAD gives the voiced ranges and silences (dead air is what a rough cut trims), trims Whisper's word edges
to the voice, and stops Whisper early on a clip with no voice at all (b-roll).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.media.decode import AUDIO_RATE
from inference_server.models import ENGLISH_SPEECH_MODEL, MULTILINGUAL_SPEECH_MODEL
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import ModelUnavailable
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from protos.timecode import seconds_to_frame, seconds_to_frame_boundary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpeechOptions:
    #: Silence shorter than this stays inside a voiced range (pauses between words and phrases).
    min_silence_s: float = 0.4
    #: Padding kept around voiced ranges so word edges are not clipped.
    speech_pad_s: float = 0.1
    #: Silero's speech probability threshold.
    vad_threshold: float = 0.5
    #: Whisper beam size, faster-whisper's default. Greedy decoding (1) is twice as fast on CPU but cleans
    #: up restarts ("the tide, the tide comes" became "the tide comes"), and restarts are what tells a
    #: flubbed take from a good one (bench/RESULTS.md).
    beam_size: int = 5
    #: Language detection looks for voice in this much of the clip's opening.
    language_window_s: float = 120.0
    #: Whisper skips silences longer than this where it would otherwise hallucinate words.
    hallucination_silence_s: float = 2.0


def _voiced_sample(audio: np.ndarray, voiced: list[tuple[float, float]]) -> np.ndarray | None:
    """Up to 30 s of voice (silence and pre-roll confuse language detection); None under a second."""
    pieces, total = [], 0
    for start, end in voiced:
        piece = audio[int(start * AUDIO_RATE) : int(end * AUDIO_RATE)]
        pieces.append(piece)
        total += len(piece)
        if total >= 30 * AUDIO_RATE:
            break
    return np.concatenate(pieces)[: 30 * AUDIO_RATE] if total >= AUDIO_RATE else None


def _model_for(language: str) -> str:
    return ENGLISH_SPEECH_MODEL if language == "en" else MULTILINGUAL_SPEECH_MODEL


class SpeechAnalyzer(Analyzer):
    name = "speech"
    wants_audio = True

    def __init__(self, context: AnalysisContext, options: SpeechOptions = SpeechOptions()) -> None:
        super().__init__(context)
        self.options = options

    def finish(self, result: pb.ClipAnalysis) -> None:
        audio = self.context.audio
        if audio is None:
            return
        duration = len(audio) / AUDIO_RATE
        opening = self._opening_voice(audio)
        language, model_name, probability = self._language_and_model(audio, opening)
        result.speech.model = model_name
        # Whisper does not need the VAD's answer, so both run at once (onnxruntime and CTranslate2 release
        # the GIL); the VAD's ranges then trim the words. No voice at all stops Whisper early (b-roll).
        vad = ThreadPoolExecutor(max_workers=1, thread_name_prefix="derush-vad")
        voice = vad.submit(self._rest_of_voice, audio, opening)
        segments: list = []
        info = None
        try:
            if len(audio):
                generator, info = self.context.models.whisper(model_name).transcribe(
                    audio,
                    language=language,
                    beam_size=self.options.beam_size,
                    word_timestamps=True,
                    # Whisper hears the whole clip: cutting it to the VAD's voiced ranges (vad_filter or
                    # clip_timestamps) made the small models mishear first words on our measurements.
                    vad_filter=False,
                    hallucination_silence_threshold=self.options.hallucination_silence_s,
                    condition_on_previous_text=False,  # a take is not a continuation of the previous take
                )
                for segment in generator:
                    if self.context.cancelled() or (voice.done() and not voice.result()):
                        break
                    self.context.progress(min(1.0, segment.end / max(duration, 1e-6)))
                    segments.append(segment)
            voiced = voice.result()
        finally:
            vad.shutdown(wait=True)
        speech = result.speech
        speech.voiced.extend(pb.TimeRange(start=s, end=e) for s, e in voiced)
        speech.silences.extend(pb.TimeRange(start=s, end=e) for s, e in _gaps(voiced, duration))
        if not voiced or info is None:
            speech.language = self.context.options.language
            return  # what Whisper made of audio with no voice is hallucination
        speech.language = language or info.language
        speech.language_probability = probability if language and probability else info.language_probability
        silences = list(speech.silences)
        for segment in segments:
            if not segment.text.strip():
                continue
            words = [
                pb.Word(start=start, end=end, word=w.word.strip(), probability=w.probability)
                for w in segment.words or []
                for start, end in [_trim_to_voice(w.start, w.end, silences)]
            ]
            speech.segments.append(
                pb.SpeechSegment(
                    start=words[0].start if words else segment.start,
                    end=words[-1].end if words else segment.end,
                    text=segment.text.strip(),
                    avg_logprob=segment.avg_logprob,
                    no_speech_prob=segment.no_speech_prob,
                    words=words,
                )
            )
        self._propose_markers(result)

    def _needs_detection(self) -> bool:
        return not (self.context.options.speech_model or self.context.options.language)

    def _opening_voice(self, audio: np.ndarray) -> list[tuple[float, float]] | None:
        """The VAD over the clip's opening, when language detection needs it (else None); the rest of the clip
        is done beside Whisper, so no second of audio goes through the VAD twice."""
        if not self._needs_detection():
            return None
        return self._voice_activity(audio[: int(self.options.language_window_s * AUDIO_RATE)])

    def _rest_of_voice(self, audio: np.ndarray, opening: list[tuple[float, float]] | None) -> list[tuple[float, float]]:
        if opening is None:
            return self._voice_activity(audio)
        cut = int(self.options.language_window_s * AUDIO_RATE)
        if len(audio) <= cut:
            return opening
        offset = cut / AUDIO_RATE
        rest = [(s + offset, e + offset) for s, e in self._voice_activity(audio[cut:])]
        if opening and rest and rest[0][0] - opening[-1][1] < self.options.min_silence_s:
            # voice running across the seam is one range, as one VAD pass would have found it
            return [*opening[:-1], (opening[-1][0], rest[0][1]), *rest[1:]]
        return opening + rest

    def _language_and_model(self, audio: np.ndarray,
                            opening: list[tuple[float, float]] | None) -> tuple[str | None, str, float]:
        """The spoken language and the model for it: what the user fixed, or detected per clip with the
        multilingual model on voiced audio (tiny.en is the faster, better model for English)."""
        options = self.context.options
        if options.speech_model:
            return options.language or None, options.speech_model, 0.0
        if options.language:
            return options.language, _model_for(options.language), 1.0
        sample = _voiced_sample(audio, opening or [])
        if sample is None:
            return None, ENGLISH_SPEECH_MODEL, 0.0
        try:
            detector = self.context.models.whisper(MULTILINGUAL_SPEECH_MODEL)
        except ModelUnavailable as exc:
            log.warning("%s: assuming English", exc.message)
            return "en", ENGLISH_SPEECH_MODEL, 0.0
        language, probability, _ = detector.detect_language(sample)
        log.info("%s: language %s (p=%.2f)", self.context.info.path.name, language, probability)
        return language, _model_for(language), probability

    def _voice_activity(self, audio: np.ndarray) -> list[tuple[float, float]]:
        if len(audio) == 0:
            return []
        vad = VadOptions(
            threshold=self.options.vad_threshold,
            min_silence_duration_ms=int(self.options.min_silence_s * 1000),
            speech_pad_ms=int(self.options.speech_pad_s * 1000),
        )
        stamps = get_speech_timestamps(audio, vad, sampling_rate=AUDIO_RATE)
        return [(s["start"] / AUDIO_RATE, s["end"] / AUDIO_RATE) for s in stamps]

    def _propose_markers(self, result: pb.ClipAnalysis) -> None:
        rate = self.context.info.rate
        if not rate:
            return  # audio-only: Resolve clip markers need frames
        for segment in result.speech.segments:
            frame = seconds_to_frame(segment.start, rate)
            end = max(frame + 1, seconds_to_frame_boundary(segment.end, rate))
            result.markers.append(
                pb.Marker(
                    frame=frame,
                    duration=end - frame,
                    color=CATEGORY_COLORS["speech"],
                    name=_marker_name(segment.text),
                    note=segment.text,
                    custom_data=custom_data("speech"),
                )
            )
        result.tags.append(
            pb.Tag(name="Language", value=result.speech.language,
                   confidence=result.speech.language_probability, source=self.name)
        )


def _trim_to_voice(start: float, end: float, silences: list[pb.TimeRange]) -> tuple[float, float]:
    """Whisper stretches words that border a silence into it; the VAD knows where the voice is."""
    for silence in silences:
        if silence.start <= start < silence.end < end:
            start = silence.end
        if start < silence.start < end <= silence.end:
            end = silence.start
    return start, end


def _marker_name(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gaps(ranges: list[tuple[float, float]], duration: float) -> list[tuple[float, float]]:
    edges = [0.0, *(t for r in ranges for t in r), duration]
    return [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a > 1e-3]
