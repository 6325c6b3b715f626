"""The JSON files ``derush analyze --json`` and ``derush cut --json`` write (documented in the README).

The keys listed in the README are a contract: others may be added, those may not change.
"""

from __future__ import annotations

from fractions import Fraction

from protos.derush.v1 import derush_pb2 as pb


def clip_json(path: str, analysis: pb.ClipAnalysis | None, error: pb.Error | None) -> dict:
    if analysis is None:
        return {
            "path": path, "media_id": None, "duration_s": None, "fps": None, "frames": None,
            "speech": {"language": None, "segments": []}, "shots": [], "tags": [], "markers": [],
            "error": {"code": error.code, "message": error.message} if error else None,
        }
    speech = analysis.speech
    return {
        "path": path,
        "media_id": analysis.media_id,
        "duration_s": analysis.duration_s,
        "fps": analysis.fps,
        "frames": analysis.frames,
        "speech": {
            "language": speech.language or None,
            "segments": [
                {
                    "start": s.start, "end": s.end, "text": s.text, "speaker": s.speaker or None,
                    "language": s.language or None,  # a clip may change language
                    "words": [{"start": w.start, "end": w.end, "word": w.word, "probability": w.probability}
                              for w in s.words],
                }
                for s in speech.segments
            ],
            "voiced": [[r.start, r.end] for r in speech.voiced],
            "silences": [[r.start, r.end] for r in speech.silences],
            "turns": [{"start": t.start, "end": t.end, "speaker": t.speaker} for t in speech.turns],
            "model": speech.model,
            "vocabulary": list(speech.vocabulary),  # the names the transcript was made expecting
        },
        "speakers": [{"label": s.label, "method": s.method, "channel": s.channel or None, "seconds": s.seconds}
                     for s in analysis.speakers],
        "shots": [{"start": s.start, "end": s.end, "start_frame": s.start_frame, "end_frame": s.end_frame}
                  for s in analysis.shots],
        "tags": [{"name": t.name, "value": t.value, "confidence": t.confidence, "start": t.start, "end": t.end}
                 for t in analysis.tags],
        "markers": [{"frame": m.frame, "duration": m.duration, "color": m.color, "name": m.name, "note": m.note}
                    for m in analysis.markers],
        "error": None,
        "rate": f"{analysis.fps_num}/{analysis.fps_den}",
        "start_timecode": analysis.start_timecode,
        "width": analysis.width,
        "height": analysis.height,
        "audio_channels": analysis.audio_channels,
        "analyzer_errors": [{"analyzer": e.analyzer, "code": e.error.code, "message": e.error.message}
                            for e in analysis.analyzer_errors],
    }


def _event_json(event: pb.EditEvent) -> dict:
    return {
        "clip": event.path, "media_id": event.media_id, "source_in": event.source_in,
        "source_out": event.source_out, "track": event.track, "enabled": event.enabled, "reason": event.reason,
        "rate": f"{event.rate_num}/{event.rate_den}", "record_in": event.record_in,
        "duration_s": float(Fraction(event.source_out - event.source_in) * Fraction(event.rate_den, event.rate_num)),
        "start_timecode": event.start_timecode or "00:00:00:00",
        # reframed: the part of the source picture shown, in source pixels (left out when not reframed)
        **({"crop": {"x": event.crop.x, "y": event.crop.y, "width": event.crop.width, "height": event.crop.height}}
           if event.HasField("crop") else {}),
    }


def cut_json(proposal: pb.CutProposal) -> dict:
    return {
        "name": proposal.name,
        "rate": f"{proposal.rate_num}/{proposal.rate_den}",
        "events": [_event_json(e) for e in proposal.events],
        "alternates": [_event_json(e) for e in proposal.alternates],
        "duration_s": proposal.duration_s,
        "uncovered_lines": list(proposal.uncovered_lines),
        "notes": list(proposal.notes),
        # what the cut was made from: `derush learn` finds the same lines and takes again
        "source_media_ids": list(proposal.source_media_ids),
        "script_text": proposal.script_text,
        "project": proposal.project or None,
        # a reframed cut (--aspect): the timeline's frame size
        **({"width": proposal.width, "height": proposal.height} if proposal.width else {}),
    }
