"""Takes: the attempts at each line, found in the analysed clips.

With a script, each script line is aligned over the words of every clip (difflib's matching blocks over
word sequences: an alignment that tolerates restarts and misheard words) and the best-matching stretch of a
clip is a take of that line. Without one, clips whose slates name the same scene (and shot) are takes of one
set-up, and clips with no slate read are grouped by transcript: those saying the same thing are takes of one
line. Lines are ordered by slate scene/take when read, else by source timecode. The floor's calls ("action",
"cut", « moteur… ça tourne », « coupez ») at either end of a clip are not part of its take. Words are compared
folded (``lexicon.fold``), with the habits of the clip's spoken language (``lexicon/en.py``, ``lexicon/fr.py``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from inference_server.cut.attempts import split_attempts
from inference_server.cut.lexicon import Lexicon, lexicon, phrase_at, tokens_of
from inference_server.cut.script import words
from protos.derush.v1 import derush_pb2 as pb
from protos.timecode import timecode_to_frames

#: A stretch of a clip is a take of a line when it holds at least this share of the line's words.
MIN_COVERAGE = 0.5
#: Without a script, two clips are takes of the same line at or above this transcript similarity.
SAME_LINE = 0.5
#: Unmatched words inside a take are an unscripted aside from this many folded words (a restart's two words are not).
ASIDE_TOKENS = 3


@dataclass
class Take:
    analysis: pb.ClipAnalysis
    words: list[pb.Word]  # the words of this take, in order
    coverage: float = 1.0  # share of the line's words found in it
    line: int = 0
    # The whole utterance around the take (voice without a long pause): a stumble just before the aligned
    # words still tells on the take.
    context: list[pb.Word] = field(default_factory=list)
    expected: tuple[str, ...] = ()  # the script line's words: a "bon" or an "attends" the script has is no flub
    #: the source seconds its handles may reach without taking in a neighbouring word (another line, a call, the
    #: attempt before); None: the whole clip
    room: tuple[float, float] | None = None
    #: with a script: runs of words inside the take that no script word matches (an aside, an ad-lib), as
    #: (first, last) indexes into ``words``, at least ASIDE_TOKENS folded words long
    unscripted: list[tuple[int, int]] = field(default_factory=list)
    #: the words of the attempt the take was found in (the same list for every take of one attempt)
    attempt_words: list[pb.Word] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.word for w in self.words)

    @property
    def language(self) -> str:
        return spoken_language(self.analysis, self.words, self.analysis.speech.language)

    @property
    def lexicon(self) -> Lexicon:
        return lexicon(self.language)

    @property
    def tokens(self) -> list[str]:
        return words(" ".join(w.word for w in self.words), self.language)

    @property
    def context_tokens(self) -> list[str]:
        return words(" ".join(w.word for w in (self.context or self.words)), self.language)


@dataclass
class Line:
    text: str  # the script line, or the best take's transcript
    takes: list[Take] = field(default_factory=list)
    character: str = ""  # who says it, when a Fountain script names them


def _tag(analysis: pb.ClipAnalysis, name: str) -> str:
    return next((t.value for t in analysis.tags if t.name == name and t.value), "")


def source_order(analysis: pb.ClipAnalysis) -> tuple:
    """Scene, then take (numbers compare as numbers), then source timecode, then path."""
    def number(value: str) -> tuple:
        return (0, int(value), "") if value.isdigit() else (1, 0, value)

    rate = analysis.fps_num / analysis.fps_den if analysis.fps_num else 24
    try:
        timecode = timecode_to_frames(analysis.start_timecode or "00:00:00:00", rate) / rate
    except (ValueError, ZeroDivisionError):
        timecode = 0.0
    return (number(_tag(analysis, "Scene")), number(_tag(analysis, "Take")), timecode, analysis.path)


def _clip_words(analysis: pb.ClipAnalysis) -> list[pb.Word]:
    return [w for s in analysis.speech.segments for w in s.words if words(w.word)]


def script_language(analyses: list[pb.ClipAnalysis]) -> str:
    """The language the script is read in: the one most clips speak (its numbers are spelt in it)."""
    spoken = Counter(a.speech.language for a in analyses if a.speech.language)
    return spoken.most_common(1)[0][0] if spoken else ""


def spoken_language(analysis: pb.ClipAnalysis, some_words: list[pb.Word], default: str) -> str:
    """The language words were spoken in: their first word's transcript segment's (a clip may change language),
    else ``default``."""
    at = some_words[0].start if some_words else -1.0
    return next((s.language for s in analysis.speech.segments if s.language and s.start <= at <= s.end), default)


def by_language(analysis: pb.ClipAnalysis, attempts: list[list[int]]) -> list[list[int]]:
    """Attempts (indexes into ``_clip_words``) cut where the spoken language changes: each part is read in its own."""
    languages = [s.language for s in analysis.speech.segments for w in s.words if words(w.word)]
    parts: list[list[int]] = []
    for attempt in attempts:
        first = len(parts)
        for k in attempt:
            if len(parts) > first and languages[parts[-1][-1]] == languages[k]:
                parts[-1].append(k)
            else:
                parts.append([k])
    return parts


def lines_from_script(analyses: list[pb.ClipAnalysis], script_lines: list[str]) -> list[Line]:
    lines = [Line(text) for text in script_lines]
    language = script_language(analyses)
    for analysis in analyses:
        clip_words = _clip_words(analysis)
        # a camera that keeps rolling: each attempt is aligned on its own, so each attempt at a line is a take
        for attempt in by_language(analysis, split_attempts(clip_words, analysis.speech.language)):
            attempt_words = [clip_words[k] for k in attempt]
            spoken = spoken_language(analysis, attempt_words, language)  # script and words folded alike
            tokens, owners = tokens_of(attempt_words, spoken)
            found: list[Take] = []
            for index, line in enumerate(lines):
                wanted = words(line.text, spoken)
                blocks = [b for b in SequenceMatcher(None, tokens, wanted, autojunk=False).get_matching_blocks()
                          if b.size]
                matched = sum(b.size for b in blocks)
                if not wanted or matched / len(wanted) < MIN_COVERAGE:
                    continue
                first, last = owners[blocks[0].a], owners[blocks[-1].a + blocks[-1].size - 1] + 1
                first, last = _misheard_edges(attempt_words, language, first, last, blocks[0].b,
                                              len(wanted) - blocks[-1].b - blocks[-1].size)
                take = Take(analysis, attempt_words[first:last], matched / len(wanted), index,
                            expected=tuple(wanted), room=_room(analysis, clip_words, attempt[first], attempt[last - 1]),
                            unscripted=_unscripted(blocks, owners, first), attempt_words=attempt_words)
                take.context = _utterance(analysis, attempt_words, take.start, take.end)
                line.takes.append(take)
                found.append(take)
            _keep_context_to_own_line(found)
    return lines


#: Words closer than this to the take are said in the same breath (a call stands apart: attempts.CALL_PAUSE_S).
BREATH_S = 0.45


def _misheard_edges(attempt_words: list[pb.Word], language: str, first: int, last: int, head: int,
                    tail: int) -> tuple[int, int]:
    """The take's first and last word indexes, taking in the words Whisper misheard at the line's edges (« mer
    jaune » heard « merjone »): when the line's first ``head`` (last ``tail``) words matched nothing, the words said
    in the same breath just before (after) the take, as many as are missing, are the take's."""
    while head > 0 and first > 0 and attempt_words[first].start - attempt_words[first - 1].end < BREATH_S:
        first -= 1
        head -= len(words(attempt_words[first].word, language)) or 1
    while tail > 0 and last < len(attempt_words) and attempt_words[last].start - attempt_words[last - 1].end < BREATH_S:
        tail -= len(words(attempt_words[last].word, language)) or 1
        last += 1
    return first, last


def _keep_context_to_own_line(takes: list[Take]) -> None:
    """A take's context stops at the takes of other lines in its attempt: in a dialogue read without long pauses,
    the other actor's restart is not this line's."""
    for take in takes:
        before = max((o.end for o in takes if o.line != take.line and o.end <= take.start), default=float("-inf"))
        after = min((o.start for o in takes if o.line != take.line and o.start >= take.end), default=float("inf"))
        take.context = [w for w in take.context if w.start >= before and w.end <= after] or take.words


def _unscripted(blocks, owners: list[int], first: int) -> list[tuple[int, int]]:
    """Runs of at least ASIDE_TOKENS unmatched tokens between matched blocks, as word indexes within the take."""
    runs = []
    for a, b in zip(blocks, blocks[1:]):
        gap_first, gap_last = a.a + a.size, b.a - 1  # token indexes of the unmatched run
        if gap_last - gap_first + 1 >= ASIDE_TOKENS:
            runs.append((owners[gap_first] - first, owners[gap_last] - first))
    return runs


def words_between(earlier: Take, later: Take) -> list[pb.Word]:
    """The words said between two takes of the same attempt (an ad-lib between two lines); [] otherwise."""
    if not earlier.attempt_words or earlier.attempt_words is not later.attempt_words or earlier.end >= later.start:
        return []
    return [w for w in earlier.attempt_words if w.start >= earlier.end and w.end <= later.start]


def _room(analysis: pb.ClipAnalysis, clip_words: list[pb.Word], first: int, last: int) -> tuple[float, float]:
    """From the end of the word before the take's first word to the start of the word after its last."""
    before = clip_words[first - 1].end if first > 0 else 0.0
    after = clip_words[last + 1].start if last + 1 < len(clip_words) else analysis.duration_s
    return before, after


#: Voice separated by less than this is one utterance.
UTTERANCE_GAP_S = 1.0


def _utterance(analysis: pb.ClipAnalysis, clip_words: list[pb.Word], start: float, end: float) -> list[pb.Word]:
    """The words of the stretch of voice (pauses under UTTERANCE_GAP_S) that holds [start, end]."""
    spans: list[list[float]] = []
    for voiced in analysis.speech.voiced:
        if spans and voiced.start - spans[-1][1] < UTTERANCE_GAP_S:
            spans[-1][1] = voiced.end
        else:
            spans.append([voiced.start, voiced.end])
    around = [s for s in spans if s[0] < end and s[1] > start] or [[start, end]]
    lo, hi = min(s[0] for s in around), max(s[1] for s in around)
    return [w for w in clip_words if w.end > lo and w.start < hi]


def slate_key(analysis: pb.ClipAnalysis) -> tuple[str, str] | None:
    """(scene, shot) as the slate said, or None when no scene was read: clips with the same key are takes of the
    same set-up, whatever their transcripts."""
    scene = _tag(analysis, "Scene")
    return (scene.upper(), _tag(analysis, "Shot").upper()) if scene else None


#: The floor's calls are looked for among this many opening words of a clip.
OPENING_TOKENS = 10


def strip_calls(clip_words: list[pb.Word], language: str = "") -> list[pb.Word]:
    """The words without the floor's calls at either end ("... and action", "cut!", « moteur… ça tourne…
    action ! », « coupez, on la garde »): the calls are the language's (``lexicon``), phrases included."""
    lex = lexicon(language)
    tokens, owners = tokens_of(clip_words, language)
    first = 0
    # the last call within the opening words: everything up to it is the floor getting ready
    for i in range(min(OPENING_TOKENS, len(tokens))):
        n = phrase_at(tokens, i, lex.calls_before)
        if n:
            first = i + n
    while first < len(tokens) and tokens[first] in lex.call_fillers:
        first += 1
    # from the end: calls after the take and the words around them, when a call is among them
    last, i, called = len(tokens), len(tokens), False
    while i > first:
        n = next((len(p) for p in lex.calls_after if i - len(p) >= first and tuple(tokens[i - len(p):i]) == p), 0)
        if n:
            i, called, last = i - n, True, i - n
        elif tokens[i - 1] in lex.call_fillers:
            i -= 1
            last = i if called else last
        else:
            break
    if first >= last:
        return []
    # back to transcript words: a word is kept when its first token is
    kept = {owners[k] for k in range(first, last)}
    return [w for index, w in enumerate(clip_words) if index in kept]


def lines_from_similarity(analyses: list[pb.ClipAnalysis]) -> list[Line]:
    lines: list[Line] = []
    for analysis in sorted(analyses, key=source_order):
        language = analysis.speech.language
        clip_words = _clip_words(analysis)
        attempts = by_language(analysis, split_attempts(clip_words, language))
        for attempt in attempts:
            attempt_words = [clip_words[k] for k in attempt]
            attempt_words = strip_calls(attempt_words, spoken_language(analysis, attempt_words, language))
            if not attempt_words:
                continue
            index = {id(w): k for k, w in zip(attempt, (clip_words[k] for k in attempt))}
            take = Take(analysis, attempt_words,
                        room=_room(analysis, clip_words, index[id(attempt_words[0])], index[id(attempt_words[-1])]))
            _join_line(lines, take, one_attempt=len(attempts) == 1)
    for line in lines:
        # completeness without a script: how much of the other readings of the line each take holds, read
        # clean (restarts and fillers out), so that a flub saying everything twice is not the reference
        for take in line.takes:
            others = [o for o in line.takes if o is not take]
            take.coverage = max((_contained(clean(o.tokens, o.lexicon), clean(take.tokens, take.lexicon))
                                 for o in others), default=1.0)
    return lines


def _join_line(lines: list[Line], take: Take, one_attempt: bool) -> None:
    """Put a take under the line it is an attempt at (same slate, or the same words), else start a new line. A
    clip holding several attempts is grouped by its words: it may hold several lines under one slate."""
    key = slate_key(take.analysis)
    same_slate = [line for line in lines if key is not None and slate_key(line.takes[0].analysis) == key]
    best, similarity = (same_slate[0] if same_slate and one_attempt else None), 0.0
    # two slates naming different scenes are different set-ups, however alike their words
    comparable = same_slate or [line for line in lines
                                if key is None or slate_key(line.takes[0].analysis) in (None, key)]
    for line in comparable:
        reference = line.takes[0].tokens
        ratio = SequenceMatcher(None, reference, take.tokens, autojunk=False).ratio()
        if not one_attempt and len(take.tokens) >= 3:
            # an attempt cut short is most of its words found in the line
            ratio = max(ratio, _contained(take.tokens, reference))
        if ratio > similarity:
            best, similarity = line, ratio
    if (same_slate and one_attempt) or (best is not None and similarity >= SAME_LINE):
        take.line = lines.index(best)
        best.takes.append(take)
    else:
        take.line = len(lines)
        lines.append(Line(take.text, [take]))


def repeats_at(tokens: list[str], i: int) -> int:
    """Length of the words at ``i`` said again at once, or across one or two words ("the tide, sorry, the
    tide"): a restart or stumble. 0 when there is none."""
    for n in (4, 3, 2, 1):
        gaps = (0, 1, 2) if n >= 2 else (0,)
        if any(i + 2 * n + g <= len(tokens) and tokens[i : i + n] == tokens[i + n + g : i + 2 * n + g]
               for g in gaps):
            return n
    return 0


def clean(tokens: list[str], lex: Lexicon) -> list[str]:
    """The reading a take meant: fillers and self-corrections (« non pardon ») dropped, each restart's abandoned
    words dropped."""
    kept, i = [], 0
    tokens = [t for t in tokens if t not in lex.fillers]
    without_phrases, j = [], 0
    while j < len(tokens):
        n = phrase_at(tokens, j, lex.restarts)
        without_phrases += [] if n else [tokens[j]]
        j += n or 1
    tokens = without_phrases
    while i < len(tokens):
        n = repeats_at(tokens, i)
        if n:
            i += n  # keep the later attempt
            continue
        kept.append(tokens[i])
        i += 1
    return kept


def _contained(reference: list[str], candidate: list[str]) -> float:
    matched = sum(b.size for b in SequenceMatcher(None, candidate, reference, autojunk=False).get_matching_blocks())
    return matched / len(reference) if reference else 1.0
