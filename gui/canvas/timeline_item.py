"""The graphics item that draws a prepared frame of the timeline: lanes, markers, clusters, labels."""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPixmap, QStaticText, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QWidget

from gui.canvas.painting import fill_rect
from gui.style import LIGHT, Palette
from model.layout.lanes import Frame, IntArray, LayoutParams, clusters_holding, cull_frame, label_frame, marked_running
from model.layout.palette import lane_color
from model.provenance.marks import EventMark
from model.time.timepoint import short_span
from model.timeline import EventIndex, Timeline

LABEL_CHARS = 200
"""Labels show at most this much of a title (the panel shows more)."""
ERA_STRIP = 18.0
"""Room at the top of the plot for era titles, when the timeline has eras."""
DATE_SEPARATOR = " · "
COVERAGE_LEVELS = 6
"""Shades of span density in a coverage strip (log scale: 1, 2-3, 4-7, ... spans)."""


@dataclass(frozen=True)
class Drawn:
    """One thing painted in the last frame, in the item's own pixels (see TimelineCanvas.drawn)."""

    kind: str
    text: str
    rect: QRectF
    event: int = -1
    lane: int = -1
    dimmed: bool = False
    """Not among the search's matches (drawn faint)."""
    ghost: bool = False
    """Hidden by "as known on", drawn as a ghost."""


class PreparedLabel(NamedTuple):
    """A label ready to draw: its box, its text (elided to fit), where the text goes, and how it is drawn."""

    box: QRectF
    text: str
    text_box: QRectF
    selected: bool = False
    dimmed: bool = False
    ghost: bool = False


FADED_ALPHA = 55
"""Markers and labels the search did not match, and ghosts, are drawn this opaque (of 255)."""


def label_font() -> QFont:
    """The font of event labels."""
    font = QFont()
    font.setPointSizeF(9.0)
    return font


@dataclass(frozen=True, eq=False)
class Coverage:
    """One lane's coverage strip: the density level (0 to 6) of each pixel column, as levels and as a picture."""

    top: float
    levels: np.ndarray[Any, np.dtype[np.int64]]
    colors: tuple[QColor, ...]
    """The fill of each level (level 0 is not drawn)."""
    image: QImage
    """One row, a pixel per column, indexed by level: on screen the strip is this row stretched to its height."""

    HEIGHT = 8.0

    def paths(self) -> list[tuple[QPainterPath, QColor]]:
        """The strip as one path of rectangles per shade (for exports: vector shapes, not pixels)."""
        row = self.levels
        edges = np.flatnonzero(np.diff(row)) + 1
        starts = np.concatenate(([0], edges))
        ends = np.concatenate((edges, [row.size]))
        paths: dict[int, QPainterPath] = {}
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            level = int(row[a])
            if level:
                paths.setdefault(level, QPainterPath()).addRect(QRectF(a, self.top, b - a, self.HEIGHT))
        return [(path, self.colors[level]) for level, path in paths.items()]


@dataclass
class Prepared:
    """Qt shapes made from a frame, ready to draw without further work."""

    stripes: list[tuple[QRectF, QColor]] = field(default_factory=list)
    eras: list[tuple[QRectF, str]] = field(default_factory=list)
    bands: list[tuple[QRectF, QColor]] = field(default_factory=list)
    """Uncertain dates: the whole month or year an event is dated to."""
    spans: list[tuple[QRectF, QColor, bool]] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    """Dense spans: per lane, the shade of density of each pixel column."""
    """(rect, fill, rounded): span bars are rounded, density strips are not."""
    clusters: list[tuple[QRectF, int, QStaticText | None, QPointF]] = field(default_factory=list)
    cluster_counts: list[int] = field(default_factory=list)
    cluster_faded: list[bool] = field(default_factory=list)
    """Whether each cluster holds only faded events (a search's non-matches, ghosts)."""
    markers: list[tuple[QRectF, QColor]] = field(default_factory=list)
    marker_ids: list[tuple[int, int]] = field(default_factory=list)
    """(event, lane) of each marker."""
    marker_faded: list[tuple[bool, bool]] = field(default_factory=list)
    """(dimmed, ghost) of each marker."""
    echoes: list[tuple[QRectF, QColor]] = field(default_factory=list)
    echo_ids: list[tuple[int, int]] = field(default_factory=list)
    """(event, lane) of each echo."""
    echo_faded: list[tuple[bool, bool]] = field(default_factory=list)
    leaders: dict[int, list[QLineF]] = field(default_factory=dict)
    """Leader lines by lane."""
    labels: list[PreparedLabel] = field(default_factory=list)
    label_ids: list[tuple[int, int]] = field(default_factory=list)
    """(event, lane) of each label."""
    badges: list[tuple[QPointF, str]] = field(default_factory=list)
    rings: list[QRectF] = field(default_factory=list)
    selected: list[QRectF] = field(default_factory=list)


class TimelineItem(pg.GraphicsObject):
    """Draws the timeline in the view box's pixel space; layout happens on range change, not in paint."""

    sigLayoutChanged = Signal()
    sigPainted = Signal()

    def __init__(self, view_box: pg.ViewBox, timeline: Timeline) -> None:
        super().__init__()
        self.view_box = view_box
        self.timeline = timeline
        self.index = timeline.index
        """What is drawn: the timeline's index, or the part of it a filter shows."""
        self.lanes: list[int] = list(range(len(timeline.lanes)))
        """The timeline's lanes as drawn, top to bottom."""
        self.before_layout: Callable[[], None] | None = None
        """Called before each layout (the view settles what a filter shows there, once per change)."""
        self._dimmed: np.ndarray[Any, np.dtype[np.bool_]] | None = None
        self._matched: np.ndarray[Any, np.dtype[np.bool_]] | None = None
        """``~_dimmed``: the search's matches, whose labels are placed first."""
        self._ghosts: np.ndarray[Any, np.dtype[np.bool_]] | None = None
        self.params = LayoutParams()
        self.selected = -1
        self.hovered = -1
        self.label_dates = False
        self.painted: Prepared | None = None
        """What the last paint drew (None before the first): the source of :meth:`drawn`."""
        self.painted_for: tuple[weakref.ref[Timeline], list[int]] | None = None
        """The timeline (weakly: a replaced one is freed) and lanes the last paint drew: its records name their events
        and lanes from these, even when another timeline has been set and not painted yet."""
        self.marks: dict[int, EventMark] = {}
        """The events whose sources conflict or corroborate each other."""
        self.palette: Palette = LIGHT
        """Colours of the canvas (gui/style.py); exports keep the light one."""
        self.font = label_font()
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self.bold_metrics = QFontMetricsF(self.bold)
        self.count_font = QFont(self.font)
        self.count_font.setPointSizeF(7.5)
        self.count_font.setBold(True)
        self.check_font = QFont(self.font)
        self.check_font.setPointSizeF(6.5)
        self.check_font.setBold(True)
        self.count_metrics = QFontMetricsF(self.count_font)
        self.count_texts = StaticTexts(self.count_font)
        self.stamps = Stamps()
        self.label_texts = StaticTexts(self.font)
        self._label_height = self.metrics.height()
        self._count_widths: dict[int, tuple[str, float]] = {}
        self._count_height = self.count_metrics.height()
        self._advances: dict[int, float] = {}
        """Each label's full text's advance in its font, measured once."""
        self._colors: list[QColor] = []
        self._fills: list[QColor] = []
        self._cluster_fills: list[QColor] = []
        self._unfaded: tuple[tuple[object, ...], IntArray] | None = None
        """(index, dimmed, ghosts) and how many events before each of the index's lane rows are not faded."""
        self._base: Frame | None = None
        self._frame: Frame | None = None
        self._range_dirty = True
        self._labels_dirty = True
        self.prepared = Prepared()
        self.hover_rects: list[QRectF] = []
        self.setParentItem(view_box)
        self.setZValue(10)
        self.set_timeline(timeline)
        view_box.sigRangeChanged.connect(self.relayout)
        view_box.sigResized.connect(self._on_resized)
        self._on_scene(view_box.scene())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        """Lay out before each paint of whichever scene holds the item (a window's, or an export's with no view)."""
        changes = QGraphicsItem.GraphicsItemChange
        if change is changes.ItemSceneChange:
            self._on_scene(None)
        out = super().itemChange(change, value)
        if change is changes.ItemSceneHasChanged:
            self._on_scene(self.scene())
        return out

    def _on_scene(self, scene: QGraphicsScene | None) -> None:
        """Follow ``scene``'s prepare-for-paint (None: leave the one followed so far)."""
        followed: pg.GraphicsScene | None = getattr(self, "_scene", None)
        found = scene if isinstance(scene, pg.GraphicsScene) else None
        if found is followed:
            return
        if followed is not None:
            followed.sigPrepareForPaint.disconnect(self.ensure_layout)
        if found is not None:
            found.sigPrepareForPaint.connect(self.ensure_layout)
        self._scene = found

    def set_timeline(self, timeline: Timeline) -> None:
        """Show another timeline, all of it."""
        self.timeline = timeline
        self.index = timeline.index
        self.lanes = list(range(len(timeline.lanes)))
        self._dimmed = self._matched = self._ghosts = None
        self._advances.clear()
        self._set_colors()
        self._eras = [era.title[:LABEL_CHARS] for era in timeline.doc.eras]  # dates were checked at load
        self._era_times = timeline.era_times()
        top = ERA_STRIP if len(timeline.doc.eras) else 0.0
        self.params = LayoutParams(top_margin=top)
        self._texts: dict[int, str] = {}
        self._marker_pen = QPen(self.palette.marker_edge, 1.5)
        self.selected = self.hovered = -1
        self.marks = {}
        self._base = None  # a new timeline sizes its lanes afresh
        self.relayout()

    def set_view(self, index: EventIndex, lanes: list[int], ghosts: np.ndarray[Any, np.dtype[np.bool_]] | None = None) -> None:
        """Draw ``index`` (what a filter shows) in ``lanes`` (indices of the timeline's lanes, top to bottom);
        ``ghosts`` marks the events drawn faded as ghosts."""
        if index is self.index and lanes == self.lanes and ghosts is self._ghosts:
            return
        if lanes != self.lanes:
            self.lanes = lanes
            self._set_colors()
        self.index = index
        self._ghosts = ghosts
        self._base = None  # other lanes: sized afresh
        self.relayout()

    def set_matches(self, matches: IntArray | None) -> None:
        """The search's matches stand out, every other event is faded (None: nothing is faded)."""
        if matches is None:
            self._dimmed = self._matched = None
        else:
            self._dimmed = np.ones(len(self.timeline.events), dtype=bool)
            self._dimmed[matches[(matches >= 0) & (matches < self._dimmed.size)]] = False
            self._matched = ~self._dimmed
        self.relabel()

    def _set_colors(self) -> None:
        lanes = self.timeline.lanes
        colors = [QColor(lanes[k].color) if QColor.isValidColorName(lanes[k].color) else QColor(lane_color(k))
                  for k in self.lanes if k < len(lanes)]
        self._colors = colors or [QColor(lane_color(0))]
        self._fills = [_with_alpha(c, 90) for c in self._colors]
        self._cluster_fills = [_with_alpha(c, 215) for c in self._colors]
        self._band_fills = [_with_alpha(c, 45) for c in self._colors]
        self._leader_pens = [QPen(_with_alpha(c, 170), 1) for c in self._colors]
        self._coverage_cache: dict[int, tuple[QColor, ...]] = {}

    def _faded(self, event: int) -> tuple[bool, bool]:
        dimmed, ghosts = self._dimmed, self._ghosts
        return (dimmed is not None and 0 <= event < dimmed.size and bool(dimmed[event]),
                ghosts is not None and 0 <= event < ghosts.size and bool(ghosts[event]))

    def set_palette(self, palette: Palette) -> None:
        """Draw in ``palette``'s colours from now on."""
        self.palette = palette
        self._marker_pen = QPen(palette.marker_edge, 1.5)
        self.relayout()

    def set_marks(self, marks: dict[int, EventMark]) -> None:
        """Conflict and corroboration marks by event."""
        self.marks = marks
        self.relabel()

    def set_label_dates(self, on: bool) -> None:
        """Labels read "Title · 10 Mar 2025" (at the event's precision) when ``on``."""
        if on != self.label_dates:
            self.label_dates = on
            self._advances.clear()
            self._texts.clear()
            self.relayout()

    def label_text(self, event: int) -> str:
        """The full text of an event's label: its title, and its date when dates are on."""
        text = self._texts.get(event)
        if text is None:
            text = self.timeline.events[event].title[:LABEL_CHARS]
            if self.label_dates:
                authors = self.timeline.events[event].display_date  # the file's own wording, when it has one
                text += DATE_SEPARATOR + (authors[:LABEL_CHARS] or short_span(self.timeline.starts[event], self.timeline.ends[event]))
            if len(self._texts) > 200_000:
                self._texts.clear()
            self._texts[event] = text
        return text

    def set_selected(self, event: int) -> None:
        """Highlight ``event`` (-1 for none) and give its label first place."""
        self._advances.pop(self.selected, None)
        self._advances.pop(event, None)
        self.selected = event
        self.relabel()

    def set_hovered(self, event: int) -> None:
        """Ring the hovered event's markers; no layout work."""
        self.hovered = event
        self._ring_hovered(self.frame)
        self.update()

    def _ring_hovered(self, frame: Frame | None) -> None:
        event = self.hovered
        self.hover_rects = []
        if frame is not None and event >= 0:
            r = frame.params.marker_radius + 2.5
            groups = ((frame.marker_x, frame.marker_lane, frame.marker_event), (frame.echo_x, frame.echo_lane, frame.echo_event))
            for xs, lanes, events in groups:
                for k in np.flatnonzero(events == event).tolist():
                    y = float(frame.line_y[int(lanes[k])])
                    self.hover_rects.append(QRectF(float(xs[k]) - r, y - r, 2 * r, 2 * r))

    @property
    def frame(self) -> Frame | None:
        """The current frame, laid out now if the range, size or selection changed."""
        self.ensure_layout()
        return self._frame

    def boundingRect(self) -> QRectF:  # noqa: N802
        """The whole view box: the item draws in its pixel space."""
        return QRectF(0, 0, self.view_box.width(), self.view_box.height())

    def measure(self, events: IntArray) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Label widths in pixels, cached per event."""
        cache = self._advances
        if len(cache) > 200_000:
            cache.clear()
        widths = []
        for event in events.tolist():
            advance = cache.get(event)
            if advance is None:
                metrics = self.bold_metrics if event == self.selected else self.metrics
                advance = cache[event] = metrics.horizontalAdvance(self.label_text(event))
            widths.append(advance + 10)
        return np.array(widths, dtype=np.float64)

    def relayout(self) -> None:
        """The range or data changed: lay out again before the next paint."""
        self._range_dirty = True
        self.update()

    def relabel(self) -> None:
        """The selection or marks changed: place the labels again before the next paint."""
        self._labels_dirty = True
        self.update()

    def _on_resized(self) -> None:
        self.prepareGeometryChange()
        self.relayout()

    def ensure_layout(self) -> None:
        """Do pending layout work (called before each paint, never inside it)."""
        if self.before_layout is not None:
            self.before_layout()
        if not (self._range_dirty or self._labels_dirty):
            return
        if self._range_dirty or self._base is None:
            (lo, hi), _ = self.view_box.viewRange()
            view = (lo, hi, self.view_box.width(), self.view_box.height())
            self._base = cull_frame(self.index, max(len(self.lanes), 1), view, self.measure, self.params, previous=self._base)
            self._range_dirty = False
        shown = 0 <= self.selected < self.index.event_row.size and self.index.event_row[self.selected] >= 0
        self._frame = label_frame(self._base, self.index, self.measure, self.selected if shown else None, self._matched)
        self._labels_dirty = False
        self.prepared = self._prepare(self._frame)
        self._ring_hovered(self._frame)  # no update(): this runs as the paint begins, and would ask for a second one
        self.sigLayoutChanged.emit()

    def _color(self, lane: int) -> QColor:
        return self._colors[lane % len(self._colors)]

    def _prepare(self, frame: Frame) -> Prepared:
        out = Prepared()
        self._prepare_lanes(frame, out)
        self._prepare_points(frame, out)
        self._prepare_labels(frame, out)
        return out

    def _prepare_lanes(self, frame: Frame, out: Prepared) -> None:
        for lane in range(len(frame.line_y)):
            color = self.palette.canvas_stripe if lane % 2 == 0 else self.palette.canvas_background
            out.stripes.append((QRectF(0, frame.lane_top[lane], frame.width, frame.lane_h[lane]), color))
        if not self._eras:
            return
        x0s, x1s = frame.to_px(self._era_times[:, 0]), frame.to_px(self._era_times[:, 1])
        for x0, x1, title in zip(x0s.tolist(), x1s.tolist(), self._eras, strict=True):
            if x1 > 0 and x0 < frame.width:
                x0, x1 = max(x0, -10.0), min(x1, frame.width + 10)
                elided = self.metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(x1 - max(x0, 0.0) - 8, 0.0))
                out.eras.append((QRectF(x0, 0, x1 - x0, frame.height), elided))

    def _prepare_points(self, frame: Frame, out: Prepared) -> None:
        p = frame.params
        r = p.marker_radius
        line = frame.line_y
        bands = zip(frame.band_x0.tolist(), frame.band_x1.tolist(), frame.band_lane.tolist(), frame.band_event.tolist(), strict=True)
        for x0, x1, lane, event in bands:
            fill = self._fade(self._band_fills[lane % len(self._band_fills)], event)
            out.bands.append((QRectF(x0, line[lane] - r - 1, x1 - x0, 2 * r + 2), fill))
        spans = zip(frame.span_x0.tolist(), frame.span_x1.tolist(), frame.span_lane.tolist(), frame.span_event.tolist(), strict=True)
        for x0, x1, lane, event in spans:
            out.spans.append((QRectF(x0, line[lane] - 4, x1 - x0, 8), self._fade(self._fills[lane % len(self._fills)], event), True))
        self._prepare_coverage(frame, out)
        self._prepare_clusters(frame, out)
        colors, n_colors, marks, selected = self._colors, len(self._colors), self.marks, self.selected
        lanes, events = frame.marker_lane.tolist(), frame.marker_event.tolist()
        tops = (frame.line_y[frame.marker_lane] - r).tolist()
        rects = [QRectF(x - r, y, 2 * r, 2 * r) for x, y in zip(frame.marker_x.tolist(), tops, strict=True)]
        out.markers = [(rect, colors[lane % n_colors]) for rect, lane in zip(rects, lanes, strict=True)]
        out.marker_ids = list(zip(events, lanes, strict=True))
        out.marker_faded = [(False, False)] * len(events)
        if self._dimmed is not None or self._ghosts is not None:
            out.marker_faded = [self._faded(event) for event in events]
            out.markers = [(rect, _with_alpha(color, FADED_ALPHA) if any(faded) else color)
                           for (rect, color), faded in zip(out.markers, out.marker_faded, strict=True)]
        if selected >= 0 and selected in events:
            k = events.index(selected)
            rects[k] = rects[k].adjusted(-2, -2, 2, 2)  # the selected marker is drawn larger
            out.markers[k] = (rects[k], out.markers[k][1])
            out.selected.append(rects[k].adjusted(-3, -3, 3, 3))
        if marks:
            for rect, event, faded in zip(rects, events, out.marker_faded, strict=True):
                if event in marks and not any(faded):  # a bright mark on a faded marker would read as a match
                    self._badge(out, event, rect)
        echo_lanes = frame.echo_lane.tolist()
        echo_tops = (frame.line_y[frame.echo_lane] - 3.5).tolist()
        echo_events = frame.echo_event.tolist()
        echoes = zip(frame.echo_x.tolist(), echo_tops, echo_lanes, echo_events, strict=True)
        out.echoes = [(QRectF(x - 3.5, y, 7, 7), self._fade(colors[lane % n_colors], event)) for x, y, lane, event in echoes]
        out.echo_ids = list(zip(echo_events, echo_lanes, strict=True))
        out.echo_faded = [self._faded(event) for event in echo_events]
        if selected >= 0:
            for (rect, _color), event in zip(out.echoes, frame.echo_event.tolist(), strict=True):
                if event == selected:
                    out.selected.append(rect.adjusted(-4, -4, 4, 4))

    def _fade(self, color: QColor, event: int) -> QColor:
        """``color``, faint when the event is a search non-match or a ghost (echoes, spans and bands fade with markers)."""
        if (self._dimmed is None and self._ghosts is None) or not any(self._faded(event)):
            return color
        return _with_alpha(color, round(color.alpha() * FADED_ALPHA / 255))

    def _prepare_clusters(self, frame: Frame, out: Prepared) -> None:
        """Badges with their counts, at the extents the layout gave them (clear of every marker)."""
        if frame.cluster_x0.size == 0:
            return
        counts = frame.cluster_count.tolist()
        rows = zip(frame.pill_x0.tolist(), frame.pill_x1.tolist(), frame.line_y[frame.cluster_lane].tolist(),
                   frame.cluster_lane.tolist(), frame.pill_shows_count.tolist(), counts, strict=True)
        half = self._count_height / 2
        for x0, x1, line, lane, shows, count in rows:
            text, width = self._count_text(count)
            static = self.count_texts.get(text) if shows and width + 4 <= x1 - x0 else None
            at = QPointF((x0 + x1 - width) / 2, line - half)
            out.clusters.append((QRectF(x0, line - 8, x1 - x0, 16), lane, static, at))
            out.cluster_counts.append(count)
        out.cluster_faded = self._clusters_faded(frame)

    def _clusters_faded(self, frame: Frame) -> list[bool]:
        """Each cluster fades with its events: when none of them is a search's match or a known (not ghost) event."""
        if self._dimmed is None and self._ghosts is None:
            return [False] * frame.cluster_x0.size
        key = (self.index, self._dimmed, self._ghosts)
        if self._unfaded is None or any(a is not b for a, b in zip(self._unfaded[0], key, strict=True)):
            faded = np.zeros(len(self.timeline.events), dtype=bool)
            for mask in (self._dimmed, self._ghosts):
                if mask is not None and mask.size == faded.size:
                    faded |= mask
            self._unfaded = key, marked_running(self.index, ~faded)
        return [not held for held in clusters_holding(frame, self.index, self._unfaded[1]).tolist()]

    def _count_text(self, count: int) -> tuple[str, float]:
        """A cluster's count as shown ("1,234") and its width, worked out once per count."""
        found = self._count_widths.get(count)
        if found is None:
            if len(self._count_widths) > 20_000:
                self._count_widths.clear()
            text = f"{count:,}"
            found = self._count_widths[count] = (text, self.count_metrics.horizontalAdvance(text))
        return found

    def _prepare_coverage(self, frame: Frame, out: Prepared) -> None:
        """Each lane's columns shaded by how many spans cover them (log scale): one small indexed image per lane."""
        cover = frame.span_cover
        if cover.size == 0:
            return
        levels = np.minimum(np.ceil(np.log2(cover + 1)), COVERAGE_LEVELS).astype(np.int64)
        width = levels.shape[1]
        for lane in range(levels.shape[0]):
            row = levels[lane]
            if not row.any():
                continue
            colors = self._coverage_colors(lane)
            image = QImage(row.astype(np.uint8).tobytes(), width, 1, width, QImage.Format.Format_Indexed8).copy()
            image.setColorTable([color.rgba() for color in colors])
            out.coverage.append(Coverage(float(frame.line_y[lane]) - 4, row, colors, image))

    def _coverage_colors(self, lane: int) -> tuple[QColor, ...]:
        """Transparent, then the lane's colour at each level of density."""
        colors = self._coverage_cache.get(lane)
        if colors is None:
            shades = [_with_alpha(self._color(lane), 40 + 30 * level) for level in range(1, COVERAGE_LEVELS + 1)]
            colors = self._coverage_cache[lane] = (QColor(0, 0, 0, 0), *shades)
        return colors

    def _badge(self, out: Prepared, event: int, marker: QRectF) -> None:
        """Conflicting sources: a red ring around the marker; corroborated: a check inside it."""
        mark = self.marks.get(event)
        if mark is EventMark.CONFLICT:
            out.rings.append(marker.adjusted(-3, -3, 3, 3))
        elif mark is EventMark.CORROBORATED:
            out.badges.append((marker.center(), "✓"))

    def _prepare_labels(self, frame: Frame, out: Prepared) -> None:
        rows = zip(frame.label_x.tolist(), frame.label_y.tolist(), frame.label_w.tolist(), frame.label_event.tolist(),
                   frame.label_full.tolist(), frame.label_anchor_x.tolist(), frame.label_anchor_y.tolist(),
                   frame.label_lane.tolist(), strict=True)
        h = frame.params.row_height
        r = frame.params.marker_radius
        advances, fades = self._advances, self._dimmed is not None or self._ghosts is not None
        for x, y, w, event, full, ax, ay, lane in rows:
            selected = event == self.selected
            metrics = self.bold_metrics if selected else self.metrics
            text = self.label_text(event)
            advance = advances.get(event)  # measured in this font when the label was placed
            if not full or (advance if advance is not None else metrics.horizontalAdvance(text)) > w - 8:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, w - 8)  # whole characters and an ellipsis
            dimmed, ghost = self._faded(event) if fades else (False, False)
            out.labels.append(PreparedLabel(QRectF(x, y + 1, w, h - 2), text, QRectF(x + 4, y, w - 4, h), selected, dimmed, ghost))
            out.label_ids.append((event, lane))
            lx = min(max(round(ax), 0), frame.width - 1) + 0.5
            lines = out.leaders.setdefault(lane, [])
            start = ay - r if y < ay else ay + r  # over or under the line
            if x <= lx <= x + w:  # a label standing over its marker: the leader meets its edge
                lines.append(QLineF(lx, start, lx, y + h - 1 if y < ay else y + 1))
                continue
            mid = y + h / 2
            foot = x if x >= lx else x + w  # the label's near edge: the leader turns into it
            lines.append(QLineF(lx, start, lx, mid))
            lines.append(QLineF(lx, mid, foot, mid))

    def drawn(self) -> list[Drawn]:
        """What the last paint drew, as records (nothing before the first paint)."""
        painted = self.painted
        if painted is None:
            return []
        out = [Drawn("lane", "", rect, lane=k) for k, (rect, _color) in enumerate(painted.stripes)]
        out += [Drawn("era", title, rect) for rect, title in painted.eras]
        markers = zip(painted.markers, painted.marker_ids, painted.marker_faded, strict=True)
        out += [Drawn("marker", "", rect, event, lane, dimmed, ghost) for (rect, _c), (event, lane), (dimmed, ghost) in markers]
        echoes = zip(painted.echoes, painted.echo_ids, painted.echo_faded, strict=True)
        out += [Drawn("echo", "", rect, event, lane, dimmed, ghost) for (rect, _c), (event, lane), (dimmed, ghost) in echoes]
        clusters = zip(painted.clusters, painted.cluster_counts, painted.cluster_faded, strict=True)
        out += [Drawn("cluster", f"{count:,}" if static is not None else "", rect, lane=lane, dimmed=faded)
                for (rect, lane, static, _at), count, faded in clusters]
        out += [Drawn("label", label.text, label.box, event, lane, label.dimmed, label.ghost)
                for label, (event, lane) in zip(painted.labels, painted.label_ids, strict=True)]
        return out

    def paint(self, painter: QPainter, *args: Any) -> None:
        """Draw what :meth:`ensure_layout` prepared (it runs on the scene's prepare-for-paint)."""
        prepared = self.prepared
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, color in prepared.stripes:
            painter.fillRect(rect, color)
        self._paint_eras(painter, prepared)
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, color in prepared.bands:
            painter.setBrush(color)
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        self._paint_coverage(painter, prepared)
        for rect, color, rounded in prepared.spans:
            painter.setBrush(color)
            if rounded:
                painter.drawRoundedRect(rect, 4, 4)
            else:
                painter.drawRect(rect)
        self._paint_clusters(painter, prepared)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for lane, lines in prepared.leaders.items():
            painter.setPen(self._leader_pens[lane % len(self._leader_pens)])
            painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if isinstance(painter.device(), QWidget):  # on screen: stamped from cached pictures, ten times faster
            self.stamps.draw(painter, prepared.echoes, self._marker_pen, hollow=True)
            self.stamps.draw(painter, prepared.markers, self._marker_pen, hollow=False)
        else:  # into a PNG, SVG, PDF or printer: vector shapes at any scale
            self._paint_markers(painter, prepared)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self.palette.canvas_text, 2))
        for rect in prepared.selected:
            painter.drawEllipse(rect)
        self._paint_badges(painter, prepared)
        if self.hover_rects:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(self.palette.canvas_muted, 1.5))
            for rect in self.hover_rects:
                painter.drawEllipse(rect)
        self._paint_labels(painter, prepared)
        self.painted, self.painted_for = prepared, (weakref.ref(self.timeline), self.lanes)
        self.sigPainted.emit()

    def _paint_coverage(self, painter: QPainter, prepared: Prepared) -> None:
        if not prepared.coverage:
            return
        if not isinstance(painter.device(), QWidget):  # into a picture file: vector shapes
            for strip in prepared.coverage:
                for path, color in strip.paths():
                    painter.fillPath(path, color)
            return
        smooth = painter.testRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # hard edges, as the runs are
        for strip in prepared.coverage:  # a fifth of a millisecond for what took two as antialiased paths
            painter.drawImage(QRectF(0, math.floor(strip.top), strip.levels.size, Coverage.HEIGHT), strip.image)  # on whole rows
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)

    def _paint_markers(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect, color in prepared.echoes:
            painter.setPen(QPen(color, 2))
            painter.drawEllipse(rect)
        painter.setPen(self._marker_pen)
        for rect, color in prepared.markers:
            painter.setBrush(color)
            painter.drawEllipse(rect)

    def _paint_eras(self, painter: QPainter, prepared: Prepared) -> None:
        """Shaded spans with their titles kept in sight, and a thin edge where one era meets the next."""
        painter.setFont(self.font)
        for rect, title in prepared.eras:
            fill_rect(painter, rect, self.palette.era_fill)
            fill_rect(painter, QRectF(rect.left(), 0, 1, rect.height()), self.palette.era_edge)
            visible = rect.intersected(self.boundingRect())
            painter.setPen(self.palette.canvas_muted)
            painter.drawText(visible.adjusted(4, 2, -4, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, title)
            painter.setPen(Qt.PenStyle.NoPen)
        if not self.timeline.events:
            painter.setPen(self.palette.canvas_muted)
            painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, "This timeline has no dated events.")
            painter.setPen(Qt.PenStyle.NoPen)

    def _paint_clusters(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setFont(self.count_font)
        painter.setPen(Qt.PenStyle.NoPen)
        fills, brush = self._cluster_fills, (-1, False)
        for (rect, lane, _static, _at), faded in zip(prepared.clusters, prepared.cluster_faded, strict=True):
            if (lane, faded) != brush:  # clusters come lane by lane
                fill = fills[lane % len(fills)]
                painter.setBrush(_with_alpha(fill, FADED_ALPHA) if faded else fill)
                brush = (lane, faded)
            painter.drawRoundedRect(rect, 8, 8)
        on_marker = self.palette.on_marker
        for (_rect, _lane, static, at), faded in zip(prepared.clusters, prepared.cluster_faded, strict=True):
            if static is not None:
                painter.setPen(_with_alpha(on_marker, FADED_ALPHA + 40) if faded else on_marker)
                painter.drawStaticText(at, static)

    def _paint_badges(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self.palette.conflict, 2))
        for rect in prepared.rings:
            painter.drawEllipse(rect)
        painter.setFont(self.check_font)
        painter.setPen(self.palette.on_marker)
        for point, text in prepared.badges:
            painter.drawText(QRectF(point.x() - 6, point.y() - 6, 12, 12), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_labels(self, painter: QPainter, prepared: Prepared) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for label in prepared.labels:
            if label.selected:  # nothing but grid lines and era tints lies under a label: only the selected one is filled
                painter.fillRect(label.box, self.palette.selected_fill)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        text_pen, faded_pen = QPen(self.palette.canvas_text), QPen(_with_alpha(self.palette.canvas_text, FADED_ALPHA + 40))
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        on_screen = isinstance(painter.device(), QWidget)
        painter.setFont(self.font)
        pen = None
        texts, height = self.label_texts, self._label_height
        for label in prepared.labels:
            box = label.text_box
            wanted = faded_pen if (label.dimmed or label.ghost) and not label.selected else text_pen
            if wanted is not pen:
                painter.setPen(wanted)
                pen = wanted
            if on_screen and not label.selected:  # laid out once, then only drawn (plain text: never markup)
                painter.drawStaticText(QPointF(box.x(), box.y() + (box.height() - height) / 2), texts.get(label.text))
                continue
            painter.setFont(self.bold if label.selected else self.font)
            painter.drawText(box, flags, label.text)  # QPainter.drawText never reads markup
            painter.setFont(self.font)


class Stamps:
    """Markers drawn once per colour, size and screen density, then copied where they go (on screen only)."""

    LIMIT = 2_000

    def __init__(self) -> None:
        self._cache: dict[tuple[int, int, int, bool, float], QPixmap] = {}

    def draw(self, painter: QPainter, marks: list[tuple[QRectF, QColor]], outline: QPen, hollow: bool) -> None:
        """Each (rect, colour) as a filled marker with ``outline``, or a hollow ring of its colour: one call per stamp.

        Where markers overlap, faded ones lie under the others and larger (selected) ones over them."""
        ratio = painter.device().devicePixelRatioF()
        groups: dict[tuple[int, float], tuple[QColor, QPixmap, list[float], list[float]]] = {}  # the frame's few stamps
        for rect, color in marks:
            width = rect.width()
            group = groups.get((id(color), width))
            if group is None:
                group = groups[(id(color), width)] = (color, self._get(color, width, outline, hollow, ratio), [], [])
            group[2].append(rect.x())
            group[3].append(rect.y())
        for _key, (_color, pixmap, xs, ys) in sorted(groups.items(), key=lambda kv: (kv[1][0].alpha() == 255, kv[0][1])):
            _stamp(painter, pixmap, xs, ys, ratio)

    def _get(self, color: QColor, size: float, outline: QPen, hollow: bool, ratio: float) -> QPixmap:
        key = (color.rgba(), round(size * 4), outline.color().rgba(), hollow, ratio)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= self.LIMIT:
                self._cache.clear()
            pad = STAMP_PAD
            side = size + 2 * pad
            found = QPixmap(max(1, int(round(side * ratio))), max(1, int(round(side * ratio))))
            found.setDevicePixelRatio(ratio)
            found.fill(Qt.GlobalColor.transparent)
            stamp = QPainter(found)
            stamp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            circle = QRectF(pad, pad, size, size)
            if hollow:
                stamp.setPen(QPen(color, 2))
                stamp.setBrush(Qt.BrushStyle.NoBrush)
            else:
                stamp.setPen(outline)
                stamp.setBrush(color)
            stamp.drawEllipse(circle)
            stamp.end()
            self._cache[key] = found
        return found


STAMP_PAD = 2.0
"""Room around a marker in its stamp, for the outline and antialiasing."""


def _stamp(painter: QPainter, pixmap: QPixmap, xs: list[float], ys: list[float], ratio: float) -> None:
    """``pixmap`` with its top-left corner STAMP_PAD before each (x, y), in one drawPixmapFragments call (no Python loop)."""
    width, height = pixmap.width(), pixmap.height()  # device pixels
    fragments = np.empty((len(xs), 10), dtype=np.float64)  # QPainter.PixmapFragment's ten qreals, one row per copy
    fragments[:, 0] = np.asarray(xs) - STAMP_PAD + width / ratio / 2  # where its centre goes
    fragments[:, 1] = np.asarray(ys) - STAMP_PAD + height / ratio / 2
    fragments[:, 2:6] = (0.0, 0.0, width, height)  # the whole pixmap
    fragments[:, 6:10] = (1 / ratio, 1 / ratio, 0.0, 1.0)  # drawn at its logical size, unrotated, opaque
    first: QPainter.PixmapFragment = shiboken6.wrapInstance(fragments.ctypes.data, QPainter.PixmapFragment)  # type: ignore[assignment]  # PySide takes the array's first item
    painter.drawPixmapFragments(first, len(xs), pixmap)


class StaticTexts:
    """Laid-out plain texts in one font, cached: drawing one costs no text layout."""

    LIMIT = 20_000

    def __init__(self, font: QFont) -> None:
        self.font = font
        self._cache: dict[str, QStaticText] = {}

    def get(self, text: str) -> QStaticText:
        """The static text for ``text``, made once."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= self.LIMIT:
                self._cache.clear()
            found = QStaticText(text)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(QTransform(), self.font)
            self._cache[text] = found
        return found


def _with_alpha(color: QColor, alpha: int) -> QColor:
    out = QColor(color)
    out.setAlpha(min(alpha, 255))
    return out
