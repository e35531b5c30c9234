"""Opening timelines as a user does: the menu, drag and drop, the recent list, reloads, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from gui.documents import recent_files
from gui.main_window import MainWindow
from tests.gui.conftest import answer_reload

DATA = Path(__file__).resolve().parents[1] / "data"


def test_open_through_the_menu(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(DATA / "timelinejs_sloppy.json")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    window.actions_by_name["actionOpen"].trigger()
    assert window.session.timeline.path == path
    assert window.actions_by_name["actionOpen"].shortcut().toString() == "Ctrl+O"
    assert "import warning" in window.status.warnings_indicator.text() and window.status.warnings_indicator.isVisible()
    window.session.select(0)
    title = window.panel.findChildren(QLabel, "eventTitle")[0].text()
    assert "<" not in title  # HTML from the file was turned into plain text


def drop(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(window.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def test_drop_a_csv_file_on_the_window(window: MainWindow) -> None:
    drop(window, DATA / "timeline.csv")
    assert window.session.timeline.path == str(DATA / "timeline.csv")
    assert len(window.session.timeline.events) > 0


def test_recent_files_survive_a_restart(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_path(str(DATA / "timeline.csv"))
    window.open_path(str(DATA / "timelinejs_cosmological.json"))
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    recent = recent_files()
    assert [Path(p).name for p in recent[:2]] == ["timelinejs_cosmological.json", "timeline.csv"]
    again.recent_menu.aboutToShow.emit()
    first = again.recent_menu.actions()[0]
    assert first.text() == "timelinejs_cosmological.json"
    first.trigger()
    assert again.session.timeline.path == recent[0]


def test_a_bad_file_shows_an_error_and_keeps_the_open_timeline(window: MainWindow, tmp_path: Path) -> None:
    before = window.session.timeline
    window.session.select(3)
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "events": [{"id": "a", "title": "A", "start": "2025-02-30"}]}', encoding="utf-8")
    assert not window.open_path(str(bad))
    assert window.session.timeline is before
    assert window.session.selected == 3
    assert str(bad) in window.status.last_error and "events[0].start" in window.status.last_error
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and boxes[-1].textFormat() == Qt.TextFormat.PlainText
    for box in boxes:
        box.close()


def test_reload_when_the_file_changes_keeps_selection_and_zoom(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.json"
    window.save_as(str(path))
    assert window.open_path(str(path))
    event_id = "openai-coreweave-contract"
    window.session.select(window.session.timeline.event_by_id[event_id])
    window.view.show_range(1.7405e9, 1.7425e9)
    zoom = window.view.x_range()
    text = path.read_text(encoding="utf-8").replace("Microsoft, OpenAI and CoreWeave", "Edited story")
    path.write_text(text, encoding="utf-8")
    assert answer_reload(window, qtbot) == "story.json changed on disk. Reload it?"
    qtbot.waitUntil(lambda: window.session.timeline.title.startswith("Edited story"), timeout=5000)
    assert window.session.selected_event_id() == event_id
    assert window.view.x_range() == pytest.approx(zoom)


def test_save_as_round_trips(window: MainWindow, tmp_path: Path) -> None:
    shutil.copy(DATA / "timelinejs_cosmological.json", tmp_path / "c.json")
    assert window.open_path(str(tmp_path / "c.json"))
    events = [(e.id, e.title, e.start) for e in window.session.timeline.events]
    assert window.save_as(str(tmp_path / "saved.json"))
    assert window.open_path(str(tmp_path / "saved.json"))
    assert [(e.id, e.title, e.start) for e in window.session.timeline.events] == events
    assert not window.save_as("/proc/nope/saved.json")
    assert "/proc/nope/saved.json" in window.status.last_error



def test_an_error_about_a_very_long_path_fits_the_screen(window: MainWindow, tmp_path: Path) -> None:
    """A path of thousands of characters is cut in its middle in the box (whole in its details): it was 1,064 pixels tall."""
    long_path = str(tmp_path / ("ab/" * 2000)) + "x.json"
    assert not window.open_path(long_path)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
             and long_path in w.detailedText()]  # not a box another test left open
    assert len(boxes) == 1
    box = boxes[0]
    assert "\u2026" in box.text() and box.text().endswith("x.json: 1 problem"), box.text()
    assert box.sizeHint().height() < 500 and box.sizeHint().width() < 1000
    assert long_path in box.detailedText()
    box.close()
