"""The marks the timeline draws on an event after comparing its sources (a small module: the canvas loads it at start-up)."""

from __future__ import annotations

from enum import Enum


class EventMark(Enum):
    """What the comparison of an event's sources found, as the timeline marks the event."""

    CONFLICT = "conflict"
    CORROBORATED = "corroborated"
