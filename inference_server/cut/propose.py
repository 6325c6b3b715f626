"""Propose a rough cut from stored analyses: one take per line, dead air trimmed, to a target duration.

1. Takes: lines from the script (aligned over words) or from transcript similarity (``takes``).
2. Each take scored on named features (``scoring``); the best is the event, the runners-up its alternates.
3. The event is the take's speech with handles set by the pace; silences inside it longer than two handles
   are cut out. Clips without speech are used by shots (b-roll).
4. Lines in script order, else by scene/take, then source timecode; the lowest-value lines are dropped
   first until the target duration is met.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import replace
from fractions import Fraction

from inference_server.cut.characters import cast, favour_character, favoured_characters
from inference_server.cut.fit import fit_lines
from inference_server.cut.pieces import sentences, take_pieces
from inference_server.cut.preferences import Preferences
from inference_server.cut.reframe import crop_for, frame_size
from inference_server.cut.scoring import TakeScore, score
from inference_server.cut.script import parse_script_lines, words
from inference_server.cut.takes import Line, Take, lines_from_script, lines_from_similarity, source_order, words_between
from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import Caption, EditEvent, EditPlan, PlanMarker, SourceClip
from protos.errors import InvalidRequest
from protos.media_files import file_stem
from protos.reasons import ReasonPart, english, joined, part
from protos.timecode import seconds_to_frame, seconds_to_frame_boundary

log = logging.getLogger(__name__)

#: Silence kept before and after speech, in seconds, per pace.
HANDLES_S = {pb.PACE_TIGHT: 0.1, pb.PACE_NORMAL: 0.25, pb.PACE_UNSPECIFIED: 0.25, pb.PACE_LOOSE: 0.6}
TARGET_TOLERANCE = 0.05
MIN_BROLL_SHOT_S = 1.0


def source_clip(analysis: pb.ClipAnalysis) -> SourceClip:
    if not analysis.fps_num:
        raise InvalidRequest(f"{analysis.path} has no video: a rough cut needs picture.")
    return SourceClip(
        media_id=analysis.media_id, path=analysis.path, rate=Fraction(analysis.fps_num, analysis.fps_den),
        frames=analysis.frames, start_timecode=analysis.start_timecode or "00:00:00:00",
    )


def usable_clips(analyses: list[pb.ClipAnalysis]) -> list[pb.ClipAnalysis]:
    return [a for a in analyses if a.fps_num and a.frames > 1]


def find_lines(usable: list[pb.ClipAnalysis], options: pb.CutOptions) -> tuple[list[Line], list[str]]:
    """The lines and their takes (the same for the cut and for learning from the editor's cut), and the script."""
    script_lines = parse_script_lines(options.script_text) if options.script_text.strip() else []
    script = [text for text, _ in script_lines]
    if not script:
        return lines_from_similarity(usable), script
    lines = lines_from_script(usable, script)
    for line, (_, character) in zip(lines, script_lines):
        line.character = character
    return lines, script


def propose_cut(analyses: list[pb.ClipAnalysis], options: pb.CutOptions,
                preferences: Preferences | None = None) -> EditPlan:
    """``preferences``: a project's learned take preferences; None ranks takes by the default weights."""
    usable = usable_clips(analyses)
    if not usable:
        raise InvalidRequest("None of these clips has video to cut. Analyse video clips first.")
    handle = HANDLES_S[options.pace]
    if options.pace == pb.PACE_UNSPECIFIED and preferences is not None and preferences.handle_s is not None:
        # no pace asked for: the room this project's editors trim to
        handle = preferences.handle_s
    lines, script = find_lines(usable, options)
    plan = EditPlan(name=options.timeline_name or f"{file_stem(min(usable, key=source_order).path)} derush cut",
                    rate=_timeline_rate(usable))
    plan.notes += [f"{a.path}: skipped, no video." for a in analyses if a not in usable]

    chosen: list[tuple[Line, list[TakeScore]]] = []
    learned: dict[int, str] = {}  # id(line) -> why the learned preference chose its take
    for line in lines:
        if not line.takes:
            plan.uncovered_lines.append(line.text)
            continue
        ranked = sorted((score(t, list(options.favour)) for t in line.takes), key=lambda s: s.value, reverse=True)
        if preferences is not None:
            ranked, learned[id(line)] = preferences.rerank(ranked)
        chosen.append((line, ranked))
    if script and not chosen:
        plan.notes.append("No clip matches any line of the script: is it the script of these rushes?")
    favoured: dict[int, str] = {}  # id(take) -> why it is favoured for a character
    for name in favoured_characters(list(options.favour)):
        chosen, why = favour_character(chosen, name)
        favoured.update({id(r.take): why for _, ranked in chosen for r in ranked if r.favoured and why})
    playing = cast([line for line, _ in chosen])
    for path in sorted({path for path, _ in playing}):
        who = ", ".join(f"{speaker} = {c}" for (p, speaker), c in sorted(playing.items()) if p == path)
        plan.notes.append(f"Speakers as characters in {file_stem(path)}: {who}")
    chosen = _fit_target(plan, chosen, options, handle)
    previous = None
    for line, ranked in chosen:
        if previous is not None and options.script_mode != pb.SCRIPT_MODE_STRICT:
            _place_aside(plan, previous, ranked[0].take, handle)
        _place(plan, line, ranked, handle, options,
               "; ".join(w for w in (learned.get(id(line), ""), favoured.get(id(ranked[0].take), "")) if w))
        previous = ranked[0].take
    if not chosen and not any(a.speech.segments for a in usable):
        _broll(plan, usable, handle)
    if options.aspect_width > 0 and options.aspect_height > 0:
        _reframe(plan, usable, Fraction(options.aspect_width, options.aspect_height))
    for event in plan.events:
        plan.markers.append(PlanMarker(event.record_in, 1, "Blue", "derush", event.reason, "derush:cut"))
    return plan


def _timeline_rate(analyses: list[pb.ClipAnalysis]) -> Fraction:
    """The rate most clips share (a cut of mixed rates conforms the others to it)."""
    rates = Counter(Fraction(a.fps_num, a.fps_den) for a in analyses)
    return rates.most_common(1)[0][0]


def _pieces(take: Take, handle: float, options: pb.CutOptions):
    return take_pieces(take, handle, options.remove_fillers, options.script_mode == pb.SCRIPT_MODE_STRICT)


def _seconds(take: Take, handle: float, options: pb.CutOptions) -> float:
    return sum(p.end - p.start for p in _pieces(take, handle, options))


def _fit_target(plan: EditPlan, chosen, options: pb.CutOptions, handle: float):
    """Whole lines to the target; when whole lines cannot land within the tolerance (a short social cut of long
    takes), whole sentences of them."""
    target = options.target_duration_s
    if target <= 0:
        return chosen
    kept, total, left_out = _fit_units(chosen, options, handle)
    if abs(total - target) > target * TARGET_TOLERANCE and any(len(sentences(r[0].take)) > 1 for _, r in chosen):
        units = [(line, [replace(ranked[0], take=part), *ranked[1:]])
                 for line, ranked in chosen for part in sentences(ranked[0].take)]
        by_sentence, sentence_total, sentences_out = _fit_units(units, options, handle)
        if abs(sentence_total - target) < abs(total - target):
            kept, total, left_out = _joined(by_sentence), sentence_total, sentences_out
    plan.notes += [f"Left out to meet {target:.0f} s: \u201c{text}\u201d (value {value:.2f}, {seconds:.1f} s)."
                   for text, value, seconds in left_out]
    if total > target * (1 + TARGET_TOLERANCE):
        plan.notes.append(f"The target of {target:.1f} s is shorter than the shortest line ({total:.1f} s): "
                          "kept that line whole.")
    return kept


def _fit_units(units, options: pb.CutOptions, handle: float):
    """The units (line, ranked) kept to the target, their total seconds, and (text, value, seconds) left out."""
    durations = [_seconds(ranked[0].take, handle, options) for _, ranked in units]
    keep = set(fit_lines(durations, [ranked[0].value for _, ranked in units], options.target_duration_s,
                         TARGET_TOLERANCE))
    left_out = [(ranked[0].take.text if len(units) and ranked[0].take.words else line.text, ranked[0].value,
                 durations[i]) for i, (line, ranked) in enumerate(units) if i not in keep]
    return [u for i, u in enumerate(units) if i in keep], sum(durations[i] for i in keep), left_out


def _joined(units):
    """Consecutive kept sentences of one take put back together: one event for what was said in one go."""
    joined = []
    for line, ranked in units:
        take = ranked[0].take
        if joined and joined[-1][0] is line and joined[-1][1][0].take.words[-1] is _word_before(take):
            last_line, last_ranked = joined.pop()
            merged = replace(last_ranked[0].take, words=last_ranked[0].take.words + take.words,
                             room=(last_ranked[0].take.room or (0.0, 0.0))[:1] + (take.room or (0.0, 0.0))[1:])
            joined.append((line, [replace(last_ranked[0], take=merged), *last_ranked[1:]]))
        else:
            joined.append((line, ranked))
    return joined


def _word_before(take: Take):
    words = take.attempt_words or [w for s in take.analysis.speech.segments for w in s.words]
    first = take.words[0]
    for k, word in enumerate(words):
        if word is first:
            return words[k - 1] if k else None
    return None


def _place(plan: EditPlan, line: Line, ranked: list[TakeScore], handle: float, options: pb.CutOptions,
           learned: str = "") -> None:
    best = ranked[0]
    clip = source_clip(best.take.analysis)
    shot_order = sorted((r.take for r in ranked), key=lambda t: (source_order(t.analysis), t.start))

    def label(entry: TakeScore) -> list[ReasonPart]:  # "take 2 of 3 (A001_C004): complete, ...": its place in the shoot
        place = part("take", shot_order.index(entry.take) + 1, len(ranked), file_stem(entry.take.analysis.path))
        return [place, part(":"), *entry.describe_parts()]

    # the reason in parts (protos/reasons.py): the panel says it in its language; ``reason`` is their English
    parts = [part("line", best.take.line + 1), *([part("character", line.character)] if line.character else []),
             part(","), *label(best), *([part(";"), part("learned", learned)] if learned else [])]
    if len(ranked) > 1:
        parts += [part("."), part("over"), *joined((label(r) for r in ranked[1:]), ";")]
    first = None
    if best.take.unscripted and options.script_mode != pb.SCRIPT_MODE_STRICT:
        parts += [part(";"), part("unscripted_kept")]
    reason = english(parts)
    for piece in _pieces(best.take, handle, options):
        source_in = seconds_to_frame(piece.start, clip.rate)
        source_out = min(clip.frames - 1, seconds_to_frame_boundary(piece.end, clip.rate))
        if source_out <= source_in:
            continue
        removed = [part("removed", piece.removed)] if piece.removed and first else []
        event = plan.append(clip, source_in, source_out, reason + english(removed), tuple(parts + removed))
        first = first or event
        plan.captions.extend(_captions(plan, event, best.take.analysis))
    if first is None or len(ranked) < 2:
        return
    # The runner-up goes under the line on the disabled track, no longer than the line there, so that the
    # track holds one alternate per line without overlaps (the others are named in the reason).
    runner_up = ranked[1]
    alt_clip = source_clip(runner_up.take.analysis)
    pieces = [(p.start, p.end) for p in _pieces(runner_up.take, handle, options)]
    source_in = seconds_to_frame(pieces[0][0], alt_clip.rate)
    source_out = min(alt_clip.frames - 1, seconds_to_frame_boundary(pieces[-1][1], alt_clip.rate))
    room = plan.record_out(plan.events[-1]) - first.record_in  # timeline frames the line fills
    source_out = min(source_out, source_in + math.floor(room * alt_clip.rate / plan.rate))
    alternate = [part("alternate", runner_up.take.line + 1), part(","), *label(runner_up)]
    plan.add_alternate(first, alt_clip, source_in, source_out, english(alternate), tuple(alternate))


#: An ad-lib between two lines of the same take is kept (loose to the script) from this many words.
ASIDE_WORDS = 3


def _place_aside(plan: EditPlan, earlier: Take, later: Take, handle: float) -> None:
    """Loose to the script: what the speaker said between two lines of one take, kept between them, said so."""
    between = [w for w in words_between(earlier, later) if words(w.word, earlier.language)]
    tokens = [t for w in between for t in words(w.word, earlier.language)]
    scripted = set(earlier.expected) | set(later.expected)
    if len(between) < ASIDE_WORDS or all(t in earlier.lexicon.fillers for t in tokens) \
            or sum(t in scripted for t in tokens) >= len(tokens) / 2:
        return  # fillers, or the abandoned start of a line said again (a restart), not an ad-lib
    clip = source_clip(earlier.analysis)
    source_in = seconds_to_frame(max(earlier.end, between[0].start - handle), clip.rate)
    source_out = min(clip.frames - 1, seconds_to_frame_boundary(min(later.start, between[-1].end + handle), clip.rate))
    if source_out > source_in:
        aside = [part("aside", earlier.line + 1, later.line + 1, " ".join(w.word for w in between))]
        plan.append(clip, source_in, source_out, english(aside), tuple(aside))


def _reframe(plan: EditPlan, analyses: list[pb.ClipAnalysis], aspect: Fraction) -> None:
    """Every event cropped to ``aspect`` on the people in it; the timeline at the reframed size."""
    by_id = {a.media_id: a for a in analyses}
    sizes = Counter((a.width, a.height) for a in analyses if a.width and a.height)
    if not sizes:
        plan.notes.append("These clips have no picture size: the cut is not reframed.")
        return
    plan.frame_size = frame_size(*sizes.most_common(1)[0][0], aspect)
    for events in (plan.events, plan.alternates):
        for index, event in enumerate(events):
            rate = event.clip.rate
            framed = crop_for(by_id[event.clip.media_id], float(event.source_in / rate),
                              float(event.source_out / rate), aspect)
            events[index] = replace(event, crop=framed.crop, reason=f"{event.reason}; {framed.why}",
                                    reason_parts=(*event.reason_parts, part(";"), part("text", framed.why)))


def _broll(plan: EditPlan, analyses: list[pb.ClipAnalysis], handle: float) -> None:
    """No speech anywhere: each shot of at least a second, in source order."""
    plan.notes.append("No speech in these clips: cut by shots (b-roll).")
    for analysis in sorted(analyses, key=source_order):
        clip = source_clip(analysis)
        shots = analysis.shots or [pb.Shot(start=0.0, end=analysis.duration_s)]
        for number, shot in enumerate(shots, 1):
            if shot.end - shot.start < MIN_BROLL_SHOT_S + 2 * handle:
                continue
            source_in = seconds_to_frame(shot.start + handle, clip.rate)
            source_out = min(clip.frames - 1, seconds_to_frame_boundary(shot.end - handle, clip.rate))
            broll = [part("broll", number, file_stem(clip.path))]
            plan.append(clip, source_in, source_out, english(broll), tuple(broll))


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


