"""The timeline as a PNG: title, lane legend and the plot, written atomically."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QRectF, QSaveFile, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from gui.state import TimelineState
from gui.timeline_item import CONFLICT, CORROBORATED, TEXT
from gui.timeline_view import TimelineView
from model.claims import analyse_timeline
from model.palette import lane_color
from model.timeline import Timeline

HEADER = 64
MAX_SIDE = 16384


class ExportError(Exception):
    """An export that could not be written; nothing was left behind."""


def parse_size(text: str) -> tuple[int, int]:
    """"1920x1080" to (1920, 1080), with a clear error for anything else."""
    match = re.fullmatch(r"\s*([0-9]{1,6})\s*[xX]\s*([0-9]{1,6})\s*", text)
    if match is None:
        raise ExportError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 1920x1080")
    size = int(match.group(1)), int(match.group(2))
    if not (320 <= size[0] <= MAX_SIDE and 240 <= size[1] <= MAX_SIDE):
        raise ExportError(f"size {text!r} is out of range (320x240 to {MAX_SIDE}x{MAX_SIDE})")
    return size


def render_timeline(timeline: Timeline, size: tuple[int, int], view_range: tuple[float, float] | None = None,
                    selected: int = -1) -> QImage:
    """Draw the timeline at ``size`` pixels: the whole of it, or ``view_range`` (seconds)."""
    width, height = size
    scale = max(1.0, min(width / 1920, height / 1080))
    logical_w, logical_h = round(width / scale), round(height / scale)
    state = TimelineState(timeline)
    view = TimelineView(state)
    view.setMinimumSize(0, 0)  # a short picture must still get its time axis
    view.resize(logical_w, logical_h - HEADER)
    view.grab()  # lays the hidden widget out at its size
    if view_range is None:
        view.fit_all()
    else:
        view.show_range(*view_range)
    view.item.set_marks(analyse_timeline(timeline).marks())
    state.select(selected)
    view.item.ensure_layout()
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        painter.save()
        _draw_header(painter, timeline, logical_w)
        painter.restore()
        painter.setBrush(QColor("white"))  # what the view paints outside its scene
        source = view.viewport().rect()
        view.render(painter, QRectF(0, HEADER, source.width(), source.height()), source)
    finally:
        painter.end()
        view.deleteLater()
    return image


def _draw_header(painter: QPainter, timeline: Timeline, width: int) -> None:
    """Title, then the lane legend; the marks legend at the right when the timeline has quotes and room is left."""
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    title_font = QFont()
    title_font.setPointSizeF(15)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(TEXT)
    title = QFontMetricsF(title_font).elidedText(timeline.title[:2000], Qt.TextElideMode.ElideRight, width - 32)
    painter.drawText(QRectF(16, 8, width - 32, 28), left, title)
    legend_font = QFont()
    legend_font.setPointSizeF(9.5)
    painter.setFont(legend_font)
    metrics = QFontMetricsF(legend_font)
    y = 40.0
    lanes_w = sum(16 + metrics.horizontalAdvance(lane.name[:80]) + 18 for lane in timeline.lanes)
    checked = any(c.verified for c in timeline.quote_checks.values())  # marks need quotes that could be compared
    marks_w = _marks_legend_width(metrics) if checked else 0.0
    if 16 + lanes_w + 24 + marks_w > width - 16:
        marks_w = 0.0  # the lanes come first
    limit = width - 16 - (marks_w + 24 if marks_w else 0)
    x = 16.0
    lanes = timeline.lanes
    for k, lane in enumerate(lanes):
        name = lane.name[:80]
        item_w = 16 + metrics.horizontalAdvance(name) + 18
        more = f"+{len(lanes) - k} more"
        if x + item_w > limit or (k < len(lanes) - 1 and x + item_w + metrics.horizontalAdvance(more) + 8 > limit):
            painter.setPen(TEXT)
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(more) + 8, 18), left, more)
            break
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(lane.color) if QColor.isValidColorName(lane.color) else QColor(lane_color(k)))
        painter.drawEllipse(QRectF(x, y + 4, 10, 10))
        painter.setPen(TEXT)
        painter.drawText(QRectF(x + 15, y, item_w, 18), left, name)
        x += item_w
    if marks_w and x + 24 + marks_w <= width - 16:
        _draw_marks_legend(painter, metrics, width, y)


_CONFLICT_TEXT, _CORROBORATED_TEXT = "sources conflict", "corroborated by independent sources"


def _marks_legend_width(metrics: QFontMetricsF) -> float:
    return metrics.horizontalAdvance(_CONFLICT_TEXT) + metrics.horizontalAdvance(_CORROBORATED_TEXT) + 70


def _draw_marks_legend(painter: QPainter, metrics: QFontMetricsF, width: int, y: float) -> None:
    """What the marks on markers mean, at the right end of the legend row."""
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    x = width - 16 - _marks_legend_width(metrics)
    painter.setPen(QPen(CONFLICT, 2))
    painter.setBrush(QColor("#9aa5b1"))
    painter.drawEllipse(QRectF(x, y + 3, 12, 12))
    painter.setPen(TEXT)
    painter.drawText(QRectF(x + 18, y, 400, 18), left, _CONFLICT_TEXT)
    x += metrics.horizontalAdvance(_CONFLICT_TEXT) + 36
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(CORROBORATED)
    painter.drawEllipse(QRectF(x, y + 3, 12, 12))
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(x, y + 3, 12, 12), Qt.AlignmentFlag.AlignCenter, "✓")
    painter.setPen(TEXT)
    painter.drawText(QRectF(x + 18, y, 400, 18), left, _CORROBORATED_TEXT)


def save_png(image: QImage, path: str) -> None:
    """Write ``image`` to ``path`` atomically: the file appears whole or not at all."""
    if os.path.exists(path) and not os.path.isfile(path):
        raise ExportError(f"cannot write {path}: it is not a regular file")
    out = QSaveFile(path)
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise ExportError(f"cannot write {path}: {out.errorString()}")
    if not image.save(out, "PNG"):  # type: ignore[call-overload]
        out.cancelWriting()
        raise ExportError(f"cannot write {path}: the PNG could not be encoded")
    if not out.commit():
        raise ExportError(f"cannot write {path}: {out.errorString()}")


def export_png(timeline: Timeline, path: str, size: tuple[int, int] = (1920, 1080),
               view_range: tuple[float, float] | None = None) -> None:
    """Render and save in one step."""
    save_png(render_timeline(timeline, size, view_range), path)
