"""The export and print flows of the main window: ask, draw, write; report what went wrong in one message."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog

from gui.export import ExportError, ExportSpec, Format, export, paint_on, render_preview, with_picture
from gui.export_dialog import ExportDialog

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class ExportController:
    """File > Export and File > Print for one window: the window's timeline, view and selection."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: ExportDialog | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.printer: QPrinter | None = None
        """Kept while its preview is open: the dialog does not own it."""

    def _marks(self) -> dict[int, str]:
        return self.window.ensure_analysis().marks()

    def _extent(self, spec: ExportSpec, whole: bool) -> ExportSpec:
        """The spec with the window's view and selection for "current view", or fitting everything."""
        view = self.window.view
        if whole:
            return with_picture(spec, view_range=None, selected=-1)
        return with_picture(spec, view_range=view.x_range(), selected=self.window.state.selected)

    # --- export ------------------------------------------------------------------------------
    def run_dialog(self) -> None:
        """File > Export: ask, then write."""
        timeline = self.window.state.timeline
        folder = Path(self.window._last_folder())
        self.dialog = dialog = ExportDialog(str(folder / "timeline.png"), timeline.title[:2000], timeline.doc.description[:4000],
                                            self._preview, self.window)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            path, spec, whole = dialog.options()
        finally:
            self.dialog = None
            dialog.deleteLater()
        self.export(path, spec, whole)

    def _preview(self, spec: ExportSpec, fmt: Format, whole: bool, room: QSize) -> QImage:
        return render_preview(self.window.state.timeline, self._extent(spec, whole), fmt, room, self._marks())

    def export(self, path: str, spec: ExportSpec, whole: bool = True) -> bool:
        """Write the picture; an unwritable path or a bad name gets a message and the app goes on."""
        window = self.window
        if not path:
            window._error("Cannot export", "No file name was given.")
            return False
        window.statusBar().showMessage(f"Exporting {path}...")
        try:
            fmt = export(window.state.timeline, path, self._extent(spec, whole), self._marks())
        except ExportError as exc:
            window.statusBar().clearMessage()
            window._error("Cannot export", str(exc))
            return False
        size = "" if fmt is not Format.PNG else f" ({spec.size[0]} x {spec.size[1]})"
        window.statusBar().showMessage(f"Exported {path}{size}", 8000)
        return True

    # --- print -------------------------------------------------------------------------------
    def print_preview(self) -> QPrintPreviewDialog:
        """File > Print: the current view on a landscape page, shown in a preview first."""
        self.printer = printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # fonts measured as on screen, drawn as vectors
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(self.window.state.timeline.title[:200])
        self.preview = preview = QPrintPreviewDialog(printer, self.window)
        preview.setObjectName("printPreview")
        preview.resize(self.window.size() * 0.9)
        preview.paintRequested.connect(self._on_paint_requested)
        preview.finished.connect(self._on_preview_finished)
        preview.open()
        return preview

    def _on_preview_finished(self) -> None:
        if self.preview is not None:
            self.preview.deleteLater()
        self.preview = self.printer = None

    def _on_paint_requested(self, printer: QPrinter) -> None:
        page = printer.pageRect(QPrinter.Unit.DevicePixel)
        device = QSizeF(page.width(), page.height())
        spec = self._extent(replace(ExportSpec(), size=(round(page.width()), round(page.height()))), whole=False)
        painter = QPainter()
        if not painter.begin(printer):
            self.window._error("Cannot print", "The printer could not be started.")
            return
        try:
            paint_on(painter, self.window.state.timeline, spec, device, Format.PDF, self._marks()).close()
        finally:
            painter.end()
