"""Imported files as a user sees them: media in the panel (a local image as a thumbnail), the author's dates,
import warnings on the command line, and an Open dialog that offers every format."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from gui.main_window import MainWindow
from model.formats.registry import FILE_FILTER
from tests.gui.conftest import event_point

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "data" / "formats"


def labels(window: MainWindow, name: str) -> list[str]:
    return [w.text() for w in window.panel.findChildren(QLabel, name)]


def click_event(window: MainWindow, qtbot, event_id: str) -> None:  # type: ignore[no-untyped-def]
    i = window.session.timeline.event_by_id[event_id]
    pos = event_point(window.view, i)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.session.selected == i, timeout=2000)
    assert window.session.selected == i


def test_media_shows_as_media_with_a_local_thumbnail_not_as_quotes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_path(str(FORMATS / "timelinejs3_media.json"))
    click_event(window, qtbot, "first-revelation")
    assert labels(window, "mediaCaption") == ["Portrait by Alfred Edward Chalon"]
    assert labels(window, "mediaCredit") == ["Credit: Wikimedia Commons"]
    assert labels(window, "quoteText") == [] and labels(window, "quotesHeader") == ["No source quotes"]
    thumbnail = window.panel.findChild(QLabel, "mediaThumbnail")
    assert thumbnail is not None
    qtbot.waitUntil(thumbnail.isVisible, timeout=2000)
    assert (thumbnail.pixmap().width(), thumbnail.pixmap().height()) == (120, 90)
    assert thumbnail.accessibleName() == "A painted portrait"
    image = thumbnail.grab().toImage()
    top, bottom = image.pixelColor(5, 2), image.pixelColor(5, 87)
    assert top.blue() > top.red() and bottom.red() > bottom.blue()  # the picture, blue at the top, orange below


def test_a_web_image_is_never_fetched_only_offered_as_a_link(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_path(str(FORMATS / "timelinejs3_media.json"))
    click_event(window, qtbot, "printemps")
    assert window.panel.findChild(QLabel, "mediaThumbnail") is None
    assert labels(window, "mediaUrl") == ["https://upload.wikimedia.org/wikipedia/commons/a/a9/Example.jpg"]
    buttons = [b.text() for b in window.panel.findChildren(QPushButton, "mediaLink")]
    assert buttons == ["Open media: example.org"]


def test_the_authors_date_is_shown_with_the_date_the_app_placed_it_on(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_path(str(FORMATS / "timelinejs3_media.json"))
    click_event(window, qtbot, "printemps")
    assert labels(window, "eventDisplayDate") == ["\u201c15 avril 2002 \u2013 2 mai 2002\u201d in the author's words"]
    assert labels(window, "eventDate") == ["15 April 2002 \u2013 2 May 2002"]


def test_import_warnings_are_counted_in_the_window(window: MainWindow) -> None:
    window.open_path(str(FORMATS / "spreadsheet_year_title_group.csv"))
    assert window.status.warnings_indicator.text() == "⚠ 2 import warnings"  # the status bar's indicator opens the report
    report = window.status.warnings_indicator.open_report()
    assert report is not None
    lines = report.lines()
    assert [line for line in lines if not line.startswith("  ")] == ["columns read (1)", "rows without a date were skipped (1)"]
    assert any(line.startswith('  at row 5, column "year"') for line in lines)  # plain text in the report, never markup
    report.close()


def test_the_open_dialog_offers_every_format(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[str] = []

    def fake_dialog(*args: object, **kwargs: object) -> tuple[str, str]:
        offered.append(str(args[3]))
        return str(FORMATS / "house.timeline"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_dialog)
    window.actions_by_name["actionOpen"].trigger()
    assert offered == [FILE_FILTER]
    assert all(f"*{Path(name).suffix}" in FILTER_PATTERNS() for name in os.listdir(FORMATS) if "." in name)
    assert window.session.timeline.path == str(FORMATS / "house.timeline")
    assert [lane.name for lane in window.session.timeline.lanes] == ["Building the house", "Family", "Work"]


def FILTER_PATTERNS() -> str:  # noqa: N802 - reads like the constant it splits
    return FILE_FILTER.split(";;")[0]


def test_export_prints_the_warning_count_and_still_succeeds(tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "main.py", "--export", str(out), str(FORMATS / "spreadsheet_year_title_group.csv")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0
    lines = result.stderr.splitlines()
    assert lines[0] == "2 import warnings:"
    assert lines[1].startswith("  columns read (1): row 1: read as a spreadsheet of dated rows: date from \"year\"")
    assert lines[2] == '  rows without a date were skipped (1): row 5, column "year"'


def test_an_embed_code_shows_its_words_not_its_markup(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "embed.json"
    path.write_text('{"events": [{"start_date": {"year": 2020}, "text": {"headline": "Tweet"}, "media": {"url": '
                    '"<blockquote class=\\"twitter-tweet\\"><p>Hello <b>world</b></p></blockquote>"}}]}', encoding="utf-8")
    window.open_path(str(path))
    window.session.select(0)
    assert labels(window, "mediaUrl") == ["Embedded content: Hello world"]
    assert window.panel.findChildren(QPushButton, "mediaLink") == []
