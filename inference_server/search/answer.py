"""A Search request -> its response: the query parsed, the filters checked, the index asked, the hits shown to
the seat (``seat_view``)."""

from __future__ import annotations

import time

from inference_server.paths import PathPolicy
from inference_server.search.index import MAX_LIMIT, SearchFilters, SearchIndex
from inference_server.search.query import InvalidQuery, parse
from inference_server.search.seat_view import for_seat
from inference_server.store import UploadStore
from protos.derush.v1 import derush_pb2 as pb

MAX_FILTER_CHARS = 200


def filters_of(request: pb.SearchRequest) -> SearchFilters:
    given = [("speaker", request.speaker), ("shot type", request.shot_type), ("language", request.language),
             ("clip", request.clip_glob), *(("tag", t) for t in request.tags)]
    for name, value in given:
        if len(value) > MAX_FILTER_CHARS:
            raise InvalidQuery(f"The {name} filter is {len(value)} characters long; keep it under {MAX_FILTER_CHARS}.")
    tags = []
    for text in request.tags:
        name, _, value = text.partition("=")
        if not name.strip() or not value.strip():
            raise InvalidQuery(f"Tag filter {text!r}: give NAME=VALUE, e.g. \"Shot Type=close-up\" or Scene=2.")
        tags.append((name.strip(), value.strip()))
    if request.limit < 0 or request.limit > MAX_LIMIT:
        raise InvalidQuery(f"Ask for between 1 and {MAX_LIMIT} hits (limit {request.limit}).")
    return SearchFilters(speaker=request.speaker.strip(), shot_type=request.shot_type.strip(),
                         language=request.language.strip(), tags=tags, clip_glob=request.clip_glob.strip(),
                         limit=request.limit)


def answer(index: SearchIndex, request: pb.SearchRequest, policy: PathPolicy,
           uploads: UploadStore) -> pb.SearchResponse:
    began = time.perf_counter()
    query = parse(request.query)
    filters = filters_of(request)
    hits = for_seat(index.search(query, filters), policy, uploads, list(request.seat_roots))
    notes = query.notes + index.notes
    index.notes = []
    return pb.SearchResponse(hits=hits, notes=notes, indexed_clips=index.clip_count(),
                             seconds=time.perf_counter() - began)
