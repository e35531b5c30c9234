"""The app as a user meets it: click events, read sources, zoom, keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from gui.main_window import MainWindow
from gui.panels.source_document import SourceDocument
from model.provenance.quotes import normalize
from model.session import NO_SELECTION
from tests.gui.conftest import event_point


def labels(window: MainWindow, name: str) -> list[str]:
    return [w.text() for w in window.panel.findChildren(QLabel, name)]


def test_window_parts_have_names_for_tests_and_screen_readers(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    assert window.findChild(type(window.view), "timelineView") is window.view
    assert window.panel.objectName() == "sourcePanel"
    for widget in (window, window.view, window.panel):
        assert widget.accessibleName()
    assert window.width() >= 800 and window.height() >= 560
    assert "Microsoft, OpenAI and CoreWeave" in window.windowTitle()
    assert "12 events" in window.status.count_label.text()


def test_clicking_each_default_event_shows_its_quotes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    for i, event in enumerate(timeline.events):
        window.view.fit_all()
        pos = event_point(window.view, i)
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.waitUntil(lambda i=i: window.session.selected == i, timeout=2000)
        assert window.session.selected == i, event.id
        assert labels(window, "eventTitle") == [event.title]
        assert labels(window, "eventDate") == [timeline.date_label(i)]
        shown = [normalize(t.strip("“”")) for t in labels(window, "quoteText")]
        assert shown == [normalize(q.text) for q in event.quotes]
        assert all(s.startswith("✓ Verified") for s in labels(window, "quoteStatus"))


def test_panel_shows_date_precision_actors_and_outside_notes(window: MainWindow) -> None:
    timeline = window.session.timeline
    window.session.select(timeline.event_by_id["openai-coreweave-contract"])
    assert labels(window, "eventDate") == ["10 March 2025"]
    assert labels(window, "eventActors") == ["OpenAI, CoreWeave"]
    window.session.select(timeline.event_by_id["coreweave-2024-revenue"])
    assert labels(window, "eventDate") == ["January – December 2024"]
    window.session.select(timeline.event_by_id["stargate"])
    notes = labels(window, "eventNote")
    assert notes and "fact check" in notes[0]
    sources = labels(window, "quoteSource")
    assert any("Wired Italy" in s and "12 March 2025" in s for s in sources)


def test_show_in_source_highlights_the_quote_in_the_whole_document(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    i = timeline.event_by_id["coreweave-fleet"]
    window.session.select(i)
    buttons = window.panel.findChildren(QPushButton, "showInSource")
    assert len(buttons) == len(timeline.events[i].quotes)
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    views = [w for w in QApplication.topLevelWidgets() if isinstance(w, SourceDocument) and w.isVisible()]
    assert len(views) == 1
    view = views[0]
    qtbot.addWidget(view)
    assert normalize(view.highlighted_text()) == normalize(timeline.events[i].quotes[0].text)
    assert view.editor.toPlainText() == timeline.source_texts["wired"]
    assert len(view.editor.extraSelections()) == 1
    cursor_rect = view.editor.cursorRect()
    assert view.editor.viewport().rect().contains(cursor_rect.center())


def wheel(view, pos: QPoint, steps: int) -> None:  # type: ignore[no-untyped-def]
    event = QWheelEvent(QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_wheel_zooms_around_the_cursor_and_stops_at_limits(window: MainWindow) -> None:
    view = window.view
    lo, hi = view.x_range()
    pos = view.viewport().rect().center()
    scene_x = view.view_box.mapSceneToView(view.mapToScene(pos)).x()
    wheel(view, pos, 3)
    lo2, hi2 = view.x_range()
    assert hi2 - lo2 < (hi - lo) * 0.8
    assert lo2 < scene_x < hi2
    after = view.view_box.mapSceneToView(view.mapToScene(pos)).x()
    assert abs(after - scene_x) < (hi2 - lo2) * 0.02
    for _ in range(200):
        wheel(view, pos, 5)
    lo3, hi3 = view.x_range()
    assert hi3 - lo3 >= 3600 * 0.99
    for _ in range(200):
        wheel(view, pos, -5)
    lo4, hi4 = view.x_range()
    assert hi4 - lo4 <= (hi - lo) * 4


def test_keys_zoom_pan_and_step_through_events(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    view.setFocus()
    lo, hi = view.x_range()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.x_range()[1] - view.x_range()[0] < hi - lo
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    width = view.x_range()[1] - view.x_range()[0]
    assert abs(width - (hi - lo)) < (hi - lo) * 0.01
    before = view.x_range()[0]
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.x_range()[0] > before
    assert window.session.selected == NO_SELECTION
    order = window.session.timeline.index.event_order.tolist()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.session.selected == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.session.selected == order[1]
    view.show_range(0, 3600 * 24 * 30)  # far from every event
    for _ in range(len(order)):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.session.selected == order[-1]
    start = float(window.session.timeline.index.start[window.session.timeline.index.event == order[-1]][0])
    lo, hi = view.x_range()
    assert lo <= start <= hi
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert window.session.selected == order[-2]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.session.selected == NO_SELECTION


def test_fit_all_action_returns_to_the_whole_story(window: MainWindow) -> None:
    window.view.show_range(1.74e9, 1.74e9 + 86_400)
    window.actions_by_name["actionFitAll"].trigger()
    lo, hi = window.view.x_range()
    first, last = window.session.timeline.time_bounds()
    assert lo < first and hi > last
    assert window.actions_by_name["actionFitAll"].shortcut().toString() == "Ctrl+0"


def test_clicking_a_cluster_zooms_into_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    window.resize(900, 700)
    view.fit_all()
    frame = view.item.frame
    assert frame is not None
    if frame.cluster_x0.size == 0:
        view.zoom(0.5)
        frame = view.item.frame
    assert frame is not None and frame.cluster_x0.size > 0
    k = 0
    local = QPointF(float(frame.cluster_x0[k] + frame.cluster_x1[k]) / 2, float(frame.line_y[int(frame.cluster_lane[k])]))
    pos = view.mapFromScene(view.view_box.mapToScene(local))
    lo, hi = view.x_range()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    lo2, hi2 = view.x_range()
    assert hi2 - lo2 < (hi - lo) / 3
    assert lo2 <= float(frame.cluster_t0[k]) and float(frame.cluster_t1[k]) <= hi2


def test_deep_time_zooms_from_billions_of_years_down_to_hours(window: MainWindow) -> None:
    from pathlib import Path

    from model.time.ticks import ticks

    assert window.open_path(str(Path(__file__).resolve().parents[1] / "data" / "timelinejs_cosmological.json"))
    view = window.view
    lo, hi = view.x_range()
    assert hi - lo > 1e10 * 365 * 86_400
    labels = [t.label for t in ticks(lo, hi, 1200)]
    assert any("billion years ago" in label for label in labels)
    earth = next(i for i, e in enumerate(window.session.timeline.events) if "Earth" in e.title)
    centre = float(window.session.timeline.index.start[window.session.timeline.index.event_row[earth]])
    for _ in range(400):
        view.zoom(1.25, centre)
    lo, hi = view.x_range()
    assert 3600 * 0.99 <= hi - lo <= 3600 * 1.3
    assert lo <= centre <= hi
    assert all("years ago" in t.label or ":" in t.label for t in ticks(lo, hi, 1200))


@pytest.mark.parametrize("at_once", [10_000, 0])  # counted on the spot, or in the background (a big timeline)
def test_the_status_bar_counts_unverified_quotes(window: MainWindow, qtbot, tmp_path, monkeypatch, at_once: int) -> None:  # type: ignore[no-untyped-def]
    import json

    from gui import status

    monkeypatch.setattr(status, "COUNT_AT_ONCE", at_once)
    doc = {"title": "T", "lanes": [{"id": "l", "name": "L"}],
           "sources": [{"id": "s", "title": "S", "text": "The deal was worth $5 billion."}],
           "events": [{"id": "e", "title": "E", "start": "2025-01-01", "lanes": ["l"],
                       "quotes": [{"source": "s", "text": "worth $5 billion"}, {"source": "s", "text": "not in the text"},
                                  {"source": "s", "text": "nor this"}]}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window.open_path(str(path))
    qtbot.waitUntil(lambda: "2 unverified quotes" in window.status.count_label.text(), timeout=5000)
    assert window.status.count_label.text().startswith("1 event · 1 lane · 1 source")
