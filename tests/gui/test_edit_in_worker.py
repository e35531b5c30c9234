"""A change to a large timeline is built in a worker: the window keeps painting, a progress dialog offers Cancel, and
a cancelled change changes nothing."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

import model.history
from gui.main_window import MainWindow
from model.editing import DeleteEvent
from model.work import checkpoint


@pytest.fixture
def slow_rebuild(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each rebuild takes about 1.5 s, in steps with a checkpoint between; the list counts the steps done."""
    steps: list[int] = []
    real = model.history.rebuild

    def slow(*args):  # type: ignore[no-untyped-def]
        for step in range(150):
            time.sleep(0.01)
            checkpoint("Checking the change", step, 150)
            steps.append(step)
        return real(*args)

    monkeypatch.setattr(model.history, "rebuild", slow)
    return steps


class Heartbeat:
    """A 100 ms timer in the window's thread; the longest gap between its beats."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest, self.last = max(self.longest, now - self.last), now


def test_a_change_to_a_large_timeline_is_built_in_a_worker(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    building = window.editing.building
    event = window.session.timeline.events[0]
    assert window.editing.apply(DeleteEvent(event.id))
    assert building.threads[-1] == "MainThread"  # the default story is small: built at once
    window.editing.undo()
    building.here_below = 0  # as if it were large
    assert window.editing.apply(DeleteEvent(event.id))
    assert building.threads[-1] == "edit-worker"
    assert event.id not in window.session.timeline.event_by_id
    qtbot.waitUntil(lambda: window.view.item.painted_for is not None and window.view.item.painted_for[0]() is window.session.timeline)
    markers = [d["event"] for d in window.view.drawn() if d["kind"] == "marker"]
    assert markers and event.id not in markers
    window.editing.undo()
    assert event.id in window.session.timeline.event_by_id
    assert window.actions_by_name["actionRedo"].text() == "Redo Delete Event"


def test_a_slow_change_keeps_the_window_alive_and_shows_its_progress(window: MainWindow, qtbot, slow_rebuild) -> None:  # type: ignore[no-untyped-def]
    window.editing.building.here_below = 0
    event = window.session.timeline.events[0]
    seen: list[str] = []

    def look() -> None:
        dialog = window.editing.building.dialog
        seen.append(dialog.labelText() if dialog is not None and dialog.isVisible() else "no dialog")

    QTimer.singleShot(900, look)
    heartbeat = Heartbeat()
    assert window.editing.apply(DeleteEvent(event.id))
    heartbeat.timer.stop()
    assert seen and seen[0].startswith("Checking the change")
    assert heartbeat.longest < 0.5, f"the window was held {heartbeat.longest:.2f} s"
    assert event.id not in window.session.timeline.event_by_id
    assert window.editing.building.dialog is None
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_cancel_stops_a_slow_change_and_nothing_changes(window: MainWindow, qtbot, slow_rebuild) -> None:  # type: ignore[no-untyped-def]
    window.editing.building.here_below = 0
    before = window.session.timeline
    event = before.events[0]

    def cancel() -> None:
        dialog = window.editing.building.dialog
        assert dialog is not None and dialog.isVisible()
        button = dialog.findChild(QPushButton)
        assert button is not None
        button.click()

    QTimer.singleShot(600, cancel)
    began = time.perf_counter()
    assert not window.editing.apply(DeleteEvent(event.id))
    assert time.perf_counter() - began < 1.2  # it stopped at the next checkpoint, not at the end (1.5 s)
    assert len(slow_rebuild) < 120
    assert "cancelled; nothing changed" in window.statusBar().currentMessage()
    assert window.session.timeline is before and not window.editing.history.can_undo
    assert not window.isWindowModified()
    assert not [t for t in threading.enumerate() if t.name == "edit-worker"]


def test_what_was_drawn_names_the_events_of_the_timeline_painted(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.viewport().repaint()
    last = window.session.timeline.events[-1]
    assert last.id in [d["event"] for d in window.view.drawn() if d["kind"] == "marker"]
    assert window.editing.apply(DeleteEvent(last.id))
    before_paint = [d["event"] for d in window.view.drawn() if d["kind"] == "marker"]  # still the last paint's
    assert last.id in before_paint
    window.view.viewport().repaint()
    after_paint = [d["event"] for d in window.view.drawn() if d["kind"] == "marker"]
    assert after_paint and last.id not in after_paint
