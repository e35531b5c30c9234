"""Building a timeline from sources as a user: File > Add Source, then events and quotes from selected passages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication, QLabel

from gui.clipboard import quote_text
from gui.main_window import MainWindow
from gui.panels.source_document import SourceDocument
from gui.sources.add_dialog import AddSourceDialog
from gui.sources.event_dialog import NewEventDialog
from model.formats.native import build_timeline
from model.provenance.quotes import QuoteStatus
from model.time.timepoint import TimePoint
from model.timeline import Lane, TimelineDoc

SHARED = Path(__file__).resolve().parents[3] / "shared" / "sources"
WIRED = SHARED / "wired-italy-coreweave-openai-2025-03-12.txt"
ANNOUNCEMENT = "The announcement, which took place on Monday, March 10, 2025, is even more significant"
SHARES = "the agreement It expects Openai to receive shares worth $ 350 million"


@pytest.fixture
def empty(window: MainWindow) -> MainWindow:
    """The window with a new, empty timeline of two lanes (what File > New will give)."""
    doc = TimelineDoc(title="My chronology", events=[], lanes=[Lane("openai", "OpenAI"), Lane("coreweave", "CoreWeave")])
    window.session.open(build_timeline(doc, "new", lambda file: ""))
    return window


def open_add_source(window: MainWindow, qtbot) -> AddSourceDialog:  # type: ignore[no-untyped-def]
    window.actions_by_name["actionAddSource"].trigger()
    qtbot.waitUntil(lambda: window.findChild(AddSourceDialog) is not None, timeout=3000)
    dialog = window.findChild(AddSourceDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def read_into(dialog: AddSourceDialog, path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Choose File... (the file dialog's answer given directly), then wait for the worker to read it."""
    dialog.read_file(str(path))
    qtbot.waitUntil(lambda: dialog.ingested is not None or "Reading" not in dialog.status.text(), timeout=20000)


def add_source(window: MainWindow, path: Path, qtbot, title: str = "") -> SourceDocument:  # type: ignore[no-untyped-def]
    dialog = open_add_source(window, qtbot)
    read_into(dialog, path, qtbot)
    if title:
        dialog.title_field.clear()
        qtbot.keyClicks(dialog.title_field, title)
    before = len(window.sources.open_views)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.sources.open_views) > before, timeout=5000)
    return window.sources.open_views[-1]


def save_and_reopen(window: MainWindow, path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """File > Save As to ``path`` (the window's saving flow once it has one), then open that file again."""
    editing = getattr(window, "editing", None)
    if editing is not None:
        editing.saving.save_as(str(path))
        qtbot.waitUntil(lambda: not editing.history.unsaved, timeout=10000)
    else:
        assert window.save_as(str(path))
    before = window.session.timeline
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.timeline is not before, timeout=10000)
    assert window.session.timeline.path == str(path)


def select_words(view: SourceDocument, words: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Select ``words`` in the source as a user can: in the find box, Ctrl+A and type them (the match is selected)."""
    view.find_box.setFocus()
    qtbot.keyClick(view.find_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.find_box, words)
    assert view.highlighted_text() == words


def test_a_timeline_built_from_the_wired_article_saves_and_reopens_verified(empty: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = empty
    view = add_source(window, WIRED, qtbot, title="CoreWeave and OpenAI")
    text = WIRED.read_text(encoding="utf-8")
    source = window.session.timeline.doc.sources[-1]
    assert source.title == "CoreWeave and OpenAI" and source.file == f"sources/{source.id}.txt" and len(source.sha256) == 64
    assert not view.new_event_button.isEnabled()  # nothing selected yet

    select_words(view, ANNOUNCEMENT, qtbot)
    assert view.new_event_button.isEnabled() and not view.add_quote_button.isEnabled()  # no event selected yet
    qtbot.mouseClick(view.new_event_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(NewEventDialog) is not None, timeout=3000)
    dialog = view.findChild(NewEventDialog)
    assert dialog.date_field.text() == "2025-03-10"  # proposed from "Monday, March 10, 2025" in the passage
    assert dialog.title_field.text().startswith("The announcement, which took place")
    dialog.title_field.clear()
    qtbot.keyClicks(dialog.title_field, "OpenAI signs with CoreWeave")
    for row in range(dialog.lanes.count()):
        dialog.lanes.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    timeline = window.session.timeline
    assert [e.title for e in timeline.events] == ["OpenAI signs with CoreWeave"]
    assert window.session.selected == 0 and timeline.events[0].lanes == ["openai", "coreweave"]
    check = timeline.quote_checks[(0, 0)]
    assert check.status is QuoteStatus.VERIFIED and text[check.start:check.end] == ANNOUNCEMENT
    assert "verified" in view.passage_status.text()

    select_words(view, SHARES, qtbot)
    assert view.add_quote_button.isEnabled()
    qtbot.mouseClick(view.add_quote_button, Qt.MouseButton.LeftButton)
    assert [q.text for q in window.session.timeline.events[0].quotes] == [ANNOUNCEMENT, SHARES]
    assert window.session.timeline.quote_checks[(0, 1)].verified

    saved = tmp_path / "mine.json"
    save_and_reopen(window, saved, qtbot)
    reopened = window.session.timeline
    written = json.loads(saved.read_text(encoding="utf-8"))["sources"][0]
    assert written["sha256"] == source.sha256
    if "file" in written:  # kept beside the timeline by the saving flow
        assert (tmp_path / written["file"]).read_text(encoding="utf-8") == reopened.source_texts[source.id]
    for q, words in enumerate((ANNOUNCEMENT, SHARES)):
        check = reopened.quote_checks[(0, q)]
        assert check.status is QuoteStatus.VERIFIED
        assert (check.start, check.end) == (text.index(words), text.index(words) + len(words))


def test_a_selection_inside_words_quotes_the_whole_words(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = add_source(empty, WIRED, qtbot, title="Wired")
    text = WIRED.read_text(encoding="utf-8")
    start = text.index("Few people") + 2  # "w people ha"
    view.editor.setTextCursor(view._cursor(start, start + 11))
    view.request_new_event()
    qtbot.waitUntil(lambda: view.findChild(NewEventDialog) is not None, timeout=3000)
    dialog = view.findChild(NewEventDialog)
    assert dialog.findChild(QLabel, "newEventQuote").text() == "“Few people had”"
    assert dialog.date_field.text() == "2025-03-12"  # no date in the passage: the source's (from its file name)
    dialog.date_field.clear()
    assert not dialog.add_button.isEnabled() and "date" in dialog.status.text()
    qtbot.keyClicks(dialog.date_field, "2025-03")
    assert dialog.add_button.isEnabled()


def test_add_quote_without_a_selected_event_says_what_to_do(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = add_source(empty, WIRED, qtbot, title="Wired")
    select_words(view, SHARES, qtbot)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    qtbot.keyClick(view.editor, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.passage_status.text() == "Select an event in the timeline first."
    assert not any(e.quotes for e in empty.session.timeline.events)


def test_pasted_text_becomes_a_source(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_add_source(empty, qtbot)
    dialog.tabs.setCurrentIndex(1)
    QApplication.clipboard().setText("OpenAI signed a contract with CoreWeave on 10 March 2025.\r\n")
    dialog.paste.setFocus()
    qtbot.keyClick(dialog.paste, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.add_button.isEnabled() and dialog.status.text() == "Give the source a title."
    qtbot.keyClicks(dialog.title_field, "Notes from a call")
    qtbot.keyClicks(dialog.published_field, "2025-13")
    assert not dialog.add_button.isEnabled() and dialog.status.text().startswith("Published:")
    dialog.published_field.clear()
    qtbot.keyClicks(dialog.published_field, "2025-03-11")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    source = empty.session.timeline.doc.sources[-1]
    assert source.title == "Notes from a call" and source.published == "2025-03-11"
    assert empty.session.timeline.source_texts[source.id] == "OpenAI signed a contract with CoreWeave on 10 March 2025."


def test_an_html_page_made_here_yields_its_article_and_metadata(empty: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.model.test_ingest import ARTICLE

    page = tmp_path / "saved page.html"
    page.write_text(ARTICLE, encoding="utf-8")
    dialog = open_add_source(empty, qtbot)
    read_into(dialog, page, qtbot)
    shown = " ".join(dialog.preview.toPlainText().split())
    assert "OpenAI will receive $350 million worth of CoreWeave stock" in shown and "Sign in" not in shown
    assert dialog.title_field.text() == "CoreWeave signs $11.9 billion deal with OpenAI"
    assert dialog.publisher_field.text() == "Example News" and dialog.published_field.text() == "2025-03-10"
    assert dialog.url_field.text() == "https://news.example.com/coreweave-openai"
    assert dialog.add_button.isEnabled() and dialog.status.text().startswith("Read: web page")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "menu.html: no article text was found"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj garbage", "broken.pdf: the file is not a readable PDF"),
    ("latin.txt", "caf\u00e9\n".encode("latin-1"), "latin.txt, line 1: byte 0xe9 is not UTF-8 text"),
])
def test_bad_files_are_refused_in_the_dialog_and_nothing_is_added(empty: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    dialog = open_add_source(empty, qtbot)
    read_into(dialog, path, qtbot)
    assert dialog.status.text().startswith(message)
    assert not dialog.add_button.isEnabled()
    dialog.accept()  # Return on the dialog
    assert dialog.isVisible() and empty.session.timeline.doc.sources == []


def make_pdf(path: Path) -> None:
    """Two pages drawn with QPdfWriter: ligatures (ﬁ ﬂ ﬃ) and a word hyphenated across a line on page 2."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle("Compute contracts report")
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Serif", 11))
    painter.drawText(QRectF(300, 300, 8000, 2000), Qt.TextFlag.TextWordWrap,
                     "Contents. The \ufb01rst \ufb02oor of the o\ufb03ce.")
    writer.newPage()
    y = 600.0
    for line in ("CoreWeave signed a \ufb01ve-year contract with OpenAI on 10 March 2025, a compu-",
                 "tation deal worth $11.9 billion."):
        painter.drawText(QPointF(300, y), line)
        y += 400
    painter.end()


def test_pdf_quotes_verify_with_ligatures_and_hyphens_undone_and_cite_their_page(empty: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "report.pdf"
    make_pdf(pdf)
    view = add_source(empty, pdf, qtbot)
    source = empty.session.timeline.doc.sources[-1]
    assert source.title == "Compute contracts report" and len(source.pages) == 2
    text = empty.session.timeline.source_texts[source.id]
    assert "The first floor of the office." in text and "\ufb01" not in text
    assert "a computation deal worth $11.9 billion" in " ".join(text.split())
    select_words(view, "first floor of the office", qtbot)
    view.request_new_event()
    qtbot.waitUntil(lambda: view.findChild(NewEventDialog) is not None, timeout=3000)
    dialog = view.findChild(NewEventDialog)
    assert dialog.date_field.text() == source.published  # no date in the passage: the PDF's creation date
    dialog.date_field.clear()
    qtbot.keyClicks(dialog.date_field, "2025-03-10")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    passage = text[text.index("five-year"):text.index("billion") + len("billion")]
    select_words(view, passage, qtbot)
    qtbot.mouseClick(view.add_quote_button, Qt.MouseButton.LeftButton)
    timeline = empty.session.timeline
    assert [timeline.quote_checks[(0, q)].status for q in (0, 1)] == [QuoteStatus.VERIFIED] * 2
    assert ", p. 1" in quote_text(timeline, 0, 0) and ", p. 2" in quote_text(timeline, 0, 1)
    shown = [label.text() for label in empty.panel.findChildren(QLabel, "quoteSource")]
    assert shown == [f"Compute contracts report — {TimePoint.parse(source.published or '').label()}, p. {page}" for page in (1, 2)]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths in the message")
def test_file_add_source_is_in_the_file_menu(window: MainWindow) -> None:
    action = window.actions_by_name["actionAddSource"]
    assert action.text() == "Add &Source..." and action.isEnabled()
    menus = [a for a in window.menuBar().actions() if a.text() == "&File"]
    assert action in menus[0].menu().actions()


def test_cancel_while_a_file_is_read_stops_the_reading_and_adds_nothing(empty: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from gui.sources import add_dialog as add_source
    from model.work import Cancelled, checkpoint

    started, stopped = threading.Event(), threading.Event()

    def endless_read(path: str) -> object:  # a huge PDF: pages keep coming until the reading is cancelled
        started.set()
        try:
            while True:
                checkpoint("Reading the PDF's pages")
                stopped.wait(0.001)
        except Cancelled:
            stopped.set()
            raise

    monkeypatch.setattr(add_source, "ingest_file", endless_read)
    dialog = open_add_source(empty, qtbot)
    dialog.read_file(str(tmp_path / "huge.pdf"))
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert dialog.status.text() == "Reading huge.pdf..." and not dialog.add_button.isEnabled()
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(stopped.is_set, timeout=5000)
    assert empty.session.timeline.doc.sources == []
    assert not any(d.isVisible() for d in empty.findChildren(AddSourceDialog))


def test_a_quote_whose_source_changed_says_so_in_the_event_panel(empty: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.panels.event_panel import QuoteCard

    view = add_source(empty, WIRED, qtbot, title="Wired")
    select_words(view, SHARES, qtbot)
    view.request_new_event()
    qtbot.waitUntil(lambda: view.findChild(NewEventDialog) is not None, timeout=3000)
    dialog = view.findChild(NewEventDialog)
    dialog.date_field.clear()
    qtbot.keyClicks(dialog.date_field, "2025-03-10")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert empty.session.timeline.events[0].start == "2025-03-10"
    saved = tmp_path / "mine.json"
    save_and_reopen(empty, saved, qtbot)
    assert empty.session.timeline.quote_checks[(0, 0)].status is QuoteStatus.VERIFIED
    doc = json.loads(saved.read_text(encoding="utf-8"))
    written = doc["sources"][0]
    if "file" in written:  # someone edits the text file beside the timeline
        text_file = tmp_path / written["file"]
        text_file.write_text(text_file.read_text(encoding="utf-8").replace("350 million", "350 million (denied)"), encoding="utf-8")
    else:
        written["text"] = written["text"].replace("350 million", "350 million (denied)")
        saved.write_text(json.dumps(doc), encoding="utf-8")
    before = empty.session.timeline
    empty.open_path(str(saved))
    qtbot.waitUntil(lambda: empty.session.timeline is not before, timeout=10000)
    assert empty.session.timeline.quote_checks[(0, 0)].status is QuoteStatus.SOURCE_CHANGED
    empty.session.select(0)
    cards = empty.panel.findChildren(QuoteCard)
    assert cards and "source changed since quoted" in cards[0].accessibleDescription()


def test_edit_undo_takes_back_the_event_then_the_source(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    if "actionUndo" not in empty.actions_by_name:
        pytest.skip("Edit > Undo comes with the editing flow (model/editing.py's window side)")
    view = add_source(empty, WIRED, qtbot, title="Wired")
    select_words(view, SHARES, qtbot)
    view.request_new_event()
    qtbot.waitUntil(lambda: view.findChild(NewEventDialog) is not None, timeout=3000)
    qtbot.mouseClick(view.findChild(NewEventDialog).add_button, Qt.MouseButton.LeftButton)
    assert len(empty.session.timeline.events) == 1
    undo = empty.actions_by_name["actionUndo"]
    undo.trigger()
    assert empty.session.timeline.events == [] and len(empty.session.timeline.doc.sources) == 1
    undo.trigger()
    assert empty.session.timeline.doc.sources == []
    empty.actions_by_name["actionRedo"].trigger()
    empty.actions_by_name["actionRedo"].trigger()
    timeline = empty.session.timeline
    assert len(timeline.events) == 1 and timeline.quote_checks[(0, 0)].verified


def test_the_texts_context_menu_offers_both_passage_actions(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    view = add_source(empty, WIRED, qtbot, title="Wired")
    select_words(view, SHARES, qtbot)
    menu = view.context_menu(QPoint(20, 20))  # what a right-click in the text shows
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert entries["New Event from Selection"].isEnabled() and not entries["Add Quote to Selected Event"].isEnabled()
    entries["New Event from Selection"].trigger()
    qtbot.waitUntil(lambda: view.findChild(NewEventDialog) is not None, timeout=3000)
    assert "350 million" in view.findChild(NewEventDialog).findChild(QLabel, "newEventQuote").text()
    menu.deleteLater()


def test_a_typed_path_and_enter_reads_that_file(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_add_source(empty, qtbot)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.path_field.hasFocus, timeout=3000)  # the dialog opens ready for a path
    qtbot.keyClicks(dialog.path_field, str(WIRED))
    qtbot.keyClick(dialog.path_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ingested is not None, timeout=20000)
    assert dialog.isVisible() and "Monday, March 10, 2025" in dialog.preview.toPlainText()
    dialog.reject()


def test_a_very_long_path_keeps_the_dialog_on_the_screen(empty: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A 100,000-character name is said cut in its middle: the dialog was 232,000 pixels wide, its reason out of sight."""
    dialog = open_add_source(empty, qtbot)
    dialog.read_file("/tmp/" + "x" * 100_000 + ".txt")
    qtbot.waitUntil(lambda: "Reading" not in dialog.status.text(), timeout=20000)
    assert dialog.status.text().endswith("File name too long"), dialog.status.text()[-80:]
    assert "\u2026" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.width() < 1500, timeout=3000)
    assert dialog.status.sizeHint().width() < 1500
