"""Small helpers for widgets that show text from data files: always plain text."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QLabel, QLayout, QMainWindow, QMessageBox, QPushButton, QWidget

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Bidirectional marks, embeddings, overrides and isolates: "five years \u202egnp.exe" would read "...exe.png"."""


def display_text(text: str) -> str:
    """Text from a file as it may be shown: without the bidi controls that make it read differently."""
    return _BIDI.sub("", text)


LABEL_CHARS = 4000
"""The most characters a label shows: Qt lays a word-wrapped label out again and again as its width is settled, and
a 20-million-character lane name took minutes."""


def plain_label(text: str, name: str, point_size: float | None = None, bold: bool = False, muted: bool = False) -> QLabel:
    """A word-wrapped, selectable label that never interprets its text as HTML (cut at :data:`LABEL_CHARS`)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(shorten(text, LABEL_CHARS))
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setOpenExternalLinks(False)
    font = label.font()
    if point_size:
        font.setPointSizeF(point_size)
    font.setBold(bold)
    label.setFont(font)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the theme's muted text colour
    return label


class _ReturnPresses(QObject):
    """Return or Enter on a focused push button clicks it, as Space does."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Click the button on Return / Enter."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(watched, QPushButton)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            watched.animateClick()
            return True
        return False


_RETURN_PRESSES = _ReturnPresses()


def press_on_return(*buttons: QAbstractButton) -> None:
    """Let Return and Enter press these buttons when they have the focus (dialog buttons that are not the default)."""
    for button in buttons:
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.installEventFilter(_RETURN_PRESSES)


class Button(QPushButton):
    """A push button that Return and Enter press too (Space already does), with an accessible name."""

    def __init__(self, text: str, name: str, accessible: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible or text.replace("&", "").removesuffix("..."))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)  # in a dialog, Return elsewhere must not press it (a link opens only when asked)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """The button, with a clear ring when it has the keyboard focus (the style's own is faint)."""
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 3, 3)
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Return or Enter clicks the focused button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)


def tooltip_text(text: str) -> str:
    """Text made safe for a tooltip (tooltips may render rich text)."""
    import html  # with its entity table, loaded at the first tooltip rather than at start-up

    return "<p style='white-space:pre-wrap'>" + html.escape(display_text(text)) + "</p>"


MAX_LINK_CHARS = 32_768
"""A longer "link" is no link (parsing a 20-million-character one took a second)."""


def safe_link(url: str) -> bool:
    """Only http(s) links may be opened."""
    if len(url) > MAX_LINK_CHARS:
        return False
    parsed = QUrl(url.strip())
    return parsed.isValid() and parsed.scheme().lower() in ("http", "https") and bool(parsed.host())


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every item of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget: QWidget | None = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # Python now owns it and frees it when this reference goes...
            widget.deleteLater()  # ...and Qt deletes it anyway if a slot still refers to it
        else:
            inner = item.layout()
            if inner is not None:
                clear_layout(inner)


def plural(count: int, noun: str) -> str:
    """"1 source", "3 sources", "12,000 events"."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


RUN_LIMIT = 120
"""Characters without a space that a message shows in one piece; a longer run (a path) is cut in its middle."""
_LONG_RUN = re.compile(rf"\S{{{RUN_LIMIT + 1},}}")


def shorten_runs(text: str) -> str:
    """``text`` with each run of more than RUN_LIMIT characters without a space cut in its middle with an ellipsis:
    a word-wrapped label cannot break it, and a 100,000-character path made a dialog 232,000 pixels wide."""
    half = RUN_LIMIT // 2
    return _LONG_RUN.sub(lambda run: run[0][:half] + "…" + run[0][-(half - 1):], text)


def shorten(text: str, limit: int = 4000) -> str:
    """Text for a label, cut with an ellipsis past ``limit`` characters (a 10 MB title must not freeze the window)."""
    cut = len(text) > 4 * limit  # cleaned only where it may be shown: a pass over 100 MB holds the window 0.25 s
    text = display_text(text[: 4 * limit] if cut else text)
    return text if len(text) <= limit and not cut else text[: limit - 1] + "…"


def show_text_box(parent: QWidget, title: str, text: str, name: str) -> QMessageBox:
    """A non-modal box of plain text (Help > Keyboard Shortcuts), deleted when closed."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def on_screen(widget: QWidget) -> bool:
    """Whether ``widget`` can be seen: shown, and not in a dock whose tab is behind another's.

    Qt keeps such a dock shown but moves it off-screen (up and left of the window), and tells by that position in
    the dock's ``visibilityChanged``, emitted again when its tab comes forward.
    """
    dock: QWidget | None = widget
    while dock is not None and not isinstance(dock, QDockWidget):
        dock = dock.parentWidget()
    behind = dock is not None and not dock.isFloating() and (dock.geometry().right() < 0 or dock.geometry().bottom() < 0)
    return widget.isVisible() and not behind


def add_dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    """``widget`` in a movable, floatable, closable dock at the window's right."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock
