"""A source document in full, with one quote highlighted and scrolled into view."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from gui.source_panel import source_line
from gui.utf16 import Utf16Positions
from gui.widgets import plain_label, shorten
from model.timeline import Source

HIGHLIGHT = QColor("#ffe08a")
_LONG_WORD = re.compile(r"\S{1000}")


class SourceView(QDialog):
    """Read-only view of a source's whole text; ``highlight`` marks character ranges."""

    def __init__(self, source: Source, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceView")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # it holds the whole source text: freed when closed
        self.setWindowTitle(shorten(source.title, 200))
        self.setAccessibleName(f"Source document: {source.title}")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(source.title, "sourceTitle", point_size=13, bold=True))
        layout.addWidget(plain_label(source_line(source, source.id).partition(" — ")[2], "sourceMeta", muted=True))
        if source.notes:
            layout.addWidget(plain_label(source.notes, "sourceNotes", muted=True))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("sourceText")
        self.editor.setReadOnly(True)
        if _LONG_WORD.search(text):  # Qt's default wrap takes minutes over a megabyte without a space: break anywhere
            self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.editor.setPlainText(text)
        self.positions = Utf16Positions(text)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def highlight(self, ranges: list[tuple[int, int]], focus: tuple[int, int] | None = None) -> None:
        """Mark each [start, end) range; scroll ``focus`` (default: the first) into view and select it."""
        selections = []
        for start, end in ranges:
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            selection.format = fmt
            selection.cursor = self._cursor(start, end)
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        target = focus or (ranges[0] if ranges else None)
        if target:
            self.editor.setTextCursor(self._cursor(*target))
            self.editor.centerCursor()

    def highlighted_text(self) -> str:
        """The text currently selected (the focused quote)."""
        return self.editor.textCursor().selectedText().replace("\u2029", "\n")

    def _cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor over source characters [start, end) (Python offsets, converted to Qt's UTF-16 positions)."""
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self.positions.position(start))
        cursor.setPosition(self.positions.position(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor
