"""A very long source is shown in part, around the quoted words, with its offsets mapped both ways."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel

import gui.utf16
from gui.panels.source_document import SourceDocument
from gui.utf16 import Excerpt
from model.timeline import Source


@pytest.fixture
def short_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gui.utf16, "SHOWN_AT_MOST", 1_000)


def long_source() -> tuple[str, int]:
    """A text of 10,000-odd characters with emoji before and inside the shown part; where the quote starts."""
    before = "\U0001f600 Filler words here.\n" * 200
    quote = "They raised $5 \U0001d400illion."
    return before + quote + " More filler.\n" * 400, len(before)


def test_a_long_source_shows_the_part_around_the_quote(qtbot, short_limit: None) -> None:  # type: ignore[no-untyped-def]
    text, at = long_source()
    view = SourceDocument(Source(id="s", title="Long"), text, around=at)
    qtbot.addWidget(view)
    view.highlight([(at, at + 23)], focus=(at, at + 23))
    view.show()
    part = view.positions
    assert isinstance(part, Excerpt) and part.first <= at < part.stop and part.stop - part.first <= 1_000 + gui.utf16.BREAK_EVERY
    assert view.editor.toPlainText() == text[part.first:part.stop]
    assert view.highlighted_text() == "They raised $5 \U0001d400illion."
    note = view.findChild(QLabel, "sourceExcerpt")
    assert note is not None and f"{len(text):,} characters long" in note.text()
    assert f"characters {part.first + 1:,} to {part.stop:,}" in note.text()


def test_a_selection_in_the_part_maps_to_the_whole_source(qtbot, short_limit: None) -> None:  # type: ignore[no-untyped-def]
    text, at = long_source()
    view = SourceDocument(Source(id="s", title="Long"), text, around=at)
    qtbot.addWidget(view)
    cursor = view.editor.textCursor()
    cursor.setPosition(view.positions.position(at))
    cursor.setPosition(view.positions.end_position(at + 11), QTextCursor.MoveMode.KeepAnchor)
    view.editor.setTextCursor(cursor)
    start, end = view.selection_span()
    assert text[start:end] == "They raised"


def test_a_short_source_is_shown_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    text, at = long_source()
    view = SourceDocument(Source(id="s", title="Whole"), text, around=at)
    qtbot.addWidget(view)
    assert not isinstance(view.positions, Excerpt) and view.findChild(QLabel, "sourceExcerpt") is None


def test_a_label_cleans_only_the_part_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    import gui.widgets as widgets

    seen: list[int] = []
    clean = widgets.display_text
    monkeypatch.setattr(widgets, "display_text", lambda text: seen.append(len(text)) or clean(text))
    text = "five years \u202egnp.exe " + "words " * 1_000_000
    shown = widgets.shorten(text, 40)
    assert shown == clean(text)[:39] + "…" and "\u202e" not in shown
    assert seen and max(seen) <= 160  # not the 6 MB
    assert widgets.shorten("short \u202etext", 40) == "short text"


def test_a_quote_at_the_very_end_of_a_long_source_is_shown(qtbot, short_limit: None) -> None:  # type: ignore[no-untyped-def]
    text = "Filler words,\nand more of them.\n" * 500 + "The end of the story."
    at = text.index("The end of the story.")
    view = SourceDocument(Source(id="s", title="Long"), text, around=at)
    qtbot.addWidget(view)
    view.highlight([(at, len(text))])
    assert view.positions.stop == len(text)
    assert view.highlighted_text() == "The end of the story."
