"""Editing a timeline: every change is a command, kept on an undo stack that knows what is unsaved.

A command turns a :class:`TimelineDoc` into a new one and never changes the one it was given (lists and
structs that change are copied; the rest is shared), so the document before a command is kept as it was and
undo restores it exactly. :class:`History` holds the open document, applies commands, undoes and redoes
them, rebuilds the :class:`Timeline` the views draw (checked, quotes verified) and knows whether the
document differs from the one last saved::

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
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from operator import is_not
from typing import Protocol, TypeVar

import msgspec
import numpy as np

from model.errors import Problem, TimelineError
from model.events import Emitter
from model.formats.native import SourceReader, build_timeline, readable_event
from model.provenance.plain_text import strip_controls
from model.time.timepoint import MAX_ABS_YEAR, DateError, TimePoint
from model.timeline import CodedSequence, Event, Lane, QuoteRef, Source, Timeline, TimelineDoc

T = TypeVar("T")

HISTORY_LIMIT = 1_000
"""Commands kept for undo; older ones are forgotten (the document itself is never lost)."""

RECENT_TIMELINES = 4
"""Timelines kept built for undo and redo (each holds its index: a few MB for 100,000 events)."""

SOURCES_FOLDER = "sources"
"""Where texts of added sources are stored, beside the timeline file."""


class Command(Protocol):
    """One change to a document, with the words the Edit menu shows ("Add Event")."""

    @property
    def text(self) -> str:
        """What the change is, as "Undo <text>" shows it."""
        ...

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        """The document with the change made; ``doc`` is left as it was. Raises KeyError/ValueError if it cannot be made."""
        ...


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


def command_texts(command: Command) -> dict[str, str]:
    """File name to text for the source texts ``command`` brings (AddSource, Batch), else empty."""
    texts: Callable[[], dict[str, str]] | None = getattr(command, "texts", None)
    return texts() if texts is not None else {}


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


# --- the history ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One applied command with the documents before and after it."""

    command: Command
    before: TimelineDoc
    after: TimelineDoc


@dataclass
class HistoryEvents:
    """What a history tells its listeners."""

    changed: Emitter[Timeline] = field(default_factory=lambda: Emitter("changed"))
    """The document changed (a command, undo, redo, a new document): the rebuilt timeline."""
    saved: Emitter[bool] = field(default_factory=lambda: Emitter("saved"))
    """Whether there are unsaved changes, whenever that may have changed."""


class History:
    """The open document, its undo and redo stacks, and the point it was last saved at."""

    def __init__(self, timeline: Timeline, read_source: SourceReader | None = None, limit: int = HISTORY_LIMIT) -> None:
        self.events = HistoryEvents()
        self.limit = limit
        self._fallback = read_source
        self._files: dict[str, str] = {}
        self._recent: dict[int, Timeline] = {}
        """The last few timelines built, by their document's id (each holds its document, so ids stay unique)."""
        self._done: list[Step] = []
        self._undone: list[Step] = []
        self._set_timeline(timeline)
        self._saved: TimelineDoc | None = timeline.doc
        """The document as last saved (or opened); commands make new documents, so identity tells a change."""

    # --- the document ---------------------------------------------------------------------------
    @property
    def doc(self) -> TimelineDoc:
        """The document as it is now."""
        return self._timeline.doc

    @property
    def timeline(self) -> Timeline:
        """The document as it is now, checked and with its quotes verified."""
        return self._timeline

    @property
    def path(self) -> str | None:
        """The file the document was opened from or last saved to; None for a new one."""
        return self._timeline.path

    def reset(self, timeline: Timeline, read_source: SourceReader | None = None) -> None:
        """Start over with ``timeline`` (opened or new): nothing to undo, nothing unsaved."""
        self._fallback = read_source
        self._files = {}
        self._recent = {}
        self._done.clear()
        self._undone.clear()
        self._set_timeline(timeline)
        self._saved = timeline.doc
        self.events.changed.emit(timeline)
        self.events.saved.emit(False)

    def apply(self, command: Command) -> Timeline:
        """Make the change; raises TimelineError (nothing changed) if the result would not be a valid timeline."""
        try:
            after = command.apply(self.doc)
        except (KeyError, ValueError, IndexError) as exc:
            reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise TimelineError(self._name(), [Problem("", f"cannot {command.text.lower()}: {reason}")]) from exc
        self._files.update(command_texts(command))
        timeline = self._build(after)
        self._done.append(Step(command, self.doc, after))
        self._undone.clear()
        if len(self._done) > self.limit:
            del self._done[0]
        return self._changed(timeline)

    def undo(self) -> Timeline:
        """Go back one command (nothing happens when there is none)."""
        if not self._done:
            return self._timeline
        step = self._done.pop()
        self._undone.append(step)
        return self._changed(self._build(step.before))

    def redo(self) -> Timeline:
        """Make the last undone command again (nothing happens when there is none)."""
        if not self._undone:
            return self._timeline
        step = self._undone.pop()
        self._done.append(step)
        return self._changed(self._build(step.after))

    # --- what the Edit menu shows ---------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        """Whether there is a command to undo."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone command to redo."""
        return bool(self._undone)

    @property
    def undo_text(self) -> str:
        """"Undo Add Event", or "Undo" when there is nothing to undo."""
        return f"Undo {self._done[-1].command.text}" if self._done else "Undo"

    @property
    def redo_text(self) -> str:
        """"Redo Add Event", or "Redo" when there is nothing to redo."""
        return f"Redo {self._undone[-1].command.text}" if self._undone else "Redo"

    # --- saving ---------------------------------------------------------------------------------
    @property
    def unsaved(self) -> bool:
        """Whether the document differs from the one last saved (or opened)."""
        return self.doc is not self._saved

    def mark_saved(self, path: str | None = None, doc: TimelineDoc | None = None) -> None:
        """``doc`` (by default the document as it is now) was saved to ``path``, which becomes the file.

        A save runs in the background: if the user edited meanwhile, the document saved is no longer the current
        one, and the changes since stay unsaved.
        """
        self._saved = self.doc if doc is None else doc
        if path is not None:
            self._timeline.path = path
        self.events.saved.emit(self.unsaved)

    def mark_unsaved(self) -> None:
        """The document is to be treated as unsaved (restored from a recovery file)."""
        self._saved = None
        self.events.saved.emit(True)

    def source_files(self) -> dict[str, str]:
        """File name (relative to the timeline) to text, for every source the document keeps in a file."""
        texts = self._timeline.source_texts
        return {s.file: texts[s.id] for s in self.doc.sources if s.file is not None and s.text is None and s.id in texts}

    # --- inside ---------------------------------------------------------------------------------
    def _name(self) -> str:
        return self._timeline.path or self._timeline.title or "the timeline"

    def _set_timeline(self, timeline: Timeline) -> None:
        self._timeline = timeline
        by_id = timeline.source_texts
        self._files.update({s.file: by_id[s.id] for s in timeline.doc.sources if s.file is not None and s.id in by_id})

    def _read(self, file: str) -> str:
        if file in self._files:
            return self._files[file]
        if self._fallback is None:
            raise FileNotFoundError(2, "the source's text was never read", file)
        text = self._fallback(file)
        self._files[file] = text
        return text

    def _build(self, doc: TimelineDoc) -> Timeline:
        """``doc`` checked, its sources' texts taken from those already read, its quotes verified.

        A document built lately (the one before an undo) is taken as it was; otherwise only the events that
        changed since the open timeline are checked (:func:`rebuild`).
        """
        old = self._timeline
        known = self._recent.get(id(doc))
        timeline = known if known is not None and known.doc is doc else rebuild(old, doc, self._name(), self._read)
        timeline.path = old.path
        self._recent[id(doc)] = timeline
        while len(self._recent) > RECENT_TIMELINES:
            del self._recent[next(iter(self._recent))]
        return timeline

    def _changed(self, timeline: Timeline) -> Timeline:
        self._set_timeline(timeline)
        self.events.changed.emit(timeline)
        self.events.saved.emit(self.unsaved)
        return timeline


# --- rebuilding only what changed ----------------------------------------------------------------------

_EVENT_PLACE = re.compile(r"^events\[(\d+)\]")


def rebuild(old: Timeline, doc: TimelineDoc, name: str, read_source: SourceReader) -> Timeline:
    """``doc`` as a checked timeline, reusing what ``old`` (the timeline it was edited from) already knows.

    Commands copy only what they change, so the events that differ from ``old``'s are one run, found by identity:
    only those are parsed, checked against the lanes and sources and have their quotes verified; the dates and
    quote checks of the others are kept. Anything else (eras, how ends read, a lane or source gone) is checked
    in full by :func:`build_timeline`.
    """
    before = old.doc
    if (doc.eras is not before.eras or doc.ends != before.ends or doc.format != before.format
            or not {lane.id for lane in before.lanes} <= {lane.id for lane in doc.lanes}
            or not {source.id: source for source in before.sources}.items() <= {source.id: source for source in doc.sources}.items()):
        return build_timeline(doc, name, read_source, warnings=old.warnings)
    first, tail = _changed_run(before.events, doc.events)
    window = doc.events[first:len(doc.events) - tail]
    texts = dict(old.source_texts)
    added = [source for source in doc.sources if source.id not in texts]
    part = _checked_part(doc, window, first, name, read_source, added)
    texts.update(part.source_texts)
    removed = len(before.events) - tail - first
    _check_ids(old, window, first, removed, name)
    stop = len(before.events) - tail
    starts = _spliced(old.starts, first, stop, part.starts)
    ends = _spliced(old.ends, first, stop, part.ends)
    timeline = Timeline(doc, starts, ends, texts, path=old.path, warnings=old.warnings)
    shift = len(window) - removed
    checks = {key: check for key, check in old.quote_checks.items() if key[0] < first}
    checks.update({(e + first, q): dataclasses.replace(c, event=e + first) for (e, q), c in part.quote_checks.items()})
    checks.update({(e + shift, q): dataclasses.replace(c, event=e + shift)
                   for (e, q), c in old.quote_checks.items() if e >= first + removed})
    timeline.quote_checks = checks
    return timeline


def _spliced(old: Sequence[T], first: int, stop: int, new: Sequence[T]) -> Sequence[T]:
    """``old[:first] + new + old[stop:]``, kept coded (the index reads coded dates fastest) when ``old`` is."""
    if not isinstance(old, CodedSequence):
        return [*old[:first], *new, *old[stop:]]
    base = len(old.values)
    codes = np.concatenate([old.codes[:first], np.arange(base, base + len(new), dtype=np.int32), old.codes[stop:]])
    return CodedSequence(codes, [*old.values, *new])


def _changed_run(old: list[Event], new: list[Event]) -> tuple[int, int]:
    """How many events at the start and at the end of both lists are the same objects (not overlapping)."""
    shortest = min(len(old), len(new))
    first = next(compress(count(), map(is_not, old, new)), shortest)  # in C: a few ms for 100,000 events
    tail = next(compress(count(), map(is_not, reversed(old), reversed(new))), shortest)
    return first, min(tail, shortest - first)


def _checked_part(doc: TimelineDoc, window: list[Event], first: int, name: str, read_source: SourceReader,
                  added: list[Source]) -> Timeline:
    """The changed events checked as a timeline of their own (with the new sources' texts), placed at ``first``."""
    texts = {source.file: read_source(source.file) for source in added if source.file is not None and source.text is None}

    def read(file: str) -> str:
        return texts[file] if file in texts else read_source(file)

    quoted = {quote.source for event in window for quote in event.quotes}
    sources = [source for source in doc.sources if source in added or source.id in quoted]
    part_doc = msgspec.structs.replace(doc, events=window, sources=sources)
    try:
        part = build_timeline(part_doc, name, read)
    except TimelineError as exc:
        raise TimelineError(name, [_placed(problem, first) for problem in exc.problems]) from None
    return part


def _placed(problem: Problem, first: int) -> Problem:
    """A problem of the changed events, at its place in the whole document."""
    where = _EVENT_PLACE.sub(lambda m: f"events[{int(m[1]) + first}]", problem.where)
    return Problem(where, problem.message, problem.kind)


def _check_ids(old: Timeline, window: list[Event], first: int, removed: int, name: str) -> None:
    """The changed events' ids are not empty and used by no other event (looked up in the old timeline's ids)."""
    seen: set[str] = set()
    for k, event in enumerate(window):
        if not event.id.strip():
            raise TimelineError(name, [Problem(f"events[{first + k}].id", "is empty")])
        other = old.event_by_id.get(event.id)
        if event.id in seen or (other is not None and not first <= other < first + removed):
            raise TimelineError(name, [Problem(f"events[{first + k}].id", f"duplicate id {event.id!r}")])
        seen.add(event.id)
