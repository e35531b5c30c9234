"""What to draw for one view of the timeline: lanes, markers, spans, clusters and labels, in pixels.

All culling and binning is vectorised (binary search on each lane's sorted starts, then per-pixel bins),
so the cost of a frame depends on the pixels, not on the number of events. Lanes share the height by
need: each gets the label rows its visible events ask for at this zoom, and what is left is spread among
them. Labels are placed greedily, most important first, in rows above each lane's marker line: a label
starts at its marker (or, near the right edge, ends at it), joined to it by a vertical leader line; no
label overlaps another label, a leader line, a marker or a cluster.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from model.timeline import EventIndex

MAX_MISSES = 12
"""Consecutive labels that found no room before a lane is taken as full."""
MAX_SHORTENED = 40
EXACT_NEED = 80
"""Up to this many label candidates, the lanes are sized by a trial placement; beyond, by their staircases."""
"""Only the most important labels are shortened to fit; the others show whole or not at all."""
DAY = 86_400.0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Measure = Callable[[IntArray], FloatArray]
"""Full label widths in pixels for the given event indices."""


class HitKind(Enum):
    """What a pixel of the timeline can hold."""

    EVENT = "event"
    CLUSTER = "cluster"


class Hit(NamedTuple):
    """What lies under a point: an event (its index in the timeline) or a cluster (its index in the frame)."""

    kind: HitKind
    value: int


@dataclass(frozen=True)
class LayoutParams:
    """Sizes, in pixels, that shape a frame."""

    marker_radius: float = 5.5
    min_gap: float = 13.0
    """Unlabelled markers closer than this in one lane are drawn as a cluster."""
    row_height: float = 19.0
    label_gap: float = 8.0
    """Room between two labels in a row."""
    leader_gap: float = 3.0
    """Room between a label and another label's leader line."""
    label_inset: float = -4.0
    """Where a label's box starts, before (+) or after (-) its marker's centre: just after it, so the leader line
    runs beside the label, and labels of events at the same moment can stack over one another."""
    max_label_rows: int = 40
    min_label_px: float = 80.0
    """A label shortened to less than this says too little to be worth its place."""
    max_label_candidates: int = 200
    max_labels: int = 250
    """More labels than this at once are more to read than to see."""
    max_span_bars: int = 120
    """More visible spans than this are drawn as a coverage strip per lane."""
    max_span_anchors: int = 600
    """Spans give label candidates only while this few are visible (zoomed out, clusters speak for them)."""
    max_echoes: int = 4000
    cluster_px: float = 120.0
    """Clusters longer than this are split, so counts stay local."""
    exact_limit: int = 1500
    """Lanes with more visible events than this are clustered by pixel bins."""
    digit_px: float = 7.0
    """Width of one digit of a cluster's count (a generous estimate of the badge font)."""
    top_margin: float = 0.0
    """Room kept free at the top of the plot (for era titles)."""
    max_bands: int = 2000
    """Uncertain-date bands drawn at most (zoomed out they are too thin to see anyway)."""

    @property
    def lane_base(self) -> float:
        """Height a lane with label rows needs besides them: the marker line with room around it."""
        return 2 * self.marker_radius + 16.0

    @property
    def lane_min(self) -> float:
        """Height of a lane without labels: its line and markers."""
        return 2 * self.marker_radius + 8.0


@dataclass
class Frame:
    """Everything one paint needs, in view pixels (x right, y down)."""

    lo: float
    hi: float
    width: float
    height: float
    lane_top: FloatArray
    lane_h: FloatArray
    line_y: FloatArray
    lane_rows: IntArray
    lane_below: IntArray
    """How many of each lane's label rows hang below its marker line (tall lanes use both sides)."""
    marker_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    marker_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    marker_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    echo_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    echo_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    echo_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    band_x0: FloatArray = field(default_factory=lambda: np.zeros(0))
    band_x1: FloatArray = field(default_factory=lambda: np.zeros(0))
    band_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    band_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    """Events dated only to a month or a year: the whole period their date names."""
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
    cluster_lo: FloatArray = field(default_factory=lambda: np.zeros(0))
    cluster_hi: FloatArray = field(default_factory=lambda: np.zeros(0))
    """How far each cluster's badge may reach: it stops short of the labelled markers either side."""
    pill_x0: FloatArray = field(default_factory=lambda: np.zeros(0))
    pill_x1: FloatArray = field(default_factory=lambda: np.zeros(0))
    """Each cluster's badge as drawn: its members' extent, widened to hold the count."""
    pill_shows_count: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    """Whether the badge is wide enough to show its count (a squeezed one shows it on hover)."""
    label_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_y: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_w: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_event: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    label_full: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    label_anchor_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_anchor_y: FloatArray = field(default_factory=lambda: np.zeros(0))
    label_lane: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    params: LayoutParams = field(default_factory=LayoutParams)
    _labels: list[_Label] | None = None
    """The placement made while fitting the lanes, reused when nothing is selected and no lane is two-sided."""
    _candidates: tuple[IntArray, FloatArray, IntArray, FloatArray] | None = None
    """The label candidates with nothing selected, found while fitting the lanes."""
    _exact: list[tuple[int, int, int]] = field(default_factory=list)
    """(lane, first, last) of the lanes whose visible events are clustered around their labels."""

    def to_px(self, seconds: FloatArray | float) -> FloatArray:
        """Seconds to x pixels in this frame."""
        return (np.asarray(seconds, dtype=np.float64) - self.lo) * (self.width / (self.hi - self.lo))

    @property
    def label_rows(self) -> int:
        """The most label rows any lane has."""
        return int(self.lane_rows.max()) if self.lane_rows.size else 0

    def lane_at(self, y: float) -> int:
        """The lane whose band holds pixel row ``y`` (clamped to the first and last)."""
        lane = int(np.searchsorted(self.lane_top, y, "right")) - 1
        return min(max(lane, 0), max(self.lane_top.size - 1, 0))

    def hit(self, x: float, y: float) -> Hit | None:
        """What is under the pixel (x, y): (EVENT, event) or (CLUSTER, k), or None."""
        p = self.params
        if self.label_x.size:
            inside = (x >= self.label_x) & (x <= self.label_x + self.label_w) & (y >= self.label_y) & (y <= self.label_y + p.row_height)
            found = np.flatnonzero(inside)
            if found.size:
                return Hit(HitKind.EVENT, int(self.label_event[found[0]]))
        if not self.line_y.size:
            return None
        lane = self.lane_at(y)
        if abs(y - self.line_y[lane]) <= p.marker_radius + 3:
            return self._hit_on_line(x, lane)
        return None

    def _hit_on_line(self, x: float, lane: int) -> Hit | None:
        reach = self.params.marker_radius + 3
        if self.marker_x.size:
            distance = np.where(self.marker_lane == lane, np.abs(self.marker_x - x), np.inf)
            best = int(np.argmin(distance))
            if distance[best] <= reach:
                return Hit(HitKind.EVENT, int(self.marker_event[best]))
        if self.cluster_x0.size:
            inside = (self.cluster_lane == lane) & (x >= self.pill_x0 - 2) & (x <= self.pill_x1 + 2)
            found = np.flatnonzero(inside)
            if found.size:
                return Hit(HitKind.CLUSTER, int(found[0]))
        if self.echo_x.size:
            distance = np.where(self.echo_lane == lane, np.abs(self.echo_x - x), np.inf)
            best = int(np.argmin(distance))
            if distance[best] <= reach:
                return Hit(HitKind.EVENT, int(self.echo_event[best]))
        for x0, x1, lanes, events in ((self.span_x0, self.span_x1, self.span_lane, self.span_event),
                                      (self.band_x0, self.band_x1, self.band_lane, self.band_event)):
            found = np.flatnonzero((lanes == lane) & (x >= x0) & (x <= x1))
            if found.size:
                return Hit(HitKind.EVENT, int(events[found[-1]]))
        return None


@dataclass(frozen=True)
class _Label:
    """One placed label: its event, lane, row and box."""

    event: int
    lane: int
    row: int
    x: float
    width: float
    full: bool
    anchor: float


def label_rows(lane_height: float, params: LayoutParams) -> int:
    """Rows of labels that fit above a lane's marker line."""
    room = lane_height - params.lane_base
    return int(max(0, min(params.max_label_rows, room // params.row_height)))


def layout_frame(
    index: EventIndex,
    n_lanes: int,
    view: tuple[float, float, float, float],
    measure: Measure,
    params: LayoutParams | None = None,
    selected: int | None = None,
) -> Frame:
    """Cull, cluster, fit the lanes and label the events in ``view`` = (lo, hi, width px, height px)."""
    return label_frame(cull_frame(index, n_lanes, view, measure, params), index, measure, selected)


def cull_frame(index: EventIndex, n_lanes: int, view: tuple[float, float, float, float], measure: Measure | None = None,
               params: LayoutParams | None = None, previous: Frame | None = None) -> Frame:
    """What depends on the range, not on the selection: visible events, spans and the lanes' heights.

    With the ``previous`` frame of the same view size, lanes keep their heights while each still has the rows
    its labels need (and not many more), so zooming does not make the lanes jump at every step.
    """
    p = params or LayoutParams()
    lo, hi, width, height = view
    frame = Frame(lo, hi, width, height, *_even_lanes(max(n_lanes, 1), height, p), params=p)
    if hi <= lo or width <= 0 or len(index) == 0:
        return frame
    _place_points(frame, index, n_lanes)
    _place_spans(frame, index, n_lanes)
    if measure is not None:
        _fit_lanes(frame, index, measure, previous)
    return frame


def label_frame(base: Frame, index: EventIndex, measure: Measure, selected: int | None = None,
                preferred: BoolArray | None = None) -> Frame:
    """A copy of a culled frame with its labels placed, the rest clustered around them, and the selection freed.

    Events marked in ``preferred`` (a mask over all events: a search's matches) get label space before the rest.
    """
    frame = replace(base)
    if frame.hi <= frame.lo or frame.width <= 0 or len(index) == 0:
        return frame
    plain = selected is None and preferred is None
    labels = base._labels if plain and base._labels is not None else None
    if labels is None and frame.label_rows:
        cached = base._candidates if plain else None
        events, anchors, lanes, ranks = cached if cached is not None else _label_candidates(frame, index, selected, preferred)
        labels = _place_labels(frame, events, anchors, lanes, ranks, measure, frame.lane_rows - frame.lane_below, frame.lane_below)
    _store_labels(frame, labels or [])
    kept = frame.label_event if selected is None else np.append(frame.label_event, selected)
    for lane, first, last in base._exact:
        _append_points(frame, index, lane, *_cluster_exact(frame, index, first, last, kept))
    if selected is not None:
        _free_selected(frame, index, selected)
    _fit_pills(frame, index, kept)
    _place_bands(frame, index)
    _place_echoes(frame, index)
    return frame


Geometry = tuple[FloatArray, FloatArray, FloatArray, IntArray, IntArray]
"""Lane tops, heights, marker lines, label rows and rows below the line."""
TWO_SIDED_ROWS = 12
"""A lane with this many label rows puts its line in the middle, labels above and below."""


def _even_lanes(n_lanes: int, height: float, p: LayoutParams) -> Geometry:
    """Lanes of equal height (before the labels say what each needs)."""
    usable = max(height - p.top_margin, 1.0)
    heights = np.full(n_lanes, usable / n_lanes)
    return _geometry(heights, p)


def _geometry(heights: FloatArray, p: LayoutParams) -> Geometry:
    """Tops, heights, marker lines and label rows of lanes stacked below the top margin."""
    top = p.top_margin + np.concatenate(([0.0], np.cumsum(heights)[:-1]))
    rows = np.array([label_rows(h, p) for h in heights.tolist()], dtype=np.int64)
    below = np.where(rows >= TWO_SIDED_ROWS, rows // 2, 0)
    under = p.marker_radius + 7.0
    line = np.where(rows > 0, top + heights - under - below * p.row_height, top + heights / 2)
    return top, heights, line, rows, below


def _fit_lanes(frame: Frame, index: EventIndex, measure: Measure, previous: Frame | None = None) -> None:
    """Share the height among lanes by the label rows each needs at this zoom; keep the placement if all fit.

    A lane without labels is kept thin (its line and markers); when there are too many lanes for every one to
    have a row, the lanes that need rows most get them.
    """
    p = frame.params
    n = frame.lane_top.size
    usable = frame.height - p.top_margin
    first_row = p.lane_base - p.lane_min + p.row_height  # what a lane's first label row costs
    if usable - n * p.lane_min < first_row:
        return  # too many lanes for any labels: equal lanes, markers and clusters only
    fit = int(min((usable - n * p.lane_min - first_row) // p.row_height + 1, p.max_label_rows))
    events, anchors, lanes, ranks = frame._candidates = _label_candidates(frame, index, None)
    labels: list[_Label] | None = None
    need = np.zeros(n, dtype=np.int64)
    if events.size <= EXACT_NEED:
        labels = _place_labels(frame, events, anchors, lanes, ranks, measure, np.full(n, fit, dtype=np.int64),
                               np.zeros(n, dtype=np.int64))
        for label in labels:
            need[label.lane] = max(need[label.lane], label.row + 1)
    elif events.size:  # many candidates: the staircases say how high each lane's labels want to go
        widths = np.minimum(np.asarray(measure(events), dtype=np.float64), frame.width)
        np.maximum.at(need, lanes, np.minimum(_staircase(frame, anchors, lanes, widths) + 2, fit))
    if _still_fits(previous, frame, need):
        assert previous is not None
        frame.lane_top, frame.lane_h, frame.line_y = previous.lane_top, previous.lane_h, previous.line_y
        frame.lane_rows, frame.lane_below = previous.lane_rows, previous.lane_below
        if labels is not None and not frame.lane_below.any():
            frame._labels = labels
        return
    rows = _share_height(need, usable, p)
    base = np.where(rows > 0, p.lane_base, p.lane_min) + rows * p.row_height
    extra = max(usable - float(base.sum()), 0.0)
    weights = (rows + 1).astype(np.float64)
    heights = base + extra * weights / weights.sum()
    frame.lane_top, frame.lane_h, frame.line_y, frame.lane_rows, frame.lane_below = _geometry(heights, p)
    if labels is not None and np.all(frame.lane_rows >= need) and not frame.lane_below.any():
        frame._labels = labels


KEEP_SLACK = 3
"""Lanes keep their heights while no lane has more than this many label rows beyond what it needs."""


def _still_fits(previous: Frame | None, frame: Frame, need: IntArray) -> bool:
    """Whether the previous frame's lanes still suit this view: same size and lanes, every need met, little waste."""
    if previous is None or (previous.width, previous.height, previous.params) != (frame.width, frame.height, frame.params):
        return False
    rows = previous.lane_rows
    return bool(rows.size == need.size and np.all(rows >= need) and np.all(rows <= need + KEEP_SLACK + rows // 2))


def _share_height(need: IntArray, usable: float, p: LayoutParams) -> IntArray:
    """Label rows per lane within ``usable`` pixels: all it needs when everything fits; else a first row for the
    lanes that need most, while there is room, then the rest in proportion to need."""
    n = need.size
    if n * p.lane_base + int(need.sum()) * p.row_height <= usable:
        return need
    budget = usable - n * p.lane_min
    first_row = p.lane_base - p.lane_min + p.row_height
    rows = np.zeros(n, dtype=np.int64)
    for lane in np.argsort(-need, kind="stable").tolist():
        if need[lane] > 0 and budget >= first_row:
            rows[lane] = 1
            budget -= first_row
    more = int(budget // p.row_height)
    return rows + _share_rows(need - rows, more)


def _share_rows(need: IntArray, fit: int) -> IntArray:
    """Label rows per lane: what each needs if all fit, else shares in proportion to need (at least one each)."""
    total = int(need.sum())
    if total <= fit:
        return need
    rows = np.minimum(need, 1)
    if rows.sum() > fit:
        order = np.argsort(-need, kind="stable")
        rows = np.zeros_like(need)
        rows[order[:fit]] = 1
        return rows
    left = fit - int(rows.sum())
    want = need - rows
    share = want * left / max(int(want.sum()), 1)
    rows = rows + np.floor(share).astype(np.int64)
    remainder = fit - int(rows.sum())
    if remainder > 0:
        order = np.argsort(-(share - np.floor(share)), kind="stable")
        rows[order[:remainder]] += 1
    return np.minimum(rows, need)


def _place_points(frame: Frame, index: EventIndex, n_lanes: int) -> None:
    """Dense lanes are binned now; the others wait for their labels (see :func:`_cluster_exact`)."""
    p = frame.params
    pad = (frame.hi - frame.lo) * p.min_gap / frame.width
    frame._exact = []
    for lane in range(min(n_lanes, len(index.lane_bounds) - 1)):
        a, b = int(index.lane_bounds[lane]), int(index.lane_bounds[lane + 1])
        starts = index.lane_start[a:b]
        first = a + int(np.searchsorted(starts, frame.lo - pad, "left"))
        last = a + int(np.searchsorted(starts, frame.hi + pad, "right"))
        if last <= first:
            continue
        if last - first <= p.exact_limit:
            frame._exact.append((lane, first, last))
        else:
            _append_points(frame, index, lane, *_cluster_binned(frame, index, first, last))


Points = tuple[FloatArray, IntArray]
"""Markers: x and index rows."""
Clusters = tuple[FloatArray, FloatArray, IntArray, FloatArray, FloatArray, FloatArray, FloatArray]
"""Clusters: x0, x1, count, t0, t1, and how far left and right the badge may reach."""
CLUSTER_FIELDS = ("cluster_x0", "cluster_x1", "cluster_count", "cluster_t0", "cluster_t1", "cluster_lo", "cluster_hi")


def _append_points(frame: Frame, index: EventIndex, lane: int, markers: Points, clusters: Clusters) -> None:
    x, rows = markers
    frame.marker_x = np.concatenate([frame.marker_x, x])
    frame.marker_lane = np.concatenate([frame.marker_lane, np.full(rows.size, lane, dtype=np.int64)])
    frame.marker_event = np.concatenate([frame.marker_event, index.event[rows]])
    for name, values in zip(CLUSTER_FIELDS, clusters, strict=True):
        setattr(frame, name, np.concatenate([getattr(frame, name), values]))
    frame.cluster_lane = np.concatenate([frame.cluster_lane, np.full(clusters[0].size, lane, dtype=np.int64)])


def _cluster_exact(frame: Frame, index: EventIndex, first: int, last: int, kept: IntArray) -> tuple[Points, Clusters]:
    """Labelled events stay markers; the others group where their markers would touch, between labelled ones."""
    p = frame.params
    rows = index.lane_order[first:last]
    times = index.lane_start[first:last]
    x = frame.to_px(times)
    labelled = _mask(kept, index.event_row.size)[index.event[rows]]
    kx = x[labelled]
    rows, times, x = rows[~labelled], times[~labelled], x[~labelled]
    if x.size == 0:
        return (kx, index.lane_order[first:last][labelled]), _no_clusters()
    side = np.searchsorted(kx, x)  # labelled markers to the left of each other event
    new_group = np.empty(x.size, dtype=bool)
    new_group[0] = True
    np.greater_equal(np.diff(x), p.min_gap, out=new_group[1:])
    chunk = np.floor(x / p.cluster_px)
    new_group[1:] |= (chunk[1:] != chunk[:-1]) | (side[1:] != side[:-1])  # long chains split; never across a label
    group_start = np.flatnonzero(new_group)
    counts = np.diff(np.append(group_start, x.size))
    reach = p.marker_radius + 2
    left = np.concatenate(([-np.inf], kx + reach))[side[group_start]]
    right = np.concatenate((kx - reach, [np.inf]))[side[group_start]]
    digits = np.floor(np.log10(np.maximum(counts, 1))) + 1
    squeezed = right - left < np.where(counts == 2, digits * p.digit_px + 6, 2 * p.marker_radius)
    single = (counts == 1) | squeezed  # no room for a readable badge between labels: a few plain markers instead
    marker_pos = np.flatnonzero(np.repeat(single, counts))
    multi = ~single
    multi_start = group_start[multi]
    multi_end = multi_start + counts[multi] - 1
    cluster = (x[multi_start], x[multi_end], counts[multi].astype(np.int64), times[multi_start], times[multi_end], left[multi],
               right[multi])
    markers = (np.concatenate([kx, x[marker_pos]]), np.concatenate([index.lane_order[first:last][labelled], rows[marker_pos]]))
    return markers, cluster


def _mask(events: IntArray, n: int) -> BoolArray:
    """A boolean mask over all ``n`` events, true at ``events``."""
    mask = np.zeros(n, dtype=bool)
    mask[events] = True
    return mask


def _no_clusters() -> Clusters:
    empty = np.zeros(0)
    return empty, empty, np.zeros(0, np.int64), empty, empty, empty, empty


def _cluster_binned(frame: Frame, index: EventIndex, first: int, last: int) -> tuple[Points, Clusters]:
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
    unbounded = np.full(t0.size, np.inf)
    cluster = (frame.to_px(t0), frame.to_px(t1), totals.astype(np.int64), t0, t1, -unbounded, unbounded)
    return (x_single, index.lane_order[first:last][marker_pos]), cluster


def _place_bands(frame: Frame, index: EventIndex) -> None:
    """Events dated only to a month or a year get a band over the whole period their date names."""
    if frame.marker_event.size == 0:
        return
    rows = index.event_row[frame.marker_event]
    period = index.period[rows]
    vague = np.flatnonzero((period > 1.5 * DAY) & (index.end[rows] <= index.start[rows]))
    if vague.size == 0 or vague.size > frame.params.max_bands:
        return
    start = index.true_start[rows[vague]]
    x0, x1 = frame.to_px(start), frame.to_px(start + period[vague])
    wide = (x1 - x0) >= 2 * frame.params.marker_radius + 2
    keep = vague[wide]
    frame.band_x0 = np.maximum(x0[wide], -10.0)
    frame.band_x1 = np.minimum(x1[wide], frame.width + 10.0)
    frame.band_lane = frame.marker_lane[keep]
    frame.band_event = frame.marker_event[keep]


def _fit_pills(frame: Frame, index: EventIndex, kept: IntArray | None = None) -> None:
    """Badge extents for the clusters; markers a badge would cover join its cluster, so no marker hides a count."""
    if frame.cluster_x0.size == 0:
        return
    _sort_clusters(frame)
    _pill_extents(frame)
    for _ in range(4 if kept is not None else 0):  # a badge that grows may reach the next marker: absorb again
        if not _absorb_covered(frame, index, kept if kept is not None else np.zeros(0, np.int64)):
            break
    _clip_pills(frame)


def _under_pill(frame: Frame) -> tuple[BoolArray, IntArray]:
    """For each marker: whether a badge of its lane reaches under it, and which (the last starting before its right edge)."""
    r = frame.params.marker_radius
    shift, scale = 1e5, 1e6  # (lane, x) as one sortable key; x stays within a few thousand pixels of the view
    keys = frame.cluster_lane * scale + (np.maximum(frame.pill_x0, -shift / 2) + shift)
    marker_keys = frame.marker_lane * scale + (frame.marker_x + r + shift)
    k = np.searchsorted(keys, marker_keys, "right") - 1
    ok = k >= 0
    k = np.where(ok, k, 0)
    return ok & (frame.cluster_lane[k] == frame.marker_lane) & (frame.pill_x1[k] > frame.marker_x - r), k


def _clip_pills(frame: Frame) -> None:
    """A badge that still reaches under a marker gives way to it (and hides its count if it no longer fits)."""
    if frame.marker_x.size == 0 or frame.cluster_x0.size == 0:
        return
    covered, k = _under_pill(frame)
    if not covered.any():
        return
    r = frame.params.marker_radius + 0.5
    x, k = frame.marker_x[covered], k[covered]
    mid = (frame.pill_x0[k] + frame.pill_x1[k]) / 2
    right = x >= mid
    np.minimum.at(frame.pill_x1, k[right], x[right] - r)
    np.maximum.at(frame.pill_x0, k[~right], x[~right] + r)
    frame.pill_x1 = np.maximum(frame.pill_x1, frame.pill_x0 + 3)
    digits = np.floor(np.log10(np.maximum(frame.cluster_count, 1))) + 1
    text_w = (digits + (digits - 1) // 3) * frame.params.digit_px + 10
    frame.pill_shows_count &= frame.pill_x1 - frame.pill_x0 >= text_w - 4


def _absorb_covered(frame: Frame, index: EventIndex, kept: IntArray) -> bool:
    """Unlabelled markers under a badge join its cluster; whether any did."""
    if frame.marker_x.size == 0:
        return False
    r = frame.params.marker_radius
    covered, k = _under_pill(frame)
    covered &= ~np.isin(frame.marker_event, kept)
    reach = r + 2  # never across a labelled marker: a badge stays between the labels either side
    covered &= (frame.marker_x > frame.cluster_lo[k] - reach) & (frame.marker_x < frame.cluster_hi[k] + reach)
    if not covered.any():
        return False
    into = k[covered]
    times = index.start[index.event_row[frame.marker_event[covered]]]
    xs = frame.marker_x[covered]
    np.add.at(frame.cluster_count, into, 1)
    np.minimum.at(frame.cluster_t0, into, times)
    np.maximum.at(frame.cluster_t1, into, times)
    np.minimum.at(frame.cluster_x0, into, xs)
    np.maximum.at(frame.cluster_x1, into, xs)
    absorbed = frame.marker_event[covered]
    keep = ~covered
    frame.marker_x, frame.marker_lane, frame.marker_event = frame.marker_x[keep], frame.marker_lane[keep], frame.marker_event[keep]
    bands = ~np.isin(frame.band_event, absorbed)
    frame.band_x0, frame.band_x1 = frame.band_x0[bands], frame.band_x1[bands]
    frame.band_lane, frame.band_event = frame.band_lane[bands], frame.band_event[bands]
    _pill_extents(frame)
    return True


def marked_running(index: EventIndex, marked: BoolArray) -> IntArray:
    """How many ``marked`` events (a mask over all events) lie before each row of ``index.lane_order``, and in all."""
    events = index.event[index.lane_order]
    hits = marked[events] if marked.size > int(events.max(initial=-1)) else np.zeros(events.size, dtype=bool)
    return np.concatenate((np.zeros(1, np.int64), np.cumsum(hits, dtype=np.int64)))


def clusters_holding(frame: Frame, index: EventIndex, running: IntArray) -> BoolArray:
    """Whether each cluster of ``frame`` holds a marked event (``running`` from :func:`marked_running`)."""
    out = np.zeros(frame.cluster_x0.size, dtype=bool)
    for lane in np.unique(frame.cluster_lane).tolist():
        a, b = int(index.lane_bounds[lane]), int(index.lane_bounds[lane + 1])
        k = np.flatnonzero(frame.cluster_lane == lane)
        starts = index.lane_start[a:b]
        first = a + np.searchsorted(starts, frame.cluster_t0[k], "left")
        last = a + np.searchsorted(starts, frame.cluster_t1[k], "right")
        out[k] = running[last] > running[first]
    return out


def _sort_clusters(frame: Frame) -> None:
    order = np.lexsort((frame.cluster_x0, frame.cluster_lane))
    for name in (*CLUSTER_FIELDS, "cluster_lane"):
        setattr(frame, name, getattr(frame, name)[order])


def _pill_extents(frame: Frame) -> None:
    """Each badge covers its members and is wide enough for its count; it stops short of the next badge."""
    p = frame.params
    r = p.marker_radius
    count = frame.cluster_count
    digits = np.floor(np.log10(np.maximum(count, 1))) + 1
    text_w = (digits + (digits - 1) // 3) * p.digit_px + 10  # with thousands separators
    mid = (frame.cluster_x0 + frame.cluster_x1) / 2
    x0 = np.maximum(np.minimum(frame.cluster_x0 - r, mid - text_w / 2), frame.cluster_lo)
    x1 = np.minimum(np.maximum(frame.cluster_x1 + r, mid + text_w / 2), frame.cluster_hi)
    lanes = frame.cluster_lane
    same_lane = np.append(lanes[1:] == lanes[:-1], False)
    limit = np.where(same_lane, np.append(x0[1:], np.inf) - 2, np.inf)
    frame.pill_x0, frame.pill_x1 = x0, np.maximum(np.minimum(x1, limit), x0 + 3)
    frame.pill_shows_count = frame.pill_x1 - frame.pill_x0 >= text_w - 4


def _free_selected(frame: Frame, index: EventIndex, event: int) -> None:
    """The selected event is always drawn as its own marker; a cluster holding it splits around it."""
    if not 0 <= event < index.event_row.size or np.any(frame.marker_event == event) or np.any(frame.span_event == event):
        return
    row = int(index.event_row[event])
    lane = int(index.lane[row])
    start = float(index.start[row])
    x = float(frame.to_px(start))
    r = frame.params.marker_radius
    if not -r <= x <= frame.width + r:
        return
    holder = np.flatnonzero((frame.cluster_lane == lane) & (frame.cluster_t0 <= start) & (frame.cluster_t1 >= start))
    frame.marker_x = np.append(frame.marker_x, x)
    frame.marker_lane = np.append(frame.marker_lane, lane)
    frame.marker_event = np.append(frame.marker_event, event)
    if holder.size:
        _split_cluster(frame, index, int(holder[0]), row)


def _split_cluster(frame: Frame, index: EventIndex, k: int, row: int) -> None:
    """Cluster ``k`` without ``row``: what lies before and after it, each a cluster or a lone marker."""
    lane = int(frame.cluster_lane[k])
    a, b = int(index.lane_bounds[lane]), int(index.lane_bounds[lane + 1])
    starts = index.lane_start[a:b]
    first = int(np.searchsorted(starts, frame.cluster_t0[k], "left"))
    last = int(np.searchsorted(starts, frame.cluster_t1[k], "right")) - 1
    at = int(np.searchsorted(starts, index.start[row], "left"))
    while at < last and int(index.lane_order[a + at]) != row:
        at += 1
    keep = np.ones(frame.cluster_x0.size, dtype=bool)
    keep[k] = False
    for name in (*CLUSTER_FIELDS, "cluster_lane"):
        setattr(frame, name, getattr(frame, name)[keep])
    for part in ((first, at - 1), (at + 1, last)):
        lo, hi = part
        if hi < lo:
            continue
        t0, t1 = float(starts[lo]), float(starts[hi])
        if hi == lo:
            frame.marker_x = np.append(frame.marker_x, frame.to_px(t0))
            frame.marker_lane = np.append(frame.marker_lane, lane)
            frame.marker_event = np.append(frame.marker_event, index.event[index.lane_order[a + lo]])
            continue
        values: tuple[float, ...] = (float(frame.to_px(t0)), float(frame.to_px(t1)), hi - lo + 1, t0, t1, -np.inf, np.inf, lane)
        for name, value in zip((*CLUSTER_FIELDS, "cluster_lane"), values, strict=True):
            column = getattr(frame, name)
            setattr(frame, name, np.append(column, np.array([value], dtype=column.dtype)))
    _fit_pills(frame, index)
    for side in (-1, 1):  # badges give way to the selected marker
        x = float(frame.to_px(index.start[row]))
        r = frame.params.marker_radius + 3
        same = frame.cluster_lane == lane
        if side < 0:
            near = same & (frame.pill_x1 > x - r) & (frame.pill_x0 < x)
            frame.pill_x1 = np.where(near, x - r, frame.pill_x1)
        else:
            near = same & (frame.pill_x0 < x + r) & (frame.pill_x1 > x)
            frame.pill_x0 = np.where(near, x + r, frame.pill_x0)


def _place_echoes(frame: Frame, index: EventIndex) -> None:
    """An event's other lanes get a small echo of its marker (not clustered, dropped when too many)."""
    if index.echo_rows.size == 0:
        return
    starts = index.echo_start
    pad = (frame.hi - frame.lo) * frame.params.min_gap / frame.width
    first, last = np.searchsorted(starts, [frame.lo - pad, frame.hi + pad])
    if last - first > frame.params.max_echoes:
        return
    rows = index.echo_rows[first:last]
    x = frame.to_px(index.start[rows])
    lanes = index.lane[rows].astype(np.int64)
    clear = ~_covered(frame, x, lanes)
    frame.echo_x, frame.echo_lane, frame.echo_event = x[clear], lanes[clear], index.event[rows][clear]


def _covered(frame: Frame, x: FloatArray, lanes: IntArray) -> BoolArray:
    """Which points (x, lane) fall on a marker or cluster badge already drawn in their lane (binary search, no pairs)."""
    reach = 2 * frame.params.marker_radius
    covered = np.zeros(x.size, dtype=bool)
    scale, shift = 1e6, 1e5  # (lane, x) as one sortable key; x stays within a few thousand pixels of the view
    keys = lanes * scale + (x + shift)
    if frame.marker_x.size:
        marks = np.sort(frame.marker_lane * scale + (frame.marker_x + shift))
        at = np.searchsorted(marks, keys)
        right = marks[np.minimum(at, marks.size - 1)]
        left = marks[np.maximum(at - 1, 0)]
        covered |= (np.abs(right - keys) < reach) | (np.abs(keys - left) < reach)
    if frame.cluster_x0.size:
        half = reach / 2 + 1
        starts = frame.cluster_lane * scale + (np.maximum(frame.pill_x0, -shift / 2) + shift) - half
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], (frame.cluster_lane * scale + (frame.pill_x1 + shift) + half)[order]
        k = np.searchsorted(starts, keys, "right") - 1
        covered |= (k >= 0) & (keys <= ends[np.maximum(k, 0)])
    return covered


def _place_spans(frame: Frame, index: EventIndex, n_lanes: int) -> None:
    """Wide spans as bars; where there are many, one coverage strip per lane instead."""
    p = frame.params
    if index.span_rows.size == 0:
        return
    last = int(np.searchsorted(index.span_start, frame.hi, "right"))
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


def _coverage(frame: Frame, x0: FloatArray, x1: FloatArray, lanes: IntArray, n_lanes: int) -> IntArray:
    """How many spans cover each pixel column of each lane, shape (lanes, width)."""
    width = max(1, int(np.ceil(frame.width)))
    a = np.clip(np.floor(x0), 0, width).astype(np.int64)
    b = np.clip(np.ceil(x1), 0, width).astype(np.int64)
    size = n_lanes * (width + 1)
    delta = np.bincount(lanes * (width + 1) + a, minlength=size) - np.bincount(lanes * (width + 1) + b, minlength=size)
    return np.cumsum(delta.reshape(n_lanes, width + 1), axis=1)[:, :width].astype(np.int64)


def _label_candidates(frame: Frame, index: EventIndex, selected: int | None,
                      preferred: BoolArray | None = None) -> tuple[IntArray, FloatArray, IntArray, FloatArray]:
    """Events that may get a label, best first: a visible marker or span of the event's first lane; the
    ``preferred`` ones (a search's matches) before every other, the selected one before all.

    Among equals, later events come first: each takes the lowest free row, so a run of close events
    stacks as a staircase whose leader lines pass beside the labels above them, never through them.
    """
    p = frame.params
    exact = [index.lane_order[first:last] for _, first, last in frame._exact]
    rows = np.concatenate(exact) if exact else np.zeros(0, np.int64)
    x = np.concatenate([frame.to_px(index.start[rows]), frame.marker_x, frame.span_anchor_x])
    events = np.concatenate([index.event[rows], frame.marker_event, frame.span_anchor_event])
    lanes = np.concatenate([index.lane[rows].astype(np.int64), frame.marker_lane, frame.span_anchor_lane])
    inside = (x >= -p.marker_radius) & (x <= frame.width + p.marker_radius)
    x, events, lanes = x[inside], events[inside], lanes[inside]
    event_rows = index.event_row[events]
    keep = lanes == index.lane[event_rows]
    x, events, lanes, event_rows = x[keep], events[keep], lanes[keep], event_rows[keep]
    rank = index.importance[event_rows].astype(np.float64)
    rank = rank - 2.0 * (x <= 0)  # spans that began before the view: their start is not in sight
    if preferred is not None and rank.size and preferred.size == index.event_row.size:
        rank = np.where(preferred[events], rank + (rank.max() - rank.min() + 1.0), rank)
    if selected is not None:
        rank = np.where(events == selected, np.inf, rank)
    limit = 2 * p.max_label_candidates
    if events.size > 2 * limit:  # the best few hundred of many: a partial sort first (x breaks ties, later first)
        score = np.where(np.isinf(rank), 1e12, rank * 1e6) + x / max(frame.width, 1.0)
        best = np.argpartition(-score, limit)[:limit]
        x, events, lanes, rank = x[best], events[best], lanes[best], rank[best]
    events, first = np.unique(events, return_index=True)
    x, lanes, rank = x[first], lanes[first], rank[first]
    order = np.lexsort((-x, -rank))[: p.max_label_candidates]
    return events[order], x[order], lanes[order], rank[order]


def _place_labels(frame: Frame, events: IntArray, anchors: FloatArray, lanes: IntArray, ranks: FloatArray, measure: Measure,
                  above: IntArray, below: IntArray) -> list[_Label]:
    """Greedy placement, most important first, each lane up to ``above[lane]`` rows over its line and ``below[lane]``
    under it, stacked as staircases: among equals, labels that start at their marker go from the right, labels
    that end at it (near the right edge) from the left, so each takes the row next to its neighbour's."""
    if events.size == 0:
        return []
    widths = np.minimum(np.asarray(measure(events), dtype=np.float64), frame.width)
    at_end = _ends_at_marker(frame, anchors, widths)
    order = np.lexsort((np.where(at_end, anchors, -anchors), -ranks))
    events, anchors, lanes, widths, ranks = events[order], anchors[order], lanes[order], widths[order], ranks[order]
    floors = _staircase(frame, anchors, lanes, widths)
    return _place_in_order(frame, events, anchors, lanes, widths, floors, above, below, np.isinf(ranks))


def _ends_at_marker(frame: Frame, anchors: FloatArray, widths: FloatArray) -> BoolArray:
    """Labels too wide to start at their marker, which end at it instead."""
    inset = frame.params.label_inset
    return (np.maximum(anchors - inset, 0.0) + widths > frame.width) & (anchors > frame.width / 2)


def _place_in_order(frame: Frame, events: IntArray, anchors: FloatArray, lanes: IntArray, widths: FloatArray, floors: IntArray,
                    above: IntArray, below: IntArray, whole: BoolArray | None = None) -> list[_Label]:
    """Each label in turn; those marked ``whole`` (the selected event's) are shown in full even where that means
    standing over their marker rather than starting at it."""
    placer = _RowPlacer(frame, above, below)
    floors = _compress(floors, lanes, above + below)
    out: list[_Label] = []
    misses: dict[int, int] = {}
    missed: list[tuple[int, float, int, float, int]] = []
    keep_whole = whole.tolist() if whole is not None else [False] * events.size
    give_up = [max(MAX_MISSES, rows) for rows in (above + below).tolist()]
    max_labels = frame.params.max_labels
    for rank, (event, anchor, lane, width, floor, entire) in enumerate(zip(events.tolist(), anchors.tolist(), lanes.tolist(),
                                                                           widths.tolist(), floors.tolist(), keep_whole, strict=True)):
        if len(out) >= max_labels:
            break
        if misses.get(lane, 0) >= give_up[lane]:
            continue  # this lane's rows are full: the rest would not fit either
        placed = placer.place(event, lane, anchor, width, floor, shorten=rank < MAX_SHORTENED, whole=entire)
        if placed is None:
            misses[lane] = misses.get(lane, 0) + 1
            if len(missed) < MAX_REPAIRS:
                missed.append((event, anchor, lane, width, floor))
            continue
        misses[lane] = 0
        out.append(placed)
    for event, anchor, lane, width, floor in missed:
        if len(out) < max_labels:
            _lift_to_fit(placer, out, event, anchor, lane, width, floor)
    return out


MAX_REPAIRS = 8
"""Labels left out that may still get a row by lifting a label placed before them (see :func:`_lift_to_fit`)."""


def _lift_to_fit(placer: _RowPlacer, out: list[_Label], event: int, anchor: float, lane: int, width: float, floor: int) -> None:
    """Place a label left out because one placed before it covers its marker's column, by lifting that one a row.

    Greedy placement takes the more important label first: ending at its marker near the right edge, it may sit on
    the very row a label to its left needed, and every higher row would put that one's leader line through it.
    Lifting it over the newcomer keeps both whole and every leader line clear; if either does not fit, nothing moves.
    """
    blockers = sorted((label for label in out if label.lane == lane and label.row >= 0 and label.anchor > anchor
                       and label.x <= anchor <= label.x + label.width), key=lambda label: label.row)
    for blocker in blockers:
        placer.remove(blocker)
        placed = placer.place(event, lane, anchor, width, floor, shorten=False)
        lifted = placer.place(blocker.event, lane, blocker.anchor, blocker.width, placed.row + 1, shorten=False) \
            if placed is not None and placed.row >= 0 else None
        if placed is not None and lifted is not None and lifted.row > placed.row and lifted.full == blocker.full:
            out[out.index(blocker)] = lifted
            out.append(placed)
            return
        for label in (lifted, placed):
            if label is not None:
                placer.remove(label)
        placer.restore(blocker)


def _compress(floors: IntArray, lanes: IntArray, rows: IntArray) -> IntArray:
    """Staircases taller than a lane's rows, squeezed to fit (their order kept)."""
    if floors.size == 0:
        return floors
    tallest = np.zeros(rows.size, dtype=np.int64)
    np.maximum.at(tallest, lanes, floors)
    room = np.maximum(rows[lanes] - 1, 0)
    over = tallest[lanes] > room
    squeezed = -(-floors * room // np.maximum(tallest[lanes], 1))  # rounded up: a label with a neighbour stays off row 0
    return np.where(over, squeezed, floors)


def _staircase(frame: Frame, anchors: FloatArray, lanes: IntArray, widths: FloatArray) -> IntArray:
    """The lowest row each label should take so that nearby labels stack as a staircase, whatever their order.

    A label that starts at its marker covers the columns of the markers to its right within its width: their
    labels must sit lower, or their leader lines would cross it (mirrored for labels that end at their marker).
    """
    scale = 4 * (frame.width + 1000.0)
    keys = lanes * scale + anchors
    order = np.sort(keys)
    at_end = _ends_at_marker(frame, anchors, widths)
    reach = widths + abs(frame.params.label_inset) + frame.params.leader_gap  # the columns a label keeps leader lines from
    right = np.searchsorted(order, keys + reach, "right") - np.searchsorted(order, keys, "right")
    left = np.searchsorted(order, keys, "left") - np.searchsorted(order, keys - reach, "left")
    return np.where(at_end, left, right).astype(np.int64)


def _store_labels(frame: Frame, labels: list[_Label]) -> None:
    if not labels:
        return
    p = frame.params
    frame.label_event = np.array([label.event for label in labels], dtype=np.int64)
    frame.label_lane = np.array([label.lane for label in labels], dtype=np.int64)
    rows = np.array([label.row for label in labels], dtype=np.float64)
    frame.label_x = np.array([label.x for label in labels], dtype=np.float64)
    frame.label_w = np.array([label.width for label in labels], dtype=np.float64)
    frame.label_full = np.array([label.full for label in labels], dtype=bool)
    frame.label_anchor_x = np.array([label.anchor for label in labels], dtype=np.float64)
    frame.label_anchor_y = frame.line_y[frame.label_lane]
    over = frame.label_anchor_y - p.marker_radius - 6 - (rows + 1) * p.row_height
    under = frame.label_anchor_y + p.marker_radius + 6 + (-rows - 1) * p.row_height
    frame.label_y = np.where(rows >= 0, over, under)


class _RowPlacer:
    """Occupied intervals per (lane, label row): labels as sorted intervals, leader lines as sorted points."""

    def __init__(self, frame: Frame, above: IntArray, below: IntArray) -> None:
        self.frame = frame
        p = frame.params
        self.width, self.inset, self.gap, self.lgap, self.min_px = frame.width, p.label_inset, p.label_gap, p.leader_gap, p.min_label_px
        """The frame's width and the params the scans read, looked up once (they run a few hundred times a frame)."""
        self.caps = above.tolist()
        self.below = below.tolist()
        n = len(self.caps)
        self.starts: list[list[list[float]]] = [[] for _ in range(n)]
        self.ends: list[list[list[float]]] = [[] for _ in range(n)]
        self.leaders: list[list[list[float]]] = [[] for _ in range(n)]
        """Per lane, per row from the line outwards: the rows over the line first (row k at k), then those under it
        (row -1 - k at caps[lane] + k). Lists, not a dict of (lane, row): the scans below run a few thousand times a frame."""
        for lane, (over, under) in enumerate(zip(self.caps, self.below, strict=True)):
            rows = max(over, 0) + max(under, 0)
            self.starts[lane] = [[] for _ in range(rows)]
            self.ends[lane] = [[] for _ in range(rows)]
            self.leaders[lane] = [[] for _ in range(rows)]

    def _slot(self, lane: int, row: int) -> int:
        """Where a row's lists are kept in its lane's: rows over the line, then rows under it."""
        return row if row >= 0 else self.caps[lane] - 1 - row

    def place(self, event: int, lane: int, anchor: float, width: float, floor: int = 0, shorten: bool = True,
              whole: bool = False) -> _Label | None:
        """A free row for a label at its marker, its leader line clear of other labels; or None.

        The label takes the lowest free row from ``floor`` up (see :func:`_staircase`), or below it if none is;
        floors past the rows over the line continue under it.
        """
        above = self.caps[lane]
        attempts = ((1, floor), (-1, 0)) if floor < above else ((-1, floor - above), (1, above))
        fits = max(anchor - self.inset, 0.0) + width <= self.width or anchor + self.inset - width >= 0
        if whole and not fits and width <= self.width:
            return self._over_marker(event, lane, anchor, width)
        for side, start in attempts:  # floors count the rows over the line first, then those under it
            if side < 0 and not self.below[lane]:
                continue
            found = self._place(event, lane, anchor, width, start, shorten, side)
            if found is not None:
                return found
        return None

    def _over_marker(self, event: int, lane: int, anchor: float, width: float) -> _Label | None:
        """A label too wide to start or end at its marker, shown whole above (or under) it instead."""
        x0 = min(max(anchor - width / 2, 0.0), self.width - width)
        for side in (1, -1):
            for k in range(self.caps[lane] if side > 0 else self.below[lane]):
                row = k if side > 0 else -1 - k
                if self._free(lane, row, x0, x0 + width):
                    return self._take(event, lane, row, x0, width, True, anchor)
                if not self._column_free(lane, row, anchor):
                    break
        return None

    def _place(self, event: int, lane: int, anchor: float, width: float, floor: int, shorten: bool, side: int) -> _Label | None:
        """One scan up the rows a leader line can reach from the line: over it for ``side`` 1 (row k is k), under it
        for -1 (row k is -1 - k). The whole label at the lowest free row from ``floor``, else below it, else shortened."""
        inset, frame_width = self.inset, self.width
        fits_start = max(anchor - inset, 0.0) + width <= frame_width
        fits_end = min(anchor + inset, frame_width) - width >= 0
        at_end = not fits_start and (fits_end or anchor > frame_width / 2)
        whole = fits_start or fits_end
        x0 = min(anchor + inset, frame_width) - width if at_end else max(anchor - inset, 0.0)
        lower: int | None = None
        reach = 0
        gap, lgap, x1 = self.gap, self.lgap, x0 + width
        first = 0 if side > 0 else self.caps[lane]
        count = self.caps[lane] if side > 0 else self.below[lane]
        lane_starts, lane_ends, lane_leaders = self.starts[lane], self.ends[lane], self.leaders[lane]
        for k in range(count):
            slot = first + k
            row_ends = lane_ends[slot]
            if whole:  # inlined _free: no label within the gap, no leader line within its gap
                free = True
                if row_ends:
                    i = bisect_left(row_ends, x0 - gap)
                    free = not (i < len(row_ends) and lane_starts[slot][i] < x1 + gap)
                if free:
                    row_leaders = lane_leaders[slot]
                    if row_leaders:
                        j = bisect_left(row_leaders, x0 - lgap)
                        free = not (j < len(row_leaders) and row_leaders[j] <= x1 + lgap)
                if free:
                    row = k if side > 0 else -1 - k
                    if k >= floor:
                        return self._take(event, lane, row, x0, width, True, anchor)
                    lower = row if lower is None else lower
            reach = k + 1
            if row_ends:  # inlined _column_free: a leader line may pass this row at the anchor
                i = bisect_left(row_ends, anchor - lgap)
                if i < len(row_ends) and lane_starts[slot][i] < anchor + lgap:
                    break
        if lower is not None:
            return self._take(event, lane, lower, x0, width, True, anchor)
        if not shorten:
            return None
        for k in [*range(min(floor, reach), reach), *range(min(floor, reach))]:
            row = k if side > 0 else -1 - k
            room = self._room(lane, row, anchor, at_end)
            if room >= min(self.min_px, width):
                w = min(room, width)
                x = min(anchor + inset, frame_width) - w if at_end else max(anchor - inset, 0.0)
                return self._take(event, lane, row, x, w, room >= width, anchor)
        return None

    def _free(self, lane: int, row: int, x0: float, x1: float) -> bool:
        p = self.frame.params
        slot = self._slot(lane, row)
        ends = self.ends[lane][slot]
        if ends:
            i = bisect_left(ends, x0 - p.label_gap)
            if i < len(ends) and self.starts[lane][slot][i] < x1 + p.label_gap:
                return False
        leaders = self.leaders[lane][slot]
        if leaders:
            i = bisect_left(leaders, x0 - p.leader_gap)
            if i < len(leaders) and leaders[i] <= x1 + p.leader_gap:
                return False
        return True

    def _column_free(self, lane: int, row: int, x: float) -> bool:
        """Whether a leader line may pass through this row at ``x`` (no label there)."""
        gap = self.frame.params.leader_gap
        slot = self._slot(lane, row)
        ends = self.ends[lane][slot]
        if not ends:
            return True
        i = bisect_left(ends, x - gap)
        return not (i < len(ends) and self.starts[lane][slot][i] < x + gap)

    def _room(self, lane: int, row: int, anchor: float, at_end: bool) -> float:
        """Free width in the row from the marker rightwards (or, ``at_end``, leftwards) to the next obstacle."""
        slot = self._slot(lane, row)
        starts, ends, leaders = self.starts[lane][slot], self.ends[lane][slot], self.leaders[lane][slot]
        gap, lgap = self.gap, self.lgap
        if ends:  # inlined _column_free
            i = bisect_left(ends, anchor - lgap)
            if i < len(ends) and starts[i] < anchor + lgap:
                return 0.0
        if at_end:
            x1 = min(anchor + self.inset, self.width)
            limit = 0.0
            i = bisect_left(starts, x1 + gap) - 1
            if i >= 0:
                limit = max(limit, ends[i] + gap)
            j = bisect_right(leaders, x1 + lgap) - 1
            if j >= 0:
                limit = max(limit, leaders[j] + lgap)
            return max(0.0, x1 - limit)
        x0 = max(anchor - self.inset, 0.0)
        limit = self.width
        i = bisect_right(ends, x0 - gap)
        if i < len(ends):
            limit = min(limit, starts[i] - gap)
        j = bisect_left(leaders, x0 - lgap)
        if j < len(leaders):
            limit = min(limit, leaders[j] - lgap)
        return max(0.0, limit - x0)

    def restore(self, label: _Label) -> None:
        """Take ``label``'s place again (after :meth:`remove`)."""
        self._take(label.event, label.lane, label.row, label.x, label.width, label.full, label.anchor)

    def remove(self, label: _Label) -> None:
        """Free the row and leader line ``label`` took."""
        slot = self._slot(label.lane, label.row)
        ends, starts = self.ends[label.lane][slot], self.starts[label.lane][slot]
        i = bisect_left(ends, label.x + label.width)
        while i < len(ends) and not (ends[i] == label.x + label.width and starts[i] == label.x):
            i += 1
        if i < len(ends):
            del ends[i], starts[i]
        caps = self.caps[label.lane]
        for slot in (range(label.row) if label.row >= 0 else range(caps, caps - 1 - label.row)):
            leaders = self.leaders[label.lane][slot]
            j = bisect_left(leaders, label.anchor)
            if j < len(leaders) and leaders[j] == label.anchor:
                del leaders[j]

    def _take(self, event: int, lane: int, row: int, x0: float, width: float, full: bool, anchor: float) -> _Label:
        slot = self._slot(lane, row)
        ends = self.ends[lane][slot]
        starts = self.starts[lane][slot]
        i = bisect_left(ends, x0 + width)
        ends.insert(i, x0 + width)
        starts.insert(i, x0)
        lane_leaders = self.leaders[lane]
        caps = self.caps[lane]
        for slot in (range(row) if row >= 0 else range(caps, caps - 1 - row)):  # the rows nearer the line: its leader line
            leaders = lane_leaders[slot]
            leaders.insert(bisect_left(leaders, anchor), anchor)
        return _Label(event, lane, row, x0, width, full, anchor)
