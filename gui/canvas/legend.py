"""A one-line key under the timeline: what each kind of mark on the canvas means."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.style import LIGHT, Palette, current


class Mark(Enum):
    """The kinds of mark the canvas draws, each with the words that explain it."""

    EVENT = "event"
    ECHO = "also involves this lane's actor"
    VAGUE = "dated only to a month or year"
    SPAN = "lasts a while"
    CLUSTER = "events too close to show apart"
    CONFLICT = "sources conflict"
    CORROBORATED = "corroborated by independent sources"


def draw_mark(painter: QPainter, mark: Mark, centre: QPointF, r: float = 5.5, palette: Palette = LIGHT) -> float:
    """Draw ``mark`` centred at ``centre`` in ``palette``'s colours; return how wide it is."""
    SAMPLE, WHITE = palette.sample, palette.on_marker  # noqa: N806
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    x, y = centre.x(), centre.y()
    width = 2 * r
    if mark is Mark.EVENT:
        painter.setPen(QPen(WHITE, 1.5))
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
        painter.setPen(QPen(WHITE, 1.5))
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
        painter.setPen(WHITE)
        painter.drawText(QRectF(x - r, y - 8, width, 16), Qt.AlignmentFlag.AlignCenter, "3")
    elif mark is Mark.CONFLICT:
        painter.setPen(QPen(WHITE, 1.5))
        painter.setBrush(SAMPLE)
        painter.drawEllipse(centre, r, r)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(palette.conflict, 2))
        painter.drawEllipse(centre, r + 3, r + 3)
    elif mark is Mark.CORROBORATED:
        painter.setPen(QPen(WHITE, 1.5))
        painter.setBrush(palette.corroborated)
        painter.drawEllipse(centre, r, r)
        painter.setPen(WHITE)
        painter.drawText(QRectF(x - 6, y - 6, 12, 12), Qt.AlignmentFlag.AlignCenter, "✓")
    painter.restore()
    return width


class MarksLegend(QWidget):
    """The key to the canvas's marks: every entry, on one line or wrapped onto more where the window is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marksLegend")
        self.setAccessibleName("Key to the timeline's marks")
        self.setAccessibleDescription("; ".join(f"{mark.name.lower()}: {mark.value}" for mark in Mark))
        self.shown: list[Mark] = []
        """The entries the last paint drew."""

    def _line_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 8

    def _places(self, width: float) -> list[tuple[Mark, float, int]]:
        """Where each entry goes: (mark, x, line), wrapping onto as many lines as the width needs."""
        metrics = QFontMetricsF(self.font())
        out: list[tuple[Mark, float, int]] = []
        x, line = 10.0, 0
        for mark in Mark:
            needed = 30 + mark_width(mark) + metrics.horizontalAdvance(mark.value)
            if x + needed > width and x > 10.0:
                x, line = 10.0, line + 1
            out.append((mark, x, line))
            x += needed
        return out

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        """The key wraps: its height follows its width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """As many lines as the entries need at ``width``."""
        lines = max(line for _, _, line in self._places(width)) + 1
        return int(lines * self._line_height()) + 2

    def sizeHint(self) -> QSize:  # noqa: N802
        """One line of small text when wide enough."""
        return QSize(400, self.heightForWidth(max(self.width(), 400)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Take the height the entries need at the new width."""
        self.setFixedHeight(self.heightForWidth(event.size().width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Every entry, left to right, wrapping onto a new line where the width ends."""
        painter = QPainter(self)
        metrics = QFontMetricsF(self.font())
        text, muted = self.palette().color(QPalette.ColorRole.WindowText), self.palette().color(QPalette.ColorRole.PlaceholderText)
        h = self._line_height()
        self.shown = []
        for mark, x, line in self._places(self.width()):
            y = 1 + line * h + h / 2
            width = draw_mark(painter, mark, QPointF(x + 6, y), palette=current()) + 8
            painter.setPen(text if mark is Mark.EVENT else muted)  # the theme's text colours (gui/style.py)
            text_w = metrics.horizontalAdvance(mark.value)
            painter.drawText(QRectF(x + width, y - h / 2, text_w + 2, h), Qt.AlignmentFlag.AlignVCenter, mark.value)
            self.shown.append(mark)
        painter.end()


def mark_width(mark: Mark, r: float = 5.5) -> float:
    """How wide :func:`draw_mark` draws ``mark``."""
    return {Mark.VAGUE: 5 * r, Mark.SPAN: 5 * r, Mark.CLUSTER: 4 * r}.get(mark, 2 * r)


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
