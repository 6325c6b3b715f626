"""What ``derush learn`` and the panel send the server to teach a project: the stretches of media the proposal used
and those the editor's cut uses, with what the proposal was made from (so the server finds the same lines)."""

from __future__ import annotations

import re

from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.cut_reading import Cut
from resolve_plugin.job_options import cut_options

#: what the server accepts in a project's name (``inference_server/cut/preferences.py``: it names a file)
_NOT_ALLOWED = re.compile(r"[^\w .-]+")


def used_ranges(cut: Cut) -> list[pb.UsedRange]:
    return [pb.UsedRange(media_id=e.media_id, name=e.name, start_s=e.start_s, end_s=e.end_s)
            for e in cut.events if e.speed]


def learn_request(project: str, proposal: Cut, final: Cut) -> pb.LearnPreferencesRequest:
    return pb.LearnPreferencesRequest(project=project, media_ids=proposal.source_media_ids,
                                      options=cut_options(script_text=proposal.script_text), used=used_ranges(final),
                                      proposed=used_ranges(proposal))


def project_key(name: str) -> str:
    """A Resolve project's name as the project whose preferences it learns and uses: characters a file name cannot
    hold become '-' ("Doc: part 1/2" -> "Doc- part 1-2"); "" when nothing is left."""
    key = _NOT_ALLOWED.sub("-", name).replace("..", "-").strip(" .-")
    return key[:80].rstrip(" .-")
