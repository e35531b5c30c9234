"""GUI fixtures: isolated settings and helpers that find events on screen."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QGuiApplication

from gui.canvas.timeline_view import TimelineView
from gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory, qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """No test reads or writes the user's settings (kept out of tmp_path, which tests check for stray files)."""
    QCoreApplication.setOrganizationName("timeline-viewer-tests")
    QCoreApplication.setApplicationName("timeline-viewer-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("settings")))
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def empty_clipboard(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """What a test copies does not outlive it: offscreen Qt 6.11 crashes at exit (SIGSEGV, after every test has
    passed) when the clipboard still holds mime data set from Python."""
    yield
    QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def isolated_recovery(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recovery files go to a folder of the test's own, never the user's data folder (nor another test's)."""
    monkeypatch.setenv("TIMELINE_VIEWER_RECOVERY_DIR", str(tmp_path_factory.mktemp("recovery")))


@pytest.fixture
def window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.show()
    qtbot.waitExposed(win)
    return win


def event_point(view: TimelineView, event: int) -> QPoint:
    """Viewport pixel of ``event``'s marker (zooming in on it first if it is not a lone marker)."""
    point = _find_marker(view, event)
    if point is None:
        start = float(view.session.timeline.index.start[view.session.timeline.index.event == event][0])
        view.show_range(start - 2 * 86_400, start + 2 * 86_400)
        point = _find_marker(view, event)
    assert point is not None, f"event {event} is not drawn as a marker"
    return point


def _find_marker(view: TimelineView, event: int) -> QPoint | None:
    frame = view.item.frame
    assert frame is not None
    found = np.flatnonzero(frame.marker_event == event)
    if found.size == 0:
        return None
    k = int(found[0])
    local = QPointF(float(frame.marker_x[k]), float(frame.line_y[int(frame.marker_lane[k])]))
    scene = view.view_box.mapToScene(local)
    return view.mapFromScene(scene)


def answer_reload(window: MainWindow, qtbot, yes: bool = True, timeout: int = 5000) -> str:  # type: ignore[no-untyped-def]
    """Wait for the "Reload?" prompt, click Yes (or No) on it as a user would; the prompt's text."""
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: window.documents.prompt is not None and window.documents.prompt.isVisible(), timeout=timeout)
    prompt = window.documents.prompt
    assert prompt is not None
    text = prompt.text()
    button = prompt.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return text
