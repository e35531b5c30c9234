"""Never lose work: File > New / Save / Save As in the background, the close prompt, and the recovery file.

Saves run in a worker (:class:`gui.worker.Runner`) and write atomically, the previous version kept as
``FILE.bak`` (:mod:`model.saving`). A file changed on disk since it was opened is not overwritten without
asking. Every 30 s (``TIMELINE_VIEWER_RECOVERY_SECONDS``) unsaved changes are written to a recovery file in the
app's data folder (``TIMELINE_VIEWER_RECOVERY_DIR`` overrides it); after a crash the next start offers them back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui import settings
from gui.widgets import display_text
from gui.worker import Runner
from model import recovery
from model.errors import TimelineError
from model.formats.native import build_timeline
from model.formats.reader import os_reason
from model.history import History
from model.saving import ChangedOnDisk, DiskStamp, NotOwnFormat, save_document, stamp
from model.timeline import Timeline, TimelineDoc

if TYPE_CHECKING:
    from gui.main_window import MainWindow

RECOVERY_DIR_ENV = "TIMELINE_VIEWER_RECOVERY_DIR"
Button = QMessageBox.StandardButton


def recovery_folder() -> Path:
    """Where recovery files are kept: the app's data folder (or ``TIMELINE_VIEWER_RECOVERY_DIR``)."""
    chosen = os.environ.get(RECOVERY_DIR_ENV)
    if chosen:
        return Path(chosen)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "recovery"


def empty_timeline() -> Timeline:
    """File > New: an untitled timeline with one lane and no events."""
    from model.timeline import Lane

    doc = TimelineDoc(title="Untitled timeline", events=[], lanes=[Lane("main", "Main")])
    timeline = build_timeline(doc, "Untitled timeline", lambda file: "")
    timeline.path = None
    return timeline


def _failed_file(error: OSError | ValueError, path: str) -> str:
    """The file a save could not write: the timeline, its backup or a source text (a missing folder: the timeline)."""
    named = error.filename if isinstance(error, OSError) and isinstance(error.filename, str) else None
    if named is None or Path(path).is_relative_to(named):
        return path
    return named


class Saving(QObject):
    """Saves the session's document, asks before losing changes, and keeps a recovery file."""

    def __init__(self, window: MainWindow, history: History) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.runner = Runner("saver", self)
        self.known: DiskStamp | None = None
        """The open file as it was on disk when opened or last saved here."""
        self.recovery_file = recovery.own_file(recovery_folder())
        self._recovered_doc: TimelineDoc | None = None
        self._recovery_runner = Runner("recovery", self)
        self._closing_ok = False
        self.prompt: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(int(recovery.interval_seconds() * 1000))
        self.timer.timeout.connect(self.write_recovery)
        self.timer.start()
        window.installEventFilter(self)
        QTimer.singleShot(0, self, self.offer_recovery)

    # --- File > New / Save / Save As ------------------------------------------------------
    def opened(self, path: str | None, known: DiskStamp | None = None) -> None:
        """A file was opened (or a new timeline made): remember what it is on disk, as the loader saw it if it
        noted that (``known``), else as it is now."""
        self.known = known if known is not None else stamp(path) if path else None

    def open(self, path: str, keep_view: bool = False) -> bool:
        """Open ``path`` (File > Open, Recent, a drop), after asking about unsaved changes: True if it is on screen now."""
        if not self.history.unsaved:
            return self.window.documents.open(path, keep_view)
        self.unless_unsaved(lambda: self.window.documents.open(path, keep_view), f"opening {Path(path).name}")
        return False

    def new(self) -> None:
        """File > New: an empty timeline (after asking about unsaved changes)."""
        self.unless_unsaved(lambda: self.window.session.open(empty_timeline()), "starting a new timeline")

    def save(self, then: Callable[[], object] | None = None) -> None:
        """File > Save: to the open file (Save As for a new or imported timeline)."""
        path = self.history.path
        if path is None or not path.lower().endswith(".json"):
            self.save_as_dialog(then)
            return
        self._save(path, self.known, then=then, own_format_only=True)

    def save_as_dialog(self, then: Callable[[], object] | None = None) -> None:
        """File > Save As (the dialog itself asks before replacing a file)."""
        start = self.history.path or str(Path(settings.last_folder()) / "timeline.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save timeline as", start, "Timeline (*.json)")
        if path:
            self.save_as(path if path.lower().endswith(".json") else path + ".json", then)

    def save_as(self, path: str, then: Callable[[], object] | None = None) -> None:
        """Save to ``path`` (the user chose it: an existing file there is replaced, kept as .bak)."""
        same = self.history.path is not None and os.path.realpath(path) == os.path.realpath(self.history.path)
        self._save(path, self.known if same else None, then=then)

    def _save(self, path: str, known: DiskStamp | None, overwrite: bool = False, then: Callable[[], object] | None = None,
              own_format_only: bool = False) -> None:
        doc, files = self.history.doc, self.history.source_files()
        self.runner.submit(lambda: save_document(doc, path, files, known, overwrite, own_format_only),
                           lambda result: self._saved(path, doc, result, then), f"Saving {Path(path).name}")
        self.window.statusBar().showMessage(f"Saving {path}...")

    def _saved(self, path: str, doc: TimelineDoc, result: object, then: Callable[[], object] | None) -> None:
        if isinstance(result, ChangedOnDisk):
            self._ask_overwrite(path, then)
            return
        if isinstance(result, NotOwnFormat):
            self.window.statusBar().showMessage(f"{path} was imported from another format: save it as a new file", 10000)
            self.save_as_dialog(then)
            return
        if isinstance(result, (OSError, ValueError)):
            reason = result.strerror if isinstance(result, OSError) and result.strerror else str(result)
            failed = _failed_file(result, path)
            self._error("Cannot save", f"Cannot write {failed}: {reason}. The file on disk is unchanged.")
            return
        if not isinstance(result, DiskStamp):
            self._error("Cannot save", f"Cannot write {path}: {result}")
            return
        self.known = result
        moved = self.history.path is None or os.path.realpath(path) != os.path.realpath(self.history.path)
        self.history.mark_saved(path, doc)
        documents = self.window.documents
        if moved:
            documents.watch(path)
        documents.note_own_write(path)
        settings.remember_folder(path)
        self.window.statusBar().showMessage(f"Saved {path}", 8000)
        self.write_recovery()
        if then is not None:
            then()

    def _ask_overwrite(self, path: str, then: Callable[[], object] | None) -> None:
        box = self._box(QMessageBox.Icon.Warning, "File changed on disk",
                        f"{display_text(Path(path).name)} was changed on disk since it was opened. "
                        "Saving would replace those changes (the replaced file is kept as .bak).",
                        Button.Save | Button.Cancel, "overwritePrompt")
        box.button(Button.Save).setText("Overwrite")

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(Button.Save):
                self._save(path, None, True, then)

        box.finished.connect(answered)
        box.open()

    # --- asking before changes are lost ---------------------------------------------------
    def unless_unsaved(self, go_on: Callable[[], object], doing: str = "closing") -> None:
        """Run ``go_on`` now, or once the user saved or discarded the unsaved changes (not if they cancel)."""
        if not self.history.unsaved:
            go_on()
            return
        name = Path(self.history.path).name if self.history.path else self.history.timeline.title
        box = self._box(QMessageBox.Icon.Question, "Unsaved changes",
                        f"Save the changes to {display_text(name)} before {doing}?",
                        Button.Save | Button.Discard | Button.Cancel, "unsavedPrompt")
        box.setDefaultButton(Button.Save)

        def answered(_result: int) -> None:
            self.prompt = None
            clicked = box.clickedButton()
            if clicked is box.button(Button.Save):
                self.save(then=go_on)
            elif clicked is box.button(Button.Discard):
                self.discard_recovery()
                go_on()

        box.finished.connect(answered)
        self.prompt = box
        box.open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Closing the window with unsaved changes asks first (Save / Discard / Cancel)."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            if self._closing_ok or not self.history.unsaved:
                self.discard_recovery()
                return False
            event.ignore()
            if self.prompt is None:
                self.unless_unsaved(self._close_now)
            return True
        return False

    def _close_now(self) -> None:
        self._closing_ok = True
        self.window.close()

    # --- recovery -------------------------------------------------------------------------
    def write_recovery(self) -> None:
        """Write the unsaved changes aside (in the background), or remove the recovery file when there are none."""
        if not self.history.unsaved:
            self.discard_recovery()
            return
        doc = self.history.doc
        if doc is self._recovered_doc:
            return
        path, files, known, target = self.history.path, self.history.source_files(), self.known, self.recovery_file
        written = datetime.now(UTC).isoformat(timespec="seconds")

        def work() -> TimelineDoc:
            recovery.write_recovery(target, recovery.encode_recovery(doc, path, files, written, known))
            return doc

        self._recovery_runner.submit(work, self._recovery_written, "Writing the recovery file")

    def _recovery_written(self, result: object) -> None:
        if isinstance(result, TimelineDoc):
            self._recovered_doc = result
        elif isinstance(result, Exception):
            reason = os_reason(result) if isinstance(result, (OSError, ValueError)) else str(result)
            where = result.filename if isinstance(result, OSError) and isinstance(result.filename, str) else self.recovery_file
            self.window.statusBar().showMessage(f"Cannot write the recovery file {self.recovery_file}: {where}: {reason}"
                                                if str(where) != str(self.recovery_file) else
                                                f"Cannot write the recovery file {self.recovery_file}: {reason}", 10000)

    def discard_recovery(self) -> None:
        """No unsaved changes to keep: remove this app's recovery file."""
        self._recovery_runner.cancel()
        self._recovered_doc = None
        recovery.remove(self.recovery_file)

    def offer_recovery(self) -> QMessageBox | None:
        """If an earlier run crashed with unsaved changes, offer to restore them."""
        found = recovery.orphans(recovery_folder())
        if not found:
            return None
        target = found[0]
        try:
            recovered = recovery.read_recovery(target)
        except TimelineError as exc:
            self.window.statusBar().showMessage(f"A recovery file could not be read and was left: {exc.first_line()}", 15000)
            return None
        name = recovered.path or recovered.timeline.title
        box = self._box(QMessageBox.Icon.Question, "Restore unsaved changes",
                        f"Timeline Viewer closed without saving the changes to {display_text(name)} "
                        f"(last written {recovered.written.replace('T', ' ').replace('+00:00', ' UTC')}). Restore them?",
                        Button.Yes | Button.Discard, "recoveryPrompt")
        box.button(Button.Yes).setText("Restore")
        box.setDefaultButton(Button.Yes)
        box.finished.connect(lambda _r: self._recovery_answered(box, recovered))
        box.open()
        return box

    def _recovery_answered(self, box: QMessageBox, recovered: recovery.Recovered) -> None:
        if box.clickedButton() is box.button(Button.Yes):
            self.window.session.open(recovered.timeline)
            self.known = recovered.known
            self.history.mark_unsaved()
            if recovered.path:
                self.window.documents.watch(recovered.path)
            self.write_recovery()
            self.window.statusBar().showMessage(f"Restored unsaved changes to {recovered.path or recovered.timeline.title}", 10000)
        recovery.remove(recovered.recovery)

    # --- messages -------------------------------------------------------------------------
    def _box(self, icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton, name: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, buttons, self.window)
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        return box

    def _error(self, title: str, text: str) -> None:
        box = self._box(QMessageBox.Icon.Warning, title, display_text(text), Button.Ok, "saveError")
        self.window.status.last_error = text
        box.open()


