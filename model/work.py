"""Long work that can be stopped: checkpoints the model calls, and a progress report for whoever runs it.

A worker (see ``gui/worker.py``) runs a job inside :func:`running` with a :class:`Job`; the model calls
:func:`checkpoint` between steps of loading, verifying and comparing. When the job was cancelled the next
checkpoint raises :class:`Cancelled`, so the work really stops. Outside a job a checkpoint does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

T = TypeVar("T")

PIECE = 100_000
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
    """``items`` in slices of :data:`PIECE`, so that other threads run between them."""
    return (items[start: start + PIECE] for start in range(0, len(items), PIECE))


def array_of(get: Callable[[T], Any], items: list[T], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """``np.fromiter(map(get, items), dtype)``, a piece at a time."""
    parts = [np.fromiter(map(get, piece), dtype=dtype, count=len(piece)) for piece in pieces(items)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
