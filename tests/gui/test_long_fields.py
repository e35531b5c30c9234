"""A field of a file that runs to megabytes is shown cut, everywhere the window shows it: labels, the status bar,
accessible names, citations; links and media paths that long are no links. Qt lays long labels out again and again:
a 20-million-character lane name froze the window for 100 s when its event was selected."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from gui import worker
from gui.clipboard import citation
from gui.main_window import MainWindow
from gui.widgets import LABEL_CHARS, MAX_LINK_CHARS, safe_link
from model.formats.media import local_image

LONG = "Déjà vu, 雨 \U0001f600 " * 20_000  # 240,000 characters


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "timeline-viewer/1", "title": "T", "lanes": [{"id": "l", "name": "Lane"}],
        "sources": [{"id": "a", "title": "A title", "publisher": "A publisher", "text": "They raised $5 billion."}],
        "events": [{"id": "e", "title": "Event", "start": "2024-05-01", "lanes": ["l"], "summary": "s",
                    "quotes": [{"source": "a", "text": "They raised $5 billion."}]}]}
    for where, value in changes.items():
        kind, field = where.split("__")
        target = doc if kind == "doc" else doc[kind][0]
        target[field] = value
    return doc


FIELDS = {"lane name": {"lanes__name": LONG}, "source title": {"sources__title": LONG},
          "source publisher": {"sources__publisher": LONG}, "event title": {"events__title": LONG},
          "event summary": {"events__summary": LONG}}


@pytest.mark.parametrize("field", FIELDS)
def test_a_long_field_is_shown_cut(window: MainWindow, tmp_path: Path, field: str) -> None:
    path = tmp_path / "long.json"
    path.write_text(json.dumps(document(**FIELDS[field])), encoding="utf-8")
    assert window.open_path(str(path))
    window.session.select(0)
    texts = [label.text() for label in window.panel.findChildren(QLabel)]
    assert max(map(len, texts)) <= LABEL_CHARS
    assert any("Déjà vu, 雨" in text for text in texts)  # shown, cut
    widgets = [window.panel, *window.panel.findChildren(QLabel), *window.panel.findChildren(QPushButton)]
    named = [w.accessibleName() + w.accessibleDescription() for w in widgets]
    assert max(map(len, named)) <= 2 * LABEL_CHARS
    assert len(window.view.accessibleDescription()) < 2_000
    citing = citation(window.session.timeline.source_by_id["a"], "a")
    assert len(citing) < 3_000


def test_the_status_bar_shows_one_bounded_line(window: MainWindow) -> None:
    window.status.show(LONG)
    assert 0 < len(window.statusBar().currentMessage()) <= 1_000


def test_a_link_or_media_path_megabytes_long_is_no_link(tmp_path: Path) -> None:
    assert safe_link("https://example.com/" + "a" * 100)
    assert not safe_link("https://example.com/" + "a" * MAX_LINK_CHARS)
    (tmp_path / "p.png").write_bytes(b"\x89PNG")
    timeline = str(tmp_path / "t.json")
    assert local_image(timeline, "p.png") is not None
    assert local_image(timeline, "./" * 3_000 + "p.png") is None


def test_worker_threads_are_started_off_the_windows_thread(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    starters: list[str] = []
    start = threading.Thread.start

    def noting(thread: threading.Thread) -> None:
        starters.append(threading.current_thread().name)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", noting)
    results: list[object] = []
    runner = worker.Runner("probe")
    runner.submit(lambda: threading.current_thread().name, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == ["probe-worker"]
    assert starters and set(starters) == {"thread-starter"}  # Thread.start waits for the new thread to run: never the window's thread


def test_every_plain_label_is_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.widgets import plain_label

    label = plain_label(LONG, "probe")
    assert len(label.text()) == LABEL_CHARS and label.text().endswith("…")
    assert plain_label("short \u202etext", "probe").text() == "short text"  # and bidi controls go, as before


def test_a_search_result_row_holds_a_long_title_cut(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Each result row is one elided line: eliding a 20-million-character title held the window 0.5 s a paint."""
    from PySide6.QtCore import Qt

    path = tmp_path / "long.json"
    path.write_text(json.dumps(document(events__title=LONG)), encoding="utf-8")
    assert window.open_path(str(path))
    window.finder.bar.field.setText("vu")
    model = window.finder.dock.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    index = model.index(0)
    shown = model.data(index)
    assert "Déjà vu, 雨" in shown and len(shown) <= 1_000
    assert len(model.data(index, Qt.ItemDataRole.AccessibleTextRole)) <= 2_000


def test_the_event_editor_shows_long_fields_cut_and_keeps_them(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A field too long to edit is shown cut and read-only, and OK keeps it whole: laying a 20-million-character
    summary out in the editor held the window for minutes."""
    from PySide6.QtWidgets import QTableWidget

    doc = document(events__title=LONG, events__summary=LONG, events__notes=[LONG, "short"], lanes__name=LONG,
                   events__claims=[{"name": LONG.strip(), "value": "$5 billion", "quotes": [0]}])
    doc["events"][0]["quotes"][0]["text"] = LONG.strip()  # the editor trims every quote it reads
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window.open_path(str(path))  # a file of megabytes is read in the background
    qtbot.waitUntil(lambda: window.session.timeline.events and window.session.timeline.events[0].title == LONG, timeout=20_000)
    before = window.session.timeline.events[0]
    editor = window.editing.edit_event(0)
    assert editor is not None
    assert len(editor.title_edit.text()) <= LABEL_CHARS and editor.title_edit.isReadOnly()
    assert len(editor.summary.toPlainText()) <= LABEL_CHARS and editor.summary.isReadOnly()
    assert len(editor.notes.toPlainText()) <= LABEL_CHARS and editor.notes.isReadOnly()
    assert len(editor.lanes.item(0).text()) <= LABEL_CHARS
    for table in editor.findChildren(QTableWidget):
        cells = [table.item(r, c) for r in range(table.rowCount()) for c in range(table.columnCount())]
        assert max(len(cell.text()) for cell in cells if cell is not None) <= LABEL_CHARS
        held = [cell.data(role) for cell in cells if cell is not None for role in range(256, 260)]
        assert not any(isinstance(data, str) and len(data) > LABEL_CHARS for data in held)  # nor under another role
    editor.importance.setValue(3)
    editor.accept()
    after = window.session.timeline.events[0]
    assert after.importance == 3
    assert (after.title, after.summary, after.notes, after.quotes, after.claims) == (
        before.title, before.summary, before.notes, before.quotes, before.claims)


def test_copy_with_citations_puts_long_texts_cut(window: MainWindow, tmp_path: Path) -> None:
    """Copy cuts a megabyte quote, title or summary: folding and escaping a 20-million-character quote held the
    window 2-3 s."""
    from PySide6.QtGui import QGuiApplication

    doc = document(events__title=LONG, events__summary=LONG)
    doc["events"][0]["quotes"][0]["text"] = LONG
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window.open_path(str(path))
    window.session.select(0)
    window.actions_by_name["actionCopy"].trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert "Déjà vu, 雨" in mime.text()
    assert len(mime.text()) <= 250_000  # not the 720,000 characters of its title, summary and quote
    assert len(mime.html()) <= 250_000


def test_a_long_display_date_is_cut_in_a_label(window: MainWindow, tmp_path: Path) -> None:
    """Labels with dates (as exports draw them) cut the file's own wording of a date as they cut titles: measuring and
    eliding a 2-million-character display date held the window 2 s an export."""
    from gui.canvas.timeline_item import LABEL_CHARS as CANVAS_CHARS

    path = tmp_path / "long.json"
    path.write_text(json.dumps(document(events__display_date=LONG)), encoding="utf-8")
    assert window.open_path(str(path))
    item = window.view.item
    item.set_label_dates(True)
    assert "Déjà vu, 雨" in item.label_text(0)
    assert len(item.label_text(0)) <= 2 * CANVAS_CHARS + 10
    assert window.export(str(tmp_path / "long.png"), (800, 400))
