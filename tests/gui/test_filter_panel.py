"""The filter panel, used as a user would: lanes, sources, verdicts, dates, and "as known on"."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QSlider, QTableWidget

from gui.main_window import MainWindow
from model.filtering import NO_FILTER
from tests.gui.test_open import DATA


def panel_widget(window: MainWindow, kind: type, name: str):  # type: ignore[no-untyped-def]
    found = window.filters.panel.findChild(kind, name)
    assert found is not None, name
    return found


def shown_ids(window: MainWindow) -> list[str]:
    timeline = window.session.timeline
    shown = window.session.shown
    return [e.id for e in timeline.events] if shown is None else [timeline.events[i].id for i in np.flatnonzero(shown)]


def status(window: MainWindow) -> str:
    label = window.statusBar().findChild(QLabel, "filterStatus")
    assert label is not None
    return label.text() if label.isVisible() else ""


def drawn_events(window: MainWindow, **flags: bool) -> set[str]:
    """Events with a marker or label in the last painted frame (with the given dimmed/ghost flags)."""
    return {d["event"] for d in window.view.drawn() if d["kind"] in ("marker", "label") and d["event"] is not None
            and all(d[flag] == value for flag, value in flags.items())}


def drawn_lanes(window: MainWindow) -> list[str]:
    """Lane names on the canvas, top to bottom."""
    names = [d for d in window.view.drawn() if d["kind"] == "lane_name"]
    return [d["text"] for d in sorted(names, key=lambda d: d["rect"][1])]


def open_filter(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.actions_by_name["actionFilter"].trigger()
    qtbot.waitUntil(lambda: window.filters.panel.isVisible(), timeout=2000)


def toggle_lane(window: MainWindow, qtbot, row: int) -> None:  # type: ignore[no-untyped-def]
    lanes = panel_widget(window, QListWidget, "laneList")
    lanes.setFocus()
    lanes.setCurrentRow(row)
    qtbot.keyClick(lanes, Qt.Key.Key_Space)


def test_hiding_a_lane_and_showing_only_one(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    timeline = window.session.timeline
    assert status(window) == ""
    window.view.fit_all()
    qtbot.waitUntil(lambda: "Microsoft" in drawn_lanes(window), timeout=5000)
    microsoft_only = [e.id for e in timeline.events if e.lanes == ["microsoft"]]
    assert set(microsoft_only) <= drawn_events(window)
    toggle_lane(window, qtbot, 0)  # Microsoft
    assert window.session.filter.hidden_lanes == {"microsoft"}
    assert microsoft_only and not set(microsoft_only) & set(shown_ids(window))
    qtbot.waitUntil(lambda: "Microsoft" not in drawn_lanes(window), timeout=5000)  # the lane leaves the drawing
    assert not set(microsoft_only) & drawn_events(window)
    assert "ms-invests-openai" in drawn_events(window)  # drawn in OpenAI's lane
    assert "ms-invests-openai" in shown_ids(window)  # OpenAI's too
    assert status(window) == f"showing {len(timeline.events) - len(microsoft_only)} of {len(timeline.events)} events"
    lanes = panel_widget(window, QListWidget, "laneList")
    lanes.setCurrentRow(1)  # OpenAI
    qtbot.mouseClick(panel_widget(window, QPushButton, "onlyLane"), Qt.MouseButton.LeftButton)
    assert shown_ids(window) == [e.id for e in timeline.events if "openai" in e.lanes]
    assert [lanes.item(k).checkState() == Qt.CheckState.Checked for k in range(lanes.count())] == [False, True, False, False, False]
    qtbot.mouseClick(panel_widget(window, QPushButton, "clearFilter"), Qt.MouseButton.LeftButton)
    assert window.session.filter == NO_FILTER and window.session.shown is None and status(window) == ""
    assert all(lanes.item(k).checkState() == Qt.CheckState.Checked for k in range(lanes.count()))


def test_moving_a_lane_sets_the_order(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    lanes = panel_widget(window, QListWidget, "laneList")
    lanes.setCurrentRow(2)  # CoreWeave
    qtbot.mouseClick(panel_widget(window, QPushButton, "laneUp"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel_widget(window, QPushButton, "laneUp"), Qt.MouseButton.LeftButton)
    assert window.session.filter.lane_order == ("coreweave", "microsoft", "openai", "nvidia", "stargate")
    assert lanes.item(0).text() == "CoreWeave"
    assert window.session.shown is None  # reordering hides nothing
    qtbot.waitUntil(lambda: drawn_lanes(window)[:3] == ["CoreWeave", "Microsoft", "OpenAI"], timeout=5000)


def test_sources_verdicts_and_dates_combine(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    timeline = window.session.timeline
    sources = panel_widget(window, QListWidget, "sourceList")
    texts = [sources.item(k).text() for k in range(sources.count())]
    assert any("fact check, not a witness" in t for t in texts)
    sources.setFocus()
    sources.setCurrentRow([k for k, t in enumerate(texts) if t.startswith("Unnamed blog")][0])
    qtbot.keyClick(sources, Qt.Key.Key_Space)
    assert shown_ids(window) == [e.id for e in timeline.events if any(q.source == "blog" for q in e.quotes)]
    window.analyses.now()
    verdicts = panel_widget(window, QComboBox, "verdictChoice")
    verdicts.setCurrentIndex(verdicts.findText("Conflicts only"))
    assert shown_ids(window) == ["nadella-80b", "coreweave-ipo"]
    date_to = panel_widget(window, QLineEdit, "dateTo")
    qtbot.keyClicks(date_to, "2025-02")
    qtbot.keyClick(date_to, Qt.Key.Key_Return)
    assert shown_ids(window) == ["nadella-80b"]
    assert status(window) == "showing 1 of 12 events"
    qtbot.keyClicks(panel_widget(window, QLineEdit, "dateFrom"), "later")
    qtbot.keyClick(panel_widget(window, QLineEdit, "dateFrom"), Qt.Key.Key_Return)
    problem = panel_widget(window, QLabel, "dateProblem")
    assert problem.isVisible() and "'later' is not a date" in problem.text()
    assert shown_ids(window) == ["nadella-80b"]  # the last good range stays


def test_as_known_on_15_march_2025_in_the_window(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    window.analyses.now()
    timeline = window.session.timeline
    contract = timeline.event_by_id["openai-coreweave-contract"]
    assert window.session.analysis is None or contract in window.session.analysis.corroborated
    field = panel_widget(window, QLineEdit, "asOfDate")
    field.setFocus()
    qtbot.keyClicks(field, "15 March 2025")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert panel_widget(window, QCheckBox, "asOfEnabled").isChecked()
    hidden = [e.id for e in timeline.events if e.id not in shown_ids(window)]
    assert hidden == ["semafor-openai-takes-option", "coreweave-ipo"]
    window.view.fit_all()
    qtbot.waitUntil(lambda: "openai-coreweave-contract" in drawn_events(window) and not set(hidden) & drawn_events(window),
                    timeout=5000)
    assert status(window) == "showing 10 of 12 events"
    note = panel_widget(window, QLabel, "asOfNote").text()
    assert "Not published yet: Unnamed blog" in note
    qtbot.waitUntil(lambda: window.session.analysis is not None and window.session.analysis.events[contract].sources == ("wired",),
                    timeout=5000)
    assert contract not in window.session.analysis.corroborated and not window.session.analysis.conflicts
    window.session.select(contract)
    assert window.panel.findChild(QTableWidget, "claimsTable") is None  # Wired Italy alone: nothing to compare yet
    assert window.panel.findChild(QLabel, "corroborated") is None
    slider = panel_widget(window, QSlider, "asOfSlider")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_End)  # the last publication date: 31 March 2025, the blog's month
    assert field.text() == "31 March 2025"  # the blog: published in March 2025
    assert window.session.shown is not None and window.session.shown.all()
    qtbot.waitUntil(lambda: contract in window.session.analysis.corroborated, timeout=5000)  # Wired Italy and the blog
    qtbot.waitUntil(lambda: window.panel.findChild(QLabel, "corroborated") is not None, timeout=5000)
    table = window.panel.findChild(QTableWidget, "claimsTable")
    figures = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert any("11.9 billion dollars" in f for f in figures) and any("nearly $12 billion" in f for f in figures)


def test_events_not_known_yet_as_ghosts(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    field = panel_widget(window, QLineEdit, "asOfDate")
    qtbot.keyClicks(field, "2025-03-15")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.mouseClick(panel_widget(window, QCheckBox, "asOfGhost"), Qt.MouseButton.LeftButton,
                     pos=panel_widget(window, QCheckBox, "asOfGhost").rect().center())
    ghosts = window.session.ghosts
    assert ghosts is not None
    timeline = window.session.timeline
    assert [timeline.events[i].id for i in np.flatnonzero(ghosts)] == ["semafor-openai-takes-option", "coreweave-ipo"]
    window.view.fit_all()
    qtbot.waitUntil(lambda: drawn_events(window, ghost=True) == {"semafor-openai-takes-option", "coreweave-ipo"}, timeout=5000)
    assert "openai-coreweave-contract" in drawn_events(window, ghost=False)
    qtbot.mouseClick(panel_widget(window, QCheckBox, "asOfEnabled"), Qt.MouseButton.LeftButton,
                     pos=panel_widget(window, QCheckBox, "asOfEnabled").rect().center())
    assert window.session.filter.as_of is None and window.session.ghosts is None and window.session.shown is None


def test_an_export_shows_what_the_filter_shows(window: MainWindow, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_filter_export import svg_texts

    open_filter(window, qtbot)
    window.analyses.now()
    before = tmp_path / "all.svg"
    assert window.export(str(before), (1600, 900), whole=True)
    from gui.export.picture import MARK_TEXTS

    assert "Semafor: OpenAI takes the ~$12B option Microsoft passed on" in " ".join(svg_texts(before))
    assert {MARK_TEXTS["conflict"], MARK_TEXTS["corroborated"]} <= set(svg_texts(before))
    field = panel_widget(window, QLineEdit, "asOfDate")
    qtbot.keyClicks(field, "15 March 2025")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    toggle_lane(window, qtbot, 3)  # Nvidia
    qtbot.waitUntil(lambda: window.filters.controller.as_of_analysis is not None, timeout=5000)
    after = tmp_path / "as-known.svg"
    assert window.export(str(after), (1600, 900), whole=True)
    texts = svg_texts(after)
    joined = " ".join(texts)
    assert "Semafor" not in joined and "CoreWeave IPO" not in joined  # not known on 15 March
    assert "Nvidia" not in texts, texts
    assert "OpenAI signs $11.9B contract with CoreWeave" in joined, texts
    assert "Unnamed blog" not in joined  # the credit line names only the sources known then
    assert not {MARK_TEXTS["conflict"], MARK_TEXTS["corroborated"]} & set(texts)  # neither yet, as known then


def test_a_reloaded_file_keeps_its_filter_and_another_file_clears_it(window: MainWindow, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    def write(path, lanes):  # type: ignore[no-untyped-def]
        events = [{"id": f"e{k}", "title": f"Event {k}", "start": f"2025-0{k + 1}-01", "lanes": [lanes[k % len(lanes)]]}
                  for k in range(4)]
        doc = {"title": "t", "lanes": [{"id": lane, "name": lane.title()} for lane in lanes], "events": events}
        path.write_text(json.dumps(doc), encoding="utf-8")

    first, other = tmp_path / "a.json", tmp_path / "b.json"
    write(first, ["red", "blue"])
    write(other, ["red", "blue"])
    window.open_path(str(first))
    qtbot.waitUntil(lambda: window.session.timeline.path == str(first), timeout=5000)
    open_filter(window, qtbot)
    toggle_lane(window, qtbot, 1)  # Blue
    assert shown_ids(window) == ["e0", "e2"]
    window.open_path(str(first), keep_view=True)  # the same file again, as a reload does
    qtbot.waitUntil(lambda: window.session.timeline.events[0].id == "e0" and window.session.shown is not None, timeout=5000)
    assert window.session.filter.hidden_lanes == {"blue"} and shown_ids(window) == ["e0", "e2"]
    lanes = panel_widget(window, QListWidget, "laneList")
    assert lanes.item(1).checkState() == Qt.CheckState.Unchecked
    window.open_path(str(other))
    qtbot.waitUntil(lambda: window.session.timeline.path == str(other), timeout=5000)
    assert window.session.filter == NO_FILTER and window.session.shown is None


def test_another_file_clears_the_day_typed_for_the_last(window: MainWindow, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    field = panel_widget(window, QLineEdit, "asOfDate")
    field.setText("15 March 2025")
    field.editingFinished.emit()
    qtbot.waitUntil(lambda: window.session.filter.as_of is not None, timeout=3000)
    window.open_path(str(DATA / "timeline.csv"))
    qtbot.waitUntil(lambda: window.session.timeline.path == str(DATA / "timeline.csv"), timeout=5000)
    assert window.session.filter.as_of is None
    qtbot.waitUntil(lambda: field.text() == "", timeout=3000)


def test_the_panel_fits_its_column_in_a_1024_by_700_window(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

    window.resize(1024, 700)
    window.actions_by_name["actionFilter"].trigger()
    scroll = window.findChild(QScrollArea, "filterScroll")
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.isVisible() and scroll.viewport().width() > 100, timeout=3000)
    viewport = scroll.viewport()
    qtbot.waitUntil(lambda: scroll.widget().width() <= viewport.width(), timeout=3000)
    for widget in scroll.widget().findChildren(QWidget):  # every control whole: none cut off at the right edge
        if widget.isVisible() and isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QLabel)):
            right = widget.mapTo(viewport, widget.rect().topRight()).x()
            assert right <= viewport.width(), (widget.objectName() or type(widget).__name__, right, viewport.width())


def test_quotes_not_published_yet_on_the_day_say_so_in_the_panel(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_filter(window, qtbot)
    timeline = window.session.timeline
    contract = timeline.event_by_id["openai-coreweave-contract"]
    window.session.select(contract)

    def marked() -> list[str]:  # the source line of each quote card marked "not published yet"
        cards = [label.parentWidget() for label in window.panel.findChildren(QLabel, "quoteNotYetKnown")]
        return [card.findChild(QLabel, "quoteSource").text() for card in cards if card is not None]

    qtbot.waitUntil(lambda: len(window.panel.findChildren(QLabel, "quoteSource")) == len(timeline.events[contract].quotes),
                    timeout=5000)
    assert marked() == []
    field = panel_widget(window, QLineEdit, "asOfDate")
    field.setFocus()
    qtbot.keyClicks(field, "15 March 2025")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    blog = [q for q in timeline.events[contract].quotes if q.source == "blog"]
    qtbot.waitUntil(lambda: len(marked()) == len(blog), timeout=5000)
    assert blog and all("Unnamed blog" in line for line in marked())  # Wired Italy (12 March) was out by then
    label = window.panel.findChild(QLabel, "quoteNotYetKnown")
    assert label is not None and label.text() == "Not published yet on 15 March 2025: not counted"
    qtbot.mouseClick(panel_widget(window, QCheckBox, "asOfEnabled"), Qt.MouseButton.LeftButton,
                     pos=panel_widget(window, QCheckBox, "asOfEnabled").rect().center())
    qtbot.waitUntil(lambda: marked() == [], timeout=5000)


def test_the_tabs_behind_the_event_panel_fill_in_when_picked(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Start-up builds neither the filter panel nor the Sources entries behind the first tab; picking a tab does."""
    from PySide6.QtWidgets import QScrollArea, QTabBar

    from gui.filters.panel import FilterPanel

    qtbot.waitUntil(lambda: window.view.item.frame is not None, timeout=5000)  # the timeline was painted
    scroll = window.findChild(QScrollArea, "filterScroll")
    assert scroll is not None and not isinstance(scroll.widget(), FilterPanel)
    assert window.sources.findChildren(QLabel, "sourceEntry") == []
    tabs = next(bar for bar in window.findChildren(QTabBar) if bar.count() >= 3 and bar.tabText(0) == "Event sources")
    names = [tabs.tabText(i) for i in range(tabs.count())]
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(names.index("Filter")).center())
    qtbot.waitUntil(lambda: isinstance(scroll.widget(), FilterPanel), timeout=3000)
    lanes = scroll.widget().findChild(QListWidget, "laneList")
    assert [lanes.item(i).text() for i in range(lanes.count())] == [lane.name for lane in window.session.timeline.lanes]
    assert "12 events" in scroll.widget().findChild(QLabel, "filterCount").text()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(names.index("Sources")).center())
    titles = [source.title for source in window.session.timeline.doc.sources]
    qtbot.waitUntil(lambda: len(window.sources.findChildren(QLabel, "sourceEntry")) == len(titles), timeout=3000)
