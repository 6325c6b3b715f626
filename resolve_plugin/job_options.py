"""What a user chooses for a job, turned into the wire's options: one place for the CLI and the panel.

Plain values in, ``pb.AnalysisOptions`` / ``pb.CutOptions`` out; the script file read the same way for both
(UTF-8, else Windows-1252, and never a binary file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from protos.derush.v1 import derush_pb2 as pb
from protos.vocabulary import Vocabulary, capped, parse, read_file, script_words, text_of

#: handles kept around speech, by name (the server's values: inference_server/cut/propose.py)
PACES = {"tight": pb.PACE_TIGHT, "normal": pb.PACE_NORMAL, "loose": pb.PACE_LOOSE}
DEFAULT_PACE = "normal"

#: a job waits on the server ahead of bulk tagging with this priority (a rough cut an editor waits for)
INTERACTIVE_PRIORITY = 10

#: where a cut applied in Resolve puts each event's runner-up takes: in the item's take selector (flip in place),
#: on a disabled V2 track (all visible at once), or nowhere. Takes by default: docs/resolve-side.md says why.
ALTERNATES = ("takes", "track", "none")
DEFAULT_ALTERNATES = "takes"


class ScriptError(ValueError):
    """The script cannot be read as text; the message says how to get a text file."""


def analysis_options(analyzers: str | Iterable[str] | None = None, language: str | None = None,
                     speech_model: str | None = None, force: bool = False,
                     vocabulary: Iterable[str] = (), verbatim: bool = False) -> pb.AnalysisOptions:
    """``analyzers`` as a comma-separated string or a list; empty means the server's defaults. ``vocabulary``: the
    words the speech model should expect (``chosen_vocabulary``)."""
    if isinstance(analyzers, str):
        analyzers = [a.strip() for a in analyzers.split(",") if a.strip()]
    return pb.AnalysisOptions(analyzers=list(analyzers or []), language=language or "",
                              speech_model=speech_model or "", force=force, vocabulary=list(vocabulary),
                              verbatim=verbatim)


def chosen_vocabulary(words: str = "", file: str | Path | None = None, script_text: str = "") -> Vocabulary:
    """The user's words (comma-separated), a vocabulary file's, then the script's names, most important first and
    capped (``Vocabulary.note`` says what was left out); a VocabularyError says what to fix."""
    return capped(parse(words or "", "The vocabulary"), read_file(file) if file else [],
                  script_words(script_text) if script_text.strip() else [])


#: the shapes a reframed cut is offered in (the panel's choice; ``--aspect`` takes any ratio); "": the rushes'
ASPECTS = ("", "9:16", "4:5", "1:1")
#: how closely a cut keeps to its script (``derush cut --script-mode``); loose is the default
SCRIPT_MODES = {"loose": pb.SCRIPT_MODE_LOOSE, "strict": pb.SCRIPT_MODE_STRICT}


def cut_options(target_duration_s: float | None = None, pace: str = DEFAULT_PACE, script_text: str = "",
                favour: Iterable[str] = (), project: str = "", use_preferences: bool = True,
                script_mode: str = "loose", remove_fillers: bool = False,
                aspect: tuple[int, int] | None = None) -> pb.CutOptions:
    """``project``: whose learned take preferences rank the takes (``use_preferences`` False: the defaults)."""
    return pb.CutOptions(target_duration_s=max(0.0, float(target_duration_s or 0.0)),
                         pace=PACES.get(pace, PACES[DEFAULT_PACE]) if pace else pb.PACE_UNSPECIFIED,
                         script_text=script_text,
                         favour=[f for f in favour if f.strip()], project=(project or "").strip(),
                         use_preferences=use_preferences, script_mode=SCRIPT_MODES[script_mode],
                         remove_fillers=remove_fillers, aspect_width=aspect[0] if aspect else 0,
                         aspect_height=aspect[1] if aspect else 0)


def parse_aspect(text: str) -> tuple[int, int] | None:
    """"9:16" (or "9/16", "9x16") -> (9, 16); "" -> None (the sources' own); anything else a ValueError that says
    what is expected."""
    if not (text or "").strip():
        return None
    parts = re.split(r"\s*[:/x]\s*", text.strip().lower())
    if len(parts) == 2 and all(p.isdigit() and 0 < int(p) <= 100 for p in parts):
        return int(parts[0]), int(parts[1])
    raise ValueError(f"--aspect {text!r} is not a ratio: give the width and height as whole numbers, such as 9:16 "
                     "(vertical), 4:5 or 1:1.")


def read_script(path: str | Path) -> str:
    """A script as text (plain, or Fountain), or a ScriptError that says how to get a text file."""
    file = Path(path).expanduser()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ScriptError(f"Cannot read the script {file}: {exc.strerror}. Choose the file again.") from None
    not_text = ScriptError(f"The script {file.name} is not a text file. Save it as plain text (.txt) or Fountain "
                           "(.fountain) from your script editor, one line per beat, and choose that file.")
    text = text_of(data)
    if not text:
        raise not_text
    return text
