"""A sketch of a proposed cut before it is applied: one block per event, coloured by why it was chosen.

V1 holds the cut, V2 (paler) the runner-up takes (in the take selector or on a disabled track, as chosen);
hovering a block shows its reason. Categories come from the reason text the server writes
(``inference_server/cut/propose.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name, file_stem
from protos.timecode import seconds_to_minutes
from resolve_plugin.panel.proposal_choices import CHOSEN
from resolve_plugin.panel.words import reason_text

#: category -> colour
CATEGORIES = {"best": "#3fb950", "only": "#58a6ff", "chosen": "#a371f7", "broll": "#d29922", "alternate": "#6e7681"}


def legend_texts() -> dict[str, str]:
    """category -> its legend, in the panel's language."""
    return {"best": QCoreApplication.translate("CutSketch", "best of several takes"),
            "only": QCoreApplication.translate("CutSketch", "only take of its line"),
            "chosen": QCoreApplication.translate("CutSketch", "your choice of take"),
            "broll": QCoreApplication.translate("CutSketch", "b-roll (no speech)"),
            "alternate": QCoreApplication.translate("CutSketch", "runner-up take")}


def category(event: pb.EditEvent, alternate: bool = False) -> str:
    if alternate:
        return "alternate"
    if event.reason.startswith("b-roll"):
        return "broll"
    if CHOSEN in event.reason:
        return "chosen"
    return "best" if ". Over " in event.reason else "only"


@dataclass
class Block:
    rect: QRectF
    event: pb.EditEvent
    category: str


def event_seconds(event: pb.EditEvent, rate: float) -> tuple[float, float]:
    length = (event.source_out - event.source_in) / (event.rate_num / event.rate_den if event.rate_den else rate)
    start = event.record_in / rate
    return start, start + length


class CutSketch(QWidget):
    LANE_H = 34
    MARGIN = 8
    LEGEND_ROW = 18
    LABEL_W = 28

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self._proposal: pb.CutProposal | None = None
        self._blocks: list[Block] = []
        self._fit_height()

    def show_proposal(self, proposal: pb.CutProposal | None) -> None:
        self._proposal = proposal
        self._fit_height()  # the editor's own choices add a legend entry
        self.update()

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        return small

    def _legend(self, left: float, right: float) -> list[tuple[str, str, float, int]]:
        """(category, text, x, row) of each legend entry, wrapped at ``right`` rather than cut off."""
        metrics = QFontMetrics(self._small_font())
        shown = self.counts()
        x, row, out = left, 0, []
        for kind, text in legend_texts().items():
            if kind == "chosen" and kind not in shown:  # said only when the editor made a choice
                continue
            advance = 14 + metrics.horizontalAdvance(text) + 14
            if x > left and x + advance > right:
                x, row = left, row + 1
            out.append((kind, text, x, row))
            x += advance
        return out

    def _fit_height(self) -> None:
        """Two lanes, the ruler, and the legend on as many rows as this width needs (two at least)."""
        entries = self._legend(self.MARGIN + self.LABEL_W, self.width() - self.MARGIN)
        rows = max(2, 1 + max((row for *_, row in entries), default=0))
        height = self.MARGIN * 2 + (self.LANE_H + 4) * 2 + 18 + rows * self.LEGEND_ROW
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def resizeEvent(self, event) -> None:
        self._fit_height()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(600, self.minimumHeight())

    def counts(self) -> dict[str, int]:
        """Events per category, as the sketch colours them."""
        out: dict[str, int] = {}
        if self._proposal is not None:
            for event in self._proposal.events:
                out[category(event)] = out.get(category(event), 0) + 1
            if self._proposal.alternates:
                out["alternate"] = len(self._proposal.alternates)
        return out

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#1f2328"))
        self._blocks = []
        label_w = self.LABEL_W
        left, top = self.MARGIN + label_w, self.MARGIN
        width = max(10, self.width() - left - self.MARGIN)
        painter.setFont(self._small_font())
        for lane, name in enumerate(("V1", "V2")):
            y = top + lane * (self.LANE_H + 4)
            painter.setPen(QColor("#c9d1d9"))
            painter.drawText(QRectF(self.MARGIN, y, label_w, self.LANE_H), Qt.AlignmentFlag.AlignVCenter, name)
            painter.fillRect(QRectF(left, y, width, self.LANE_H), QColor("#2d333b"))
        proposal = self._proposal
        if proposal is None or not proposal.events:
            painter.setPen(QColor("#8b949e"))
            painter.drawText(QRectF(left, top, width, self.LANE_H * 2), Qt.AlignmentFlag.AlignCenter,
                             self.tr("No proposal yet: click Suggest rough cut"))
        else:
            rate = proposal.rate_num / proposal.rate_den if proposal.rate_den else 24.0
            spans = [event_seconds(e, rate) for e in list(proposal.events) + list(proposal.alternates)]
            total = max(end for _, end in spans) or 1.0
            scale = width / total
            for lane, events in enumerate((proposal.events, proposal.alternates)):
                y = top + lane * (self.LANE_H + 4)
                for event in events:
                    start, end = event_seconds(event, rate)
                    kind = category(event, alternate=lane == 1)
                    rect = QRectF(left + start * scale, y + 2, max(2.0, (end - start) * scale - 1), self.LANE_H - 4)
                    painter.fillRect(rect, QColor(CATEGORIES[kind]))
                    self._blocks.append(Block(rect, event, kind))
                    stem = file_stem(event.path)
                    if painter.fontMetrics().horizontalAdvance(stem) + 8 < rect.width():
                        painter.setPen(QColor("#0d1117"))
                        painter.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, stem)
            self._draw_ruler(painter, left, top + 2 * (self.LANE_H + 4), width, total)
        self._draw_legend(painter, left, top + 2 * (self.LANE_H + 4) + 18, self.width() - self.MARGIN)
        painter.end()

    def _draw_ruler(self, painter: QPainter, left: float, y: float, width: float, total: float) -> None:
        painter.setPen(QPen(QColor("#8b949e")))
        step = next(s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600) if total / s <= 10)
        t = 0
        while t <= total:
            x = left + t * width / total
            painter.drawLine(int(x), int(y), int(x), int(y + 4))
            painter.drawText(int(x) + 2, int(y + 14), seconds_to_minutes(t))
            t += step

    def _draw_legend(self, painter: QPainter, left: float, y: float, right: float) -> None:
        for kind, text, x, row in self._legend(left, right):
            top = y + row * self.LEGEND_ROW
            painter.fillRect(QRectF(x, top + 3, 10, 10), QColor(CATEGORIES[kind]))
            painter.setPen(QColor("#c9d1d9"))
            painter.drawText(int(x + 14), int(top + 12), text)

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        for block in self._blocks:
            if block.rect.contains(point):
                name = file_name(block.event.path)
                QToolTip.showText(event.globalPosition().toPoint(), f"{name}\n{reason_text(block.event)}", self)
                return
        QToolTip.hideText()
