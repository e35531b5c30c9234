"""Turns the declared actions into QActions, menus, shortcuts and the timeline's key handling."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from gui.actions import MENUS, Action

T = TypeVar("T")

MODIFIERS = (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
             | Qt.KeyboardModifier.MetaModifier)


def key_combination(key: str) -> QKeyCombination:
    """The key combination a portable key text such as "Shift+Left" stands for."""
    sequence = QKeySequence(key, QKeySequence.SequenceFormat.PortableText)
    if sequence.count() != 1:
        raise ValueError(f"{key!r} is not a single key")
    return sequence[0]  # type: ignore[index,no-any-return]


def make_action(spec: Action[T], target: T, parent: QObject) -> QAction:
    """A QAction for ``spec`` that calls its callback on ``target``."""
    action = QAction(spec.menu_title, parent)
    action.setObjectName(spec.id)
    action.setShortcuts([QKeySequence(k, QKeySequence.SequenceFormat.PortableText) for k in spec.keys])
    if spec.tip:
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
    action.triggered.connect(lambda _checked=False: spec.callback(target))
    return action


def build_menus(window: QMainWindow, target: T, specs: Iterable[Action[T]],
                after: dict[str, QMenu] | None = None) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Menus and shortcuts for ``specs`` in the window's menu bar (by id, and the menus by path).

    ``after`` inserts a submenu after an action (Open Recent after Open).
    """
    menus: dict[str, QMenu] = {title: window.menuBar().addMenu(title) for title in MENUS}
    groups: dict[str, QActionGroup] = {}
    made: dict[str, QAction] = {}
    for spec in specs:
        action = make_action(spec, target, window)
        made[spec.id] = action
        if spec.group:
            action.setCheckable(True)
            groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
        if not spec.menu:
            window.addAction(action)
            continue
        menu = _menu(menus, spec.menu)
        if spec.separator_before:
            menu.addSeparator()
        menu.addAction(action)
        if after and spec.id in after:
            menu.addMenu(after[spec.id])
    return made, menus


def _menu(menus: dict[str, QMenu], path: str) -> QMenu:
    if path not in menus:
        parent, _, title = path.rpartition("/")
        menus[path] = _menu(menus, parent).addMenu(title)
    return menus[path]


class TimelineKeys(QObject):
    """Handles the actions' ``timeline_keys`` while the timeline has the focus."""

    def __init__(self, widget: QWidget, target: T, specs: Iterable[Action[T]]) -> None:
        super().__init__(widget)
        self.bindings: dict[QKeyCombination, Callable[[], object]] = {}
        for spec in specs:
            for key in spec.timeline_keys:
                self.bindings[key_combination(key)] = partial(spec.callback, target)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Run the action bound to a pressed key; let every other key through."""
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not isinstance(event, QKeyEvent):
            return False
        handler = self.handler(event)
        if handler is None:
            return False
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            handler()
        return True

    def handler(self, event: QKeyEvent) -> Callable[[], object] | None:
        """The callback for ``event``'s key (a shifted symbol such as + also matches without its Shift)."""
        modifiers = event.modifiers() & MODIFIERS
        key = Qt.Key(event.key())
        found = self.bindings.get(QKeyCombination(modifiers, key))
        if found is None and modifiers & Qt.KeyboardModifier.ShiftModifier and event.text().isprintable() and event.text():
            found = self.bindings.get(QKeyCombination(modifiers & ~Qt.KeyboardModifier.ShiftModifier, key))
        return found
