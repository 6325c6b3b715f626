"""A project's take preferences, learned from the takes its editor used (``derush learn``).

Each take of a line is a vector of named features: the scoring's (``scoring.py``, whose default weights make
``TakeScore.value`` exactly the dot product below) plus delivery speed, take order within the line, take length
and the clip's loudness. Every line where the editor used one take and not the others gives pairs "this take
over that one"; the weights are a pairwise logistic ranking over those pairs, regularised towards the default
weights (a Gaussian prior, in each feature's typical unit), so a few lines move the weights only as far as they
agree with each other. Pairs are kept per project (``preferences/<project>.json`` in the data dir, one file for
every seat of a studio box) and the weights refit from all of them at each lesson; another project never reads
them, and a project can be reset.

Two more kinds of choice teach it:
- the voice: each voice the editor chose for or against (its speaker embedding, matched across clips and jobs,
  whose speaker labels are only a job's own) is a feature of its own, "this take is said by that voice", default
  weight 0; so an editor who always takes one speaker's delivery of a line teaches the project that voice;
- removed lines: the takes of a line the proposal used and the editor's cut leaves out were not wanted, so each
  is a pair "the takes the editor kept over this one", over the features that compare across lines (a take's
  flaws and clarity: not its speed, length, level or place among its line's takes, which depend on the line).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from inference_server.cut.characters import speaker_of
from inference_server.cut.scoring import DEAD_AIR_S, TakeScore, Weights, score
from inference_server.cut.takes import Line, Take, source_order
from inference_server.speaker_registry import SAME_VOICE
from inference_server.store import _write_atomically
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import InvalidRequest
from protos.media_files import file_name, file_stem
from protos.timecode import timecode_to_frames

log = logging.getLogger(__name__)

_W = Weights()
#: feature -> (default weight, typical size of a difference between two takes, what a higher weight means,
#: what a lower one means)
FEATURES: dict[str, tuple[float, float, str, str]] = {
    "completeness": (_W.completeness, 0.2, "prefers complete takes even more", "minds incomplete takes less"),
    "restarts": (-_W.restart, 1.0, "minds restarts less", "minds restarts more"),
    "fillers": (-_W.filler, 1.0, "minds filler words less", "minds filler words more"),
    "confidence": (_W.confidence, 0.1, "prefers clearer diction", "minds unclear diction less"),
    "dead_air": (-_W.dead_air, 1.0, "minds dead air less", "minds dead air more"),
    "sound_problems": (-_W.sound_problem, 1.0, "minds sound problems less", "minds sound problems more"),
    "picture_problems": (-_W.picture_problem, 1.0, "minds picture problems less", "minds picture problems more"),
    "faces": (_W.faces, 0.5, "prefers a face on screen", "minds faces on screen less"),
    "favoured": (_W.favoured, 1.0, "follows the favoured speaker or shot more", "follows favoured ones less"),
    "words_per_s": (0.0, 1.0, "prefers faster delivery", "prefers slower delivery"),
    "take_order": (0.0, 1.0, "prefers later takes", "prefers earlier takes"),
    "length_s": (0.0, 1.0, "prefers longer takes", "prefers shorter takes"),
    "level_lufs": (0.0, 6.0, "prefers louder takes", "prefers quieter takes"),
}
NAMES = tuple(FEATURES)
DEFAULTS = np.array([FEATURES[n][0] for n in NAMES])
SCALES = np.array([FEATURES[n][1] for n in NAMES])
#: the features a removed line's takes are compared on against the takes kept in other lines: a take's flaws and
#: clarity; speed, length, level and take order depend on what the line says, not on how well it was said
ACROSS_LINES = ("completeness", "restarts", "fillers", "confidence", "dead_air", "sound_problems",
                "picture_problems", "faces")
_ACROSS = np.array([n in ACROSS_LINES for n in NAMES], dtype=float)
#: a voice's feature: no voice is preferred by default; a typical difference is one voice instead of another
VOICE_SCALE = 1.0
MAX_VOICES = 64  # a long show's cast, and then some

#: strength of the pull towards the defaults, per unit of a weight's effect on typical takes: a feature moves
#: only when the editor's choices, together, push on it harder than this
PRIOR_STRENGTH = 1.0
_SMOOTH = 0.01  # the Laplace prior's rounding near the defaults (Newton needs a curvature there)
_RIDGE = 0.05
#: a weight moved by less than this (in typical-difference units) is not worth saying
SAID_CHANGE = 0.25
MAX_PAIRS = 20_000  # the newest pairs are kept: an editor's taste drifts over a long show
#: trims: the default pace's handle (propose.HANDLES_S normal), how many trims it counts as, the room counted at
#: most per side, the newest trims kept, and how far into a word a cut may start and still be a trim of room
DEFAULT_HANDLE_S = 0.25
HANDLE_PRIOR_WEIGHT = 4
MAX_HANDLE_S = 2.0
MAX_HANDLES = 2_000
TRIM_SLACK_S = 0.1
#: a take counts as used when the editor's cut covers at least this share of it
USED_SHARE = 0.5
_PROJECT_NAME = re.compile(r"^\w[\w .-]{0,79}$")


def check_project(name: str) -> str:
    """The project name, or an InvalidRequest saying which names are allowed (it names a file on the server)."""
    name = name.strip()
    if not _PROJECT_NAME.fullmatch(name) or ".." in name:
        raise InvalidRequest(f"The project name {name!r} cannot be used: use letters, digits, spaces, '-', '_' or "
                             "'.' (no '/', '\\' or '..'), at most 80 characters, e.g. \"Les Marées S01\".")
    return name


def _loudness(take: TakeScore) -> float:
    for tag in take.take.analysis.tags:
        if tag.name == "Loudness":
            try:
                return float(tag.value.split()[0])
            except (ValueError, IndexError):
                return 0.0
    return 0.0


@dataclass
class Voice:
    """A voice the editor chose for or against: its speaker embedding (L2-normalised) and where it was first heard,
    which names it to the editor (a job's speaker labels mean nothing in the next job)."""
    embedding: np.ndarray
    heard: str  # 'says line 2 in SCC_T2 ("Nets are mended on…")'

    def same(self, other: np.ndarray) -> float:
        return float(self.embedding @ other)


def voice_of(take: Take) -> Voice | None:
    """The voice heard most in the take, or None when the clip's speakers were not analysed."""
    label = speaker_of(take)
    for speaker in take.analysis.speakers:
        if speaker.label == label and len(speaker.embedding):
            vector = np.asarray(speaker.embedding, dtype=float)
            opening = " ".join(w.word.strip() for w in take.words[:4]) + ("…" if len(take.words) > 4 else "")
            return Voice(vector / (np.linalg.norm(vector) or 1.0),
                         f'says line {take.line + 1} in {file_stem(take.analysis.path)} ("{opening}")')
    return None


def line_features(ranked: list[TakeScore]) -> list[np.ndarray]:
    """The feature vector of each scored take of one line, in the order given."""
    shot_order = sorted(ranked, key=lambda s: (source_order(s.take.analysis), s.take.start))
    last = max(1, len(ranked) - 1)
    vectors = []
    for s in ranked:
        length = max(1e-3, s.take.end - s.take.start)
        values = {
            "completeness": s.completeness, "restarts": s.restarts, "fillers": s.fillers,
            "confidence": s.confidence, "dead_air": max(0.0, s.dead_air - DEAD_AIR_S),
            "sound_problems": len(s.sound_problems), "picture_problems": len(s.picture_problems),
            "faces": s.faces or 0.0, "favoured": float(s.favoured), "words_per_s": len(s.take.words) / length,
            "take_order": shot_order.index(s) / last, "length_s": length, "level_lufs": _loudness(s),
        }
        vectors.append(np.array([values[n] for n in NAMES], dtype=float))
    return vectors


def _objective(v: np.ndarray, x: np.ndarray, v0: np.ndarray) -> float:
    margin = x @ v
    return float(np.logaddexp(0.0, -margin).sum() + PRIOR_STRENGTH * np.sqrt((v - v0) ** 2 + _SMOOTH ** 2).sum()
                 + _RIDGE * ((v - v0) ** 2).sum())


def fit(pairs: np.ndarray, prior: np.ndarray = DEFAULTS, scales: np.ndarray = SCALES) -> np.ndarray:
    """Weights w maximising sum(log sigmoid(w . d)) over the pair differences ``d`` (used take minus another
    take of its line), less a Laplace prior centred on ``prior`` (smoothed; plus a little ridge): a sparse change,
    so the few features the editor's choices agree on move and the rest keep their defaults. Damped Newton
    steps (the problem is convex)."""
    if not len(pairs):
        return prior.copy()
    # v = w * typical difference: a weight's effect on the value of typical takes, so one prior strength suits
    # every feature (a confidence weight moves as easily as a take-order weight, in what it does to the choice)
    x = pairs / scales
    v0 = prior * scales
    v = v0.copy()
    current = _objective(v, x, v0)
    for _ in range(100):
        margin = np.clip(x @ v, -30, 30)
        p = 1.0 / (1.0 + np.exp(margin))  # sigmoid(-margin): how wrong each pair still is
        delta = v - v0
        root = np.sqrt(delta ** 2 + _SMOOTH ** 2)
        gradient = -(x.T @ p) + PRIOR_STRENGTH * delta / root + 2 * _RIDGE * delta
        hessian = ((x.T * (p * (1 - p))) @ x + np.diag(PRIOR_STRENGTH * _SMOOTH ** 2 / root ** 3)
                   + 2 * _RIDGE * np.eye(len(v)))
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-4 and _objective(v - scale * step, x, v0) > current:
            scale /= 2
        v = v - scale * step
        previous, current = current, _objective(v, x, v0)
        if previous - current < 1e-9:
            break
    return v / scales


@dataclass
class Preferences:
    project: str
    weights: np.ndarray = field(default_factory=lambda: DEFAULTS.copy())  # NAMES, then one per voice
    pairs: list[list[float]] = field(default_factory=list)
    lines_learned: int = 0
    voices: list[Voice] = field(default_factory=list)
    #: the room the editor left around the words of the takes they kept (seconds, before and after each)
    handles: list[float] = field(default_factory=list)

    @property
    def handle_s(self) -> float | None:
        """The handles this project's editors trim to (their median, drawn towards the default pace's while only a
        few trims are known); None before any trim was learned."""
        if not self.handles:
            return None
        n = len(self.handles)
        return round((n * float(np.median(self.handles)) + HANDLE_PRIOR_WEIGHT * DEFAULT_HANDLE_S)
                     / (n + HANDLE_PRIOR_WEIGHT), 3)

    @property
    def defaults(self) -> np.ndarray:
        return np.concatenate([DEFAULTS, np.zeros(len(self.voices))])

    @property
    def scales(self) -> np.ndarray:
        return np.concatenate([SCALES, np.full(len(self.voices), VOICE_SCALE)])

    @property
    def names(self) -> list[str]:
        return [*NAMES, *(f"voice {k + 1}" for k in range(len(self.voices)))]

    def _words(self, index: int, higher: bool) -> str:
        if index < len(NAMES):
            return FEATURES[NAMES[index]][2 if higher else 3]
        heard = self.voices[index - len(NAMES)].heard
        return f"prefers the voice that {heard}" if higher else f"avoids the voice that {heard}"

    def voice_index(self, voice: Voice | None) -> int | None:
        """The project's voice that ``voice`` is (cosine at least SAME_VOICE, the closest), or None."""
        if voice is None or not self.voices:
            return None
        similarity = [known.same(voice.embedding) for known in self.voices]
        best = int(np.argmax(similarity))
        return best if similarity[best] >= SAME_VOICE else None

    def add_voice(self, voice: Voice | None) -> int | None:
        """The project's voice for ``voice``, added when new (None when unknown or the project has too many)."""
        found = self.voice_index(voice)
        if found is not None or voice is None or len(self.voices) >= MAX_VOICES:
            return found
        self.voices.append(voice)
        self.weights = np.concatenate([self.weights, [0.0]])
        return len(self.voices) - 1

    def vector(self, features: np.ndarray, voice: Voice | None) -> np.ndarray:
        """A take's features with its voice's column set."""
        columns = np.zeros(len(self.voices))
        index = self.voice_index(voice)
        if index is not None:
            columns[index] = 1.0
        return np.concatenate([features, columns])

    def value(self, vector: np.ndarray) -> float:
        return float(vector @ self.weights)

    def learned(self) -> list[str]:
        """What the project learned, in words, strongest first."""
        change = (self.weights - self.defaults) * self.scales
        said = [(abs(c), self._words(i, c > 0)) for i, c in enumerate(change) if abs(c) >= SAID_CHANGE]
        trims = [] if self.handle_s is None or abs(self.handle_s - DEFAULT_HANDLE_S) < 0.05 else [
            f"trims to {self.handle_s:.2f} s around the words"]
        return [words for _, words in sorted(said, reverse=True)] + trims

    def why(self, chosen: np.ndarray, default_choice: np.ndarray) -> str:
        """The learned preference that most favours ``chosen`` over the take the defaults would choose."""
        contribution = (self.weights - self.defaults) * (chosen - default_choice)
        best = int(np.argmax(contribution))
        return self._words(best, self.weights[best] > self.defaults[best])

    def rerank(self, ranked: list[TakeScore]) -> tuple[list[TakeScore], str]:
        """The takes ranked by the learned weights, and the words to add to the reason when the learned
        preference, not the defaults, decided the choice ("" otherwise)."""
        vectors = [self.vector(f, voice_of(s.take)) for f, s in zip(line_features(ranked), ranked)]
        values = [self.value(v) for v in vectors]
        order = sorted(range(len(ranked)), key=lambda i: values[i], reverse=True)
        reranked = [ranked[i] for i in order]
        if order[0] == 0:
            return reranked, ""
        return reranked, (f"chosen by the learned preference of project {self.project} "
                          f"({self.why(vectors[order[0]], vectors[0])})")

    def to_proto(self, notes: list[str] = ()) -> pb.ProjectPreferences:
        return pb.ProjectPreferences(
            project=self.project, learned=self.learned(), lines_learned=self.lines_learned, notes=list(notes),
            weights=[pb.FeatureWeight(name=n, weight=float(w), default_weight=float(d))
                     for n, w, d in zip(self.names, self.weights, self.defaults)])


@dataclass
class Pair:
    """One choice of the editor's: a wanted take's features minus another take's (NAMES), and their voices."""
    difference: np.ndarray
    wanted: Voice | None = None
    other: Voice | None = None


class PreferenceStore:
    """``<data dir>/preferences/<project>.json``; a damaged file is set aside (never deleted) and the project
    starts again from the defaults, with a note saying so."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "preferences"
        self._lock = threading.Lock()

    def _path(self, project: str) -> Path:
        return self.root / f"{check_project(project)}.json"

    def load(self, project: str) -> tuple[Preferences, list[str]]:
        path = self._path(project)
        project = check_project(project)
        if not path.is_file():
            return Preferences(project), []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("features") != list(NAMES):  # features changed since: refit the kept pairs
                raise ValueError("features changed")
            voices = [Voice(np.array(v["embedding"], dtype=float), str(v["heard"])) for v in data.get("voices", [])]
            width = len(NAMES) + len(voices)
            # pairs learned before a voice was met have no column for it: they did not involve it
            pairs = [list(map(float, p)) + [0.0] * (width - len(p)) for p in data["pairs"]]
            weights = np.array(data["weights"], dtype=float)
            if weights.shape != (width,) or any(len(p) != width for p in pairs):
                raise ValueError("wrong sizes")
            handles = [float(h) for h in data.get("handles", [])]  # version 2 files have none
            return Preferences(project, weights, pairs, int(data["lines_learned"]), voices, handles), []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            kept = path.with_name(f"{path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}.json")
            path.replace(kept)
            log.warning("preferences of %s unreadable (%s): set aside as %s", project, exc, kept)
            return Preferences(project), [
                f"The learned preferences of project {project} could not be read ({exc}); they were reset to the "
                f"defaults and the damaged file kept as {kept.name} on the server. Nothing else was touched: "
                "learn again from the editor's cuts."]

    def save(self, prefs: Preferences) -> None:
        data = {"version": 3, "project": prefs.project, "features": list(NAMES),
                "weights": [float(w) for w in prefs.weights], "lines_learned": prefs.lines_learned,
                "voices": [{"embedding": [round(float(x), 6) for x in v.embedding], "heard": v.heard}
                           for v in prefs.voices],
                "pairs": prefs.pairs, "handles": prefs.handles}
        _write_atomically(self._path(prefs.project), json.dumps(data).encode())

    def learn(self, project: str, pairs: list[Pair], lines: int,
              handles: list[float] = ()) -> tuple[Preferences, list[str]]:
        with self._lock:  # two seats teaching the same project at once: one after the other
            prefs, notes = self.load(project)
            prefs.handles = (prefs.handles + [round(h, 3) for h in handles])[-MAX_HANDLES:]
            rows = [(p.difference, prefs.add_voice(p.wanted), prefs.add_voice(p.other)) for p in pairs]
            width = len(NAMES) + len(prefs.voices)
            new = []
            for difference, wanted, other in rows:
                row = np.concatenate([difference, np.zeros(len(prefs.voices))])
                if wanted is not None:
                    row[len(NAMES) + wanted] += 1.0
                if other is not None:
                    row[len(NAMES) + other] -= 1.0
                new.append([float(x) for x in row])
            kept = [p + [0.0] * (width - len(p)) for p in prefs.pairs]
            prefs.pairs = (kept + new)[-MAX_PAIRS:]
            prefs.lines_learned += lines
            prefs.weights = fit(np.array(prefs.pairs, dtype=float).reshape(-1, width), prefs.defaults, prefs.scales)
            self.save(prefs)
            return prefs, notes

    def reset(self, project: str) -> Preferences:
        with self._lock:
            self._path(project).unlink(missing_ok=True)
            return Preferences(check_project(project))


@dataclass
class Lesson:
    pairs: list[Pair]
    lines: int  # lines that taught something: a take chosen over others, or a line removed
    notes: list[str]
    handles: list[float] = field(default_factory=list)  # the room left around each kept take's words (trims)


def _trims(take: Take, ranges: dict[str, list]) -> list[float]:
    """How much room the editor left before and after the take's words, from the ranges of its clip that the cut
    uses around them; [] when the take is not used whole (a trim into the words is a choice of words, not room)."""
    around = [(a, b) for a, b in ranges.get(take.analysis.media_id, []) if a < take.end and b > take.start]
    if not around:
        return []
    start, end = min(a for a, _ in around), max(b for _, b in around)
    before, after = take.start - start, end - take.end
    if before < -TRIM_SLACK_S or after < -TRIM_SLACK_S:
        return []
    return [min(MAX_HANDLE_S, max(0.0, before)), min(MAX_HANDLE_S, max(0.0, after))]


def _source_seconds(used: pb.UsedRange, analysis: pb.ClipAnalysis) -> tuple[float, float]:
    """The used range in seconds from the clip's first frame (the cut files count the start timecode in)."""
    rate = analysis.fps_num / analysis.fps_den if analysis.fps_num else 24.0
    start = timecode_to_frames(analysis.start_timecode or "00:00:00:00", rate) / rate
    return used.start_s - start, used.end_s - start


def _ranges(used: list[pb.UsedRange], by_id: dict, by_name: dict, unknown: set) -> dict[str, list]:
    """media id -> the (start, end) seconds from the clip's first frame that a cut uses."""
    ranges: dict[str, list[tuple[float, float]]] = {}
    for u in used:
        analysis = by_id.get(u.media_id) or by_name.get(u.name.lower())
        if analysis is None:
            unknown.add(u.name or u.media_id)
            continue
        ranges.setdefault(analysis.media_id, []).append(_source_seconds(u, analysis))
    return ranges


def _shares(line: Line, ranges: dict[str, list]) -> list[float]:
    """How much of each take of the line the cut covers (0 to 1)."""
    shares = []
    for t in line.takes:
        length = max(1e-3, t.end - t.start)
        covered = sum(max(0.0, min(b, t.end) - max(a, t.start)) for a, b in ranges.get(t.analysis.media_id, []))
        shares.append(covered / length)
    return shares


def _unexplained_clips(ranges: dict[str, list], lines: list[Line]) -> set[str]:
    """The clips where the cut uses a stretch that holds no take found of any line: one of the lines may be said
    there, in a take the lines did not find."""
    takes: dict[str, list[tuple[float, float]]] = {}
    for line in lines:
        for t in line.takes:
            takes.setdefault(t.analysis.media_id, []).append((t.start, t.end))
    return {media_id for media_id, used in ranges.items()
            if any(not any(min(b, end) > max(a, start) for start, end in takes.get(media_id, [])) for a, b in used)}


def lesson(lines: list[Line], analyses: list[pb.ClipAnalysis], used: list[pb.UsedRange],
           favour: list[str], proposed: list[pb.UsedRange] = ()) -> Lesson:
    """The pairs "the editor's take over another take of its line" from what the editor's cut uses; and, with
    ``proposed`` (what the proposal used), "the takes kept over this one" for each take of a line the proposal had
    and the editor removed (without it, a line left out is not taken as removed: the proposal may have left it)."""
    by_id = {a.media_id: a for a in analyses}
    by_name = {file_name(a.path).lower(): a for a in analyses}
    unknown: set[str] = set()
    ranges = _ranges(used, by_id, by_name, unknown)
    proposal = _ranges(proposed, by_id, by_name, set())
    unexplained = _unexplained_clips(ranges, lines)
    notes = []
    if unknown:
        notes.append(f"{len(unknown)} clip(s) in the editor's cut were never analysed with this cut's clips "
                     f"({', '.join(sorted(unknown)[:5])}): not learned from. Analyse them and cut with them to "
                     "learn from them.")
    pairs: list[Pair] = []
    kept_vectors: list[np.ndarray] = []
    unwanted: list[np.ndarray] = []  # the takes of the lines the editor removed
    taught, missing, removed, single = 0, 0, 0, 0
    handles: list[float] = []
    for line in lines:
        if not line.takes:
            continue
        scored = [score(t, favour) for t in line.takes]
        shares = _shares(line, ranges)
        best = max(range(len(shares)), key=shares.__getitem__)
        vectors = line_features(scored)
        if shares[best] < USED_SHARE:
            missing += 1
            # removed: the proposal had it, and the cut uses nothing where an unfound take of it may be
            own_clips = {t.analysis.media_id for t in line.takes}
            if proposal and max(_shares(line, proposal)) >= USED_SHARE and unexplained <= own_clips:
                removed += 1
                unwanted += vectors
            continue
        kept_vectors.append(vectors[best])
        handles += _trims(line.takes[best], ranges)
        if len(line.takes) < 2:
            single += 1
            continue
        wanted = voice_of(line.takes[best])
        pairs += [Pair(vectors[best] - v, wanted, voice_of(line.takes[i]))
                  for i, v in enumerate(vectors) if i != best]
        taught += 1
    if not kept_vectors and missing:
        raise InvalidRequest("The editor's cut uses none of the takes of this cut's lines (no shared clip, or "
                             "other parts of them): is it the cut of these rushes? Nothing was learned.")
    if unwanted:
        kept = np.mean(kept_vectors, axis=0)
        pairs += [Pair((kept - v) * _ACROSS) for v in unwanted]
        notes.append(f"{removed} line(s) of the proposal are not in the editor's cut: their takes were counted as "
                     "not wanted, against the takes kept.")
    if missing - removed:
        notes.append(f"{missing - removed} line(s) are not in the editor's cut: no take preference learned from "
                     "them.")
    if single:
        notes.append(f"{single} line(s) had a single take: nothing to prefer it over.")
    return Lesson(pairs, taught + removed, notes, handles)
