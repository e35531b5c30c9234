"""Tools > Suggest Events, as a user works it: choose a source, tick candidates, add them; long sources can be cancelled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTreeWidgetItem

from gui.main_window import MainWindow
from gui.sources.suggest_cli import SourceError, read_source
from gui.sources.suggest_dialog import SuggestDialog
from model.editing import DeleteEvent


def open_dialog(window: MainWindow, qtbot) -> SuggestDialog:  # type: ignore[no-untyped-def]
    window.actions_by_name["actionSuggestEvents"].trigger()
    dialog = window.findChild(SuggestDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog: SuggestDialog, qtbot, source_id: str) -> None:  # type: ignore[no-untyped-def]
    index = dialog.source_box.findData(source_id)
    assert index >= 0
    dialog.source_box.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not dialog.runner.busy and dialog.tree.topLevelItemCount() > 0, timeout=10_000)


def row(dialog: SuggestDialog, date: str) -> QTreeWidgetItem:
    items = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    found = [item for item in items if item is not None and item.text(0) == date]
    assert len(found) == 1, [item.text(0) for item in items if item is not None]
    return found[0]


def tick(dialog: SuggestDialog, qtbot, item: QTreeWidgetItem) -> None:  # type: ignore[no-untyped-def]
    dialog.tree.setFocus()
    dialog.tree.setCurrentItem(item)
    qtbot.keyClick(dialog.tree.viewport(), Qt.Key.Key_Space)
    assert item.checkState(0) == Qt.CheckState.Checked


def test_the_contract_of_10_march_2025_is_suggested_at_day_precision_and_added_as_a_verified_event(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    choose(dialog, qtbot, "wired")
    assert dialog.published.text() == "2025-03-12"
    quoted = row(dialog, "10 March 2025")  # the default story's contract event already quotes this sentence
    assert quoted.text(3) == "already quoted by: OpenAI signs $11.9B contract with CoreWeave"
    assert not quoted.flags() & Qt.ItemFlag.ItemIsEnabled
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(SuggestDialog) is None, timeout=3000)  # closed dialogs are freed
    assert window.editing.apply(DeleteEvent("openai-coreweave-contract"))  # a timeline still without it
    dialog = open_dialog(window, qtbot)
    choose(dialog, qtbot, "wired")
    contract = row(dialog, "10 March 2025")
    assert contract.text(1).startswith("The announcement, which took place on Monday, March 10, 2025,")
    assert contract.text(3) == "a new event"
    dialog.tree.setCurrentItem(contract)
    assert dialog.quote.toPlainText().startswith("The announcement, which took place on Monday, March 10, 2025,")
    before = len(window.session.timeline.events)
    tick(dialog, qtbot, contract)
    assert "1 ticked" in dialog.status.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    timeline = window.session.timeline
    assert len(timeline.events) == before + 1
    added = timeline.events.index(next(e for e in timeline.events if e.title.startswith("The announcement, which took place")))
    event = timeline.events[added]
    assert event.start == "2025-03-10" and set(event.lanes) == {"microsoft", "coreweave"}
    assert timeline.quote_checks[(added, 0)].verified
    assert row(dialog, "10 March 2025").text(3).startswith("already quoted by: The announcement")
    assert "Added 1 candidate" in dialog.status.text()
    dialog.close()
    window.actions_by_name["actionUndo"].trigger()  # one edit, taken back at once
    assert len(window.session.timeline.events) == before
    window.actions_by_name["actionRedo"].trigger()
    assert len(window.session.timeline.events) == before + 1


def test_candidates_already_quoted_or_vague_cannot_be_ticked(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    choose(dialog, qtbot, "wired")
    january = row(dialog, "January 2023")
    assert january.text(3) == "already quoted by: Microsoft invests billions in OpenAI"
    assert not january.flags() & Qt.ItemFlag.ItemIsEnabled
    vague = row(dialog, "vague: soon")
    assert vague.text(3) == "nothing: no date in the sentence" and not vague.flags() & Qt.ItemFlag.ItemIsEnabled
    choose(dialog, qtbot, "blog")
    texts = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert texts == ["vague: Recently", "vague: lately"]  # the blog states no date at all
    assert not dialog.add_button.isEnabled()


def test_a_candidate_matching_an_event_adds_a_quote_to_it(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "note.txt"
    note.write_text("Analysts said Microsoft put billions into OpenAI in January 2023. Nothing else.\n", encoding="utf-8")
    dialog = open_dialog(window, qtbot)
    dialog.open_file(str(note))
    qtbot.waitUntil(lambda: not dialog.runner.busy and dialog.tree.topLevelItemCount() == 1, timeout=10_000)
    item = row(dialog, "January 2023")
    assert item.text(2) == "Microsoft, OpenAI" and item.text(3) == "a quote to: Microsoft invests billions in OpenAI"
    tick(dialog, qtbot, item)
    events = len(window.session.timeline.events)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    timeline = window.session.timeline
    assert len(timeline.events) == events
    source = timeline.doc.sources[-1]
    assert source.title == "note.txt" and source.file == f"sources/{source.id}.txt"
    event = next(i for i, e in enumerate(timeline.events) if e.title == "Microsoft invests billions in OpenAI")
    quotes = timeline.events[event].quotes
    assert quotes[-1].source == source.id and quotes[-1].text.startswith("Analysts said Microsoft")
    assert timeline.quote_checks[(event, len(quotes) - 1)].verified
    assert dialog.source_id == source.id  # the file is now one of the timeline's sources


def test_a_long_source_is_read_in_the_worker_and_can_be_cancelled(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.txt"
    big.write_text("On Monday, March 10, 2025, Microsoft met OpenAI. Recently it rained. " * 150_000, encoding="utf-8")
    dialog = open_dialog(window, qtbot)
    dialog.open_file(str(big))
    assert dialog.runner.busy  # the window is free while it reads
    cancel = dialog.findChild(QPushButton, "suggestCancel")
    assert cancel is not None
    qtbot.waitUntil(cancel.isVisible, timeout=5_000)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.runner.busy and dialog.runner.current is None, timeout=20_000)
    assert dialog.tree.topLevelItemCount() == 0
    assert dialog.status.text().startswith("Cancelled")


def test_a_bad_published_date_and_a_binary_file_are_reported_in_one_line(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, qtbot)
    choose(dialog, qtbot, "wired")
    dialog.published.setText("12/03/2025")
    dialog.published.editingFinished.emit()
    assert dialog.status.text().startswith("Published: not a date")
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    dialog.open_file(str(binary))
    qtbot.waitUntil(lambda: not dialog.runner.busy and "not UTF-8 text" in dialog.status.text(), timeout=10_000)
    assert dialog.file_path is None and dialog.source_box.findData(None) == -1
    dialog.close()
    QApplication.processEvents()


def test_read_source_refuses_a_source_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gui.sources.suggest_cli

    monkeypatch.setattr(gui.sources.suggest_cli, "MAX_SOURCE_BYTES", 10)
    path = tmp_path / "long.txt"
    path.write_text("x" * 11, encoding="utf-8")
    with pytest.raises(SourceError, match="more than the 10"):
        read_source(str(path))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_an_empty_tick_box_shows_in_either_theme(window: MainWindow, qtbot, theme: str) -> None:  # type: ignore[no-untyped-def]
    window.actions_by_name[f"actionTheme{theme.title()}"].trigger()  # View > Theme
    dialog = open_dialog(window, qtbot)
    choose(dialog, qtbot, "wired")
    item = row(dialog, "12 March 2025")  # addable, not ticked, not selected (January 2025 is quoted by Stargate)
    rect = dialog.tree.visualItemRect(item)
    image = dialog.tree.viewport().grab().toImage()
    background = image.pixelColor(rect.right() - 2, rect.center().y()).lightness()
    box = [image.pixelColor(x, y).lightness() for x in range(rect.left(), rect.left() + 24) for y in range(rect.top(), rect.bottom())]
    assert sum(abs(v - background) > 90 for v in box) >= 12  # the box's edges stand out from the row


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_suggest_refuses_a_named_pipe_empty_and_folder_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    (tmp_path / "empty.txt").write_bytes(b"")
    main = Path(__file__).resolve().parents[2] / "main.py"
    for name, reason in (("pipe.txt", "named pipe"), ("empty.txt", "empty"), (".", "directory")):
        done = subprocess.run([sys.executable, str(main), "--suggest", str(tmp_path / name)], capture_output=True,
                              text=True, timeout=60, check=False)  # a pipe used to block here for ever
        assert done.returncode == 2, (name, done.stderr)
        assert done.stderr.count("\n") == 1 and reason in done.stderr and str(tmp_path / name) in done.stderr


@pytest.mark.parametrize(("content", "kind"), [
    ('<!doctype html><html><head><meta name="date" content="2025-03-27"></head><body><p>On 27 March 2025.</p></body></html>',
     "an HTML page"),
    ("%PDF-1.4\n1 0 obj << >> endobj 2025-03-27", "a PDF"),
])
def test_read_source_refuses_a_page_or_pdf_read_as_text(tmp_path: Path, content: str, kind: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=f"{kind}, not plain text: add it with File > Add Source"):
        read_source(str(path))
    (tmp_path / "plain.txt").write_text("<b> is how a page makes text bold, as of 27 March 2025.", encoding="utf-8")
    assert read_source(str(tmp_path / "plain.txt")).startswith("<b>")  # text that merely starts with a tag is text
