"""Words the panel shows that come from plain-value layers (clip states, paces, where the clips come from, the
server's reasons), put in the panel's language at display: those layers keep one English name for each.

Every text is a literal ``translate("Words", ...)`` call so that ``pyside6-lupdate`` finds it."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLocale

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.panel import clip_status as cs
from resolve_plugin.panel.i18n import fill

translate = QCoreApplication.translate


def state_text(state: str) -> str:
    """A clip state (``clip_status``) as the panel shows it."""
    names = {
        cs.NOT_ANALYSED: translate("Words", "not analysed"),
        cs.TAGGED_BEFORE: translate("Words", "tagged before"),
        cs.QUEUED: translate("Words", "queued"),
        cs.ANALYSING: translate("Words", "analysing"),
        cs.ANALYSED: translate("Words", "analysed"),
        cs.TAGGED: translate("Words", "tagged"),
        cs.FAILED: translate("Words", "failed"),
        cs.SKIPPED: translate("Words", "skipped"),
        cs.CANCELLED: translate("Words", "cancelled"),
    }
    return names.get(state, state)


def alternates_text(mode: str) -> str:
    """Where Apply puts the runner-up takes (``job_options.ALTERNATES``), as the panel lists it."""
    names = {"takes": translate("Words", "in the take selector"),
             "track": translate("Words", "on a disabled track (V2)"), "none": translate("Words", "left out")}
    return names.get(mode, mode)


def error_text(code: str, message: str) -> str:
    """A server error shown in the panel's language: the kind of problem and what to do, translated. In English, or
    for a kind not listed, the server's own sentence, which names the file (always in the tooltip)."""
    kinds = {
        "not_found": translate("Words", "file not found: check that its drive is mounted, or relink the clip"),
        "empty_file": translate("Words", "empty file (0 bytes): copy it again from the card"),
        "not_media": translate("Words", "not a media file: leave it out of the selection"),
        "truncated": translate("Words", "file cut short (copy interrupted?): copy it again from the card"),
        "no_content": translate("Words", "no picture or sound in the file: the recording stopped at once"),
        "unsupported_codec": translate("Words", "codec not supported: transcode it (e.g. to ProRes) and relink"),
        "unreadable": translate("Words", "the file cannot be decoded: check it plays, or copy it again"),
        "no_analysis": translate("Words", "not analysed yet: tag the clip first"),
        "invalid_request": translate("Words", "request refused: see the details"),
        "cancelled": translate("Words", "cancelled"),
        "upload_mismatch": translate("Words", "the upload arrived damaged: run it again"),
        "model_unavailable": translate("Words", "a model is missing on the server: see derush doctor there"),
    }
    said = kinds.get(code)
    if said is None or QCoreApplication.translate("Words", "cancelled") == "cancelled":
        return message  # English: the server's sentence says more (the file, the exact fix)
    return said


def favour_text(choice: str) -> str:
    """"character:ALICE" -> « Personnage ALICE »; "" -> nothing in particular."""
    kind, _, value = choice.partition(":")
    kinds = {"character": translate("Words", "character %1"), "speaker": translate("Words", "speaker %1"),
             "shot_type": translate("Words", "shot type %1")}
    if not choice:
        return translate("Words", "nothing in particular")
    return fill(kinds.get(kind, "%1"), value if kind in kinds else choice)


def aspect_text(aspect: str) -> str:
    names = {"": translate("Words", "as the rushes"), "9:16": translate("Words", "9:16 vertical (social)"),
             "4:5": translate("Words", "4:5 portrait"), "1:1": translate("Words", "1:1 square")}
    return names.get(aspect, aspect)


def script_mode_text(mode: str) -> str:
    names = {"loose": translate("Words", "loose: asides and ad-libs kept"),
             "strict": translate("Words", "strict: only the script's lines")}
    return names.get(mode, mode)


def pace_text(pace: str) -> str:
    """A pace (``job_options.PACES``) as the panel lists it."""
    names = {"tight": translate("Words", "tight"), "normal": translate("Words", "normal"),
             "loose": translate("Words", "loose")}
    return names.get(pace, pace)


_SELECTED = re.compile(r"^(\d+) selected clip\(s\)$")
_BIN = re.compile(r"^bin (.*)$")
_FOLDER = re.compile(r"^folder (.*) and its subfolders$")


def source_text(source: str) -> str:
    """Where the clips were read (``resolve.reader``: "3 selected clip(s)", "bin Day 1", ...) in the panel's
    language."""
    if match := _SELECTED.match(source):
        return translate("Words", "%n selected clip(s)", None, int(match.group(1)))
    if match := _FOLDER.match(source):
        return fill(translate("Words", "folder %1 and its subfolders"), match.group(1))
    if match := _BIN.match(source):
        return fill(translate("Words", "bin %1"), match.group(1))
    return source


_AHEAD = re.compile(r"^(\d+) job\(s\) ahead$")


def detail_text(detail: str) -> str:
    """A clip row's details (``clip_status``) in the panel's language; reasons from elsewhere pass through."""
    if match := _AHEAD.match(detail):
        return translate("Words", "%n job(s) ahead", None, int(match.group(1)))
    fixed = {"starting": translate("Words", "starting"),
             "from the result store": translate("Words", "from the result store"),
             "nothing new to write": translate("Words", "nothing new to write")}
    return fixed.get(detail, detail)


def reason_text(event: pb.EditEvent) -> str:
    """Why the server chose an event, in the panel's language: said from its parts (``protos/reasons.py``); a server
    that sends no parts (an older one) is shown as it wrote it."""
    if not event.reason_parts:
        return event.reason
    return "".join(_reason_part(p.code, list(p.values)) for p in event.reason_parts)


def _decimal(value: str) -> str:
    """"0.85" in the panel's number form ("0,85" in French)."""
    try:
        number = float(value)
    except ValueError:
        return value
    decimals = len(value.partition(".")[2])
    return QLocale().toString(number, "f", decimals)


def _count(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _reason_part(code: str, v: list[str]) -> str:
    """One part of a reason (a code and its values, ``protos/reasons.py``) in the panel's language; a code this
    panel does not know (a newer server's) is shown as its values."""
    v = [*v, "", "", ""]
    phrases = {
        ",": lambda: translate("Reasons", ", "),
        ":": lambda: translate("Reasons", ": "),
        ";": lambda: translate("Reasons", "; "),
        ".": lambda: translate("Reasons", ". "),
        "line": lambda: fill(translate("Reasons", "line %1"), v[0]),
        "character": lambda: fill(translate("Reasons", " (%1)"), v[0]),
        "take": lambda: fill(translate("Reasons", "take %1 of %2 (%3)"), v[0], v[1], v[2]),
        "complete": lambda: translate("Reasons", "complete"),
        "coverage": lambda: fill(translate("Reasons", "%1% of the line"), v[0]),
        "no_restart": lambda: translate("Reasons", "no restart"),
        "restarts": lambda: translate("Reasons", "%n restart(s)", None, _count(v[0])),
        "fillers": lambda: translate("Reasons", "%n filler word(s)", None, _count(v[0])),
        "no_dead_air": lambda: translate("Reasons", "no dead air"),
        "dead_air": lambda: fill(translate("Reasons", "%1 s of dead air"), _decimal(v[0])),
        "confidence": lambda: fill(translate("Reasons", "confidence %1"), _decimal(v[0])),
        "problem": lambda: problem_text(v[0]),
        "face_on_screen": lambda: translate("Reasons", "face on screen"),
        "favoured": lambda: translate("Reasons", "favoured"),
        "over": lambda: translate("Reasons", "Over "),
        "unscripted_kept": lambda: translate("Reasons", "keeps an unscripted aside the script does not have"),
        "removed": lambda: fill(translate("Reasons", " (continues after cutting out %1)"), removed_text(v[0])),
        "alternate": lambda: fill(translate("Reasons", "alternate for line %1"), v[0]),
        "aside": lambda: fill(translate("Reasons", "unscripted, between lines %1 and %2 of the same take: “%3”"),
                              v[0], v[1], v[2]),
        "broll": lambda: fill(translate("Reasons", "b-roll: shot %1 of %2, no speech"), v[0], v[1]),
    }
    say = phrases.get(code)
    return say() if say else " ".join(x for x in v if x)


_VOICE = re.compile(r"^(prefers|avoids) the voice that says line (\d+) in (.+?) \((.*)\)$")


def learned_text(words: str) -> str:
    """What a project learned (``inference_server/cut/preferences.py``: "prefers slower delivery", "prefers the
    voice that says line 2 in SCC_T2 (…)") in the panel's language; a phrase it does not know stays as written."""
    if match := _VOICE.match(words):
        template = translate("Words", "prefers the voice that says line %1 in %2 (%3)") if match.group(1) == \
            "prefers" else translate("Words", "avoids the voice that says line %1 in %2 (%3)")
        return fill(template, *match.groups()[1:])
    names = {
        "prefers complete takes even more": translate("Words", "prefers complete takes even more"),
        "minds incomplete takes less": translate("Words", "minds incomplete takes less"),
        "minds restarts less": translate("Words", "minds restarts less"),
        "minds restarts more": translate("Words", "minds restarts more"),
        "minds filler words less": translate("Words", "minds filler words less"),
        "minds filler words more": translate("Words", "minds filler words more"),
        "prefers clearer diction": translate("Words", "prefers clearer diction"),
        "minds unclear diction less": translate("Words", "minds unclear diction less"),
        "minds dead air less": translate("Words", "minds dead air less"),
        "minds dead air more": translate("Words", "minds dead air more"),
        "minds sound problems less": translate("Words", "minds sound problems less"),
        "minds sound problems more": translate("Words", "minds sound problems more"),
        "minds picture problems less": translate("Words", "minds picture problems less"),
        "minds picture problems more": translate("Words", "minds picture problems more"),
        "prefers a face on screen": translate("Words", "prefers a face on screen"),
        "minds faces on screen less": translate("Words", "minds faces on screen less"),
        "follows the favoured speaker or shot more": translate("Words", "follows the favoured speaker or shot more"),
        "follows favoured ones less": translate("Words", "follows favoured ones less"),
        "prefers faster delivery": translate("Words", "prefers faster delivery"),
        "prefers slower delivery": translate("Words", "prefers slower delivery"),
        "prefers later takes": translate("Words", "prefers later takes"),
        "prefers earlier takes": translate("Words", "prefers earlier takes"),
        "prefers longer takes": translate("Words", "prefers longer takes"),
        "prefers shorter takes": translate("Words", "prefers shorter takes"),
        "prefers louder takes": translate("Words", "prefers louder takes"),
        "prefers quieter takes": translate("Words", "prefers quieter takes"),
    }
    return names.get(words, words)


def problem_text(name: str) -> str:
    """A sound or picture problem as its analyzer names it ("soft focus"), in the panel's language."""
    names = {
        "audio clipping": translate("Reasons", "audio clipping"),
        "too quiet": translate("Reasons", "too quiet"),
        "too loud": translate("Reasons", "too loud"),
        "underexposed": translate("Reasons", "underexposed"),
        "overexposed": translate("Reasons", "overexposed"),
        "soft focus": translate("Reasons", "soft focus"),
        "shaky camera": translate("Reasons", "shaky camera"),
    }
    return names.get(name.lower(), name)


_REMOVED = (
    (re.compile(r"^(\d+(?:\.\d+)?) s of dead air$"), lambda m: fill(translate("Reasons", "%1 s of dead air"),
                                                                     _decimal(m.group(1)))),
    (re.compile(r"^an? (\d+(?:\.\d+)?) s hesitation$"), lambda m: fill(translate("Reasons", "a %1 s hesitation"),
                                                                        _decimal(m.group(1)))),
    (re.compile(r"^an unscripted aside “(.*)”$"), lambda m: fill(translate("Reasons", "an unscripted aside “%1”"),
                                                                 m.group(1))),
    (re.compile(r"^“(.*)”$"), lambda m: fill(translate("Reasons", "“%1”"), m.group(1))),
)


def removed_text(text: str) -> str:
    """What the server cut out of a take ("2.4 s of dead air and “uh”", ``cut/pieces.py``) in the panel's language;
    what it does not know stays as written."""
    said = []
    for piece in text.split(" and "):
        for pattern, say in _REMOVED:
            if match := pattern.match(piece):
                piece = say(match)
                break
        said.append(piece)
    return translate("Reasons", " and ").join(said)


def _phrases() -> list[tuple[re.Pattern, str]]:
    """English phrases of the connection lines and the common messages (``panel.controller``, ``resolve.link``)
    -> the panel's language; ``%1``, ``%2`` are the phrase's groups. Longest first where one holds another."""
    table = [
        (r"built-in server on this machine", translate("Words", "built-in server on this machine")),
        (r"server on this machine \(([^)]*)\)", translate("Words", "server on this machine (%1)")),
        (r"LAN server (\S+) \(([^)]*)\)", translate("Words", "LAN server %1 (%2)")),
        (r"CPU only", translate("Words", "CPU only")),
        (r"(\d+) models", translate("Words", "%1 models")),
        (r"\(([^()]*) loaded\)", translate("Words", "(%1 loaded)")),
        (r"\(inside Resolve\)", translate("Words", "(inside Resolve)")),
        (r"\(external scripting\)", translate("Words", "(external scripting)")),
        (r"\(loopback bridge\)", translate("Words", "(loopback bridge)")),
        (r"\(emulated Resolve\)", translate("Words", "(emulated Resolve)")),
        (r" · project '([^']*)'", translate("Words", " · project “%1”")),
        (r"^Not connected to Resolve$", translate("Words", "Not connected to Resolve")),
        (r"^Resolve is not running$", translate("Words", "Resolve is not running")),
        (r"^Start DaVinci Resolve, open the project, then click Reconnect \(from Resolve, Workspace ▸ Scripts ▸ "
         r"Utility ▸ derush opens the panel for it\)\.$",
         translate("Words", "Start DaVinci Resolve, open the project, then click Reconnect (from Resolve, Workspace ▸ "
                            "Scripts ▸ Utility ▸ derush opens the panel for it).")),
        (r"^No built-in server on this seat$", translate("Words", "No built-in server on this seat")),
        (r"^No derush server answers at (.*)$", translate("Words", "No derush server answers at %1")),
        (r"^The derush server at (.*) refused the token$",
         translate("Words", "The derush server at %1 refused the token")),
        (r"^The derush server at (.*) did not answer$", translate("Words", "The derush server at %1 did not answer")),
        (r"Start it with `derush serve --listen HOST:PORT` on that machine, check the server address in the panel, "
         r"or clear it to use the built-in server on this machine; then click Reconnect\.",
         translate("Words", "Start it with `derush serve --listen HOST:PORT` on that machine, check the server "
                            "address in the panel, or clear it to use the built-in server on this machine; then "
                            "click Reconnect.")),
        (r"Enter it in the token box beside the server address, then click Reconnect\.",
         translate("Words", "Enter it in the token box beside the server address, then click Reconnect.")),
        (r"^No clip could be analysed, so there is nothing to cut: see each clip's reason\.$",
         translate("Words", "No clip could be analysed, so there is nothing to cut: see each clip's reason.")),
        (r"^There is no proposal to apply: click Suggest rough cut first\.$",
         translate("Words", "There is no proposal to apply: click Suggest rough cut first.")),
        (r"^Not connected to a derush server: see the server line at the top for the fix\.$",
         translate("Words", "Not connected to a derush server: see the server line at the top for the fix.")),
        (r"^Not connected to Resolve: see the Resolve line at the top for the fix\.$",
         translate("Words", "Not connected to Resolve: see the Resolve line at the top for the fix.")),
        (r"^Select one or more hits in the list first\.$",
         translate("Words", "Select one or more hits in the list first.")),
        (r"^Cancelled\. Nothing more was written; what was already written stays \(Undo derush removes it\)\.$",
         translate("Words", "Cancelled. Nothing more was written; what was already written stays (Undo derush "
                            "removes it).")),
        (r"^Could not export the proposal: (.*)$", translate("Words", "Could not export the proposal: %1")),
        (r"^Cancelled: the new timeline was removed again; your project is as it was\.$",
         translate("Words", "Cancelled: the new timeline was removed again; your project is as it was.")),
    ]
    return [(re.compile(pattern), text) for pattern, text in table]


def message_text(text: str) -> str:
    """A connection line or a common message from the panel's plain-value layers, in the panel's language; what
    it does not know (an exception's own words) stays as written."""
    for pattern, template in _phrases():
        text = pattern.sub(lambda match, template=template: fill(template, *match.groups()), text)
    return text


def state_count_text(state: str, count: int) -> str:
    """"3 analysed" in the panel's language, with the plural the language wants."""
    counts = {
        cs.NOT_ANALYSED: translate("Words", "%n not analysed", None, count),
        cs.TAGGED_BEFORE: translate("Words", "%n tagged before", None, count),
        cs.QUEUED: translate("Words", "%n queued", None, count),
        cs.ANALYSING: translate("Words", "%n analysing", None, count),
        cs.ANALYSED: translate("Words", "%n analysed", None, count),
        cs.TAGGED: translate("Words", "%n tagged", None, count),
        cs.FAILED: translate("Words", "%n failed", None, count),
        cs.SKIPPED: translate("Words", "%n skipped", None, count),
        cs.CANCELLED: translate("Words", "%n cancelled", None, count),
    }
    return counts.get(state, f"{count} {state}")
