"""Issue 9 in the window: nothing freezes, leaks or crashes, whatever the file (one test per item of the issue)."""

from __future__ import annotations

import errno
import gc
import json
import os
import threading
import time
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QTableWidget, QWidget

import gui.documents as documents_module
from benchmarks.reliability import HOSTILE, huge_source, huge_summary
from gui.main_window import MainWindow
from gui.panels.source_document import SourceDocument
from gui.panels.sources_list import SourceDocumentView
from tests.gui.conftest import answer_reload
from tests.gui.test_large_open import big_timeline

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and inodes are POSIX")


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def one_event(quotes: list[dict[str, str]], sources: list[dict[str, Any]], **event: Any) -> dict[str, Any]:
    return {"format": "timeline-viewer/1", "title": "T", "lanes": [{"id": "l", "name": "L"}], "sources": sources,
            "events": [{"id": "e", "title": "E", "start": "2024-05-01", "lanes": ["l"], "quotes": quotes, **event}]}


def flush_deletes() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the running event loop does


def loader_threads() -> int:
    return sum(t.name == "loader-worker" and t.is_alive() for t in threading.enumerate())


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents_module, "BACKGROUND_BYTES", 10_000)


# --- 1. replaced timelines are freed; superseded loads stop ------------------------------------------------------
@pytest.mark.usefixtures("small_threshold")
def test_a_replaced_large_timeline_is_freed(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = str(big_timeline(tmp_path / "big.json", 20_000))
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.path == path, timeout=20_000)
    assert gc.get_freeze_count() == 0  # no gc.freeze() outlives the load
    first = weakref.ref(window.session.timeline)
    window.open_path(path)  # reopened: the first copy must go
    qtbot.waitUntil(lambda: window.session.timeline is not first(), timeout=20_000)
    qtbot.waitUntil(lambda: window.documents.loader.current is None and window.analyses.runner.current is None
                    and window.finder.controller.builder.current is None, timeout=20_000)
    flush_deletes()

    def freed() -> bool:  # the releaser frees it in the background once nothing else holds it (model.work.Releaser)
        gc.collect()
        return first() is None

    qtbot.waitUntil(freed, timeout=10_000)


@pytest.mark.usefixtures("small_threshold")
def test_superseded_opens_stop_and_the_newest_wins(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = [str(big_timeline(tmp_path / f"big{k}.json", 20_000)) for k in range(8)]
    most = 0
    for path in paths:
        assert window.open_path(path) is False
        qtbot.wait(30)
        most = max(most, loader_threads())
    qtbot.waitUntil(lambda: window.session.timeline.path == paths[-1], timeout=30_000)
    qtbot.waitUntil(lambda: loader_threads() == 0, timeout=10_000)
    assert most == 1
    assert [Path(p).name for p in window.documents.watcher.files()] == ["big7.json"]


# --- 2. no freeze: a heartbeat keeps beating while each hostile file opens ----------------------------------------
FREEZE_FILES = {**{k: v for k, v in HOSTILE.items() if not k.endswith("-100MB")}, "source-40MB": lambda: huge_source(40_000_000),
                "summary-40MB": lambda: huge_summary(40_000_000)}
"""The issue's freeze files; the inline source and the summary at 40 MB here (100 MB in the benchmark)."""


@pytest.mark.parametrize("name", list(FREEZE_FILES))
def test_hostile_files_never_freeze_the_window(window: MainWindow, qtbot, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    path = str(write(tmp_path / f"{name}.json", FREEZE_FILES[name]()))
    window.analyses.now()  # the default timeline's analysis is not part of the measure
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(window)
    timer.timeout.connect(beat)
    timer.start(100)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.path == path, timeout=60_000)
    qtbot.waitUntil(lambda: window.session.analysis is not None, timeout=60_000)
    qtbot.wait(300)
    timer.stop()
    longest = max(gaps, default=0.0)
    assert longest < 1.0, f"the window froze for {longest:.2f} s"  # was minutes


def test_comparing_sources_can_be_cancelled(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = [{"id": s, "title": s, "publisher": s, "text": "They raised $5 billion, or $6 billion."} for s in "ab"]
    doc = one_event([], sources)
    doc["events"] = [{"id": f"e{k}", "title": "E", "start": "2024", "lanes": ["l"],
                      "quotes": [{"source": "a", "text": "$5 billion"}, {"source": "b", "text": "$6 billion"}]}
                     for k in range(20_000)]  # seconds of comparing
    path = str(write(tmp_path / "many.json", doc))
    window.analyses.now()
    assert window.open_path(path)
    qtbot.waitUntil(lambda: window.analysis_progress.isVisible(), timeout=5000)  # started after the first paint
    assert "Comparing sources" in window.analysis_progress.label.text()
    task = window.analyses.runner.current
    assert task is not None
    qtbot.mouseClick(window.analysis_progress.button, Qt.MouseButton.LeftButton)
    assert task.cancelled
    qtbot.waitUntil(lambda: window.analyses.runner.current is None, timeout=10_000)
    assert window.session.analysis is None  # a cancelled result is never applied


# --- 4. pipes ------------------------------------------------------------------------------------------------------
def test_a_pipe_is_refused_with_a_message(window: MainWindow, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    before = window.session.timeline
    assert not window.open_path(str(pipe))  # returns: does not block on the pipe
    assert window.session.timeline is before
    assert "is a named pipe, not a regular file" in window.status.last_error and str(pipe) in window.status.last_error
    sourced = write(tmp_path / "t.json", one_event([], [{"id": "s", "title": "S", "file": "pipe.json"}]))
    assert not window.open_path(str(sourced))
    assert "sources[0].file: cannot read 'pipe.json': is a named pipe" in window.status.last_error


# --- 5. link loops, NULs, surrogates -------------------------------------------------------------------------------
def test_a_source_in_a_loop_of_links_is_a_message(window: MainWindow, tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    path = write(tmp_path / "t.json", one_event([], [{"id": "s", "title": "S", "file": "a.txt"}]))
    assert not window.open_path(str(path))
    assert "it is a loop of symbolic links" in window.status.last_error


def test_a_dropped_url_with_an_encoded_nul_is_a_message(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("file:///tmp/a%00b.json")])
    pos = QPointF(window.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    assert "the name contains a NUL character" in window.status.last_error


def test_save_as_writes_a_lone_surrogate_escaped(window: MainWindow, tmp_path: Path) -> None:
    source = tmp_path / "s.json"
    source.write_text(json.dumps(one_event([], [], title="A\ud800B")), encoding="ascii")
    assert window.open_path(str(source))
    out = tmp_path / "out.json"
    assert window.save_as(str(out))
    assert "\\ud800" in out.read_text(encoding="ascii")
    assert window.open_path(str(out))
    assert window.session.timeline.events[0].title == "A\ud800B"


# --- 6. watching ---------------------------------------------------------------------------------------------------
def prompts() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "reloadPrompt" and w.isVisible()]


def test_changes_while_the_prompt_is_up_fold_into_it(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.json"
    window.save_as(str(path))
    assert window.open_path(str(path))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Microsoft, OpenAI and CoreWeave", "Edit 0"), encoding="utf-8")
    qtbot.waitUntil(lambda: len(prompts()) == 1, timeout=5000)
    for k in range(1, 12):  # rewritten every 100 ms while the prompt is up
        path.write_text(text.replace("Microsoft, OpenAI and CoreWeave", f"Edit {k}"), encoding="utf-8")
        qtbot.wait(100)
        assert len(prompts()) == 1
    qtbot.wait(600)
    assert len(prompts()) == 1
    answer_reload(window, qtbot)
    assert window.session.timeline.title.startswith("Edit 11")  # the reload reads the latest version
    qtbot.wait(600)
    assert prompts() == []  # the answer covered every change


def test_a_file_rewritten_every_250_ms_gets_one_prompt(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.json"
    window.save_as(str(path))
    assert window.open_path(str(path))
    text = path.read_text(encoding="utf-8")
    seen = 0
    for k in range(16):  # 4 s of rewriting: the watch must not wait for a quiet moment that never comes
        path.write_text(text.replace("Microsoft, OpenAI and CoreWeave", f"Edit {k}"), encoding="utf-8")
        qtbot.wait(250)
        seen = max(seen, len(prompts()))
        assert len(prompts()) <= 1
    assert seen == 1
    answer_reload(window, qtbot)
    assert window.session.timeline.title.startswith("Edit 15")


def test_the_watch_survives_delete_and_recreate_and_rename_over(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.json"
    window.save_as(str(path))
    assert window.open_path(str(path))
    text = path.read_text(encoding="utf-8")
    path.unlink()
    qtbot.waitUntil(lambda: "was removed" in window.statusBar().currentMessage(), timeout=5000)
    path.write_text(text.replace("Microsoft, OpenAI and CoreWeave", "Recreated"), encoding="utf-8")
    answer_reload(window, qtbot)
    qtbot.waitUntil(lambda: window.session.timeline.title.startswith("Recreated"), timeout=5000)
    other = tmp_path / "other.json"
    other.write_text(text.replace("Microsoft, OpenAI and CoreWeave", "Renamed over"), encoding="utf-8")
    os.replace(other, path)
    answer_reload(window, qtbot)
    qtbot.waitUntil(lambda: window.session.timeline.title.startswith("Renamed over"), timeout=5000)


@pytest.mark.usefixtures("small_threshold")
def test_a_change_during_an_open_waits_for_it(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.json"
    window.save_as(str(path))
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.timeline.path == str(path), timeout=10_000)
    big = str(big_timeline(tmp_path / "big.json", 60_000))
    window.open_path(big)
    task = window.documents.loader.current
    path.write_text(path.read_text(encoding="utf-8").replace("Microsoft, OpenAI and CoreWeave", "Edited"), encoding="utf-8")
    qtbot.waitUntil(lambda: window.session.timeline.path == big, timeout=30_000)
    assert task is not None and not task.cancelled  # the open was not dropped for the reload
    qtbot.wait(600)
    assert prompts() == []  # the changed file is no longer the one on screen


# --- 7. the prompt shows file names as plain text -------------------------------------------------------------------
def test_the_reload_prompt_shows_the_file_name_as_plain_text(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = "<h1>BIG <u>name<img src=red.png>.json"
    path = tmp_path / name
    window.save_as(str(path))
    assert window.open_path(str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("Microsoft, OpenAI and CoreWeave", "Edited"), encoding="utf-8")
    qtbot.waitUntil(lambda: window.documents.prompt is not None, timeout=5000)
    prompt = window.documents.prompt
    assert prompt is not None
    assert prompt.textFormat() == Qt.TextFormat.PlainText
    assert prompt.text() == f"{name} changed on disk. Reload it?"
    answer_reload(window, qtbot, yes=False)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert all(box.textFormat() == Qt.TextFormat.PlainText for box in boxes)


def test_error_boxes_show_file_names_as_plain_text(window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "<b>bold<i>x.json"
    bad.write_text("{", encoding="utf-8")
    window.open_path(str(bad))
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorBox" and w.isVisible()]
    assert boxes and all(isinstance(b, QMessageBox) and b.textFormat() == Qt.TextFormat.PlainText for b in boxes)
    assert "<b>bold<i>x.json" in boxes[-1].text()  # type: ignore[attr-defined]


# --- 8. Qt's UTF-16 positions ---------------------------------------------------------------------------------------
SOURCE = "𝐌𝐚𝐭𝐡 😀😀 notes. The deal was worth $11.9 billion over five years. 🎉 Later: it grew."


def emoji_timeline(tmp_path: Path) -> Path:
    quotes = [{"source": "s", "text": "The deal was worth $11.9 billion over five years."},
              {"source": "t", "text": "The deal was worth $12 billion."}]
    sources = [{"id": "s", "title": "S", "publisher": "P", "text": SOURCE},
               {"id": "t", "title": "T", "publisher": "Q", "text": "🎉 The deal was worth $12 billion."}]
    return write(tmp_path / "emoji.json", one_event(quotes, sources))


def test_show_in_source_highlights_the_quote_after_emoji(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(str(emoji_timeline(tmp_path)))
    window.session.select(0)
    button = window.panel.findChildren(QPushButton, "showInSource")[0]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    views = [w for w in QApplication.topLevelWidgets() if isinstance(w, SourceDocument) and w.isVisible()]
    assert views[-1].highlighted_text() == "The deal was worth $11.9 billion over five years."
    figure = next(f for f in window.analyses.of_event(0).figures if f.source == "s")  # type: ignore[union-attr]
    view = window.show_figure(0, figure)
    assert view is not None and view.highlighted_text() == "$11.9 billion"


def test_a_passage_click_after_emoji_selects_its_event(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(str(emoji_timeline(tmp_path)))
    view = window.sources.open_source("s")
    assert isinstance(view, SourceDocumentView)
    qtbot.waitExposed(view)
    window.session.select(-1)
    cursor = view.editor.textCursor()
    cursor.setPosition(view.positions.position(SOURCE.index("$11.9")))
    view.editor.setTextCursor(cursor)
    assert window.session.selected == 0
    window.session.select(-1)
    cursor.setPosition(view.positions.position(SOURCE.index("Later")))  # after the passage, before 🎉 it is outside
    view.editor.setTextCursor(cursor)
    assert window.session.selected == -1


# --- 9. bidi controls ----------------------------------------------------------------------------------------------
def test_bidi_overrides_are_not_shown(window: MainWindow, tmp_path: Path) -> None:
    quote = "It will take five years \u202egnp.exe"
    quotes = [{"source": "s", "text": quote}, {"source": "t", "text": "five years"}]
    sources = [{"id": "s", "title": "S", "publisher": "P", "text": quote},
               {"id": "t", "title": "T", "publisher": "Q", "text": "five years"}]
    claims = [{"name": "term \u202eevil", "value": "five years", "quotes": [0]},
              {"name": "term \u202eevil", "value": "5 years", "quotes": [1]}]
    path = write(tmp_path / "bidi.json", one_event(quotes, sources, claims=claims, link="https://example.com/\u202eabc"))
    assert window.open_path(str(path))
    window.session.select(0)
    shown = [label.text() for label in window.panel.findChildren(QLabel)]
    table = window.panel.findChildren(QTableWidget, "claimsTable")[0]
    shown += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(3)]
    shown += [b.toolTip() for b in window.panel.findChildren(QPushButton)]
    assert any("gnp.exe" in text for text in shown)
    assert any("term evil" in text for text in shown)
    assert not [text for text in shown if "\u202e" in text]


# --- 10. dialogs and views are freed --------------------------------------------------------------------------------
def test_closed_dialogs_and_views_are_deleted(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.analyses.now()
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")

    def round_trip() -> None:
        window.open_path(str(bad))
        window.show_conflicts()
        source = window.sources.open_source(window.session.timeline.doc.sources[0].id)
        assert source is not None
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() in ("errorBox", "conflictsDialog", "sourceView") and widget.isVisible():
                widget.close()
        flush_deletes()

    round_trip()
    before = len(QApplication.allWidgets())
    for _ in range(10):
        round_trip()
    assert len(QApplication.allWidgets()) <= before


# --- 11. a full disk is named ---------------------------------------------------------------------------------------
def test_a_full_disk_on_export_says_so(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import model.formats.writing

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(model.formats.writing.os, "fsync", full)
    out = tmp_path / "t.png"
    assert not window.export(str(out), (400, 300))
    assert "the disk is full" in window.status.last_error or "No space left on device" in window.status.last_error
    assert list(tmp_path.iterdir()) == []  # nothing half-written is left


def test_an_event_with_thousands_of_quotes_lists_a_few(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.panels.event_panel import CARDS_AT_ONCE, MAX_QUOTE_CARDS

    assert window.open_path(str(write(tmp_path / "f.json", HOSTILE["figures-2000"]())))
    began = time.perf_counter()
    window.session.select(0)
    assert len(window.panel.findChildren(QWidget, "quoteCard")) == CARDS_AT_ONCE  # the rest as the event loop comes round
    qtbot.waitUntil(lambda: len(window.panel.findChildren(QWidget, "quoteCard")) == MAX_QUOTE_CARDS, timeout=5000)
    assert time.perf_counter() - began < 3  # 4,000 cards took minutes
    assert window.panel.findChildren(QLabel, "moreQuotes")[0].text() == "… and 3,980 more quotes, not shown (at most 20 are listed)"


def test_a_new_selection_stops_the_cards_of_the_last_one(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.panels.event_panel import MAX_QUOTE_CARDS

    doc = HOSTILE["figures-2000"]()
    doc["events"].append({**doc["events"][0], "id": "few", "title": "Few", "quotes": doc["events"][0]["quotes"][:2]})
    assert window.open_path(str(write(tmp_path / "f.json", doc)))
    window.session.select(0)
    window.session.select(1)
    for _ in range(MAX_QUOTE_CARDS):  # as many turns of the event loop as event 0's cards would have needed
        turn = QTimer()
        turn.setSingleShot(True)
        with qtbot.waitSignal(turn.timeout, timeout=1000):
            turn.start(0)
    assert len(window.panel.findChildren(QWidget, "quoteCard")) == 2
    window.session.select(0)
    qtbot.waitUntil(lambda: len(window.panel.findChildren(QWidget, "quoteCard")) == MAX_QUOTE_CARDS, timeout=5000)
    titles = [label.text() for label in window.panel.findChildren(QLabel, "eventTitle")]
    assert titles == [doc["events"][0]["title"]]


def test_a_source_without_spaces_opens_in_seconds(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(str(write(tmp_path / "v.json", HOSTILE["verify-1.2MB"]())))
    began = time.perf_counter()
    view = window.sources.open_source("a")
    assert view is not None
    qtbot.waitExposed(view)
    assert time.perf_counter() - began < 10  # wrapping a megabyte without a space took 69 s
    view.close()


def test_a_megabyte_line_opens_at_once_and_highlights_the_right_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    import time as clock

    from gui.panels.source_document import SourceDocument
    from model.timeline import Source

    text = "x" * 600_000 + " the quoted words 🙂 here " + "y" * 600_000
    start = text.index("the quoted words")
    began = clock.perf_counter()
    view = SourceDocument(Source(id="s", title="Long"), text, around=start)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert clock.perf_counter() - began < 1.0  # a watchdog: laying the line out whole took seconds
    view.highlight([(start, start + len("the quoted words 🙂 here"))])
    assert view.highlighted_text() == "the quoted words 🙂 here"
    assert view.positions.offset(view.positions.position(start + 5)) == start + 5


def test_the_freeze_benchmark_hears_of_a_refused_file(window: MainWindow, tmp_path: Path) -> None:
    """benchmarks.reliability stops waiting once the window says why a file was refused (not after its 600 s cap)."""
    from types import SimpleNamespace

    from benchmarks.reliability import _error_text

    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "events": [{"id": "a", "title": "A", "start": "2025-02-30"}]}', encoding="utf-8")
    assert not window.open_path(str(bad))
    said = _error_text(SimpleNamespace(window=window))  # type: ignore[arg-type]
    assert said.startswith(str(bad)), said
