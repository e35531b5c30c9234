"""model.timeline.build_index: sorted rows, and point events that share a start spread so zooming can part them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.default import load_default
from model.formats.native import build_timeline
from model.layout.lanes import LayoutParams, layout_frame
from model.time.timepoint import TimePoint, format_span
from model.timeline import CodedSequence, Event, EventIndex, Lane, Timeline, TimelineDoc

DAY = 86_400.0
HOUR = 3_600.0
LANE_IDS = ("a", "b", "c")


def build(events: list[Event], lanes: tuple[str, ...] = LANE_IDS) -> Timeline:
    """A checked timeline of ``events`` in ``lanes``."""
    doc = TimelineDoc(title="t", events=events, lanes=[Lane(id=lane, name=lane.upper()) for lane in lanes])
    return build_timeline(doc, "test", lambda file: "")


def point(i: int, start: str, *lanes: str) -> Event:
    """An event with no end, in ``lanes`` (lane "a" when none are given)."""
    return Event(id=f"e{i}", title=f"Event {i}", start=start, lanes=list(lanes or ("a",)))


def shown(timeline: Timeline) -> np.ndarray:
    """Where each event's marker is drawn: the start of its primary row."""
    index = timeline.index
    return index.start[index.event_row]


def label_widths(events: np.ndarray) -> np.ndarray:
    """Every label 60 px wide."""
    return np.full(events.size, 60.0)


def seconds(text: str) -> float:
    """The start of the date ``text`` in seconds."""
    return TimePoint.parse(text).seconds


def test_a_hundred_events_on_one_day_in_one_lane_spread_over_that_day() -> None:
    timeline = build([point(i, "2025-03-10") for i in range(100)])
    midnight = seconds("2025-03-10")
    drawn = shown(timeline)
    assert np.unique(drawn).size == 100
    assert drawn[0] == midnight
    assert np.all((drawn >= midnight) & (drawn < midnight + DAY))
    assert drawn.tolist() == [midnight + k * DAY / 100 for k in range(100)]
    assert np.all(timeline.index.true_start == midnight)


@pytest.mark.parametrize(("start", "period"), [("2025-02", 28 * DAY), ("2025-03-10T14", HOUR), ("2024", 366 * DAY)])
def test_shared_starts_spread_over_the_period_their_precision_names(start: str, period: float) -> None:
    drawn = shown(build([point(i, start) for i in range(8)]))
    assert drawn.tolist() == [seconds(start) + k * period / 8 for k in range(8)]


def test_events_in_other_lanes_or_on_other_days_are_not_moved() -> None:
    events = [point(0, "2025-03-10", "a"), point(1, "2025-03-10", "b"), point(2, "2025-03-10", "c"),
              point(3, "2025-03-11", "a"), point(4, "2025-03-12", "a")]
    timeline = build(events)
    assert shown(timeline).tolist() == [seconds(e.start) for e in events]
    assert np.array_equal(timeline.index.start, timeline.index.true_start)


def test_spans_sharing_a_start_spread_too_and_keep_their_ends() -> None:
    spans = [Event(id=f"s{i}", title="Span", start="2025-03-10", end=f"2025-03-{12 + i}", lanes=["a"]) for i in range(2)]
    timeline = build([*spans, point(2, "2025-03-10"), point(3, "2025-03-10")])
    midnight = seconds("2025-03-10")
    assert shown(timeline).tolist() == [midnight + k * DAY / 4 for k in range(4)]
    index = timeline.index
    assert index.start[index.span_rows].tolist() == [midnight, midnight + DAY / 4]
    assert index.end[index.span_rows].tolist() == [seconds("2025-03-13"), seconds("2025-03-14")]
    alone = build([Event(id="s", title="Span", start="2025-03-10", end="2025-03-12", lanes=["a"])]).index
    assert alone.start.tolist() == [midnight]


def test_an_event_in_two_lanes_is_spread_in_each_lane_it_shares_a_start_in() -> None:
    timeline = build([point(0, "2025-03-10", "a"), point(1, "2025-03-10", "b", "a")])
    index = timeline.index
    midnight = seconds("2025-03-10")
    echo = index.echo_rows[0]
    assert (int(index.event[echo]), int(index.lane[echo]), float(index.start[echo])) == (1, 0, midnight + DAY / 2)
    assert shown(timeline).tolist() == [midnight, midnight]
    assert index.echo_start.tolist() == [midnight + DAY / 2]


def test_mixed_precisions_at_one_start_spread_over_the_shortest_period() -> None:
    drawn = shown(build([point(0, "2025"), point(1, "2025-01"), point(2, "2025-01-01")]))
    assert drawn.tolist() == [seconds("2025") + k * DAY / 3 for k in range(3)]


def check_invariants(timeline: Timeline) -> None:
    """What every consumer of an index relies on."""
    index: EventIndex = timeline.index
    n = len(timeline.events)
    assert np.all(np.diff(index.start) >= 0)
    assert np.array_equal(index.lane_start, index.start[index.lane_order])
    for lane in range(index.lane_bounds.size - 1):
        block = index.lane_order[index.lane_bounds[lane]:index.lane_bounds[lane + 1]]
        assert np.all(index.lane[block] == lane)
        assert np.all(np.diff(index.start[block]) >= 0)
    assert index.lane_order.size == n == int(index.primary.sum())
    assert np.array_equal(index.event[index.event_row], np.arange(n))
    assert index.primary[index.event_row].all()
    assert sorted(index.event_order.tolist()) == list(range(n))
    assert np.all(np.diff(index.start[index.event_row][index.event_order]) >= 0)
    assert np.array_equal(index.event_rank[index.event_order], np.arange(n))
    assert np.array_equal(index.span_start, index.start[index.span_rows])
    assert np.array_equal(index.echo_start, index.start[index.echo_rows])
    assert np.all(np.diff(index.span_start) >= 0) and np.all(np.diff(index.echo_start) >= 0)
    assert np.all(index.end >= index.start)
    starts = np.array([timeline.starts[e].seconds for e in index.event.tolist()])
    periods = np.array([timeline.starts[e].end_seconds() for e in index.event.tolist()]) - starts
    assert np.array_equal(index.true_start, starts)
    assert np.all((index.start >= starts) & (index.start < starts + periods))
    spans = np.array([timeline.ends[e] is not None for e in index.event.tolist()], dtype=bool)
    ends = np.array([timeline.ends[e].end_seconds() if spans[k] else 0.0 for k, e in enumerate(index.event.tolist())])
    assert np.array_equal(index.end[spans], ends[spans])
    assert np.array_equal(index.end[~spans], index.start[~spans])


days = st.sampled_from(["2025-03-10", "2025-03-11", "2025-03", "2025-03-10T06", "2025-03-10T06:30", "2025"])
lane_lists = st.lists(st.sampled_from(LANE_IDS), min_size=0, max_size=3)
ends = st.none() | st.sampled_from(["2025-03-12", "2025-04", "2026"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(days, ends, lane_lists), min_size=1, max_size=40))
def test_index_invariants_hold_for_any_mix_of_dates_lanes_and_spans(rows: list[tuple[str, str | None, list[str]]]) -> None:
    events = [Event(id=f"e{i}", title="E", start=start, end=end, lanes=lanes) for i, (start, end, lanes) in enumerate(rows)]
    check_invariants(build(events))


def test_index_invariants_hold_for_a_large_timeline() -> None:
    rng = np.random.default_rng(5)
    day_texts = np.datetime_as_string(np.datetime64("2020-01-01") + rng.integers(0, 90, 5_000), unit="D").tolist()
    events = [
        Event(id=f"e{i}", title="E", start=day, end="2020-06-01" if i % 9 == 0 else None,
              lanes=[LANE_IDS[i % 3]] if i % 7 else [LANE_IDS[i % 3], LANE_IDS[(i + 1) % 3]])
        for i, day in enumerate(day_texts)
    ]
    timeline = build(events)
    check_invariants(timeline)
    index = timeline.index
    places = set(zip(index.start.tolist(), index.lane.tolist(), strict=True))
    assert len(places) == index.start.size  # no row shares a place with any other in its lane


def test_the_default_timeline_keeps_its_dates() -> None:
    timeline = load_default()
    for i, event in enumerate(timeline.events):
        start = TimePoint.parse(event.start)
        end = TimePoint.parse(event.end) if event.end is not None else None
        assert (timeline.starts[i], timeline.ends[i]) == (start, end)
        assert timeline.date_label(i) == format_span(start, end)
    index = timeline.index
    assert index.true_start[index.event_row].tolist() == [TimePoint.parse(e.start).seconds for e in timeline.events]
    check_invariants(timeline)


def test_every_event_sharing_a_day_is_a_marker_or_span_an_hour_around_it() -> None:
    rng = np.random.default_rng(11)
    n = 1_500
    day_texts = np.datetime_as_string(np.datetime64("2021-05-01") + rng.integers(0, 30, n), unit="D").tolist()
    lanes = rng.integers(0, 3, n).tolist()
    events = [Event(id=f"e{i}", title=f"Event {i}", start=day, end="2021-07-01" if i % 10 == 0 else None,
                    lanes=[LANE_IDS[lane]]) for i, (day, lane) in enumerate(zip(day_texts, lanes, strict=True))]
    timeline = build(events)
    index = timeline.index
    assert np.unique(index.true_start).size <= 30  # about 17 events a day in each lane
    for event in range(n):
        at = float(index.start[index.event_row[event]])
        frame = layout_frame(index, len(timeline.lanes), (at - HOUR / 2, at + HOUR / 2, 1516.0, 874.0), label_widths, LayoutParams())
        lane = lanes[event]
        drawn = np.concatenate([frame.marker_event[frame.marker_lane == lane], frame.span_event[frame.span_lane == lane]])
        assert event in drawn, f"{events[event].id} on {events[event].start} is not drawn on its own"


def test_coded_sequence_reads_like_a_list() -> None:
    items = ["x", "y", "x", "z", "x"]
    coded = CodedSequence.of(items)
    assert len(coded) == 5 and len(coded.values) == 3
    assert list(coded) == items and coded == items and items == coded and coded != items[:-1]
    assert (coded[0], coded[-1], coded[np.int64(3)]) == ("x", "x", "z")
    assert coded[1:4] == items[1:4] and coded.index("z") == 3 and coded.count("x") == 3 and "y" in coded
    with pytest.raises(IndexError):
        coded[5]
