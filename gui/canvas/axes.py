"""Axes of the timeline plot: calendar time at the bottom, lane names at the left."""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QTransform
from PySide6.QtWidgets import QWidget

from gui.canvas.painting import fill_rects
from gui.canvas.timeline_item import StaticTexts
from model.time.ticks import ticks

TICK_PX = 5.0
"""Length of a tick mark below the axis line."""
PLOT_SIDE_PX = 4.0
"""Qt widens a repainted area by 2 pixels for antialiasing, and rounds it outwards."""


class ScenePixelAxis(pg.AxisItem):
    """An axis that also knows its size in pixels in a scene no view shows (an export's): scene units are pixels."""

    def deviceTransform_(self) -> QTransform | None:  # noqa: N802
        """Item to device pixels: through the view showing the scene, else the scene's own units."""
        found = super().deviceTransform_()
        if found is None and self.scene() is not None and not self.scene().views():
            found = self.sceneTransform()
        return found if isinstance(found, QTransform) else None


class TimeAxis(ScenePixelAxis):
    """A bottom axis in seconds since 1970 whose labels read as calendar time at any scale."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.painted: list[tuple[QRectF, str]] = []
        """Tick labels drawn by the last paint, in this item's coordinates."""
        self.setStyle(tickTextOffset=6, autoExpandTextSpace=False, autoReduceTextSpace=False)
        self.setHeight(30)  # fixed: a label that changes size must not re-lay the whole plot out mid-zoom
        self._texts = StaticTexts(self.font())
        self._text_height = QFontMetricsF(self.font()).height()

    def paint(self, p: QPainter, *args: Any) -> None:
        """Grid lines, tick marks and labels straight from the model's ticks: no picture recorded and replayed at every
        zoom step (pyqtgraph's way, a third of a step's time), labels from cached static texts on screen."""
        bounds = self.mapRectFromParent(self.geometry())
        lo, hi = (float(v) for v in self.range)
        length = bounds.width()
        self.painted = []
        if not (hi > lo and length > 0):
            return
        found = ticks(lo, hi, length)
        xs = [bounds.left() + (t.seconds - lo) / (hi - lo) * length for t in found]
        text_pen = self.textPen()
        view = self.linkedView()
        columns = [float(math.floor(x)) for x in xs]  # whole pixel columns: one-pixel fills, not antialiased strokes
        if view is not None and self.grid is not False:
            grid = view.mapRectToItem(self, view.boundingRect())
            color = QColor(text_pen.color())
            color.setAlpha(int(self.grid))
            fill_rects(p, [QRectF(x, grid.top(), 1.0, grid.height()) for x in columns], color)
        p.setPen(self.pen())
        top = bounds.top()
        p.drawLine(QLineF(bounds.left(), top, bounds.right(), top))
        fill_rects(p, [QRectF(x, top, 1.0, TICK_PX) for x in columns], self.pen().color())
        p.setPen(text_pen)
        p.setFont(self.font())
        on_screen = isinstance(p.device(), QWidget)
        y = top + TICK_PX + self.style["tickTextOffset"][1] - 4
        height = self._text_height
        for x, tick in zip(xs, found, strict=True):
            static = self._texts.get(tick.label)
            width = static.size().width()
            if not bounds.left() - 0.5 <= x <= bounds.right() + 0.5:  # its tick is off the axis: a label there names nothing
                continue
            # under its tick, but kept inside the axis: text painted outside the item is never erased (it stayed
            # behind, cut off, under the lane names while panning)
            left = min(max(x - width / 2, bounds.left()), bounds.right() - width)
            box = QRectF(left, y, width, height)
            if on_screen:
                p.drawStaticText(box.topLeft(), static)
            else:  # into a picture file: text as text
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, tick.label)
            self.painted.append((box, tick.label))


class LaneAxis(ScenePixelAxis):
    """A left axis naming each lane at its middle (lane 0 at the top)."""

    def __init__(self) -> None:
        super().__init__("left")
        self.setStyle(tickLength=0, tickTextOffset=10, hideOverlappingLabels=False)
        self.setPen(pg.mkPen(None))
        self.painted: list[tuple[QRectF, str]] = []
        """Lane names drawn by the last paint, in this item's coordinates."""

    def boundingRect(self) -> QRectF:  # noqa: N802
        """pyqtgraph's, less a few pixels at the plot's side, where no name is drawn (each ends ``tickTextOffset`` short):
        when lanes move, the names' repaint then leaves the plot alone instead of painting the whole timeline again."""
        rect: QRectF = super().boundingRect()
        return rect.adjusted(0, 0, -PLOT_SIDE_PX, 0)

    def set_lanes(self, ticks: list[tuple[float, str]], width: int) -> None:
        """Show each lane's name at its marker line: ``ticks`` are (y from 0 at the top to 1 at the bottom, name)."""
        self.setTicks([ticks, []])
        if width != self.width():
            self.setWidth(width)

    def drawPicture(self, p: Any, axisSpec: Any, tickSpecs: Any, textSpecs: Any) -> None:  # noqa: N802, N803
        """Draw, and remember which names were drawn where."""
        super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
        self.painted = [(QRectF(rect), text) for rect, _flags, text in textSpecs]

    def generateDrawSpecs(self, p: Any) -> Any:  # noqa: N802
        """Lane names without tick marks or an axis line."""
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis, ticks_spec, texts = specs
        return axis, [], texts
