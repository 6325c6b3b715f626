"""The two jobs an editor asks for, from Resolve clips to Resolve writes, over the derush server.

- ``auto_tag``: analyse the clips, write tags and markers back to the media pool;
- ``suggest_cut`` then ``apply_cut``: a proposed cut, then a new timeline built from it.
Used by the CLI (``derush resolve ...``) and the panel; all Resolve access goes through ``resolve/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import EditPlan
from protos.plan_wire import plan_from_proposal
from resolve_plugin.client import AnalyzeOutcome, DerushClient
from resolve_plugin.job_options import DEFAULT_ALTERNATES
from resolve_plugin.resolve.reader import ClipSelection, ResolveClip
from resolve_plugin.resolve.tags import WriteReport, write_clip_analysis
from resolve_plugin.resolve.timeline_builder import TimelineReport, build_timeline


@dataclass
class ClipOutcome:
    clip: ResolveClip
    analysis: pb.ClipAnalysis | None = None
    error: pb.Error | None = None
    written: WriteReport | None = None


@dataclass
class TagOutcome:
    clips: list[ClipOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    job_id: str = ""

    @property
    def analysed(self) -> list[ClipOutcome]:
        return [c for c in self.clips if c.analysis is not None]


def analyze(client: DerushClient, selection: ClipSelection, options: pb.AnalysisOptions | None = None,
            on_event: Callable[[pb.JobEvent], None] | None = None, priority: int = 0) -> TagOutcome:
    outcome = TagOutcome(skipped=[f"{s.name}: {s.reason}" for s in selection.skipped])
    if not selection.clips:
        return outcome
    refs = [pb.MediaRef(path=c.path, display_path=c.path) for c in selection.clips]
    result: AnalyzeOutcome = client.analyze(refs, options, priority=priority, client_name="derush-resolve",
                                            on_event=on_event)
    outcome.job_id = result.job_id
    for clip, analysis, error in zip(selection.clips, result.results, result.errors):
        outcome.clips.append(ClipOutcome(clip, analysis, error))
    return outcome


def auto_tag(client: DerushClient, selection: ClipSelection, options: pb.AnalysisOptions | None = None,
             on_event: Callable[[pb.JobEvent], None] | None = None, clip_color: str | None = None) -> TagOutcome:
    """Analyse ``selection`` and write each result to its clip (read back, nothing of the editor's replaced)."""
    outcome = analyze(client, selection, options, on_event)
    for clip in outcome.analysed:
        clip.written = write_clip_analysis(clip.clip.item, clip.analysis, clip_color)
    return outcome


def suggest_cut(client: DerushClient, tagged: TagOutcome, options: pb.CutOptions) -> tuple[pb.CutProposal, EditPlan]:
    media_ids = [c.analysis.media_id for c in tagged.analysed]
    proposal = client.suggest_cut(media_ids, options)
    return proposal, plan_from_proposal(proposal)


def apply_cut(project, plan: EditPlan, selection: ClipSelection,
              alternates: str = DEFAULT_ALTERNATES) -> TimelineReport:
    """Build the plan as a new timeline; clips are matched to media-pool items by file path; ``alternates``: where
    the runner-up takes go (job_options.ALTERNATES)."""
    items = {clip.path: clip.item for clip in selection.clips}
    return build_timeline(project, plan, items, alternates)
