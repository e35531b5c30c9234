"""Agreement and conflict in the app: the claims table, conflict marks, the Sources view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QListWidget, QTableWidget

from gui.main_window import MainWindow
from gui.panels.event_panel import source_line
from model.provenance.marks import EventMark
from tests.gui.conftest import event_point


def table_rows(window: MainWindow) -> list[list[str]]:
    tables = window.panel.findChildren(QTableWidget, "claimsTable")
    assert len(tables) == 1
    table = tables[0]
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_clicking_the_10_march_event_shows_both_figures_and_the_verdict(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    i = window.session.timeline.event_by_id["openai-coreweave-contract"]
    window.view.fit_all()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=event_point(window.view, i))
    assert window.session.selected == i
    rows = table_rows(window)
    figures = " ".join(r[0] for r in rows)
    assert "11.9 billion dollars" in figures
    assert "$12 billion" in figures.lower().replace("billion", "billion")
    assert any(r[2] == "agree roughly" for r in rows)
    verdicts = [w.text() for w in window.panel.findChildren(QLabel, "claimVerdict")]
    assert any("agree within rounding" in v for v in verdicts)


def test_conflicts_are_marked_and_listed(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.session.analysis is not None, timeout=5000)  # computed after the first paint
    timeline = window.session.timeline
    ipo = timeline.event_by_id["coreweave-ipo"]
    assert window.view.item.marks.get(ipo) is EventMark.CONFLICT
    assert window.view.item.marks.get(timeline.event_by_id["nadella-80b"]) is EventMark.CONFLICT
    assert window.view.item.marks.get(timeline.event_by_id["openai-coreweave-contract"]) is EventMark.CORROBORATED
    assert timeline.event_by_id["stargate"] not in window.view.item.marks  # Wired Italy and the fact check: one witness
    window.actions_by_name["actionShowConflicts"].trigger()
    lists = [w for w in window.findChildren(QListWidget, "conflictsList")]
    assert lists
    items = [lists[-1].item(k).text() for k in range(lists[-1].count())]
    assert any("CoreWeave IPO" in t and "conflict" in t for t in items)
    lists[-1].itemDoubleClicked.emit(lists[-1].item([k for k, t in enumerate(items) if "CoreWeave IPO" in t][0]))
    assert window.session.selected == ipo
    rows = table_rows(window)
    assert any("2.5 billion" in r[0] and r[2] == "conflict" for r in rows)


def test_clicking_a_highlighted_passage_in_the_sources_view_selects_its_event(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    sources = window.sources
    assert len(sources.entries()) == len(timeline.doc.sources)
    assert sources.entries()[0] == source_line(timeline.doc.sources[0], timeline.doc.sources[0].id)
    cited = sources.findChildren(QLabel, "sourceCited")
    assert len(cited) == len(timeline.doc.sources) and all(label.text().startswith("cited by") for label in cited)
    view = sources.open_source("wired")
    assert view is not None
    qtbot.addWidget(view)
    assert len(view.editor.extraSelections()) > 5
    fleet = timeline.event_by_id["coreweave-fleet"]
    check = next(c for c in timeline.quote_checks.values() if c.event == fleet and c.source == "wired")
    outside = next(p for p in range(check.start - 1, -1, -1) if view.passage_at(p) is None)
    cursor = QTextCursor(view.editor.document())
    view.editor.blockSignals(True)
    cursor.setPosition(check.start + 5)
    view.editor.setTextCursor(cursor)
    rect = view.editor.cursorRect()
    cursor.setPosition(outside)
    view.editor.setTextCursor(cursor)
    view.editor.blockSignals(False)
    window.session.select(-1)
    qtbot.mouseClick(view.editor.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.selected == fleet
    assert sources.unverified_header.text() == "Every quote was found in its source."
