"""Search hits -> a selects timeline ("stringout"): each hit with handles, in the order given, and a marker on the
matched words. An edit plan, so that the Resolve writer and every file format build the same timeline."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import EditPlan, PlanMarker, SourceClip
from protos.resolve_vocabulary import custom_data
from protos.timecode import seconds_to_frame, seconds_to_frame_boundary
from resolve_plugin.search_hits import hit_rate

DEFAULT_HANDLES_S = 1.0
MARKER_COLOR = "Mint"
MARKER_CATEGORY = "selects"


def selects_plan(hits: list[pb.SearchHit], name: str, handles_s: float = DEFAULT_HANDLES_S) -> EditPlan:
    """A plan with one event per usable hit; hits on missing or rateless clips are left out with a note."""
    usable = [h for h in hits if not h.missing and hit_rate(h) and h.frames > 0]
    rates = Counter(hit_rate(h) for h in usable)
    plan = EditPlan(name=name, rate=rates.most_common(1)[0][0] if rates else Fraction(24))
    for hit in hits:
        if hit.missing:
            plan.notes.append(f"left out {hit.path} at {hit.start:.2f} s: the clip is not on disk any more")
        elif hit not in usable:
            plan.notes.append(f"left out {hit.path} at {hit.start:.2f} s: its frame rate is unknown")
    for hit in usable:
        rate = hit_rate(hit)
        first = seconds_to_frame(hit.start, rate)
        last = max(seconds_to_frame_boundary(hit.end, rate), first + 1)  # exclusive, at least one frame
        source_in = max(0, seconds_to_frame(hit.start - handles_s, rate))
        source_out = min(hit.frames, seconds_to_frame_boundary(hit.end + handles_s, rate))
        clip = SourceClip(hit.media_id, hit.path, rate, hit.frames, hit.start_timecode or "00:00:00:00")
        event = plan.append(clip, source_in, max(source_out, min(last, hit.frames)), f"\u201c{hit.text}\u201d")
        # the marker sits on the matched words, in timeline frames
        offset = plan.rate * Fraction(first - source_in) / rate
        length = max(1, int((last - first) * plan.rate / rate))
        plan.markers.append(PlanMarker(event.record_in + int(offset), length, MARKER_COLOR, hit.text,
                                       hit.context, custom_data(MARKER_CATEGORY)))
    return plan
