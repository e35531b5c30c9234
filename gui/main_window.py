"""The main window: assembles the timeline, the side panel, menus and status bar, and wires them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from gui import clipboard, settings, style
from gui.actions import WINDOW_ACTIONS, keys_help
from gui.analysis import Analyses
from gui.app import APP_NAME
from gui.canvas.legend import with_legend
from gui.canvas.timeline_view import PAN_FRACTION, ZOOM_STEP, TimelineView
from gui.documents import Documents
from gui.filter_panel import FilterParts, install_filter
from gui.focus import FocusRing, describe_timeline, focus_pane
from gui.menus import TimelineKeys, build_menus
from gui.panels.event_panel import SourcePanel
from gui.panels.import_report import ImportReport, WarningsIndicator
from gui.panels.source_document import SourceView
from gui.panels.sources_list import SourcesView
from gui.style import Palette, Theme
from gui.widgets import display_text, plural, shorten
from gui.worker import WorkProgress
from model.default import load_default
from model.provenance.quotes import UNVERIFIED
from model.session import NO_SELECTION, Session
from model.timeline import Timeline
from resources import resource

if TYPE_CHECKING:
    from gui.export.controller import ExportController
    from gui.export.files import ExportSpec
    from gui.panels.claims_table import ClaimsSection
    from model.provenance.claims import QuotedFigure, TimelineAnalysis

MAX_RECENT = 10


class MainWindow(QMainWindow):
    """Timeline in the middle, the selected event's sources at the right."""

    analysisReady = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Timeline Viewer")
        self.session = Session(load_default())
        self.view = TimelineView(self.session)
        self.panel = SourcePanel(self.session)
        self.setCentralWidget(with_legend(self.view))
        self.panel_dock = self._dock("Event sources", "sourceDock", self.panel)
        self.sources = SourcesView(self.session)
        self.sources_dock = self._dock("Sources", "sourcesDock", self.sources)
        self.tabifyDockWidget(self.panel_dock, self.sources_dock)
        self.panel_dock.raise_()
        self.analyses = Analyses(self.session, self)
        """Agreement and conflict per event; computed in a worker just after the first paint, not before it."""
        self._analysis_pending = True
        self._exporter: ExportController | None = None
        self._icon_pending = True
        self.view.item.sigPainted.connect(self._on_painted)
        self.analyses.ready.connect(self._on_analysis_ready)
        self.analyses.failed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.panel.extra_sections.append(self._claims_section)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("menuRecent")
        self.theme = Theme(self.session, self)
        self.theme.changed.connect(self._on_theme_changed)
        self._build_menus()
        self.timeline_keys = TimelineKeys(self.view, self, WINDOW_ACTIONS)
        self.focus_ring = FocusRing(self.view, style.current().focus)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.warnings_indicator = WarningsIndicator()
        self.statusBar().addPermanentWidget(self.warnings_indicator)
        self.documents = Documents(self)
        self.documents.opened.connect(self._apply)
        self.documents.failed.connect(lambda text: self._error("Cannot open timeline", text))
        self.documents.message.connect(self._on_message)
        self.watcher = self.documents.watcher
        self.progress = WorkProgress(self.documents.loader, "loadProgress", self.cancel_loading, "cancelLoading")
        self.analysis_progress = WorkProgress(self.analyses.runner, "analysisProgress", self.analyses.runner.cancel, "cancelAnalysis")
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.analysis_progress)
        self.statusBar().addPermanentWidget(self.count_label)
        self.view.hoverChanged.connect(self._on_hover)
        self.panel.showQuoteRequested.connect(self.show_quote)
        self.filters: FilterParts = install_filter(self)
        self.session.events.selected.connect(self._on_selection_changed)
        self.session.events.timeline.connect(self._on_timeline_changed)
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
        return self.documents.open(path, keep_view)

    def cancel_loading(self) -> None:
        """Stop the file being opened; the open timeline stays."""
        self.documents.cancel()

    def _apply(self, path: str, timeline: Timeline, keep_view: bool) -> None:
        self.session.open(timeline, keep_selection=keep_view, keep_range=keep_view)
        self._add_recent(path)
        settings.remember_folder(path)

    def _on_message(self, text: str, timeout: int) -> None:
        if text:
            self.statusBar().showMessage(text, timeout)
        else:
            self.statusBar().clearMessage()

    def open_dialog(self) -> None:
        """File > Open."""
        from model.formats.registry import FILE_FILTER  # the importers load on first use, not at start-up

        path, _ = QFileDialog.getOpenFileName(self, "Open timeline", self._last_folder(), FILE_FILTER)
        if path:
            self.open_path(path)

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
        from model.formats.registry import save_timeline

        try:
            save_timeline(self.session.timeline, path)
        except (OSError, ValueError) as exc:  # ValueError: text that cannot be written (never a silent failure)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._error("Cannot save", f"Cannot write {path}: {reason}")
            return False
        finally:
            self.documents.note_own_write(path)  # our own write is not a change on disk to offer to reload
        self.statusBar().showMessage(f"Saved {path}", 8000)
        settings.remember_folder(path)
        return True

    def export_dialog(self) -> None:
        """File > Export."""
        self.exporter().run_dialog()

    def export(self, path: str, size: tuple[int, int] = (1920, 1080), whole: bool = True, spec: ExportSpec | None = None) -> bool:
        """Write a PNG, SVG or PDF (by the extension); an unwritable path gets a message and the app goes on."""
        from gui.export.files import ExportSpec

        return self.exporter().export(path, spec or ExportSpec(size), whole)

    def print_preview(self) -> None:
        """File > Print, through a preview."""
        self.exporter().print_preview()

    def exporter(self) -> ExportController:
        """The export and print flows (loaded on first use, after start-up)."""
        from gui.export.controller import ExportController

        if self._exporter is None:
            self._exporter = ExportController(self)
        return self._exporter

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
        if self.session.selected == NO_SELECTION:
            self.statusBar().showMessage("Select an event to copy it with its sources", 5000)
            return
        clipboard.copy_event(self.session.timeline, self.session.selected)
        self.statusBar().showMessage("Copied the event with its quotes and citations", 5000)

    def show_import_report(self) -> ImportReport | None:
        """File > Import Report."""
        return self.warnings_indicator.open_report()

    def select_previous(self) -> None:
        """Go > Previous Event."""
        self.session.select_step(-1)

    def select_next(self) -> None:
        """Go > Next Event."""
        self.session.select_step(1)

    def clear_selection(self) -> None:
        """Go > Clear Selection."""
        self.session.select(NO_SELECTION)

    def show_conflicts(self) -> None:
        """View > Show Conflicts (once the sources are compared: the list opens when the worker is done)."""
        from gui.panels.conflicts import show_conflicts

        if self.analysis is not None:
            show_conflicts(self)
            return
        self.statusBar().showMessage("Comparing sources; the list of conflicts opens when that is done", 10000)
        timeline = self.session.timeline

        def when_ready() -> None:
            self.analyses.ready.disconnect(when_ready)
            if self.session.timeline is timeline:
                show_conflicts(self)

        self.analyses.ready.connect(when_ready)
        self.analyses.start()

    def show_quote(self, event: int, quote: int) -> SourceView | None:
        """Open the quote's source document with the quote highlighted."""
        timeline = self.session.timeline
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
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def show_about(self) -> QMessageBox:
        """Help > About."""
        from gui.about import show_about

        return show_about(self)

    # --- status ----------------------------------------------------------------------------
    @property
    def analysis(self) -> TimelineAnalysis | None:
        """The open timeline's analysis, once the worker has delivered it."""
        return self.analyses.result

    def _on_analysis_ready(self) -> None:
        analysis = self.analyses.result
        if analysis is not None:
            self.analysisReady.emit()

    def _on_painted(self) -> None:
        """After the timeline is on screen, compare the sources and load the icon (the first paint waits for neither)."""
        if self._icon_pending or self._analysis_pending:
            QTimer.singleShot(0, self, self._after_paint)  # out of the paint itself

    def _after_paint(self) -> None:
        if self._icon_pending:
            self._icon_pending = False
            self.setWindowIcon(QIcon(str(resource("icon.svg"))))
        if self._analysis_pending:
            self._analysis_pending = False
            self.analyses.start()

    def ensure_analysis(self) -> TimelineAnalysis:
        """The analysis of the open timeline, computed now if the worker has not delivered it yet."""
        return self.analyses.now()

    def _claims_section(self, panel: SourcePanel, i: int) -> ClaimsSection | None:
        from gui.panels.claims_table import ClaimsSection, shown_figures

        analysis = self.analyses.of_event(i)
        if analysis is None or not (shown_figures(analysis) or analysis.comparisons):
            return None
        section = ClaimsSection(self.session.timeline, analysis)
        figures = section.figures  # the slot must not hold the section itself: that cycle would keep it alive
        section.figureActivated.connect(lambda row: self.show_figure(i, figures[row]))
        return section

    def show_figure(self, event: int, figure: QuotedFigure) -> SourceView | None:
        """Open a figure's source with the figure highlighted inside its quote."""
        from model.provenance.claims import source_span

        timeline = self.session.timeline
        check = timeline.quote_checks.get((event, figure.quote))
        span = source_span(timeline, event, figure)
        if check is None or not check.verified or span is None:
            return None
        view = SourceView(timeline.source_by_id[check.source], timeline.source_texts[check.source], self)
        view.highlight([(check.start, check.end), span], focus=span)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view

    def _on_timeline_changed(self, _timeline: Timeline | None = None) -> None:
        timeline = self.session.timeline
        self._analysis_pending = True
        self.setWindowTitle(f"{shorten(timeline.title, 120)} — {APP_NAME}")
        unverified = sum(c.status in UNVERIFIED for c in timeline.quote_checks.values())
        parts = [plural(len(timeline.events), "event"), plural(len(timeline.lanes), "lane"), plural(len(timeline.doc.sources), "source")]
        if unverified:
            parts.append(f"{plural(unverified, 'unverified quote')}")
        text = " · ".join(parts)
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        self.warnings_indicator.set_warnings(timeline.path or "", timeline.warnings)
        self.actions_by_name["actionImportReport"].setEnabled(bool(timeline.warnings))
        self.statusBar().clearMessage()
        describe_timeline(self.view, self.session)

    def _on_selection_changed(self, event: int) -> None:
        """A selection made anywhere (the Sources tab, the conflicts list) brings the event's sources forward."""
        if event != NO_SELECTION and self.panel_dock.toggleViewAction().isChecked():
            self.panel_dock.raise_()
        describe_timeline(self.view, self.session)

    def _on_theme_changed(self, palette: Palette) -> None:
        self.focus_ring.set_color(palette.focus)
        for action in self.actions_by_name.values():
            if action.objectName() == f"actionTheme{self.theme.mode.title()}":
                action.setChecked(True)

    def _on_hover(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _error(self, title: str, text: str) -> None:
        text = display_text(text)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text.splitlines()[0], QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if "\n" in text:
            box.setDetailedText(text)
            box.setInformativeText("\n".join(text.splitlines()[1:6]))
        box.setObjectName("errorBox")
        self.last_error = text
        box.open()

    last_error = ""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Remember the window's layout, stop watching files and background work before closing."""
        settings.save_window(self)
        self.documents.unwatch()
        self.documents.loader.cancel()
        self.analyses.runner.cancel()
        super().closeEvent(event)

