"""Shift+drag an event on the timeline to change its date (a plain drag still pans; a double click edits it).

An event filter on the timeline's viewport: a Shift+press on an event starts the move instead of a pan; while
the mouse moves, a guide line and the status bar show where the event would go, snapped to its date's
precision; the release makes the change (one undoable "Move Event"); Escape cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsSimpleTextItem

from gui.widgets import shorten
from model.layout.lanes import HitKind
from model.time.timepoint import TimePoint, format_span

GUIDE_COLOUR = "#d9480f"
"""The line showing where a dragged event would go."""

if TYPE_CHECKING:
    from gui.canvas.timeline_view import TimelineView
    from gui.edit.controller import Editing


class EventDrag(QObject):
    """Moves an event in time with Shift+drag; edits it on a double click."""

    def __init__(self, view: TimelineView, editing: Editing) -> None:
        super().__init__(view)
        self.view = view
        self.editing = editing
        self.moving = -1
        """The event being moved, or -1."""
        self._origin = 0.0
        self.guide = QGraphicsLineItem(view.view_box)  # over the timeline item, which draws in the view box's pixels
        self.guide.setPen(pg.mkPen(GUIDE_COLOUR, width=2, style=Qt.PenStyle.DashLine))
        self.guide.setZValue(20)
        self.guide.setVisible(False)
        self.when = QGraphicsSimpleTextItem(view.view_box)
        self.when.setBrush(QColor(GUIDE_COLOUR))
        self.when.setZValue(20)
        self.when.setVisible(False)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Take Shift+presses on events, the moves and release that follow, Escape, and double clicks on events."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape and self.moving >= 0:
            self._end()
            return True
        if not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
            found = self._event_at(event)
            if found >= 0:
                self.editing.edit_event(found)
                return True
            return False
        if kind == QEvent.Type.MouseButtonPress:
            return self._press(event)
        if kind == QEvent.Type.MouseMove and self.moving >= 0:
            self._preview(event)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self.moving >= 0:
            self._release(event)
            return True
        return False

    def _event_at(self, event: QMouseEvent) -> int:
        found = self.view.hit(self.view.mapToScene(event.position().toPoint()))
        return found[1] if found is not None and found[0] is HitKind.EVENT else -1

    def _press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            return False
        found = self._event_at(event)
        if found < 0:
            return False
        self.moving = found
        self._origin = self._seconds(event)
        self.view.session.select(found)
        self._preview(event)
        return True

    def _seconds(self, event: QMouseEvent) -> float:
        point = self.view.view_box.mapSceneToView(self.view.mapToScene(event.position().toPoint()))
        return float(point.x()) if isinstance(point, QPointF) else 0.0

    def _preview(self, event: QMouseEvent) -> None:
        from model.editing import moved  # the commands load with the first edit, not at start-up

        timeline = self.view.session.timeline
        old = timeline.events[self.moving]
        new = moved(old, self._seconds(event) - self._origin)
        start = TimePoint.parse(new.start)
        x = self.view.view_box.mapFromView(QPointF(start.seconds, 0.0)).x()
        self.guide.setLine(x, 0.0, x, self.view.view_box.height())
        self.guide.setVisible(True)
        when = format_span(start, TimePoint.parse(new.end) if new.end else None)
        self.when.setText(when)
        self.when.setPos(x + 4, 2)
        self.when.setVisible(True)
        title = shorten(old.title, 200)
        self.editing.window.statusBar().showMessage(f"Move \u201c{title}\u201d to {when} (release to move, Esc to cancel)")

    def _release(self, event: QMouseEvent) -> None:
        chosen, delta = self.moving, self._seconds(event) - self._origin
        self._end()
        self.editing.move_event(chosen, delta)

    def _end(self) -> None:
        self.moving = -1
        self.guide.setVisible(False)
        self.when.setVisible(False)
        self.editing.window.statusBar().clearMessage()
