"""Editing as a user does it: the event editor, Undo/Redo, Delete, Shift+drag, lanes, the dirty title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui.edit.event_dialog import EventEditor
from gui.main_window import MainWindow
from model.time.timepoint import SECONDS_PER_DAY, TimePoint
from tests.gui.conftest import event_point


def activate(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def index_of(window: MainWindow, event_id: str) -> int:
    return window.session.timeline.event_by_id[event_id]


def click_ok(editor: EventEditor, qtbot) -> None:  # type: ignore[no-untyped-def]
    buttons = editor.findChild(QDialogButtonBox, "editorButtons")
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def labels(window: MainWindow) -> list[str]:
    return [d["text"] for d in window.view.drawn() if d["kind"] == "label"]


def open_editor(window: MainWindow, qtbot, event: int) -> EventEditor:  # type: ignore[no-untyped-def]
    window.session.select(event)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    editor = window.editing.editor
    assert editor is not None
    qtbot.waitExposed(editor)
    return editor


def test_edit_title_then_undo_and_redo(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    event = window.session.timeline.events[0]
    editor = open_editor(window, qtbot, 0)
    assert editor.title_edit.text() == event.title
    editor.title_edit.clear()
    qtbot.keyClicks(editor.title_edit, "Renamed by hand")
    click_ok(editor, qtbot)
    assert window.session.timeline.events[index_of(window, event.id)].title == "Renamed by hand"
    assert window.isWindowModified() and window.windowTitle().startswith("[*]")
    undo = window.actions_by_name["actionUndo"]
    assert undo.text() == "Undo Edit Event" and undo.isEnabled()
    activate(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.events[index_of(window, event.id)].title == event.title
    assert not window.isWindowModified()
    assert window.actions_by_name["actionRedo"].text() == "Redo Edit Event"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.timeline.events[index_of(window, event.id)].title == "Renamed by hand"
    assert window.session.selected == index_of(window, event.id)  # the selection stays on the edited event


def test_bad_date_is_named_and_nothing_changes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = window.session.timeline
    editor = open_editor(window, qtbot, 0)
    editor.start.edit.setText("2025-13-01")
    assert editor.start.reading.text() == "not a date yet"
    click_ok(editor, qtbot)
    assert editor.isVisible()
    assert editor.message.text() == "Start: '2025-13-01' is not a date: month 13 is not 1-12"
    editor.start.edit.setText("2025-03-10")
    editor.end.edit.setText("2025-03-01")
    click_ok(editor, qtbot)
    assert editor.message.text() == "End: 2025-03-01 is before the start 2025-03-10"
    assert window.session.timeline is before and not window.editing.history.can_undo


def test_precision_rewrites_the_date(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(window, qtbot, 0)
    editor.start.edit.setText("2025-03-10")
    assert editor.start.precision.currentText() == "Day" and editor.start.reading.text() == "10 March 2025"
    editor.start.precision.setCurrentIndex(1)
    editor.start.precision.activated.emit(1)
    assert editor.start.edit.text() == "2025-03" and editor.start.reading.text() == "March 2025"


def test_new_event_is_drawn(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.fit_all()
    editor = window.editing.new_event()
    qtbot.waitExposed(editor)
    qtbot.keyClicks(editor.title_edit, "A hand-made event")
    editor.start.edit.setText("2024-06-15")
    editor.importance.setValue(3)
    click_ok(editor, qtbot)
    assert not editor.isVisible()
    assert window.actions_by_name["actionUndo"].text() == "Undo Add Event"
    qtbot.waitUntil(lambda: "A hand-made event" in labels(window), timeout=5000)


def test_quote_with_unknown_source_is_refused(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(window, qtbot, 0)
    editor.quotes.add_row(["nowhere", "some words"])
    click_ok(editor, qtbot)
    assert editor.message.text().startswith("Quote ")
    assert "unknown source 'nowhere'" in editor.message.text()


def test_delete_key_deletes_and_undo_brings_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    activate(window, qtbot)
    event = window.session.timeline.events[3]
    count = len(window.session.timeline.events)
    window.session.select(3)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(window.session.timeline.events) == count - 1
    assert event.id not in window.session.timeline.event_by_id
    assert window.actions_by_name["actionUndo"].text() == "Undo Delete Event"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.events[3] == event


def drag(qtbot, widget, start: QPoint, end: QPoint, modifiers: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifiers, start)
    for k in range(1, 6):
        qtbot.mouseMove(widget, start + (end - start) * (k / 5))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifiers, end)


def test_shift_drag_moves_an_event_by_whole_days_plain_drag_pans(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    k = next(i for i, e in enumerate(timeline.events) if len(e.start) == 10 and e.end is None)
    event = timeline.events[k]
    start = float(timeline.index.start[timeline.index.event_row[k]])
    window.view.show_range(start - 20 * SECONDS_PER_DAY, start + 20 * SECONDS_PER_DAY)
    point = event_point(window.view, k)
    lo, hi = window.view.x_range()
    pixels_per_day = window.view.view_box.width() / ((hi - lo) / SECONDS_PER_DAY)
    assert pixels_per_day > 4, "zoomed in enough to drag by days"
    viewport = window.view.viewport()
    before_range = window.view.x_range()
    target = point + QPoint(int(3.2 * pixels_per_day), 0)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, point)
    qtbot.mouseMove(viewport, target)
    drawn_at = window.view.mapFromScene(window.editing.drag.guide.mapToScene(window.editing.drag.guide.line().p1())).x()
    assert window.editing.drag.guide.isVisible() and abs(drawn_at - target.x()) < pixels_per_day  # where it will go
    assert window.editing.drag.when.text() == TimePoint.from_seconds(TimePoint.parse(event.start).seconds + 3 * SECONDS_PER_DAY).label()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, target)
    assert not window.editing.drag.guide.isVisible()
    moved = window.session.timeline.events[index_of(window, event.id)]
    assert TimePoint.parse(moved.start).seconds - TimePoint.parse(event.start).seconds == 3 * SECONDS_PER_DAY
    assert len(moved.start) == 10  # still a day
    assert window.actions_by_name["actionUndo"].text() == "Undo Move Event"
    assert window.view.x_range() == pytest.approx(before_range)  # a Shift+drag does not pan
    point = event_point(window.view, index_of(window, event.id))
    drag(qtbot, viewport, point, point + QPoint(120, 0), Qt.KeyboardModifier.NoModifier)
    assert window.session.timeline.events[index_of(window, event.id)].start == moved.start
    assert window.view.x_range()[0] < before_range[0]  # a plain drag pans


def test_double_click_on_an_event_edits_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    point = event_point(window.view, 2)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor = window.editing.editor
    assert editor is not None and editor.title_edit.text() == window.session.timeline.events[2].title


def test_lanes_added_renamed_recoloured_and_moved(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.editing.edit_lanes()
    qtbot.waitExposed(dialog)
    names = [lane.name for lane in window.session.timeline.lanes]
    dialog.list.setCurrentRow(0)
    assert dialog.add("Regulators")
    assert [lane.name for lane in window.session.timeline.lanes] == [names[0], "Regulators", *names[1:]]
    assert dialog.rename("Watchdogs")
    assert dialog.recolour("#123456")
    assert dialog.move_lane(-1)
    lanes = window.session.timeline.lanes
    assert (lanes[0].name, lanes[0].color) == ("Watchdogs", "#123456")
    assert dialog.list.item(0).text() == "Watchdogs"
    qtbot.waitUntil(lambda: [d["text"] for d in window.view.drawn() if d["kind"] == "lane_name"][:1] == ["Watchdogs"], timeout=5000)
    assert window.actions_by_name["actionUndo"].text() == "Undo Move Lane"
    for _ in range(4):
        window.editing.undo()
    assert [lane.name for lane in window.session.timeline.lanes] == names
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == names
    dialog.list.setCurrentRow(0)
    assert not dialog.delete()  # it has events
    assert "still has" in window.statusBar().currentMessage()


def test_quotes_say_whether_they_are_in_their_source(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    editor = open_editor(window, qtbot, 0)
    check = timeline.quote_checks[(0, 0)]
    assert editor.quotes.item(0, 2).text() == f"\u2713 found at {check.start:,}"
    editor.quotes.add_row()
    row = editor.quotes.rowCount() - 1
    editor.quotes.item(row, 0).setText(check.source)
    editor.quotes.item(row, 1).setText("words that no article contains")
    assert editor.quotes.item(row, 2).text() == "not found"
    editor.quotes.item(row, 0).setText("nowhere")
    assert editor.quotes.item(row, 2).text() == "unknown source"


def test_in_a_new_timeline_go_to_a_date_and_a_new_event_starts_there(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    import gui.search.controller

    window.actions_by_name["actionNew"].trigger()
    qtbot.waitUntil(lambda: not window.session.timeline.events, timeout=5000)
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(gui.search.controller.GoToDateDialog, "goToDateDialog") is not None, timeout=2000)
    dialog = window.findChild(gui.search.controller.GoToDateDialog, "goToDateDialog")
    qtbot.keyClicks(dialog.field, "15 June 1990")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)  # it went there: nothing to stay near yet
    editor = window.editing.new_event()
    qtbot.waitExposed(editor)
    assert editor.start.edit.text() == "1990-06-15"  # where the user is looking, not "2025"
    editor.close()


def test_an_editor_closed_and_deleted_is_not_closed_again(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(window, qtbot, 1)
    editor.title_edit.setText("Renamed")
    click_ok(editor, qtbot)
    qtbot.waitUntil(lambda: window.editing.editor is None, timeout=3000)  # deleted on close, and forgotten
    fresh = window.editing.new_event()  # closed the deleted one before: RuntimeError from a menu action
    qtbot.waitExposed(fresh)
    assert window.editing.editor is fresh
    fresh.reject()
    qtbot.waitUntil(lambda: window.editing.editor is None, timeout=3000)
    assert window.editing.edit_event(1) is window.editing.editor is not None
