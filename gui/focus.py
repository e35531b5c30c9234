"""Keyboard use: F6 between the timeline and the panels, and what a screen reader says about the timeline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from gui.actions import key_of
from gui.widgets import shorten
from model.session import NO_SELECTION, Session


class Panes:
    """The panes F6 moves between: the timeline, then each open dock."""

    def __init__(self, timeline: QWidget, docks: list[QDockWidget]) -> None:
        self.timeline = timeline
        self.docks = docks

    def step(self, step: int) -> QWidget:
        """Focus the pane ``step`` panes on (wrapping); returns it."""
        return focus_pane(self.timeline, self.docks, step)


def focus_pane(timeline: QWidget, docks: list[QDockWidget], step: int) -> QWidget:
    """Move the focus ``step`` panes on (timeline, then each open dock), wrapping; returns the focused pane."""
    panes: list[QWidget] = [timeline] + [d.widget() for d in docks if d.toggleViewAction().isChecked()]
    focused = QApplication.focusWidget()
    current = next((k for k, pane in enumerate(panes) if focused is not None and (focused is pane or pane.isAncestorOf(focused))), -1)
    target = panes[(current + step) % len(panes)] if current >= 0 else panes[0 if step > 0 else -1]
    dock = next((d for d in docks if d.widget() is target), None)
    if dock is not None:
        dock.raise_()
    if not target.window().isActiveWindow():
        target.window().activateWindow()  # a floating dock is a window of its own
    _focus_first(target)
    return target


def _focus_first(pane: QWidget) -> None:
    """Focus the pane's first control that Tab would reach (a quote, a list), else the pane itself."""
    child = pane.nextInFocusChain()
    while child is not None and child is not pane:
        if pane.isAncestorOf(child) and child.isVisible() and child.isEnabled() and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
            child.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        child = child.nextInFocusChain()
    pane.setFocus(Qt.FocusReason.ShortcutFocusReason)


def describe_timeline(view: QWidget, session: Session) -> None:
    """The timeline's accessible description: which event is selected, and how to move."""
    how = (f"{key_of('actionPrevious')} and {key_of('actionNext')} select the previous or next event, "
           f"{key_of('actionZoomIn', timeline=True)} and {key_of('actionZoomOut', timeline=True)} zoom, "
           f"{key_of('actionNextPane')} moves to the panels.")
    if session.selected == NO_SELECTION:
        view.setAccessibleDescription(f"No event selected. {how}")
        return
    event = session.timeline.events[session.selected]
    quotes = len(event.quotes)
    view.setAccessibleDescription(f"Selected: {shorten(event.title, 300)}, {session.timeline.date_label(session.selected)}, "
                                  f"{quotes} source quote{'s' if quotes != 1 else ''}. {how}")


class FocusRing(QWidget):
    """A ring drawn over a widget's edge while it has the keyboard focus (it changes nothing under it, nor its size)."""

    def __init__(self, target: QWidget, color: QColor) -> None:
        super().__init__(target)
        self.setObjectName("focusRing")
        self.color = color
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(target.rect())
        self.setVisible(target.hasFocus())
        target.installEventFilter(self)

    def set_color(self, color: QColor) -> None:
        """The ring's colour (the theme's focus colour)."""
        self.color = color
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Follow the target's focus and size."""
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut) and isinstance(watched, QWidget):
            self.setVisible(kind == QEvent.Type.FocusIn)
            self.raise_()
        elif kind == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A 2-pixel ring just inside the edge."""
        painter = QPainter(self)
        painter.setPen(QPen(self.color, 2))
        painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()
