"""Synthetic speech with libespeak-ng (shipped by the ``espeakng-loader`` wheel: no system package).

Word timings come from espeak's own word events, so a fixture knows where each word was placed.
libespeak-ng keeps global state, so every call goes through one lock.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import numpy as np

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_PARAM_RATE = 1
_PARAM_PITCH = 3


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),  # 1-based character offset of the word
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # milliseconds from the start of the text
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class SpokenWord:
    word: str
    start: float  # seconds from the start of the utterance
    end: float


@dataclass(frozen=True)
class Utterance:
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int
    words: tuple[SpokenWord, ...]

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


class _Espeak:
    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.POINTER(ctypes.c_uint), ctypes.c_void_p,
        ]
        data_path = espeakng_loader.get_data_path().encode()
        self.sample_rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, 0)
        if self.sample_rate <= 0:
            raise RuntimeError(f"libespeak-ng failed to initialise with its data at {data_path.decode()}")
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[int, int, int]] = []
        self._callback = _Callback(self._on_synth)  # kept referenced: ctypes frees it otherwise
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav, count, events) -> int:
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            event = events[i]
            if event.type == _EVENT_WORD:
                self._events.append((event.text_position, event.length, event.audio_position))
            i += 1
        return 0

    def speak(self, text: str, voice: str, rate_wpm: int, pitch: int) -> Utterance:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        self.lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
        self.lib.espeak_SetParameter(_PARAM_PITCH, pitch, 0)
        self._chunks, self._events = [], []
        encoded = text.encode("utf-8") + b"\0"
        buffer = ctypes.create_string_buffer(encoded)
        self.lib.espeak_Synth(buffer, len(encoded), 0, 0, 0, _CHARS_UTF8, None, None)
        pcm = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        samples = pcm.astype(np.float32) / 32768.0
        return Utterance(samples, self.sample_rate, self._words(text, samples))

    def _words(self, text: str, samples: np.ndarray) -> tuple[SpokenWord, ...]:
        encoded = text.encode("utf-8")
        starts = [(pos, length, ms / 1000.0) for pos, length, ms in self._events]
        total = len(samples) / self.sample_rate
        words = []
        for n, (pos, length, start) in enumerate(starts):
            word = encoded[pos - 1 : pos - 1 + length].decode("utf-8", "replace")
            next_start = starts[n + 1][2] if n + 1 < len(starts) else total
            words.append(SpokenWord(word, start, _voiced_end(samples, self.sample_rate, start, next_start)))
        return tuple(words)


def _voiced_end(samples: np.ndarray, rate: int, start: float, limit: float) -> float:
    """The end of sound before ``limit``: espeak reports word starts only."""
    window = samples[int(start * rate) : int(limit * rate)]
    loud = np.flatnonzero(np.abs(window) > 0.02)
    return float(start + (loud[-1] + 1) / rate) if len(loud) else limit


_engine: _Espeak | None = None
_lock = threading.Lock()


def speak(text: str, voice: str = "en-us", rate_wpm: int = 160, pitch: int = 50) -> Utterance:
    """Synthesise ``text``; ``voice`` is an espeak-ng voice name ("en-us", "fr", "en-us+f3", ...)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = _Espeak()
        return _engine.speak(text, voice, rate_wpm, pitch)
