"""The zoomable timeline on screen: a :class:`TimelineCanvas` in a view that takes the mouse, hover and tooltips."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGraphicsView, QToolTip, QWidget

from gui.canvas.axes import LaneAxis, TimeAxis
from gui.canvas.timeline_canvas import ZOOM_STEP, Rect, TimelineCanvas
from gui.canvas.timeline_item import TimelineItem, label_font
from gui.style import PALETTES
from gui.widgets import shorten, tooltip_text
from model.layout.lanes import Hit, HitKind
from model.session import NO_SELECTION, Session, ThemeName


class TimelineView(pg.GraphicsView):
    """The timeline canvas on screen: wheel zooms around the cursor, drag pans, click selects."""

    hoverChanged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = TimelineCanvas(session)
        """What is drawn; this widget only adds the mouse, hover and tooltips."""
        self.setCentralItem(self.canvas)
        self.canvas.fit_all()  # again, now that the canvas has this view's width
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription("Events on a time axis, one lane per actor. Arrow keys move the selection.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 200)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)  # a plain colour: filling it is cheaper than copying a cache of it
        self._last_hover = ""
        self._hover_pos: QPointF | None = None
        """Where the pointer last hovered something, to say afresh what lies there once the view moves under it."""
        self._moved = False
        self.scene().sigMouseClicked.connect(self._on_click)
        session.events.visible_range.connect(self._on_range)
        self.item.sigLayoutChanged.connect(self._on_layout)
        session.events.theme.connect(self._on_theme)

    # --- the canvas's parts and state, as callers knew them ------------------------------------
    @property
    def session(self) -> Session:
        """The session this view shows and writes to."""
        return self.canvas.session

    @property
    def item(self) -> TimelineItem:
        """The item that draws the events."""
        return self.canvas.item

    @property
    def view_box(self) -> pg.ViewBox:
        """The plot area (the item draws in its pixels)."""
        return self.canvas.view_box

    @property
    def time_axis(self) -> TimeAxis:
        """The calendar axis below."""
        return self.canvas.time_axis

    @property
    def lane_axis(self) -> LaneAxis:
        """The lane names at the left."""
        return self.canvas.lane_axis

    @property
    def shown_lanes(self) -> list[int]:
        """The timeline's lanes as drawn, top to bottom (indices into its lanes)."""
        return self.canvas.shown_lanes

    def x_range(self) -> tuple[float, float]:
        """The visible time range, in seconds."""
        return self.canvas.x_range()

    def show_range(self, lo: float, hi: float) -> None:
        """Show [lo, hi] (clamped to the zoom limits)."""
        self.canvas.show_range(lo, hi)

    def fit_all(self) -> None:
        """Show the whole timeline, with a little room at each side."""
        self.canvas.fit_all()

    def zoom(self, factor: float, center: float | None = None) -> None:
        """Zoom by ``factor`` (>1 zooms in) around ``center`` seconds (by default the selected event, else the middle)."""
        self.canvas.zoom(factor, center)

    def zoom_in(self) -> None:
        """View > Zoom In: one step, around the selected event if any."""
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        """View > Zoom Out."""
        self.zoom(1 / ZOOM_STEP)

    def pan_by(self, direction: int) -> None:
        """View > Pan Earlier (-1) / Later (1): a share of the view's width."""
        self.canvas.pan_by(direction)

    def pan(self, fraction: float) -> None:
        """Move the view by ``fraction`` of its width (positive: later)."""
        self.canvas.pan(fraction)

    def hit(self, scene_pos: QPointF) -> Hit | None:
        """What lies under a scene position."""
        return self.canvas.hit(scene_pos)

    def _on_theme(self, theme: ThemeName) -> None:
        self.setBackground(PALETTES[theme.value].canvas_background)  # the canvas recolours itself

    # --- mouse -----------------------------------------------------------------------------
    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.isAccepted():
            return
        found = self.hit(event.scenePos())
        if found is None:
            if self.view_box.sceneBoundingRect().contains(event.scenePos()):
                self.session.select(NO_SELECTION)
            return
        kind, value = found
        if kind is HitKind.EVENT:
            self.session.select(value)
        else:
            self._zoom_to_cluster(value)
        event.accept()

    def _zoom_to_cluster(self, k: int) -> None:
        self.canvas.zoom_to_cluster(k)
        if self._last_hover:  # the badge is gone: so is what the status bar said of it
            self._last_hover = ""
            self.hoverChanged.emit("")

    def _on_range(self, _visible: object) -> None:
        self._moved = self._hover_pos is not None

    def _on_layout(self) -> None:
        if self._moved:  # the view moved under a still pointer (keys, Find, Go to Date): what it hovers changed
            self._moved = False
            QTimer.singleShot(0, self._rehover)

    def _rehover(self) -> None:
        if self._hover_pos is not None:
            self._on_mouse_moved(self._hover_pos)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        found = self.hit(scene_pos)
        self._hover_pos = QPointF(scene_pos) if found else None
        text = ""
        hovered = -1
        if found and found[0] is HitKind.EVENT:
            hovered = found[1]
            event = self.session.timeline.events[hovered]
            text = f"{shorten(event.title, 300)} — {self.session.timeline.date_label(hovered)}"
        elif found:
            frame = self.item.frame
            assert frame is not None
            text = f"{int(frame.cluster_count[found[1]]):,} events here: click to zoom in"
        cursor = Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)
        self.session.hover = hovered
        if text != self._last_hover:
            self._last_hover = text
            self.hoverChanged.emit(text)
            self._show_tooltip(scene_pos, text)

    def _show_tooltip(self, scene_pos: QPointF, text: str) -> None:
        """The hovered event or cluster next to the pointer (escaped: data never renders as markup)."""
        if not text:
            QToolTip.hideText()
            return
        where = self.viewport().mapToGlobal(self.mapFromScene(scene_pos))
        QToolTip.showText(where, tooltip_text(text), self.viewport())

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        """Hover follows every move (the scene's sigMouseMoved drops fast moves, which left a stale hover behind)."""
        super().mouseMoveEvent(ev)
        self._on_mouse_moved(self.mapToScene(ev.position().toPoint()))

    def mouseDoubleClickEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        """A double click on empty space fits the whole timeline."""
        if self.hit(self.mapToScene(ev.position().toPoint())) is None:
            self.fit_all()
        ev.accept()

    # --- what was drawn ------------------------------------------------------------------------
    def drawn(self) -> list[dict[str, Any]]:
        """The last painted frame (see :meth:`TimelineCanvas.drawn`), rects in this widget's pixels."""
        return self.canvas.drawn(self._to_widget)

    def _to_widget(self, scene: QRectF) -> Rect:
        """A scene rect as (x, y, w, h) in this widget's pixels."""
        top_left = self.mapFromScene(scene.topLeft())
        bottom_right = self.mapFromScene(scene.bottomRight())
        return (float(top_left.x()), float(top_left.y()), float(bottom_right.x() - top_left.x()),
                float(bottom_right.y() - top_left.y()))

    # --- keyboard ---------------------------------------------------------------------------
    # The timeline's keys are declared with the actions (gui/actions.py) and handled by gui/menus.TimelineKeys.

    def leaveEvent(self, ev: QEvent) -> None:  # noqa: N802
        """The pointer left the timeline: nothing is hovered any more."""
        self._hover_pos = None
        if self._last_hover:
            self._last_hover = ""
            self.hoverChanged.emit("")
        self.session.hover = NO_SELECTION
        super().leaveEvent(ev)


__all__ = ["TimelineView", "label_font"]
