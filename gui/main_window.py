"""The main window: assembles the timeline, the side panel, menus and status bar, and wires them."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from gui import clipboard, settings, style
from gui.actions import WINDOW_ACTIONS, keys_help
from gui.app import APP_NAME, load
from gui.focus import FocusRing, describe_timeline, focus_pane
from gui.import_report import ImportReport, WarningsIndicator
from gui.legend import with_legend
from gui.menus import TimelineKeys, build_menus
from gui.source_panel import SourcePanel
from gui.source_view import SourceView
from gui.sources_view import SourcesView
from gui.state import NO_SELECTION, TimelineState
from gui.style import Palette, Theme, apply_to_view
from gui.timeline_view import PAN_FRACTION, ZOOM_STEP, TimelineView
from gui.widgets import plural, shorten
from model.default import load_default
from model.errors import Problem, TimelineError
from model.formats import FILE_FILTER
from model.provenance import QuoteStatus
from model.timeline import Timeline
from resources import resource

if TYPE_CHECKING:
    from gui.claims_table import ClaimsSection
    from model.claims import QuotedFigure, TimelineAnalysis

MAX_RECENT = 10
BACKGROUND_BYTES = 4 * 1024 * 1024
"""Files larger than this open in a worker thread, behind a progress bar."""


class LoadJob:
    """A timeline being read in a worker thread."""

    def __init__(self, path: str) -> None:
        self.result: Timeline | TimelineError | None = None
        self.cancelled = False
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(path,), daemon=True, name="timeline-loader").start()

    def _run(self, path: str) -> None:
        try:
            timeline = load(path)
            timeline.index  # noqa: B018  (built here, off the GUI thread)
            self.result = timeline
        except TimelineError as exc:
            self.result = exc
        except Exception as exc:  # noqa: BLE001  (a thread must report, not die silently)
            self.result = TimelineError(path, [Problem("", f"could not be read: {type(exc).__name__}: {exc}")])
        finally:
            self.done.set()

    def cancel(self) -> None:
        """Forget the result when it comes."""
        self.cancelled = True


class LoadProgress(QWidget):
    """A busy bar with a Cancel button, for the status bar."""

    def __init__(self, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("loadProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setMaximumWidth(160)
        bar.setAccessibleName("Opening file")
        button = QPushButton("Cancel")
        button.setObjectName("cancelLoading")
        button.clicked.connect(on_cancel)
        layout.addWidget(bar)
        layout.addWidget(button)
        self.setVisible(False)


class MainWindow(QMainWindow):
    """Timeline in the middle, the selected event's sources at the right."""

    analysisReady = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Timeline Viewer")
        self.state = TimelineState(load_default(), self)
        self.view = TimelineView(self.state)
        self.panel = SourcePanel(self.state)
        self.setCentralWidget(with_legend(self.view))
        self.panel_dock = self._dock("Event sources", "sourceDock", self.panel)
        self.sources = SourcesView(self.state)
        self.sources_dock = self._dock("Sources", "sourcesDock", self.sources)
        self.tabifyDockWidget(self.panel_dock, self.sources_dock)
        self.panel_dock.raise_()
        self.analysis: TimelineAnalysis | None = None
        self._analysis_pending = True
        self._icon_pending = True
        self.view.item.sigPainted.connect(self._on_painted)
        """Agreement and conflict per event; computed just after the first paint, not before it."""
        self.panel.extra_sections.append(self._claims_section)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("menuRecent")
        self.theme = Theme(self)
        self._panel_palette = style.current()
        self.theme.changed.connect(self._on_theme_changed)
        self._build_menus()
        self.timeline_keys = TimelineKeys(self.view, self, WINDOW_ACTIONS)
        self.focus_ring = FocusRing(self.view, style.current().focus)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.warnings_indicator = WarningsIndicator()
        self.statusBar().addPermanentWidget(self.warnings_indicator)
        self.progress = LoadProgress(self.cancel_loading)
        self._loading: LoadJob | None = None
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._reload_pending = False
        self.view.hoverChanged.connect(self._on_hover)
        self.panel.showQuoteRequested.connect(self.show_quote)
        self.state.selectionChanged.connect(self._on_selection_changed)
        self.state.timelineChanged.connect(self._on_timeline_changed)
        self.setAcceptDrops(True)
        self._on_timeline_changed()
        settings.restore_window(self)
        self.view.setFocus()

    # --- assembly --------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _build_menus(self) -> None:
        self.actions_by_name: dict[str, QAction]
        self.actions_by_name, menus = build_menus(self, self, WINDOW_ACTIONS, after={"actionOpen": self.recent_menu})
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        view_menu = menus["&View"]
        view_menu.addSeparator()
        view_menu.addAction(self.panel_dock.toggleViewAction())
        view_menu.addAction(self.sources_dock.toggleViewAction())

    # --- opening ---------------------------------------------------------------------------
    def open_path(self, path: str, keep_view: bool = False) -> bool:
        """Open a timeline file; on error say what is wrong and keep the open timeline.

        Large files load in a worker thread behind a progress bar with a Cancel button, so the
        window stays responsive; the result is applied when it arrives (returns False meanwhile).
        """
        if self._loading is not None:  # the newest request wins
            self._loading.cancel()
            self._loading = None
            self.progress.setVisible(False)
        try:
            large = os.path.getsize(path) > BACKGROUND_BYTES
        except OSError:
            large = False
        if large:
            self._load_in_background(path, keep_view)
            return False
        try:
            timeline = load(path)
        except TimelineError as exc:
            self._error("Cannot open timeline", exc.summary())
            return False
        return self._apply(path, timeline, keep_view)

    def _load_in_background(self, path: str, keep_view: bool) -> None:
        if self._loading is not None:
            self._loading.cancel()
        job = LoadJob(path)
        self._loading = job
        self.progress.setVisible(False)
        QTimer.singleShot(500, self, lambda: self.progress.setVisible(self._loading is job))
        self.statusBar().showMessage(f"Opening {Path(path).name}...")

        def poll() -> None:
            if job.cancelled:
                return
            if not job.done.is_set():
                QTimer.singleShot(50, self, poll)
                return
            self._loading = None
            self.progress.setVisible(False)
            self.statusBar().clearMessage()
            if isinstance(job.result, TimelineError):
                self._error("Cannot open timeline", job.result.summary())
            elif job.result is not None:
                self._apply(path, job.result, keep_view)

        QTimer.singleShot(50, self, poll)

    def cancel_loading(self) -> None:
        """Stop waiting for a file being opened; the open timeline stays."""
        if self._loading is not None:
            self._loading.cancel()
            self._loading = None
        self.progress.setVisible(False)
        self.statusBar().showMessage("Opening cancelled", 5000)

    def _apply(self, path: str, timeline: Timeline, keep_view: bool) -> bool:
        old_range = self.view.x_range()
        self.state.set_timeline(timeline, keep_selection=keep_view)
        if keep_view:
            self.view.show_range(*old_range)
        self._watch(path)
        self._add_recent(path)
        settings.remember_folder(path)
        return True

    def open_dialog(self) -> None:
        """File > Open."""
        path, _ = QFileDialog.getOpenFileName(self, "Open timeline", self._last_folder(),
                                              FILE_FILTER)
        if path:
            self.open_path(path)

    def _watch(self, path: str) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.watcher.addPath(path)

    def _on_file_changed(self, path: str) -> None:
        if self._reload_pending:
            return
        self._reload_pending = True
        QTimer.singleShot(300, self, lambda: self._offer_reload(path))

    def _offer_reload(self, path: str) -> None:
        self._reload_pending = False
        if not os.path.exists(path):
            self.statusBar().showMessage(f"{path} was removed or renamed on disk", 10000)
            return
        answer = QMessageBox.question(self, "File changed", f"{Path(path).name} changed on disk. Reload it?")
        if answer == QMessageBox.StandardButton.Yes:
            self.open_path(path, keep_view=True)
        if path not in self.watcher.files():
            self.watcher.addPath(path)  # editors save by renaming over the file, which ends the watch

    # --- recent files ----------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Recently opened files, newest first (kept across restarts)."""
        value = QSettings().value("recentFiles", [])
        files = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
        return [str(f) for f in files][:MAX_RECENT]

    def _add_recent(self, path: str) -> None:
        absolute = str(Path(path).resolve())
        files = [absolute] + [f for f in self.recent_files() if f != absolute]
        QSettings().setValue("recentFiles", files[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_path(p))
        if not files:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def _last_folder(self) -> str:
        return settings.last_folder()

    # --- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept a dropped local file."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open the dropped file."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_path(urls[0].toLocalFile())

    # --- saving and export -----------------------------------------------------------------
    def save_as_dialog(self) -> None:
        """File > Save As: the open timeline in the app's own format."""
        path, _ = QFileDialog.getSaveFileName(self, "Save timeline as", self._last_folder(), "Timeline (*.json)")
        if path:
            self.save_as(path if path.lower().endswith(".json") else path + ".json")

    def save_as(self, path: str) -> bool:
        """Write the open timeline to ``path``; an error is shown, nothing half-written is left."""
        from model.formats import save_timeline

        watched = [f for f in self.watcher.files() if os.path.realpath(f) == os.path.realpath(path)]
        if watched:
            self.watcher.removePaths(watched)  # our own write is not a change on disk to offer to reload
        try:
            save_timeline(self.state.timeline, path)
        except OSError as exc:
            self._error("Cannot save", f"Cannot write {path}: {exc.strerror or exc}")
            return False
        finally:
            if watched:
                self.watcher.addPaths(watched)
        self.statusBar().showMessage(f"Saved {path}", 8000)
        settings.remember_folder(path)
        return True

    def export_dialog(self) -> None:
        """File > Export as PNG."""
        from gui.export_dialog import ExportDialog

        dialog = ExportDialog(str(Path(self._last_folder()) / "timeline.png"), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, size, whole = dialog.options()
        self.export(path, size, whole)

    def export(self, path: str, size: tuple[int, int], whole: bool = True) -> bool:
        """Write a PNG; an unwritable path gets a message and the app goes on."""
        from gui.export import ExportError, render_timeline, save_png

        if not path:
            self._error("Cannot export", "No file name was given.")
            return False
        self.statusBar().showMessage(f"Exporting {path}...")
        try:
            image = render_timeline(self.state.timeline, size, None if whole else self.view.x_range(), self.state.selected)
            save_png(image, path)
        except ExportError as exc:
            self.statusBar().clearMessage()
            self._error("Cannot export", str(exc))
            return False
        self.statusBar().showMessage(f"Exported {path} ({size[0]} x {size[1]})", 8000)
        settings.remember_folder(path)
        return True

    # --- view and go -----------------------------------------------------------------------
    def zoom_in(self) -> None:
        """View > Zoom In."""
        self.view.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        """View > Zoom Out."""
        self.view.zoom(1 / ZOOM_STEP)

    def fit_all(self) -> None:
        """View > Fit All."""
        self.view.fit_all()

    def pan(self, direction: int) -> None:
        """View > Pan Earlier / Later."""
        self.view.pan(direction * PAN_FRACTION)

    def set_theme(self, mode: str) -> None:
        """View > Theme."""
        self.theme.set_mode(mode)

    def focus_pane(self, step: int) -> None:
        """Go > Next / Previous Pane (F6)."""
        focus_pane(self.view, [self.panel_dock, self.sources_dock], step)

    def copy_event(self) -> None:
        """Edit > Copy: the selected event with its quotes and their citations."""
        if self.state.selected == NO_SELECTION:
            self.statusBar().showMessage("Select an event to copy it with its sources", 5000)
            return
        clipboard.copy_event(self.state.timeline, self.state.selected)
        self.statusBar().showMessage("Copied the event with its quotes and citations", 5000)

    def show_import_report(self) -> ImportReport | None:
        """File > Import Report."""
        return self.warnings_indicator.open_report()

    def select_previous(self) -> None:
        """Go > Previous Event."""
        self.state.select_step(-1)

    def select_next(self) -> None:
        """Go > Next Event."""
        self.state.select_step(1)

    def clear_selection(self) -> None:
        """Go > Clear Selection."""
        self.state.select(NO_SELECTION)

    def show_conflicts(self) -> None:
        """View > Show Conflicts."""
        from gui.conflicts import show_conflicts

        show_conflicts(self)

    def show_quote(self, event: int, quote: int) -> SourceView | None:
        """Open the quote's source document with the quote highlighted."""
        timeline = self.state.timeline
        check = timeline.quote_checks.get((event, quote))
        if check is None or not check.verified:
            return None
        source = timeline.source_by_id[check.source]
        view = SourceView(source, timeline.source_texts[check.source], self)
        view.highlight([(check.start, check.end)])
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view

    # --- help ------------------------------------------------------------------------------
    def show_keys(self) -> QMessageBox:
        """Help > Keyboard Shortcuts (generated from the actions)."""
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", keys_help(), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("keysBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        return box

    def show_about(self) -> QMessageBox:
        """Help > About."""
        from gui.about import show_about

        return show_about(self)

    # --- status ----------------------------------------------------------------------------
    def _analyse(self) -> None:
        """Compare the sources of every event that has quotes or claims; mark the timeline."""
        from model.claims import analyse_timeline

        timeline = self.state.timeline
        analysis = analyse_timeline(timeline)
        if timeline is not self.state.timeline:
            return
        self.analysis = analysis
        self.view.item.set_marks(analysis.marks())
        self.analysisReady.emit()

    def _on_painted(self) -> None:
        """After the timeline is on screen, compare the sources and load the icon (the first paint waits for neither)."""
        if self._icon_pending:
            self._icon_pending = False
            self.setWindowIcon(QIcon(str(resource("icon.svg"))))
        if self._analysis_pending:
            self._analysis_pending = False
            QTimer.singleShot(0, self, self._analyse_if_needed)

    def _analyse_if_needed(self) -> None:
        if self.analysis is None:
            self._analyse()

    def ensure_analysis(self) -> TimelineAnalysis:
        """The analysis of the open timeline, computed now if it has not been yet."""
        if self.analysis is None:
            self._analyse()
        assert self.analysis is not None
        return self.analysis

    def _claims_section(self, panel: SourcePanel, i: int) -> ClaimsSection | None:
        from gui.claims_table import ClaimsSection, shown_figures

        analysis = self.ensure_analysis().events.get(i)
        if analysis is None or not (shown_figures(analysis) or analysis.comparisons):
            return None
        section = ClaimsSection(self.state.timeline, analysis)
        figures = section.figures  # the slot must not hold the section itself: that cycle would keep it alive
        section.figureActivated.connect(lambda row: self.show_figure(i, figures[row]))
        return section

    def show_figure(self, event: int, figure: QuotedFigure) -> SourceView | None:
        """Open a figure's source with the figure highlighted inside its quote."""
        from model.claims import source_span

        timeline = self.state.timeline
        check = timeline.quote_checks.get((event, figure.quote))
        span = source_span(timeline, event, figure)
        if check is None or not check.verified or span is None:
            return None
        view = SourceView(timeline.source_by_id[check.source], timeline.source_texts[check.source], self)
        view.highlight([(check.start, check.end), span], focus=span)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view

    def _on_timeline_changed(self) -> None:
        timeline = self.state.timeline
        self.analysis = None
        self._analysis_pending = True
        self.setWindowTitle(f"{shorten(timeline.title, 120)} — {APP_NAME}")
        unverified = sum(c.status is QuoteStatus.NOT_FOUND for c in timeline.quote_checks.values())
        parts = [plural(len(timeline.events), "event"), plural(len(timeline.lanes), "lane"), plural(len(timeline.doc.sources), "source")]
        if unverified:
            parts.append(f"{plural(unverified, 'unverified quote')}")
        text = " · ".join(parts)
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        self.warnings_indicator.set_warnings(timeline.path or "", timeline.warnings)
        self.actions_by_name["actionImportReport"].setEnabled(bool(timeline.warnings))
        self.statusBar().clearMessage()
        describe_timeline(self.view, self.state)

    def _on_selection_changed(self, event: int) -> None:
        """A selection made anywhere (the Sources tab, the conflicts list) brings the event's sources forward."""
        if event != NO_SELECTION and self.panel_dock.toggleViewAction().isChecked():
            self.panel_dock.raise_()
        describe_timeline(self.view, self.state)

    def _on_theme_changed(self, palette: Palette) -> None:
        apply_to_view(self.view, palette)
        self.focus_ring.set_color(palette.focus)
        if palette is not self._panel_palette:  # the panels were built in the light one
            self._panel_palette = palette
            self.panel.refresh()
            self.sources.refresh()
        for action in self.actions_by_name.values():
            if action.objectName() == f"actionTheme{self.theme.mode.title()}":
                action.setChecked(True)

    def _on_hover(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _error(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text.splitlines()[0], QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if "\n" in text:
            box.setDetailedText(text)
            box.setInformativeText("\n".join(text.splitlines()[1:6]))
        box.setObjectName("errorBox")
        self.last_error = text
        box.open()

    last_error = ""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Remember the window's layout and stop watching files before closing."""
        settings.save_window(self)
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        super().closeEvent(event)
