"""A project's take preferences, learned from the takes its editor used (``derush learn``).

Each take of a line is a vector of named features: the scoring's (``scoring.py``, whose default weights make
``TakeScore.value`` exactly the dot product below) plus delivery speed, take order within the line, take length
and the clip's loudness. Every line where the editor used one take and not the others gives pairs "this take
over that one"; the weights are a pairwise logistic ranking over those pairs, regularised towards the default
weights (a Gaussian prior, in each feature's typical unit), so a few lines move the weights only as far as they
agree with each other. Pairs are kept per project (``preferences/<project>.json`` in the data dir, one file for
every seat of a studio box) and the weights refit from all of them at each lesson; another project never reads
them, and a project can be reset.
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

from inference_server.cut.scoring import DEAD_AIR_S, TakeScore, Weights, score
from inference_server.cut.takes import Line, source_order
from inference_server.store import _write_atomically
from protos.derush.v1 import derush_pb2 as pb
from protos.errors import InvalidRequest
from protos.media_files import file_name
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

#: strength of the pull towards the defaults, per unit of a weight's effect on typical takes: a feature moves
#: only when the editor's choices, together, push on it harder than this
PRIOR_STRENGTH = 1.0
_SMOOTH = 0.01  # the Laplace prior's rounding near the defaults (Newton needs a curvature there)
_RIDGE = 0.05
#: a weight moved by less than this (in typical-difference units) is not worth saying
SAID_CHANGE = 0.25
MAX_PAIRS = 20_000  # the newest pairs are kept: an editor's taste drifts over a long show
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


def fit(pairs: np.ndarray, prior: np.ndarray = DEFAULTS) -> np.ndarray:
    """Weights w maximising sum(log sigmoid(w . d)) over the pair differences ``d`` (used take minus another
    take of its line), less a Laplace prior centred on ``prior`` (smoothed; plus a little ridge): a sparse change,
    so the few features the editor's choices agree on move and the rest keep their defaults. Damped Newton
    steps (the problem is convex)."""
    if not len(pairs):
        return prior.copy()
    # v = w * typical difference: a weight's effect on the value of typical takes, so one prior strength suits
    # every feature (a confidence weight moves as easily as a take-order weight, in what it does to the choice)
    x = pairs / SCALES
    v0 = prior * SCALES
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
    return v / SCALES


@dataclass
class Preferences:
    project: str
    weights: np.ndarray = field(default_factory=lambda: DEFAULTS.copy())
    pairs: list[list[float]] = field(default_factory=list)
    lines_learned: int = 0

    def value(self, features: np.ndarray) -> float:
        return float(features @ self.weights)

    def learned(self) -> list[str]:
        """What the project learned, in words, strongest first."""
        change = (self.weights - DEFAULTS) * SCALES
        said = [(abs(c), FEATURES[n][2] if c > 0 else FEATURES[n][3]) for n, c in zip(NAMES, change)
                if abs(c) >= SAID_CHANGE]
        return [words for _, words in sorted(said, reverse=True)]

    def why(self, chosen: np.ndarray, default_choice: np.ndarray) -> str:
        """The learned preference that most favours ``chosen`` over the take the defaults would choose."""
        contribution = (self.weights - DEFAULTS) * (chosen - default_choice)
        best = int(np.argmax(contribution))
        change = self.weights[best] - DEFAULTS[best]
        return FEATURES[NAMES[best]][2] if change > 0 else FEATURES[NAMES[best]][3]

    def rerank(self, ranked: list[TakeScore]) -> tuple[list[TakeScore], str]:
        """The takes ranked by the learned weights, and the words to add to the reason when the learned
        preference, not the defaults, decided the choice ("" otherwise)."""
        vectors = line_features(ranked)
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
                     for n, w, d in zip(NAMES, self.weights, DEFAULTS)])


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
            pairs = [list(map(float, p)) for p in data["pairs"]]
            weights = np.array(data["weights"], dtype=float)
            if weights.shape != DEFAULTS.shape or any(len(p) != len(NAMES) for p in pairs):
                raise ValueError("wrong sizes")
            return Preferences(project, weights, pairs, int(data["lines_learned"])), []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            kept = path.with_name(f"{path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}.json")
            path.replace(kept)
            log.warning("preferences of %s unreadable (%s): set aside as %s", project, exc, kept)
            return Preferences(project), [
                f"The learned preferences of project {project} could not be read ({exc}); they were reset to the "
                f"defaults and the damaged file kept as {kept.name} on the server. Nothing else was touched: "
                "learn again from the editor's cuts."]

    def save(self, prefs: Preferences) -> None:
        data = {"version": 1, "project": prefs.project, "features": list(NAMES),
                "weights": [float(w) for w in prefs.weights], "lines_learned": prefs.lines_learned,
                "pairs": prefs.pairs}
        _write_atomically(self._path(prefs.project), json.dumps(data).encode())

    def learn(self, project: str, pairs: list[np.ndarray], lines: int) -> tuple[Preferences, list[str]]:
        with self._lock:  # two seats teaching the same project at once: one after the other
            prefs, notes = self.load(project)
            prefs.pairs = (prefs.pairs + [[float(x) for x in p] for p in pairs])[-MAX_PAIRS:]
            prefs.lines_learned += lines
            prefs.weights = fit(np.array(prefs.pairs, dtype=float).reshape(-1, len(NAMES)))
            self.save(prefs)
            return prefs, notes

    def reset(self, project: str) -> Preferences:
        with self._lock:
            self._path(project).unlink(missing_ok=True)
            return Preferences(check_project(project))


@dataclass
class Lesson:
    pairs: list[np.ndarray]
    lines: int  # lines whose used take taught something
    notes: list[str]


def _source_seconds(used: pb.UsedRange, analysis: pb.ClipAnalysis) -> tuple[float, float]:
    """The used range in seconds from the clip's first frame (the cut files count the start timecode in)."""
    rate = analysis.fps_num / analysis.fps_den if analysis.fps_num else 24.0
    start = timecode_to_frames(analysis.start_timecode or "00:00:00:00", rate) / rate
    return used.start_s - start, used.end_s - start


def lesson(lines: list[Line], analyses: list[pb.ClipAnalysis], used: list[pb.UsedRange],
           favour: list[str]) -> Lesson:
    """The pairs "the editor's take over another take of its line" from what the editor's cut uses."""
    by_id = {a.media_id: a for a in analyses}
    by_name = {file_name(a.path).lower(): a for a in analyses}
    ranges: dict[str, list[tuple[float, float]]] = {}
    unknown = set()
    for u in used:
        analysis = by_id.get(u.media_id) or by_name.get(u.name.lower())
        if analysis is None:
            unknown.add(u.name or u.media_id)
            continue
        ranges.setdefault(analysis.media_id, []).append(_source_seconds(u, analysis))
    notes = []
    if unknown:
        notes.append(f"{len(unknown)} clip(s) in the editor's cut were never analysed with this cut's clips "
                     f"({', '.join(sorted(unknown)[:5])}): not learned from. Analyse them and cut with them to "
                     "learn from them.")
    pairs, taught, removed, single = [], 0, 0, 0
    for line in lines:
        if len(line.takes) < 2:
            single += 1
            continue
        scored = [score(t, favour) for t in line.takes]
        shares = []
        for t in line.takes:
            length = max(1e-3, t.end - t.start)
            covered = sum(max(0.0, min(b, t.end) - max(a, t.start)) for a, b in ranges.get(t.analysis.media_id, []))
            shares.append(covered / length)
        best = max(range(len(shares)), key=shares.__getitem__)
        if shares[best] < USED_SHARE:
            removed += 1
            continue
        vectors = line_features(scored)
        pairs += [vectors[best] - v for i, v in enumerate(vectors) if i != best]
        taught += 1
    if not taught and removed:
        raise InvalidRequest("The editor's cut uses none of the takes of this cut's lines (no shared clip, or "
                             "other parts of them): is it the cut of these rushes? Nothing was learned.")
    if removed:
        notes.append(f"{removed} line(s) are not in the editor's cut: no take preference learned from them.")
    if single:
        notes.append(f"{single} line(s) had a single take: nothing to prefer it over.")
    return Lesson(pairs, taught, notes)
