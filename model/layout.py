"""What to draw for one view of the timeline: markers, spans, clusters and labels, in pixels.

All culling and binning is vectorised (binary search on each lane's sorted starts,
then per-pixel bins), so the cost of a frame depends on the pixels, not on the
number of events. Labels are placed greedily, most important first, in rows
above each lane's marker line; a label never overlaps another label or a marker
(leader lines from a marker up to its label pass behind lower labels).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from model.timeline import EventIndex

MAX_MISSES = 12
MAX_SHORTENED = 80
"""Only the most important labels are shortened to fit; the others show whole or not at all."""
"""Consecutive labels that found no room before a lane is taken as full."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Measure = Callable[[IntArray], FloatArray]
"""Full label widths in pixels for the given event indices."""


@dataclass(frozen=True)
class LayoutParams:
    """Sizes, in pixels, that shape a frame."""

    marker_radius: float = 5.5
    min_gap: float = 13.0
    """Markers closer than this in one lane are drawn as a cluster."""
    row_height: float = 19.0
    label_gap: float = 8.0
    max_label_rows: int = 4
    min_label_px: float = 56.0
    max_label_candidates: int = 200
    max_labels: int = 100
    """More labels than this at once are more to read than to see."""
    max_span_bars: int = 120
    """More visible spans than this are drawn as a coverage strip per lane."""
    max_span_anchors: int = 600
    """Spans give label candidates only while this few are visible (zoomed out, clusters speak for them)."""
    max_echoes: int = 4000
    cluster_px: float = 120.0
    """Clusters longer than this are split, so counts stay local."""
    exact_limit: int = 6000
    """Lanes with more visible events than this are clustered by pixel bins."""


@dataclass
class Frame:
    """Everything one paint needs, in view pixels (x right, y down)."""

    lo: float
    hi: float
    width: float
    height: float
    lane_top: FloatArray
    lane_height: float
    line_y: FloatArray
    marker_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    marker_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    marker_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    echo_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    echo_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    echo_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    span_x0: FloatArray = field(default_factory=lambda: np.zeros(0))
    span_x1: FloatArray = field(default_factory=lambda: np.zeros(0))
    span_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    span_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    span_anchor_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    span_anchor_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    span_anchor_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    """Where visible spans start (their labels hang there), whether drawn as bars or as coverage."""
    span_cover: IntArray = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    """Spans covering each pixel column, per lane, when there are too many to draw one by one."""
    cluster_x0: FloatArray = field(default_factory=lambda: np.zeros(0))
    cluster_x1: FloatArray = field(default_factory=lambda: np.zeros(0))
    cluster_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    cluster_count: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    cluster_t0: FloatArray = field(default_factory=lambda: np.zeros(0))
    cluster_t1: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_y: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_w: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    label_full: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    label_anchor_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_anchor_y: FloatArray = field(default_factory=lambda: np.zeros(0))
    params: LayoutParams = field(default_factory=LayoutParams)

    def to_px(self, seconds: FloatArray | float) -> FloatArray:
        """Seconds to x pixels in this frame."""
        return (np.asarray(seconds, dtype=np.float64) - self.lo) * (self.width / (self.hi - self.lo))

    @property
    def label_rows(self) -> int:
        """How many label rows fit above each lane's line."""
        return label_rows(self.lane_height, self.params)

    def hit(self, x: float, y: float) -> tuple[str, int] | None:
        """What is under the pixel (x, y): ("event", i), ("cluster", k) or None."""
        p = self.params
        lane = int(np.clip((y - self.lane_top[0]) // self.lane_height, 0, len(self.line_y) - 1)) if len(self.line_y) else 0
        if self.label_x.size:
            inside = (x >= self.label_x) & (x <= self.label_x + self.label_w) & (y >= self.label_y) & (y <= self.label_y + p.row_height)
            found = np.flatnonzero(inside)
            if found.size:
                return "event", int(self.label_event[found[0]])
        line = self.line_y[lane] if len(self.line_y) else 0.0
        if abs(y - line) <= p.marker_radius + 3:
            return self._hit_on_line(x, lane)
        return None

    def _hit_on_line(self, x: float, lane: int) -> tuple[str, int] | None:
        reach = self.params.marker_radius + 3
        if self.marker_x.size:
            distance = np.where(self.marker_lane == lane, np.abs(self.marker_x - x), np.inf)
            best = int(np.argmin(distance))
            if distance[best] <= reach:
                return "event", int(self.marker_event[best])
        if self.cluster_x0.size:
            inside = (self.cluster_lane == lane) & (x >= self.cluster_x0 - reach) & (x <= self.cluster_x1 + reach)
            found = np.flatnonzero(inside)
            if found.size:
                return "cluster", int(found[0])
        if self.echo_x.size:
            distance = np.where(self.echo_lane == lane, np.abs(self.echo_x - x), np.inf)
            best = int(np.argmin(distance))
            if distance[best] <= reach:
                return "event", int(self.echo_event[best])
        if self.span_x0.size:
            inside = (self.span_lane == lane) & (x >= self.span_x0) & (x <= self.span_x1)
            found = np.flatnonzero(inside)
            if found.size:
                return "event", int(self.span_event[found[-1]])
        return None


def label_rows(lane_height: float, params: LayoutParams) -> int:
    """Rows of labels that fit above a lane's marker line."""
    room = lane_height - 2 * params.marker_radius - 16
    return int(max(0, min(params.max_label_rows, room // params.row_height)))


def layout_frame(
    index: EventIndex,
    n_lanes: int,
    view: tuple[float, float, float, float],
    measure: Measure,
    params: LayoutParams | None = None,
    selected: int | None = None,
) -> Frame:
    """Cull, cluster and label the events in ``view`` = (lo, hi, width px, height px)."""
    return label_frame(cull_frame(index, n_lanes, view, params), index, measure, selected)


def cull_frame(index: EventIndex, n_lanes: int, view: tuple[float, float, float, float], params: LayoutParams | None = None) -> Frame:
    """Markers, clusters, spans and echoes for a view: what depends on the range, not on the selection."""
    p = params or LayoutParams()
    lo, hi, width, height = view
    n_lanes = max(n_lanes, 1)
    lane_height = height / n_lanes
    lane_top = np.arange(n_lanes, dtype=np.float64) * lane_height
    rows = label_rows(lane_height, p)
    line_y = lane_top + (lane_height - p.marker_radius - 8 if rows else lane_height / 2)
    frame = Frame(lo, hi, width, height, lane_top, lane_height, line_y, params=p)
    if hi <= lo or width <= 0 or len(index) == 0:
        return frame
    _place_points(frame, index, n_lanes)
    _place_spans(frame, index, n_lanes)
    _place_echoes(frame, index)
    return frame


def label_frame(base: Frame, index: EventIndex, measure: Measure, selected: int | None = None) -> Frame:
    """A copy of a culled frame with the selected event freed from its cluster and the labels placed."""
    frame = replace(base)
    if frame.hi <= frame.lo or frame.width <= 0 or len(index) == 0:
        return frame
    if selected is not None:
        _free_selected(frame, index, selected)
    if frame.label_rows:
        _place_labels(frame, index, measure, selected)
    return frame


def _place_points(frame: Frame, index: EventIndex, n_lanes: int) -> None:
    p = frame.params
    pad = (frame.hi - frame.lo) * p.min_gap / frame.width
    markers: list[tuple[FloatArray, IntArray]] = []
    clusters: list[tuple[FloatArray, FloatArray, IntArray, FloatArray, FloatArray]] = []
    cluster_lanes: list[int] = []
    for lane in range(min(n_lanes, len(index.lane_bounds) - 1)):
        a, b = int(index.lane_bounds[lane]), int(index.lane_bounds[lane + 1])
        starts = index.lane_start[a:b]
        first = a + int(np.searchsorted(starts, frame.lo - pad, "left"))
        last = a + int(np.searchsorted(starts, frame.hi + pad, "right"))
        if last <= first:
            continue
        cluster = _cluster_exact if last - first <= p.exact_limit else _cluster_binned
        m, c = cluster(frame, index, first, last)
        markers.append(m)
        clusters.append(c)
        cluster_lanes.append(lane)
    if not markers:
        return
    rows = np.concatenate([m[1] for m in markers])
    frame.marker_x = np.concatenate([m[0] for m in markers])
    frame.marker_lane = index.lane[rows].astype(np.int64)
    frame.marker_event = index.event[rows]
    frame.cluster_x0, frame.cluster_x1 = (np.concatenate([c[k] for c in clusters]) for k in (0, 1))
    frame.cluster_count = np.concatenate([c[2] for c in clusters])
    frame.cluster_t0, frame.cluster_t1 = (np.concatenate([c[k] for c in clusters]) for k in (3, 4))
    frame.cluster_lane = np.repeat(np.array(cluster_lanes, dtype=np.int64), [c[0].size for c in clusters])


def _cluster_exact(frame: Frame, index: EventIndex, first: int, last: int) -> tuple[
        tuple[FloatArray, IntArray], tuple[FloatArray, FloatArray, IntArray, FloatArray, FloatArray]]:
    """Group a lane's visible events whose markers would touch; singles stay markers."""
    rows = index.lane_order[first:last]
    times = index.lane_start[first:last]
    x = frame.to_px(times)
    new_group = np.empty(x.size, dtype=bool)
    new_group[0] = True
    np.greater_equal(np.diff(x), frame.params.min_gap, out=new_group[1:])
    chunk = np.floor(x / frame.params.cluster_px)
    new_group[1:] |= chunk[1:] != chunk[:-1]  # long chains split into readable pieces
    group_start = np.flatnonzero(new_group)
    counts = np.diff(np.append(group_start, x.size))
    single = counts == 1
    marker_pos = group_start[single]
    multi_start = group_start[~single]
    multi_end = multi_start + counts[~single] - 1
    cluster = (x[multi_start], x[multi_end], counts[~single].astype(np.int64), times[multi_start], times[multi_end])
    return (x[marker_pos], rows[marker_pos]), cluster


def _cluster_binned(frame: Frame, index: EventIndex, first: int, last: int) -> tuple[
        tuple[FloatArray, IntArray], tuple[FloatArray, FloatArray, IntArray, FloatArray, FloatArray]]:
    """Bin a dense lane per ``min_gap`` pixels with binary search: cost grows with pixels, not events."""
    p = frame.params
    times = index.lane_start[first:last]
    n_bins = max(1, int(np.ceil((frame.width + 2 * p.min_gap) / p.min_gap)))
    edges_px = -p.min_gap + np.arange(n_bins + 1) * p.min_gap
    edges = frame.lo + edges_px * (frame.hi - frame.lo) / frame.width
    cuts = np.searchsorted(times, edges, "left")
    cuts[-1] = times.size
    counts = np.diff(cuts)
    occupied = counts > 0
    padded = np.concatenate(([False], occupied, [False]))
    isolated = occupied & ~padded[:-2] & ~padded[2:] & (counts == 1)
    marker_pos = cuts[:-1][isolated]
    x_single = frame.to_px(times[marker_pos])
    grouped = occupied & ~isolated
    grid = np.arange(n_bins) % max(1, int(p.cluster_px // p.min_gap)) == 0
    before = np.concatenate(([False], grouped[:-1]))
    after = np.concatenate((grouped[1:], [False]))
    run_start = np.flatnonzero(grouped & (~before | grid))
    run_end = np.flatnonzero(grouped & (~after | np.concatenate((grid[1:], [False]))))
    totals = cuts[run_end + 1] - cuts[run_start]
    t0 = times[cuts[run_start]]
    t1 = times[cuts[run_end + 1] - 1]
    cluster = (frame.to_px(t0), frame.to_px(t1), totals.astype(np.int64), t0, t1)
    return (x_single, index.lane_order[first:last][marker_pos]), cluster


def _free_selected(frame: Frame, index: EventIndex, event: int) -> None:
    """The selected event is always drawn as its own marker, even inside a cluster."""
    if not 0 <= event < index.event_row.size or np.any(frame.marker_event == event) or np.any(frame.span_event == event):
        return
    row = int(index.event_row[event])
    x = float(frame.to_px(index.start[row]))
    if -frame.params.marker_radius <= x <= frame.width + frame.params.marker_radius:
        frame.marker_x = np.append(frame.marker_x, x)
        frame.marker_lane = np.append(frame.marker_lane, int(index.lane[row]))
        frame.marker_event = np.append(frame.marker_event, event)


def _place_echoes(frame: Frame, index: EventIndex) -> None:
    """An event's other lanes get a small echo of its marker (not clustered, dropped when too many)."""
    if index.echo_rows.size == 0:
        return
    starts = index.start[index.echo_rows]
    pad = (frame.hi - frame.lo) * frame.params.min_gap / frame.width
    first, last = np.searchsorted(starts, [frame.lo - pad, frame.hi + pad])
    if last - first > frame.params.max_echoes:
        return
    rows = index.echo_rows[first:last]
    x = frame.to_px(index.start[rows])
    lanes = index.lane[rows].astype(np.int64)
    clear = ~_covered(frame, x, lanes)
    frame.echo_x, frame.echo_lane, frame.echo_event = x[clear], lanes[clear], index.event[rows][clear]


def _covered(frame: Frame, x: FloatArray, lanes: IntArray) -> npt.NDArray[np.bool_]:
    """Which points (x, lane) fall on a marker or cluster already drawn in their lane."""
    reach = 2 * frame.params.marker_radius
    covered = np.zeros(x.size, dtype=bool)
    if frame.marker_x.size:
        same = lanes[:, None] == frame.marker_lane[None, :]
        covered |= (same & (np.abs(x[:, None] - frame.marker_x[None, :]) < reach)).any(axis=1)
    if frame.cluster_x0.size:
        same = lanes[:, None] == frame.cluster_lane[None, :]
        inside = (x[:, None] >= frame.cluster_x0[None, :] - reach) & (x[:, None] <= frame.cluster_x1[None, :] + reach)
        covered |= (same & inside).any(axis=1)
    return covered


def _place_spans(frame: Frame, index: EventIndex, n_lanes: int) -> None:
    """Wide spans as bars; where there are many, one coverage strip per lane instead."""
    p = frame.params
    if index.span_rows.size == 0:
        return
    last = int(np.searchsorted(_span_starts(index), frame.hi, "right"))
    rows = index.span_rows[:last]
    rows = rows[index.end[rows] >= frame.lo]
    x0 = frame.to_px(index.start[rows])
    x1 = frame.to_px(index.end[rows])
    wide = (x1 - x0) >= 2 * p.marker_radius
    rows, x0, x1 = rows[wide], x0[wide], x1[wide]
    lanes = index.lane[rows].astype(np.int64)
    if rows.size <= p.max_span_anchors:
        frame.span_anchor_x, frame.span_anchor_lane, frame.span_anchor_event = np.clip(x0, 0, None), lanes, index.event[rows]
    if rows.size > p.max_span_bars:
        frame.span_cover = _coverage(frame, x0, x1, lanes, n_lanes)
        return
    frame.span_x0, frame.span_x1 = np.maximum(x0, -10.0), np.minimum(x1, frame.width + 10.0)
    frame.span_lane = lanes
    frame.span_event = index.event[rows]


def _span_starts(index: EventIndex) -> FloatArray:
    cached: FloatArray | None = getattr(index, "span_start", None)
    return cached if cached is not None else index.start[index.span_rows]


def _coverage(frame: Frame, x0: FloatArray, x1: FloatArray, lanes: IntArray, n_lanes: int) -> IntArray:
    """How many spans cover each pixel column of each lane, shape (lanes, width)."""
    width = max(1, int(np.ceil(frame.width)))
    a = np.clip(np.floor(x0), 0, width).astype(np.int64)
    b = np.clip(np.ceil(x1), 0, width).astype(np.int64)
    size = n_lanes * (width + 1)
    delta = np.bincount(lanes * (width + 1) + a, minlength=size) - np.bincount(lanes * (width + 1) + b, minlength=size)
    return np.cumsum(delta.reshape(n_lanes, width + 1), axis=1)[:, :width].astype(np.int64)


def _place_labels(frame: Frame, index: EventIndex, measure: Measure, selected: int | None) -> None:
    """Greedy label placement, most important first; selected event first of all."""
    events, anchors, lanes = _label_candidates(frame, index, selected)
    if events.size == 0:
        return
    widths = np.minimum(np.asarray(measure(events), dtype=np.float64), frame.width)
    placer = _RowPlacer(frame)
    out: list[tuple[float, float, float, int, bool, float, float]] = []
    misses: dict[int, int] = {}
    for rank, (event, anchor, lane, width) in enumerate(zip(events.tolist(), anchors.tolist(), lanes.tolist(), widths.tolist(),
                                                            strict=True)):
        if len(out) >= frame.params.max_labels:
            break
        if misses.get(lane, 0) >= MAX_MISSES:
            continue  # this lane's rows are full: the rest would not fit either
        placed = placer.place(lane, anchor, width, shorten=rank < MAX_SHORTENED)
        if placed is None:
            misses[lane] = misses.get(lane, 0) + 1
            continue
        misses[lane] = 0
        x, y, w = placed
        out.append((x, y, w, event, w >= width - 0.5, anchor, float(frame.line_y[lane])))
    _store_labels(frame, out)


def _store_labels(frame: Frame, out: list[tuple[float, float, float, int, bool, float, float]]) -> None:
    if out:
        cols = list(zip(*out, strict=True))
        frame.label_x, frame.label_y, frame.label_w = (np.array(c, dtype=np.float64) for c in cols[:3])
        frame.label_event = np.array(cols[3], dtype=np.int64)
        frame.label_full = np.array(cols[4], dtype=bool)
        frame.label_anchor_x = np.array(cols[5], dtype=np.float64)
        frame.label_anchor_y = np.array(cols[6], dtype=np.float64)


def _label_candidates(frame: Frame, index: EventIndex, selected: int | None) -> tuple[IntArray, FloatArray, IntArray]:
    """Events that may get a label, best first: a visible marker or span of the event's first lane."""
    p = frame.params
    x = np.concatenate([frame.marker_x, frame.span_anchor_x])
    events = np.concatenate([frame.marker_event, frame.span_anchor_event])
    lanes = np.concatenate([frame.marker_lane, frame.span_anchor_lane])
    inside = (x >= -p.marker_radius) & (x <= frame.width)
    x, events, lanes = x[inside], events[inside], lanes[inside]
    primary = index.lane[index.event_row[events]]
    keep = lanes == primary
    x, events, lanes = x[keep], events[keep], lanes[keep]
    events, first = np.unique(events, return_index=True)
    x, lanes = x[first], lanes[first]
    rank = index.importance[index.event_row[events]].astype(np.float64)
    rank = rank - 2.0 * (x <= 0)  # spans that began before the view: their start is not in sight
    if selected is not None:
        rank = np.where(events == selected, np.inf, rank)
    order = np.lexsort((x, -rank))[: p.max_label_candidates]
    return events[order], x[order], lanes[order]


class _RowPlacer:
    """Occupied intervals per (lane, label row)."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.rows = frame.label_rows
        self.starts: dict[tuple[int, int], list[float]] = {}
        self.ends: dict[tuple[int, int], list[float]] = {}

    def row_top(self, lane: int, row: int) -> float:
        """Top pixel of label row ``row`` (0 is nearest the line) in ``lane``."""
        p = self.frame.params
        return float(self.frame.line_y[lane]) - p.marker_radius - 6 - (row + 1) * p.row_height

    def place(self, lane: int, anchor: float, width: float, shorten: bool = True) -> tuple[float, float, float] | None:
        """Room for a label anchored at ``anchor``: (x, y, width), shortened if need be (and allowed), or None."""
        p = self.frame.params
        x0 = min(max(anchor - p.marker_radius, 0.0), max(self.frame.width - width, 0.0))
        for row in range(self.rows):
            if self._free(lane, row, x0, x0 + width):
                return self._take(lane, row, x0, width, anchor)
        if not shorten:
            return None
        x0 = max(anchor - p.marker_radius, 0.0)
        for row in range(self.rows):
            room = self._room(lane, row, x0)
            if room >= p.min_label_px:
                return self._take(lane, row, x0, min(room, width), anchor)
        return None

    def _free(self, lane: int, row: int, x0: float, x1: float) -> bool:
        gap = self.frame.params.label_gap
        ends = self.ends.get((lane, row), [])
        i = bisect_left(ends, x0 - gap)
        return not (i < len(ends) and self.starts[(lane, row)][i] < x1 + gap)

    def _room(self, lane: int, row: int, x0: float) -> float:
        """Free width from ``x0`` to the next obstacle in the row (0 if ``x0`` is covered)."""
        gap = self.frame.params.label_gap
        if not self._free(lane, row, x0, x0 + 1):
            return 0.0
        ends = self.ends.get((lane, row), [])
        i = bisect_left(ends, x0 - gap)
        limit = self.frame.width
        if i < len(ends):
            limit = min(limit, self.starts[(lane, row)][i] - gap)
        return max(0.0, limit - x0)

    def _take(self, lane: int, row: int, x0: float, width: float, anchor: float) -> tuple[float, float, float]:
        key = (lane, row)
        ends = self.ends.setdefault(key, [])
        starts = self.starts.setdefault(key, [])
        i = bisect_left(ends, x0 + width)
        ends.insert(i, x0 + width)
        starts.insert(i, x0)
        return x0, self.row_top(lane, row), width
