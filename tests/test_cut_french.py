"""French speech habits in the rough cut, on transcripts as the speech model writes them: fillers (« euh »,
« ben »), self-corrections (« non pardon, je reprends »), the floor's calls (« moteur… ça tourne… action »,
« coupez, on la garde »), elisions, accents and numbers in digits or in words, against a French script as a
French studio saves it (curly apostrophes, guillemets, non-breaking spaces, Windows-1252). English numbers too.

The end-to-end behaviour on real media is in tests/integration/test_rough_cut.py; these pin the French rules."""

from __future__ import annotations

from inference_server.cut.lexicon import fold, lexicon
from inference_server.cut.propose import propose_cut
from inference_server.cut.scoring import score
from inference_server.cut.script import parse_script
from inference_server.cut.takes import lines_from_script, lines_from_similarity, strip_calls
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.job_options import read_script

NBSP = "\u00a0"
# A French script as a word processor writes it: curly apostrophes, guillemets with non-breaking spaces,
# a non-breaking space before « ? » and « ! », digits for the year and the count.
SCRIPT = (f"Le phare veille sur cette côte depuis 1953{NBSP}!\n"
          f"Qu’il pleuve ou qu’il vente, l’éclat passe toutes les 12 secondes.\n"
          f"Le gardien disait{NBSP}: «{NBSP}la mer ne dort jamais{NBSP}».\n")


def _analysis(path: str, text: str, language: str = "fr", start: float = 1.0, gap_after: dict | None = None,
              probability: float = 0.9) -> pb.ClipAnalysis:
    """An analysis whose words are ``text`` as the speech model would write them, 0.4 s apart (longer after the
    words listed in ``gap_after``: index -> seconds of silence)."""
    words, t, voiced = [], start, [[start, start]]
    for index, token in enumerate(text.split()):
        words.append(pb.Word(start=t, end=t + 0.3, word=token, probability=probability))
        voiced[-1][1] = t + 0.3
        t += 0.4 + (gap_after or {}).get(index, 0.0)
        if (gap_after or {}).get(index):
            voiced.append([t, t])
    analysis = pb.ClipAnalysis(path=path, duration_s=t + 1, fps=25, fps_num=25, fps_den=1, frames=int((t + 1) * 25))
    analysis.speech.language = language
    analysis.speech.segments.append(pb.SpeechSegment(start=start, end=t, text=text, words=words))
    for a, b in voiced:
        analysis.speech.voiced.append(pb.TimeRange(start=a, end=b))
    for (_, a), (b, _) in zip(voiced, voiced[1:]):
        analysis.speech.silences.append(pb.TimeRange(start=a, end=b))
    return analysis


def test_elisions_accents_typography_and_numbers_fold_alike():
    assert fold("L’éclat qu’il voit", "fr") == fold("l'eclat qu'il voit", "fr") == ["l", "eclat", "qu", "il", "voit"]
    assert fold("depuis 1953", "fr") == fold("depuis mille neuf cent cinquante-trois", "fr")
    assert fold("toutes les 12 secondes", "fr") == fold("toutes les douze secondes", "fr")
    assert fold(f"«{NBSP}la mer{NBSP}»{NBSP}!", "fr") == ["la", "mer"]
    # English: years are said in pairs, other numbers in full
    assert fold("built in 1953", "en") == fold("built in nineteen fifty-three", "en")
    assert fold("12 keepers", "en") == ["twelve", "keepers"]


def test_a_french_script_from_a_windows_word_processor_is_read(tmp_path):
    path = tmp_path / "script.txt"
    path.write_bytes(SCRIPT.encode("cp1252"))  # NBSP, ’, « », ô, é all exist in Windows-1252
    lines = parse_script(read_script(path))
    assert lines == SCRIPT.splitlines()
    assert "Qu’il pleuve" in lines[1] and "«" in lines[2]


def test_the_french_floor_calls_are_not_part_of_the_take():
    analysis = _analysis("a.mov", "Moteur ! Ça tourne. Annonce. Action ! Le phare veille sur cette côte depuis 1953 ! "
                                  "Coupez ! On la garde.")
    kept = [w.word for w in strip_calls(list(analysis.speech.segments[0].words), "fr")]
    assert kept == "Le phare veille sur cette côte depuis 1953".split()  # (a lone « ! » is no word)
    # a line that ends in words of a call is left alone when no call follows
    line = _analysis("b.mov", "Il faut qu'on la garde pour demain")
    assert len(strip_calls(list(line.speech.segments[0].words), "fr")) == 7


def test_with_a_french_script_the_clean_take_beats_the_restarted_one_and_numbers_in_words_align():
    line = "Le phare veille sur cette côte depuis mille neuf cent cinquante-trois !"
    clean = _analysis("P1_T3.mov", f"Moteur ! Ça tourne. Action ! {line} Coupez !")
    restarted = _analysis("P1_T1.mov", "Action ! Euh, le phare veille sur cette... non pardon, je reprends. "
                                       f"{line} Coupez, on la refait.", gap_after={8: 0.5})
    short = _analysis("P1_T2.mov", "Action ! Le phare veille sur cette côte. Coupez.")
    options = pb.CutOptions(script_text=SCRIPT, pace=pb.PACE_NORMAL)
    plan = propose_cut([restarted, short, clean], options)
    first_line = [e for e in plan.events if e.reason.startswith("line 1,")]
    assert first_line and {e.clip.path for e in first_line} == {"P1_T3.mov"}, [e.reason for e in plan.events]
    assert "no restart" in first_line[0].reason and "P1_T1" in first_line[0].reason
    # the restarted take is told by its self-correction and its filler, the script's digits matched the words
    ranked = sorted((score(t, []) for t in lines_from_script([restarted, short, clean], parse_script(SCRIPT))[0].takes),
                    key=lambda s: s.value, reverse=True)
    by_clip = {s.take.analysis.path: s for s in ranked}
    assert by_clip["P1_T3.mov"].completeness == 1.0 and by_clip["P1_T3.mov"].restarts == 0
    assert by_clip["P1_T1.mov"].restarts >= 1 and by_clip["P1_T1.mov"].fillers >= 1
    assert by_clip["P1_T2.mov"].completeness < 0.7
    # the floor's calls stay out of the cut: the chosen event ends before « coupez »
    words = list(clean.speech.segments[0].words)
    coupez = next(w for w in words if w.word.startswith("Coupez"))
    action = next(w for w in words if w.word.startswith("Action"))
    event = first_line[0]
    assert event.source_in / 25 > action.end - 0.05 and event.source_out / 25 < coupez.start + 0.05


def test_soft_fillers_count_only_where_the_script_does_not_have_them():
    script = "Bon, le phare veille sur cette côte."
    with_bon = _analysis("A.mov", "Bon, le phare veille sur cette côte.")
    take = lines_from_script([with_bon], parse_script(script))[0].takes[0]
    assert score(take, []).fillers == 0  # « bon » is in the line
    take = lines_from_script([_analysis("B.mov", "Bon, enfin, le phare veille sur cette côte.")],
                             parse_script("Le phare veille sur cette côte."))[0].takes[0]
    assert score(take, []).fillers == 2


def test_without_a_script_french_restarts_lose_to_the_clean_reading():
    lines = lines_from_similarity([
        _analysis("S2_T1.mov", "Euh la mer ne dort... attends, je reprends, la mer ne dort jamais"),
        _analysis("S2_T2.mov", "La mer ne dort jamais"),
    ])
    assert len(lines) == 1
    ranked = sorted((score(t, []) for t in lines[0].takes), key=lambda s: s.value, reverse=True)
    assert ranked[0].take.analysis.path == "S2_T2.mov"
    assert ranked[1].restarts >= 1 and ranked[1].fillers >= 1


def test_a_clip_in_an_unknown_language_still_loses_its_fillers_in_both_languages():
    both = lexicon("")
    assert {"euh", "um"} <= both.fillers and lexicon("fr-CA") == lexicon("fr")
