"""Layout details: the selected event leaves its cluster, dense spans become coverage, long clusters split."""

from __future__ import annotations

import numpy as np

from model.formats.native import build_timeline
from model.layout.lanes import LayoutParams, cull_frame, label_frame, layout_frame
from model.timeline import Event, Lane, Timeline, TimelineDoc

DAY = 86_400.0


def make(events: list[Event], lanes: int = 2) -> Timeline:
    doc = TimelineDoc(title="t", lanes=[Lane(id=f"l{k}", name=f"L{k}") for k in range(lanes)], events=events)
    return build_timeline(doc, "test", lambda _name: "")


def measure(timeline: Timeline):  # type: ignore[no-untyped-def]
    return lambda events: np.full(events.size, 80.0)


def day(k: int) -> str:
    return str(np.datetime64("2020-01-01") + np.timedelta64(k, "D"))


def test_selected_event_leaves_its_cluster_and_gets_a_label() -> None:
    t = make([Event(id=f"e{k}", title=f"event {k}", start=day(k), lanes=["l0"]) for k in range(30)])
    view = (t.index.start[0] - DAY, t.index.start[-1] + DAY, 200.0, 120.0)  # 30 days in 200 px: mostly clustered
    plain = layout_frame(t.index, 2, view, measure(t))
    assert plain.cluster_count.sum() + plain.marker_x.size == 30
    clustered = sorted(set(range(30)) - set(plain.marker_event.tolist()))
    assert clustered
    picked = clustered[len(clustered) // 2]
    chosen = label_frame(cull_frame(t.index, 2, view, measure(t)), t.index, measure(t), selected=picked)
    assert picked in chosen.marker_event.tolist()
    assert picked in chosen.label_event.tolist()
    assert int(chosen.marker_lane[chosen.marker_event.tolist().index(picked)]) == 0
    assert chosen.cluster_count.sum() + chosen.marker_x.size == 30


def test_a_search_s_matches_get_label_space_before_more_important_events() -> None:
    events = [Event(id=f"e{k}", title=f"event {k}", start=day(k), lanes=["l0"], importance=0 if k % 3 else 5) for k in range(30)]
    t = make(events)
    view = (t.index.start[0] - DAY, t.index.start[-1] + DAY, 200.0, 120.0)  # room for a few labels only
    base = cull_frame(t.index, 2, view, measure(t))
    plain = label_frame(base, t.index, measure(t))
    unlabelled = sorted(set(range(1, 30, 3)) - set(plain.label_event.tolist()))  # unimportant, and left without a label
    assert unlabelled and plain.label_event.size
    matches = np.zeros(30, dtype=bool)
    picked = [unlabelled[0], unlabelled[-1]]
    matches[picked] = True
    found = label_frame(base, t.index, measure(t), preferred=matches)
    assert set(picked) <= set(found.label_event.tolist())
    assert found.cluster_count.sum() + found.marker_x.size == 30


def test_many_spans_become_a_coverage_strip_that_counts_them() -> None:
    params = LayoutParams(max_span_bars=10)
    events = [Event(id=f"s{k}", title="s", start=day(k % 50), end=day(k % 50 + 30), lanes=["l1"]) for k in range(400)]
    t = make(events)
    lo, hi = float(t.index.start.min()) - DAY, float(t.index.end.max()) + DAY
    frame = cull_frame(t.index, 2, (lo, hi, 800.0, 400.0), params=params)
    assert frame.span_x0.size == 0
    assert frame.span_cover.shape == (2, 800)
    assert frame.span_cover[0].sum() == 0
    column = 400
    at = lo + (column + 0.5) * (hi - lo) / 800
    expected = int(((t.index.start[t.index.span_rows] <= at) & (t.index.end[t.index.span_rows] >= at)).sum())
    assert abs(int(frame.span_cover[1, column]) - expected) <= 8  # pixel rounding at span ends only


def test_long_chains_split_into_local_clusters() -> None:
    params = LayoutParams()
    t = make([Event(id=f"e{k}", title="e", start=day(k), lanes=["l0"]) for k in range(400)])
    view = (t.index.start[0] - DAY, t.index.start[-1] + DAY, 1000.0, 400.0)  # 2.5 px per day: one chain
    frame = layout_frame(t.index, 2, view, lambda events: np.full(events.size, 60.0), params)
    assert frame.cluster_count.size > 1
    assert (frame.cluster_x1 - frame.cluster_x0).max() <= params.cluster_px
    assert frame.cluster_count.sum() + frame.marker_x.size == 400
