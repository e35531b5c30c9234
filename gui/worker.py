"""Background work with a real cancel: one job at a time per runner, the newest wins, results only if still wanted.

A :class:`Runner` runs a function in a worker thread inside a :class:`model.work.Job`. The model calls
``checkpoint()`` between steps, so cancelling stops the work at the next one (it raises there); the thread then
ends and whatever it built is freed. Submitting while a job runs cancels it and queues the new one, which starts
when the old thread has ended: never more than one thread per runner, and a superseded job's result is dropped.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from gui.widgets import shorten
from model.work import RELEASER, Cancelled, Job, checkpoint, running


class _Starter:
    """Starts the workers' threads, so that the window's thread never waits for one to start.

    ``Thread.start()`` returns once the new thread has run its first lines, and to run them it must get the
    interpreter from the workers already busy: the window waited 0.2 s for it. The starter's own thread is started
    with this module, before there is any work.
    """

    def __init__(self) -> None:
        self._waiting: queue.SimpleQueue[threading.Thread] = queue.SimpleQueue()
        threading.Thread(target=self._run, daemon=True, name="thread-starter").start()

    def start(self, thread: threading.Thread) -> None:
        """Have ``thread`` started soon; returns at once."""
        self._waiting.put(thread)

    def _run(self) -> None:
        while True:
            self._waiting.get().start()


STARTER = _Starter()

PROGRESS_MS = 100
"""How often a running job's progress is reported."""


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def return_free_memory() -> None:
    """Give the heap freed by a replaced or abandoned timeline back to the system.

    glibc keeps freed memory for reuse, so without this the process stays at its high-water mark after a large
    timeline is replaced. Elsewhere this does nothing.
    """
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


class Task:
    """One submitted piece of work and what to do with its result."""

    def __init__(self, work: Callable[[], Any], on_done: Callable[[Any], None], label: str) -> None:
        self.work = work
        self.on_done = on_done
        self.label = label
        self.job = Job()

    @property
    def cancelled(self) -> bool:
        """Whether the task was cancelled or superseded."""
        return self.job.cancelled


def _detached(exc: BaseException) -> BaseException:
    """``exc`` without its tracebacks: they hold the worker's frames, and so whatever a failed load had built."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return exc


class _Relay(QObject):
    """Carries a finished task from its thread to the GUI thread (a queued signal)."""

    finished = Signal(object, object)


_TURN = threading.Lock()


@contextlib.contextmanager
def taking_turns() -> Iterator[None]:
    """Wait for the other bulk tasks to end (still cancellable meanwhile), and hold them off until this one ends.

    Python runs one thread at a time, and hands over in turn: with three workers busy at once, the window's thread
    got the interpreter a quarter of the time, so a 40 ms frame took 160 ms or more. One bulk task at a time keeps
    the window at half the interpreter at worst; the tasks the user waits on (loading, saving, a search) do not wait.
    """
    while not _TURN.acquire(timeout=0.05):
        checkpoint()
    try:
        yield
    finally:
        _TURN.release()


class Runner(QObject):
    """Runs one task at a time in a worker thread; submitting a new one cancels the running one."""

    busyChanged = Signal(bool)
    progressed = Signal(str, int, int)
    """The running task's stage ("Checking quotes"), and how much of how much is done (0 of 0: unknown)."""

    def __init__(self, name: str, parent: QObject | None = None, takes_turns: bool = False) -> None:
        super().__init__(parent)
        self.name = name
        self.takes_turns = takes_turns
        """Bulk work started by the app itself (comparing sources, indexing for search): such tasks run one at a
        time, see :func:`taking_turns`."""
        self.current: Task | None = None
        """The task whose thread is running (possibly cancelled, ending at its next checkpoint)."""
        self.queued: Task | None = None
        self._thread: threading.Thread | None = None
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_MS)
        self._timer.timeout.connect(self._report)

    @property
    def busy(self) -> bool:
        """Whether a task is wanted: running and not cancelled, or waiting for its turn."""
        return self.queued is not None or (self.current is not None and not self.current.cancelled)

    @property
    def wanted(self) -> Task | None:
        """The task whose result will be used, if any."""
        if self.queued is not None:
            return self.queued
        return self.current if self.current is not None and not self.current.cancelled else None

    def submit(self, work: Callable[[], Any], on_done: Callable[[Any], None], label: str = "") -> Task:
        """Run ``work()`` in the worker; ``on_done(result)`` gets its value or the exception it raised.

        ``on_done`` is called in the GUI thread, only if the task was not cancelled or superseded meanwhile.
        """
        task = Task(work, on_done, label)
        if self.current is None:
            self._start(task)
        else:
            self.current.job.cancel()
            if self.queued is not None:
                self.queued.job.cancel()
            self.queued = task
        self.busyChanged.emit(True)
        return task

    def cancel(self) -> None:
        """Stop the running task at its next checkpoint and forget the queued one."""
        if self.current is not None:
            self.current.job.cancel()
        if self.queued is not None:
            self.queued.job.cancel()
            self.queued = None
        self.busyChanged.emit(False)

    def _start(self, task: Task) -> None:
        """Make ``task`` the current one; its thread starts once the window's thread is back in its event loop.

        A new timeline is handed to every view in one go: the views that compute in a worker submit their task
        first, and the ones that lay out in the window's thread would share the interpreter with those workers
        (each Qt call lets go of it). Starting the threads just after, the window's work is done alone.
        """
        self.current = task
        self._timer.start()
        QTimer.singleShot(0, self, lambda: self._launch(task))

    def _launch(self, task: Task) -> None:
        if task is not self.current:
            return
        if task.cancelled:  # superseded before it began: on to the next one, as if it had ended
            self._on_finished(task, Cancelled())
            return
        self._thread = threading.Thread(target=self._run, args=(task,), daemon=True, name=f"{self.name}-worker")
        STARTER.start(self._thread)

    def _run(self, task: Task) -> None:
        result: Any
        try:
            with running(task.job), taking_turns() if self.takes_turns else contextlib.nullcontext():
                result = task.work()
        except Cancelled:  # what the work had built is freed here, as its frames unwind, and given back here too
            result = Cancelled()
            return_free_memory()
        except Exception as exc:  # noqa: BLE001  (handed to on_done in the GUI thread)
            result = _detached(exc)
        with contextlib.suppress(RuntimeError):  # the runner was deleted with its window: nobody wants the result
            self._relay.finished.emit(task, result)

    def _on_finished(self, task: Task, result: Any) -> None:
        if task is not self.current:
            return
        if self._thread is not None:
            self._thread.join()  # it has only to return: the next one starts when this one is gone
        self.current = None
        self._thread = None
        self._timer.stop()
        following, self.queued = self.queued, None
        if following is not None:
            self._start(following)
        if not task.cancelled and not isinstance(result, Cancelled):
            task.on_done(result)
        elif not isinstance(result, Cancelled):
            RELEASER.release(result)  # finished but no longer wanted: freed in the background (a whole index, say)
        del result
        if self.current is None:
            self.busyChanged.emit(False)

    def _report(self) -> None:
        task = self.wanted
        if task is not None and task is self.current:
            job = task.job
            self.progressed.emit(job.stage or task.label, job.done, job.total)


class WorkProgress(QWidget):
    """A progress bar with the stage in words and a Cancel button, shown while a runner's task is wanted."""

    def __init__(self, runner: Runner, name: str, on_cancel: Callable[[], None], button_name: str, delay_ms: int = 500) -> None:
        super().__init__()
        self.setObjectName(name)
        self.runner = runner
        self.delay_ms = delay_ms
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.button = QPushButton("Cancel")
        self.button.setObjectName(button_name)
        self.button.clicked.connect(on_cancel)
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setVisible(False)
        runner.busyChanged.connect(self._on_busy)
        runner.progressed.connect(self._on_progress)

    def _on_busy(self, busy: bool) -> None:
        task = self.runner.wanted
        self.label.setText(shorten(task.label, 60) if busy and task is not None else "")
        if not busy:
            self.setVisible(False)
        else:
            QTimer.singleShot(self.delay_ms, self, lambda: self.setVisible(self.runner.busy))

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.label.setText(shorten(stage, 60))
        self.bar.setAccessibleName(shorten(stage, 200))
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.bar.setRange(0, 0)


RELEASER.after = return_free_memory  # a timeline freed in the background gives its memory back too
