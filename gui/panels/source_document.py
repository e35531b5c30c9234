"""A source document in full, with one quote highlighted and scrolled into view; Find, and the original's link."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent, QTextCharFormat, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui import style
from gui.actions import SOURCE_ACTIONS
from gui.menus import make_action
from gui.panels.event_panel import source_line
from gui.utf16 import Excerpt, shown_part
from gui.widgets import Button, plain_label, press_on_return, safe_link, shorten, tooltip_text
from model.timeline import Source, Timeline

if TYPE_CHECKING:
    from model.provenance.claims import QuotedFigure

_LONG_WORD = re.compile(r"\S{1000}")


class SourceDocument(QDialog):
    """Read-only view of a source's whole text; ``highlight`` marks character ranges; Ctrl+F finds text.

    With passage actions enabled, selected words become a new event or a quote of the selected event.
    """

    newEventRequested = Signal(int, int)
    """New Event from Selection: the selection's [start, end) in the source's text."""
    addQuoteRequested = Signal(int, int)
    """Add Quote to Selected Event: the selection's [start, end) in the source's text."""

    def __init__(self, source: Source, text: str, parent: QWidget | None = None, around: int = 0) -> None:
        super().__init__(parent)
        self.source = source
        self.setObjectName("sourceView")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # it holds the whole source text: freed when closed
        self.setWindowTitle(shorten(source.title, 200))
        self.setAccessibleName(f"Source document: {shorten(source.title, 300)}")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(source.title, "sourceTitle", point_size=13, bold=True))
        layout.addWidget(plain_label(source_line(source, source.id).partition(" — ")[2], "sourceMeta", muted=True))
        if source.url and safe_link(source.url):
            layout.addWidget(self._original_link(source.url))
        if source.notes:
            layout.addWidget(plain_label(source.notes, "sourceNotes", muted=True))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("sourceText")
        self.editor.setAccessibleName("Source text")
        self.editor.setReadOnly(True)
        self.editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._text = text
        self.positions = shown_part(text, source.file, around)  # Markdown made readable, long lines broken; offsets mapped
        if _LONG_WORD.search(self.positions.text):  # Qt's default wrap takes minutes over a megabyte without a space
            self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)  # so break anywhere
        self.editor.setPlainText(self.positions.text)
        if isinstance(self.positions, Excerpt):
            part = self.positions
            layout.addWidget(plain_label(f"This source is {part.whole:,} characters long: characters {part.first + 1:,} to "
                                         f"{part.stop:,} are shown, around the quoted words (find looks in these only).",
                                         "sourceExcerpt", muted=True))
        layout.addWidget(self.editor, 1)
        layout.addWidget(self._passage_bar())
        layout.addLayout(self._find_bar())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        press_on_return(*buttons.buttons())  # Return in the find box finds; it must not close the document
        layout.addWidget(buttons)
        for spec in SOURCE_ACTIONS:
            action = make_action(spec, self, self)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self._highlights: list[QTextEdit.ExtraSelection] = []
        self._ranges: list[tuple[int, int]] = []
        self._quote_target: str | None = None
        self.editor.selectionChanged.connect(self._update_passage_buttons)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._context_menu)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Centre the highlighted quote once the text has its real size."""
        super().showEvent(event)
        self.editor.centerCursor()
        QTimer.singleShot(0, self, self.editor.centerCursor)  # again once a wrapped note above has taken its height

    def _original_link(self, url: str) -> Button:
        url = url.strip()
        host = QUrl(url).host(QUrl.ComponentFormattingOption.FullyEncoded)
        where = host or "the web"
        button = Button(f"Open the original: {host or shorten(url, 80)}", "sourceLink", f"Open the original document on {where}")
        button.setToolTip(tooltip_text(url))
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(url)))
        return button

    def _passage_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("passageBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.new_event_button = Button("New &Event from Selection", "newEventFromSelection")
        self.new_event_button.setToolTip("Make an event whose quote is the selected words (select words in the text first)")
        self.new_event_button.clicked.connect(self.request_new_event)
        self.add_quote_button = Button("Add &Quote to Selected Event", "addQuoteToSelected")
        self.add_quote_button.clicked.connect(self.request_add_quote)
        self.passage_status = QLabel()
        self.passage_status.setObjectName("passageStatus")
        self.passage_status.setTextFormat(Qt.TextFormat.PlainText)
        self.passage_status.setWordWrap(True)
        row.addWidget(self.new_event_button)
        row.addWidget(self.add_quote_button)
        row.addWidget(self.passage_status, 1)
        bar.setVisible(False)
        self.passage_bar = bar
        self.passages_enabled = False
        return bar

    def enable_passage_actions(self, enabled: bool) -> None:
        """Show (or hide) New Event from Selection and Add Quote to Selected Event."""
        self.passages_enabled = enabled
        self.passage_bar.setVisible(enabled)
        self._update_passage_buttons()

    def set_quote_target(self, event_title: str | None) -> None:
        """The event selected in the timeline, which Add Quote adds to (None: no event selected)."""
        self._quote_target = event_title
        self._update_passage_buttons()

    def selection_span(self) -> tuple[int, int]:
        """The selected text's [start, end) in the source's text (Python offsets); equal when nothing is selected."""
        cursor = self.editor.textCursor()
        return self.positions.offset(cursor.selectionStart()), self.positions.offset(cursor.selectionEnd())

    def request_new_event(self) -> None:
        """New Event from Selection."""
        if self.passages_enabled and self.editor.textCursor().hasSelection():
            self.newEventRequested.emit(*self.selection_span())
        elif self.passages_enabled:
            self.say("Select the words to quote first.", error=True)

    def request_add_quote(self) -> None:
        """Add Quote to Selected Event."""
        if not self.passages_enabled:
            return
        if self._quote_target is None:
            self.say("Select an event in the timeline first.", error=True)
        elif not self.editor.textCursor().hasSelection():
            self.say("Select the words to quote first.", error=True)
        else:
            self.addQuoteRequested.emit(*self.selection_span())

    def say(self, text: str, error: bool = False) -> None:
        """A one-line message under the text (what was added, or why not)."""
        self.passage_status.setText(shorten(text, 300))
        self.passage_status.setStyleSheet(f"color: {style.current().css('unverified' if error else 'verified')};")

    def mark_passage(self, start: int, end: int, event: int) -> None:
        """Highlight a passage just quoted by ``event``."""
        self.highlight([*self._ranges, (start, end)], focus=(start, end))

    def _update_passage_buttons(self) -> None:
        selected = self.editor.textCursor().hasSelection()
        self.new_event_button.setEnabled(selected)
        self.add_quote_button.setEnabled(selected and self._quote_target is not None)
        target = f"“{shorten(self._quote_target, 80)}”" if self._quote_target else "the event selected in the timeline"
        self.add_quote_button.setToolTip(tooltip_text(f"Add the selected words as a quote of {target}"))

    def context_menu(self, at: QPoint) -> QMenu:
        """The text's right-click menu: Copy and Select All, then the passage actions."""
        menu = self.editor.createStandardContextMenu(at)
        if self.passages_enabled:
            menu.addSeparator()
            for button in (self.new_event_button, self.add_quote_button):
                action = menu.addAction(button.text().replace("&", ""))
                action.setEnabled(button.isEnabled())
                action.triggered.connect(button.click)
        return menu

    def _context_menu(self, at: QPoint) -> None:
        menu = self.context_menu(at)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.editor.viewport().mapToGlobal(at))

    def _find_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Find:")
        self.find_box = QLineEdit()
        self.find_box.setObjectName("findText")
        self.find_box.setAccessibleName("Find in the source document")
        keys = {spec.id: spec.keys[0] for spec in SOURCE_ACTIONS}
        self.find_box.setPlaceholderText(f"Text to find ({keys['actionFind']}; Return or {keys['actionFindNext']} for the next)")
        self.find_box.setClearButtonEnabled(True)
        label.setBuddy(self.find_box)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.textEdited.connect(lambda _text: self._find(forward=True, from_start_of_match=True))
        previous = Button("Previous", "findPrevious", "Find the previous match")
        following = Button("Next", "findNext", "Find the next match")
        press_on_return(previous, following)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        self.find_status = QLabel()
        self.find_status.setObjectName("findStatus")
        row.addWidget(label)
        row.addWidget(self.find_box, 1)
        row.addWidget(previous)
        row.addWidget(following)
        row.addWidget(self.find_status)
        return row

    def start_find(self) -> None:
        """Ctrl+F: put the cursor in the find box, with its text selected."""
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def find_next(self) -> bool:
        """F3 / Return: the next match, wrapping at the end."""
        return self._find(forward=True)

    def find_previous(self) -> bool:
        """Shift+F3: the previous match, wrapping at the start."""
        return self._find(forward=False)

    def _find(self, forward: bool, from_start_of_match: bool = False) -> bool:
        needle = self.find_box.text()
        if not needle:
            self.find_status.setText("")
            return False
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        cursor = self.editor.textCursor()
        if from_start_of_match and cursor.hasSelection():
            cursor.setPosition(cursor.selectionStart())
        found = self.editor.document().find(needle, cursor, flags)
        if found.isNull():  # wrap around
            start = QTextCursor(self.editor.document())
            if not forward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = self.editor.document().find(needle, start, flags)
        if found.isNull():
            self.find_status.setText("Not found")
            return False
        self.find_status.setText("")
        self.editor.setTextCursor(found)
        self.editor.centerCursor()
        return True

    def highlight(self, ranges: list[tuple[int, int]], focus: tuple[int, int] | None = None) -> None:
        """Mark each [start, end) range; scroll ``focus`` (default: the first) into view and select it."""
        self._ranges = list(ranges)
        selections = []
        for start, end in ranges:
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(style.current().quote_highlight)
            fmt.setForeground(style.current().text)
            selection.format = fmt
            selection.cursor = self._cursor(start, end)
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        target = focus or (ranges[0] if ranges else None)
        if target:
            self.editor.setTextCursor(self._cursor(*target))
            self.editor.centerCursor()

    def highlighted_text(self) -> str:
        """The source's words currently selected (the focused quote), without the breaks added for showing it."""
        cursor = self.editor.textCursor()
        return self._text[self.positions.offset(cursor.selectionStart()):self.positions.offset(cursor.selectionEnd())]

    def _cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor over source characters [start, end) (Python offsets, converted to Qt's UTF-16 positions)."""
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self.positions.position(start))
        cursor.setPosition(self.positions.end_position(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor


def open_quote(parent: QWidget, timeline: Timeline, event: int, quote: int) -> SourceDocument | None:
    """The quote's source document, open with the quote highlighted (None if the quote was not found in it)."""
    check = timeline.quote_checks.get((event, quote))
    if check is None or not check.verified:
        return None
    return _open(parent, timeline, check.source, [(check.start, check.end)])


def open_figure(parent: QWidget, timeline: Timeline, event: int, figure: QuotedFigure) -> SourceDocument | None:
    """A figure's source, open with the figure highlighted inside its quote."""
    from model.provenance.claims import source_span

    check = timeline.quote_checks.get((event, figure.quote))
    span = source_span(timeline, event, figure)
    if check is None or not check.verified or span is None:
        return None
    return _open(parent, timeline, check.source, [(check.start, check.end), span], focus=span)


def _open(parent: QWidget, timeline: Timeline, source: str, spans: list[tuple[int, int]],
          focus: tuple[int, int] | None = None) -> SourceDocument:
    around = (focus or spans[0])[0] if spans else 0
    view = SourceDocument(timeline.source_by_id[source], timeline.source_texts[source], parent, around=around)
    view.highlight(spans, focus=focus)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view
