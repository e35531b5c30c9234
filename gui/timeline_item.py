"""The graphics item that draws a prepared frame of the timeline: lanes, markers, clusters, labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from model.layout import Frame, IntArray, LayoutParams, layout_frame
from model.timeline import Timeline

TEXT = QColor("#1f2933")
MUTED = QColor("#6b7785")
STRIPE = QColor("#f3f5f8")
BACKGROUND = QColor("#ffffff")
SELECTED_FILL = QColor("#fff1b8")
CONFLICT = QColor("#d64545")
CORROBORATED = QColor("#2f9e44")
ERA_FILL = QColor(120, 140, 170, 28)


def label_font() -> QFont:
    """The font of event labels."""
    font = QFont()
    font.setPointSizeF(9.0)
    return font


@dataclass
class Prepared:
    """Qt shapes made from a frame, ready to draw without further work."""

    stripes: list[tuple[QRectF, QColor]] = field(default_factory=list)
    eras: list[tuple[QRectF, str]] = field(default_factory=list)
    spans: list[tuple[QRectF, QColor]] = field(default_factory=list)
    clusters: list[tuple[QRectF, QColor, str]] = field(default_factory=list)
    markers: list[tuple[QRectF, QColor]] = field(default_factory=list)
    echoes: list[tuple[QRectF, QColor]] = field(default_factory=list)
    leaders: list[tuple[QLineF, QColor]] = field(default_factory=list)
    labels: list[tuple[QRectF, str, bool, QColor]] = field(default_factory=list)
    badges: list[tuple[QPointF, QColor, str]] = field(default_factory=list)
    rings: list[QRectF] = field(default_factory=list)
    selected: list[QRectF] = field(default_factory=list)


class TimelineItem(pg.GraphicsObject):
    """Draws the timeline in the view box's pixel space; layout happens on range change, not in paint."""

    sigLayoutChanged = Signal()

    def __init__(self, view_box: pg.ViewBox, timeline: Timeline) -> None:
        super().__init__()
        self.view_box = view_box
        self.timeline = timeline
        self.params = LayoutParams()
        self.selected = -1
        self.hovered = -1
        self.marks: dict[int, str] = {}
        """Event index to "conflict" or "corroborated"."""
        self.font = label_font()
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self.bold_metrics = QFontMetricsF(self.bold)
        self.count_font = QFont(self.font)
        self.count_font.setPointSizeF(7.5)
        self.count_font.setBold(True)
        self.check_font = QFont(self.font)
        self.check_font.setPointSizeF(6.5)
        self.check_font.setBold(True)
        self._widths: dict[int, float] = {}
        self._colors: list[QColor] = []
        self.frame: Frame | None = None
        self.prepared = Prepared()
        self.setParentItem(view_box)
        self.setZValue(10)
        self.set_timeline(timeline)
        view_box.sigRangeChanged.connect(self.relayout)
        view_box.sigResized.connect(self.relayout)

    def set_timeline(self, timeline: Timeline) -> None:
        """Show another timeline."""
        self.timeline = timeline
        self._widths.clear()
        self._colors = [QColor(lane.color) if QColor.isValidColorName(lane.color) else QColor("#607d8b") for lane in timeline.lanes]
        self._colors = self._colors or [QColor("#607d8b")]
        self.selected = self.hovered = -1
        self.marks = {}
        self.relayout()

    def set_selected(self, event: int) -> None:
        """Highlight ``event`` (-1 for none) and give its label first place."""
        self.selected = event
        self.relayout()

    def boundingRect(self) -> QRectF:  # noqa: N802
        """The whole view box: the item draws in its pixel space."""
        return QRectF(0, 0, self.view_box.width(), self.view_box.height())

    def measure(self, events: IntArray) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Label widths in pixels, cached per event."""
        cache = self._widths
        if len(cache) > 200_000:
            cache.clear()
        titles = self.timeline.events
        out = np.empty(events.size, dtype=np.float64)
        for k, event in enumerate(events.tolist()):
            width = cache.get(event)
            if width is None:
                metrics = self.bold_metrics if event == self.selected else self.metrics
                width = cache[event] = metrics.horizontalAdvance(titles[event].title) + 10
            out[k] = width
        return out

    def relayout(self) -> None:
        """Recompute the frame for the current range and size, then schedule a repaint."""
        (lo, hi), _ = self.view_box.viewRange()
        width, height = self.view_box.width(), self.view_box.height()
        self._widths.pop(self.selected, None)
        self.frame = layout_frame(
            self.timeline.index, max(len(self.timeline.lanes), 1), (lo, hi, width, height), self.measure, self.params,
            self.selected if self.selected >= 0 else None,
        )
        self.prepared = self._prepare(self.frame)
        self.prepareGeometryChange()
        self.update()
        self.sigLayoutChanged.emit()

    def _color(self, lane: int) -> QColor:
        return self._colors[lane % len(self._colors)]

    def _prepare(self, frame: Frame) -> Prepared:
        out = Prepared()
        self._prepare_lanes(frame, out)
        self._prepare_points(frame, out)
        self._prepare_labels(frame, out)
        return out

    def _prepare_lanes(self, frame: Frame, out: Prepared) -> None:
        for lane in range(len(frame.line_y)):
            color = STRIPE if lane % 2 == 0 else BACKGROUND
            out.stripes.append((QRectF(0, frame.lane_top[lane], frame.width, frame.lane_height), color))
        for era in getattr(self.timeline.doc, "eras", []):
            try:
                x0, x1 = self._era_px(frame, era.start, era.end)
            except ValueError:
                continue
            if x1 > 0 and x0 < frame.width:
                out.eras.append((QRectF(x0, 0, x1 - x0, frame.height), era.title))

    def _era_px(self, frame: Frame, start: str, end: str) -> tuple[float, float]:
        from model.timepoint import TimePoint

        a, b = TimePoint.parse(start).seconds, TimePoint.parse(end).end_seconds()
        x = frame.to_px(np.array([a, b]))
        return float(max(x[0], -10)), float(min(x[1], frame.width + 10))

    def _prepare_points(self, frame: Frame, out: Prepared) -> None:
        p = frame.params
        r = p.marker_radius
        line = frame.line_y
        for x0, x1, lane in zip(frame.span_x0.tolist(), frame.span_x1.tolist(), frame.span_lane.tolist(), strict=True):
            out.spans.append((QRectF(x0, line[lane] - 4, x1 - x0, 8), self._color(lane)))
        for x0, x1, lane, count in zip(frame.cluster_x0.tolist(), frame.cluster_x1.tolist(), frame.cluster_lane.tolist(),
                                       frame.cluster_count.tolist(), strict=True):
            text = f"{count:,}"
            width = max(x1 - x0 + 2 * r, QFontMetricsF(self.count_font).horizontalAdvance(text) + 10 if x1 - x0 < 60 else 0)
            mid = (x0 + x1) / 2
            out.clusters.append((QRectF(mid - width / 2, line[lane] - 8, width, 16), self._color(lane), text))
        for x, lane, event in zip(frame.marker_x.tolist(), frame.marker_lane.tolist(), frame.marker_event.tolist(), strict=True):
            grow = 2.0 if event in (self.selected, self.hovered) else 0.0
            rect = QRectF(x - r - grow, line[lane] - r - grow, 2 * (r + grow), 2 * (r + grow))
            out.markers.append((rect, self._color(lane)))
            self._badge(out, event, rect)
            if event == self.selected:
                out.selected.append(rect.adjusted(-3, -3, 3, 3))
        for x, lane, event in zip(frame.echo_x.tolist(), frame.echo_lane.tolist(), frame.echo_event.tolist(), strict=True):
            rect = QRectF(x - 3.5, line[lane] - 3.5, 7, 7)
            out.echoes.append((rect, self._color(lane)))
            if event == self.selected:
                out.selected.append(rect.adjusted(-4, -4, 4, 4))

    def _badge(self, out: Prepared, event: int, marker: QRectF) -> None:
        """Conflicting sources: a red ring around the marker; corroborated: a check inside it."""
        mark = self.marks.get(event)
        if mark == "conflict":
            out.rings.append(marker.adjusted(-3, -3, 3, 3))
        elif mark == "corroborated":
            out.badges.append((marker.center(), CORROBORATED, "✓"))

    def _prepare_labels(self, frame: Frame, out: Prepared) -> None:
        titles = self.timeline.events
        rows = zip(frame.label_x.tolist(), frame.label_y.tolist(), frame.label_w.tolist(), frame.label_event.tolist(),
                   frame.label_full.tolist(), frame.label_anchor_x.tolist(), frame.label_anchor_y.tolist(), strict=True)
        h = frame.params.row_height
        r = frame.params.marker_radius
        primary_lane = {int(e): int(lane) for e, lane in zip(frame.marker_event.tolist(), frame.marker_lane.tolist(), strict=True)}
        for x, y, w, event, full, ax, ay in rows:
            selected = event == self.selected
            metrics = self.bold_metrics if selected else self.metrics
            title = titles[event].title
            text = title if full else metrics.elidedText(title, Qt.TextElideMode.ElideRight, w - 8)
            rect = QRectF(x, y, w, h)
            out.labels.append((rect, text, selected, STRIPE if primary_lane.get(event, 0) % 2 == 0 else BACKGROUND))
            color = QColor(self._color(primary_lane.get(event, 0)))
            color.setAlpha(150)
            out.leaders.append((QLineF(ax, ay - r, ax, y + h - 3), color))

    def paint(self, painter: QPainter, *args: Any) -> None:
        """Draw what :meth:`relayout` prepared."""
        prepared = self.prepared
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, color in prepared.stripes:
            painter.fillRect(rect, color)
        self._paint_eras(painter, prepared)
        for rect, color in prepared.spans:
            fill = QColor(color)
            fill.setAlpha(90)
            painter.setPen(QPen(color, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 4, 4)
        self._paint_clusters(painter, prepared)
        for line, color in prepared.leaders:
            painter.setPen(QPen(color, 1))
            painter.drawLine(line)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect, color in prepared.echoes:
            painter.setPen(QPen(color, 2))
            painter.drawEllipse(rect)
        white = QPen(QColor("white"), 1.5)
        for rect, color in prepared.markers:
            painter.setPen(white)
            painter.setBrush(color)
            painter.drawEllipse(rect)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(TEXT, 2))
        for rect in prepared.selected:
            painter.drawEllipse(rect)
        self._paint_badges(painter, prepared)
        self._paint_labels(painter, prepared)

    def _paint_eras(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setFont(self.font)
        for rect, title in prepared.eras:
            painter.fillRect(rect, ERA_FILL)
            painter.setPen(MUTED)
            painter.drawText(rect.adjusted(4, 2, -4, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, title)
            painter.setPen(Qt.PenStyle.NoPen)

    def _paint_clusters(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setFont(self.count_font)
        metrics = QFontMetricsF(self.count_font)
        for rect, color, text in prepared.clusters:
            fill = QColor(color)
            fill.setAlpha(215)
            painter.setPen(QPen(color.darker(120), 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 8, 8)
            if metrics.horizontalAdvance(text) + 6 <= rect.width():
                painter.setPen(QColor("white"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_badges(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(CONFLICT, 2))
        for rect in prepared.rings:
            painter.drawEllipse(rect)
        painter.setFont(self.check_font)
        painter.setPen(QColor("white"))
        for point, _color, text in prepared.badges:
            painter.drawText(QRectF(point.x() - 6, point.y() - 6, 12, 12), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_labels(self, painter: QPainter, prepared: Prepared) -> None:
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.setFont(self.font)
        painter.setPen(TEXT)
        for rect, text, selected, background in prepared.labels:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELECTED_FILL if selected else background)
            painter.drawRoundedRect(rect.adjusted(0, 1, 0, -1), 4, 4)
            painter.setPen(TEXT)
            if selected:
                painter.setFont(self.bold)
                painter.drawText(rect.adjusted(4, 0, 0, 0), flags, text)
                painter.setFont(self.font)
            else:
                painter.drawText(rect.adjusted(4, 0, 0, 0), flags, text)
