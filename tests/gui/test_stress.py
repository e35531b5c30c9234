"""Long sessions: thousands of hovers, clicks, wheel steps and key presses, and rounds of opening, reloading and
dialogs, without a crash or a leak.

Runs 4,000 actions by default (CI); set STRESS_ACTIONS=40000 for an hour-of-use run.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from tests.gui.conftest import answer_reload
from tests.gui.test_main_window import wheel

ACTIONS = int(os.environ.get("STRESS_ACTIONS", "4000"))
ROUNDS = int(os.environ.get("STRESS_ROUNDS", "15"))


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
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # a running event loop deletes these


def test_long_session_does_not_crash_or_grow(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    session(window, qtbot, 1000, rng)  # warm caches
    window.session.select(-1)  # counted with nothing selected both times: the panel's cards come and go with the selection
    before, widgets = rss_mb(), widget_count()
    session(window, qtbot, ACTIONS, rng)
    grown = rss_mb() - before
    assert window.isVisible()
    assert grown < 40, f"memory grew by {grown:.1f} MB over {ACTIONS} actions"
    window.session.select(-1)
    assert widget_count() <= widgets


def widget_count() -> int:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the running event loop does
    return len(QApplication.allWidgets())


def dialog_round(window: MainWindow, qtbot, story: Path, bad: Path, k: int) -> None:  # type: ignore[no-untyped-def]
    """Open a file, reload it after a change, fail to open a bad one, open and close every dialog and view."""
    window.open_path(str(story))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace(f"Round {k - 1}", f"Round {k}"), encoding="utf-8")
    answer_reload(window, qtbot)
    qtbot.waitUntil(lambda: window.session.timeline.title.startswith(f"Round {k}"), timeout=5000)
    window.open_path(str(bad))
    window.analyses.now()
    window.show_conflicts()
    sources = window.session.timeline.doc.sources
    window.sources.open_source(sources[k % len(sources)].id)
    event = window.session.timeline.event_by_id["openai-coreweave-contract"]
    window.session.select(event)
    window.show_quote(event, 0)
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() in ("errorBox", "conflictsDialog", "sourceView") and widget.isVisible():
            widget.close()


def test_opening_reloading_and_dialogs_keep_memory_and_widgets_flat(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story = tmp_path / "story.json"
    window.save_as(str(story))
    story.write_text(story.read_text(encoding="utf-8").replace("Microsoft, OpenAI and CoreWeave", "Round 0"), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    for k in range(1, 4):  # warm caches
        dialog_round(window, qtbot, story, bad, k)
    widgets, before = widget_count(), rss_mb()
    for k in range(4, 4 + ROUNDS):
        dialog_round(window, qtbot, story, bad, k)
    assert widget_count() <= widgets
    grown = rss_mb() - before
    assert grown < 30, f"memory grew by {grown:.1f} MB over {ROUNDS} rounds of dialogs"
