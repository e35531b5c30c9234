"""A small typed observer: one :class:`Emitter` per field, connected by callbacks, with echo blocking.

The session (:mod:`model.session`) is built on it; it needs no Qt, so the model, the command line and the
tests use the same session as the window. Like psygnal's ``SignalInstance`` (which napari uses), but only
what the app needs: connect, disconnect, emit, and blocking one listener while it writes back.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import MethodType
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class Emitter(Generic[T]):
    """Tells its listeners a new value, in the order they connected.

    A bound method is held weakly (as psygnal does): a view that is gone stops listening by itself, and the
    session never keeps a closed window's widgets alive.
    """

    __slots__ = ("_blocked", "_listeners", "name")

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._listeners: list[Callable[[], Callable[[T], object] | None]] = []
        self._blocked: list[Callable[[T], object]] = []

    def connect(self, listener: Callable[[T], object]) -> Callable[[T], object]:
        """Call ``listener(value)`` on every emit; returns it, so this works as a decorator."""
        if listener not in self.listeners():
            self._listeners.append(_reference(listener))
        return listener

    def disconnect(self, listener: Callable[[T], object]) -> None:
        """Stop calling ``listener``; nothing happens if it was not connected."""
        self._listeners = [ref for ref in self._listeners if ref() not in (None, listener)]

    def listeners(self) -> list[Callable[[T], object]]:
        """The listeners still alive, in order (a method of a widget Qt has deleted is not)."""
        alive = [listener for ref in self._listeners if (listener := ref()) is not None and _alive(getattr(listener, "__self__", None))]
        if len(alive) < len(self._listeners):
            self._listeners = [_reference(listener) for listener in alive]
        return alive

    def emit(self, value: T) -> None:
        """Call every listener that is alive and not blocked with ``value``."""
        for listener in self.listeners():
            if listener not in self._blocked:
                listener(value)

    @contextmanager
    def blocked(self, listener: Callable[[T], object]) -> Iterator[None]:
        """While inside, ``listener`` is not told: a view writing back does not hear its own echo."""
        self._blocked.append(listener)
        try:
            yield
        finally:
            self._blocked.remove(listener)

    def __len__(self) -> int:
        return len(self.listeners())

    def __repr__(self) -> str:
        return f"<Emitter {self.name or '?'}: {len(self)} listeners>"


def _always(_owner: object) -> bool:
    return True


_alive: Callable[[object], bool] = _always


def set_liveness_check(check: Callable[[object], bool]) -> None:
    """How to tell that a listener's owner still exists beyond Python (the gui passes "its Qt object was not deleted")."""
    global _alive
    _alive = check


def _reference(listener: Callable[[T], object]) -> Callable[[], Callable[[T], object] | None]:
    if isinstance(listener, MethodType):
        return weakref.WeakMethod(listener)
    return lambda: listener


class Field(Generic[T]):
    """A session attribute that emits its object's ``events.<name>`` when set to a different value."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self._slot = "_" + name

    @overload
    def __get__(self, obj: None, owner: type) -> Field[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...
    def __get__(self, obj: object | None, owner: type) -> Field[T] | T:
        if obj is None:
            return self
        value: T = getattr(obj, self._slot)
        return value

    def __set__(self, obj: Any, value: T) -> None:
        old = getattr(obj, self._slot, _UNSET)
        if old is value or _equal(old, value):
            return
        setattr(obj, self._slot, value)
        getattr(obj.events, self.name).emit(value)


_UNSET: Any = object()


def _equal(a: object, b: object) -> bool:
    """Plain values and frozen records compare by value; anything else (arrays, timelines) only by identity."""
    if type(a) is not type(b):
        return False
    params = getattr(type(a), "__dataclass_params__", None)
    if isinstance(a, (int, float, str, bool, tuple, frozenset)) or (params is not None and params.frozen):
        try:
            return bool(a == b)
        except (TypeError, ValueError):  # a tuple holding arrays
            return False
    return False
