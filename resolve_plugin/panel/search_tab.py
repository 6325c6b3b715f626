"""The Search tab: type, see the hits of every stored analysis as you type (timecode, speaker, words in context),
choose some, then make a selects timeline of them or mark them on their clips in the media pool."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name
from resolve_plugin.panel.controller import PanelController
from resolve_plugin.panel.worker import Worker
from resolve_plugin.search_hits import hit_timecode

TYPING_PAUSE_MS = 250  # search once the user pauses, not on every key


class SearchTab(QWidget):
    #: emitted when a search, a selects timeline or a marking has ended (tests and screenshots wait on it)
    idle = Signal()

    def __init__(self, session: PanelController, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.hits: list[pb.SearchHit] = []
        self.worker: Worker | None = None
        self._pending: str | None = None

        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(self.tr('Words, "a phrase", light*  — e.g. "twice a day"'))
        self.query_edit.setClearButtonEnabled(True)
        self.timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.search_now)
        self.query_edit.textChanged.connect(lambda _text: self.timer.start())
        self.query_edit.returnPressed.connect(self.search_now)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Clip"), self.tr("Timecode"), self.tr("Speaker"),
                                              self.tr("Words")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.selects_button = QPushButton(self.tr("Make selects timeline"))
        self.selects_button.clicked.connect(self.make_selects)
        self.mark_button = QPushButton(self.tr("Mark in media pool"))
        self.mark_button.clicked.connect(self.mark_hits)
        self.status = QLabel(self.tr("Type to search every transcript, tag and slate the server has analysed."))
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.selects_button)
        buttons.addWidget(self.mark_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_buttons()

    @property
    def busy(self) -> bool:
        return self.worker is not None or self.timer.isActive()

    def chosen(self) -> list[pb.SearchHit]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.hits[row] for row in rows if row < len(self.hits)]

    # --- work ---------------------------------------------------------------------------------------------------

    def search_now(self) -> None:
        self.timer.stop()
        query = self.query_edit.text().strip()
        if not query:
            self.show_hits(pb.SearchResponse(), "")
            return
        if self.worker is not None:  # one search at a time: the newest text runs when this one ends
            self._pending = query
            return
        self._run("Search", lambda emit: self.session.search(query), lambda r: self.show_hits(r, query))

    def make_selects(self) -> None:
        hits, query = self.chosen(), self.query_edit.text().strip()
        self._run("Make selects timeline", lambda emit: self.session.make_selects(hits, query), self._selects_made)

    def mark_hits(self) -> None:
        hits, query = self.chosen(), self.query_edit.text().strip()
        self._run("Mark in media pool", lambda emit: self.session.mark_hits(hits, query),
                  lambda count: self._say(self.tr("%n hit(s) marked on their clips (Undo derush removes them).", "",
                                                  count)))

    def _run(self, name: str, work, on_done) -> None:
        self.worker = Worker(name, work, self)
        self.worker.succeeded.connect(on_done)
        self.worker.failed.connect(lambda text: self._say(text, problem=True))
        self.worker.finished.connect(self._ended)
        self._update_buttons()
        self.worker.start()

    def _ended(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        self._update_buttons()
        if self._pending is not None:
            self._pending = None
            self.search_now()
        else:
            self.idle.emit()

    # --- showing ------------------------------------------------------------------------------------------------

    def show_hits(self, response: pb.SearchResponse, query: str) -> None:
        self.hits = list(response.hits)
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            cells = [file_name(hit.path), hit_timecode(hit), hit.speaker,
                     hit.context + (self.tr("  [missing: not on disk any more]") if hit.missing else "")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{hit.path}\n{hit.start:.2f}–{hit.end:.2f} s\n{hit.context}")
                if hit.missing:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        if query:
            text = self.tr("%n hit(s) for “%1” in %2 analysed clip(s).", "", len(self.hits)).replace(
                "%1", query).replace("%2", str(response.indexed_clips))
            self._say(" ".join([text, *response.notes]))
        self._update_buttons()

    def _selects_made(self, report) -> None:
        check = self.tr("read back frame-exact") if report.ok else "; ".join(report.mismatches)
        self._say(self.tr("New timeline “%1”: %2 hit(s), %3.").replace("%1", report.name).replace(
            "%2", str(report.events_written)).replace("%3", check), problem=not report.ok)

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #f85149" if problem else "")

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows()) and self.worker is None
        self.selects_button.setEnabled(chosen)
        self.mark_button.setEnabled(chosen)
