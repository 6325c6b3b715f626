"""Propose a cut from stored analyses.

First version (the spine): each clip's voiced ranges that hold words, dead air trimmed down to a
pace-dependent handle, in the order the clips were given; clips without speech are used whole. Take grouping,
scoring and script order build on this (see the rough-cut issue).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from inference_server.cut.plan import Caption, EditEvent, EditPlan, PlanMarker, SourceClip
from inference_server.errors import InvalidRequest
from inference_server.timecode import seconds_to_frame, seconds_to_frame_boundary
from protos.derush.v1 import derush_pb2 as pb

#: Silence kept before and after speech, in seconds, per pace.
HANDLES_S = {pb.PACE_TIGHT: 0.1, pb.PACE_NORMAL: 0.25, pb.PACE_UNSPECIFIED: 0.25, pb.PACE_LOOSE: 0.6}


@dataclass(frozen=True)
class _Range:
    start: float
    end: float
    text: str


def source_clip(analysis: pb.ClipAnalysis) -> SourceClip:
    if not analysis.fps_num:
        raise InvalidRequest(f"{analysis.path} has no video: a rough cut needs picture.")
    return SourceClip(
        media_id=analysis.media_id,
        path=analysis.path,
        rate=Fraction(analysis.fps_num, analysis.fps_den),
        frames=analysis.frames,
        start_timecode=analysis.start_timecode or "00:00:00:00",
    )


def propose_cut(analyses: list[pb.ClipAnalysis], options: pb.CutOptions) -> EditPlan:
    usable = [a for a in analyses if a.fps_num]
    if not usable:
        raise InvalidRequest("None of these clips has video to cut. Analyse video clips first.")
    handle = HANDLES_S[options.pace]
    name = options.timeline_name or f"{_stem(usable[0].path)} derush cut"
    plan = EditPlan(name=name, rate=Fraction(usable[0].fps_num, usable[0].fps_den))
    for analysis in analyses:
        if analysis not in usable:
            plan.notes.append(f"{analysis.path}: skipped, no video.")
            continue
        clip = source_clip(analysis)
        for piece in _speech_ranges(analysis, handle) or [_Range(0.0, analysis.duration_s, "")]:
            start = seconds_to_frame(piece.start, clip.rate)
            # never the clip's very last frame: Resolve's AppendToTimeline refuses an endFrame equal to
            # the clip's length (resolve_api.md §8), and every writer must show the same cut
            end = min(clip.frames - 1, seconds_to_frame_boundary(piece.end, clip.rate))
            if end <= start:
                continue
            reason = (f"speech: \u201c{piece.text}\u201d; dead air trimmed to {handle:.2f} s handles"
                      if piece.text else "no speech found: whole clip")
            event = plan.append(clip, start, end, reason)
            plan.captions.extend(_captions(plan, event, analysis))
    for event in plan.events:
        plan.markers.append(
            PlanMarker(frame=event.record_in, duration=1, color="Blue", name="derush", note=event.reason,
                       custom_data="derush:cut")
        )
    return plan


def _captions(plan: EditPlan, event: EditEvent, analysis: pb.ClipAnalysis) -> list[Caption]:
    """The event's transcript segments, clipped to the event and placed in record time."""
    rate = event.clip.rate
    source_start, source_end = event.source_in / rate, event.source_out / rate
    captions = []
    for segment in analysis.speech.segments:
        start, end = max(segment.start, source_start), min(segment.end, source_end)
        if end - start < 0.2:
            continue
        record_in = event.record_in + round((start - source_start) * plan.rate)
        record_out = event.record_in + round((end - source_start) * plan.rate)
        captions.append(Caption(record_in, min(record_out, plan.record_out(event)), segment.text))
    return captions


def _speech_ranges(analysis: pb.ClipAnalysis, handle: float) -> list[_Range]:
    """Voiced ranges that carry transcribed words, with handles; overlapping neighbours are joined.

    The VAD's ranges bound the speech (Whisper's segment ends run on into silence); the words say it
    is speech worth keeping and what was said.
    """
    words = [w for s in analysis.speech.segments for w in s.words]
    ranges: list[_Range] = []
    for voiced in analysis.speech.voiced:
        said = [w.word for w in words if voiced.start - 0.1 <= w.start < voiced.end]
        if not said:
            continue  # a breath, a door, a slate clap: voice-like but no words
        start = max(0.0, voiced.start - handle)
        end = min(analysis.duration_s, voiced.end + handle)
        text = " ".join(said)
        if ranges and start <= ranges[-1].end:
            last = ranges[-1]
            ranges[-1] = _Range(last.start, max(last.end, end), f"{last.text} {text}")
        else:
            ranges.append(_Range(start, end, text))
    return ranges


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]
