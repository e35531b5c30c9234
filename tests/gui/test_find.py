"""Find as a user meets it: Ctrl+F, typing, the count, Enter through the matches, the results list, Go to Date."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton

import gui.search.controller
from gui.main_window import MainWindow
from gui.search.results import EventRole, SnippetRole
from model.search import Snippet
from model.session import NO_SELECTION


def field(window: MainWindow) -> QLineEdit:
    found = window.findChild(QLineEdit, "searchField")
    assert found is not None
    return found


def count(window: MainWindow) -> str:
    label = field(window).findChild(QLabel, "searchCount")
    assert label is not None
    return label.text() if label.isVisible() else ""


def mentions(window: MainWindow, word: str) -> list[int]:
    """The events a reader would say mention ``word``, by a plain scan of what they say, in time order."""
    timeline = window.session.timeline
    sources = timeline.source_by_id
    found = []
    for i in timeline.index.event_order.tolist():
        event = timeline.events[i]
        said = [event.title, event.summary, *event.notes, *(q.text for q in event.quotes), *(c.value for c in event.claims),
                *timeline.lane_names(i)]
        said += [f"{sources[q.source].title} {sources[q.source].publisher}" for q in event.quotes if q.source in sources]
        if any(word in " ".join(text.split()).lower() for text in said):
            found.append(i)
    return found


def type_search(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: field(window).hasFocus(), timeout=2000)
    qtbot.keyClicks(field(window), text)


def test_typing_finds_events_counts_them_and_dims_the_others(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    wanted = mentions(window, "ipo")
    assert 2 < len(wanted) < len(window.session.timeline.events)
    type_search(window, qtbot, "IPO")
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted)} matches", timeout=5000)
    assert window.session.search == "IPO"
    assert window.session.matches is not None and window.session.matches.tolist() == wanted
    window.view.fit_all()
    qtbot.waitUntil(lambda: any(d["dimmed"] for d in window.view.drawn()), timeout=3000)
    ids = {window.session.timeline.events[i].id for i in wanted}
    markers = [d for d in window.view.drawn() if d["kind"] == "marker" and d["event"] is not None]
    assert {d["event"] for d in markers} >= ids
    for d in markers:
        assert d["dimmed"] == (d["event"] not in ids), d
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not any(d["dimmed"] for d in window.view.drawn()), timeout=3000)


def test_accents_and_case_do_not_matter(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(window, qtbot, "MÍCROSOFT")
    wanted = mentions(window, "microsoft")
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted)} matches", timeout=5000)


def test_enter_steps_through_the_matches_and_the_panel_shows_each(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    wanted = mentions(window, "ipo")
    assert len(wanted) >= 2
    type_search(window, qtbot, "ipo")
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted)} matches", timeout=5000)
    timeline = window.session.timeline
    for k, event in enumerate([*wanted, wanted[0]]):  # past the last it wraps to the first
        qtbot.keyClick(field(window), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda event=event: window.session.selected == event, timeout=2000)
        assert count(window) == f"{k % len(wanted) + 1} of {len(wanted)}"
        titles = [w.text() for w in window.panel.findChildren(QLabel, "eventTitle")]
        assert titles == [timeline.events[event].title]
        lo, hi = window.view.x_range()
        assert lo <= timeline.index.true_start[timeline.index.event_row[event]] <= hi
    qtbot.keyClick(field(window), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.session.selected == wanted[-1], timeout=2000)
    assert count(window) == f"{len(wanted)} of {len(wanted)}"
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.session.selected == wanted[0], timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.session.selected == wanted[-1], timeout=2000)


def test_the_results_list_shows_date_title_and_the_marked_snippet(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    wanted = mentions(window, "semafor")
    type_search(window, qtbot, "Semafor")
    dock = window.finder.dock
    qtbot.waitUntil(lambda: dock.isVisible() and dock.model.rowCount() == len(wanted), timeout=5000)
    timeline = window.session.timeline
    for row, event in enumerate(wanted):
        index = dock.model.index(row)
        assert index.data(EventRole) == event
        assert index.data() == f"{timeline.shown_date(event)} — {timeline.events[event].title}"
        snippet = index.data(SnippetRole)
        assert isinstance(snippet, Snippet)
        assert snippet.text[snippet.start:snippet.end].lower() == "semafor"
    rect = dock.list.visualRect(dock.model.index(1))
    assert rect.height() > 2 * dock.list.fontMetrics().height()  # two lines: title, then the snippet
    image = dock.list.viewport().grab().toImage()
    inked = {image.pixelColor(x, y).name() for x in range(rect.left(), min(rect.right(), 300), 2)
             for y in range(rect.top(), rect.bottom(), 2)}
    assert len(inked) > 3  # text drawn, not an empty row
    qtbot.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.session.selected == wanted[1], timeout=2000)
    assert count(window) == f"2 of {len(wanted)}"
    window.finder.step(1)
    qtbot.waitUntil(lambda: dock.list.currentIndex().row() == 2 % len(wanted), timeout=2000)


def test_escape_clears_the_search(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(window, qtbot, "openai")
    qtbot.waitUntil(lambda: window.session.matches is not None, timeout=5000)
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.matches is None, timeout=2000)
    assert field(window).text() == "" and window.session.search == "" and count(window) == ""
    assert window.finder.dock.model.rowCount() == 0
    assert window.finder.dock.isHidden()  # it came with the search, it goes with it: the column is the panels' again


def test_results_dock_the_user_opened_stays_open(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    window.finder.dock.toggleViewAction().trigger()
    assert window.finder.dock.isVisible()
    type_search(window, qtbot, "openai")
    qtbot.waitUntil(lambda: window.session.matches is not None, timeout=5000)
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.matches is None, timeout=2000)
    assert window.finder.dock.isVisible()


def test_no_match_says_so(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(window, qtbot, "zzqx")
    qtbot.waitUntil(lambda: count(window) == "No matches", timeout=5000)
    qtbot.keyClick(field(window), Qt.Key.Key_Return)  # nothing to step to: nothing happens
    assert window.session.selected == NO_SELECTION


def test_a_search_in_the_worker_keeps_the_window_responsive(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gui.search.controller, "SYNC_EVENTS", 0)  # as for a large timeline
    wanted = mentions(window, "microsoft")
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.timeout.connect(tick)
    timer.start(10)
    type_search(window, qtbot, "microsoft")
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted)} matches", timeout=5000)
    timer.stop()
    assert max(gaps) < 1.0  # a watchdog: a frozen window would stop the timer for longer


def test_go_to_date_centres_the_view_on_any_date_the_app_reads(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from model.time.date_text import parse_date_text

    for text in ("2025-03", "10 March 2025", "2023"):
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.findChild(gui.search.controller.GoToDateDialog, "goToDateDialog") is not None, timeout=2000)
        dialog = window.findChild(gui.search.controller.GoToDateDialog, "goToDateDialog")
        assert dialog is not None, text
        qtbot.waitUntil(dialog.isVisible, timeout=2000)
        qtbot.keyClicks(dialog.field, text)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda dialog=dialog: not dialog.isVisible(), timeout=2000)
        point = parse_date_text(text)
        middle = (point.seconds + point.end_seconds()) / 2
        lo, hi = window.view.x_range()
        assert abs((lo + hi) / 2 - middle) < (hi - lo) * 0.01, text
        qtbot.waitUntil(lambda: window.findChild(gui.search.controller.GoToDateDialog, "goToDateDialog") is None, timeout=2000)


def test_go_to_date_says_what_it_cannot_read_and_stays_open(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = window.view.x_range()
    dialog = window.finder.go_to_date()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.keyClicks(dialog.field, "the ides of March")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=2000)
    assert dialog.isVisible() and "ides" in dialog.error.text() and "\n" not in dialog.error.text()
    assert window.view.x_range() == before
    dialog.field.setText("-13800000000")  # far beyond a story of 2023-2025: said, and the view stops at its limit
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "too far" in dialog.error.text(), timeout=2000)
    assert dialog.isVisible() and "13.8 billion years ago" in dialog.error.text() and "2023 to 2025" in dialog.error.text()
    dialog.reject()


def test_go_to_date_in_deep_time(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from model.formats.native import build_timeline
    from model.timeline import Event, Lane, TimelineDoc

    events = [Event(id="bang", title="Big Bang", start="-13800000000", lanes=["u"]),
              Event(id="sun", title="The Sun forms", start="-4600000000", lanes=["u"]),
              Event(id="now", title="Today", start="2025", lanes=["u"])]
    window.session.open(build_timeline(TimelineDoc(title="Cosmos", events=events, lanes=[Lane(id="u", name="Universe")]),
                                       "cosmos", lambda file: ""))
    window.view.zoom(1000.0)  # a narrow view, somewhere in the middle
    dialog = window.finder.go_to_date()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.keyClicks(dialog.field, "-13800000000")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    lo, hi = window.view.x_range()
    bang = window.session.timeline.index.true_start[window.session.timeline.index.event_row[0]]
    assert lo < bang < hi and hi - lo < 1e17  # there, and still zoomed in


def test_export_with_search_dims_what_the_search_does_not_find(tmp_path, capsys, qapp) -> None:  # type: ignore[no-untyped-def]
    from gui.app import main
    from gui.export.picture import Picture, PictureOptions
    from model.default import load_default
    from model.search import search_session
    from model.session import Session

    out = tmp_path / "story.svg"
    assert main(["--export", str(out), "--search", "Sémafor"]) == 0
    assert "search 'Sémafor': 7 of 12 events match" in capsys.readouterr().out
    assert out.stat().st_size > 1000
    timeline = load_default()
    session = Session(timeline)
    search_session(session, "semafor")
    picture = Picture(session, PictureOptions(), (1600, 900))
    try:
        matches = picture.view.session.matches
        assert matches is not None
        said = [" ".join([e.title, e.summary, *e.notes, *(q.text for q in e.quotes)]).lower() for e in timeline.events]
        assert set(matches.tolist()) >= {i for i, text in enumerate(said) if "semafor" in text}
        assert picture.view.session.search == "semafor"
        image = QImage(1600, 900, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        picture.paint(painter)
        painter.end()
        markers = [d for d in picture.drawn() if d["kind"] == "marker" and d["event"] is not None]
        found = {timeline.events[i].id for i in matches.tolist()}
        assert {d["event"] for d in markers if d["dimmed"]} == {d["event"] for d in markers} - found
        assert any(d["dimmed"] for d in markers) and not all(d["dimmed"] for d in markers)
    finally:
        picture.close()


def test_the_search_follows_the_open_timeline(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from model.formats.native import build_timeline
    from model.timeline import Event, Lane, TimelineDoc

    type_search(window, qtbot, "the")
    qtbot.waitUntil(lambda: count(window).endswith("matches"), timeout=5000)
    events = [Event(id="bang", title="The Big Bang", start="-13800000000", lanes=["u"]),
              Event(id="sun", title="The Sun forms", start="-4600000000", lanes=["u"]),
              Event(id="now", title="Today", start="2025", lanes=["u"])]
    window.session.open(build_timeline(TimelineDoc(title="Cosmos", events=events, lanes=[Lane(id="u", name="Universe")]),
                                       "cosmos", lambda file: ""))
    qtbot.waitUntil(lambda: count(window) == "2 matches", timeout=5000)  # indexed anew after the new timeline's paint
    assert window.session.matches is not None and window.session.matches.tolist() == [0, 1]
    assert field(window).text() == "the"


def test_events_the_filter_hides_are_not_counted_or_stepped_to(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    wanted = mentions(window, "semafor")
    type_search(window, qtbot, "semafor")
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted)} matches", timeout=5000)
    shown = np.ones(len(window.session.timeline.events), dtype=np.bool_)
    shown[wanted[0]] = False
    window.session.shown = shown
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted) - 1} matches", timeout=2000)
    qtbot.keyClick(field(window), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.selected == wanted[1], timeout=2000)
    assert window.finder.dock.model.rowCount() == len(wanted) - 1


def test_f6_reaches_the_results_while_there_are_some(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(window, qtbot, "semafor")
    qtbot.waitUntil(window.finder.dock.isVisible, timeout=5000)
    window.view.setFocus()
    seen = []
    for _ in range(4):
        qtbot.keyClick(window, Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert window.finder.dock.list in seen


def test_the_count_stands_clear_of_the_clear_button(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(window, qtbot, "IPO")
    qtbot.waitUntil(lambda: count(window).endswith("matches"), timeout=5000)
    qtbot.keyClick(field(window), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: " of " in count(window), timeout=5000)
    label = field(window).findChild(QLabel, "searchCount")
    buttons = [b for b in field(window).findChildren(QToolButton) if b.isVisible()]
    assert label is not None and buttons
    for button in buttons:  # the count's text is not drawn under the button
        assert not label.geometry().intersects(button.geometry()), (label.geometry(), button.geometry())


def test_clearing_the_search_gives_the_results_room_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dock = window.finder.dock
    assert not dock.isVisible()
    type_search(window, qtbot, "openai")
    qtbot.waitUntil(dock.isVisible, timeout=5000)
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dock.isVisible(), timeout=2000)  # not an empty list taking half the column
    dock.toggleViewAction().trigger()  # opened by hand (View > Search Results): it stays
    assert dock.isVisible()
    type_search(window, qtbot, "ipo")
    qtbot.waitUntil(lambda: window.session.matches is not None, timeout=5000)
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.session.matches is None, timeout=2000)
    assert dock.isVisible()


def test_every_match_gets_a_label_in_a_small_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()  # opened small: the lanes have room for only a few labels each
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    wanted = mentions(window, "ipo")
    type_search(window, qtbot, "ipo")
    qtbot.waitUntil(lambda: count(window) == f"{len(wanted)} matches", timeout=5000)
    qtbot.waitUntil(lambda: any(item["dimmed"] for item in window.view.drawn()), timeout=3000)
    events = window.session.timeline.events
    labelled = {item["event"] for item in window.view.drawn() if item["kind"] == "label" and not item["dimmed"]}
    assert {events[i].id for i in wanted} == labelled


def test_a_cluster_of_events_the_search_does_not_match_is_faded_too(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Others faded: a badge standing for events that do not match fades with them (it stood out in full colour)."""
    import json

    hay = [{"id": f"h{k}", "title": f"Hay {k}", "start": "2025-03-10", "lanes": ["a"]} for k in range(40)]
    needle = {"id": "n", "title": "Needle", "start": "2020-01-01", "lanes": ["a"]}
    path = tmp_path / "hay.json"
    path.write_text(json.dumps({"title": "Hay", "lanes": [{"id": "a", "name": "A"}], "events": [needle, *hay]}), encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(str(path))

    def clusters() -> list[dict[str, object]]:
        return [item for item in window.view.drawn() if item["kind"] == "cluster"]

    qtbot.waitUntil(lambda: bool(clusters()), timeout=3000)
    assert not any(item["dimmed"] for item in clusters())
    type_search(window, qtbot, "needle")
    qtbot.waitUntil(lambda: count(window) == "1 match", timeout=5000)
    qtbot.waitUntil(lambda: bool(clusters()) and all(item["dimmed"] for item in clusters()), timeout=3000)
    qtbot.keyClick(field(window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(clusters()) and not any(item["dimmed"] for item in clusters()), timeout=3000)
