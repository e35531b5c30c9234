"""Opening, reloading and watching the timeline file: the newest open wins, one reload prompt at a time.

Small files open at once; larger ones in the loader's worker thread (:class:`gui.worker.Runner`), behind a
progress bar with a Cancel that really stops the load. The open file is watched with its folder, so the watch
survives editors that save by renaming over the file and a file deleted and written again. Changes are
debounced; while the "Reload?" prompt is up, later changes fold into it; a change that comes while another file
is opening waits for that open to end instead of cancelling it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from gui import settings
from gui.widgets import display_text
from gui.worker import Runner, return_free_memory
from model.errors import Problem, TimelineError
from model.session import Session

if TYPE_CHECKING:
    from gui.status import Status
from model.timeline import Timeline
from model.work import RELEASER, checkpoint

BACKGROUND_BYTES = 4 * 1024 * 1024
"""Files larger than this open in a worker thread, behind a progress bar."""
SETTLE_MS = 300
"""A file must stay unchanged this long before the app looks at it (editors write in several steps)..."""
MAX_SETTLE_MS = 1500
"""...but a file that never stops changing is looked at after this long anyway."""

MAX_RECENT = 10

Signature = tuple[int, int, int]


def signature(path: str) -> Signature | None:
    """What tells one version of a file from the next: modification time, size and inode; None if it is gone."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def load_in_worker(path: str) -> Timeline:
    """Load ``path`` and build its index (off the GUI thread); any failure becomes a TimelineError naming the file."""
    try:
        from model.formats.registry import open_timeline  # the importers load on first use, not at start-up
        from model.saving import stamp

        timeline: Timeline = open_timeline(path)
        checkpoint("Laying out events")
        timeline.index  # noqa: B018  (built here, off the GUI thread)
        timeline.read_from = stamp(path)  # its digest too: 0.2 s for 100 MB the window need not wait
        return timeline
    except TimelineError:
        raise
    except MemoryError as exc:
        raise TimelineError(path, [Problem("", "not enough memory to open it")]) from exc


def recent_files() -> list[str]:
    """Recently opened files, newest first (kept across restarts)."""
    value = QSettings().value("recentFiles", [])
    files = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    return [str(f) for f in files][:MAX_RECENT]


def add_recent(path: str) -> None:
    """Put ``path`` first among the recent files."""
    absolute = str(Path(path).resolve())
    files = [absolute] + [f for f in recent_files() if f != absolute]
    QSettings().setValue("recentFiles", files[:MAX_RECENT])


def _remember(path: str) -> None:
    """``path`` first among the recent files, its folder the next Open dialog's (settings written: 10-25 ms)."""
    add_recent(path)
    settings.remember_folder(path)


def open_now(path: str) -> Timeline:
    """Load ``path`` in this thread (a small file); :class:`~model.formats.reader.TooMuchHere` if its source files
    come to more than :data:`BACKGROUND_BYTES`."""
    from model.formats.reader import reading_here
    from model.formats.registry import open_timeline  # the importers load on first use, not at start-up

    with reading_here(BACKGROUND_BYTES):
        return open_timeline(path)


class Documents(QObject):
    """Opens timeline files for the window, and watches the open one for changes on disk."""

    opened = Signal(str, object, bool)
    """A timeline to show: its path, the Timeline, and whether to keep the view (a reload)."""
    failed = Signal(str)
    """A file could not be opened: the message, one problem a line, the file named in the first."""
    message = Signal(str, int)
    """A status-bar message and how long to show it (ms)."""

    def __init__(self, window: QWidget, session: Session, status: Status) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.status = status
        self.ask_first: Callable[[Callable[[], object], str], object] | None = None
        """Asked before a file the user picked replaces the open timeline (saving asks about unsaved changes)."""
        self.loader = Runner("loader", self)
        self.path: str | None = None
        """The file on screen, watched for changes."""
        self.opening: str | None = None
        """The file being opened in the background, if any."""
        self._known: Signature | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_changed)
        self.watcher.directoryChanged.connect(self._on_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._check)
        self._first_change = 0.0
        self.prompt: QMessageBox | None = None
        self._waiting_change = False

    # --- opening -----------------------------------------------------------------------------------------------
    def open(self, path: str, keep_view: bool = False) -> bool:
        """Open ``path``: True if it is on screen now, False if it failed or is loading in the background."""
        from model.formats.reader import TooMuchHere

        if self._large(path):
            return self._open_in_worker(path, keep_view)
        if self.loader.busy:  # the newest open wins: the one in the background stops
            self.loader.cancel()
            self._open_ended()
        try:
            timeline = open_now(path)
        except TooMuchHere:  # a small file naming large source files: they are read in the background
            return self._open_in_worker(path, keep_view)
        except TimelineError as exc:
            self.failed.emit(exc.summary())
            self._offer_waiting_change()
            return False
        self._show(path, timeline, keep_view)
        return True

    def _open_in_worker(self, path: str, keep_view: bool) -> bool:
        """Open ``path`` in the loader's thread, behind a progress bar; False (not on screen yet)."""
        self.opening = path
        self.loader.submit(lambda: load_in_worker(path), lambda result: self._loaded(path, result, keep_view),
                           f"Opening {Path(path).name}")
        self.message.emit(f"Opening {Path(path).name}...", 0)
        return False

    def cancel(self) -> None:
        """Stop the open in progress; the timeline on screen stays."""
        if self.loader.busy:
            self.loader.cancel()
            self.message.emit("Opening cancelled", 5000)
        self._open_ended()
        self._offer_waiting_change()

    def _large(self, path: str) -> bool:
        try:
            return os.path.getsize(path) > BACKGROUND_BYTES
        except (OSError, ValueError):
            return False

    def _loaded(self, path: str, result: object, keep_view: bool) -> None:
        self._open_ended()
        self.message.emit("", 0)
        if isinstance(result, Timeline):
            self._show(path, result, keep_view, later=True)
            del result
            return_free_memory()  # the timeline it replaced is gone
            return
        if isinstance(result, TimelineError):
            self.failed.emit(result.summary())
        else:
            self.failed.emit(f"{path}: could not be read: {type(result).__name__}: {result}")
        self._offer_waiting_change()

    def _open_ended(self) -> None:
        self.opening = None

    def _show(self, path: str, timeline: Timeline, keep_view: bool, later: bool = False) -> None:
        """Put ``timeline`` on screen; with ``later`` (a large file, read in the background) the recent files and
        folder are noted in the next turn of the event loop, so that the window's frame does not wait for them."""
        same = path == self.path
        if not same:
            self._waiting_change = False  # a change to the file no longer on screen is no longer news
        self.watch(path)
        previous = self.session.timeline
        self.session.open(timeline, keep_selection=keep_view, keep_range=keep_view)
        RELEASER.release(previous)  # freed in the background once the views let it go, not by the window
        del previous
        if later:
            QTimer.singleShot(0, self, lambda: _remember(path))
        else:
            _remember(path)
        self.opened.emit(path, timeline, keep_view)
        if same:
            self._offer_waiting_change()

    def accept_drops(self, widget: QWidget) -> None:
        """Open a local file dropped on ``widget``."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """A drag of a local file is accepted, its drop opens it."""
        if isinstance(event, (QDragEnterEvent, QDropEvent)) and event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            urls = event.mimeData().urls()
            if urls and urls[0].isLocalFile():
                event.acceptProposedAction()
                if event.type() == QEvent.Type.Drop:
                    self.request_open(urls[0].toLocalFile())
                return True
        return False

    def open_dialog(self) -> None:
        """File > Open."""
        from model.formats.registry import FILE_FILTER  # the importers load on first use, not at start-up

        path, _ = QFileDialog.getOpenFileName(self.window, "Open timeline", settings.last_folder(), FILE_FILTER)
        if path:
            self.request_open(path)

    def request_open(self, path: str) -> None:
        """Open ``path`` for the user: after asking whatever must be asked first (unsaved changes)."""
        if self.ask_first is None:
            self.open(path)
        else:
            self.ask_first(lambda: self.open(path), f"opening {Path(path).name}")

    def save_as(self, path: str) -> bool:
        """Write the open timeline to ``path``; an error is shown, nothing half-written is left."""
        from model.formats.registry import save_timeline

        try:
            save_timeline(self.session.timeline, path)
        except (OSError, ValueError) as exc:  # ValueError: text that cannot be written (never a silent failure)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.status.error("Cannot save", f"Cannot write {path}: {reason}")
            return False
        finally:
            self.note_own_write(path)  # our own write is not a change on disk to offer to reload
        self.status.show(f"Saved {path}", 8000)
        settings.remember_folder(path)
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File > Open Recent, filled as it opens."""
        menu.clear()
        files = recent_files()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.request_open(p))
        if not files:
            menu.addAction("No recent files").setEnabled(False)

    # --- watching ----------------------------------------------------------------------------------------------
    def watch(self, path: str) -> None:
        """Watch ``path`` (and its folder, which sees it replaced or recreated) from its current version on."""
        self.unwatch()
        self.path = path
        self._known = signature(path)
        folder = str(Path(path).resolve().parent)
        self.watcher.addPaths([p for p in (path, folder) if os.path.exists(p)])

    def unwatch(self) -> None:
        """Stop watching."""
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        self.path = None
        self._settle.stop()

    def note_own_write(self, path: str) -> None:
        """The app itself wrote ``path``: not a change to offer to reload."""
        if self.path is not None and os.path.realpath(path) == os.path.realpath(self.path):
            self._known = signature(self.path)

    def _on_changed(self, _path: str) -> None:
        if self.path is None:
            return
        now = time.monotonic()
        if not self._settle.isActive():
            self._first_change = now
        if (now - self._first_change) * 1000 < MAX_SETTLE_MS - SETTLE_MS:
            self._settle.start()  # restarted by every change: look once things have settled

    def _check(self) -> None:
        path = self.path
        if path is None:
            return
        if path not in self.watcher.files() and os.path.exists(path):
            self.watcher.addPath(path)  # renamed over or recreated: the old watch ended with the old file
        now = signature(path)
        if now == self._known:
            return
        self._known = now
        if now is None:
            self.message.emit(f"{path} was removed or renamed on disk; it is watched in case it comes back", 10000)
            return
        self._waiting_change = True
        self._offer_waiting_change()

    def _offer_waiting_change(self) -> None:
        """Ask about the change on disk, unless a prompt is up (it covers it) or another file is opening."""
        if not self._waiting_change or self.path is None or self.prompt is not None:
            return
        if self.loader.busy:
            name = Path(self.opening or "").name
            self.message.emit(f"{Path(self.path).name} changed on disk; asking once {name} has opened", 10000)
            return
        self._waiting_change = False
        self._ask(self.path)

    def _ask(self, path: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "File changed",
                          f"{display_text(Path(path).name)} changed on disk. Reload it?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setObjectName("reloadPrompt")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._answered(box, path))
        self.prompt = box
        box.open()

    def _answered(self, box: QMessageBox, path: str) -> None:
        self.prompt = None
        self._waiting_change = False  # the answer covers every change made while the prompt was up
        self._known = signature(path)
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes) or path != self.path:
            return
        if self.loader.busy:
            self.message.emit(f"{Path(path).name} was not reloaded: {Path(self.opening or '').name} is opening", 10000)
            return
        self.open(path, keep_view=True)
