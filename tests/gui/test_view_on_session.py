"""One timeline view on a plain session: what the session says is what the view draws, and back."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from gui.canvas.timeline_view import TimelineView
from model.default import load_default
from model.filtering import NO_FILTER
from model.layout.lanes import HitKind
from model.session import NO_SELECTION, Session
from tests.gui.conftest import event_point


@pytest.fixture
def view(qtbot) -> TimelineView:  # type: ignore[no-untyped-def]
    session = Session(load_default())
    view = TimelineView(session)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: bool(view.drawn()))
    return view


def _painted(view: TimelineView, qtbot) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    view.item.painted = None
    view.viewport().repaint()
    qtbot.waitUntil(lambda: view.item.painted is not None)
    return view.drawn()


def _names_beside_lanes(drawn: list[dict]) -> dict[str, str]:  # type: ignore[type-arg]
    """Lane id to the name drawn level with that lane's band."""
    bands = {d["lane"]: d["rect"] for d in drawn if d["kind"] == "lane"}
    out = {}
    for d in drawn:
        if d["kind"] != "lane_name":
            continue
        centre = d["rect"][1] + d["rect"][3] / 2
        level = [lane for lane, (_x, y, _w, h) in bands.items() if y <= centre <= y + h]
        assert len(level) == 1, (d["text"], level)
        out[level[0]] = d["text"]
    return out


def test_hidden_lane_leaves_the_drawing_and_names_stay_beside_their_lanes(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = view.session
    lanes = {lane.id: lane.name for lane in session.timeline.lanes}
    only = [e.lanes[0] for e in session.timeline.events if len(e.lanes) == 1]
    hidden = max(set(only), key=only.count)  # the lane with the most events of its own
    session.filter = replace(NO_FILTER, hidden_lanes=frozenset({hidden}))
    drawn = _painted(view, qtbot)
    assert hidden not in {d["lane"] for d in drawn}
    hidden_events = {e.id for e in session.timeline.events if e.lanes == [hidden]}
    assert hidden_events and not hidden_events & {d["event"] for d in drawn if d["kind"] in ("marker", "label")}
    beside = _names_beside_lanes(drawn)
    assert beside == {lane: name for lane, name in lanes.items() if lane != hidden}
    session.filter = NO_FILTER
    assert _names_beside_lanes(_painted(view, qtbot)) == lanes


def test_lanes_drawn_in_the_users_order(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = view.session
    ids = [lane.id for lane in session.timeline.lanes]
    session.filter = replace(NO_FILTER, lane_order=tuple(reversed(ids)))
    drawn = _painted(view, qtbot)
    bands = sorted((d["rect"][1], d["lane"]) for d in drawn if d["kind"] == "lane")
    assert [lane for _y, lane in bands] == list(reversed(ids))
    assert _names_beside_lanes(drawn) == {lane.id: lane.name for lane in session.timeline.lanes}
    markers = [d for d in drawn if d["kind"] == "marker"]
    by_id = {e.id: e for e in session.timeline.events}
    band_of = {lane: rect for rect, lane in ((d["rect"], d["lane"]) for d in drawn if d["kind"] == "lane")}
    for marker in markers:  # each marker in its own lane's band
        _x, y, _w, h = band_of[marker["lane"]]
        assert y <= marker["rect"][1] + marker["rect"][3] / 2 <= y + h
        assert marker["lane"] in by_id[marker["event"]].lanes


def test_shown_mask_and_search_matches_reach_the_drawing(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = view.session
    n = len(session.timeline.events)
    keep = np.zeros(n, dtype=bool)
    keep[: n // 2] = True
    session.shown = keep
    drawn = _painted(view, qtbot)
    shown_ids = {d["event"] for d in drawn if d["kind"] == "marker"}
    assert shown_ids and shown_ids <= {e.id for e in session.timeline.events[: n // 2]}
    session.shown = None
    match = session.timeline.event_by_id["openai-coreweave-contract"]
    session.matches = np.array([match])
    drawn = _painted(view, qtbot)
    marks = [d for d in drawn if d["kind"] in ("marker", "label") and d["event"] is not None]
    assert {d["event"] for d in marks if not d["dimmed"]} == {"openai-coreweave-contract"}
    assert any(d["dimmed"] for d in marks)
    session.matches = None
    assert not any(d["dimmed"] for d in _painted(view, qtbot))


def test_ghosts_are_drawn_faded(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = view.session
    n = len(session.timeline.events)
    ghost = session.timeline.event_by_id["stargate"]
    shown = np.ones(n, dtype=bool)
    shown[ghost] = False
    ghosts = ~shown
    session.shown, session.ghosts = shown, ghosts
    drawn = _painted(view, qtbot)
    assert [d["event"] for d in drawn if d["kind"] == "marker" and d["ghost"]] == ["stargate"]


@pytest.mark.qt_log_ignore('Mouse event ".*" not accepted')  # a bare view, not in a window: QTest notes it
def test_view_and_session_agree_on_selection_hover_and_range(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = view.session
    i = session.timeline.event_by_id["openai-coreweave-contract"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=event_point(view, i))
    assert session.selected == i
    qtbot.mouseMove(view.viewport(), event_point(view, i))
    qtbot.waitUntil(lambda: session.hover == i)
    assert view.item.hovered == i
    lo, hi = view.x_range()
    assert session.visible_range == (lo, hi)
    session.visible_range = (lo + (hi - lo) / 4, hi - (hi - lo) / 4)  # another view zoomed: this one follows
    assert view.x_range() == pytest.approx(session.visible_range)
    view.zoom(2.0)
    assert session.visible_range == pytest.approx(view.x_range())
    box = view.view_box.sceneBoundingRect()
    empty = view.mapFromScene(box.bottomRight()) - QPoint(4, 4)
    assert view.hit(view.mapToScene(empty)) is None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert session.selected == NO_SELECTION


def test_a_closed_view_stops_listening(qtbot) -> None:  # type: ignore[no-untyped-def]
    session = Session(load_default())
    view = TimelineView(session)
    listening = len(session.events.timeline)
    assert listening >= 1
    view.deleteLater()
    qtbot.waitUntil(lambda: len(session.events.timeline) < listening)
    session.open(load_default())  # reaches no deleted widget


def test_an_export_draws_what_the_session_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.export.files import ExportSpec, render_drawn

    session = Session(load_default())
    only = [e.lanes[0] for e in session.timeline.events if len(e.lanes) == 1]
    hidden = max(set(only), key=only.count)
    session.filter = replace(NO_FILTER, hidden_lanes=frozenset({hidden}))
    session.matches = np.array([session.timeline.event_by_id["openai-coreweave-contract"]])
    _image, drawn = render_drawn(session, ExportSpec((1600, 900)))
    markers = [d for d in drawn if d["kind"] == "marker"]
    assert markers and hidden not in {d["lane"] for d in markers}
    _image, whole = render_drawn(session.timeline, ExportSpec((1600, 900)))
    assert hidden in {d["lane"] for d in whole if d["kind"] == "marker"}
    assert session.filter.hidden_lanes == {hidden}  # the export drew from a copy: the session is as it was


def test_event_panel_on_a_bare_session_follows_the_selection(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from gui.panels.event_panel import EventPanel

    session = Session(load_default())
    panel = EventPanel(session)
    qtbot.addWidget(panel)
    i = session.timeline.event_by_id["openai-coreweave-contract"]
    session.select(i)
    assert [w.text() for w in panel.findChildren(QLabel, "eventTitle")] == [session.timeline.events[i].title]
    session.open(load_default())  # another timeline: nothing selected, the panel says so
    assert panel.findChildren(QLabel, "eventTitle") == []


def test_sources_list_on_a_bare_session_lists_the_sources(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.panels.sources_list import SourcesList

    session = Session(load_default())
    sources = SourcesList(session)
    qtbot.addWidget(sources)
    sources.show()
    titles = {s.title for s in session.timeline.doc.sources}
    qtbot.waitUntil(lambda: all(any(t[:30] in text for text in _texts(sources)) for t in titles))


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    return [w.text() for w in widget.findChildren(QLabel)]


def test_the_comparison_reports_its_progress_in_the_session(qtbot) -> None:  # type: ignore[no-untyped-def]
    import json

    from gui.analysis import Analyses
    from model.formats.native import load_timeline_bytes

    sources = [{"id": s, "title": s, "publisher": s, "text": "They raised $5 billion, or $6 billion."} for s in "ab"]
    events = [{"id": f"e{k}", "title": "E", "start": "2024", "lanes": ["l"],
               "quotes": [{"source": "a", "text": "$5 billion"}, {"source": "b", "text": "$6 billion"}]} for k in range(20_000)]
    doc = {"title": "T", "lanes": [{"id": "l", "name": "L"}], "sources": sources, "events": events}
    session = Session(load_timeline_bytes(json.dumps(doc).encode(), "many.json", lambda name: ""))
    seen: list[object] = []
    session.events.progress.connect(seen.append)
    analyses = Analyses(session)
    analyses.start()
    qtbot.waitUntil(lambda: session.progress.running, timeout=10_000)  # seconds of comparing: progress is reported
    assert "Comparing" in session.progress.what or "Checking" in session.progress.what
    qtbot.waitUntil(lambda: session.analysis is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not session.progress.running, timeout=5000)


def test_echoes_of_non_matches_fade_with_their_markers(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = view.session
    match = session.timeline.event_by_id["openai-coreweave-contract"]
    session.matches = np.array([match])
    drawn = _painted(view, qtbot)
    echoes = [d for d in drawn if d["kind"] == "echo"]
    others = [d for d in echoes if d["event"] != "openai-coreweave-contract"]
    assert others and all(d["dimmed"] for d in others)
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    stripe = {d["lane"]: d["rect"] for d in drawn if d["kind"] == "lane"}
    for echo in others:  # the ring's left edge is drawn faint: close to the lane's background
        x, y, _w, h = echo["rect"]
        ring = image.pixelColor(int((x + 0.5) * ratio), int((y + h / 2) * ratio))
        lx, ly, _lw, _lh = stripe[echo["lane"]]
        ground = image.pixelColor(int((lx + 2) * ratio), int((y + h / 2) * ratio))
        assert abs(ring.red() - ground.red()) + abs(ring.green() - ground.green()) + abs(ring.blue() - ground.blue()) < 160, echo


def test_every_date_on_the_axis_stands_at_a_tick_on_the_axis(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    from model.time.timepoint import TimePoint

    start = TimePoint.parse("2024-12-01").seconds
    day = 86_400.0
    for shift in range(0, 30):  # pan day by day: ticks come in and go out at the edges
        view.session.visible_range = (start + shift * day, start + (shift + 120) * day)
        drawn = _painted(view, qtbot)
        lanes = [d["rect"] for d in drawn if d["kind"] == "lane"]
        left, right = min(x for x, _y, _w, _h in lanes), max(x + w for x, _y, w, _h in lanes)
        for tick in (d for d in drawn if d["kind"] == "tick"):  # whole, under the axis: none spills under the lane names
            x, _y, w, _h = tick["rect"]
            assert left - 1 <= x and x + w <= right + 1, (shift, tick["text"], x, x + w, left, right)


def test_a_new_empty_timeline_shows_this_year(qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from gui.edit.saving import empty_timeline

    view = TimelineView(Session(empty_timeline()))
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.fit_all()
    qtbot.waitUntil(lambda: any(d["kind"] == "tick" for d in _painted(view, qtbot)), timeout=3000)
    ticks = " ".join(d["text"] for d in _painted(view, qtbot) if d["kind"] == "tick")
    year = datetime.datetime.now(datetime.UTC).year
    assert str(year) in ticks or str(year + 1) in ticks, ticks  # not "22 Dec 1969 ... 12 Jan 1970"
    assert "1970" not in ticks


def test_a_fitted_view_stays_fitted_when_it_narrows(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.fit_all()
    view.resize(420, 600)  # the window's docks took room after the fit: the ends keep their room all the same
    qtbot.waitUntil(lambda: view.view_box.width() < 400, timeout=2000)
    drawn = _painted(view, qtbot)
    band = next(d["rect"] for d in drawn if d["kind"] == "lane")
    markers = [d["rect"] for d in drawn if d["kind"] == "marker"]
    assert markers
    right = max(x + w for x, _y, w, _h in markers)
    assert right + 4 <= band[0] + band[2]  # the last marker and its ring stand inside the plot
    view.zoom(2.0)  # zoomed by the user: a resize keeps their range
    lo, hi = view.x_range()
    view.resize(600, 600)
    qtbot.waitUntil(lambda: view.view_box.width() > 450, timeout=2000)
    assert view.x_range() == pytest.approx((lo, hi))


@pytest.mark.qt_log_ignore('Mouse event ".*" not accepted')
def test_hover_is_said_afresh_when_the_view_moves_under_a_still_pointer(view: TimelineView, qtbot) -> None:  # type: ignore[no-untyped-def]
    """After Enter in Find or Go to Date pans the view, the status bar names what is under the pointer now, not what was."""
    session = view.session
    said: list[str] = []
    view.hoverChanged.connect(said.append)
    i = session.timeline.event_by_id["ms-invests-openai"]
    pointer = event_point(view, i)
    qtbot.mouseMove(view.viewport(), pointer)
    qtbot.waitUntil(lambda: session.hover == i and bool(said) and said[-1].startswith("Microsoft invests"))
    lo, hi = view.x_range()
    session.visible_range = (hi, hi + (hi - lo))  # the view moves on; the pointer does not
    qtbot.waitUntil(lambda: session.hover != i and not said[-1].startswith("Microsoft invests"), timeout=3000)
    under = view.hit(view.mapToScene(pointer))
    now = under.value if under is not None and under.kind is HitKind.EVENT else NO_SELECTION
    assert session.hover == now
    assert said[-1].startswith(session.timeline.events[now].title) if now != NO_SELECTION else said[-1] == ""
