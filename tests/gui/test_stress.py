"""Long sessions: thousands of hovers, clicks, wheel steps and key presses, without a crash or a leak.

Runs 4,000 actions by default (CI); set STRESS_ACTIONS=40000 for an hour-of-use run.
"""

from __future__ import annotations

import os
import random

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from tests.gui.test_main_window import wheel

ACTIONS = int(os.environ.get("STRESS_ACTIONS", "4000"))


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def hover(view, pos: QPoint) -> None:  # type: ignore[no-untyped-def]
    event = QMouseEvent(QMouseEvent.Type.MouseMove, pos, view.viewport().mapToGlobal(pos), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def session(window: MainWindow, qtbot, actions: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    rect = view.viewport().rect()
    keys = [Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Escape]
    for step in range(actions):
        pos = QPoint(rng.randrange(rect.width()), rng.randrange(rect.height()))
        kind = rng.random()
        if kind < 0.6:
            hover(view, pos)
        elif kind < 0.75:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        elif kind < 0.88:
            wheel(view, pos, rng.choice((-2, -1, 1, 2)))
        else:
            modifier = Qt.KeyboardModifier.ShiftModifier if rng.random() < 0.3 else Qt.KeyboardModifier.NoModifier
            qtbot.keyClick(view, rng.choice(keys), modifier)
        if step % 500 == 0:
            window.view.fit_all()
            QApplication.processEvents()


def test_long_session_does_not_crash_or_grow(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    session(window, qtbot, 1000, rng)  # warm caches
    before = rss_mb()
    session(window, qtbot, ACTIONS, rng)
    grown = rss_mb() - before
    assert window.isVisible()
    assert grown < 40, f"memory grew by {grown:.1f} MB over {ACTIONS} actions"
