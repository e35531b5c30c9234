"""Bugs a hostile first user found, each kept fixed by a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel

import gui.documents as documents_module
from gui.main_window import MainWindow
from gui.panels.claims_table import ClaimsSection
from model.errors import TimelineError
from model.formats.registry import open_timeline, save_timeline
from tests.gui.conftest import answer_reload, event_point
from tests.gui.test_large_open import big_timeline

ROOT = Path(__file__).resolve().parents[2]


def test_export_and_save_refuse_pipes_and_devices(tmp_path: Path, window: MainWindow) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "main.py", "--export", str(fifo)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert not window.export(str(fifo), (800, 600))
    with pytest.raises(OSError, match="not a regular file"):
        save_timeline(window.session.timeline, fifo)
    assert fifo.is_fifo()


def test_empty_export_name_fails_instead_of_opening_a_window() -> None:
    result = subprocess.run([sys.executable, "main.py", "--export", ""], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: --export needs a file name"]


def test_selecting_events_again_and_again_frees_old_panel_widgets(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.session.analysis is not None, timeout=5000)
    contract = window.session.timeline.event_by_id["openai-coreweave-contract"]
    ipo = window.session.timeline.event_by_id["coreweave-ipo"]
    for k in range(60):
        window.session.select(contract if k % 2 else ipo)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the running event loop does
    alive = [w for w in QApplication.allWidgets() if isinstance(w, ClaimsSection)]
    assert len(alive) <= 2


def test_a_newer_open_wins_over_a_slow_background_load(window: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents_module, "BACKGROUND_BYTES", 10_000)
    big = big_timeline(tmp_path / "big.json", 20_000)
    small = Path(__file__).resolve().parents[1] / "data" / "timelinejs_cosmological.json"
    window.open_path(str(big))
    assert window.open_path(str(small))
    qtbot.wait(1500)
    assert window.session.timeline.path == str(small)
    assert [Path(p).name for p in window.documents.watcher.files()] == [small.name]


def test_a_bad_byte_in_the_format_field_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b'{"format":"x\xffy","title":"t","events":[]}')
    with pytest.raises(TimelineError) as info:
        open_timeline(path)
    assert str(path) in str(info.value)


def test_clicking_the_first_event_does_not_move_the_view(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.fit_all()
    first = int(window.session.timeline.index.event_order[0])
    pos = event_point(window.view, first)
    before = window.view.x_range()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.session.selected == first
    assert window.view.x_range() == pytest.approx(before)


def test_own_save_does_not_ask_to_reload_and_a_broken_reload_keeps_watching(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.json"
    window.save_as(str(path))
    assert window.open_path(str(path))
    window.save_as(str(path))
    qtbot.wait(800)
    assert window.documents.prompt is None
    good = path.read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    os.replace(broken, path)  # how editors save
    answer_reload(window, qtbot)
    assert "line 1" in window.status.last_error
    replacement = tmp_path / "fixed.json"
    replacement.write_text(good.replace("Microsoft, OpenAI and CoreWeave", "Fixed story"), encoding="utf-8")
    os.replace(replacement, path)
    answer_reload(window, qtbot)
    qtbot.waitUntil(lambda: window.session.timeline.title.startswith("Fixed story"), timeout=5000)


def test_a_huge_title_is_shortened_for_display(window: MainWindow, tmp_path: Path) -> None:
    title = "T" * 2_000_000
    doc = {"title": title, "lanes": [{"id": "a", "name": "A"}],
           "events": [{"id": "e", "title": title, "start": "2025-01-01", "lanes": ["a"]}]}
    path = tmp_path / "big-title.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert window.open_path(str(path))
    window.session.select(0)
    shown = window.panel.findChildren(QLabel, "eventTitle")[0].text()
    assert shown.endswith("…") and len(shown) <= 400
    assert len(window.windowTitle()) < 200


def test_without_a_display_the_app_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--export" in result.stderr


def test_bidi_overrides_are_stripped_and_look_alike_hosts_show_as_punycode(window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPushButton

    doc = {"title": "red\u202etxt.exe", "lanes": [{"id": "a", "name": "A"}],
           "events": [{"id": "e", "title": "x\u2066y", "start": "2025-01-01", "lanes": ["a"], "link": " https://xn--80ak6aa92e.com/ "}]}
    path = tmp_path / "bidi.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert window.open_path(str(path))
    assert window.session.timeline.title == "redtxt.exe"
    window.session.select(0)
    assert window.panel.findChildren(QLabel, "eventTitle")[0].text() == "xy"
    buttons = window.panel.findChildren(QPushButton, "eventLink")
    assert [b.text() for b in buttons] == ["Open link: xn--80ak6aa92e.com"]
