"""The export and print flows of the main window: ask, draw, write; report what went wrong in one message."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QSizeF, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QPushButton

from gui import settings
from gui.export.dialog import ExportDialog
from gui.export.files import ExportError, ExportSpec, Format, draw, paint_on, render_preview, with_picture, write_bytes
from gui.worker import STARTER
from model.provenance.marks import EventMark

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class ExportJob:
    """A drawn picture being encoded and written in a worker thread; cancelling it before the write writes nothing."""

    def __init__(self, path: str, encode: Callable[[], bytes], done_message: str) -> None:
        self.path = path
        self.done_message = done_message
        self.cancelled = False
        self.error: str | None = None
        self.done = threading.Event()
        STARTER.start(threading.Thread(target=self._run, args=(encode,), daemon=True, name="timeline-export"))

    def _run(self, encode: Callable[[], bytes]) -> None:
        try:
            data = encode()
            if not self.cancelled:
                write_bytes(self.path, data)
        except ExportError as exc:
            self.error = str(exc) if str(exc).startswith("cannot write") else f"cannot write {self.path}: {exc}"
        except Exception as exc:  # noqa: BLE001 - reported to the user in one line instead of lost in a thread
            self.error = f"cannot write {self.path}: {type(exc).__name__}: {exc}".splitlines()[0]
        finally:
            self.done.set()


class ExportController:
    """File > Export and File > Print for one window: the window's timeline, view and selection."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: ExportDialog | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.printer: QPrinter | None = None
        """Kept while its preview is open: the dialog does not own it."""
        self.job: ExportJob | None = None
        self.timer = QTimer(window)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._on_tick)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        window.statusBar().addPermanentWidget(self.cancel_button)

    def _marks(self) -> dict[int, EventMark]:
        session = self.window.session  # "as known on" puts its own analysis there
        return session.marks() if session.analysis is not None else self.window.analyses.now().marks()

    def _extent(self, spec: ExportSpec, whole: bool) -> ExportSpec:
        """The spec with the window's view and selection for "current view", or fitting everything."""
        view = self.window.view
        if whole:
            return with_picture(spec, view_range=None, selected=-1)
        return with_picture(spec, view_range=view.x_range(), selected=self.window.session.selected)

    # --- export ------------------------------------------------------------------------------
    def run_dialog(self) -> None:
        """File > Export: ask, then write."""
        timeline = self.window.session.timeline
        folder = Path(settings.last_folder())
        self.dialog = dialog = ExportDialog(str(folder / "timeline.png"), timeline.title[:2000], timeline.doc.description[:4000],
                                            self._preview, self.window)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            path, spec, whole = dialog.options()
        finally:
            self.dialog = None
            dialog.deleteLater()
        self.export(path, spec, whole, wait=False)

    def _preview(self, spec: ExportSpec, fmt: Format, whole: bool, room: QSize) -> QImage:
        return render_preview(self.window.session, self._extent(spec, whole), fmt, room, self._marks())

    def export(self, path: str, spec: ExportSpec, whole: bool = True, wait: bool = True) -> bool:
        """Draw now, then encode and write (in a worker unless ``wait``); a problem gets a message and the app goes on.

        Returns whether the export was written (``wait``) or started.
        """
        window = self.window
        if not path:
            window.status.error("Cannot export", "No file name was given.")
            return False
        try:
            fmt, encode = draw(window.session, path, self._extent(spec, whole), self._marks())
        except ExportError as exc:
            window.status.error("Cannot export", str(exc))
            return False
        size = "" if fmt is not Format.PNG else f" ({spec.size[0]} x {spec.size[1]})"
        self.cancel()
        job = ExportJob(path, encode, f"Exported {path}{size}")
        if wait:
            job.done.wait()
            return self._finish(job)
        self.job = job
        window.statusBar().showMessage(f"Exporting {path}...")
        self.cancel_button.show()
        self.timer.start()
        return True

    def cancel(self) -> None:
        """Stop the export under way: nothing is written."""
        if self.job is not None:
            self.job.cancelled = True
            self.job = None
            self.timer.stop()
            self.cancel_button.hide()
            self.window.statusBar().showMessage("Export cancelled", 4000)

    def _on_tick(self) -> None:
        job = self.job
        if job is None or not job.done.is_set():
            return
        self.job = None
        self.timer.stop()
        self.cancel_button.hide()
        self._finish(job)

    def _finish(self, job: ExportJob) -> bool:
        if job.error is not None:
            self.window.statusBar().clearMessage()
            self.window.status.error("Cannot export", job.error)
            return False
        self.window.statusBar().showMessage(job.done_message, 8000)
        return True

    # --- print -------------------------------------------------------------------------------
    def print_preview(self) -> QPrintPreviewDialog:
        """File > Print: the current view on a landscape page, shown in a preview first."""
        self.printer = printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # fonts measured as on screen, drawn as vectors
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(self.window.session.timeline.title[:200])
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
            self.window.status.error("Cannot print", "The printer could not be started.")
            return
        try:
            paint_on(painter, self.window.session, spec, device, Format.PDF, self._marks()).close()
        finally:
            painter.end()
