"""The releaser frees a replaced timeline's large lists in pieces, and never empties what something else still holds."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from model.work import FREE_PIECE, Releaser

SIZE = 5 * FREE_PIECE
"""A list the releaser empties in five pieces."""


@dataclass
class Doc:
    events: list[Any] = field(default_factory=lambda: [object() for _ in range(SIZE)])


@dataclass
class Held:
    doc: Doc = field(default_factory=Doc)
    starts: list[Any] = field(default_factory=lambda: list(range(SIZE)))


def wait_until(done: Any, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if done():
            return True
        time.sleep(0.01)
    return False


class Probe(list):  # type: ignore[type-arg]
    """A list that notes its length each time a piece is deleted from it."""

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self.seen: list[int] = []

    def __delitem__(self, key: Any) -> None:
        self.seen.append(len(self))
        super().__delitem__(key)


def probed() -> tuple[Held, list[int]]:
    held = Held()
    events = Probe(held.doc.events)
    held.doc.events = events
    return held, events.seen


def test_a_replaced_timeline_is_emptied_in_pieces_once_its_last_holder_lets_go() -> None:
    held, seen = probed()
    Releaser().release(held)
    time.sleep(0.4)
    assert seen == []  # still held here
    del held
    assert wait_until(lambda: len(seen) == 5)  # then emptied in five pieces, not at once
    assert seen == [SIZE - k * FREE_PIECE for k in range(5)]


def test_lists_something_else_holds_are_left_whole() -> None:
    held, seen = probed()
    events, doc = held.doc.events, held.doc
    Releaser().release(held)
    del held
    time.sleep(0.5)
    assert seen == [] and len(events) == SIZE  # the list is held here
    del events
    other, seen_other = probed()
    kept_doc = other.doc
    Releaser().release(other)
    del other
    time.sleep(0.5)
    assert seen_other == [] and len(kept_doc.events) == SIZE  # the doc is held here: its events stay
    assert len(doc.events) == SIZE
