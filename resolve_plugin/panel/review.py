"""The proposal's lines before Apply, each kept, swapped for its runner-up or dropped; "Learn from this timeline";
and the last comparison with the editor's cut. The choices and the lessons are the controller's
(``PanelController.choose``, ``learn_from_timeline``); this widget shows them and asks for them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name
from resolve_plugin.panel import proposal_choices as pc
from resolve_plugin.panel.controller import Feedback, PanelController
from resolve_plugin.panel.cut_sketch import CATEGORIES
from resolve_plugin.panel.i18n import fill
from resolve_plugin.panel.words import learned_text, message_text, reason_text

SWAPPED_COLOUR, DROPPED_COLOUR = CATEGORIES["chosen"], "#6e7681"  # as the sketch colours the editor's choice


class _Lines(QListWidget):
    """The list of lines: it takes the room the proposal box has, but asks for little, so that the panel does not
    scroll on a laptop screen (a scroll area sizes its page by what the widgets ask for)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 110)


def _event_text(n: int, event: pb.EditEvent) -> str:
    return f"{n}. {file_name(event.path)} [{event.source_in}–{event.source_out}): {reason_text(event)}"


def _as_line(alternate: pb.EditEvent) -> pb.EditEvent:
    """A runner-up said as the line it now plays ("line 2, take 1 of 3 …", not "alternate for line 2, …")."""
    event = pb.EditEvent()
    event.CopyFrom(alternate)
    event.reason = event.reason.removeprefix("alternate for ")
    for part in event.reason_parts:
        if part.code == "alternate":
            part.code = "line"
    return event


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    return fill(QCoreApplication.translate("ProposalReview", "%1%"), QLocale().toString(round(value * 100)))


class ProposalReview(QWidget):
    # the editor changed a choice: the cut to apply changed
    changed = Signal()
    # "Learn from this timeline" was clicked (the window runs it on its worker)
    learn_requested = Signal()

    def __init__(self, session: PanelController, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = _Lines()
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(90)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self.update_buttons)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.swap_button = QPushButton(self.tr("Use runner-up"))
        self.swap_button.setToolTip(self.tr("Play the selected lines with their runner-up take instead: Apply "
                                            "builds it so, and the project learns from your choice"))
        self.drop_button = QPushButton(self.tr("Drop"))
        self.drop_button.setToolTip(self.tr("Leave the selected lines out of the cut"))
        self.keep_button = QPushButton(self.tr("As proposed"))
        self.keep_button.setToolTip(self.tr("Undo your choice on the selected lines"))
        for button, choice in ((self.swap_button, pc.SWAP), (self.drop_button, pc.DROP), (self.keep_button, pc.KEEP)):
            button.clicked.connect(lambda _checked=False, choice=choice: self.choose(choice))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.figures = QLabel(self.tr("No comparison with your cut yet."))
        self.figures.setWordWrap(True)
        layout.addWidget(self.figures)
        self.learn_button = QPushButton(self.tr("Learn from this timeline"))
        self.learn_button.setToolTip(self.tr("After reworking derush's timeline in Resolve: compare it with what "
                                             "Apply built, and teach this Resolve project which takes you prefer"))
        self.learn_button.clicked.connect(self.learn_requested)
        #: the last row: "Learn from this timeline", then the window's own actions on the proposal (Export…)
        self.actions = QHBoxLayout()
        self.actions.addWidget(self.learn_button)
        self.actions.addStretch(1)
        layout.addLayout(self.actions)
        self._enabled = False
        self.update_buttons()

    # --- choices ------------------------------------------------------------------------------------------------

    def choose(self, choice: str) -> None:
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        if not rows:
            return
        self.session.choose(rows, choice)
        self.changed.emit()  # the window shows the cut to apply
        self.show_proposal(self.session.cut.proposal if self.session.cut is not None else None)
        for row in rows:  # the lines stay selected: a choice can be taken back at once
            self.list.item(row).setSelected(True)

    def show_proposal(self, proposal: pb.CutProposal | None) -> None:
        """One row per proposed event, in the proposal's order, saying the editor's choice for its line."""
        self.list.clear()
        if proposal is not None:
            lines = self.session.lines()
            owner = pc.line_of_event(lines)
            for n, event in enumerate(proposal.events, 1):
                line = owner.get(n - 1)
                choice = self.session.choices.get(line, pc.KEEP) if line is not None else pc.KEEP
                if choice == pc.SWAP:
                    alternate = _as_line(proposal.alternates[lines[line].alternate])
                    text = f"{n}. ⇄ " + fill(self.tr("runner-up %1 [%2–%3): %4"), file_name(alternate.path),
                                             alternate.source_in, alternate.source_out, reason_text(alternate))
                else:
                    text = _event_text(n, event)
                if choice == pc.DROP:
                    text = f"{n}. ✕ " + fill(self.tr("dropped: %1"), text.split(". ", 1)[1])
                self.list.addItem(text)
                item = self.list.item(n - 1)
                if choice != pc.KEEP:
                    item.setForeground(QBrush(QColor(SWAPPED_COLOUR if choice == pc.SWAP else DROPPED_COLOUR)))
                    font = item.font()
                    font.setStrikeOut(choice == pc.DROP)
                    item.setFont(font)
        self.update_buttons()

    def summary(self) -> str:
        """"2 line(s) swapped for their runner-up, 1 dropped", or "" when every line is as proposed."""
        counts = pc.counts(self.session.lines(), self.session.choices)
        if not counts[pc.SWAP] and not counts[pc.DROP]:
            return ""
        return ", ".join([self.tr("%n line(s) swapped for their runner-up", "", counts[pc.SWAP]),
                          self.tr("%n dropped", "", counts[pc.DROP])])

    def set_enabled(self, enabled: bool, can_learn: bool) -> None:
        """``enabled``: the choices can change (a proposal, nothing running); ``can_learn``: a timeline to learn
        from."""
        self._enabled = enabled
        self.learn_button.setEnabled(can_learn)
        self.update_buttons()

    def update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems()) and self._enabled
        for button in (self.swap_button, self.drop_button, self.keep_button):
            button.setEnabled(chosen)

    # --- what was learned ---------------------------------------------------------------------------------------

    def show_feedback(self, feedback: Feedback | None) -> None:
        if feedback is None:
            return
        e = feedback.evaluation
        where = self.tr("your choices before Apply") if feedback.source == "choices" else \
            fill(self.tr("timeline “%1”"), feedback.source)
        head = fill(self.tr("Last comparison, with %1:"), where)
        figures = " · ".join([fill(self.tr("take agreement %1"), _percent(e.take_agreement)),
                              self.tr("%n kept", "", e.kept), self.tr("%n swapped", "", e.swapped),
                              self.tr("%n removed", "", e.removed), self.tr("%n added", "", e.added)])
        text = f"<b>{head}</b> {figures}"
        if feedback.preferences is not None:
            prefs = feedback.preferences
            learned = ", ".join(learned_text(w) for w in prefs.learned) or self.tr("the default weights still")
            text += "<br>" + fill(self.tr("Project “%1” (%n line(s) learned): %2", "", prefs.lines_learned),
                                  prefs.project, learned)
        if feedback.problem:
            text += f"<br><span style='color:#e3b341'>{message_text(feedback.problem)}</span>"
        self.figures.setText(text)
