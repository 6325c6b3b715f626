"""Search requests and hits as plain values, shared by ``derush search``, ``derush selects`` and the panel."""

from __future__ import annotations

from fractions import Fraction

from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name
from protos.timecode import frames_to_timecode, seconds_to_frame, timecode_to_frames


def search_request(query: str, *, speaker: str = "", shot_type: str = "", language: str = "",
                   tags: list[str] | None = None, clip_glob: str = "", limit: int = 0,
                   seat_roots: list[str] | None = None) -> pb.SearchRequest:
    return pb.SearchRequest(query=query, speaker=speaker or "", shot_type=shot_type or "", language=language or "",
                            tags=tags or [], clip_glob=clip_glob or "", limit=limit or 0,
                            seat_roots=seat_roots or [])


def hit_rate(hit: pb.SearchHit) -> Fraction | None:
    return Fraction(hit.fps_num, hit.fps_den) if hit.fps_num and hit.fps_den else None


def hit_timecode(hit: pb.SearchHit) -> str:
    """The source timecode where the hit starts (the clip's start timecode plus its offset), or seconds."""
    rate = hit_rate(hit)
    if rate is None:
        return f"{hit.start:.2f} s"
    start = timecode_to_frames(hit.start_timecode, rate) if hit.start_timecode else 0
    return frames_to_timecode(start + seconds_to_frame(hit.start, rate), rate)


def hit_json(hit: pb.SearchHit) -> dict:
    return {"path": hit.path, "media_id": hit.media_id, "start": round(hit.start, 3), "end": round(hit.end, 3),
            "text": hit.text, "context": hit.context, "speaker": hit.speaker, "score": round(hit.score, 4),
            "kind": hit.kind, "field": hit.field, "timecode": hit_timecode(hit), "missing": hit.missing}


def response_json(query: str, response: pb.SearchResponse) -> dict:
    return {"query": query, "hits": [hit_json(h) for h in response.hits], "notes": list(response.notes),
            "indexed_clips": response.indexed_clips}


def hit_line(hit: pb.SearchHit) -> str:
    """One line a person reads: file, timecode, who, the words in context."""
    who = f"  {hit.speaker}" if hit.speaker else ""
    where = f"{hit.field}: " if hit.kind == "tag" else ""
    gone = "  [MISSING: not on disk any more]" if hit.missing else ""
    return f"{file_name(hit.path)}  {hit_timecode(hit)}  ({hit.start:.2f}-{hit.end:.2f} s){who}  {where}" \
           f"{hit.context}{gone}"
