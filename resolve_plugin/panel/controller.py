"""The panel's work, without Qt: reach Resolve and a server, read the clips, tag, cut, apply, undo, cancel.

Every method may block (gRPC, Resolve) and runs on a worker thread; each failure a user can meet comes back as
a ``PanelError`` whose message says what happened and how to fix it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from protos.derush.v1 import derush_pb2 as pb
from protos.edit_plan import EditPlan
from protos.fountain import dialogue, is_fountain
from protos.interchange import WriterError, write
from protos.plan_wire import plan_to_proposal
from protos.resolve_vocabulary import custom_data
from protos.timecode import seconds_to_frame
from protos.vocabulary import VocabularyError
from resolve_plugin.builtin_server import NoBuiltinServer, embedded_server
from resolve_plugin.client import ClientError, DerushClient, ServerUnavailable
from resolve_plugin.cut_eval import Evaluation, evaluate
from resolve_plugin.cut_reading import Cut, CutFileError, proposal_from_json, read_resolve_timeline
from resolve_plugin.job_options import (
    INTERACTIVE_PRIORITY,
    ScriptError,
    analysis_options,
    chosen_vocabulary,
    cut_options,
    parse_aspect,
    read_script,
)
from resolve_plugin.learn_request import learn_request, project_key
from resolve_plugin.panel import proposal_choices as pc
from resolve_plugin.panel.preferences import PanelSettings
from resolve_plugin.resolve import reader
from resolve_plugin.resolve.errors import ResolveUnavailable
from resolve_plugin.resolve.link import ResolveLink
from resolve_plugin.resolve.selects_timeline import build_selects
from resolve_plugin.resolve.tags import WriteReport, write_clip_analysis
from resolve_plugin.resolve.timeline_builder import TimelineReport
from resolve_plugin.resolve.undo import UndoReport, undo_project
from resolve_plugin.results_json import cut_json
from resolve_plugin.search_hits import hit_rate, search_request
from resolve_plugin.selects import selects_plan
from resolve_plugin.workflow import TagOutcome, analyze, apply_cut, suggest_cut

log = logging.getLogger(__name__)

SEARCH_LIMIT = 200  # hits shown at most in the Search tab
SEARCH_MARKER_COLOR = "Cyan"

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")

RESOLVE_CLOSED = ("Resolve was closed (or its project unloaded) while derush was working. Open Resolve and the "
                  "project again, then click Reconnect: finished analyses are kept on the server, so nothing is "
                  "analysed twice.")


class PanelError(Exception):
    """Something the user can fix; the message says what and how."""


class CancelledByUser(PanelError):
    pass


@dataclass
class Status:
    ok: bool
    text: str  # what it is connected to, or what is wrong
    fix: str = ""  # what to do when not ok


@dataclass
class ServerStatus(Status):
    info: pb.ServerInfo | None = None
    local: bool = True


@dataclass
class CutResult:
    proposal: pb.CutProposal
    plan: EditPlan
    tagged: TagOutcome


@dataclass
class Feedback:
    """What the editor's choices or reworked timeline taught: how close the proposal came, and what the project
    learned (None, with ``problem``, when the server could not learn from it)."""
    project: str
    source: str  # "choices": the swaps and drops before Apply; else the timeline's name
    evaluation: Evaluation
    preferences: pb.ProjectPreferences | None = None
    problem: str = ""


@dataclass
class TagResult:
    outcome: TagOutcome
    written: dict[int, WriteReport] = field(default_factory=dict)  # clip index -> what was written
    failed_writes: dict[int, str] = field(default_factory=dict)  # clip index -> why nothing was written


def describe_server(address: str, info: pb.ServerInfo, embedded: bool) -> ServerStatus:
    host = urlsplit(f"//{address}").hostname or address
    local = embedded or host in LOOPBACK
    where = "built-in server on this machine" if embedded else (
        f"server on this machine ({address})" if local else f"LAN server {info.hostname or host} ({address})")
    devices = [d.name for d in info.devices] or ["cpu"]
    gpu = any(not d.startswith("cpu") for d in devices)
    loaded = [m.name for m in info.models if m.loaded]
    models = f"{len(info.models)} models" + (f" ({', '.join(loaded)} loaded)" if loaded else "")
    text = f"{where} · derush {info.version} · {'GPU ' + ', '.join(devices) if gpu else 'CPU only'} · {models}"
    return ServerStatus(True, text, info=info, local=local)


class PanelController:
    """One panel's connections and the state of its current work (the clips, the last proposal)."""

    def __init__(self, settings: PanelSettings, open_link: Callable[[], ResolveLink],
                 data_dir: Path | None = None) -> None:
        self.settings = settings
        self._open_link = open_link
        self.data_dir = data_dir
        self.link: ResolveLink | None = None
        self.client: DerushClient | None = None
        self._embedded = None
        self._server_key: tuple[str, str] | None = None
        self.selection: reader.ClipSelection | None = None
        self.folders: list[str] = []  # the media pool's folders, by path, for the folder choice
        self.tagged: TagOutcome | None = None
        self.cut: CutResult | None = None
        self.choices: dict[int, str] = {}  # line of the proposal -> proposal_choices.SWAP or DROP
        self.applied: tuple[EditPlan, str] | None = None  # the plan last applied, and its timeline's name
        self.feedback: Feedback | None = None  # the last lesson: from the choices at Apply, or from a timeline
        self.job_id = ""
        self.resolve_lost = False  # set when Resolve stops answering mid-work: the panel shows it disconnected
        self._cancel = threading.Event()
        self._lock = threading.Lock()

    # --- connections --------------------------------------------------------------------------------------------

    def connect_resolve(self) -> Status:
        self.resolve_lost = False
        try:
            self.link = self._open_link()
            self._check_resolve()
            project = self.link.project()
        except ResolveUnavailable as exc:
            self.link = None
            return Status(False, "Not connected to Resolve", str(exc))
        except PanelError:
            self.link = None
            return Status(False, "Resolve is not running", "Start DaVinci Resolve, open the project, then click "
                          "Reconnect (from Resolve, Workspace ▸ Scripts ▸ Utility ▸ derush opens the panel for it).")
        return Status(True, f"{self.link.describe()} · project {project.GetName()!r}")

    def connect_server(self) -> ServerStatus:
        """Reach the server in the settings (or start the built-in one) and ask it what it is."""
        key = (self.settings.server.strip(), self.settings.token.strip())
        if self.client is None or key != self._server_key:
            self._close_server()
            try:
                self.client = self._open_client(*key)
            except ServerUnavailable:
                return ServerStatus(False, f"No derush server answers at {key[0]}", _server_fix())
            except NoBuiltinServer as exc:
                return ServerStatus(False, "No built-in server on this seat", str(exc))
            self._server_key = key
        try:
            info = self.client.server_info()
        except ClientError as exc:
            self._close_server()
            where = key[0] or "this machine"
            if _refused(exc):
                return ServerStatus(False, f"The derush server at {where} refused the token", _client_fix(exc))
            return ServerStatus(False, f"The derush server at {where} did not answer", _client_fix(exc))
        return describe_server(self.client.address, info, embedded=self._embedded is not None)

    def _open_client(self, address: str, token: str) -> DerushClient:
        if not address:
            self._embedded = embedded_server(self.data_dir).start()
            return DerushClient(self._embedded.address)
        client = DerushClient(address, token=token or None)
        try:
            client.wait_until_ready(timeout_s=3.0)
        except ServerUnavailable:
            client.close()
            raise
        return client

    def _close_server(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._embedded is not None:
            self._embedded.stop()
            self._embedded = None
        self._server_key = None

    def close(self) -> None:
        self._close_server()

    # --- clips --------------------------------------------------------------------------------------------------

    def read_clips(self) -> reader.ClipSelection:
        project = self._project()
        folders = reader.media_pool_folders(project)
        self.folders = list(folders)
        try:
            selection = reader.clips_in_scope(project, self.settings.scope, self.settings.folder)
        except reader.UnknownFolder:
            self.selection = None
            raise PanelError(f"The folder “{self.settings.folder or '?'}” is not in this project's media pool: "
                             "choose one in the list beside the scope.") from None
        self.selection, self.tagged, self.cut = selection, None, None
        return selection

    # --- work ---------------------------------------------------------------------------------------------------

    def auto_tag(self, on_event: Callable[[pb.JobEvent], None]) -> TagResult:
        """Analyse the clips and write tags and markers to each one still in the media pool."""
        outcome = self._analyze(on_event, priority=0)
        result = TagResult(outcome)
        for index, clip in enumerate(outcome.clips):
            if clip.analysis is None:
                continue
            self._check_cancelled()
            self._check_resolve()
            if not clip.clip.item.GetUniqueId():
                result.failed_writes[index] = ("removed from the media pool while it was analysed: nothing "
                                               "written. Import it again and tag it (its analysis is kept).")
                continue
            clip.written = write_clip_analysis(clip.clip.item, clip.analysis)
            result.written[index] = clip.written
        return result

    def suggest_cut(self, on_event: Callable[[pb.JobEvent], None]) -> CutResult:
        """Analyses (instant for clips already analysed) then the server's proposal, nothing written yet."""
        options = self.cut_options()  # a bad script fails here, before any work
        tagged = self.tagged if self._tagged_current() else self._analyze(on_event, INTERACTIVE_PRIORITY)
        if not tagged.analysed:
            raise PanelError("No clip could be analysed, so there is nothing to cut: see each clip's reason.")
        self._check_cancelled()
        try:
            proposal, plan = suggest_cut(self.client, tagged, options)
        except ClientError as exc:
            raise PanelError(f"The server could not propose a cut: {exc}") from None
        self._check_cancelled()
        self.cut, self.choices = CutResult(proposal, plan, tagged), {}
        return self.cut

    def apply(self) -> TimelineReport:
        """Build the proposal as a new timeline; cancelled meanwhile, the new timeline is removed again."""
        if self.cut is None or self.selection is None:
            raise PanelError("There is no proposal to apply: click Suggest rough cut first.")
        project = self._project()
        plan = self.plan_to_apply()
        report = apply_cut(project, plan, self.selection, self.settings.alternates)
        if self._cancel.is_set() and report.timeline is not None:
            project.GetMediaPool().DeleteTimelines([report.timeline])
            raise CancelledByUser("Cancelled: the new timeline was removed again; your project is as it was.")
        if report.timeline is not None:
            self.applied = (plan, report.name)
        if any(self.choices.values()):  # the editor's swaps and drops teach the project too
            self.feedback = self._teach(self._as_cut(self.cut.plan), self._as_cut(plan), "choices")
        return report

    def undo(self) -> UndoReport:
        report = undo_project(self._project())
        self.applied = None  # its timeline is gone: nothing left to learn from
        return report

    def export(self, path: str | Path, key: str) -> list[Path]:
        """Write the proposal as a file for another application or suite (``key``: a ``protos.interchange`` writer);
        returns every file written. Needs neither Resolve nor the server."""
        if self.cut is None:
            raise PanelError("There is no proposal to export: click Suggest rough cut first.")
        try:
            return write(self.plan_to_apply(), key, path)
        except WriterError as exc:
            raise PanelError(f"Could not export the proposal: {exc}") from None

    # --- the editor's choices, and learning from them -----------------------------------------------------------

    def lines(self) -> list[pc.Line]:
        return pc.lines_of(self.cut.plan) if self.cut is not None else []

    def choose(self, events: list[int], choice: str) -> None:
        """The lines of these proposal events (indexes) swapped for their runner-up, dropped, or kept as proposed."""
        lines = self.lines()
        owner = pc.line_of_event(lines)
        for index in events:
            line = owner.get(index)
            if line is None:
                continue
            if choice == pc.KEEP or (choice == pc.SWAP and lines[line].alternate is None):
                self.choices.pop(line, None)  # no runner-up to swap it for: it stays as proposed
            else:
                self.choices[line] = choice

    def plan_to_apply(self) -> EditPlan:
        """The proposal with the editor's choices."""
        if self.cut is None:
            raise PanelError("There is no proposal yet: click Suggest rough cut first.")
        return pc.edited_plan(self.cut.plan, self.choices) if any(self.choices.values()) else self.cut.plan

    def proposal_to_apply(self) -> pb.CutProposal | None:
        if self.cut is None:
            return None
        return plan_to_proposal(self.plan_to_apply()) if any(self.choices.values()) else self.cut.proposal

    def project_key(self) -> str:
        """The Resolve project's name, as the project whose preferences the cuts use and the lessons teach."""
        return project_key(str(self._project().GetName() or ""))

    def learn_from_timeline(self) -> Feedback:
        """The timeline open in Resolve (else the one Apply built), as the editor reworked it, compared with the
        plan Apply built and taught to the project."""
        if self.cut is None or self.applied is None:
            raise PanelError("Apply a proposal first, rework its timeline in Resolve, then learn from it (the panel "
                             "compares the timeline with what it built).")
        project = self._project()
        current = project.GetCurrentTimeline()
        name = current.GetName() if current else self.applied[1]
        try:
            final = read_resolve_timeline(self.link.resolve, project, name)
        except CutFileError as exc:
            raise PanelError(str(exc)) from None
        self.feedback = self._teach(self._as_cut(self.applied[0]), final, name)
        return self.feedback

    def _as_cut(self, plan: EditPlan) -> Cut:
        proposal = plan_to_proposal(plan)
        proposal.source_media_ids.extend(self.cut.proposal.source_media_ids)
        proposal.script_text = self.cut.proposal.script_text
        return proposal_from_json(cut_json(proposal))

    def _teach(self, proposal: Cut, final: Cut, source: str) -> Feedback:
        """How close ``proposal`` came to ``final``, and the lesson sent to the server for this Resolve project."""
        try:
            evaluation = evaluate(proposal, final)
        except CutFileError as exc:
            raise PanelError(str(exc)) from None
        project = self.project_key()
        feedback = Feedback(project, source, evaluation)
        if not project:
            feedback.problem = "This Resolve project's name cannot name a project: rename it to learn from it."
        elif self.client is None:
            feedback.problem = "Not connected to a derush server: nothing was learned."
        else:
            try:
                feedback.preferences = self.client.learn_preferences(learn_request(project, proposal, final))
            except ClientError as exc:
                feedback.problem = f"Nothing was learned: {exc}"
        return feedback

    # --- search -------------------------------------------------------------------------------------------------

    def search(self, query: str) -> pb.SearchResponse:
        """Hits in every analysis the server holds, best first."""
        if self.client is None:
            raise PanelError("Not connected to a derush server: see the server line at the top for the fix.")
        try:
            return self.client.search(search_request(query, limit=SEARCH_LIMIT))
        except ClientError as exc:
            raise PanelError(f"The search stopped: {_client_fix(exc)}") from None

    def make_selects(self, hits: list[pb.SearchHit], query: str) -> TimelineReport:
        """The chosen hits as a new selects timeline (a stringout with handles and a marker on each hit)."""
        if not hits:
            raise PanelError("Select one or more hits in the list first.")
        return build_selects(self._project(), selects_plan(hits, f"derush selects {query}"[:80]))

    def mark_hits(self, hits: list[pb.SearchHit], query: str) -> int:
        """A marker on each chosen hit, on its clip in the media pool (Undo derush removes them); returns how many
        Resolve kept (read back)."""
        if not hits:
            raise PanelError("Select one or more hits in the list first.")
        items = {clip.path: clip.item for clip in reader.folder_tree(
            self._project().GetMediaPool().GetRootFolder()).clips}
        marked = 0
        for hit in hits:
            item, rate = items.get(hit.path), hit_rate(hit)
            if item is None or rate is None:
                continue
            frame = seconds_to_frame(hit.start, rate)
            length = max(1, seconds_to_frame(hit.end, rate) - frame)
            if item.AddMarker(frame, SEARCH_MARKER_COLOR, f"search: {query}"[:60], hit.context or hit.text, length,
                              custom_data("search")) and frame in {int(f) for f in (item.GetMarkers() or {})}:
                marked += 1
        return marked

    def begin(self) -> None:
        """Called before each piece of work: a new Cancel applies to it alone."""
        self._cancel.clear()
        self.job_id = ""

    def cancel(self) -> None:
        """Stop the running work: the server's job is cancelled, later steps are not started."""
        self._cancel.set()
        job_id, client = self.job_id, self.client
        if job_id and client is not None:
            try:
                client.cancel(job_id)
            except ClientError as exc:
                log.warning("could not cancel job %s: %s", job_id, exc)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # --- helpers ------------------------------------------------------------------------------------------------

    def vocabulary(self) -> list[str]:
        """The vocabulary field's words, then the script's names: the same for tagging and cutting, so that a cut
        reuses the clips' stored analysis."""
        s = self.settings
        try:
            script = read_script(s.script_path) if s.script_path.strip() else ""
            chosen = chosen_vocabulary(s.vocabulary, script_text=script)
        except (ScriptError, VocabularyError) as exc:
            raise PanelError(str(exc)) from None
        if chosen.note():
            log.info("%s", chosen.note())
        return list(chosen.entries)

    def cut_options(self) -> pb.CutOptions:
        s = self.settings
        try:
            script = read_script(s.script_path) if s.script_path.strip() else ""
        except ScriptError as exc:
            raise PanelError(str(exc)) from None
        # the Resolve project's learned take preferences rank the takes (none known: the defaults)
        try:
            project = project_key(str(self.link.project().GetName() or "")) if self.link is not None else ""
        except Exception:  # Resolve gone: the work that needs it says so
            project = ""
        return cut_options(s.target_duration_s, s.pace, script, s.favour, project=project,
                           script_mode=s.script_mode, remove_fillers=s.remove_fillers, aspect=parse_aspect(s.aspect))

    def favour_choices(self) -> list[str]:
        """What the editor may favour, as found, not typed: the script's characters, then the speakers and shot
        types of the clips tagged in this session."""
        try:
            script = read_script(self.settings.script_path) if self.settings.script_path.strip() else ""
        except ScriptError:
            script = ""
        choices = [f"character:{who}" for who in dict.fromkeys(who for _, who in dialogue(script) if who)] \
            if script and is_fountain(script) else []
        analysed = [c.analysis for c in self.tagged.analysed] if self.tagged is not None else []
        choices += [f"speaker:{s}" for s in sorted({t.speaker for a in analysed for t in a.speech.turns if t.speaker})]
        choices += [f"shot_type:{v}" for v in sorted({t.value for a in analysed for t in a.tags
                                                      if t.name == "Shot Type" and t.value})]
        return choices

    def _analyze(self, on_event: Callable[[pb.JobEvent], None], priority: int) -> TagOutcome:
        if self.client is None:
            raise PanelError("Not connected to a derush server: see the server line at the top for the fix.")
        if self.selection is None or not self.selection.clips:
            raise PanelError("No clips to work on: select clips in the media pool (or choose Current bin or All "
                             "clips), then click Refresh.")

        def on_job_event(event: pb.JobEvent) -> None:
            if not self.job_id and event.job_id:
                self.job_id = event.job_id
                if self._cancel.is_set():  # Cancel came before the server named the job
                    self.cancel()
            on_event(event)

        self._check_cancelled()
        try:
            options = analysis_options(force=self.settings.reanalyse, vocabulary=self.vocabulary())
            outcome = analyze(self.client, self.selection, options, on_event=on_job_event, priority=priority)
        except ClientError as exc:
            raise PanelError(f"The analysis stopped: {_client_fix(exc)}") from None
        self._check_cancelled()
        self.tagged = outcome
        return outcome

    def _tagged_current(self) -> bool:
        return self.tagged is not None and self.selection is not None and \
            [c.clip.path for c in self.tagged.clips] == [c.path for c in self.selection.clips]

    def _project(self):
        if self.link is None:
            raise PanelError("Not connected to Resolve: see the Resolve line at the top for the fix.")
        self._check_resolve()
        try:
            return self.link.project()
        except ResolveUnavailable as exc:
            raise PanelError(str(exc)) from None

    def _check_resolve(self) -> None:
        try:
            alive = bool(self.link.resolve.GetProductName())
        except Exception:  # a live connection whose process is gone raises instead of answering
            alive = False
        if not alive:
            self.resolve_lost = True
            raise PanelError(RESOLVE_CLOSED)

    def _check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise CancelledByUser("Cancelled. Nothing more was written; what was already written stays (Undo derush "
                            "removes it).")


def _server_fix() -> str:
    return ("Start it with `derush serve --listen HOST:PORT` on that machine, check the server address in the panel, "
            "or clear it to use the built-in server on this machine; then click Reconnect.")


def _refused(exc: ClientError) -> bool:
    import grpc

    return exc.code in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)


def _client_fix(exc: ClientError) -> str:
    import grpc

    if _refused(exc):
        return f"{exc} Enter it in the token box beside the server address, then click Reconnect."
    if exc.code == grpc.StatusCode.UNAVAILABLE:
        return f"{exc} {_server_fix()}"
    return str(exc)
