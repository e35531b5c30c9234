"""model.layout.lanes on generated timelines: labels never collide, culling and clustering count every event once."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from model.formats.native import build_timeline
from model.layout.lanes import Frame, HitKind, LayoutParams, Measure, layout_frame
from model.timeline import Event, Lane, Timeline, TimelineDoc

FIRST_MINUTE = np.datetime64("2015-01-01T00:00")
YEARS_MINUTES = 12 * 365 * 24 * 60
HOUR = 3600.0
LANE_IDS = ("a", "b", "c", "d", "e", "f")
WORDS = ("deal", "chip", "lab", "fund", "model", "board", "cloud", "court", "plant", "order", "lease", "round")

# Timelines: (events, lanes, unique start times?, share of events in two lanes, days they fall in or None for 12 years).
SHAPES: dict[str, tuple[int, int, bool, float, int | None]] = {
    "sparse": (300, 6, True, 0.1, None),
    "dense": (40_000, 6, True, 0.05, None),
    "same-days": (3_000, 3, False, 0.2, 60),
}
UNIQUE_TIMES = [name for name, shape in SHAPES.items() if shape[2]]
PARAMS = LayoutParams()


def fake_measure(timeline: Timeline) -> Measure:
    """Label widths of 7 px a character plus 10, as a font would give them."""
    lengths = np.array([len(event.title) for event in timeline.events], dtype=np.float64)
    return lambda events: 7.0 * lengths[events] + 10.0


@cache
def timeline(name: str) -> Timeline:
    """The generated timeline called ``name`` (see SHAPES), built in memory."""
    n, n_lanes, unique, multi, days = SHAPES[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    if unique:
        minutes = rng.choice(YEARS_MINUTES, size=n, replace=False)
        starts = np.datetime_as_string(FIRST_MINUTE + minutes.astype("timedelta64[m]"), unit="m").tolist()
    else:
        minutes = rng.integers(0, days or 1, size=n) * 1440
        starts = np.datetime_as_string(FIRST_MINUTE + minutes.astype("timedelta64[m]"), unit="D").tolist()
    spans = rng.random(n) < 0.1
    ends = np.datetime_as_string(FIRST_MINUTE + (minutes + rng.integers(1, 200, n) * 1440).astype("timedelta64[m]"),
                                 unit="D").tolist()
    lanes = rng.integers(0, n_lanes, size=(n, 2))
    two = rng.random(n) < multi
    events = [
        Event(
            id=f"e{i}",
            title=" ".join(rng.choice(WORDS, size=int(rng.integers(1, 6)))) + f" {i}",
            start=starts[i],
            end=ends[i] if spans[i] else None,
            lanes=[LANE_IDS[lanes[i, 0]], LANE_IDS[lanes[i, 1]]] if two[i] else [LANE_IDS[lanes[i, 0]]],
            importance=int(rng.choice(4, p=[0.6, 0.25, 0.1, 0.05])),
        )
        for i in range(n)
    ]
    doc = TimelineDoc(title=name, events=events, lanes=[Lane(id=lane, name=lane.upper()) for lane in LANE_IDS[:n_lanes]])
    return build_timeline(doc, "test", lambda file: "")


@cache
def truth(name: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Where each event is drawn (its start, or later that day when it shares the day with others) and its first lane."""
    t = timeline(name)
    starts = t.index.start[t.index.event_row]
    lanes = np.array([t.lane_index[event.lanes[0]] for event in t.events], dtype=np.int64)
    return starts, lanes


def frame_at(name: str, depth: float, centre: float, size: tuple[float, float], selected: int | None = None) -> Frame:
    """The frame ``depth`` zoom steps of 1.25 in from the whole timeline, centred at ``centre`` (0-1 of its span)."""
    t = timeline(name)
    first, last = t.time_bounds()
    span = max((last - first) * 1.08 / 1.25**depth, HOUR)
    mid = first + centre * (last - first)
    view = (mid - span / 2, mid + span / 2, *size)
    return layout_frame(t.index, len(t.lanes), view, fake_measure(t), PARAMS, selected)


def padded_range(frame: Frame) -> tuple[float, float]:
    """The times a frame culls to: the view plus ``min_gap`` pixels each side."""
    pad = (frame.hi - frame.lo) * frame.params.min_gap / frame.width
    return frame.lo - pad, frame.hi + pad


def visible_markers(frame: Frame) -> npt.NDArray[np.int64]:
    """Positions (in the marker arrays) of markers whose centre is inside the view."""
    return np.flatnonzero((frame.marker_x >= 0) & (frame.marker_x <= frame.width))


def overlaps(x0: npt.NDArray[np.float64], y0: npt.NDArray[np.float64], x1: npt.NDArray[np.float64],
             y1: npt.NDArray[np.float64], others: tuple[npt.NDArray[np.float64], ...]) -> npt.NDArray[np.bool_]:
    """Pairwise strict intersection of rectangles [x0, x1] x [y0, y1] with ``others`` = (x0, y0, x1, y1)."""
    a0, b0, a1, b1 = (o[None, :] for o in others)
    return (x0[:, None] < a1) & (a0 < x1[:, None]) & (y0[:, None] < b1) & (b0 < y1[:, None])


names = st.sampled_from(list(SHAPES))
depths = st.floats(0, 60)
centres = st.floats(-0.1, 1.1)
sizes = st.sampled_from([(1516.0, 874.0), (480.0, 874.0), (1516.0, 300.0)])
views = settings(max_examples=40, deadline=None)


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
@example(depth=0, centre=0.5, size=(1516.0, 874.0))
@example(depth=60, centre=0.5, size=(1516.0, 874.0))
def test_labels_do_not_overlap(name: str, depth: float, centre: float, size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    h = frame.params.row_height
    x0, y0 = frame.label_x, frame.label_y
    hits = overlaps(x0, y0, x0 + frame.label_w, y0 + h, (x0, y0, x0 + frame.label_w, y0 + h))
    np.fill_diagonal(hits, False)
    assert not hits.any(), f"{hits.sum() // 2} pairs of labels overlap"
    assert np.all((x0 >= 0) & (x0 + frame.label_w <= frame.width + 1e-9))


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_labels_do_not_cover_markers_or_clusters(name: str, depth: float, centre: float, size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    r, h = frame.params.marker_radius, frame.params.row_height
    x0, y0, x1, y1 = frame.label_x, frame.label_y, frame.label_x + frame.label_w, frame.label_y + h
    line = frame.line_y[frame.marker_lane]
    markers = (frame.marker_x - r, line - r, frame.marker_x + r, line + r)
    assert not overlaps(x0, y0, x1, y1, markers).any()
    line = frame.line_y[frame.cluster_lane]
    clusters = (frame.pill_x0, line - 8, frame.pill_x1, line + 8)
    assert not overlaps(x0, y0, x1, y1, clusters).any()


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_clusters_and_markers_count_every_visible_row_once(name: str, depth: float, centre: float,
                                                            size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    starts, lanes = truth(name)
    lo, hi = padded_range(frame)
    inside = (starts >= lo) & (starts <= hi)
    n_lanes = len(timeline(name).lanes)
    expected = np.bincount(lanes[inside], minlength=n_lanes)
    counted = (np.bincount(frame.cluster_lane, weights=frame.cluster_count, minlength=n_lanes)
               + np.bincount(frame.marker_lane, minlength=n_lanes))
    assert counted.tolist() == expected.tolist()


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_culling_keeps_exactly_the_rows_starting_in_the_padded_range(name: str, depth: float, centre: float,
                                                                      size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    starts, lanes = truth(name)
    lo, hi = padded_range(frame)
    inside = (starts >= lo) & (starts <= hi)
    markers = frame.marker_event
    assert np.unique(markers).size == markers.size
    assert inside[markers].all()
    assert (lanes[markers] == frame.marker_lane).all()
    for lane, t0, t1, count in zip(frame.cluster_lane, frame.cluster_t0, frame.cluster_t1, frame.cluster_count, strict=True):
        members = inside & (lanes == lane) & (starts >= t0) & (starts <= t1)
        assert members.sum() == count
        assert not members[markers].any()


@pytest.mark.parametrize("name", UNIQUE_TIMES)
def test_every_event_is_a_marker_or_span_an_hour_around_it(name: str) -> None:
    t = timeline(name)
    starts, lanes = truth(name)
    measure = fake_measure(t)
    rng = np.random.default_rng(1)
    for event in rng.choice(len(t.events), size=min(200, len(t.events)), replace=False).tolist():
        view = (starts[event] - HOUR / 2, starts[event] + HOUR / 2, 1516.0, 874.0)
        frame = layout_frame(t.index, len(t.lanes), view, measure, PARAMS)
        shown = np.concatenate([frame.marker_event[frame.marker_lane == lanes[event]],
                                frame.span_event[frame.span_lane == lanes[event]]])
        assert event in shown, f"{t.events[event].id} at {t.events[event].start} is not drawn on its own"


@pytest.mark.parametrize("name", UNIQUE_TIMES)
@views
@given(depth=depths, centre=centres, pick=st.integers(0, 10**6))
def test_the_selected_event_gets_a_label_when_its_marker_is_visible(name: str, depth: float, centre: float,
                                                                    pick: int) -> None:
    frame = frame_at(name, depth, centre, (1516.0, 874.0))
    visible = visible_markers(frame)
    assume(visible.size > 0 and frame.label_rows > 0)
    selected = int(frame.marker_event[visible[pick % visible.size]])
    again = frame_at(name, depth, centre, (1516.0, 874.0), selected)
    assert selected in again.label_event.tolist()


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_hit_at_a_marker_returns_its_event(name: str, depth: float, centre: float, size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    for k in visible_markers(frame)[:100].tolist():
        x, y = float(frame.marker_x[k]), float(frame.line_y[frame.marker_lane[k]])
        assert frame.hit(x, y) == (HitKind.EVENT, int(frame.marker_event[k]))


def test_generated_timelines_cover_exact_and_binned_clustering() -> None:
    lanes = truth("dense")[1]
    assert np.bincount(lanes).min() > PARAMS.exact_limit
    assert any(timeline(name).index.echo_rows.size for name in SHAPES)
    assert timeline("dense").index.span_rows.size > 0


def leader_segments(frame: Frame) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each label's leader line: x, and its top and bottom (between the label and its marker, over or under the line)."""
    h, r = frame.params.row_height, frame.params.marker_radius
    over = frame.label_y < frame.label_anchor_y
    top = np.where(over, frame.label_y + h, frame.label_anchor_y + r)
    bottom = np.where(over, frame.label_anchor_y - r, frame.label_y)
    return frame.label_anchor_x, top, bottom


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_each_label_starts_or_ends_at_its_marker(name: str, depth: float, centre: float, size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    reach = abs(frame.params.label_inset) + 1e-6  # the leader line runs this far from the label's near edge
    x0, x1, anchor = frame.label_x, frame.label_x + frame.label_w, frame.label_anchor_x
    at_start = (np.abs(x0 - anchor) <= reach) | ((x0 == 0) & (anchor <= reach))
    at_end = (np.abs(x1 - anchor) <= reach) | ((x1 >= frame.width - 1e-6) & (anchor >= frame.width - reach))
    assert np.all(at_start | at_end), "a label is away from its marker"
    lanes, h, r = frame.label_lane, frame.params.row_height, frame.params.marker_radius
    assert np.all(frame.label_y >= frame.lane_top[lanes] - 1e-6)
    assert np.all(frame.label_y + h <= frame.lane_top[lanes] + frame.lane_h[lanes] + 1e-6)
    clear_of_line = (frame.label_y + h <= frame.line_y[lanes] - r) | (frame.label_y >= frame.line_y[lanes] + r)
    assert np.all(clear_of_line)


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_leader_lines_never_cross_another_label(name: str, depth: float, centre: float, size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    x, top, bottom = leader_segments(frame)
    h = frame.params.row_height
    lx0, ly0, lx1, ly1 = frame.label_x, frame.label_y, frame.label_x + frame.label_w, frame.label_y + h
    crosses = ((x[:, None] > lx0[None, :] + 0.5) & (x[:, None] < lx1[None, :] - 0.5)
               & (top[:, None] < ly1[None, :] - 0.5) & (bottom[:, None] > ly0[None, :] + 0.5))
    np.fill_diagonal(crosses, False)
    assert not crosses.any(), f"{int(crosses.sum())} leader lines cross labels"


@pytest.mark.parametrize("name", list(SHAPES))
@views
@given(depth=depths, centre=centres, size=sizes)
def test_lanes_tile_the_height_and_markers_never_cover_badges(name: str, depth: float, centre: float,
                                                              size: tuple[float, float]) -> None:
    frame = frame_at(name, depth, centre, size)
    assert frame.lane_top[0] == pytest.approx(frame.params.top_margin)
    assert frame.lane_top[-1] + frame.lane_h[-1] == pytest.approx(frame.height)
    assert np.all(np.diff(frame.lane_top) > 0)
    r = frame.params.marker_radius
    same = frame.marker_lane[:, None] == frame.cluster_lane[None, :]
    counted = frame.pill_shows_count[None, :]
    covers = (same & counted & (frame.marker_x[:, None] + r > frame.pill_x0[None, :])
              & (frame.marker_x[:, None] - r < frame.pill_x1[None, :]))
    assert not covers.any(), "a marker hides a cluster's count"


def single_lane(n: int, days: int = 3650, title_words: int = 3) -> Timeline:
    """``n`` events over ``days`` days in one lane, as most TimelineJS files are."""
    rng = np.random.default_rng(n)
    minutes = np.sort(rng.choice(days * 1440, size=n, replace=False))
    starts = np.datetime_as_string(FIRST_MINUTE + minutes.astype("timedelta64[m]"), unit="D").tolist()
    events = [Event(id=f"e{i}", title=" ".join(rng.choice(WORDS, size=title_words)), start=starts[i], lanes=["a"]) for i in range(n)]
    return build_timeline(TimelineDoc(title="one", events=events, lanes=[Lane(id="a", name="A")]), "test", lambda file: "")


def test_a_single_lane_fills_the_height_and_labels_most_of_112_events() -> None:
    t = single_lane(112)
    lo, hi = t.time_bounds()
    pad = (hi - lo) * 0.03
    frame = layout_frame(t.index, 1, (lo - pad, hi + pad, 1100.0, 640.0), fake_measure(t), PARAMS)
    assert frame.lane_h[0] == pytest.approx(640.0)
    assert frame.lane_rows[0] >= 25
    assert frame.lane_below[0] > 0, "a tall single lane hangs labels on both sides of its line"
    assert np.unique(frame.label_event).size > 112 // 2, f"only {frame.label_event.size} of 112 labelled"


def test_lanes_get_height_by_need() -> None:
    t = timeline("sparse")
    lo, hi = t.time_bounds()
    busy = layout_frame(t.index, len(t.lanes), (lo, hi, 1516.0, 874.0), fake_measure(t), PARAMS)
    rows_used = np.array([np.unique(busy.label_y[busy.label_lane == lane]).size for lane in range(len(t.lanes))])
    assert busy.lane_h.sum() == pytest.approx(874.0)
    assert rows_used.max() > rows_used.min()
    assert busy.lane_h[np.argmax(rows_used)] >= busy.lane_h[np.argmin(rows_used)]


def test_events_dated_to_a_year_or_month_are_drawn_over_their_period() -> None:
    events = [Event(id="y", title="some time in 2025", start="2025", lanes=["a"]),
              Event(id="m", title="March 2024", start="2024-03", lanes=["a"]),
              Event(id="d", title="a day", start="2023-06-01", lanes=["a"])]
    t = build_timeline(TimelineDoc(title="vague", events=events, lanes=[Lane(id="a", name="A")]), "test", lambda file: "")
    lo, _ = t.time_bounds()
    hi = lo + 1.3e8  # past the end of 2025
    frame = layout_frame(t.index, 1, (lo - 1e7, hi, 1200.0, 400.0), fake_measure(t), PARAMS)
    bands = dict(zip(frame.band_event.tolist(), (frame.band_x1 - frame.band_x0).tolist(), strict=True))
    per_day = 1200.0 / (hi - lo + 1e7) * 86400
    assert bands[0] == pytest.approx(365 * per_day, rel=0.01)
    assert bands[1] == pytest.approx(31 * per_day, rel=0.01)
    assert 2 not in bands


def test_a_selected_event_inside_a_cluster_splits_it_and_keeps_every_count() -> None:
    t = single_lane(400, days=200)
    lo, hi = t.time_bounds()
    view = (lo, hi, 600.0, 300.0)
    frame = layout_frame(t.index, 1, view, fake_measure(t), PARAMS)
    assert frame.cluster_count.size
    k = int(np.argmax(frame.cluster_count))
    starts = t.index.start[t.index.event_row]
    inside = np.flatnonzero((starts >= frame.cluster_t0[k]) & (starts <= frame.cluster_t1[k]))
    chosen = int(inside[inside.size // 2])
    split = layout_frame(t.index, 1, view, fake_measure(t), PARAMS, chosen)
    assert chosen in split.marker_event.tolist()
    assert int(split.cluster_count.sum()) + split.marker_event.size == int(frame.cluster_count.sum()) + frame.marker_event.size
    r = PARAMS.marker_radius
    x = float(split.marker_x[split.marker_event.tolist().index(chosen)])
    assert not np.any((split.pill_x0 < x + r) & (split.pill_x1 > x - r)), "a badge sits under the selected marker"
