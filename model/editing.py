"""Editing a timeline: every change is a command that :class:`~model.history.History` applies, undoes and redoes.

A command turns a :class:`TimelineDoc` into a new one and never changes the one it was given (lists and
structs that change are copied; the rest is shared), so the document before a command is kept as it was and
undo restores it exactly. The history (:mod:`model.history`) holds the open document, applies commands, undoes
and redoes them, rebuilds the :class:`Timeline` the views draw and knows whether the document differs from the
one last saved::

    history = History(timeline)
    timeline = history.apply(AddEvent(Event(id=new_id(history.doc.events, "Contract"), title="Contract",
                                            start="2025-03-10", lanes=["openai"])))
    history.undo_text          # "Undo Add Event"
    timeline = history.undo()

A command that would make the document invalid (a bad date, an unknown lane) raises :class:`TimelineError`
naming the field, and nothing changes. Source texts already read are kept, so rebuilding never reads a file
again; a source added with its text (:class:`AddSource`) is written to the ``sources/`` folder on save.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from model.formats.native import readable_event
from model.history import Command as Command
from model.history import History as History
from model.history import command_texts as command_texts
from model.provenance.plain_text import strip_controls
from model.time.timepoint import MAX_ABS_YEAR, DateError, TimePoint
from model.timeline import Event, Lane, QuoteRef, Source, TimelineDoc

SOURCES_FOLDER = "sources"
"""Where texts of added sources are stored, beside the timeline file."""


# --- events --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddEvent:
    """Add an event (at ``index`` in file order, or at the end)."""

    event: Event
    index: int | None = None
    text: str = "Add Event"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        if any(e.id == self.event.id for e in doc.events):
            raise ValueError(f"an event with id {self.event.id!r} already exists")
        events = list(doc.events)
        events.insert(len(events) if self.index is None else self.index, readable_event(self.event))
        return msgspec.structs.replace(doc, events=events)


@dataclass(frozen=True)
class EditEvent:
    """Replace an event's fields (found by id) with ``event``'s; the id may change if the new one is free."""

    event_id: str
    event: Event
    text: str = "Edit Event"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        i = event_position(doc, self.event_id)
        if self.event.id != self.event_id and any(e.id == self.event.id for e in doc.events):
            raise ValueError(f"an event with id {self.event.id!r} already exists")
        events = list(doc.events)
        events[i] = readable_event(self.event)  # typed text shows as loaded text does: no controls, no bidi overrides
        return msgspec.structs.replace(doc, events=events)


@dataclass(frozen=True)
class DeleteEvent:
    """Remove an event (found by id)."""

    event_id: str
    text: str = "Delete Event"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        i = event_position(doc, self.event_id)
        return msgspec.structs.replace(doc, events=doc.events[:i] + doc.events[i + 1:])


@dataclass(frozen=True)
class AddQuote:
    """Add a quote to an event (found by id); its source must be one of the document's."""

    event_id: str
    quote: QuoteRef
    text: str = "Add Quote"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        i = event_position(doc, self.event_id)
        event = doc.events[i]
        changed = msgspec.structs.replace(event, quotes=[*event.quotes, self.quote])
        return EditEvent(self.event_id, changed).apply(doc)


# --- sources -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddSource:
    """Add a source with its text; with ``source.file`` set (see :func:`source_file`) the text is saved in that file."""

    source: Source
    source_text: str | None = None
    """The text quotes are found in; None when ``source.text`` holds it inline (or it has none)."""
    text: str = "Add Source"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        if any(s.id == self.source.id for s in doc.sources):
            raise ValueError(f"a source with id {self.source.id!r} already exists")
        source = self.source
        readable = msgspec.structs.replace(source, title=strip_controls(source.title), publisher=strip_controls(source.publisher),
                                           notes=strip_controls(source.notes))
        return msgspec.structs.replace(doc, sources=[*doc.sources, readable])

    def texts(self) -> dict[str, str]:
        """File name to text, for the texts this command brings."""
        if self.source.file is None or self.source_text is None:
            return {}
        return {self.source.file: self.source_text}


# --- lanes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddLane:
    """Add a lane (at ``index`` from the top, or at the bottom)."""

    lane: Lane
    index: int | None = None
    text: str = "Add Lane"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        if any(lane.id == self.lane.id for lane in doc.lanes):
            raise ValueError(f"a lane with id {self.lane.id!r} already exists")
        lanes = list(doc.lanes)
        lane = msgspec.structs.replace(self.lane, name=strip_controls(self.lane.name))
        lanes.insert(len(lanes) if self.index is None else self.index, lane)
        return msgspec.structs.replace(doc, lanes=lanes)


@dataclass(frozen=True)
class RenameLane:
    """Give a lane a new name."""

    lane_id: str
    name: str
    text: str = "Rename Lane"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        if not self.name.strip():
            raise ValueError("a lane's name cannot be empty")
        return _replace_lane(doc, self.lane_id, name=strip_controls(self.name))


@dataclass(frozen=True)
class RecolourLane:
    """Give a lane a new colour (#rrggbb, or empty for the app's next colour)."""

    lane_id: str
    color: str
    text: str = "Recolour Lane"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        if self.color and not _COLOUR.fullmatch(self.color):
            raise ValueError(f"{self.color!r} is not a colour written as #rrggbb")
        return _replace_lane(doc, self.lane_id, color=self.color)


@dataclass(frozen=True)
class MoveLane:
    """Move a lane to position ``index`` from the top."""

    lane_id: str
    index: int
    text: str = "Move Lane"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        i = lane_position(doc, self.lane_id)
        lanes = list(doc.lanes)
        lane = lanes.pop(i)
        lanes.insert(max(0, min(self.index, len(lanes))), lane)
        return msgspec.structs.replace(doc, lanes=lanes)


@dataclass(frozen=True)
class DeleteLane:
    """Remove a lane no event belongs to."""

    lane_id: str
    text: str = "Delete Lane"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        i = lane_position(doc, self.lane_id)
        used = sum(self.lane_id in event.lanes for event in doc.events)
        if used:
            raise ValueError(f"lane {doc.lanes[i].name!r} still has {used:,} event{'s' if used > 1 else ''}")
        return msgspec.structs.replace(doc, lanes=doc.lanes[:i] + doc.lanes[i + 1:])


# --- several at once -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """Several commands undone and redone as one ("Add 5 Events")."""

    commands: tuple[Command, ...]
    text: str

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        for command in self.commands:
            doc = command.apply(doc)
        return doc

    def texts(self) -> dict[str, str]:
        """File name to text, for the texts the commands bring."""
        return {name: text for command in self.commands for name, text in command_texts(command).items()}


@dataclass(frozen=True)
class SetDescription:
    """Change the timeline's title and description."""

    title: str
    description: str
    text: str = "Edit Timeline Title"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        return msgspec.structs.replace(doc, title=strip_controls(self.title), description=strip_controls(self.description))


# --- ids and lookups -----------------------------------------------------------------------------------

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_NOT_ID = re.compile(r"[^a-z0-9]+")


def event_position(doc: TimelineDoc, event_id: str) -> int:
    """Index of the event with ``event_id``; KeyError naming it if there is none."""
    for i, event in enumerate(doc.events):
        if event.id == event_id:
            return i
    raise KeyError(f"no event with id {event_id!r}")


def lane_position(doc: TimelineDoc, lane_id: str) -> int:
    """Index of the lane with ``lane_id``; KeyError naming it if there is none."""
    for i, lane in enumerate(doc.lanes):
        if lane.id == lane_id:
            return i
    raise KeyError(f"no lane with id {lane_id!r}")


def _replace_lane(doc: TimelineDoc, lane_id: str, **changes: str) -> TimelineDoc:
    i = lane_position(doc, lane_id)
    lanes = list(doc.lanes)
    lanes[i] = msgspec.structs.replace(lanes[i], **changes)
    return msgspec.structs.replace(doc, lanes=lanes)


def slug(words: str, fallback: str = "item") -> str:
    """``words`` as an id: lower-case ASCII letters and digits joined by hyphens ("Contract signed" -> "contract-signed")."""
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", ascii_words.lower()).strip("-")[:48].strip("-") or fallback


def new_id(taken: Iterable[str | Event | Lane | Source], words: str, fallback: str = "item") -> str:
    """An id made from ``words`` that is not among ``taken`` (ids, or events, lanes or sources): "contract", "contract-2"..."""
    used = {item if isinstance(item, str) else item.id for item in taken}
    base = slug(words, fallback)
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    return ident


def source_file(source_id: str, suffix: str = ".txt") -> str:
    """Where an added source's text is stored, relative to the timeline: ``sources/<id>.txt``."""
    return f"{SOURCES_FOLDER}/{source_id}{suffix}"


# --- moving in time ------------------------------------------------------------------------------------


def snapped(point: TimePoint, seconds: float) -> TimePoint:
    """The point of ``point``'s precision nearest to ``seconds`` (a day-precise date moves by whole days)."""
    limit = TimePoint(MAX_ABS_YEAR, 12, 31).seconds
    seconds = max(-limit, min(limit, seconds))
    near = TimePoint.from_seconds(seconds, point.precision)
    if seconds - near.seconds > (near.end_seconds() - near.seconds) / 2:
        with contextlib.suppress(DateError):
            near = TimePoint.from_seconds(near.end_seconds(), point.precision)
    return near


def moved(event: Event, delta: float) -> Event:
    """``event`` moved ``delta`` seconds later (earlier when negative), its start and end snapped to their precision."""
    start = TimePoint.parse(event.start)
    new_start = snapped(start, start.seconds + delta)
    shift = new_start.seconds - start.seconds
    end = None
    if event.end is not None:
        old_end = TimePoint.parse(event.end)
        end = snapped(old_end, old_end.seconds + shift).iso()
    return msgspec.structs.replace(event, start=new_start.iso(), end=end)
