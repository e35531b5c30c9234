"""Text from data files is plain text; links open only on a click and only for http(s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton

from gui.main_window import MainWindow

HOSTILE = "<b>bold</b> <a href='file:///etc/passwd'>click</a> <img src=x onerror=alert(1)> &amp;"


def write(tmp_path: Path, link: str) -> Path:
    doc = {
        "title": HOSTILE,
        "lanes": [{"id": "a", "name": "<i>Lane</i>"}],
        "sources": [{"id": "s", "title": "<script>x</script>", "text": "Plain <b>source</b> text."}],
        "events": [{"id": "e", "title": HOSTILE, "start": "2025-01-01", "lanes": ["a"], "summary": HOSTILE, "link": link,
                    "quotes": [{"source": "s", "text": "<b>source</b>"}], "notes": [HOSTILE]}],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_markup_in_data_is_shown_literally(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(str(write(tmp_path, "https://example.com/a")))
    window.session.select(0)
    labels = window.panel.findChildren(QLabel)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    texts = [label.text() for label in labels]
    assert HOSTILE in texts
    assert any(HOSTILE in t for t in texts if t.startswith("•"))
    assert not any(label.openExternalLinks() for label in labels)


@pytest.mark.parametrize(
    ("link", "button"),
    [("https://example.com/a", True), ("http://example.com", True), ("javascript:alert(1)", False),
     ("file:///etc/passwd", False), ("ftp://example.com/x", False), ("not a url", False)],
)
def test_links_open_only_on_click_and_only_for_http(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    qtbot, link: str, button: bool) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert window.open_path(str(write(tmp_path, link)))
    window.session.select(0)
    buttons = window.panel.findChildren(QPushButton, "eventLink")
    assert bool(buttons) == button
    assert opened == []
    if button:
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
        assert [u.toString() for u in opened] == [link]
