"""Search over every stored analysis: an SQLite FTS5 index of transcripts, tags, on-screen text and markers.

``text`` normalises words (case, accents, plurals) the same way for the index and the query; ``query`` turns what a
user typed into a safe FTS5 expression; ``index`` keeps the index beside the result store; ``seat_view`` decides
which hits a seat sees and under which path.
"""
