"""A large file opens in the background behind a progress bar, and can be cancelled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gui.documents as documents_module
from gui.main_window import MainWindow


def big_timeline(path: Path, n: int) -> Path:
    events = [{"id": f"e{i}", "title": f"Event number {i} of the archive", "start": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
               "lanes": [f"l{i % 3}"]} for i in range(n)]
    doc = {"title": "Big", "lanes": [{"id": f"l{k}", "name": f"Lane {k}"} for k in range(3)], "events": events}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents_module, "BACKGROUND_BYTES", 10_000)


@pytest.mark.usefixtures("small_threshold")
def test_large_file_loads_in_the_background(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = big_timeline(tmp_path / "big.json", 20_000)
    before = window.session.timeline
    assert window.open_path(str(path)) is False  # not yet: it is loading
    assert window.session.timeline is before
    qtbot.waitUntil(lambda: window.session.timeline.title == "Big", timeout=20_000)
    assert len(window.session.timeline.events) == 20_000
    assert not window.progress.isVisible()


@pytest.mark.usefixtures("small_threshold")
def test_cancelled_load_keeps_the_open_timeline(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = big_timeline(tmp_path / "big.json", 20_000)
    before = window.session.timeline
    window.open_path(str(path))
    task = window.documents.loader.current
    assert task is not None
    window.documents.cancel()
    assert task.cancelled
    qtbot.waitUntil(lambda: window.documents.loader.current is None, timeout=20_000)  # the thread has ended
    assert window.session.timeline is before
    assert window.statusBar().currentMessage() == "Opening cancelled"


@pytest.mark.usefixtures("small_threshold")
def test_a_small_file_naming_large_source_files_opens_in_the_background(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text("Déjà vu. " * 1_000 + "They raised $5 billion.", encoding="utf-8")
    (tmp_path / "sources" / "b.txt").write_text("Short. They raised $5 billion.", encoding="utf-8")
    doc = {"format": "timeline-viewer/1", "title": "Sourced", "lanes": [{"id": "l", "name": "Lane"}],
           "sources": [{"id": "a", "title": "A", "file": "sources/a.txt"}, {"id": "b", "title": "B", "file": "sources/b.txt"}],
           "events": [{"id": "e", "title": "E", "start": "2024-05-01", "lanes": ["l"],
                       "quotes": [{"source": "a", "text": "They raised $5 billion."}]}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # 400 bytes naming 9 KB of sources: over the 10,000 with both
    before = window.session.timeline
    assert window.open_path(str(path)) is False  # the sources are read in the loader's thread
    assert window.session.timeline is before
    qtbot.waitUntil(lambda: window.session.timeline.title == "Sourced", timeout=20_000)
    assert window.session.timeline.source_texts["a"].endswith("They raised $5 billion.")
    assert all(check.verified for check in window.session.timeline.quote_checks.values())
    doc["sources"].pop(0)
    doc["events"][0]["quotes"][0]["source"] = "b"
    path.write_text(json.dumps(doc), encoding="utf-8")  # the small source alone: read here, on screen at once
    assert window.open_path(str(path)) is True
    assert window.session.timeline.source_texts == {"b": "Short. They raised $5 billion."}
