"""Actions as a user meets them: every key does one thing, the menus and the help say the same keys."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from gui.actions import SOURCE_ACTIONS, WINDOW_ACTIONS, keys_help
from gui.main_window import MainWindow
from gui.menus import key_combination
from model.session import NO_SELECTION


def portable(key: str) -> str:
    return QKeySequence(key, QKeySequence.SequenceFormat.PortableText).toString(QKeySequence.SequenceFormat.PortableText)


def activate(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_no_key_is_bound_twice() -> None:
    window_keys = [portable(k) for a in WINDOW_ACTIONS for k in a.keys]
    timeline_keys = [portable(k) for a in WINDOW_ACTIONS for k in a.timeline_keys]
    source_keys = [portable(k) for a in SOURCE_ACTIONS for k in a.keys]
    for keys in (window_keys + timeline_keys, source_keys):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        assert not duplicates, f"bound twice: {duplicates}"
    ids = [a.id for a in WINDOW_ACTIONS + SOURCE_ACTIONS]
    assert len(ids) == len(set(ids))
    for a in WINDOW_ACTIONS + SOURCE_ACTIONS:
        for key in a.keys + a.timeline_keys:
            key_combination(key)  # each is one real key, not a typo Qt would ignore


def test_the_window_registers_each_shortcut_once(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for shortcut in action.shortcuts():
            text = shortcut.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text} is bound to {seen[text]} and {action.objectName()}"
            seen[text] = action.objectName()
    assert seen["Ctrl+Q"] == "actionQuit" and seen["Ctrl+Shift+S"] == "actionSaveAs"


def test_ctrl_q_closes_the_window(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    activate(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_ctrl_shift_s_opens_save_as(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def ask(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[1])
        return str(tmp_path / "saved"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    activate(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked == ["Save timeline as"]
    qtbot.waitUntil(lambda: (tmp_path / "saved.json").is_file(), timeout=10000)  # saved in the background


def test_menus_show_the_keys_that_work(window: MainWindow) -> None:
    for spec in WINDOW_ACTIONS:
        action = window.actions_by_name[spec.id]
        if spec.keys:
            assert action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == portable(spec.keys[0])
        elif spec.timeline_keys:
            assert action.text().endswith("\t" + spec.timeline_keys[0])
    assert window.actions_by_name["actionNext"].text() == "&Next Event\tRight"


def test_help_lists_exactly_the_actions_keys() -> None:
    text = keys_help().split("\nMouse:")[0]
    listed = re.findall(r"^  (.+?): (.+)$", text, flags=re.MULTILINE)
    expected = [(", ".join(a.keys), a.title) for a in WINDOW_ACTIONS + SOURCE_ACTIONS if a.keys]
    expected += [(", ".join(a.timeline_keys), a.title) for a in WINDOW_ACTIONS if a.timeline_keys]
    assert sorted((keys, title.replace("&", "").removesuffix("...")) for keys, title in expected) == sorted(listed)


def test_help_box_shows_the_generated_text(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = window.show_keys()
    qtbot.addWidget(box)
    assert box.text() == keys_help()
    assert "Left: Previous Event" in box.text() and "Alt+Left" not in box.text()


def test_timeline_keys_come_from_the_actions(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    view.setFocus()
    order = window.session.timeline.index.event_order.tolist()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.session.selected == order[0]
    lo, hi = view.x_range()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)  # + as typed on most layouts
    assert view.x_range()[1] - view.x_range()[0] < (hi - lo) * 0.9
    qtbot.keyClick(view, Qt.Key.Key_Home)
    first, last = window.session.timeline.time_bounds()
    assert view.x_range()[0] < first and view.x_range()[1] > last
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.session.selected == NO_SELECTION


def test_zoom_keeps_the_selected_event_in_place(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    index = window.session.timeline.index
    event = int(index.event_order[2])
    window.session.select(event)
    start = float(index.start[index.event_row[event]])
    lo, hi = view.x_range()
    before = (start - lo) / (hi - lo)
    view.setFocus()
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    lo2, hi2 = view.x_range()
    assert hi2 - lo2 < (hi - lo) / 2
    assert abs((start - lo2) / (hi2 - lo2) - before) < 0.01  # zoomed around the event, not the middle
