"""Painting helpers shared by the canvas's items."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

FILL_LINES = 64
"""Device pixel rows per fill. Qt's raster engine hands a blended fill of more than about 96 rows to its GUI thread
pool and waits for it: on a busy machine a one-pixel grid line then costs half a millisecond instead of a few
microseconds. Bands of at most this many rows are blended on the painting thread."""


def fill_rect(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """``painter.fillRect(rect, color)``, in bands short enough to stay on the painting thread when ``color`` is translucent."""
    if color.alpha() == 255:  # opaque fills are plain memory fills, never handed over
        painter.fillRect(rect, color)
        return
    fill_rects(painter, [rect], color)


def fill_rects(painter: QPainter, rects: Iterable[QRectF], color: QColor) -> None:
    """Fill ``rects`` with ``color``, unantialiased (they are meant to lie on whole pixels), in one call, each cut into
    bands of at most :data:`FILL_LINES` device rows."""
    band = FILL_LINES / max(abs(painter.deviceTransform().m22()), 1e-6)
    pieces: list[QRectF] = []
    for rect in rects:
        top, bottom, left, width = rect.top(), rect.bottom(), rect.left(), rect.width()
        if bottom - top <= band:
            pieces.append(rect)
            continue
        for k in range(math.ceil((bottom - top) / band)):
            y = top + k * band
            pieces.append(QRectF(left, y, width, min(band, bottom - y)))
    if not pieces:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRects(pieces)
    painter.restore()
