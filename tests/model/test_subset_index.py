"""model.timeline.subset_index: what a filter shows, checked row by row against a plain reading of the index."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model.timeline import Event, EventIndex, subset_index
from tests.model.test_index import LANE_IDS, build, days, ends, lane_lists


def expected(index: EventIndex, keep: np.ndarray | None, lane_map: np.ndarray, n_lanes: int) -> dict[str, object]:
    """The subset as a user would describe it, one row at a time."""
    rows = range(index.start.size)
    lane = [int(lane_map[index.lane[r]]) for r in rows]
    shown = [lane[r] >= 0 and (keep is None or bool(keep[index.event[r]])) for r in rows]
    n = index.event_row.size
    event_row = [-1] * n
    for r in rows:  # an event's own primary row if shown, else its first shown row
        e = int(index.event[r])
        if shown[r] and (index.primary[r] or (event_row[e] == -1 and not shown[int(index.event_row[e])])):
            event_row[e] = r if index.primary[r] or event_row[e] == -1 else event_row[e]
    primary = set(r for r in event_row if r >= 0)
    blocks = [[r for r in rows if r in primary and lane[r] == k] for k in range(n_lanes)]
    return {
        "lane": lane,
        "event_row": event_row,
        "lane_order": [r for block in blocks for r in block],
        "lane_bounds": np.cumsum([0] + [len(block) for block in blocks]).tolist(),
        "echo_rows": [r for r in rows if shown[r] and r not in primary],
        "span_rows": [r for r in rows if r in primary and index.end[r] > index.start[r]],
    }


lane_maps = st.permutations(range(len(LANE_IDS))).flatmap(
    lambda order: st.lists(st.booleans(), min_size=len(LANE_IDS), max_size=len(LANE_IDS)).map(lambda hidden: (order, hidden)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(days, ends, lane_lists), min_size=1, max_size=30), lane_maps,
       st.none() | st.lists(st.booleans(), min_size=30, max_size=30))
def test_a_subset_holds_exactly_the_shown_rows_in_the_users_lane_order(
        rows: list[tuple[str, str | None, list[str]]], lanes: tuple[list[int], list[bool]], keep_list: list[bool] | None) -> None:
    events = [Event(id=f"e{i}", title="E", start=start, end=end, lanes=lanes) for i, (start, end, lanes) in enumerate(rows)]
    index = build(events).index
    order, hidden = lanes
    shown_lanes = [lane for lane in order if not hidden[lane]]
    lane_map = np.full(len(LANE_IDS), -1, dtype=np.int64)
    lane_map[shown_lanes] = np.arange(len(shown_lanes))
    keep = None if keep_list is None else np.array(keep_list[:len(events)], dtype=bool)
    n_lanes = max(len(shown_lanes), 1)
    subset = subset_index(index, keep, lane_map, n_lanes)
    want = expected(index, keep, lane_map, n_lanes)
    assert subset.lane.tolist() == want["lane"]
    assert subset.event_row.tolist() == want["event_row"]
    assert subset.lane_order.tolist() == want["lane_order"]
    assert subset.lane_bounds.tolist() == want["lane_bounds"]
    assert subset.echo_rows.tolist() == want["echo_rows"]
    assert subset.span_rows.tolist() == want["span_rows"]
    assert np.array_equal(subset.lane_start, index.start[subset.lane_order])
    assert np.array_equal(subset.span_start, index.start[subset.span_rows])
    assert np.array_equal(subset.echo_start, index.start[subset.echo_rows])
    assert subset.primary[subset.lane_order].all() and int(subset.primary.sum()) == subset.lane_order.size


def test_showing_everything_in_order_changes_nothing_drawn() -> None:
    events = [Event(id=f"e{i}", title="E", start="2025-03-10", lanes=[LANE_IDS[i % 3], LANE_IDS[(i + 1) % 3]]) for i in range(12)]
    index = build(events).index
    subset = subset_index(index, None, np.arange(3), 3)
    for name in ("lane", "event_row", "lane_order", "lane_bounds", "echo_rows", "span_rows", "lane_start"):
        assert np.array_equal(getattr(subset, name), getattr(index, name)), name
