"""The fact check read in the source view: plain lines instead of a Markdown table, quotes highlighted on their words."""

from __future__ import annotations

from PySide6.QtGui import QColor

from gui.panels.source_document import SourceDocument
from model.default import load_default


def test_the_fact_check_reads_cleanly_with_its_quote_highlighted(qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = load_default()
    i = timeline.event_by_id["coreweave-ipo"]
    check = timeline.quote_checks[(i, 1)]
    assert check.source == "facts" and check.verified
    view = SourceDocument(timeline.source_by_id["facts"], timeline.source_texts["facts"])
    qtbot.addWidget(view)
    view.highlight([(check.start, check.end)])
    view.show()
    qtbot.waitExposed(view)
    shown = view.editor.toPlainText()
    assert "|" not in shown and "#" not in shown
    assert "2025-03-27 — IPO priced at $40 a share" in shown
    assert "    note: the other article says \"potential $2.5 billion\" IPO" in shown
    assert "2025-03-27 — CoreWeave, Inc., final prospectus (Form 424B4)" in shown  # where the fact comes from
    quote = timeline.events[i].quotes[1].text
    assert view.editor.textCursor().selectedText() == quote
    assert view.highlighted_text() == quote
    extra = view.editor.extraSelections()
    assert len(extra) == 1 and extra[0].cursor.selectedText() == quote
    assert extra[0].format.background().color() != QColor()


def test_a_plain_text_source_is_shown_as_stored(qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = load_default()
    view = SourceDocument(timeline.source_by_id["wired"], timeline.source_texts["wired"])
    qtbot.addWidget(view)
    assert view.editor.toPlainText() == timeline.source_texts["wired"]
