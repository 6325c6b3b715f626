"""Fixtures for the Resolve emulator: a fresh Resolve per test, real generated media, and a check that the emulator
never failed internally (every internal error is turned into a failure value, so tests must look for them)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from resolve_plugin.emulator import controls, create_resolve


def _no_internal_errors(resolve) -> None:
    errors = controls(resolve).errors
    assert not errors, "emulator errors: " + "; ".join(f"{r} {r.error}" for r in errors)


@pytest.fixture()
def make_resolve():
    """Factory: ``make_resolve(edition=..., version=..., project_name=...)``; each is checked for internal errors."""
    made = []

    def make(**kwargs):
        kwargs.setdefault("project_name", "Emulator Test")
        resolve = create_resolve(**kwargs)
        made.append(resolve)
        return resolve

    yield make
    for resolve in made:
        _no_internal_errors(resolve)


@pytest.fixture()
def resolve(make_resolve):
    """Studio 21.1.1: the current build, without the 20.x bugs the reference lists."""
    return make_resolve(edition="studio", version=(21, 1, 1, 0))


@pytest.fixture()
def project(resolve):
    return resolve.GetProjectManager().GetCurrentProject()


@pytest.fixture()
def pool(project):
    return project.GetMediaPool()


@pytest.fixture()
def media(fixtures_dir, clips) -> dict[str, Path]:
    """File name -> path of the generated rushes (H.264 24 fps .mp4, ProRes 29.97 .mov)."""
    return {c.file: fixtures_dir / c.file for c in clips}


@pytest.fixture()
def truth_by_name(clips) -> dict:
    return {c.file: c for c in clips}


@pytest.fixture(scope="session")
def audio_file(tmp_path_factory) -> Path:
    """A 3.5 s mono 48 kHz WAV: an audio-only clip."""
    path = tmp_path_factory.mktemp("audio") / "room_tone.wav"
    samples = (np.sin(np.linspace(0, 440 * 2 * np.pi * 3.5, 48000 * 7 // 2)) * 8000).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(samples.tobytes())
    return path
