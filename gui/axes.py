"""Axes of the timeline plot: calendar time at the bottom, lane names at the left."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF

from model.ticks import ticks


class TimeAxis(pg.AxisItem):
    """A bottom axis in seconds since 1970 whose labels read as calendar time at any scale."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self._labels: dict[float, str] = {}
        self.painted: list[tuple[QRectF, str]] = []
        """Tick labels drawn by the last paint, in this item's coordinates."""
        self.setStyle(tickTextOffset=6, autoExpandTextSpace=False, autoReduceTextSpace=False)
        self.setHeight(30)  # fixed: a label that changes size must not re-lay the whole plot out mid-zoom

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N802, N803
        """Ticks from the model's calendar arithmetic."""
        found = ticks(minVal, maxVal, size)
        self._labels = {t.seconds: t.label for t in found}
        spacing = (found[1].seconds - found[0].seconds) if len(found) > 1 else max(maxVal - minVal, 1.0)
        return [(spacing, [t.seconds for t in found])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        """Labels computed with the tick values."""
        return [self._labels.get(v, "") for v in values]

    def drawPicture(self, p: Any, axisSpec: Any, tickSpecs: Any, textSpecs: Any) -> None:  # noqa: N802, N803
        """Draw, and remember which labels were drawn where."""
        super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
        self.painted = [(QRectF(rect), text) for rect, _flags, text in textSpecs]


class LaneAxis(pg.AxisItem):
    """A left axis naming each lane at its middle (lane 0 at the top)."""

    def __init__(self) -> None:
        super().__init__("left")
        self.setStyle(tickLength=0, tickTextOffset=10, hideOverlappingLabels=False)
        self.setPen(pg.mkPen(None))
        self.painted: list[tuple[QRectF, str]] = []
        """Lane names drawn by the last paint, in this item's coordinates."""

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
