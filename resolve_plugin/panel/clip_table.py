"""The list of clips the panel works on, one row each: name, status, a progress bar, and the reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QProgressBar, QTableWidget, QTableWidgetItem

from resolve_plugin.panel import clip_status as cs
from resolve_plugin.panel.clip_status import ClipBoard
from resolve_plugin.panel.words import detail_text, error_text, state_text


def column_titles() -> list[str]:
    return [QCoreApplication.translate("ClipTable", "Clip"), QCoreApplication.translate("ClipTable", "Status"),
            QCoreApplication.translate("ClipTable", "Progress"), QCoreApplication.translate("ClipTable", "Details")]


STATE_COLOURS = {
    cs.NOT_ANALYSED: "#9aa0a6", cs.TAGGED_BEFORE: "#7fb3d5", cs.QUEUED: "#c9b458", cs.ANALYSING: "#e3b341",
    cs.ANALYSED: "#6cc070", cs.TAGGED: "#3fb950", cs.FAILED: "#f85149", cs.SKIPPED: "#9aa0a6",
    cs.CANCELLED: "#d29922",
}


class ClipTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, len(column_titles()), parent)
        self.setHorizontalHeaderLabels(column_titles())
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(2, 110)
        self.board = ClipBoard()

    def show_board(self, board: ClipBoard) -> None:
        self.board = board
        self.setRowCount(len(board.rows))
        for index in range(len(board.rows)):
            self.setItem(index, 0, QTableWidgetItem())
            self.setItem(index, 1, QTableWidgetItem())
            self.setItem(index, 3, QTableWidgetItem())
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            self.setCellWidget(index, 2, bar)
            self.refresh_rows([index])

    def refresh_rows(self, indexes: list[int]) -> None:
        for index in indexes:
            row = self.board.rows[index]
            name = self.item(index, 0)
            name.setText(row.name)
            name.setToolTip(row.path or row.name)
            status = self.item(index, 1)
            status.setText(state_text(row.state))
            status.setForeground(QColor(STATE_COLOURS.get(row.state, "#d0d0d0")))
            detail = self.item(index, 3)
            detail.setText(error_text(row.code, row.detail) if row.code else detail_text(row.detail))
            detail.setToolTip(row.detail if row.code else detail.text())  # the server's own sentence in full
            bar: QProgressBar = self.cellWidget(index, 2)
            # a bar only while the clip waits or is analysed: finished rows read by their status and details
            # (an empty bar rather than a hidden one: the table shows its cell widgets again on every relayout)
            waiting = row.state in cs.WAITING
            bar.setValue(round(row.fraction * 100) if waiting else 0)
            bar.setTextVisible(row.state == cs.ANALYSING)

    def text_at(self, index: int, column: int) -> str:
        """What a user reads in a cell (used by tests, as a user would look)."""
        if column == 2:
            return str(self.cellWidget(index, 2).value())
        item = self.item(index, column)
        return item.text() if item else ""

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setHeight(max(hint.height(), 160))
        return hint


def align_right(item: QTableWidgetItem) -> None:
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
