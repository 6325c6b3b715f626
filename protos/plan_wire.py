"""Edit plan <-> derush.v1.CutProposal, so the client rebuilds the very plan the server made."""

from __future__ import annotations

from fractions import Fraction

from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import Caption, Crop, EditEvent, EditPlan, PlanMarker, SourceClip
from protos.interchange.otio import to_otio_json
from protos.reasons import ReasonPart


def _event_to_proto(event: EditEvent) -> pb.EditEvent:
    clip = event.clip
    return pb.EditEvent(
        media_id=clip.media_id, path=clip.path, source_in=event.source_in, source_out=event.source_out,
        rate_num=clip.rate.numerator, rate_den=clip.rate.denominator, track=event.track,
        enabled=event.enabled, reason=event.reason, record_in=event.record_in, clip_frames=clip.frames,
        start_timecode=clip.start_timecode,
        crop=pb.Crop(x=event.crop.x, y=event.crop.y, width=event.crop.width, height=event.crop.height)
        if event.crop else None,
        reason_parts=[pb.ReasonPart(code=p.code, values=list(p.values)) for p in event.reason_parts],
    )


def _event_from_proto(event: pb.EditEvent) -> EditEvent:
    clip = SourceClip(media_id=event.media_id, path=event.path, rate=Fraction(event.rate_num, event.rate_den),
                      frames=event.clip_frames, start_timecode=event.start_timecode or "00:00:00:00")
    crop = Crop(event.crop.x, event.crop.y, event.crop.width, event.crop.height) if event.HasField("crop") else None
    return EditEvent(clip, event.source_in, event.source_out, event.reason, record_in=event.record_in,
                     track=event.track, enabled=event.enabled, crop=crop,
                     reason_parts=tuple(ReasonPart(p.code, tuple(p.values)) for p in event.reason_parts))


def plan_to_proposal(plan: EditPlan) -> pb.CutProposal:
    return pb.CutProposal(
        name=plan.name, rate_num=plan.rate.numerator, rate_den=plan.rate.denominator,
        events=[_event_to_proto(e) for e in plan.events],
        alternates=[_event_to_proto(e) for e in plan.alternates],
        markers=[pb.Marker(frame=m.frame, duration=m.duration, color=m.color, name=m.name, note=m.note,
                           custom_data=m.custom_data) for m in plan.markers],
        captions=[pb.Caption(record_in=c.record_in, record_out=c.record_out, text=c.text) for c in plan.captions],
        duration_s=plan.duration_s, uncovered_lines=plan.uncovered_lines, otio_json=to_otio_json(plan),
        notes=plan.notes,
        width=plan.frame_size[0] if plan.frame_size else 0, height=plan.frame_size[1] if plan.frame_size else 0,
    )


def plan_from_proposal(proposal: pb.CutProposal) -> EditPlan:
    return EditPlan(
        name=proposal.name,
        rate=Fraction(proposal.rate_num, proposal.rate_den),
        events=[_event_from_proto(e) for e in proposal.events],
        alternates=[_event_from_proto(e) for e in proposal.alternates],
        markers=[PlanMarker(m.frame, m.duration, m.color, m.name, m.note, m.custom_data) for m in proposal.markers],
        captions=[Caption(c.record_in, c.record_out, c.text) for c in proposal.captions],
        uncovered_lines=list(proposal.uncovered_lines),
        notes=list(proposal.notes),
        frame_size=(proposal.width, proposal.height) if proposal.width and proposal.height else None,
    )
