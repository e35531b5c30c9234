"""The canvas as a user sees it: what `TimelineView.drawn()` reports of the last paint, checked against the pixels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from gui.canvas.timeline_view import TimelineView
from gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
Drawing = list[dict[str, Any]]


def key_event_ids() -> tuple[str, ...]:
    """The default story's four key events (importance 2 and up), by id."""
    doc = json.loads((ROOT / "resources" / "default_timeline.json").read_text(encoding="utf-8"))
    return tuple(event["id"] for event in doc["events"] if (event.get("importance") or 0) >= 2)


def write_timeline(path: Path, n_lanes: int, per_lane: int = 6, days: int = 900) -> Path:
    """A timeline in the app's own format with ``n_lanes`` lanes, written as a user's file would be."""
    lanes = [{"id": f"lane{k}", "name": f"Actor {k} " + "x" * (k % 4)} for k in range(n_lanes)]
    events = []
    for k in range(n_lanes):
        for j in range(per_lane):
            day = 1 + (j * days // per_lane + 37 * k) % days
            year, rest = 2020 + day // 360, day % 360
            start = f"{year}-{1 + rest // 30:02d}-{1 + rest % 28:02d}"
            events.append({"id": f"e{k}-{j}", "title": f"Event {j} of actor {k}", "start": start, "lanes": [f"lane{k}"]})
    path.write_text(json.dumps({"format": "timeline-viewer/1", "title": f"{n_lanes} lanes", "lanes": lanes, "events": events}),
                    encoding="utf-8")
    return path


def painted(qtbot, view: TimelineView) -> Drawing:  # type: ignore[no-untyped-def]
    """The drawing once the view has settled (two paints in a row drew the same)."""
    last: Drawing | None = None
    for _ in range(10):
        view.item.painted = None
        view.viewport().update()
        qtbot.waitUntil(lambda: view.item.painted is not None, timeout=3000)
        drawing = view.drawn()
        if drawing == last:
            return drawing
        last = drawing
    raise AssertionError("the drawing never settles")


def of(drawing: Drawing, kind: str) -> Drawing:
    return [d for d in drawing if d["kind"] == kind]


def rect(d: dict[str, Any]) -> QRectF:
    return QRectF(*d["rect"])


def check_drawing(drawing: Drawing, lane_ids: list[str], selected: str | None = None) -> None:
    """Everything the canvas promises, read from the drawing."""
    bands = {d["lane"]: rect(d) for d in of(drawing, "lane")}
    names = of(drawing, "lane_name")
    assert sorted(bands) == sorted(lane_ids)
    assert sorted(d["lane"] for d in names) == sorted(lane_ids), "a lane has no name, or a name no lane"
    for name in names:
        centre = rect(name).center().y()
        band = bands[name["lane"]]
        assert band.top() <= centre <= band.bottom(), f"{name['text']!r} is drawn beside another lane's band"
    labels = of(drawing, "label")
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not rect(a).intersects(rect(b)), f"labels {a['text']!r} and {b['text']!r} overlap"
    markers = of(drawing, "marker")
    for label in labels:
        box = rect(label)
        own = [m for m in markers if m["event"] == label["event"]]
        assert own, f"label {label['text']!r} has no marker"
        x = rect(own[0]).center().x()
        if label["event"] == selected:  # shown whole: it may stand over its marker
            assert box.left() - 5 <= x <= box.right() + 5, f"the selected label {label['text']!r} is away from its marker"
        else:
            assert abs(box.left() - x) <= 5 or abs(box.right() - x) <= 5, f"label {label['text']!r} is away from its marker"
        for other in markers + of(drawing, "cluster"):
            if other.get("event") != label["event"]:
                assert not box.intersects(rect(other)), f"label {label['text']!r} covers a marker or cluster"
    for marker in markers:
        for cluster in of(drawing, "cluster"):
            if cluster["text"] and cluster["lane"] == marker["lane"]:
                assert not rect(marker).adjusted(1, 1, -1, -1).intersects(rect(cluster)), "a marker hides a cluster's count"


def test_lane_names_stay_on_their_lanes_as_files_of_1_to_30_lanes_open_one_after_another(qtbot, window: MainWindow,
                                                                                             tmp_path: Path) -> None:
    view = window.view
    for n in (5, 12, 2, 30, 1, 5):
        assert window.open_path(str(write_timeline(tmp_path / f"t{n}.json", n)))
        for size in ((1480, 900), (1024, 700), (900, 600)):
            window.resize(*size)
            lane_ids = [lane.id for lane in view.session.timeline.lanes]
            check_drawing(painted(qtbot, view), lane_ids)


def test_the_default_story_at_launch_labels_its_four_key_events(qtbot, window: MainWindow) -> None:
    view = window.view
    assert len(key_event_ids()) == 4
    for size in ((1480, 900), (1024, 700)):
        window.resize(*size)
        view.fit_all()
        drawing = painted(qtbot, view)
        check_drawing(drawing, [lane.id for lane in view.session.timeline.lanes])
        labelled = {d["event"] for d in of(drawing, "label")}
        assert set(key_event_ids()) <= labelled, f"at {size} only {sorted(labelled)} are labelled"
        shown = labelled | {d["event"] for d in of(drawing, "marker")}
        clustered = sum(int(d["text"] or 0) for d in of(drawing, "cluster"))
        assert len(shown) + clustered >= len(view.session.timeline.events) - 1  # an event may sit in a too-narrow badge


@pytest.mark.parametrize("size", ["1480x900", "1024x700"])
def test_key_events_labelled_at_scale_factor_2(size: str) -> None:
    script = f"""
import json, sys
from PySide6.QtWidgets import QApplication
from gui.main_window import MainWindow
app = QApplication([])
w = MainWindow()
width, height = {size.replace('x', ', ')}
ratio = w.devicePixelRatioF()
w.resize(int(width / ratio), int(height / ratio))
w.show()
for _ in range(20):
    app.processEvents()
w.view.fit_all()
w.view.grab()
print(json.dumps([ratio, [d["event"] for d in w.view.drawn() if d["kind"] == "label"]]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    ratio, labelled = json.loads(out.stdout.strip().splitlines()[-1])
    assert ratio == 2
    assert set(key_event_ids()) <= set(labelled), f"at {size} and scale 2 only {labelled} are labelled"


def test_markers_are_really_painted_where_the_drawing_says(qtbot, window: MainWindow) -> None:
    view = window.view
    drawing = painted(qtbot, view)
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    colors = {lane.id: QColor(lane.color) for lane in view.session.timeline.lanes}
    markers = of(drawing, "marker")
    assert len(markers) >= 6
    for marker in markers:
        box = rect(marker)
        want = colors[marker["lane"]]
        pixels = [image.pixelColor(int(x * ratio), int(y * ratio)) for x in range(int(box.left()) + 1, int(box.right()))
                  for y in range(int(box.top()) + 1, int(box.bottom()))]
        close = [p for p in pixels if max(abs(p.red() - want.red()), abs(p.green() - want.green()), abs(p.blue() - want.blue())) < 40]
        assert len(close) >= 0.3 * len(pixels), f"{marker['event']}: {want.name()} was reported but not painted there"
    band = rect(of(drawing, "lane")[0])
    background = image.pixelColor(int((band.right() - 3) * ratio), int((band.top() + 3) * ratio))
    assert background.name() not in {c.name() for c in colors.values()}


def test_labels_text_is_whole_or_ends_with_an_ellipsis(qtbot, window: MainWindow) -> None:
    window.resize(900, 600)
    titles = {event.id: event.title for event in window.view.session.timeline.events}
    for label in of(painted(qtbot, window.view), "label"):
        text = label["text"]
        assert text == titles[label["event"]] or (text.endswith("…") and titles[label["event"]].startswith(text[:-1]))


def test_a_single_lane_timelinejs_file_of_112_events_labels_most_of_them(qtbot, window: MainWindow, tmp_path: Path) -> None:
    slides = [{"start_date": {"year": 1900 + k // 4, "month": 1 + (k * 5) % 12, "day": 1 + (k * 7) % 28},
               "text": {"headline": f"Slide {k}: something happened"}} for k in range(112)]
    path = tmp_path / "tl.json"
    path.write_text(json.dumps({"title": {"text": {"headline": "One lane"}}, "events": slides}), encoding="utf-8")
    assert window.open_path(str(path))
    window.resize(1480, 900)
    window.view.fit_all()
    drawing = painted(qtbot, window.view)
    check_drawing(drawing, [lane.id for lane in window.view.session.timeline.lanes])
    lanes = of(drawing, "lane")
    assert len(lanes) == 1 and rect(lanes[0]).height() >= 0.9 * window.view.view_box.height()
    labelled = {d["event"] for d in of(drawing, "label")}
    assert len(labelled) > 56, f"only {len(labelled)} of 112 events are labelled at Fit All"


def test_a_cluster_click_spreads_its_events_over_the_middle_of_the_view(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(str(write_timeline(tmp_path / "dense.json", 2, per_lane=400, days=3000)))
    view = window.view
    drawing = painted(qtbot, view)
    clusters = [d for d in of(drawing, "cluster") if d["text"]]
    assert clusters
    frame = view.item.frame
    assert frame is not None
    k = of(drawing, "cluster").index(clusters[0])
    t0, t1 = float(frame.cluster_t0[k]), float(frame.cluster_t1[k])
    x, y = rect(clusters[0]).center().x(), rect(clusters[0]).center().y()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    lo, hi = view.x_range()
    assert lo < t0 and t1 < hi
    share = (t1 - t0) / (hi - lo)
    assert 0.3 <= share <= 0.7 or hi - lo <= 3600.0, f"the cluster's events fill {share:.0%} of the view"


def test_the_first_and_last_dates_the_model_accepts_are_drawn_and_exported(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "extremes.json"
    path.write_text(json.dumps({"format": "timeline-viewer/1", "title": "extremes", "lanes": [{"id": "a", "name": "A"}],
                                "events": [{"id": "last", "title": "far future", "start": "+20000000000-12-31", "lanes": ["a"]},
                                           {"id": "first", "title": "far past", "start": "-20000000000", "lanes": ["a"]}]}),
                    encoding="utf-8")
    assert window.open_path(str(path))
    drawing = painted(qtbot, window.view)
    assert {d["event"] for d in of(drawing, "marker")} == {"first", "last"}
    assert len(of(drawing, "tick")) >= 3
    out = tmp_path / "x.png"
    done = subprocess.run([sys.executable, "main.py", "--export", str(out), str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("size", [(1900, 900), (1024, 700)])
def test_the_key_under_the_timeline_explains_every_kind_of_mark(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    legend = window.findChild(QWidget, "marksLegend")
    assert legend is not None and legend.isVisible()
    window.resize(*size)
    qtbot.waitUntil(lambda: legend.width() < size[0])
    legend.repaint()
    assert [mark.name for mark in legend.shown] == ["EVENT", "ECHO", "VAGUE", "SPAN", "CLUSTER", "CONFLICT", "CORROBORATED"]
    image = legend.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 2)}
    assert len(colours) > 5  # not a blank strip


def test_lanes_without_a_colour_get_distinct_ones(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(str(write_timeline(tmp_path / "t.json", 24, per_lane=2)))
    drawing = painted(qtbot, window.view)
    image = window.view.grab().toImage()
    ratio = image.devicePixelRatio()
    seen: dict[str, str] = {}
    for marker in of(drawing, "marker"):
        centre = rect(marker).center()
        seen[marker["lane"]] = image.pixelColor(int(centre.x() * ratio), int(centre.y() * ratio)).name()
    assert len(seen) == 24 and len(set(seen.values())) == 24, "lane colours repeat"


def test_events_of_one_day_stack_their_labels_and_long_lane_names_are_shortened(qtbot, window: MainWindow, tmp_path: Path) -> None:
    long_name = "A very long lane name that goes on and on far beyond the column of names"
    events = [{"id": f"e{k}", "title": f"Same day, event {k}", "start": "2025-03-10", "lanes": ["a"]} for k in range(6)]
    events.append({"id": "year", "title": "Some time that year", "start": "2025", "lanes": ["b"]})
    path = tmp_path / "day.json"
    path.write_text(json.dumps({"format": "timeline-viewer/1", "title": "day", "events": events,
                                "lanes": [{"id": "a", "name": long_name}, {"id": "b", "name": "B"}]}), encoding="utf-8")
    assert window.open_path(str(path))
    drawing = painted(qtbot, window.view)
    check_drawing(drawing, ["a", "b"])
    assert {d["event"] for d in of(drawing, "label")} >= {f"e{k}" for k in range(6)}
    names = {d["lane"]: d["text"] for d in of(drawing, "lane_name")}
    assert names["a"].endswith("…") and long_name.startswith(names["a"][:-1])
    lo, hi = window.view.x_range()
    assert hi >= window.view.session.timeline.index.true_start.min() + 365 * 86_400, "Fit All stops before the year is over"


@pytest.mark.parametrize("size", [(900, 600), (1480, 900)])
def test_the_selected_events_label_is_shown_whole(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    timeline = window.view.session.timeline
    for event in timeline.events:
        window.session.select(timeline.event_by_id[event.id])
        drawing = painted(qtbot, window.view)
        check_drawing(drawing, [lane.id for lane in timeline.lanes], selected=event.id)
        mine = [d["text"] for d in of(drawing, "label") if d["event"] == event.id]
        assert mine == [event.title], f"at {size} the selected {event.id} reads {mine}"


def test_the_default_story_labels_every_event_at_1480x900(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()  # the IPO's label, placed first, once covered the fleet's marker column: lifted a row now
    qtbot.addWidget(window)
    window.resize(1480, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.view.drawn() != [], timeout=3000)
    labelled = {item["event"] for item in window.view.drawn() if item["kind"] == "label"}
    assert labelled == {event.id for event in window.session.timeline.events}
