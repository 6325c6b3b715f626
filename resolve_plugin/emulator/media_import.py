"""Media files into media-pool clips, through the project's own prober (``protos.media_probe``).

A file the prober refuses (missing, empty, not media, truncated: ``DerushError``) is skipped the way Resolve
skips it: no exception, the clip is simply not in the returned list. Imports land in the media pool's current
folder (§13.8).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from protos.errors import DerushError
from protos.media_probe import MediaInfo, probe
from protos.timecode import seconds_to_frame_boundary, timecode_to_frames
from resolve_plugin.emulator.model import ClipModel, FolderModel, ProjectModel
from resolve_plugin.emulator.project_settings import rate_of
from resolve_plugin.emulator.properties import SETTABLE, STILL_SUFFIXES, static_properties

log = logging.getLogger(__name__)

# Resolve's default "Standard still duration" (Preferences > Editing) is 5 seconds.
STILL_SECONDS = 5


@dataclass(frozen=True)
class Request:
    """One thing to import: a file, a part of one (startFrame/endFrame), or an image sequence."""

    path: Path
    start: int | None = None
    end: int | None = None  # exclusive
    sequence: tuple[int, int] | None = None  # StartIndex, EndIndex (inclusive) of a printf-style FilePath


def expand(paths: list[str]) -> list[Request]:
    """Paths as requests; a folder stands for the media files directly inside it [choice: not recursive]."""
    requests: list[Request] = []
    for text in paths:
        path = Path(text).expanduser()
        if path.is_dir():
            requests += [Request(p) for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")]
        else:
            requests.append(Request(path))
    return requests


def import_requests(project: ProjectModel, folder: FolderModel, requests: list[Request]) -> list[ClipModel]:
    clips: list[ClipModel] = []
    for request in requests:
        if request.start is None and request.sequence is None and _already_in(folder, request.path):
            # Importing a file its bin already holds adds nothing [unverified; Resolve does not duplicate].
            log.info("skipped %s: already in bin %s", request.path, folder.name)
            continue
        clip = _clip(project, folder, request)
        if clip is not None:
            folder.clips.append(clip)
            clips.append(clip)
    return clips


def probe_or_none(path: Path) -> MediaInfo | None:
    try:
        return probe(path)
    except (DerushError, OSError) as exc:
        log.info("skipped %s: %s", path, exc)
        return None


def _already_in(folder: FolderModel, path: Path) -> bool:
    return any(c.alive and c.path == path and c.first_frame == 0 and not c.image_sequence for c in folder.clips)


def _clip(project: ProjectModel, folder: FolderModel, request: Request) -> ClipModel | None:
    if request.sequence is not None:
        return _sequence(project, folder, request)
    info = probe_or_none(request.path)
    if info is None:
        return None
    clip = ClipModel(name=request.path.name, folder=folder, path=request.path)
    describe(clip, info, project)
    if request.start is not None:
        start, end = request.start, request.end if request.end is not None else clip.frames
        # itemInfo startFrame/endFrame: end exclusive, as AppendToTimeline's (§8) [unverified for subclips].
        if not 0 <= start < end <= clip.frames:
            log.info("skipped %s: frames %s-%s outside the clip's %d", request.path, start, end, clip.frames)
            return None
        clip.first_frame, clip.frames = start, end - start
    return clip


def describe(clip: ClipModel, info: MediaInfo, project: ProjectModel) -> None:
    """Fill a clip's technical fields from a probe (import, ReplaceClip, RelinkClips)."""
    project_rate, _ = rate_of(project.settings)
    clip.info, clip.path = info, info.path
    clip.has_video, clip.has_audio = info.has_video, info.has_audio
    if info.has_video and info.path.suffix.lower() in STILL_SUFFIXES:
        clip.rate, clip.frames = project_rate, STILL_SECONDS * round(project_rate)
    elif info.has_video:
        clip.rate, clip.frames = info.rate, info.frames
    else:
        # Audio carries no frame rate: the clip keeps the project's rate at import (LIM WAV note, §6).
        clip.rate, clip.frames = project_rate, seconds_to_frame_boundary(info.duration_s, project_rate)
    clip.start_tc, clip.drop = info.start_timecode, ";" in info.start_timecode
    try:
        clip.tc_start = timecode_to_frames(info.start_timecode, clip.rate)
    except ValueError:
        clip.tc_start = 0
    clip.media_id = project.media_id_for(info.path)
    clip.online = True
    kept = {k: v for k, v in clip.properties.items() if k in SETTABLE or k == "Date Added"}
    clip.properties = {**static_properties(clip, datetime.now()), **kept}  # a replaced file keeps user settings


_PRINTF = re.compile(r"%0?(\d*)d")


def _sequence(project: ProjectModel, folder: FolderModel, request: Request) -> ClipModel | None:
    first, last = request.sequence
    pattern = str(request.path)
    if not _PRINTF.search(pattern) or last < first:
        return None
    files = [Path(pattern % index) for index in range(first, last + 1)]
    if not all(f.is_file() for f in files):
        log.info("skipped image sequence %s: frames missing", pattern)
        return None
    info = probe_or_none(files[0])
    if info is None or not info.has_video:
        return None
    width = _PRINTF.search(pattern).group(1) or "0"
    label = _PRINTF.sub(f"[{first:0{width}d}-{last:0{width}d}]", request.path.name)
    clip = ClipModel(name=label, folder=folder, path=request.path.parent / label, image_sequence=True)
    describe(clip, info, project)
    rate, _ = rate_of(project.settings)
    clip.path, clip.rate, clip.frames = request.path.parent / label, rate, len(files)
    clip.tc_start = timecode_to_frames(clip.start_tc, rate) if clip.start_tc else 0
    clip.media_id = project.media_id_for(clip.path)
    return clip
