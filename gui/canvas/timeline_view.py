"""The zoomable timeline: a pyqtgraph plot whose x axis is seconds since 1970-01-01 UTC."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QToolTip, QWidget

from gui.canvas.axes import LaneAxis, TimeAxis
from gui.canvas.timeline_item import TimelineItem, label_font
from gui.widgets import shorten, tooltip_text
from model.filter_spec import shown_lanes
from model.layout.lanes import Hit, HitKind
from model.session import NO_SELECTION, Session, ThemeName
from model.time.timepoint import MAX_ABS_YEAR, SECONDS_PER_DAY, SECONDS_PER_YEAR, TimePoint
from model.timeline import IntArray, Timeline, subset_index

TIME_LIMIT = max(abs(TimePoint(-MAX_ABS_YEAR).seconds), TimePoint(MAX_ABS_YEAR, 12, 31).end_seconds()) + SECONDS_PER_YEAR
"""Beyond every date the model accepts, so the first and last can be shown."""
FIT_PAD = 0.03
"""Fit All leaves this share of the range free at each side (labels hang inward at the edges)."""
FIT_EDGE_PX = 14.0
"""...and at least this many pixels, so the first and last markers show whole with their rings."""
MIN_RANGE = 3600.0
"""Closest zoom: one hour across the view."""
ZOOM_STEP = 1.25
MAX_LANE_AXIS = 220
"""The lane names' column is at most this wide; longer names are shortened with an ellipsis."""
LANE_AXIS_PAD = 24
PAN_FRACTION = 0.15

pg.setConfigOptions(antialias=True, background="w", foreground="#3e4c59")


class TimelineView(pg.PlotWidget):
    """The timeline canvas: wheel zooms around the cursor, drag pans, click selects."""

    hoverChanged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        self.time_axis = TimeAxis()
        self.lane_axis = LaneAxis()
        super().__init__(parent, axisItems={"bottom": self.time_axis, "left": self.lane_axis})
        self.session = session
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription("Events on a time axis, one lane per actor. Arrow keys move the selection.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 200)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)  # a plain colour: filling it is cheaper than copying a cache of it
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.showGrid(x=True, y=False, alpha=0.12)
        self.view_box: pg.ViewBox = plot.getViewBox()
        self.view_box.setMouseEnabled(x=True, y=False)
        self.view_box.invertY(True)
        self.view_box.enableAutoRange(enable=False)
        self.view_box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)
        self.item = TimelineItem(self.view_box, session.timeline)
        self._lane_ticks: list[tuple[float, str]] = []
        self._names: list[str] = []
        """Each lane's name as drawn, worked out when a timeline opens (not at every layout)."""
        self._lane_axis_width = 120
        self._lanes: list[int] = []
        self._visibility_pending = True
        """The timeline's lanes as drawn, top to bottom (the filter may hide and reorder them)."""
        self.item.sigLayoutChanged.connect(self._on_layout_changed)
        self._last_hover = ""
        self.scene().sigMouseClicked.connect(self._on_click)
        self.view_box.sigXRangeChanged.connect(self._on_view_range)
        events = session.events
        events.timeline.connect(self._on_timeline_changed)
        events.selected.connect(self._on_selection_changed)
        events.visible_range.connect(self._on_range_set)
        events.hover.connect(self.item.set_hovered)
        events.analysis.connect(self._on_analysis)
        events.theme.connect(self._on_theme)
        for emitter in (events.filter, events.shown, events.ghosts):
            emitter.connect(self._on_visibility)
        self.item.before_layout = self._apply_visibility
        events.matches.connect(self._on_matches)
        self._on_timeline_changed()

    @property
    def shown_lanes(self) -> list[int]:
        """The timeline's lanes as drawn, top to bottom (indices into its lanes)."""
        self._apply_visibility()
        return self._lanes

    # --- range -----------------------------------------------------------------------------
    def x_range(self) -> tuple[float, float]:
        """The visible time range, in seconds."""
        lo, hi = self.view_box.viewRange()[0]
        return float(lo), float(hi)

    def show_range(self, lo: float, hi: float) -> None:
        """Show [lo, hi] (clamped to the zoom limits)."""
        self.view_box.setXRange(lo, hi, padding=0)

    def _on_view_range(self, *_args: object) -> None:
        """The user zoomed or panned: the session hears of it (and this view not of its own echo)."""
        with self.session.events.visible_range.blocked(self._on_range_set):
            self.session.visible_range = self.x_range()

    def _on_range_set(self, visible: tuple[float, float] | None) -> None:
        if visible is not None and visible != self.x_range():
            self.show_range(*visible)

    def fit_all(self) -> None:
        """Show the whole timeline, with a little room at each side (at least a marker and its ring)."""
        lo, hi = self._data_range()
        width = max(float(self.view_box.width()), 100.0)
        edge = FIT_EDGE_PX / max(width - 2 * FIT_EDGE_PX, 1.0)
        pad = (hi - lo) * max(FIT_PAD, edge)
        self.view_box.setXRange(max(lo - pad, -TIME_LIMIT), min(hi + pad, TIME_LIMIT), padding=0)

    def zoom(self, factor: float, center: float | None = None) -> None:
        """Zoom by ``factor`` (>1 zooms in) around ``center`` seconds (by default the selected event, else the middle)."""
        lo, hi = self.x_range()
        mid = (lo + hi) / 2 if center is None else center
        if center is None and self.session.selected != NO_SELECTION:
            index = self.session.timeline.index
            mid = float(index.start[index.event_row[self.session.selected]])
        self.view_box.setXRange(mid - (mid - lo) / factor, mid + (hi - mid) / factor, padding=0)

    def zoom_in(self) -> None:
        """View > Zoom In: one step, around the selected event if any."""
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        """View > Zoom Out."""
        self.zoom(1 / ZOOM_STEP)

    def pan_by(self, direction: int) -> None:
        """View > Pan Earlier (-1) / Later (1): a share of the view's width."""
        self.pan(direction * PAN_FRACTION)

    def pan(self, fraction: float) -> None:
        """Move the view by ``fraction`` of its width (positive: later)."""
        lo, hi = self.x_range()
        shift = (hi - lo) * fraction
        self.view_box.setXRange(lo + shift, hi + shift, padding=0)

    def _data_range(self) -> tuple[float, float]:
        if not self.session.timeline.events:  # File > New: this year, not the days around 1 January 1970
            now = time.time()
            return now - SECONDS_PER_YEAR / 2, now + SECONDS_PER_YEAR / 2
        lo, hi = self.session.timeline.time_bounds()
        if hi - lo < 30 * SECONDS_PER_DAY:
            mid = (lo + hi) / 2
            lo, hi = mid - 15 * SECONDS_PER_DAY, mid + 15 * SECONDS_PER_DAY
        return lo, hi

    def _set_limits(self) -> None:
        lo, hi = self._data_range()
        span = hi - lo
        margin = max(span, SECONDS_PER_YEAR)
        x_min, x_max = max(lo - margin, -TIME_LIMIT), min(hi + margin, TIME_LIMIT)  # the model's +-20 billion years
        if not self.session.timeline.events:  # nothing to stay near: Go to Date may go anywhere, to add events there
            x_min, x_max = -TIME_LIMIT, TIME_LIMIT
        self.view_box.setLimits(xMin=x_min, xMax=x_max, minXRange=MIN_RANGE, maxXRange=x_max - x_min,
                                yMin=0, yMax=1)

    # --- model changes ---------------------------------------------------------------------
    def _lane_names(self) -> list[str]:
        """Each lane's name as drawn: shortened on whole characters, with an ellipsis, to the names' column."""
        metrics = self.fontMetrics()
        room = MAX_LANE_AXIS - LANE_AXIS_PAD
        lanes = self.session.timeline.lanes
        names = [metrics.elidedText(shorten(lanes[k].name, 200), Qt.TextElideMode.ElideRight, room) for k in self._lanes if k < len(lanes)]
        return names or ["Events"]

    def _on_layout_changed(self) -> None:
        """Each lane's name level with its marker line, wherever the layout put the lanes."""
        frame = self.item.frame
        if frame is None or frame.height <= 0:
            return
        names = self._names
        ticks = [(float(y) / frame.height, names[k]) for k, y in enumerate(frame.line_y.tolist()) if k < len(names)]
        if ticks != self._lane_ticks:
            self._lane_ticks = ticks
            self.lane_axis.set_lanes(ticks, self._lane_axis_width)

    def _on_timeline_changed(self, _timeline: Timeline | None = None) -> None:
        timeline = self.session.timeline
        self._lanes = list(range(len(timeline.lanes)))
        self._set_names()
        self.view_box.setYRange(0, 1, padding=0)
        self.item.set_timeline(timeline)
        self._set_limits()
        self.fit_all()
        self._visibility_pending = True
        self._apply_visibility()
        self._on_layout_changed()

    def _set_names(self) -> None:
        names = self._names = self._lane_names()
        widest = max(self.fontMetrics().horizontalAdvance(name) for name in names)
        self._lane_axis_width = min(widest + LANE_AXIS_PAD, MAX_LANE_AXIS)
        self.lane_axis.setWidth(self._lane_axis_width)  # before the first layout, so it is not redone at once
        self._lane_ticks = []

    def _on_visibility(self, _value: object = None) -> None:
        """The filter changed: what it shows is worked out once before the next paint, however many of its fields
        changed (a lane toggle sets the filter and the shown events)."""
        self._visibility_pending = True
        self.item.relayout()

    def _apply_visibility(self) -> None:
        """Draw only what the filter shows: its events, in its lanes and their order, ghosts faded."""
        if not self._visibility_pending:
            return
        self._visibility_pending = False
        session, timeline = self.session, self.session.timeline
        n_lanes = len(timeline.lanes)
        lanes = shown_lanes(n_lanes, [lane.id for lane in timeline.lanes], session.filter)
        shown, ghosts = session.shown, session.ghosts
        keep = shown if ghosts is None or shown is None else shown | ghosts
        if keep is not None and keep.size != len(timeline.events):
            keep = None  # a mask of another timeline's events, about to be replaced
        if lanes == list(range(n_lanes)) and keep is None:
            index = timeline.index
        else:
            lane_map = np.full(max(n_lanes, 1), -1, dtype=np.int64)
            lane_map[lanes] = np.arange(len(lanes))
            index = subset_index(timeline.index, keep, lane_map, max(len(lanes), 1))
        if lanes != self._lanes:
            self._lanes = lanes
            self._set_names()
        self.item.set_view(index, lanes, ghosts if ghosts is not None and ghosts.size == len(timeline.events) else None)

    def _on_matches(self, matches: IntArray | None) -> None:
        self.item.set_matches(matches)

    def _on_analysis(self, _analysis: object) -> None:
        self.item.set_marks(self.session.marks())

    def _on_theme(self, theme: ThemeName) -> None:
        from gui.style import PALETTES, apply_to_view

        apply_to_view(self, PALETTES[theme.value])

    def _on_selection_changed(self, event: int) -> None:
        self.item.set_selected(event)
        if event != NO_SELECTION:
            self._keep_in_view(event)

    def _keep_in_view(self, event: int) -> None:
        lo, hi = self.x_range()
        index = self.session.timeline.index
        start = float(index.start[index.event_row[event]])
        margin = (hi - lo) * 0.02
        if start < lo + margin or start > hi - margin:
            shift = start - (lo + hi) / 2
            self.view_box.setXRange(lo + shift, hi + shift, padding=0)

    # --- mouse -----------------------------------------------------------------------------
    def hit(self, scene_pos: QPointF) -> Hit | None:
        """What lies under a scene position."""
        frame = self.item.frame
        if frame is None or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        local = self.view_box.mapFromScene(scene_pos)
        return frame.hit(local.x(), local.y())

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
        frame = self.item.frame
        assert frame is not None
        t0, t1 = float(frame.cluster_t0[k]), float(frame.cluster_t1[k])
        half = max(t1 - t0, MIN_RANGE / 2)  # its events over about the middle half of the view, neighbours in sight
        self.view_box.setXRange(t0 - half / 2, t1 + half / 2, padding=0)
        if self._last_hover:  # the badge is gone: so is what the status bar said of it
            self._last_hover = ""
            self.hoverChanged.emit("")

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        found = self.hit(scene_pos)
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
        """The last painted frame: ``{"kind", "text", "rect", "event", "lane", "dimmed", "ghost"}`` records in this widget's pixels.

        Kinds: lane, lane_name, marker, echo (an event's hollow ring in its other lanes), label, cluster, era, tick.
        ``event`` and ``lane`` are the ids from the file (None where they do not apply).
        ``dimmed``: a marker, echo or label the search did not match; ``ghost``:
        one "as known on" would hide. Only what was really painted is reported.
        """
        timeline = self.session.timeline
        lane_ids = [timeline.lanes[k].id for k in self._lanes]  # the lanes drawn, in their order
        names = self._names  # from the file's lanes, not from where the axis was told to draw them

        def record(kind: str, text: str, rect: tuple[float, float, float, float], event: int = -1, lane: int = -1,
                   dimmed: bool = False, ghost: bool = False) -> dict[str, Any]:
            return {"kind": kind, "text": text, "rect": rect, "event": timeline.events[event].id if event >= 0 else None,
                    "lane": lane_ids[lane] if 0 <= lane < len(lane_ids) else None, "dimmed": dimmed, "ghost": ghost}

        out = [record(d.kind, d.text, self._to_widget(self.item, d.rect), d.event, d.lane, d.dimmed, d.ghost) for d in self.item.drawn()]
        bands = {d["lane"]: QRectF(*d["rect"]) for d in out if d["kind"] == "lane"}
        for rect, text in self.lane_axis.painted:
            where = self._to_widget(self.lane_axis, rect)
            owners = [k for k, name in enumerate(names) if name == text]
            if len(owners) > 1:  # lanes of the same name: the one drawn level with it, if any
                centre = where[1] + where[3] / 2
                level = [k for k in owners if k < len(lane_ids) and lane_ids[k] in bands and bands[lane_ids[k]].top() <= centre
                         <= bands[lane_ids[k]].bottom()]
                owners = level or owners
            out.append(record("lane_name", text, where, lane=owners[0] if owners else -1))
        for rect, text in self.time_axis.painted:
            out.append(record("tick", text, self._to_widget(self.time_axis, rect)))
        return out

    def _to_widget(self, item: QGraphicsItem, rect: QRectF) -> tuple[float, float, float, float]:
        """A rect in ``item``'s coordinates, as (x, y, w, h) in this widget's pixels."""
        scene = item.mapRectToScene(rect)
        top_left = self.mapFromScene(scene.topLeft())
        bottom_right = self.mapFromScene(scene.bottomRight())
        return (float(top_left.x()), float(top_left.y()), float(bottom_right.x() - top_left.x()),
                float(bottom_right.y() - top_left.y()))

    # --- keyboard ---------------------------------------------------------------------------
    # The timeline's keys are declared with the actions (gui/actions.py) and handled by gui/menus.TimelineKeys.

    def leaveEvent(self, ev: QEvent) -> None:  # noqa: N802
        """The pointer left the timeline: nothing is hovered any more."""
        if self._last_hover:
            self._last_hover = ""
            self.hoverChanged.emit("")
        self.session.hover = NO_SELECTION
        super().leaveEvent(ev)


__all__ = ["TimelineView", "label_font"]
