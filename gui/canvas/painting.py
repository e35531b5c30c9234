"""Painting helpers shared by the canvas's items."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF
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
    scale = max(abs(painter.deviceTransform().m22()), 1e-6)
    band = FILL_LINES / scale
    top, bottom = rect.top(), rect.bottom()
    if bottom - top <= band:
        painter.fillRect(rect, color)
        return
    left, width = rect.left(), rect.width()
    for k in range(math.ceil((bottom - top) / band)):
        y = top + k * band
        painter.fillRect(QRectF(left, y, width, min(band, bottom - y)), color)
