"""A camera that keeps rolling: several attempts in one clip, each a take of its own (analyses built by hand with
the pauses a set has; the same on real speech is in tests/integration/test_rolling_takes.py)."""

from __future__ import annotations

from inference_server.cut.attempts import split_attempts
from inference_server.cut.propose import propose_cut
from inference_server.cut.takes import lines_from_script, lines_from_similarity
from protos.derush.v1 import derush_pb2 as pb

LINE = "The lighthouse keeps watch over the coast every night."
FLUBBED = "The lighthouse the lighthouse keeps uh watch over the coast"
SHORT = "The lighthouse keeps"


def _rolling(path: str, *utterances: tuple[str, float]) -> pb.ClipAnalysis:
    """A clip of utterances, each followed by the pause given (seconds); words 0.3 s with 0.1 s between."""
    words, segments, t = [], [], 1.0
    for text, pause in utterances:
        start = t
        said = []
        for token in text.split():
            said.append(pb.Word(start=t, end=t + 0.3, word=token, probability=0.9))
            t += 0.4
        segments.append(pb.SpeechSegment(start=start, end=t - 0.1, text=text, words=said))
        words += said
        t += pause
    analysis = pb.ClipAnalysis(path=path, duration_s=t + 1, fps=24, fps_num=24, fps_den=1,
                               frames=int((t + 1) * 24), media_id=path)
    analysis.speech.segments.extend(segments)
    analysis.speech.language = "en"
    voiced = [(s.start, s.end) for s in segments]
    analysis.speech.voiced.extend(pb.TimeRange(start=a, end=b) for a, b in voiced)
    edges = [0.0, *(x for v in voiced for x in v), analysis.duration_s]
    analysis.speech.silences.extend(pb.TimeRange(start=a, end=b) for a, b in zip(edges[::2], edges[1::2]))
    return analysis


def _three_attempts(path: str = "A001_C001.mov") -> pb.ClipAnalysis:
    return _rolling(path, ("and action", 0.8), (FLUBBED, 1.5), ("cut", 1.0), ("again", 1.2), (SHORT, 1.4),
                    (LINE, 1.0), ("cut", 0.5))


def _texts(analysis: pb.ClipAnalysis) -> list[str]:
    clip_words = [w for s in analysis.speech.segments for w in s.words]
    return [" ".join(clip_words[k].word for k in attempt) for attempt in split_attempts(clip_words, "en")]


def test_calls_and_restarts_from_the_top_separate_attempts():
    assert _texts(_three_attempts()) == [FLUBBED, SHORT, LINE]
    # a restart from the top after a pause, with no call between, is a new attempt too
    restarted = _rolling("B.mov", (SHORT, 1.2), (LINE, 1.0))
    assert _texts(restarted) == [SHORT, LINE]


def test_a_line_that_ends_in_again_or_holds_cut_is_one_attempt():
    said = _rolling("C.mov", ("We will meet again", 0.2), ("Make the final cut of the film", 1.0))
    assert _texts(said) == ["We will meet again Make the final cut of the film"]
    # a pause between sentences that do not restart is not a new attempt
    assert len(_texts(_rolling("D.mov", ("The tide comes in.", 1.5), ("Fishermen leave before dawn.", 1.0)))) == 1


def test_with_a_script_each_attempt_is_a_take_and_the_clean_one_is_cut():
    analysis = _three_attempts()
    takes = lines_from_script([analysis], [LINE])[0].takes
    # the flubbed attempt (aligned from its last "the") and the clean one; the short one holds too little of the line
    assert len(takes) == 2 and FLUBBED.endswith(takes[0].text) and takes[1].text == LINE
    plan = propose_cut([analysis], pb.CutOptions(script_text=LINE, pace=pb.PACE_LOOSE))
    assert len(plan.events) == 1
    clean = takes[1]
    event = plan.events[0]
    start, end = event.source_in / 24, event.source_out / 24
    # the clean attempt with its handles, and nothing of the attempt or the call around it
    assert start <= clean.start and end >= clean.end - 1 / 24
    assert start >= takes[0].end and end <= clean.room[1] + 1 / 24
    assert "take 2 of 2" in event.reason


def test_without_a_script_the_attempts_are_takes_of_one_line():
    lines = lines_from_similarity([_three_attempts()])
    assert [[t.text for t in line.takes] for line in lines] == [[FLUBBED, SHORT, LINE]]
    plan = propose_cut([_three_attempts()], pb.CutOptions())
    assert len(plan.events) == 1 and plan.events[0].source_in / 24 > lines[0].takes[1].end


def test_twenty_attempts_at_one_line_still_find_the_clean_one():
    attempts = []
    for n in range(19):
        attempts += [(FLUBBED if n % 2 else SHORT, 1.2), ("cut", 1.0), ("again", 1.0)]
    analysis = _rolling("E.mov", *attempts, (LINE, 1.0))
    takes = lines_from_script([analysis], [LINE])[0].takes
    assert len(takes) == 10  # the nine flubs and the clean one; the short ones cover too little
    plan = propose_cut([analysis], pb.CutOptions(script_text=LINE))
    assert len(plan.events) == 1 and plan.events[0].source_in / 24 > takes[-2].end


def _words_inside(pieces, words) -> bool:
    return all(any(p.start <= w.start and w.end <= p.end for p in pieces) for w in words)


def test_remove_fillers_cuts_each_filler_between_words_and_keeps_every_word_whole():
    from inference_server.cut.pieces import take_pieces

    said = "The keeper um climbs the stairs uh every evening"
    analysis = _rolling("F.mov", (said, 1.0))
    take = lines_from_script([analysis], ["The keeper climbs the stairs every evening."])[0].takes[0]
    kept = take_pieces(take, 0.25, remove_fillers=True)
    assert [p.removed for p in kept] == ["", "\u201cum\u201d", "\u201cuh\u201d"]
    words = [w for w in take.words if w.word not in ("um", "uh")]
    fillers = [w for w in take.words if w.word in ("um", "uh")]
    assert _words_inside(kept, words)  # no word loses its start or its end
    assert not any(p.start < f.end and f.start < p.end for p in kept for f in fillers)
    assert len(take_pieces(take, 0.25)) == 1  # off by default
    plan = propose_cut([analysis], pb.CutOptions(script_text="The keeper climbs the stairs every evening.",
                                                 remove_fillers=True))
    assert len(plan.events) == 3 and len({e.clip.path for e in plan.events}) == 1
    assert "cutting out \u201cum\u201d" in plan.events[1].reason


def test_strict_cuts_an_aside_out_of_the_take_and_loose_keeps_it_and_says_so():
    line = "The keeper climbs the stairs every evening."
    analysis = _rolling("G.mov", ("The keeper you know what I mean climbs the stairs every evening", 1.0))
    strict = propose_cut([analysis], pb.CutOptions(script_text=line, script_mode=pb.SCRIPT_MODE_STRICT))
    loose = propose_cut([analysis], pb.CutOptions(script_text=line))
    assert len(loose.events) == 1 and "unscripted aside" in loose.events[0].reason
    assert len(strict.events) == 2 and "unscripted aside \u201cyou know what I mean\u201d" in strict.events[1].reason


def test_loose_keeps_an_ad_lib_between_two_lines_of_one_take_and_strict_does_not():
    script = "The keeper climbs the stairs.\nHe lights the lamp at dusk."
    analysis = _rolling("H.mov", ("The keeper climbs the stairs", 0.6), ("all ninety nine of them", 0.6),
                        ("He lights the lamp at dusk", 1.0))
    loose = propose_cut([analysis], pb.CutOptions(script_text=script))
    strict = propose_cut([analysis], pb.CutOptions(script_text=script, script_mode=pb.SCRIPT_MODE_STRICT))
    assert len(strict.events) == 2
    assert len(loose.events) == 3 and loose.events[1].reason.startswith("unscripted, between lines 1 and 2")
    assert "all ninety nine of them" in loose.events[1].reason
