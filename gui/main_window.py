"""The main window: assembles the session's views, panels, controllers, menus and status bar, and wires them.

The session (:mod:`model.session`) holds what is shown; :class:`~gui.documents.Documents` opens, watches, reloads
and saves; :class:`~gui.analysis.Analyses` compares sources in the background; :class:`~gui.status.Status` owns
the status bar and errors; every command is an action record (:mod:`gui.actions`) with a typed callback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QWidget

from gui import settings
from gui.actions import WINDOW_ACTIONS, keys_help
from gui.analysis import Analyses
from gui.canvas.legend import with_legend
from gui.canvas.timeline_view import TimelineView
from gui.documents import Documents
from gui.edit.controller import Editing
from gui.filters.panel import FilterParts, install_filter
from gui.focus import FocusRing, Panes, describe_timeline
from gui.identity import APP_NAME, version
from gui.menus import TimelineKeys, build_menus
from gui.panels.event_panel import EventPanel
from gui.panels.source_document import SourceDocument, open_figure, open_quote
from gui.panels.sources_list import SourcesList
from gui.search.results import Find
from gui.sources.flow import SourcesFlow
from gui.status import Status
from gui.style import Palette, Theme
from gui.widgets import add_dock, shorten, show_text_box
from gui.worker import Runner
from model.default import load_default
from model.session import NO_SELECTION, Session
from model.timeline import Timeline
from resources import resource

if TYPE_CHECKING:
    from gui.export.controller import ExportController
    from gui.export.files import ExportSpec
    from model.provenance.claims import QuotedFigure


KEEP_ON_CLOSE = ("saver", "recovery")
"""Background work a closing window lets finish: a save (or a recovery file) being written."""


class MainWindow(QMainWindow):
    """Timeline in the middle, the selected event's sources at the right."""

    analysisReady = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Timeline Viewer")
        self.session = Session(load_default())
        self.view = TimelineView(self.session)
        self.setCentralWidget(with_legend(self.view))
        self.analyses = Analyses(self.session, self.view.item.sigPainted, self)
        """Agreement and conflict per event; computed in a worker just after the first paint, not before it."""
        self.panel = EventPanel(self.session, self.analyses)
        self.panel_dock = add_dock(self, "Event sources", "sourceDock", self.panel)
        self.sources = SourcesList(self.session)
        self.sources_dock = add_dock(self, "Sources", "sourcesDock", self.sources)
        self.sources_dock.visibilityChanged.connect(self.sources.on_dock_visibility)
        self.sources_flow: SourcesFlow = SourcesFlow(self)
        self.sources.viewOpened.connect(self.sources_flow.attach)
        self.tabifyDockWidget(self.panel_dock, self.sources_dock)
        self.panel_dock.raise_()
        self.finder = Find(self, self.session, self.view.item.sigPainted)
        """Find (Ctrl+F), the search results dock, Go to Date; the index is built after the first paint."""
        self.status = Status(self, self.session)
        self.documents = Documents(self, self.session, self.status)
        self.progress = self.status.add_work(self.documents.loader, "loadProgress", "cancelLoading")
        self.analysis_progress = self.status.add_work(self.analyses.runner, "analysisProgress", "cancelAnalysis")
        self.status.finish()
        self.theme = Theme(self.session, self)
        self.theme.changed.connect(self._on_theme_changed)
        self._exporter: ExportController | None = None
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("menuRecent")
        self.recent_menu.aboutToShow.connect(lambda: self.documents.fill_recent_menu(self.recent_menu))
        self.actions_by_name: dict[str, QAction]
        self.actions_by_name, menus = build_menus(self, self, WINDOW_ACTIONS, after={"actionOpen": self.recent_menu})
        menus["&View"].addSeparator()
        menus["&View"].addActions([self.panel_dock.toggleViewAction(), self.sources_dock.toggleViewAction(),
                                   self.finder.dock.toggleViewAction()])
        self.timeline_keys = TimelineKeys(self.view, self, WINDOW_ACTIONS)
        self.focus_ring = FocusRing(self.view, self.theme.palette().focus)
        self.panes = Panes(self.view, [self.panel_dock, self.sources_dock, self.finder.dock])
        self.filters: FilterParts = install_filter(self)
        self._wire()
        self.documents.accept_drops(self)
        self._on_timeline_changed(self.session.timeline)
        self.editing = Editing(self)
        """Undo and redo, the event editor, lanes, saving and recovery."""
        self.documents.ask_first = self.editing.saving.unless_unsaved
        settings.restore_window(self)
        self.view.setFocus()

    def _wire(self) -> None:
        self.documents.failed.connect(lambda text: self.status.error("Cannot open timeline", text))
        self.documents.message.connect(self.status.show)
        self.analyses.ready.connect(self.analysisReady)
        self.analyses.failed.connect(lambda text: self.status.show(text, 10000))
        self.view.hoverChanged.connect(self.status.show)
        self.view.item.sigPainted.connect(self._on_first_paint)
        self.panel.showQuoteRequested.connect(self.show_quote)
        self.panel.showFigureRequested.connect(self.show_figure)
        self.session.events.selected.connect(self._on_selection_changed)
        self.session.events.timeline.connect(self._on_timeline_changed)

    # --- what the actions and tests call -------------------------------------------------------------------------
    def open_path(self, path: str, keep_view: bool = False) -> bool:
        """Open a timeline file, after asking about unsaved changes; on error say what is wrong and keep the open one."""
        return self.editing.saving.open(path, keep_view)

    def save_as(self, path: str) -> bool:
        """Write the open timeline to ``path`` (see :meth:`Documents.save_as`)."""
        return self.documents.save_as(path)

    def export(self, path: str, size: tuple[int, int] = (1920, 1080), whole: bool = True, spec: ExportSpec | None = None) -> bool:
        """Write a PNG, SVG or PDF (by the extension); an unwritable path gets a message and the app goes on."""
        from gui.export.files import ExportSpec

        return self.exporter().export(path, spec or ExportSpec(size), whole)

    def exporter(self) -> ExportController:
        """The export and print flows (loaded on first use, after start-up)."""
        from gui.export.controller import ExportController

        if self._exporter is None:
            self._exporter = ExportController(self)
        return self._exporter

    def show_conflicts(self) -> None:
        """View > Show Conflicts (once the sources are compared: the list opens when the worker is done)."""
        from gui.panels.conflicts import show_conflicts

        session, timeline = self.session, self.session.timeline
        if self.analyses.result is None:
            self.status.show("Comparing sources; the list of conflicts opens when that is done", 10000)
        self.analyses.when_ready(lambda analysis: session.timeline is timeline and show_conflicts(session, analysis, self))

    def show_quote(self, event: int, quote: int) -> SourceDocument | None:
        """Open the quote's source document with the quote highlighted."""
        return self.sources_flow.attached(open_quote(self, self.session.timeline, event, quote))

    def show_figure(self, event: int, figure: QuotedFigure) -> SourceDocument | None:
        """Open a figure's source with the figure highlighted inside its quote."""
        return self.sources_flow.attached(open_figure(self, self.session.timeline, event, figure))

    def show_keys(self) -> QMessageBox:
        """Help > Keyboard Shortcuts (generated from the actions)."""
        return show_text_box(self, "Keyboard shortcuts", keys_help(), "keysBox")

    def show_about(self) -> QMessageBox:
        """Help > About."""
        from gui.about import show_about

        return show_about(self)

    # --- reactions ---------------------------------------------------------------------------------------------------
    def _on_first_paint(self) -> None:
        """The icon and the app's version (from the package's metadata) load once the timeline is on screen."""
        self.view.item.sigPainted.disconnect(self._on_first_paint)
        QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.setWindowIcon(QIcon(str(resource("icon.svg"))))
        QApplication.setApplicationVersion(version())

    def _on_timeline_changed(self, timeline: Timeline) -> None:
        self.setWindowTitle(f"{shorten(timeline.title, 120)} — {APP_NAME}")
        self.actions_by_name["actionImportReport"].setEnabled(bool(timeline.warnings))
        describe_timeline(self.view, self.session)

    def _on_selection_changed(self, event: int) -> None:
        """A selection made anywhere (the Sources tab, the conflicts list) brings the event's sources forward."""
        if event != NO_SELECTION and self.panel_dock.toggleViewAction().isChecked():
            self.panel_dock.raise_()
        describe_timeline(self.view, self.session)

    def _on_theme_changed(self, palette: Palette) -> None:
        self.focus_ring.set_color(palette.focus)
        self.actions_by_name[f"actionTheme{self.theme.mode.title()}"].setChecked(True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Remember the window's layout, stop watching files and background work before closing."""
        settings.save_window(self)
        self.documents.unwatch()
        for runner in self.findChildren(Runner):  # loading, comparing, indexing, filtering stop; a save in flight ends
            if runner.name not in KEEP_ON_CLOSE:
                runner.cancel()
        super().closeEvent(event)
