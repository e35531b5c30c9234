"""The undo history of a document: it applies commands, undoes and redoes them, and knows what is unsaved.

:class:`History` holds the open document, applies commands (:mod:`model.editing` defines them), undoes and
redoes them, rebuilds the :class:`Timeline` the views draw (checked, quotes verified) and knows whether the
document differs from the one last saved. The session holds one from the start; the commands themselves load
when the first edit is made.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from operator import is_not
from typing import Protocol, TypeVar

import msgspec
import numpy as np

from model.errors import Problem, TimelineError
from model.events import Emitter
from model.formats.native import SourceReader, build_timeline
from model.timeline import CodedSequence, Event, Source, Timeline, TimelineDoc
from model.work import Cancelled, checkpoint

T = TypeVar("T")

HISTORY_LIMIT = 1_000
"""Commands kept for undo; older ones are forgotten (the document itself is never lost)."""

RECENT_TIMELINES = 4
"""Timelines kept built for undo and redo (each holds its index: a few MB for 100,000 events)."""
RECENT_EVENTS = 2_000_000
"""Events those timelines may hold in all: of a million events, the one shown and the one before (about 120 MB each)."""


class Command(Protocol):
    """One change to a document, with the words the Edit menu shows ("Add Event")."""

    @property
    def text(self) -> str:
        """What the change is, as "Undo <text>" shows it."""
        ...

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        """The document with the change made; ``doc`` is left as it was. Raises KeyError/ValueError if it cannot be made."""
        ...


def command_texts(command: Command) -> dict[str, str]:
    """File name to text for the source texts ``command`` brings (AddSource, Batch), else empty."""
    texts: Callable[[], dict[str, str]] | None = getattr(command, "texts", None)
    return texts() if texts is not None else {}


Building = Callable[[Callable[[], Timeline], str], Timeline]
"""Runs the work that makes a change's timeline, given the change's name ("Delete Event", "Undo Delete Event"),
and returns what it returned (or raises what it raised): by default in the calling thread; the window runs it in a
worker, so that a change to a million events does not hold it."""


def build_here(work: Callable[[], Timeline], _what: str) -> Timeline:
    """The default :data:`Building`: the work, done now."""
    return work()


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
        self.building: Building = build_here
        """How the timeline of a change, an undo or a redo is built (see :data:`Building`)."""
        self._busy = False
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
        """Make the change; raises TimelineError (nothing changed) if the result would not be a valid timeline,
        or if it was cancelled while being built."""
        texts = command_texts(command)

        def work() -> Timeline:
            try:
                after = command.apply(self.doc)
            except (KeyError, ValueError, IndexError) as exc:
                reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                raise TimelineError(self._name(), [Problem("", f"cannot {command.text.lower()}: {reason}")]) from exc
            return self._build(after, lambda file: texts[file] if file in texts else self._read(file))

        timeline = self._built(command.text, work)
        self._files.update(texts)
        self._done.append(Step(command, self.doc, timeline.doc))
        self._undone.clear()
        if len(self._done) > self.limit:
            del self._done[0]
        return self._changed(timeline)

    def undo(self) -> Timeline:
        """Go back one command (nothing happens when there is none)."""
        if not self._done:
            return self._timeline
        step = self._done[-1]
        timeline = self._built(f"Undo {step.command.text}", lambda: self._build(step.before), step.before)
        self._undone.append(self._done.pop())
        return self._changed(timeline)

    def redo(self) -> Timeline:
        """Make the last undone command again (nothing happens when there is none)."""
        if not self._undone:
            return self._timeline
        step = self._undone[-1]
        timeline = self._built(f"Redo {step.command.text}", lambda: self._build(step.after), step.after)
        self._done.append(self._undone.pop())
        return self._changed(timeline)

    def _built(self, what: str, work: Callable[[], Timeline], doc: TimelineDoc | None = None) -> Timeline:
        """What ``work`` builds, through :attr:`building` unless ``doc``'s timeline is still kept: one change at a
        time, and only onto the timeline it started from (a file opened meanwhile wins, and the change is dropped
        with a word why)."""
        if self._busy:
            raise TimelineError(self._name(), [Problem("", f"cannot {what.lower()}: the last change is still being made")])
        self._busy = True
        old = self._timeline
        known = self._recent.get(id(doc)) if doc is not None else None
        try:
            timeline = known if known is not None and known.doc is doc else self.building(work, what)
        except Cancelled:
            raise TimelineError(self._name(), [Problem("", f"{what.lower()} was cancelled; nothing changed")]) from None
        finally:
            self._busy = False
        if self._timeline is not old:
            raise TimelineError(self._name(), [Problem("", f"cannot {what.lower()}: another timeline was opened meanwhile")])
        timeline.path = old.path
        self._remember(old)  # the one an undo goes back to
        self._remember(timeline)
        return timeline

    def _remember(self, timeline: Timeline) -> None:
        """Keep ``timeline`` built, as the newest of the few kept (see :data:`RECENT_TIMELINES`)."""
        self._recent.pop(id(timeline.doc), None)
        self._recent[id(timeline.doc)] = timeline
        while len(self._recent) > 1 and (len(self._recent) > RECENT_TIMELINES
                                         or sum(len(kept.events) for kept in self._recent.values()) > RECENT_EVENTS):
            del self._recent[next(iter(self._recent))]

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

    def _build(self, doc: TimelineDoc, read_source: SourceReader | None = None) -> Timeline:
        """``doc`` checked, its sources' texts taken from those already read, its quotes verified.

        A document built lately (the one before an undo) is taken as it was; otherwise only the events that
        changed since the open timeline are checked (:func:`rebuild`). What the views read first (the index, the
        ids) is built here too, so that a worker building it leaves the window only the showing.
        """
        old = self._timeline
        known = self._recent.get(id(doc))
        if known is not None and known.doc is doc:
            return known
        timeline = rebuild(old, doc, self._name(), read_source or self._read)
        checkpoint("Indexing events")
        timeline.index  # noqa: B018  (cached on the timeline)
        checkpoint()
        timeline.event_by_id  # noqa: B018
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
