"""Building an edited timeline in a worker while the window stays alive: a change to a large timeline is checked and
indexed off the window's thread, with a progress dialog and a Cancel that stops it.

Every change (an edit, Undo, Redo) is made through :class:`model.history.History`, whose callers want the new
timeline back, or the reason it cannot be made: a dialog closes or says why. So the wait stays a call: the work runs
in a thread while the window's thread runs a local event loop, painting and answering, until the work is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.widgets import shorten
from gui.worker import STARTER
from model.timeline import Timeline
from model.work import Job, running

BUILD_HERE_BELOW = 20_000
"""Events under which a change is built in the window's thread: under 30 ms, less than starting a thread and a loop."""
QUIET_MS = 300
"""How long a change is built before the progress dialog shows; until then the window paints but takes no input."""
PROGRESS_MS = 100
"""How often the dialog shows the work's stage."""


class _Done(QObject):
    """Wakes the window's thread when the worker has finished (a queued signal)."""

    finished = Signal()


class BuildInWorker:
    """A :data:`model.history.Building` for the window: large timelines are built in a worker thread.

    While the work runs, the window's thread runs an event loop: the window repaints, timers fire, and after
    :data:`QUIET_MS` a window-modal progress dialog with Cancel shows. Before it shows, input is held back (it is
    handled once the work is done), so a key pressed during a short build does not start another change. Cancel
    stops the work at its next checkpoint; the history then changes nothing.
    """

    def __init__(self, parent: QWidget, size: Callable[[], int], here_below: int = BUILD_HERE_BELOW) -> None:
        self.parent = parent
        self.size = size
        """The number of events of the timeline being changed: small ones are built at once."""
        self.here_below = here_below
        self.dialog: QProgressDialog | None = None
        """The progress dialog of the change being built, while it shows."""
        self.threads: list[str] = []
        """The thread each of the last changes was built in (kept for tests, a few at most)."""

    def __call__(self, work: Callable[[], Timeline], what: str = "Change") -> Timeline:
        if self.size() < self.here_below:
            self._note(threading.current_thread().name)
            return work()
        job = Job()
        outcome: list[Timeline | BaseException] = []
        done = _Done()
        loop = QEventLoop()
        done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

        def run() -> None:
            self._note(threading.current_thread().name)
            try:
                with running(job):
                    outcome.append(work())
            except BaseException as exc:  # noqa: BLE001  (raised again in the window's thread)
                exc.__traceback__ = None  # its frames would hold what the work had built
                outcome.append(exc)
            done.finished.emit()

        thread = threading.Thread(target=run, name="edit-worker", daemon=True)
        STARTER.start(thread)  # the window's thread does not wait for it to begin
        show = QTimer()
        show.setSingleShot(True)
        show.timeout.connect(lambda: loop.exit(1))
        show.start(QUIET_MS)
        if not outcome and loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents) == 1 and not outcome:
            self._wait_with_dialog(job, loop, what)
        show.stop()
        thread.join()
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _wait_with_dialog(self, job: Job, loop: QEventLoop, what: str) -> None:
        """Show the progress dialog and run the loop until the worker wakes it."""
        dialog = QProgressDialog(f"{shorten(what, 60)}\u2026", "Cancel", 0, 0, self.parent)
        dialog.setObjectName("editProgress")
        dialog.setWindowTitle(shorten(what, 60))
        dialog.setMinimumWidth(380)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.disconnect()  # its own slot would hide it: it stays, saying so, until the work has stopped
        dialog.canceled.connect(lambda: self._cancel(job, dialog))
        report = QTimer()
        report.timeout.connect(lambda: dialog.setLabelText(shorten(job.stage, 60) + "\u2026") if job.stage and not job.cancelled else None)
        report.start(PROGRESS_MS)
        self.dialog = dialog
        dialog.show()
        try:
            loop.exec()
        finally:
            report.stop()
            self.dialog = None
            dialog.hide()
            dialog.deleteLater()

    @staticmethod
    def _cancel(job: Job, dialog: QProgressDialog) -> None:
        job.cancel()
        dialog.setLabelText("Cancelling\u2026")
        dialog.setCancelButtonText("")

    def _note(self, name: str) -> None:
        self.threads = [*self.threads[-3:], name]
