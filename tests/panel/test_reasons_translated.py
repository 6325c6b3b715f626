"""The server's reasons for a cut, said in the panel's language from their parts (protos/reasons.py): French words,
French numbers and plurals, French typography; an older server's plain English shown as it is."""

from __future__ import annotations

import pytest

from protos.derush.v1 import derush_pb2 as pb
from protos.reasons import ENGLISH, english, joined, part
from resolve_plugin.panel import i18n
from resolve_plugin.panel.words import reason_text

NBSP = "\u00a0"


def event(parts) -> pb.EditEvent:
    return pb.EditEvent(reason=english(parts), reason_parts=[pb.ReasonPart(code=p.code, values=list(p.values))
                                                             for p in parts])


def chosen_over_a_restart():
    """A reason as propose.py builds it: the chosen take, then the runner-up it beat."""
    best = [part("take", 2, 2, "A001_C004"), part(":"), *joined([[part("coverage", 85)], [part("no_restart")],
                                                                 [part("no_dead_air")], [part("confidence", "0.77")]],
                                                                ",")]
    beaten = [part("take", 1, 2, "A001_C003"), part(":"), *joined([[part("complete")], [part("restarts", 1)],
                                                                   [part("fillers", 2)], [part("dead_air", "4.4")],
                                                                   [part("problem", "soft focus")]], ",")]
    return [part("line", 1), part(","), *best, part("."), part("over"), *beaten,
            part("removed", "2.4 s of dead air and \u201cuh\u201d")]


@pytest.fixture()
def french(qapp):
    yield i18n.install("fr", qapp)
    i18n.uninstall(qapp)


def test_a_reason_is_said_in_french_with_french_numbers_plurals_and_typography(french):
    assert french == "fr"
    said = reason_text(event(chosen_over_a_restart()))
    assert said == (f"ligne 1, prise 2 sur 2 (A001_C004){NBSP}: 85{NBSP}% de la ligne, aucune reprise, aucun blanc, "
                    f"confiance 0,77. Plutôt que prise 1 sur 2 (A001_C003){NBSP}: complète, 1 reprise, "
                    f"2 mots parasites, 4,4{NBSP}s de blanc, mise au point floue "
                    f"(suite, après avoir coupé 2,4{NBSP}s de blanc et «{NBSP}uh{NBSP}»)")


def test_every_code_the_server_sends_is_known_to_the_panel(french):
    same_in_french = {",", ".", "character"}  # ", ", ". ", " (HÉLÈNE)"
    for code in ENGLISH:
        if code in ("text", "learned"):
            continue  # said as the server wrote them
        values = ("too quiet",) if code == "problem" else ("2", "3", "A001")[: ENGLISH[code].count("{")]
        said = reason_text(event([part(code, *values)]))
        assert said != " ".join(values), code  # a code the panel does not know is shown as its bare values
        assert code in same_in_french or said != english([part(code, *values)]), code  # and said in French


def test_in_english_the_panel_says_what_the_server_wrote_with_plurals_right(qapp):
    assert i18n.install("en", qapp) == "en"
    try:
        parts = chosen_over_a_restart()
        assert reason_text(event(parts)) == english(parts).replace("1 restart(s)", "1 restart").replace(
            "2 filler word(s)", "2 filler words")
        # an older server sends no parts: its English reason is shown as it is
        assert reason_text(pb.EditEvent(reason="line 1, take 1 of 1 (X): complete")) == \
            "line 1, take 1 of 1 (X): complete"
    finally:
        i18n.uninstall(qapp)
