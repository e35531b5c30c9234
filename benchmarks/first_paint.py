"""Print the wall-clock time right after a plot's first paint, then end the process (for start-up timing)."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class _FirstPaint(QObject):
    """Application-wide filter that waits for a paint of the viewport of a ``view_type`` widget."""

    def __init__(self, view_type: type) -> None:
        super().__init__()
        self.view_type = view_type
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """On the first matching paint, report once the paint has finished (next turn of the event loop)."""
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched.parent(), self.view_type):
            self.seen = True
            QTimer.singleShot(0, _report)
        return False


def _report() -> None:
    print(f"first-paint {time.time():.6f}", flush=True)
    os._exit(0)


def exit_after_first_paint(app: QApplication, view_type: type) -> None:
    """Install the filter: the process prints ``first-paint <time.time()>`` and exits after ``view_type`` first paints."""
    watcher = _FirstPaint(view_type)
    watcher.setParent(app)
    app.installEventFilter(watcher)
    QTimer.singleShot(120_000, lambda: sys.exit("no paint within 120 s"))
