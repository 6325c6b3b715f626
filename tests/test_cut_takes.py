"""Takes and their scores from analyses built by hand: the grouping and scoring rules, one at a time.

The end-to-end behaviour on real media is in tests/integration/test_rough_cut.py; these pin each rule."""

from __future__ import annotations

from inference_server.cut.scoring import score
from inference_server.cut.takes import Take, lines_from_similarity, strip_calls
from protos.derush.v1 import derush_pb2 as pb


def _analysis(path: str, text: str, scene: str = "", shot: str = "", start: float = 1.0,
              tags: list[pb.Tag] | None = None) -> pb.ClipAnalysis:
    words, t = [], start
    for token in text.split():
        words.append(pb.Word(start=t, end=t + 0.3, word=token, probability=0.9))
        t += 0.4
    analysis = pb.ClipAnalysis(path=path, duration_s=t + 1, fps=24, fps_num=24, fps_den=1, frames=int((t + 1) * 24))
    analysis.speech.segments.append(pb.SpeechSegment(start=start, end=t, text=text, words=words))
    for name, value in (("Scene", scene), ("Shot", shot)):
        if value:
            analysis.tags.append(pb.Tag(name=name, value=value, source="slate"))
    analysis.tags.extend(tags or [])
    return analysis


def test_the_floors_calls_are_not_part_of_the_take():
    analysis = _analysis("a.mov", "rolling speed and action The tide comes in twice a day cut")
    kept = [w.word for w in strip_calls(list(analysis.speech.segments[0].words))]
    assert kept == "The tide comes in twice a day".split()
    # a line that merely ends in the word is left alone when something follows it
    analysis = _analysis("b.mov", "Make the final cut of the film")
    assert len(strip_calls(list(analysis.speech.segments[0].words))) == 7


def test_slates_group_takes_of_one_set_up_whatever_their_words():
    lines = lines_from_similarity([
        _analysis("A001.mov", "The tide comes in twice a day", scene="12", shot="A"),
        _analysis("A002.mov", "Completely different improvised words here", scene="12", shot="a"),
        _analysis("A003.mov", "The tide comes in twice a day", scene="14"),
    ])
    assert [[t.analysis.path for t in line.takes] for line in lines] == [["A001.mov", "A002.mov"], ["A003.mov"]]


def test_without_slates_the_transcript_groups_takes():
    lines = lines_from_similarity([
        _analysis("C1.mov", "The tide comes in twice a day"),
        _analysis("C2.mov", "The tide comes in twice a day I think"),
        _analysis("C3.mov", "Fishermen leave before dawn"),
    ])
    assert [len(line.takes) for line in lines] == [2, 1]


def _take(tags: list[pb.Tag]) -> Take:
    analysis = _analysis("x.mov", "The tide comes in twice a day", tags=tags)
    return Take(analysis, list(analysis.speech.segments[0].words))


def test_sound_and_picture_problems_where_the_take_is_spoken_lower_its_score():
    clean = score(_take([]), [])
    clipped = score(_take([pb.Tag(name="Problem", value="Audio clipping", start=1.5, end=2.0, source="sound")]), [])
    soft = score(_take([pb.Tag(name="Problem", value="Soft focus", start=0.0, end=10.0, source="look")]), [])
    elsewhere = score(_take([pb.Tag(name="Problem", value="Soft focus", start=20.0, end=21.0, source="look")]), [])
    assert clipped.value < clean.value and soft.value < clean.value
    assert elsewhere.value == clean.value  # a problem outside the take does not count against it
    assert "audio clipping" in clipped.describe() and "soft focus" in soft.describe()


def test_a_face_on_screen_while_the_line_is_spoken_counts_for_the_take():
    face = score(_take([pb.Tag(name="Faces", value="1", start=0.0, end=10.0, source="faces")]), [])
    no_face = score(_take([pb.Tag(name="Faces", value="0", start=0.0, end=10.0, source="faces")]), [])
    unknown = score(_take([]), [])
    assert face.value > unknown.value > no_face.value - 1e-9 and face.faces == 1.0 and no_face.faces == 0.0
    assert unknown.faces is None and "face" not in unknown.describe()
    assert "face on screen" in face.describe()


def test_favouring_a_shot_type_counts_the_shot_the_line_is_spoken_in():
    close = [pb.Tag(name="Shot Type", value="close-up", start=0.0, end=10.0, source="faces")]
    later = [pb.Tag(name="Shot Type", value="close-up", start=20.0, end=30.0, source="faces")]
    assert score(_take(close), ["shot_type:close-up"]).favoured
    assert not score(_take(later), ["shot_type:close-up"]).favoured


def test_favouring_a_speaker_counts_only_the_lines_they_speak():
    take = _take([])
    take.analysis.speech.segments[0].speaker = "S2"
    assert score(take, ["speaker:S2"]).favoured and not score(take, ["speaker:S1"]).favoured
    assert score(take, ["speaker:S2"]).value > score(take, []).value
