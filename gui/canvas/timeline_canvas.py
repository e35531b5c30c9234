"""Everything the timeline shows, as one graphics widget: events, calendar axis, lane names, range; no QWidget, no input.

The window wraps it in a :class:`~gui.canvas.timeline_view.TimelineView` (mouse, hover, tooltips, keys); an export puts
it in a bare ``pg.GraphicsScene`` and paints it with ``scene.render``, so a picture is drawn from a session alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneResizeEvent, QSizePolicy

from gui.canvas.axes import LaneAxis, TimeAxis
from gui.canvas.timeline_item import TimelineItem
from gui.style import PALETTES, Palette
from gui.widgets import shorten
from model.filter_spec import shown_lanes
from model.layout.lanes import Hit
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
GRID_ALPHA = 30
"""The time axis's grid lines, of 255 (what ``PlotItem.showGrid(alpha=0.12)`` gives)."""

Rect = tuple[float, float, float, float]

pg.setConfigOptions(antialias=True, background="w", foreground="#3e4c59")


def scene_rect(rect: QRectF) -> Rect:
    """A scene rect as (x, y, w, h)."""
    return float(rect.x()), float(rect.y()), float(rect.width()), float(rect.height())


def data_range(timeline: Timeline) -> tuple[float, float]:
    """The timeline's time span in seconds, widened to a month when shorter (this year when it has no events)."""
    if not timeline.events:  # File > New: this year, not the days around 1 January 1970
        now = time.time()
        return now - SECONDS_PER_YEAR / 2, now + SECONDS_PER_YEAR / 2
    lo, hi = timeline.time_bounds()
    if hi - lo < 30 * SECONDS_PER_DAY:
        mid = (lo + hi) / 2
        lo, hi = mid - 15 * SECONDS_PER_DAY, mid + 15 * SECONDS_PER_DAY
    return lo, hi


def reachable_range(timeline: Timeline) -> tuple[float, float]:
    """How far the view may pan and zoom out: the timeline and its own span again at each side (at least a year)."""
    if not timeline.events:  # nothing to stay near: Go to Date may go anywhere, to add events there
        return -TIME_LIMIT, TIME_LIMIT
    lo, hi = data_range(timeline)
    margin = max(hi - lo, SECONDS_PER_YEAR)
    return max(lo - margin, -TIME_LIMIT), min(hi + margin, TIME_LIMIT)  # the model's +-20 billion years


class TimelineCanvas(pg.GraphicsWidget):
    """The timeline drawn from a session: lanes, events, the calendar axis below, lane names at the left.

    Laid out as ``PlotItem`` lays out a plot (view box in the middle, axes around it), without the plot's option
    menus and layout engine, which make widgets.
    """

    def __init__(self, session: Session, font: QFont | None = None) -> None:
        super().__init__()
        self.session = session
        self.names_font = QFont(font) if font is not None else QGuiApplication.font()
        """The font lane names are measured in (the lane axis draws in the application's font)."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view_box = pg.ViewBox(parent=self, enableMenu=False)
        self.time_axis = TimeAxis()
        self.lane_axis = LaneAxis()
        self._lay_out()
        self.item = TimelineItem(self.view_box, session.timeline)
        self._lane_ticks: list[tuple[float, str]] = []
        self._names: list[str] = []
        """Each lane's name as drawn, worked out when a timeline opens (not at every layout)."""
        self._lane_axis_width = 120
        self._lanes: list[int] = []
        """The timeline's lanes as drawn, top to bottom (the filter may hide and reorder them)."""
        self._visibility_pending = True
        self.item.sigLayoutChanged.connect(self._on_layout_changed)
        self.view_box.sigXRangeChanged.connect(self._on_view_range)
        self.view_box.sigResized.connect(self._on_box_resized)
        self._fitted = False
        """The view shows the whole timeline as Fit All left it (a resize fits it again, so its ends keep their room)."""
        self._fitting = False
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

    def _lay_out(self) -> None:
        """The view box, with the axes linked to it (placed by :meth:`_place`)."""
        for axis in (self.lane_axis, self.time_axis):
            axis.setParentItem(self)
            axis.linkToView(self.view_box)
            axis.setZValue(0.5)
            axis.setFlag(QGraphicsItem.GraphicsItemFlag.ItemNegativeZStacksBehindParent)
        self.time_axis.setGrid(GRID_ALPHA)
        view_box = self.view_box
        view_box.setMouseEnabled(x=True, y=False)
        view_box.invertY(True)
        view_box.enableAutoRange(enable=False)
        view_box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)

    def resize_to(self, width: float, height: float) -> None:
        """Take ``width`` x ``height`` pixels at the scene's origin."""
        self.setGeometry(QRectF(0, 0, width, height))

    def resizeEvent(self, ev: QGraphicsSceneResizeEvent) -> None:  # noqa: N802
        """Place the parts in the new size."""
        super().resizeEvent(ev)
        self._place()

    def _place(self) -> None:
        """Lane names at the left, time below, the plot in the rest, inside a 1 px margin: PlotItem's grid, placed by
        hand (a QGraphicsLayout makes a hidden QWidget to ask the style for spacings, and an export has no widget)."""
        inner = self.rect().adjusted(1, 1, -1, -1)
        names, below = self.lane_axis.minimumWidth(), self.time_axis.minimumHeight()  # both fixed
        plot_w, plot_h = max(inner.width() - names, 0.0), max(inner.height() - below, 0.0)
        if self.time_axis.geometry().left() != inner.left() + names:
            self.update()  # the time axis's first label reaches left of its box: repaint where it was, not only its box
        self.lane_axis.setGeometry(QRectF(inner.left(), inner.top(), names, plot_h))
        self.view_box.setGeometry(QRectF(inner.left() + names, inner.top(), plot_w, plot_h))
        self.time_axis.setGeometry(QRectF(inner.left() + names, inner.top() + plot_h, plot_w, below))

    @property
    def shown_lanes(self) -> list[int]:
        """The timeline's lanes as drawn, top to bottom (indices into its lanes)."""
        self._apply_visibility()
        return self._lanes

    def set_palette(self, palette: Palette) -> None:
        """Axes and timeline in ``palette``'s colours (the background is the view's, or the picture's)."""
        for axis in (self.time_axis, self.lane_axis):
            axis.setTextPen(palette.canvas_text)
        self.time_axis.setPen(palette.canvas_muted)
        self.item.set_palette(palette)

    # --- range -----------------------------------------------------------------------------
    def x_range(self) -> tuple[float, float]:
        """The visible time range, in seconds."""
        lo, hi = self.view_box.viewRange()[0]
        return float(lo), float(hi)

    def show_range(self, lo: float, hi: float) -> None:
        """Show [lo, hi] (clamped to the zoom limits)."""
        self.view_box.setXRange(lo, hi, padding=0)

    def _on_view_range(self, *_args: object) -> None:
        """Zoomed or panned: the session hears of it (and this canvas not of its own echo)."""
        if not self._fitting:
            self._fitted = False
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
        self._fitting = True
        try:
            self.view_box.setXRange(max(lo - pad, -TIME_LIMIT), min(hi + pad, TIME_LIMIT), padding=0)
        finally:
            self._fitting = False
        self._fitted = True

    def _on_box_resized(self, *_args: object) -> None:
        """A fitted view stays fitted at its new width: the first and last markers keep their room at the edges."""
        if self._fitted:
            self.fit_all()

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

    def zoom_to_cluster(self, k: int) -> None:
        """Show the ``k``-th cluster's events over about the middle half of the view, neighbours in sight."""
        frame = self.item.frame
        assert frame is not None
        t0, t1 = float(frame.cluster_t0[k]), float(frame.cluster_t1[k])
        half = max(t1 - t0, MIN_RANGE / 2)
        self.view_box.setXRange(t0 - half / 2, t1 + half / 2, padding=0)

    def _data_range(self) -> tuple[float, float]:
        return data_range(self.session.timeline)

    def _set_limits(self) -> None:
        x_min, x_max = reachable_range(self.session.timeline)
        self.view_box.setLimits(xMin=x_min, xMax=x_max, minXRange=MIN_RANGE, maxXRange=x_max - x_min,
                                yMin=0, yMax=1)

    # --- model changes ---------------------------------------------------------------------
    def _lane_names(self) -> list[str]:
        """Each lane's name as drawn: shortened on whole characters, with an ellipsis, to the names' column."""
        metrics = QFontMetrics(self.names_font)
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
            self._place()

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
        metrics = QFontMetrics(self.names_font)
        widest = max(metrics.horizontalAdvance(name) for name in names)
        self._lane_axis_width = min(widest + LANE_AXIS_PAD, MAX_LANE_AXIS)
        self.lane_axis.setWidth(self._lane_axis_width)
        self._lane_ticks = []
        self._place()

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
        if keep is not None and (keep.size != len(timeline.events) or keep.all()):
            keep = None  # every event drawn (ghosts included), or a mask of another timeline's, about to be replaced
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
        self.set_palette(PALETTES[theme.value])

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

    # --- what lies where ----------------------------------------------------------------------
    def hit(self, scene_pos: QPointF) -> Hit | None:
        """What lies under a scene position."""
        frame = self.item.frame
        if frame is None or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        local = self.view_box.mapFromScene(scene_pos)
        return frame.hit(local.x(), local.y())

    def drawn(self, place: Callable[[QRectF], Rect] = scene_rect) -> list[dict[str, Any]]:
        """The last painted frame: ``{"kind", "text", "rect", "event", "lane", "dimmed", "ghost"}`` records.

        Kinds: lane, lane_name, marker, echo (an event's hollow ring in its other lanes), label, cluster, era, tick.
        ``rect`` is ``place`` of the scene rect (by default the scene rect itself). ``event`` and ``lane`` are the ids
        from the file (None where they do not apply). ``dimmed``: a marker, echo or label the search did not match;
        ``ghost``: one "as known on" would hide. Only what was really painted is reported.
        """
        timeline, lanes = self.session.timeline, self._lanes
        painted = self.item.painted_for
        if painted is not None and painted[0]() is not None:  # the ones last painted
            timeline, lanes = painted[0]() or timeline, painted[1]
        lane_ids = [timeline.lanes[k].id for k in lanes]  # the lanes drawn, in their order
        names = self._names  # from the file's lanes, not from where the axis was told to draw them

        def record(kind: str, text: str, rect: Rect, event: int = -1, lane: int = -1,
                   dimmed: bool = False, ghost: bool = False) -> dict[str, Any]:
            return {"kind": kind, "text": text, "rect": rect, "event": timeline.events[event].id if event >= 0 else None,
                    "lane": lane_ids[lane] if 0 <= lane < len(lane_ids) else None, "dimmed": dimmed, "ghost": ghost}

        def where(item: QGraphicsItem, rect: QRectF) -> Rect:
            return place(item.mapRectToScene(rect))

        out = [record(d.kind, d.text, where(self.item, d.rect), d.event, d.lane, d.dimmed, d.ghost) for d in self.item.drawn()]
        bands = {d["lane"]: QRectF(*d["rect"]) for d in out if d["kind"] == "lane"}
        for rect, text in self.lane_axis.painted:
            at = where(self.lane_axis, rect)
            owners = [k for k, name in enumerate(names) if name == text]
            if len(owners) > 1:  # lanes of the same name: the one drawn level with it, if any
                centre = at[1] + at[3] / 2
                level = [k for k in owners if k < len(lane_ids) and lane_ids[k] in bands and bands[lane_ids[k]].top() <= centre
                         <= bands[lane_ids[k]].bottom()]
                owners = level or owners
            out.append(record("lane_name", text, at, lane=owners[0] if owners else -1))
        for rect, text in self.time_axis.painted:
            out.append(record("tick", text, where(self.time_axis, rect)))
        return out
