"""The search index: ``search.sqlite`` in the data dir, an SQLite FTS5 table over every stored analysis.

One row per thing to find (a transcript segment with its word times, a tag, a marker) in ``docs``, its folded terms
(``text.indexed_text``) in the FTS5 table ``docs_fts`` under the same rowid, the clip's facts in ``clips`` and its
tags, folded, in ``tags`` for the filters. A clip is indexed from its most complete analysis, as ``ResultStore.get``
chooses: a later shots-only pass does not replace the full one. A damaged file is moved aside and rebuilt from the
result store, with a note for the next search.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from inference_server.search.query import ParsedQuery, Term
from inference_server.search.text import fold, indexed_text, terms
from inference_server.search.word_times import tightened
from inference_server.store import ResultStore
from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name, media_id_for
from protos.resolve_vocabulary import custom_data

log = logging.getLogger(__name__)

INDEX_FILE = "search.sqlite"
SCHEMA_VERSION = "1"
DEFAULT_LIMIT, MAX_LIMIT = 50, 1000
CONTEXT_WORDS = 5
SHOT_TYPE_TAG = "Shot Type"
# markers that repeat what is indexed already, from the transcript itself (speech, speaker turns)
_REPEATS = {custom_data("speech"), custom_data("speaker")}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS clips(media_id TEXT PRIMARY KEY, path TEXT, language TEXT, duration_s REAL,
    fps_num INTEGER, fps_den INTEGER, frames INTEGER, start_timecode TEXT, analyzers INTEGER);
CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, media_id TEXT, kind TEXT, field TEXT, start REAL, end REAL,
    speaker TEXT, speaker_key TEXT, text TEXT, words TEXT);
CREATE INDEX IF NOT EXISTS docs_media ON docs(media_id);
CREATE TABLE IF NOT EXISTS tags(media_id TEXT, name TEXT, value TEXT, start REAL, end REAL);
CREATE INDEX IF NOT EXISTS tags_media ON tags(media_id, name, value);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2');
"""

# a tag that holds for the whole clip (start == end == 0) counts only where the clip has no timed tag of that name
# (faces: one whole-clip "Shot Type" summary beside timed ones per shot)
_TAG_FILTER = """EXISTS (SELECT 1 FROM tags t WHERE t.media_id = d.media_id AND t.name = ? AND t.value = ? AND (
    (t.start < d.end AND t.end > d.start) OR (t.start = 0 AND t.end = 0 AND NOT EXISTS (
        SELECT 1 FROM tags u WHERE u.media_id = d.media_id AND u.name = t.name
        AND NOT (u.start = 0 AND u.end = 0)))))"""

# the same, for one located hit (its words' times, narrower than its segment's)
_HIT_TAG = """SELECT 1 FROM tags t WHERE t.media_id = ? AND t.name = ? AND t.value = ? AND ((t.start < ? AND t.end > ?)
    OR (t.start = 0 AND t.end = 0 AND NOT EXISTS (SELECT 1 FROM tags u WHERE u.media_id = t.media_id
        AND u.name = t.name AND NOT (u.start = 0 AND u.end = 0)))) LIMIT 1"""


@dataclass
class SearchFilters:
    speaker: str = ""
    shot_type: str = ""
    language: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)  # (name, value)
    clip_glob: str = ""
    limit: int = DEFAULT_LIMIT


def _glob(path: str, pattern: str) -> bool:
    """``--clip``: the pattern against the file name or the whole path, case- and accent-insensitive."""
    pattern = fold(pattern)
    return fnmatch.fnmatchcase(fold(file_name(path)), pattern) or fnmatch.fnmatchcase(fold(path), pattern)


class SearchIndex:
    """Thread-safe: the jobs' workers add results while searches run on the server's loop."""

    def __init__(self, path: Path, results: ResultStore) -> None:
        self.path = path
        self.results = results
        self.notes: list[str] = []  # said once, with the next search (a rebuild after damage)
        self._lock = threading.RLock()
        self._db = self._open()

    # --- opening, damage, rebuilding ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.create_function("derush_glob", 2, _glob, deterministic=True)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it consistent; a power cut may lose the last adds
        db.executescript(_SCHEMA)
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        return db

    def _open(self) -> sqlite3.Connection:
        fresh = not self.path.exists()
        try:
            db = self._connect()
            version = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            log.warning("search index %s is damaged (%s): moved to %s, rebuilding it from the stored analyses",
                        self.path, exc, aside.name)
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if part.exists():
                    part.replace(Path(f"{aside}{suffix}"))
            db = self._connect()
            self._db = db
            count = self.rebuild()
            self.notes.append(f"The search index was damaged; it was rebuilt from the {count} stored analyses "
                              f"(the damaged file is kept as {aside.name}).")
            return db
        self._db = db
        if version is None or version[0] != SCHEMA_VERSION:
            if not fresh:
                log.info("search index %s is from another version of derush: rebuilding it", self.path)
            count = self.rebuild()
            if count:
                log.info("search index: %d stored analyses indexed", count)
        return db

    def rebuild(self) -> int:
        """Index every stored analysis again, from the result store; returns the number of clips."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                for table in ("clips", "docs", "tags", "docs_fts"):
                    db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
                count = 0
                folders = sorted(self.results.root.iterdir()) if self.results.root.is_dir() else []
                for folder in folders:
                    if not folder.is_dir():
                        continue
                    try:
                        analysis = self.results.get(media_id_for(folder.name))
                    except Exception:  # noqa: BLE001 - a stray folder is not a result
                        continue
                    if analysis is not None:
                        self._write(analysis)
                        count += 1
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return count

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- adding ---------------------------------------------------------------------------------------------------

    def add(self, analysis: pb.ClipAnalysis) -> bool:
        """Index a clip's analysis unless a more complete one is indexed for its content; True when indexed."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT analyzers FROM clips WHERE media_id = ?", (analysis.media_id,)).fetchone()
                if row is not None and row[0] > len(set(analysis.analyzers)):
                    db.execute("COMMIT")
                    return False
                self._write(analysis)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return True

    def _write(self, analysis: pb.ClipAnalysis) -> None:
        db, media_id = self._db, analysis.media_id
        ids = [r[0] for r in db.execute("SELECT id FROM docs WHERE media_id = ?", (media_id,))]
        db.executemany("DELETE FROM docs_fts WHERE rowid = ?", ((i,) for i in ids))
        for table in ("docs", "tags", "clips"):
            db.execute(f"DELETE FROM {table} WHERE media_id = ?", (media_id,))  # noqa: S608 - fixed table names
        db.execute("INSERT INTO clips VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (media_id, analysis.path, fold(analysis.speech.language), analysis.duration_s, analysis.fps_num,
                    analysis.fps_den, analysis.frames, analysis.start_timecode, len(set(analysis.analyzers))))
        for doc in _documents(analysis):
            cursor = db.execute("INSERT INTO docs(media_id, kind, field, start, end, speaker, speaker_key, text, words)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                (media_id, doc.kind, doc.field, doc.start, doc.end, doc.speaker,
                                 indexed_text(doc.speaker), doc.text, json.dumps(doc.words) if doc.words else ""))
            db.execute("INSERT INTO docs_fts(rowid, terms) VALUES (?, ?)", (cursor.lastrowid, indexed_text(doc.text)))
        db.executemany("INSERT INTO tags VALUES (?, ?, ?, ?, ?)",
                       ((media_id, indexed_text(t.name), indexed_text(t.value), t.start, t.end) for t in analysis.tags))

    # --- searching -------------------------------------------------------------------------------------------------

    def clip_count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM clips").fetchone()[0]

    def search(self, query: ParsedQuery, filters: SearchFilters) -> list[pb.SearchHit]:
        """Hits best first, each located at its words; paths as stored (``seat_view`` maps them for a seat)."""
        limit = min(max(filters.limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
        sql = ["SELECT d.kind, d.field, d.start, d.end, d.speaker, d.text, d.words, bm25(docs_fts), c.media_id, "
               "c.path, c.language, c.duration_s, c.fps_num, c.fps_den, c.frames, c.start_timecode "
               "FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid JOIN clips c ON c.media_id = d.media_id "
               "WHERE docs_fts MATCH ?"]
        params: list = [query.fts()]
        if filters.speaker:
            sql.append("AND d.speaker_key = ?")
            params.append(indexed_text(filters.speaker))
        if filters.language:
            sql.append("AND c.language = ?")
            params.append(fold(filters.language))
        if filters.clip_glob:
            sql.append("AND derush_glob(c.path, ?)")
            params.append(filters.clip_glob)
        wanted_tags = list(filters.tags) + ([(SHOT_TYPE_TAG, filters.shot_type)] if filters.shot_type else [])
        for name, value in wanted_tags:
            sql.append("AND " + _TAG_FILTER)
            params += [indexed_text(name), indexed_text(value)]
        sql.append("ORDER BY bm25(docs_fts), c.path, d.start LIMIT ?")
        params.append(limit)
        with self._lock:
            rows = self._db.execute(" ".join(sql), params).fetchall()
        hits: list[pb.SearchHit] = []
        with self._lock:
            for row in rows:
                hits += [hit for hit in _located_hits(row, query.terms) if self._tags_hold(hit, wanted_tags)]
                if len(hits) >= limit:
                    break
        return hits[:limit]

    def _tags_hold(self, hit: pb.SearchHit, wanted: list[tuple[str, str]]) -> bool:
        return all(self._db.execute(_HIT_TAG, (hit.media_id, indexed_text(name), indexed_text(value), hit.end,
                                               hit.start)).fetchone() for name, value in wanted)


@dataclass
class _Document:
    kind: str
    field: str
    start: float
    end: float
    text: str
    speaker: str = ""
    words: list[list] = field(default_factory=list)  # [start, end, word]


def _documents(analysis: pb.ClipAnalysis) -> list[_Document]:
    docs = []
    turns = list(analysis.speech.turns)
    for segment in analysis.speech.segments:
        speaker = segment.speaker or _speaker_at(turns, (segment.start + segment.end) / 2)
        words = tightened([[round(w.start, 3), round(w.end, 3), w.word.strip()] for w in segment.words])
        docs.append(_Document("speech", "", segment.start, segment.end, segment.text.strip(), speaker, words))
    for tag in analysis.tags:
        whole = tag.start == 0 and tag.end == 0
        docs.append(_Document("tag", tag.name, 0.0 if whole else tag.start,
                              analysis.duration_s if whole else tag.end, tag.value))
    fps = analysis.fps or 1.0
    for marker in analysis.markers:
        if marker.custom_data in _REPEATS:
            continue
        text = " \u2014 ".join(part for part in (marker.name, marker.note) if part)
        docs.append(_Document("marker", "Marker", marker.frame / fps, (marker.frame + marker.duration) / fps, text))
    return docs


def _speaker_at(turns: list[pb.SpeakerTurn], t: float) -> str:
    return next((turn.speaker for turn in turns if turn.start <= t < turn.end), "")


def _located_hits(row: tuple, query_terms: list[Term]) -> list[pb.SearchHit]:
    """One hit per occurrence of a one-term query in a transcript segment, at its words' times; otherwise one hit
    spanning the matched words (or the whole document when it has no word times)."""
    (kind, field_name, start, end, speaker, text, words_json, rank, media_id, path, language, duration_s, fps_num,
     fps_den, frames, start_timecode) = row
    base = dict(path=path, media_id=media_id, speaker=speaker, score=-rank, kind=kind, field=field_name,
                fps_num=fps_num, fps_den=fps_den, frames=frames, start_timecode=start_timecode, language=language,
                duration_s=duration_s)
    words = json.loads(words_json) if words_json else []
    if not words:
        context = f"{field_name}: {text}" if field_name else text
        return [pb.SearchHit(start=start, end=end, text=text, context=context, **base)]
    # the document's terms, each knowing the word it came from
    flat = [(term, i) for i, (_, _, word) in enumerate(words) for term in terms(word)]
    doc_terms = [term for term, _ in flat]
    spans = []  # (first word, last word) of each occurrence
    for term in query_terms:
        for position in range(len(flat)):
            if term.matches_at(doc_terms, position):
                spans.append((flat[position][1], flat[position + len(term.words) - 1][1]))
    if not spans:  # the FTS matched across words this walk does not see: the whole segment
        return [pb.SearchHit(start=start, end=end, text=text, context=text, **base)]
    if len(query_terms) > 1:
        spans = [(min(s[0] for s in spans), max(s[1] for s in spans))]
    hits = []
    for first, last in sorted(set(spans)):
        matched = " ".join(w[2] for w in words[first:last + 1])
        before = " ".join(w[2] for w in words[max(0, first - CONTEXT_WORDS):first])
        after = " ".join(w[2] for w in words[last + 1:last + 1 + CONTEXT_WORDS])
        context = " ".join(p for p in ("\u2026" + before if first > CONTEXT_WORDS else before, f"[{matched}]",
                                       after + "\u2026" if last + 1 + CONTEXT_WORDS < len(words) else after) if p)
        hits.append(pb.SearchHit(start=words[first][0], end=words[last][1], text=matched, context=context, **base))
    return hits
