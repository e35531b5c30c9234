"""What users expect of a desktop app: keyboard use, copy with citation, remembered layout, import report, About."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QWidget,
)

from gui.main_window import MainWindow
from gui.panels.event_panel import QuoteCard
from gui.panels.import_report import ImportReport
from gui.panels.source_document import SourceDocument
from gui.style import DARK, LIGHT
from model.session import NO_SELECTION
from tests.gui.conftest import event_point

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def open_views() -> list[SourceDocument]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, SourceDocument) and w.isVisible()]


@pytest.fixture(autouse=True)
def close_dialogs() -> Iterator[None]:
    """Source views and reports opened by a test do not outlive it; nor does the clipboard's content.

    (Offscreen Qt 6.11 crashes at exit when the clipboard still holds mime data set from Python.)
    """
    yield
    QGuiApplication.clipboard().clear()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (SourceDocument, ImportReport)) and widget.isVisible():
            widget.close()


# --- keyboard ---------------------------------------------------------------------------------
def test_tab_goes_from_the_timeline_to_the_quotes_and_their_buttons(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    event = window.session.selected
    assert event != NO_SELECTION
    qtbot.waitUntil(lambda: all(c.isVisible() for c in window.panel.findChildren(QuoteCard)), timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    first = QApplication.focusWidget()
    assert isinstance(first, QuoteCard)
    quote = window.session.timeline.events[event].quotes[0].text
    assert first.accessibleName().startswith("Quote 1 of") and quote[:20] in first.accessibleName()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    button = QApplication.focusWidget()
    assert isinstance(button, QPushButton) and button.objectName() == "showInSource"


def test_focused_parts_are_visibly_marked(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.session.select(window.session.timeline.event_by_id["coreweave-fleet"])
    qtbot.waitUntil(lambda: all(c.isVisible() for c in window.panel.findChildren(QuoteCard)), timeout=5000)
    card = window.panel.findChildren(QuoteCard)[0]
    card.setFocus()
    qtbot.waitUntil(card.hasFocus, timeout=5000)
    focused = card.grab().toImage().pixelColor(1, card.height() // 2)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=5000)
    unfocused = card.grab().toImage().pixelColor(1, card.height() // 2)
    ring = window.view.grab().toImage().pixelColor(window.view.width() // 2, 0)
    assert ring.name() == LIGHT.focus.name()
    assert focused.name() == LIGHT.focus.name() and unfocused.name() != LIGHT.focus.name()
    button = window.panel.findChildren(QPushButton, "showInSource")[0]
    before = button.grab().toImage().pixelColor(1, button.height() // 2)
    button.setFocus()
    qtbot.waitUntil(lambda: not window.view.hasFocus(), timeout=5000)
    assert window.view.grab().toImage().pixelColor(window.view.width() // 2, 0).name() != LIGHT.focus.name()
    ring = button.grab().toImage().pixelColor(1, button.height() // 2)
    assert ring.name() == LIGHT.highlight.name() != before.name()


def test_return_presses_a_focused_show_in_source(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.session.select(window.session.timeline.event_by_id["coreweave-fleet"])
    button = window.panel.findChildren(QPushButton, "showInSource")[0]
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(open_views()) == 1, timeout=5000)
    view = open_views()[0]
    close = view.findChild(QDialogButtonBox).buttons()[0]
    qtbot.keyClick(view.find_box, Qt.Key.Key_Return)  # finding must not press Close
    assert view.isVisible()
    qtbot.keyClick(close, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not open_views(), timeout=5000)


def test_f6_moves_between_the_timeline_and_the_panels(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.session.select(0)
    qtbot.waitUntil(lambda: all(c.isVisible() for c in window.panel.findChildren(QuoteCard)), timeout=5000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert window.panel.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert window.sources.isAncestorOf(QApplication.focusWidget()) and window.sources.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.view
    qtbot.keyClick(window.view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.sources.isAncestorOf(QApplication.focusWidget())


def test_every_control_has_an_accessible_name(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessible

    from gui.export.dialog import ExportDialog

    window.session.timeline.source_by_id["wired"].url = "https://example.com/wired"
    window.session.select(window.session.timeline.event_by_id["coreweave-fleet"])
    view = window.show_quote(window.session.selected, 0)
    assert view is not None
    window.open_path(str(DATA / "timelinejs_sloppy.json"))
    window.session.select(0)
    report = window.status.warnings_indicator.open_report()
    dialog = ExportDialog("out.png", "Title", "Subtitle", parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    for top in (window, view, report, dialog):
        controls = [w for w in top.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(top)]
        assert len(controls) >= 2
        nameless = [f"{type(w).__name__} {w.objectName()} in {type(w.parentWidget()).__name__}" for w in controls
                    if not isinstance(w.parentWidget(), (QAbstractSpinBox, QAbstractScrollArea))  # a part of a named control
                    if not QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name).strip()]
        assert not nameless, nameless


def test_the_timeline_says_which_event_is_selected(window: MainWindow) -> None:
    assert window.view.accessibleDescription().startswith("No event selected")
    i = window.session.timeline.event_by_id["coreweave-fleet"]
    window.session.select(i)
    event = window.session.timeline.events[i]
    description = window.view.accessibleDescription()
    assert description.startswith(f"Selected: {event.title}, {window.session.timeline.date_label(i)}")


# --- panel --------------------------------------------------------------------------------------
def test_panel_header_is_shown_whole_at_launch(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.panel.findChild(QLabel, "panelHint").isVisible(), timeout=5000)
    for name in ("panelTitle", "panelSummary", "panelHint"):
        label = window.panel.findChild(QLabel, name)
        assert label.height() >= label.heightForWidth(label.width()), name
    window.resize(700, 500)
    qtbot.waitUntil(lambda: all(label.height() >= label.heightForWidth(label.width())
                                for label in window.panel.findChildren(QLabel) if label.isVisible()), timeout=5000)


def test_quotes_header_counts_quotes_and_sources(window: MainWindow) -> None:
    timeline = window.session.timeline
    i = next(k for k, e in enumerate(timeline.events) if len({q.source for q in e.quotes}) == 2 and len(e.quotes) > 2)
    window.session.select(i)
    header = window.panel.findChild(QLabel, "quotesHeader").text()
    assert header == f"{len(timeline.events[i].quotes)} quotes from 2 sources"


def test_clicking_an_event_brings_its_sources_forward(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTabBar

    tabs = next(bar for bar in window.findChildren(QTabBar) if bar.count() >= 2 and bar.tabText(0) == "Event sources")
    window.sources_dock.raise_()
    qtbot.waitUntil(lambda: tabs.tabText(tabs.currentIndex()) == "Sources", timeout=5000)
    pos = event_point(window.view, 0)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.session.selected == 0
    qtbot.waitUntil(lambda: tabs.tabText(tabs.currentIndex()) == "Event sources", timeout=5000)


def test_hover_text_goes_when_the_pointer_leaves(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_stress import hover

    pos = event_point(window.view, 0)
    hover(window.view, pos)
    assert window.session.timeline.events[0].title[:20] in window.statusBar().currentMessage()
    hover(window.view, QPoint(2, 2))
    assert window.statusBar().currentMessage() == ""
    hover(window.view, pos)
    assert window.statusBar().currentMessage()
    from PySide6.QtCore import QEvent

    QApplication.sendEvent(window.view, QEvent(QEvent.Type.Leave))
    assert window.statusBar().currentMessage() == ""
    assert window.view.item.hovered == -1


# --- copy ---------------------------------------------------------------------------------------
def test_copy_quote_with_citation(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    timeline.source_by_id["wired"].url = "https://example.com/wired?a=1&b=2"
    i = timeline.event_by_id["coreweave-fleet"]
    window.session.select(i)
    card = window.panel.findChildren(QuoteCard)[0]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    quote = timeline.events[i].quotes[0]
    source = timeline.source_by_id[quote.source]
    text = QGuiApplication.clipboard().mimeData().text()
    assert text.startswith('"') and " ".join(quote.text.split())[:30] in text
    assert text.endswith(f'" — {source.title}, {source.publisher}, 12 March 2025, {source.url}')
    rich = QGuiApplication.clipboard().mimeData().html()
    assert f"<cite>{source.title}</cite>" in rich and '<a href="https://example.com/wired?a=1&amp;b=2">' in rich


def test_copy_event_puts_text_and_html_on_the_clipboard(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline = window.session.timeline
    i = timeline.event_by_id["coreweave-fleet"]
    window.session.select(i)
    window.actions_by_name["actionCopy"].trigger()
    mime = QGuiApplication.clipboard().mimeData()
    lines = mime.text().splitlines()
    event = timeline.events[i]
    assert lines[:2] == [event.title, timeline.date_label(i)]
    assert event.summary in lines
    assert sum(line.startswith('"') and " — " in line for line in lines) == len(event.quotes)
    assert f"<h3>{event.title}</h3>" in mime.html() and mime.html().count("<blockquote>") == len(event.quotes)


def test_copied_html_escapes_data_text() -> None:
    from gui.clipboard import event_html, event_text
    from model.default import load_default

    timeline = load_default()
    timeline.events[0].title = "<b>bold</b> & <script>"
    assert "<b>bold</b>" not in event_html(timeline, 0) and "&lt;b&gt;bold" in event_html(timeline, 0)
    assert event_text(timeline, 0).startswith("<b>bold</b> & <script>")


# --- import report ------------------------------------------------------------------------------
def test_import_report_lists_every_warning_and_clears_on_the_next_open(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert not window.status.warnings_indicator.isVisible()
    window.open_path(str(DATA / "timelinejs_sloppy.json"))
    warnings = window.session.timeline.warnings
    assert warnings and window.status.warnings_indicator.isVisible()
    assert window.status.warnings_indicator.text() == f"⚠ {len(warnings)} import warnings"
    assert "import warning" not in window.status.count_label.text()  # no longer squeezed into the counts
    qtbot.mouseClick(window.status.warnings_indicator, Qt.MouseButton.LeftButton)
    report = window.status.warnings_indicator.report
    assert report is not None and report.isVisible()
    lines = report.lines()
    assert lines == [
        "the title is a list; its first slide was used (1)", "  at title",
        "slides without a start date were skipped (as TimelineJS skips them) (2)",
        "  at events[4].start_date", "  at events[5].start_date",
        "eras without a start and an end year were skipped (1)", "  at eras[1]",
        "duplicate unique_id values were made unique (1)", "  at events[6].unique_id",
    ]
    assert sum(not line.startswith("  ") for line in lines) == len({w.kind for w in warnings})
    assert sum(line.startswith("  at ") for line in lines) == len(warnings)  # every warning, each at its place
    window.open_path(str(DATA / "timelinejs_cosmological.json"))
    assert not window.status.warnings_indicator.isVisible()
    qtbot.waitUntil(lambda: window.status.warnings_indicator.report is None, timeout=5000)
    assert not window.actions_by_name["actionImportReport"].isEnabled()


def test_import_report_lists_thousands_of_places_and_words_that_say_more(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.panels.import_report import MAX_PLACES, ImportReport
    from model.errors import Problem

    warnings = [Problem(f"row {k}", "unknown columns were ignored", "unknown columns were ignored") for k in range(MAX_PLACES + 5)]
    warnings.append(Problem("events[2].date", "read '1999ish' as 1999", "dates were read leniently"))
    warnings.append("a line from elsewhere")  # type: ignore[arg-type]
    report = ImportReport("big.csv", warnings)
    qtbot.addWidget(report)
    lines = report.lines()
    assert lines[0] == f"unknown columns were ignored ({MAX_PLACES + 5:,})"
    assert lines[1:3] == ["  at row 0", "  at row 1"] and lines[MAX_PLACES + 1] == "  and 5 more places of this kind"
    assert lines[-3:] == ["dates were read leniently (1)", "  at events[2].date: read '1999ish' as 1999", "a line from elsewhere (1)"]


# --- settings -----------------------------------------------------------------------------------
def test_layout_and_theme_are_restored_in_the_next_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(760, 520)
    first.move(20, 30)
    first.resizeDocks([first.panel_dock], [300], Qt.Orientation.Horizontal)
    first.sources_dock.setFloating(True)
    first.theme.set_mode("dark")
    qtbot.waitUntil(lambda: abs(first.panel_dock.width() - 300) < 40, timeout=5000)
    panel_width = first.panel_dock.width()
    geometry = first.geometry()
    first.close()
    assert QSettings().value("theme") == "dark"

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.theme.mode == "dark" and second.actions_by_name["actionThemeDark"].isChecked()
    assert second.size() == geometry.size()
    assert second.sources_dock.isFloating()
    assert second.panel_dock.width() == panel_width
    second.theme.set_mode("light")


def test_window_opens_within_the_screen_even_after_a_larger_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow()
    qtbot.addWidget(first)
    area = first.screen().availableGeometry()
    assert first.width() <= area.width() * 0.9 + 1 and first.height() <= area.height() * 0.9 + 1
    first.show()
    qtbot.waitExposed(first)
    first.resize(area.width() * 2, area.height() * 2)  # what a size saved at scale 1 is on a screen at scale 2
    qtbot.waitUntil(lambda: first.width() > area.width(), timeout=5000)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    qtbot.waitUntil(lambda: area.contains(second.frameGeometry()), timeout=5000)
    assert second.width() < area.width() and second.height() < area.height()


def test_save_as_starts_in_documents_then_in_the_last_folder(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda *_: str(documents))
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]), "")[1:] + ("",))
    window.actions_by_name["actionSaveAs"].trigger()
    assert [Path(a).parent for a in asked] == [documents]  # proposed as a file in that folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert window.save_as(str(elsewhere / "t.json"))
    window.actions_by_name["actionSaveAs"].trigger()
    assert Path(asked[-1]).parent == elsewhere


# --- themes -------------------------------------------------------------------------------------
def test_dark_theme_repaints_canvas_and_panel(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    light = window.view.grab().toImage().pixelColor(window.view.width() // 2, window.view.height() // 2)
    window.actions_by_name["actionThemeDark"].trigger()
    window.view.item.ensure_layout()
    image = window.view.grab().toImage()
    dark = image.pixelColor(window.view.width() // 2, window.view.height() // 2)
    assert light.lightness() > 200 and dark.lightness() < 60
    qtbot.waitUntil(lambda: window.panel.palette().color(window.panel.backgroundRole()).name() == DARK.window.name(), timeout=5000)
    window.actions_by_name["actionThemeLight"].trigger()
    assert window.theme.mode == "light"


def test_export_stays_light_in_the_dark_theme(window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    window.theme.set_mode("dark")
    target = tmp_path / "dark.png"
    assert window.export(str(target), (1600, 900))
    image = QImage(str(target))
    assert image.pixelColor(800, 500).lightness() > 200
    window.theme.set_mode("light")


# --- about and version ------------------------------------------------------------------------
def test_about_names_the_versions(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph
    import PySide6
    from PySide6.QtCore import qVersion

    from gui.identity import version

    box = window.show_about()
    qtbot.addWidget(box)
    text = box.text()
    for part in (f"Timeline Viewer {version()}", f"Qt {qVersion()}", f"PySide6 {PySide6.__version__}",
                 f"pyqtgraph {pyqtgraph.__version__}", "Licence:"):
        assert part in text
    qtbot.waitUntil(lambda: not window.windowIcon().isNull(), timeout=3000)  # set just after the first paint


def test_the_application_version_is_set_once_the_timeline_is_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from gui.identity import version

    QApplication.setApplicationVersion("")
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: QApplication.applicationVersion() == version(), timeout=3000)  # read after the first paint


def test_main_prints_its_version() -> None:
    from gui.identity import version

    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"Timeline Viewer {version()}"
    assert version()[0].isdigit()


# --- source viewer ------------------------------------------------------------------------------
def test_find_in_a_source_and_its_original_link(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    window.session.timeline.source_by_id["wired"].url = "https://example.com/wired"
    i = window.session.timeline.event_by_id["coreweave-fleet"]
    view = window.show_quote(i, 0)
    assert view is not None
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    qtbot.keyClick(view.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_box.hasFocus()
    qtbot.keyClicks(view.find_box, "CoreWeave")
    qtbot.keyClick(view.find_box, Qt.Key.Key_Return)
    assert view.highlighted_text().lower() == "coreweave"
    first = view.editor.textCursor().selectionStart()
    qtbot.keyClick(view.find_box, Qt.Key.Key_F3)
    assert view.editor.textCursor().selectionStart() != first and view.highlighted_text().lower() == "coreweave"
    view.find_box.setText("no such words anywhere")
    assert not view.find_next() and view.find_status.text() == "Not found"
    link = view.findChild(QPushButton, "sourceLink")
    source = window.session.timeline.source_by_id["wired"]
    assert link is not None and not opened
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert opened == [source.url]
    source.url = "javascript:alert(1)"
    other = window.show_quote(i, 0)
    assert other is not None and other.findChild(QPushButton, "sourceLink") is None


def test_system_theme_follows_the_desktop_scheme(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import gui.style

    hints = QGuiApplication.styleHints()
    assert window.theme.mode == "system" and window.actions_by_name["actionThemeSystem"].isChecked()
    monkeypatch.setattr(gui.style, "system_palette", lambda: DARK)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.view.item.palette is DARK
    window.theme.set_mode("light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.view.item.palette is LIGHT  # a chosen theme stays


def test_sources_tab_stays_quick_with_thousands_of_sources(window: MainWindow) -> None:
    import time

    from gui.panels.sources_list import MAX_SOURCES
    from model.default import load_default
    from model.timeline import Source

    timeline = load_default()
    timeline.doc.sources.extend(Source(id=f"s{k}", title=f"Source {k}") for k in range(5000))
    window.sources_dock.raise_()
    started = time.perf_counter()
    window.session.open(timeline)
    window.sources.entries()
    assert time.perf_counter() - started < 1  # watchdog: a card for each of 5,000 sources takes many seconds
    assert len(window.sources.entries()) == MAX_SOURCES
    more = window.sources.findChild(QLabel, "sourcesMore")
    assert more is not None and more.text().startswith(f"and {5003 - MAX_SOURCES:,} more sources")
