"""A sketch of a proposed cut before it is applied: one block per event, coloured by why it was chosen.

V1 holds the cut, V2 (paler) the runner-up takes that will sit on a disabled track; hovering a block shows its
reason. Categories come from the reason text the server writes (``inference_server/cut/propose.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from protos.derush.v1 import derush_pb2 as pb
from protos.media_files import file_name, file_stem
from protos.timecode import seconds_to_minutes
from resolve_plugin.panel.words import reason_text

#: category -> colour
CATEGORIES = {"best": "#3fb950", "only": "#58a6ff", "broll": "#d29922", "alternate": "#6e7681"}


def legend_texts() -> dict[str, str]:
    """category -> its legend, in the panel's language."""
    return {"best": QCoreApplication.translate("CutSketch", "best of several takes"),
            "only": QCoreApplication.translate("CutSketch", "only take of its line"),
            "broll": QCoreApplication.translate("CutSketch", "b-roll (no speech)"),
            "alternate": QCoreApplication.translate("CutSketch", "runner-up (disabled track)")}


def category(event: pb.EditEvent, alternate: bool = False) -> str:
    if alternate:
        return "alternate"
    if event.reason.startswith("b-roll"):
        return "broll"
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

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        # two lanes, the ruler, and the legend on up to two rows
        self.setMinimumHeight(self.MARGIN * 2 + (self.LANE_H + 4) * 2 + 18 + 2 * self.LEGEND_ROW)
        self._proposal: pb.CutProposal | None = None
        self._blocks: list[Block] = []

    def show_proposal(self, proposal: pb.CutProposal | None) -> None:
        self._proposal = proposal
        self.update()

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
        label_w = 28
        left, top = self.MARGIN + label_w, self.MARGIN
        width = max(10, self.width() - left - self.MARGIN)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
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
        x = left
        for kind, text in legend_texts().items():
            colour = CATEGORIES[kind]
            advance = 14 + painter.fontMetrics().horizontalAdvance(text) + 14
            if x > left and x + advance > right:  # wrap rather than cut a label off on a narrow panel
                x, y = left, y + self.LEGEND_ROW
            painter.fillRect(QRectF(x, y + 3, 10, 10), QColor(colour))
            painter.setPen(QColor("#c9d1d9"))
            painter.drawText(int(x + 14), int(y + 12), text)
            x += advance

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        for block in self._blocks:
            if block.rect.contains(point):
                name = file_name(block.event.path)
                QToolTip.showText(event.globalPosition().toPoint(), f"{name}\n{reason_text(block.event)}", self)
                return
        QToolTip.hideText()
