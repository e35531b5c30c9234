"""Long work that can be stopped: checkpoints the model calls, and a progress report for whoever runs it.

A worker (see ``gui/worker.py``) runs a job inside :func:`running` with a :class:`Job`; the model calls
:func:`checkpoint` between steps of loading, verifying and comparing. When the job was cancelled the next
checkpoint raises :class:`Cancelled`, so the work really stops. Outside a job a checkpoint does nothing.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

T = TypeVar("T")

PIECE = 25_000
"""Items a whole-list builtin (set, map, ``np.fromiter``) is given at once in a background load. Such a loop runs in C
and holds the interpreter throughout: over a million events a tenth of a second or more in which the window cannot
run; over a piece, a few milliseconds."""


class Cancelled(Exception):  # noqa: N818  (a signal to stop, not an error)
    """The job was cancelled; raised at the next checkpoint."""


class Job:
    """One piece of background work: a cancel flag, and the stage and fraction done it reports."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self.stage = ""
        self.done = 0
        self.total = 0

    def cancel(self) -> None:
        """Ask the work to stop at its next checkpoint."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancelled.is_set()


_CURRENT: ContextVar[Job | None] = ContextVar("current_job", default=None)


@contextmanager
def running(job: Job) -> Iterator[Job]:
    """Make ``job`` the one checkpoints in this thread report to."""
    token = _CURRENT.set(job)
    try:
        yield job
    finally:
        _CURRENT.reset(token)


def checkpoint(stage: str | None = None, done: int = 0, total: int = 0) -> None:
    """Raise :class:`Cancelled` if the current job was cancelled; else note its progress."""
    job = _CURRENT.get()
    if job is None:
        return
    if job.cancelled:
        raise Cancelled
    if stage is not None:
        job.stage = stage
    job.done, job.total = done, total


def pieces(items: list[T]) -> Iterator[list[T]]:
    """``items`` in slices of :data:`PIECE`, so that other threads run between them, with a checkpoint before each."""
    for start in range(0, len(items), PIECE):
        checkpoint()
        yield items[start: start + PIECE]


def array_of(get: Callable[[T], Any], items: list[T], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """``np.fromiter(map(get, items), dtype)``, a piece at a time."""
    parts = [np.fromiter(map(get, piece), dtype=dtype, count=len(piece)) for piece in pieces(items)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


FREE_PIECE = 20_000
"""Items freed at once by :func:`dismantle`: a few milliseconds."""


def dismantle(items: list[Any]) -> None:
    """Empty ``items`` a piece at a time, resting between pieces: freeing a million events at once holds the
    interpreter for 0.15 s, and a thread that frees without rest takes half of it from the window."""
    while items:
        del items[-FREE_PIECE:]
        time.sleep(0.002)


class Releaser:
    """Frees large objects no longer wanted (a replaced timeline) in a thread of its own, a piece at a time.

    Whichever thread drops the last reference to a timeline of a million events frees them all at once, and the
    window would wait 0.1-0.2 s. Handed here instead, the timeline is kept until this thread holds the only
    reference to it (views let it go as they show the next one); its large lists are then emptied in pieces,
    and only if nothing else can reach them. Something still holding it after ``patience`` seconds keeps it.
    """

    def __init__(self, patience: float = 30.0) -> None:
        self.patience = patience
        self.after: Callable[[], None] | None = None
        """Called (in the releaser's thread) after something was freed: giving the memory back to the system."""
        self._items: list[tuple[float, Any]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def release(self, item: Any) -> None:
        """Free ``item`` in the background once nothing else holds it."""
        with self._wake:
            self._items.append((time.monotonic() + self.patience, item))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="releaser", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._items:
                    self._wake.wait()
                waiting, self._items = self._items, []
            kept: list[tuple[float, Any]] = []
            freed = False
            while waiting:
                deadline, item = waiting.pop()
                if sys.getrefcount(item) <= 2:  # ``item`` and the call's argument: nobody else
                    _empty_large_parts(item)
                    freed = True
                elif time.monotonic() < deadline:
                    kept.append((deadline, item))
                del item
            if freed and self.after is not None:
                self.after()
            if kept:
                time.sleep(0.2)
                with self._wake:
                    self._items.extend(kept)
            del kept


def _empty_large_parts(item: Any) -> None:
    """Empty the large lists ``item`` holds, and those of its ``doc`` if only ``item`` holds that, which nothing
    else refers to (so nothing else can see them emptied)."""
    empty_lists(item)
    doc = getattr(item, "doc", None)
    if doc is not None and sys.getrefcount(doc) <= 3:  # ``item.doc``, ``doc`` and the call's argument
        empty_lists(doc)


def empty_lists(owner: Any) -> None:
    """Empty, a piece at a time, the large lists and dicts among ``owner``'s attributes that nothing else refers to:
    freeing a working object of a large import at once would hold the interpreter for a tenth of a second."""
    names = getattr(owner, "__struct_fields__", None) or list(getattr(owner, "__dict__", ()))
    for name in names:  # cached properties included (a dict of a million event ids, say)
        value = getattr(owner, name, None)
        only_here = sys.getrefcount(value) <= 3  # the attribute, ``value`` and the call's argument
        if isinstance(value, list) and len(value) > FREE_PIECE and only_here:
            dismantle(value)
        elif isinstance(value, dict) and len(value) > FREE_PIECE and only_here:
            _empty_dict(value)
        del value


def _empty_dict(items: dict[Any, Any]) -> None:
    """Empty ``items`` an item at a time (Python code, so other threads run between), resting now and then."""
    while items:
        for _ in range(min(len(items), FREE_PIECE)):
            items.popitem()
        time.sleep(0.002)


RELEASER = Releaser()
"""The one releaser of the process."""
