"""A clip that changes language: the rough cut reads each part in the language it was spoken in (issue 14), so a
French line's digits align with French words and its « euh » is a French filler, in a clip that is mostly English
and a project whose script is read in English."""

from __future__ import annotations

from inference_server.cut.scoring import score
from inference_server.cut.takes import lines_from_script, lines_from_similarity
from protos.derush.v1 import derush_pb2 as pb

ENGLISH_LINE = "The lighthouse keeper climbs the stairs every night."
FRENCH_LINE = "Le phare veille sur cette côte depuis mille neuf cent cinquante-trois."
SCRIPT = f"{ENGLISH_LINE}\nLe phare veille sur cette côte depuis 1953.\n"


def _segment(text: str, start: float, language: str) -> pb.SpeechSegment:
    words = [pb.Word(start=start + 0.4 * i, end=start + 0.4 * i + 0.3, word=w, probability=0.9)
             for i, w in enumerate(text.split())]
    return pb.SpeechSegment(start=start, end=words[-1].end, text=text, words=words, language=language)


def _bilingual(path: str, french: str) -> pb.ClipAnalysis:
    analysis = pb.ClipAnalysis(path=path, duration_s=30, fps=25, fps_num=25, fps_den=1, frames=750)
    analysis.speech.language = "en"  # the clip's main language
    analysis.speech.segments.extend([_segment(ENGLISH_LINE, 1.0, "en"), _segment(french, 12.0, "fr")])
    analysis.speech.voiced.extend([pb.TimeRange(start=1.0, end=4.5), pb.TimeRange(start=12.0, end=18.0)])
    analysis.speech.silences.extend([pb.TimeRange(start=0.0, end=1.0), pb.TimeRange(start=4.5, end=12.0)])
    return analysis


def test_the_french_part_of_an_english_clip_aligns_with_a_script_line_in_digits():
    english_clips = [_bilingual(f"INT_T{n}.mov", FRENCH_LINE) for n in (1, 2)]
    lines = lines_from_script(english_clips, SCRIPT.splitlines())
    english, french = lines
    assert {t.language for t in english.takes} == {"en"}
    # "1953" is read « mille neuf cent cinquante-trois » where French is spoken, not "nineteen fifty-three"
    assert [round(t.coverage, 2) for t in french.takes] == [1.0, 1.0]
    assert {t.language for t in french.takes} == {"fr"}


def test_a_french_filler_counts_where_french_is_spoken():
    hesitant = _bilingual("INT_T3.mov", "Le phare euh veille sur cette côte depuis mille neuf cent cinquante-trois.")
    (french,) = [line for line in lines_from_script([hesitant], SCRIPT.splitlines()) if line.takes and
                 line.takes[0].start > 10]
    assert score(french.takes[0], []).fillers == 1


def test_without_a_script_each_part_is_read_in_its_language():
    clips = [_bilingual(f"INT_T{n}.mov", FRENCH_LINE) for n in (1, 2)]
    takes = [t for line in lines_from_similarity(clips) for t in line.takes]
    assert {(round(t.start), t.language) for t in takes} >= {(1, "en"), (12, "fr")}
