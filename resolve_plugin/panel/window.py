"""The panel window: connections, the clips and their status, the actions, the cut options and the proposal.

All work runs on a ``Worker`` thread; the window only shows state, so it never freezes. One piece of work runs
at a time and Cancel stops it at any stage.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from protos.derush.v1 import derush_pb2 as pb
from protos.interchange import WRITERS
from protos.timecode import seconds_to_minutes
from resolve_plugin.job_options import ALTERNATES, ASPECTS, PACES, SCRIPT_MODES
from resolve_plugin.panel import clip_status as cs
from resolve_plugin.panel.clip_status import ClipBoard
from resolve_plugin.panel.clip_table import ClipTable
from resolve_plugin.panel.controller import CutResult, PanelController, Status, TagResult
from resolve_plugin.panel.cut_sketch import CutSketch, legend_texts
from resolve_plugin.panel.i18n import fill
from resolve_plugin.panel.preferences import save_settings
from resolve_plugin.panel.review import ProposalReview
from resolve_plugin.panel.search_tab import SearchTab
from resolve_plugin.panel.words import (
    alternates_text,
    aspect_text,
    favour_text,
    message_text,
    pace_text,
    script_mode_text,
    source_text,
    state_count_text,
)
from resolve_plugin.panel.worker import Worker

log = logging.getLogger(__name__)



def export_formats() -> list[tuple[str, str]]:
    """What the proposal can be exported as: (the file dialog's filter, the writer's key), the default first."""
    translate = QCoreApplication.translate
    return [(translate("PanelWindow", "OpenTimelineIO, for Resolve (*.otio)"), "otio"),
            (translate("PanelWindow", "FCPXML 1.10, for Resolve and Final Cut Pro (*.fcpxml)"), "fcpxml"),
            (translate("PanelWindow", "AAF, for Avid Media Composer and Pro Tools (*.aaf)"), "aaf"),
            (translate("PanelWindow", "CMX3600 EDL, with a marker EDL beside it (*.edl)"), "edl"),
            (translate("PanelWindow", "SRT subtitles of the cut (*.srt)"), "srt")]


def scope_labels() -> dict[str, str]:
    return {"selection": QCoreApplication.translate("PanelWindow", "Media pool selection"),
            "bin": QCoreApplication.translate("PanelWindow", "Current bin"),
            "folder": QCoreApplication.translate("PanelWindow", "A folder and its subfolders"),
            "all": QCoreApplication.translate("PanelWindow", "All clips in the project")}


WIDE = 1000  # from this width the panel shows two columns


def _status_html(title: str, status: Status | None) -> str:
    title = fill(QCoreApplication.translate("PanelWindow", "%1:"), title)
    if status is None:
        connecting = QCoreApplication.translate("PanelWindow", "connecting…")
        return f"<b>{title}</b> <span style='color:#8b949e'>{connecting}</span>"
    if status.ok:
        return f"<b>{title}</b> <span style='color:#3fb950'>●</span> {message_text(status.text)}"
    fix = QCoreApplication.translate("PanelWindow", "Fix:")
    return (f"<b>{title}</b> <span style='color:#f85149'>● {message_text(status.text)}</span><br>"
            f"<span style='color:#e3b341'>{fix} {message_text(status.fix)}</span>")


class PanelWindow(QMainWindow):
    #: emitted on the UI thread when a piece of work has ended (tests and --screenshot wait on it)
    idle = Signal()

    def __init__(self, session: PanelController, remember=save_settings) -> None:
        super().__init__()
        self.session = session
        self._remember = remember
        self.worker: Worker | None = None
        self.resolve_status: Status | None = None
        self.server_status: Status | None = None
        self.setWindowTitle("derush")
        self.setMinimumSize(420, 420)
        self._loading = True

        content = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._build_connections())
        left.addWidget(self._build_clips(), 1)
        left.addLayout(self._build_actions())
        right.addWidget(self._build_options())
        right.addWidget(self._build_proposal(), 1)
        self.columns.addLayout(left, 3)
        self.columns.addLayout(right, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.search_tab = SearchTab(session)
        self.search_tab.idle.connect(self.idle)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, self.tr("Tag and cut"))
        self.tabs.addTab(self.search_tab, self.tr("Search"))
        self.setCentralWidget(self.tabs)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # narrow panels wrap instead
        self._arrange(wide=True)
        self._load_settings_into_widgets()
        self._update_buttons()

    # --- building -----------------------------------------------------------------------------------------------

    def _build_connections(self) -> QGroupBox:
        box = QGroupBox(self.tr("Connections"))
        layout = QVBoxLayout(box)
        self.resolve_label = QLabel(_status_html(self.tr("Resolve"), None))
        self.server_label = QLabel(_status_html(self.tr("Server"), None))
        for label in (self.resolve_label, self.server_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.server_grid = QGridLayout()
        self.server_edit = QLineEdit()
        self.server_edit.setPlaceholderText(self.tr("built-in server (this machine)"))
        self.server_edit.setToolTip(self.tr("HOST:PORT of a derush server on the LAN; empty runs one on this machine"))
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(self.tr("token (LAN servers)"))
        self.reconnect_button = QPushButton(self.tr("Reconnect"))
        self.reconnect_button.clicked.connect(self.reconnect)
        self.server_label_widget = QLabel(self.tr("Server"))
        layout.addLayout(self.server_grid)
        return box

    def _build_clips(self) -> QGroupBox:
        box = QGroupBox(self.tr("Clips"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.scope_combo = QComboBox()
        self.scope_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope_combo.setMinimumContentsLength(12)
        for key, text in scope_labels().items():
            self.scope_combo.addItem(text, key)
        self.scope_combo.currentIndexChanged.connect(self._scope_changed)
        self.folder_combo = QComboBox()
        self.folder_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.folder_combo.setMinimumContentsLength(10)
        self.folder_combo.setToolTip(
            self.tr("The media-pool folder whose clips (and subfolders' clips) derush works on"))
        self.folder_combo.currentTextChanged.connect(self._folder_changed)
        self.folder_combo.setVisible(False)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh_clips)
        self.reanalyse_check = QCheckBox(self.tr("Analyse again"))
        self.reanalyse_check.setToolTip(
            self.tr("Ignore results the server has stored for these clips (after a model update)"))
        self.reanalyse_check.toggled.connect(self._options_changed)
        row.addWidget(self.scope_combo, 1)
        row.addWidget(self.folder_combo, 1)
        row.addWidget(self.reanalyse_check)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        self.clip_table = ClipTable()
        layout.addWidget(self.clip_table, 1)
        self.clip_summary = QLabel("")
        layout.addWidget(self.clip_summary)
        return box

    def _build_actions(self) -> QVBoxLayout:
        layout = QVBoxLayout()
        self.action_grid = QGridLayout()
        self.tag_button = QPushButton(self.tr("Auto-tag"))
        self.tag_button.setToolTip(self.tr("Analyse the clips and write tags and markers to the media pool"))
        self.cut_button = QPushButton(self.tr("Suggest rough cut"))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Build the proposal as a new timeline (your timelines are never changed)"))
        self.undo_button = QPushButton(self.tr("Undo derush"))
        self.undo_button.setToolTip(self.tr("Remove every tag, marker and timeline derush wrote; your own edits stay"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        for button, slot in ((self.tag_button, self.auto_tag), (self.cut_button, self.suggest_cut),
                             (self.apply_button, self.apply), (self.undo_button, self.undo),
                             (self.cancel_button, self.cancel)):
            button.clicked.connect(slot)
        self.cut_button.setDefault(True)
        layout.addLayout(self.action_grid)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFormat("")  # no "0%" before any job has run
        layout.addWidget(self.progress)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.message)
        return layout

    def _build_options(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rough cut options"))
        form = QFormLayout(box)
        self.target_spin = QDoubleSpinBox()
        self.target_spin.setRange(0, 4 * 3600)
        self.target_spin.setDecimals(0)
        self.target_spin.setSuffix(self.tr(" s"))
        self.target_spin.setSpecialValueText(self.tr("no target"))
        self.pace_combo = QComboBox()
        for pace in PACES:
            self.pace_combo.addItem(pace_text(pace), pace)
        script_row = QHBoxLayout()
        self.script_edit = QLineEdit()
        self.script_edit.setPlaceholderText(self.tr("none: order by scene/take, then timecode"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_script)
        script_row.addWidget(self.script_edit, 1)
        script_row.addWidget(browse)
        self.vocabulary_edit = QLineEdit()
        self.vocabulary_edit.setPlaceholderText(self.tr("names and terms to expect, e.g. Quorvex, Maelis Tardieu"))
        self.vocabulary_edit.setToolTip(self.tr("The speech model listens again for these words, and the script's "
                                                "names, where it may have misheard them. Separate them with commas."))
        # what was found (the script's characters, the speakers and shot types tagged), never typed
        self.favour_combo = QComboBox()
        self.favour_combo.setToolTip(self.tr("Prefer the takes of a character (their best delivery plays the "
                                             "scene), a speaker or a shot type"))
        self.aspect_combo = QComboBox()
        for aspect in ASPECTS:
            self.aspect_combo.addItem(aspect_text(aspect), aspect)
        self.aspect_combo.setToolTip(self.tr("A reframed cut on the people in shot, for social media"))
        self.script_mode_combo = QComboBox()
        for mode in SCRIPT_MODES:
            self.script_mode_combo.addItem(script_mode_text(mode), mode)
        self.fillers_check = QCheckBox(self.tr("Cut out fillers and hesitations"))
        for combo in (self.favour_combo, self.aspect_combo, self.script_mode_combo):
            # long French choices must not widen the small panel: the combo shows what fits, the list all of it
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.alternates_combo = QComboBox()
        self.alternates_combo.setToolTip(self.tr("Where Apply puts each event's runner-up takes. In the take "
                                                 "selector you flip between them in place."))
        for mode in ALTERNATES:
            self.alternates_combo.addItem(alternates_text(mode), mode)
        form.addRow(self.tr("Target duration"), self.target_spin)
        form.addRow(self.tr("Pace"), self.pace_combo)
        form.addRow(self.tr("Script"), script_row)
        form.addRow(self.tr("Vocabulary"), self.vocabulary_edit)
        form.addRow(self.tr("Favour"), self.favour_combo)
        form.addRow(self.tr("Shape"), self.aspect_combo)
        form.addRow(self.tr("Keep to the script"), self.script_mode_combo)
        form.addRow("", self.fillers_check)
        form.addRow(self.tr("Runner-up takes"), self.alternates_combo)
        for signal in (self.target_spin.valueChanged, self.pace_combo.currentIndexChanged,
                       self.script_edit.editingFinished, self.vocabulary_edit.editingFinished,
                       self.favour_combo.currentIndexChanged, self.aspect_combo.currentIndexChanged,
                       self.script_mode_combo.currentIndexChanged, self.fillers_check.toggled,
                       self.alternates_combo.currentIndexChanged):
            signal.connect(self._options_changed)
        return box

    def _build_proposal(self) -> QGroupBox:
        box = QGroupBox(self.tr("Proposal"))
        layout = QVBoxLayout(box)
        self.sketch = CutSketch()
        layout.addWidget(self.sketch)
        self.totals = QLabel(self.tr("No proposal yet."))
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        # the proposal's lines, each kept, swapped for its runner-up or dropped before Apply; learning from them
        self.review = ProposalReview(self.session)
        self.review.changed.connect(self._choices_changed)
        self.review.learn_requested.connect(self.learn_from_timeline)
        self.reasons = self.review.list
        layout.addWidget(self.review, 1)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write the proposal as a file for another application or suite: OTIO, "
                                              "FCPXML, AAF (Avid, Pro Tools), EDL or SRT subtitles"))
        self.export_button.clicked.connect(self.export)
        self.review.actions.addWidget(self.export_button)  # beside "Learn from this timeline", on the right
        return box

    # --- settings -----------------------------------------------------------------------------------------------

    def _load_settings_into_widgets(self) -> None:
        # the widgets' change signals would save half-loaded settings: ignore them while loading
        self._loading = True
        try:
            self._fill_widgets(self.session.settings)
        finally:
            self._loading = False

    def _fill_widgets(self, s) -> None:
        self.server_edit.setText(s.server)
        self.token_edit.setText(s.token)
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(s.scope)))
        self.target_spin.setValue(s.target_duration_s)
        self.pace_combo.setCurrentIndex(max(0, self.pace_combo.findData(s.pace)))
        self.script_edit.setText(s.script_path)
        self.vocabulary_edit.setText(s.vocabulary)
        self.refresh_favour_choices(s.favour[0] if s.favour else "")
        self.aspect_combo.setCurrentIndex(max(0, self.aspect_combo.findData(s.aspect)))
        self.script_mode_combo.setCurrentIndex(max(0, self.script_mode_combo.findData(s.script_mode)))
        self.fillers_check.setChecked(s.remove_fillers)
        self.alternates_combo.setCurrentIndex(max(0, self.alternates_combo.findData(s.alternates)))
        self.reanalyse_check.setChecked(s.reanalyse)

    def refresh_favour_choices(self, keep: str | None = None) -> None:
        """The favour list from what is known now (the script's characters, what was tagged), keeping the choice."""
        wanted = self.favour_combo.currentData() if keep is None else keep
        choices = self.session.favour_choices()
        if wanted and wanted not in choices:
            choices.append(wanted)  # a choice saved from another session stays until changed
        loading, self._loading = self._loading, True
        try:
            self.favour_combo.clear()
            for choice in ["", *choices]:
                self.favour_combo.addItem(favour_text(choice), choice)
            self.favour_combo.setCurrentIndex(max(0, self.favour_combo.findData(wanted or "")))
        finally:
            self._loading = loading

    def _options_changed(self, *_args) -> None:
        if self._loading:
            return
        s = self.session.settings
        if self.script_edit.text().strip() != s.script_path:
            s.script_path = self.script_edit.text().strip()
            self.refresh_favour_choices()  # the new script's characters
        s.target_duration_s = self.target_spin.value()
        s.pace = self.pace_combo.currentData()
        s.script_path = self.script_edit.text().strip()
        s.vocabulary = self.vocabulary_edit.text().strip()
        s.favour = [self.favour_combo.currentData()] if self.favour_combo.currentData() else []
        s.aspect = self.aspect_combo.currentData()
        s.script_mode = self.script_mode_combo.currentData()
        s.remove_fillers = self.fillers_check.isChecked()
        s.alternates = self.alternates_combo.currentData()
        s.reanalyse = self.reanalyse_check.isChecked()
        self._save()

    def _save(self) -> None:
        try:
            self._remember(self.session.settings)
        except OSError as exc:
            self.show_message(
                fill(self.tr("Could not save the panel's settings (%1); they apply until you close it."), exc), True)

    def _browse_script(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Script"), self.script_edit.text(),
                                              self.tr("Scripts (*.txt *.fountain *.md);;All files (*)"))
        if path:
            self.script_edit.setText(path)
            self._options_changed()

    def _folder_changed(self, text: str) -> None:
        if self._loading or not text or text == self.session.settings.folder:
            return
        self.session.settings.folder = text
        self._save()
        if self.resolve_status is not None and self.resolve_status.ok:
            self.refresh_clips()

    def _show_folders(self) -> None:
        """The folder list as Resolve has it now, keeping the chosen one."""
        self._loading = True
        try:
            self.folder_combo.clear()
            self.folder_combo.addItems(self.session.folders)
            chosen = self.session.settings.folder
            if chosen in self.session.folders:
                self.folder_combo.setCurrentText(chosen)
        finally:
            self._loading = False
        self.folder_combo.setVisible(self.session.settings.scope == "folder")

    def _scope_changed(self, _index: int) -> None:
        if self._loading:
            return
        self.session.settings.scope = self.scope_combo.currentData()
        if self.session.settings.scope == "folder" and not self.session.settings.folder and self.session.folders:
            self.session.settings.folder = self.session.folders[0]
        self.folder_combo.setVisible(self.session.settings.scope == "folder")
        self._save()
        if self.resolve_status is not None and self.resolve_status.ok:
            self.refresh_clips()

    # --- actions ------------------------------------------------------------------------------------------------

    def reconnect(self) -> None:
        self.session.settings.server = self.server_edit.text().strip()
        self.session.settings.token = self.token_edit.text().strip()
        self._save()
        self.resolve_status = self.server_status = None
        self._show_connections()

        def work(emit):
            resolve = self.session.connect_resolve()
            emit(("resolve", resolve))
            server = self.session.connect_server()
            emit(("server", server))
            return self.session.read_clips() if resolve.ok else None

        self._run(self.tr("Connecting"), work, self._connected, on_event=self._connection_event)

    def _connection_event(self, event) -> None:
        which, status = event
        if which == "resolve":
            self.resolve_status = status
        else:
            self.server_status = status
        self._show_connections()

    def _connected(self, selection) -> None:
        if selection is not None:
            self._show_clips()
        problems = [s for s in (self.resolve_status, self.server_status) if s is not None and not s.ok]
        if problems:
            self.show_message(self.tr("Fix the connection above, then click Reconnect."), True)
        elif selection is not None and selection.clips:
            self.show_message(self.tr("Ready."))
        # (no clips: _show_clips has said where to find some)

    def refresh_clips(self) -> None:
        self._run(self.tr("Reading clips"), lambda emit: self.session.read_clips(), lambda _s: self._show_clips())

    def auto_tag(self) -> None:
        self._run(self.tr("Auto-tag"), lambda emit: self.session.auto_tag(emit), self._tagged, on_event=self._job_event)

    def suggest_cut(self) -> None:
        self._options_changed()
        self.show_proposal(None)
        self._run(self.tr("Suggest rough cut"), lambda emit: self.session.suggest_cut(emit), self._proposed,
                  on_event=self._job_event)

    def apply(self) -> None:
        self._run(self.tr("Apply"), lambda emit: self.session.apply(), self._applied)

    def undo(self) -> None:
        self._run(self.tr("Undo derush"), lambda emit: self.session.undo(), self._undone)

    def learn_from_timeline(self) -> None:
        self._run(self.tr("Learn from this timeline"), lambda emit: self.session.learn_from_timeline(), self._learned)

    def export(self) -> None:
        formats = dict(export_formats())
        name = self.session.cut.plan.name.replace("/", "-") if self.session.cut is not None else "derush"
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export the proposal"), name + WRITERS["otio"].suffix,
                                                   ";;".join(formats))
        if not path:
            return
        # the name's own ending wins over the filter chosen; a name without one gets the filter's
        by_suffix = {WRITERS[key].suffix: key for key in formats.values()}
        key = by_suffix.get(Path(path).suffix.lower()) or formats.get(chosen, "otio")
        if Path(path).suffix.lower() != WRITERS[key].suffix:
            path += WRITERS[key].suffix
        self._run(self.tr("Export"), lambda emit: self.session.export(path, key), self._exported)

    def cancel(self) -> None:
        if self.worker is None:
            return
        self.show_message(self.tr("Cancelling…"))
        self.cancel_button.setEnabled(False)
        # the server's cancel is a network call: never on the UI thread
        threading.Thread(target=self.session.cancel, name="derush-cancel", daemon=True).start()

    # --- results ------------------------------------------------------------------------------------------------

    def _job_event(self, event: pb.JobEvent) -> None:
        self.clip_table.refresh_rows(self.clip_table.board.apply(event))
        if event.WhichOneof("event") == "progress":
            self.progress.setValue(round(event.progress.job_fraction * 100))
        self._show_summary()

    def _tagged(self, result: TagResult) -> None:
        self.refresh_favour_choices()  # the speakers and shot types just found
        board = self.clip_table.board
        self._mark_analysis(result.outcome)
        for index, report in result.written.items():
            board.mark(index, cs.TAGGED, "; ".join(report.written) or self.tr("nothing new to write"))
            if report.mismatches:
                board.mark(index, cs.FAILED, self.tr("Resolve did not keep:") + " " + "; ".join(report.mismatches))
        for index, why in result.failed_writes.items():
            board.mark(index, cs.FAILED, why)
        self.clip_table.refresh_rows(list(range(board.clip_count)))
        tagged = sum(1 for r in board.rows if r.state == cs.TAGGED)
        failed = sum(1 for r in board.rows if r.state == cs.FAILED)
        text = fill(self.tr("Tagged %1 of %n clip(s).", "", board.clip_count), tagged)
        if failed:
            text += " " + self.tr("%n failed: see each one's reason.", "", failed)
        self.show_message(text, bool(failed))

    def _proposed(self, cut: CutResult) -> None:
        self._mark_analysis(cut.tagged)
        self.show_proposal(cut.proposal)
        self.show_message(self.tr("Proposal ready: look it over, then click Apply to build it as a new timeline."))

    def _mark_analysis(self, outcome) -> None:
        board = self.clip_table.board
        for index, clip in enumerate(outcome.clips):
            if clip.analysis is not None and board.rows[index].state in cs.WAITING + (cs.CANCELLED,):
                board.mark(index, cs.ANALYSED)
            elif clip.error is not None and clip.analysis is None:
                board.mark(index, cs.FAILED, clip.error.message, clip.error.code)
        board.finish(self.tr("the job ended before this clip"))
        self.clip_table.refresh_rows(list(range(board.clip_count)))

    def _applied(self, report) -> None:
        text = " ".join([fill(self.tr("Created timeline “%1”:"), report.name),
                         self.tr("%n event(s) on V1,", "", report.events_written)])
        if report.alternates == "takes":
            text += " " + self.tr("%n runner-up take(s) in the take selectors.", "", report.alternates_written)
        elif report.alternates == "track":
            text += " " + self.tr("%n runner-up take(s) on V2 (disabled).", "", report.alternates_written)
        else:
            text += " " + self.tr("runner-up takes left out.")
        if report.notes:
            text += " " + self.tr("Notes:") + " " + "; ".join(report.notes)
        if report.mismatches:
            text += " " + self.tr("Resolve did not keep:") + " " + "; ".join(report.mismatches)
        self.show_message(text, bool(report.mismatches))
        self.review.show_feedback(self.session.feedback)

    def _learned(self, feedback) -> None:
        self.review.show_feedback(feedback)
        if feedback.problem:
            self.show_message(feedback.problem, True)
        else:
            self.show_message(fill(self.tr("Learned from timeline “%1” for project “%2”."), feedback.source,
                                   feedback.project))

    def _choices_changed(self) -> None:
        self.show_proposal(self.session.cut.proposal if self.session.cut is not None else None)

    def _exported(self, written) -> None:
        self.show_message(fill(self.tr("Exported: %1"), ", ".join(str(path) for path in written)))

    def _undone(self, report) -> None:
        text = " ".join([self.tr("Undo derush:"), self.tr("%n marker(s) removed", "", report.markers_removed),
                         self.tr("from %n clip(s),", "", report.clips_cleaned),
                         self.tr("%n timeline(s) removed.", "", len(report.timelines_removed))])
        if report.takes_removed:
            text += " " + self.tr("%n runner-up take(s) removed from the take selectors.", "", report.takes_removed)
        if report.kept:
            text += " " + self.tr("Kept, because you changed them since:") + " " + "; ".join(report.kept)
        if report.failures:
            text += " " + self.tr("Could not remove:") + " " + "; ".join(report.failures)
        self.show_message(text, bool(report.failures))
        self.session.cut = None
        self.show_proposal(None)
        self._show_clips()

    # --- showing ------------------------------------------------------------------------------------------------

    def _show_connections(self) -> None:
        self.resolve_label.setText(_status_html(self.tr("Resolve"), self.resolve_status))
        self.server_label.setText(_status_html(self.tr("Server"), self.server_status))

    def _show_clips(self) -> None:
        self._show_folders()
        board = ClipBoard(self.session.selection) if self.session.selection is not None else ClipBoard()
        self.clip_table.show_board(board)
        self._show_summary()
        if self.session.selection is not None and not self.session.selection.clips:
            self.show_message(self.tr("No clips here: select clips in Resolve's media pool, or choose Current bin or "
                                      "All clips above, then click Refresh."), True)

    def _show_summary(self) -> None:
        board = self.clip_table.board
        selection = self.session.selection
        source = source_text(selection.source) if selection is not None else self.tr("no clips read")
        counts = ", ".join(state_count_text(state, n) for state, n in board.counts().items())
        self.clip_summary.setText(fill(self.tr("%1: %2"), source, counts or self.tr("none")))

    def show_proposal(self, proposal: pb.CutProposal | None) -> None:
        # the sketch shows the cut Apply builds: the proposal with the editor's swaps and drops
        edited = self.session.proposal_to_apply() if proposal is not None else None
        self.sketch.show_proposal(edited if edited is not None else proposal)
        self.review.show_proposal(proposal)
        if proposal is None:
            self.totals.setText(self.tr("No proposal yet."))
            self._update_buttons()
            return
        target = self.session.settings.target_duration_s
        length = f"<b>{seconds_to_minutes(proposal.duration_s)}</b>"
        parts = [length + (" " + fill(self.tr("of %1 target"), seconds_to_minutes(target)) if target else ""),
                 self.tr("%n event(s)", "", len(proposal.events)),
                 self.tr("%n runner-up take(s)", "", len(proposal.alternates))]
        text = " · ".join(parts)
        if proposal.uncovered_lines:
            uncovered = self.tr("%n script line(s) with no usable take:", "", len(proposal.uncovered_lines))
            text += (f"<br><span style='color:#e3b341'>{uncovered}</span> "
                     + " / ".join(f"“{line}”" for line in proposal.uncovered_lines))
        elif self.session.settings.script_path:
            text += "<br>" + self.tr("Every script line is covered.")
        for note in proposal.notes:
            text += f"<br><span style='color:#8b949e'>{note}</span>"
        if chosen := self.review.summary():
            text += "<br><span style='color:#a371f7'>" + fill(self.tr("Your choices: %1; Apply builds %2."), chosen,
                                                              seconds_to_minutes(edited.duration_s)) + "</span>"
        self.totals.setText(text)
        self._update_buttons()

    def show_message(self, text: str, problem: bool = False) -> None:
        text = message_text(text)
        colour = "#f85149" if problem else "#c9d1d9"
        self.message.setText(f"<span style='color:{colour}'>{text}</span>")
        self.message.setToolTip(text)

    def legend(self) -> dict[str, str]:
        return legend_texts()

    # --- running work -------------------------------------------------------------------------------------------

    def _run(self, name: str, work, on_done, on_event=None) -> None:
        if self.worker is not None:
            self.show_message(fill(self.tr("%1 is still running: wait, or click Cancel."), self.worker.objectName()),
                              True)
            return
        self.session.begin()
        self.worker = Worker(name, work, self)
        if on_event is not None:
            self.worker.event.connect(on_event)
        self.worker.succeeded.connect(on_done)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(lambda text: self._was_cancelled(text))
        self.worker.finished.connect(self._work_ended)
        self.progress.setValue(0)
        self.progress.setFormat("%p%" if on_event is not None and name != self.tr("Connecting") else "")
        self.show_message(f"{name}…")
        self.worker.start()
        self._update_buttons()

    def _failed(self, text: str) -> None:
        self.show_message(text, True)
        if self.session.resolve_lost:  # the line at the top must not keep saying "connected"
            self.resolve_status = Status(False, self.tr("Resolve stopped answering"),
                                         self.tr("Open Resolve and the project again, then click Reconnect."))
            self._show_connections()

    def _was_cancelled(self, text: str) -> None:
        self.clip_table.refresh_rows(self.clip_table.board.finish(self.tr("cancelled")))
        self.show_message(text)

    def _work_ended(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        board = self.clip_table.board
        self.clip_table.refresh_rows(board.finish(self.tr("the work was stopped")))
        if worker is not None and worker.objectName() in (self.tr("Auto-tag"), self.tr("Suggest rough cut")) and \
                not self.session.cancelled:
            self.progress.setValue(100)
        self._update_buttons()
        self._show_summary()
        self._show_folders()
        self.idle.emit()

    def _update_buttons(self) -> None:
        busy = self.worker is not None
        resolve_ok = self.resolve_status is not None and self.resolve_status.ok
        server_ok = self.server_status is not None and self.server_status.ok
        has_clips = self.session.selection is not None and bool(self.session.selection.clips)
        self.tag_button.setEnabled(not busy and resolve_ok and server_ok and has_clips)
        self.cut_button.setEnabled(not busy and resolve_ok and server_ok and has_clips)
        self.apply_button.setEnabled(not busy and resolve_ok and self.session.cut is not None)
        self.undo_button.setEnabled(not busy and resolve_ok)
        self.export_button.setEnabled(not busy and self.session.cut is not None)
        self.review.set_enabled(not busy and self.session.cut is not None,
                                not busy and resolve_ok and server_ok and self.session.applied is not None)
        self.refresh_button.setEnabled(not busy and resolve_ok)
        self.reconnect_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    @property
    def busy(self) -> bool:
        return self.worker is not None or self.search_tab.busy

    def resizeEvent(self, event) -> None:
        self._arrange(wide=event.size().width() >= WIDE)
        super().resizeEvent(event)

    def _arrange(self, wide: bool) -> None:
        """Two columns and one-row controls when wide; stacked, with controls on two rows, in a narrow panel."""
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() == direction and self.action_grid.count():
            return
        self.columns.setDirection(direction)
        server = (self.server_label_widget, self.server_edit, self.token_edit, self.reconnect_button)
        places = [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (0, 3, 1, 1)] if wide else \
            [(0, 0, 1, 1), (0, 1, 1, 2), (1, 1, 1, 1), (1, 2, 1, 1)]
        for widget, place in zip(server, places):
            self.server_grid.removeWidget(widget)
            self.server_grid.addWidget(widget, *place)
        self.server_grid.setColumnStretch(1, 2)
        buttons = (self.tag_button, self.cut_button, self.apply_button, self.undo_button, self.cancel_button)
        per_row = len(buttons) if wide else 3
        for n, button in enumerate(buttons):
            self.action_grid.removeWidget(button)
            self.action_grid.addWidget(button, n // per_row, n % per_row)

    def closeEvent(self, event) -> None:
        if self.worker is not None:
            self.session.cancel()
            self.worker.wait(5000)
        if self.search_tab.worker is not None:
            self.search_tab.worker.wait(5000)
        self.session.close()
        super().closeEvent(event)
