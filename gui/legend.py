"""A one-line key under the timeline: what each kind of mark on the canvas means."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.timeline_item import CONFLICT, CORROBORATED

SAMPLE = QColor("#607d8b")


class Mark(Enum):
    """The kinds of mark the canvas draws, each with the words that explain it."""

    EVENT = "event"
    ECHO = "also involves this lane's actor"
    VAGUE = "dated only to a month or year"
    SPAN = "lasts a while"
    CLUSTER = "events too close to show apart"
    CONFLICT = "sources conflict"
    CORROBORATED = "corroborated by independent sources"


def draw_mark(painter: QPainter, mark: Mark, centre: QPointF, r: float = 5.5) -> float:
    """Draw ``mark`` centred at ``centre``; return how wide it is."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    x, y = centre.x(), centre.y()
    width = 2 * r
    if mark is Mark.EVENT:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(SAMPLE)
        painter.drawEllipse(centre, r, r)
    elif mark is Mark.ECHO:
        painter.setPen(QPen(SAMPLE, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, 3.5, 3.5)
    elif mark is Mark.VAGUE:
        width = 5 * r
        band = QColor(SAMPLE)
        band.setAlpha(45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(band)
        painter.drawRoundedRect(QRectF(x - r, y - r - 1, width, 2 * r + 2), r + 1, r + 1)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(SAMPLE)
        painter.drawEllipse(centre, r, r)
    elif mark is Mark.SPAN:
        width = 5 * r
        fill = QColor(SAMPLE)
        fill.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(x - r, y - 4, width, 8), 4, 4)
    elif mark is Mark.CLUSTER:
        width = 4 * r
        fill = QColor(SAMPLE)
        fill.setAlpha(215)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(x - r, y - 8, width, 16), 8, 8)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(x - r, y - 8, width, 16), Qt.AlignmentFlag.AlignCenter, "3")
    elif mark is Mark.CONFLICT:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(SAMPLE)
        painter.drawEllipse(centre, r, r)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(CONFLICT, 2))
        painter.drawEllipse(centre, r + 3, r + 3)
    elif mark is Mark.CORROBORATED:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(CORROBORATED)
        painter.drawEllipse(centre, r, r)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(x - 6, y - 6, 12, 12), Qt.AlignmentFlag.AlignCenter, "✓")
    painter.restore()
    return width


class MarksLegend(QWidget):
    """The key to the canvas's marks, in one line that shortens itself (whole entries) to the width it has."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marksLegend")
        self.setAccessibleName("Key to the timeline's marks")
        self.setAccessibleDescription("; ".join(f"{mark.name.lower()}: {mark.value}" for mark in Mark))
        self.shown: list[Mark] = []
        """The entries the last paint drew."""

    def sizeHint(self) -> QSize:  # noqa: N802
        """One line of small text."""
        return QSize(400, int(QFontMetricsF(self.font()).height()) + 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Entries left to right while they fit."""
        painter = QPainter(self)
        metrics = QFontMetricsF(self.font())
        text, muted = self.palette().color(QPalette.ColorRole.WindowText), self.palette().color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)  # the theme's text colours (gui/style.py), on the window's background
        x, y = 10.0, self.height() / 2
        self.shown = []
        for mark in Mark:
            text_w = metrics.horizontalAdvance(mark.value)
            if x + 30 + text_w > self.width():
                break
            x += draw_mark(painter, mark, QPointF(x + 6, y)) + 8
            painter.setPen(text if mark is Mark.EVENT else muted)
            painter.drawText(QRectF(x, 0, text_w + 2, self.height()), Qt.AlignmentFlag.AlignVCenter, mark.value)
            x += text_w + 18
            self.shown.append(mark)
        painter.end()


class TimelineArea(QWidget):
    """The timeline with the key to its marks beneath it; the key gives way when the window is short."""

    MIN_HEIGHT_FOR_KEY = 420

    def __init__(self, view: QWidget) -> None:
        super().__init__()
        self.setObjectName("timelineArea")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(view, 1)
        self.legend = MarksLegend()
        font = self.legend.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 7.5))
        self.legend.setFont(font)
        layout.addWidget(self.legend)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Show the key only where the timeline can spare its height."""
        self.legend.setVisible(event.size().height() >= self.MIN_HEIGHT_FOR_KEY)
        super().resizeEvent(event)


def with_legend(view: QWidget) -> QWidget:
    """``view`` with the key to its marks beneath it."""
    return TimelineArea(view)
