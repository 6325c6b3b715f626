"""Speech: Silero VAD (voiced ranges and silences) and faster-whisper with word timestamps, per language.

VAD gives the voiced ranges and silences (dead air is what a rough cut trims), trims Whisper's word edges
to the voice, and stops Whisper early on a clip with no voice at all (b-roll). The language is detected per
stretch of speech (``speech_languages``): a clip that changes language is transcribed part by part, each part with
the model for its language, and tagged ``Language`` per part. What Whisper invents (loops, text over silence, a
language the model cannot write) is left out with a note (``invented_text``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from inference_server.analyzers import invented_text
from inference_server.analyzers.base import AnalysisContext, Analyzer
from inference_server.analyzers.invented_text import Heard
from inference_server.analyzers.speech_channels import merge_channel_segments
from inference_server.analyzers.speech_languages import (
    MIN_SURE_PROBABILITY,
    MIN_SURE_VOICE_S,
    WINDOW_VOICE_S,
    Detect,
    LanguageOf,
    LanguageRun,
    Stretch,
    clip_languages,
    language_runs,
    main_language,
    sample_windows,
    sampled_language,
    stretches,
)
from inference_server.analyzers.speech_vocabulary import listening_for
from inference_server.media.channel_sources import channel_sources, own_voice
from inference_server.media.decode import AUDIO_RATE
from inference_server.media.pauses import quiet_gaps
from inference_server.models import ENGLISH_SPEECH_MODEL, MULTILINGUAL_SPEECH_MODEL
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import ModelUnavailable
from protos.resolve_vocabulary import CATEGORY_COLORS, custom_data
from protos.timecode import seconds_to_frame, seconds_to_frame_boundary

log = logging.getLogger(__name__)

#: Voice under this (in all) is not enough to tell a language: the English model, as for a clip with no voice.
MIN_DETECT_VOICE_S = 1.0
#: A stretch heard this badly (mean probability of its words) may be in another language than the clip's: the
#: English model on German, 0.48; on the English bench clip, 0.65 at worst (faster-whisper's avg_logprob is one
#: value per 30-s window, too coarse to tell a stretch)...
POORLY_HEARD_PROBABILITY = 0.6
#: At most this many such stretches are detected again on a clip found to be in one language.
SECOND_LOOKS = 2


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
    #: Language detection looks for voice in this much of the clip's opening, and as much of its close.
    language_window_s: float = 120.0
    #: Voice in each of the two windows the language is first detected on (at most one Whisper window).
    language_sample_s: float = WINDOW_VOICE_S
    #: Whisper skips silences longer than this where it would otherwise hallucinate words.
    hallucination_silence_s: float = 2.0


def _model_for(language: str) -> str:
    return ENGLISH_SPEECH_MODEL if language == "en" else MULTILINGUAL_SPEECH_MODEL


class SpeechAnalyzer(Analyzer):
    name = "speech"
    wants_audio = True
    wants_channels = True  # one microphone per person: each channel's own voice is transcribed apart

    def __init__(self, context: AnalysisContext, options: SpeechOptions = SpeechOptions()) -> None:
        super().__init__(context)
        self.options = options

    def finish(self, result: pb.ClipAnalysis) -> None:
        audio = self.context.audio
        if audio is None:
            return
        duration = len(audio) / AUDIO_RATE
        opening = self._opening_voice(audio)
        closing = self._closing_voice(audio, opening)
        detect = self._detector() if self._needs_detection() else None
        language_of = LanguageOf(audio, detect) if detect is not None else None
        # Whisper does not need the VAD's answer, so both run at once (onnxruntime and CTranslate2 release
        # the GIL); the VAD's ranges then trim the words. No voice at all stops Whisper early (b-roll).
        vad = ThreadPoolExecutor(max_workers=1, thread_name_prefix="derush-vad")
        voice = vad.submit(self._rest_of_voice, audio, opening, closing)
        try:
            runs = self._language_runs(audio, opening, closing, voice, language_of)
            result.speech.model = self._model_name(runs[0].language)
            stop = lambda: voice.done() and not voice.result()  # noqa: E731
            sources = channel_sources(self.context.channels)
            if sources.separate:
                # each person's words from their own microphone, the others' crosstalk gated out, merged by time
                # below: a mono mix of two people talking at once is one garbled sentence
                per_channel = {i: self._transcribe_runs(own_voice(self.context.channels, sources, i), runs, stop)
                               for i in sources.sources}
                heard = [h for got, _ in per_channel.values() for h in got]
                untranscribed = next(iter(per_channel.values()))[1]
            else:
                heard, untranscribed = self._transcribe_runs(audio, runs, stop=stop)
            voiced = voice.result()
            if (language_of is not None and len(runs) == 1 and runs[0].language and not untranscribed and voiced
                    and not sources.separate and not self.context.cancelled()):
                runs, heard, untranscribed = self._second_look(audio, voiced, runs, heard, language_of)
        finally:
            vad.shutdown(wait=True)
        speech = result.speech
        speech.voiced.extend(pb.TimeRange(start=s, end=e) for s, e in voiced)
        speech.silences.extend(pb.TimeRange(start=s, end=e) for s, e in _gaps(voiced, duration))
        speech.pauses.extend(pb.TimeRange(start=s, end=e) for s, e in quiet_gaps(audio))
        if not voiced or self.context.cancelled():
            speech.language = self.context.options.language
            return  # what Whisper made of audio with no voice is hallucination
        runs = [r if r.language else _as_heard(r, heard) for r in runs]
        main = main_language(runs)
        speech.language, speech.language_probability = main.language, main.probability
        used = [self._model_name(r.language) for r in runs if r not in untranscribed]
        speech.model = ", ".join(dict.fromkeys(used)) or speech.model
        if sources.separate:
            checks = {i: invented_text.check(got, voiced) for i, (got, _) in per_channel.items()}
            dropped = [d for c in checks.values() for d in c.dropped]
            speech.segments.extend(merge_channel_segments(
                {i: _speech_segments(c.kept, list(speech.silences)) for i, c in checks.items()}, sources))
        else:
            checked = invented_text.check(heard, voiced)
            dropped = checked.dropped
            speech.segments.extend(_speech_segments(checked.kept, list(speech.silences)))
        for note in invented_text.notes(dropped) + [self._untranscribed_note(untranscribed)]:
            if note is not None:
                result.analyzer_errors.append(pb.AnalyzerError(analyzer=self.name, error=note))
        self._tag_languages(result, runs)
        self._propose_markers(result)

    # -- voice activity ---------------------------------------------------------------------------------------

    def _needs_detection(self) -> bool:
        """The language is detected unless the user fixed it, even with a model chosen: an English-only model on
        German must be told, not left to invent English."""
        return not self.context.options.language

    def _opening_voice(self, audio: np.ndarray) -> list[tuple[float, float]] | None:
        """The VAD over the clip's opening, when language detection needs it (else None); the rest of the clip
        is done beside Whisper, so no second of audio goes through the VAD twice."""
        if not self._needs_detection():
            return None
        return self._voice_activity(audio[: int(self.options.language_window_s * AUDIO_RATE)])

    def _closing_voice(self, audio: np.ndarray,
                       opening: list[tuple[float, float]] | None) -> list[tuple[float, float]] | None:
        """The VAD over the clip's close (after the opening), for the closing detection window; None when the
        opening holds the whole clip or nothing is detected."""
        cut = int(self.options.language_window_s * AUDIO_RATE)
        if opening is None or len(audio) <= cut:
            return None
        start = max(cut, len(audio) - cut)
        return _shifted(self._voice_activity(audio[start:]), start / AUDIO_RATE)

    def _rest_of_voice(self, audio: np.ndarray, opening: list[tuple[float, float]] | None,
                       closing: list[tuple[float, float]] | None = None) -> list[tuple[float, float]]:
        """The whole clip's voiced ranges: the opening and the close as found, the middle found now."""
        if opening is None:
            return self._voice_activity(audio)
        cut = int(self.options.language_window_s * AUDIO_RATE)
        if len(audio) <= cut:
            return opening
        end = len(audio) if closing is None else max(cut, len(audio) - cut)
        voiced = self._stitched(opening, _shifted(self._voice_activity(audio[cut:end]), cut / AUDIO_RATE))
        return voiced if closing is None else self._stitched(voiced, closing)

    def _stitched(self, before: list[tuple[float, float]],
                  after: list[tuple[float, float]]) -> list[tuple[float, float]]:
        if before and after and after[0][0] - before[-1][1] < self.options.min_silence_s:
            # voice running across the seam is one range, as one VAD pass would have found it
            return [*before[:-1], (before[-1][0], after[0][1]), *after[1:]]
        return before + after

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

    # -- languages ---------------------------------------------------------------------------------------------

    def _detector(self) -> Detect | None:
        """Language detection with the multilingual model (the chosen one when it is multilingual); None, with
        English assumed, when it is not installed."""
        chosen = self.context.options.speech_model
        try:
            model = self.context.models.whisper(chosen) if chosen else None
            if model is None or not model.model.is_multilingual:
                model = self.context.models.whisper(MULTILINGUAL_SPEECH_MODEL)
        except ModelUnavailable as exc:
            log.warning("%s: assuming English", exc.message)
            return None

        def detect(sample: np.ndarray) -> tuple[str, float]:
            language, probability, _ = model.detect_language(sample)
            return language, probability

        return detect

    def _language_runs(self, audio: np.ndarray, opening: list[tuple[float, float]] | None,
                       closing: list[tuple[float, float]] | None, voice: Future,
                       language_of: LanguageOf | None) -> list[LanguageRun]:
        """What the user fixed, else the language of the clip's opening when its model writes only that language
        (the second look finds what it writes badly), else one language when the windows sampled over the opening
        and the close agree (the usual clip), else the language of every stretch. An empty language: Whisper's own
        choice."""
        options, duration = self.context.options, len(audio) / AUDIO_RATE
        if options.language or language_of is None:
            fixed = options.language or ("" if options.speech_model else "en")
            return [LanguageRun(0.0, duration, fixed, 1.0 if options.language else 0.0, 0.0)]
        known = stretches(self._stitched(opening or [], closing or []))
        if _voice_s(known) < MIN_DETECT_VOICE_S and closing is not None:
            known = stretches(voice.result())  # voice only in the middle of a long clip
        if _voice_s(known) < MIN_DETECT_VOICE_S:
            return [LanguageRun(0.0, duration, "" if options.speech_model else "en", 0.0, 0.0)]
        windows = sample_windows(known, self.options.language_sample_s)
        agreed = language_of(windows[0])
        if len(windows) > 1 and self._may_translate(agreed[0]):
            agreed = sampled_language(known, language_of, self.options.language_sample_s)
        if agreed is not None:
            log.info("%s: language %s (p=%.2f)", self.context.info.path.name, *agreed)
            return [LanguageRun(0.0, duration, agreed[0], agreed[1], _voice_s(known))]
        runs = language_runs(stretches(voice.result()), language_of)
        log.info("%s: languages %s", self.context.info.path.name,
                 ", ".join(f"{r.language} {r.start:.1f}-{r.end:.1f} s" for r in runs))
        return runs

    def _second_look(self, audio: np.ndarray, voiced: list[tuple[float, float]], runs: list[LanguageRun],
                     heard: list[Heard],
                     language_of: LanguageOf) -> tuple[list[LanguageRun], list[Heard], list[LanguageRun]]:
        """A clip found in one language by its sampled windows may still change language in between: the stretches
        it heard worst (no text, text Whisper was unsure of, a loop) are detected; when one is in another language, the
        clip is detected per stretch and the parts in other languages are transcribed again."""
        language = runs[0].language
        parts = stretches(voiced)
        invented = [d for d in invented_text.check(heard, voiced).dropped if d.reason != "silence"]
        suspects = sorted((p for p in parts if p.voice_s >= MIN_SURE_VOICE_S and _poorly_heard(p, heard, invented)),
                          key=lambda p: p.voice_s, reverse=True)[:SECOND_LOOKS]
        if all(found == language or probability < MIN_SURE_PROBABILITY
               for found, probability in (language_of([p]) for p in suspects)):
            return runs, heard, []
        split = language_runs(parts, language_of)
        redone = [r for r in split if r.language != language]
        kept = [h for h in (_outside(h, redone) for h in heard) if h is not None]
        again, untranscribed = self._transcribe_runs(audio, redone, stop=lambda: False)
        return split, sorted(kept + again, key=lambda h: h.start), untranscribed

    def _may_translate(self, language: str) -> bool:
        """Whether the model for ``language`` may write another language's speech well, in ``language`` (a
        multilingual model told one language translates); the English-only model writes it as poor English, with
        words it is unsure of, which the second look catches at no cost to a clip in one language."""
        return bool(self.context.models.whisper(self._model_name(language)).model.is_multilingual)

    def _model_name(self, language: str) -> str:
        return self.context.options.speech_model or (_model_for(language) if language else ENGLISH_SPEECH_MODEL)

    def _can_transcribe(self, run: LanguageRun) -> bool:
        """An English-only model writes English whatever is said: it is not given other languages."""
        return (not run.language or run.language == "en"
                or self.context.models.whisper(self._model_name(run.language)).model.is_multilingual)

    # -- transcription -----------------------------------------------------------------------------------------

    def _transcribe_runs(self, audio: np.ndarray, runs: list[LanguageRun],
                         stop: Callable[[], bool]) -> tuple[list[Heard], list[LanguageRun]]:
        """Each run in its language; the runs no model here can write are returned apart."""
        heard: list[Heard] = []
        untranscribed: list[LanguageRun] = []
        for run in runs:
            if not self._can_transcribe(run):
                untranscribed.append(run)
                continue
            piece = audio[int(run.start * AUDIO_RATE): int(run.end * AUDIO_RATE)]
            heard += self._transcribe(piece, run.start, run.language, stop)
            if self.context.cancelled() or stop():
                break
        return heard, untranscribed

    def _transcribe(self, audio: np.ndarray, offset: float, language: str,
                    stop: Callable[[], bool] = lambda: False) -> list[Heard]:
        """One stretch of audio (``offset`` seconds into the clip) in one language ("": the model's choice), in clip
        seconds: the one place Whisper is called."""
        if not len(audio):
            return []
        duration = len(self.context.audio) / AUDIO_RATE if self.context.audio is not None else 0.0
        # the vocabulary's names are listened for again where they may have been misheard (speech_vocabulary)
        model = listening_for(self.context.options.vocabulary, self.context.models.whisper(self._model_name(language)))
        generator, info = model.transcribe(
            audio,
            language=language or None,
            beam_size=self.options.beam_size,
            word_timestamps=True,
            # Whisper hears the whole clip: cutting it to the VAD's voiced ranges (vad_filter or
            # clip_timestamps) made the small models mishear first words on our measurements.
            vad_filter=False,
            hallucination_silence_threshold=self.options.hallucination_silence_s,
            condition_on_previous_text=False,  # a take is not a continuation of the previous take
            initial_prompt=_verbatim_prompt(language) if self.context.options.verbatim else None,
        )
        heard = []
        for segment in generator:
            if self.context.cancelled() or stop():
                break
            self.context.progress(min(1.0, (offset + segment.end) / max(duration, 1e-6)))
            if not segment.text.strip():
                continue
            heard.append(Heard(
                start=offset + segment.start, end=offset + segment.end, text=segment.text.strip(),
                words=tuple(pb.Word(start=offset + w.start, end=offset + w.end, word=w.word, probability=w.probability)
                            for w in segment.words or []),
                avg_logprob=segment.avg_logprob, no_speech_prob=segment.no_speech_prob,
                compression_ratio=segment.compression_ratio, language=language or info.language,
            ))
        return heard

    # -- results -----------------------------------------------------------------------------------------------

    def _untranscribed_note(self, runs: list[LanguageRun]) -> pb.Error | None:
        if not runs:
            return None
        model = self._model_name(runs[0].language)
        where = ", ".join(f"{r.start:.1f}–{r.end:.1f} s in {r.language}" for r in runs)
        return pb.Error(code="speech_language", message=(
            f"Speech not transcribed ({where}): the speech model {model} writes English only, and would have "
            f"invented English words. Leave the speech model unset (derush picks one per language) or choose "
            f"{MULTILINGUAL_SPEECH_MODEL}."))

    def _tag_languages(self, result: pb.ClipAnalysis, runs: list[LanguageRun]) -> None:
        """The clip's languages as one value ("en, de"), and each part's language when there are several."""
        speech = result.speech
        languages = [language for language in clip_languages(runs) if language]
        result.tags.append(pb.Tag(name="Language", value=", ".join(languages),
                                  confidence=speech.language_probability, source=self.name))
        if len(languages) > 1:
            for run in runs:
                result.tags.append(pb.Tag(name="Language", value=run.language, confidence=run.probability,
                                          start=run.start, end=run.end, source=self.name))

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


def _voice_s(parts: list[Stretch]) -> float:
    return sum(p.voice_s for p in parts)


def _shifted(ranges: list[tuple[float, float]], offset: float) -> list[tuple[float, float]]:
    return [(s + offset, e + offset) for s, e in ranges]


def _poorly_heard(part: Stretch, heard: list[Heard], invented: list[invented_text.Dropped]) -> bool:
    """Voice with no words on it, words Whisper was unsure of, or text it invented (a loop): maybe a language its
    model does not speak. (Only stretches long enough to tell their language are asked: MIN_SURE_VOICE_S; a short
    line Whisper skips, 2.5 s on the bench clip, is not a change of language.)"""
    if any(d.start < part.end and d.end > part.start for d in invented):
        return True
    on = [w for h in heard for w in h.words if part.start - 0.2 <= w.start < part.end]
    if not on:
        return True
    return sum(w.probability for w in on) / len(on) < POORLY_HEARD_PROBABILITY


def _outside(segment: Heard, runs: list[LanguageRun]) -> Heard | None:
    """The segment's words outside ``runs`` (a segment may run across a change of language); None when none is."""
    def inside(word: pb.Word) -> bool:
        return any(r.start <= (word.start + word.end) / 2 < r.end for r in runs)

    if not segment.words:
        return None if inside(pb.Word(start=segment.start, end=segment.end)) else segment
    words = tuple(w for w in segment.words if not inside(w))
    if len(words) == len(segment.words):
        return segment
    if not words:
        return None
    return replace(segment, words=words, text="".join(w.word for w in words).strip(), start=words[0].start,
                   end=words[-1].end)


def _as_heard(run: LanguageRun, heard: list[Heard]) -> LanguageRun:
    """A run left to the model's choice takes the language Whisper reported for it."""
    language = next((h.language for h in heard if run.start <= h.start < run.end), "")
    return LanguageRun(run.start, run.end, language, run.probability, run.voice_s)


#: A transcript that hesitates makes Whisper write the hesitations it otherwise leaves out (OpenAI's prompting
#: guide); measured on espeak-ng takes: tiny.en wrote "um", "er" and "erm" with it, none without.
VERBATIM_PROMPTS = {
    "en": "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking. Uh, so, er, um.",
    "fr": "Euh, alors, ben, je pense que, hum... bon, euh, voilà, quoi. Euh, donc, bah.",
}


def _verbatim_prompt(language: str) -> str:
    return VERBATIM_PROMPTS.get((language or "en")[:2], VERBATIM_PROMPTS["en"])


def _speech_segments(heard: list[Heard], silences: list[pb.TimeRange]) -> list[pb.SpeechSegment]:
    """Checked segments as written in the result, their words' edges trimmed to the voice."""
    segments = []
    for segment in heard:
        words = [
            pb.Word(start=start, end=end, word=w.word.strip(), probability=w.probability)
            for w in segment.words
            for start, end in [_trim_to_voice(w.start, w.end, silences)]
        ]
        segments.append(pb.SpeechSegment(
            start=words[0].start if words else segment.start,
            end=words[-1].end if words else segment.end,
            text=segment.text.strip(),
            avg_logprob=segment.avg_logprob,
            no_speech_prob=segment.no_speech_prob,
            words=words,
            language=segment.language,
        ))
    return segments


def _trim_to_voice(start: float, end: float, silences: list[pb.TimeRange]) -> tuple[float, float]:
    """Whisper stretches words that border a silence into it; the VAD knows where the voice is. A word over a whole
    silence is the first word after a pause, started where the word before it ended (« action ! … Les »)."""
    for silence in silences:
        if start < silence.end < end:
            start = silence.end
        if start < silence.start < end <= silence.end:
            end = silence.start
    return start, end


def _marker_name(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gaps(ranges: list[tuple[float, float]], duration: float) -> list[tuple[float, float]]:
    edges = [0.0, *(t for r in ranges for t in r), duration]
    return [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a > 1e-3]
