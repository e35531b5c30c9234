"""Reading and checking timelines in the app's own JSON format."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import msgspec
import numpy as np
import numpy.typing as npt

from model.errors import Problem, TimelineError
from model.formats.long_strings import decode_sparing
from model.formats.reader import (
    JSON_TYPE_NAMES,
    collector_paused,
    decode_text,
    describe_value,
    os_reason,
    parse_json,
    read_bytes,
    read_source_file,
)
from model.provenance.plain_text import strip_controls
from model.provenance.quotes import verify_quotes
from model.time.timepoint import DateError, TimePoint
from model.timeline import ENDS, CodedSequence, Event, Timeline, TimelineDoc, end_seconds, event_times
from model.work import array_of, checkpoint, dismantle, pieces

FORMAT = "timeline-viewer/1"

NUMBER_FORMATS = ("en", "eu")
"""How a source writes figures: en reads 1,900.5, eu reads 1.900,5."""
SOURCE_KINDS = ("report", "check")
"""A witness, or a fact check that never corroborates (see :attr:`model.timeline.Source.kind`)."""

T = TypeVar("T")
SourceReader = Callable[[str], str]
"""Reads a source's bundled text file, given the name the timeline gives it."""

_ID, _START, _END = attrgetter("id"), attrgetter("start"), attrgetter("end")
_LANES, _QUOTES, _CLAIMS = attrgetter("lanes"), attrgetter("quotes"), attrgetter("claims")

_CONTROLS = (
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),  # raw C1 controls
    (b"\xe2\x80", re.compile(rb"\xe2\x80[\xaa-\xae]")),  # raw bidi overrides, U+202A-202E
    (b"\xe2\x81", re.compile(rb"\xe2\x81[\xa6-\xa9]")),  # raw bidi isolates, U+2066-2069
    (b"\\", re.compile(rb"\\(?:[bfr]|u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F]|u202[a-eA-E]|u206[6-9])")),
)
"""What can put a control character into a decoded string (in UTF-8, or as a JSON escape, with some harmless
look-alikes such as an escaped backslash before "r"), each with the bytes it starts with. A pattern that starts with
literal bytes is searched for at the speed of a byte search, and one whose first bytes never occur is not searched."""


def load_timeline(path: str | os.PathLike[str]) -> Timeline:
    """Load a timeline file in the app's own format, or raise :class:`TimelineError`."""
    name = str(path)
    data = read_bytes(path)
    base = Path(path).resolve().parent
    return load_timeline_bytes(data, name, lambda file: read_source_file(base, file))


def load_timeline_bytes(data: bytes, name: str, read_source: SourceReader) -> Timeline:
    """Load from bytes already read; ``name`` is used in messages."""
    doc = decode_timeline(data, name)
    with collector_paused():
        return build_timeline(doc, name, read_source)


def decode_timeline(data: bytes, name: str) -> TimelineDoc:
    """The document in ``data``, decoded and cleaned of control characters, or raise :class:`TimelineError`. The
    bytes are not needed after this: a caller that drops them halves what a large file costs while it is checked."""
    with collector_paused():
        try:
            doc = decode_in_pieces(data) if len(data) > PIECES_FROM_BYTES else msgspec.json.decode(data, type=TimelineDoc)
        except EventRefused as refused:
            raise TimelineError(name, refused.problems()) from None
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            if len(data) > PIECES_FROM_BYTES:  # Python's json would hold the interpreter for seconds to say more
                raise TimelineError(name, [located_problem(data, exc)]) from None
            doc, clean = _decode_slowly(data, name), False
        except (UnicodeDecodeError, RecursionError):
            doc, clean = _decode_slowly(data, name), False
        else:
            clean = not may_hold_controls(data)
        checkpoint("Checking events")
        if not clean:
            strip_control_characters(doc)
        return doc


PIECES_FROM_BYTES = 4 * 2**20
"""Files larger than this have their events decoded in pieces (see :func:`decode_in_pieces`)."""
EVENTS_PER_PIECE = 10_000
"""Events decoded at once: about 20 ms of work, after which other threads (the window's) may run."""


def _undecoded_events() -> type[msgspec.Struct]:
    """:class:`TimelineDoc` with each event kept as its undecoded JSON."""
    spec: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field in msgspec.structs.fields(TimelineDoc):
        kind = list[msgspec.Raw] if field.name == "events" else field.type
        if field.required:
            spec.append((field.name, kind))
        elif field.default_factory is not msgspec.NODEFAULT:
            spec.append((field.name, kind, msgspec.field(default_factory=field.default_factory)))
        else:
            spec.append((field.name, kind, field.default))
    return msgspec.defstruct("TimelineHead", spec)


_HEAD = msgspec.json.Decoder(_undecoded_events())
_EVENTS = msgspec.json.Decoder(list[Event])


def decode_in_pieces(data: bytes) -> TimelineDoc:
    """``data`` decoded as :func:`msgspec.json.decode` would, with checkpoints between pieces of events.

    msgspec holds the interpreter while it decodes: a million events in one call would freeze the window for
    seconds and make Cancel wait. The events array is cut between its elements a mebibyte at a time (see
    :func:`_decode_cut`); a file that cannot be cut so is delimited by msgspec first, then decoded in pieces.
    """
    cut = _decode_cut(data)
    return cut if cut is not None else _decode_delimited(data)


PIECE_BYTES = 1 << 18
"""Bytes of events decoded at once: a millisecond or two of work, after which other threads (the window's) may run."""
MAX_MISCUTS = 16
"""Cuts of one piece that fall inside an event (between two of its quotes, say) before the file is decoded whole."""
_TOP_ARRAY = re.compile(rb"\s*\[\s*")
_FIRST_KEY = re.compile(rb'\{\s*("(?:[^"\\]|\\.){1,64}")\s*:')
_ARRAY_END = re.compile(rb"\}\s*\]")
_IN_PLACE = b'[{"events decoded apart":0}]'
"""What the events array is replaced with in the rest of the document (no event can be this object)."""


def _decode_cut(data: bytes) -> TimelineDoc | None:
    """The document, its events decoded a piece at a time, or None when the events cannot be cut apart so
    (see :func:`decode_cut_apart`)."""
    found = decode_cut_apart(data, _EVENTS, _HEAD)
    if found is None:
        return None
    head, events = found
    fields = msgspec.structs.asdict(head)
    fields.pop("events")
    return TimelineDoc(**fields, events=events)


def decode_cut_apart(data: bytes, items: msgspec.json.Decoder[Any], rest: msgspec.json.Decoder[Any],
                     key_name: bytes | None = b"events", longest: int | None = None) -> tuple[Any, list[Any]] | None:
    """A JSON object decoded with its ``events`` array cut into pieces: what ``rest`` makes of the object with that
    array replaced by a stand-in, and the events as ``items`` decodes them; or None when they cannot be cut apart so.

    Events are objects that start with the same key: a cut is a ``}``, a comma and the ``{`` and first key of the
    next event. Inside a string the key's quotes would be escaped, so a cut is never in a string, but it may be
    inside an event (a list of quotes that start with that key): the piece then fails to decode and reaches on to
    the next cut. The rest of the document must hold the stand-in as its only events: else the array found was not
    the top-level one (or another "events" key follows, which a JSON reader takes instead), and the caller reads
    the whole file as it would have. ``longest``: see :func:`model.formats.long_strings.decode_sparing`.
    """
    opening = re.compile(rb'"' + re.escape(key_name) + rb'"\s*:\s*\[\s*') if key_name is not None else _TOP_ARRAY
    key = search_windows(opening, data, 0) if key_name is not None else opening.match(data)
    first = _FIRST_KEY.match(data, key.end()) if key is not None else None
    if key is None or first is None:
        return None
    cut = re.compile(rb"\}\s*,\s*\{\s*" + re.escape(first.group(1)) + rb"\s*:")
    events: list[Any] = []
    start = key.end()
    try:
        while True:
            checkpoint("Reading events", start, len(data))
            found = _decode_piece(data, start, cut, len(events), items, longest)
            if found is None:
                dismantle(events)
                return None
            piece, start, closed = found
            events += piece
            if closed:
                break
    except BaseException:  # a bad event, or Cancel: what was decoded is freed a piece at a time
        dismantle(events)
        raise
    if key_name is None:  # a top-level array: nothing may follow it
        if data[start:].strip():
            dismantle(events)
            return None
        return None, events
    try:  # the rest, with the stand-in for the array (and any source's long text decoded apart)
        decoded = decode_sparing(rest, data, hole=(key.start(), start, b'"' + key_name + b'":' + _IN_PLACE), longest=longest)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        dismantle(events)
        return None
    name = key_name.decode()
    stand_in = decoded.get(name) if isinstance(decoded, dict) else getattr(decoded, name, None)
    if not _is_stand_in(stand_in):
        dismantle(events)
        return None
    return decoded, events


def _is_stand_in(value: Any) -> bool:
    """Whether ``value`` is the stand-in for the events array, undecoded or decoded."""
    if isinstance(value, list) and len(value) == 1:
        only = value[0]
        if isinstance(only, msgspec.Raw):
            return bytes(only) == _IN_PLACE[1:-1]
        return isinstance(only, dict) and only == {"events decoded apart": 0}
    return False


def _decode_piece(data: bytes, start: int, cut: re.Pattern[bytes], done: int, items: msgspec.json.Decoder[Any],
                  longest: int | None = None) -> tuple[list[Any], int, bool] | None:
    """The events from ``start`` to a cut :data:`PIECE_BYTES` on (or to the array's end), where the next piece starts,
    and whether the array ended; None after too many cuts that fell inside an event. Raises :class:`EventRefused`
    for an event that is whole JSON but not a valid event (``done`` events came before the piece)."""
    pattern, at = cut, start + PIECE_BYTES
    for _ in range(MAX_MISCUTS):
        boundary = search_windows(pattern, data, at)
        if boundary is None:
            if pattern is _ARRAY_END:
                return None
            pattern, at = _ARRAY_END, start  # no cut left: the last piece runs to the array's end
            continue
        try:  # a piece holds megabytes only if an event's text does: that text is decoded apart
            events = decode_sparing(items, data, start, boundary.start() + 1, around=(b"[", b"]"), longest=longest)
        except msgspec.ValidationError as exc:
            whole = _whole_events(b"[" + data[start:boundary.start() + 1] + b"]")
            if whole is not None:  # the cut was between events: this one is wrong
                raise EventRefused.in_piece(exc, done, whole) from None
            at = boundary.start() + 1  # inside an event: on to the next
            continue
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            at = boundary.start() + 1
            continue
        if pattern is _ARRAY_END:
            return events, boundary.end(), True
        return events, boundary.start() + 1 + _skip_comma(data, boundary.start() + 1), False
    return None


_RAWS = msgspec.json.Decoder(list[msgspec.Raw])


def _whole_events(piece: bytes) -> list[msgspec.Raw] | None:
    """The piece's events undecoded, if it is a whole JSON array."""
    try:
        return _RAWS.decode(piece)
    except (msgspec.DecodeError, RecursionError):
        return None


def _skip_comma(data: bytes, at: int) -> int:
    """How many bytes from ``at`` (just after an event's ``}``) to the ``{`` of the next one."""
    return data.index(b"{", at) - at


_SEARCH_WINDOW = 1 << 20
_SEARCH_OVERLAP = 1 << 12
"""A match longer than this (whitespace in the thousands between a key and its colon) is not found by
:func:`search_windows`."""


def search_windows(pattern: re.Pattern[bytes], data: bytes, at: int = 0) -> re.Match[bytes] | None:
    """The first match of ``pattern`` from ``at``, searched a mebibyte at a time (a checkpoint between): a regular
    expression search holds the interpreter, and over a hundred megabytes the window would wait for it."""
    for start in range(at, len(data), _SEARCH_WINDOW):
        found = pattern.search(data, start, start + _SEARCH_WINDOW + _SEARCH_OVERLAP)
        if found is not None:
            return found
        checkpoint()
    return None


def _decode_delimited(data: bytes) -> TimelineDoc:
    """The document, its events first delimited by msgspec in one call, then decoded ten thousand at a time."""
    fields = msgspec.structs.asdict(_HEAD.decode(data))
    undecoded: list[msgspec.Raw] = fields.pop("events")
    events: list[Event] = []
    for start in range(0, len(undecoded), EVENTS_PER_PIECE):
        checkpoint("Reading events", start, len(undecoded))
        piece = undecoded[start: start + EVENTS_PER_PIECE]
        try:
            events += _EVENTS.decode(b"[" + b",".join(piece) + b"]")
        except msgspec.ValidationError as exc:
            raise EventRefused.in_piece(exc, start, piece) from None
    return TimelineDoc(**fields, events=events)


_IN_PIECE = re.compile(r"^(?P<message>.*) - at `\$\[(?P<index>\d+)\](?P<rest>[^`]*)`$", re.DOTALL)


class EventRefused(msgspec.ValidationError):
    """An event of a large file that did not decode: its index in the file and its undecoded JSON."""

    def __init__(self, index: int, raw: bytes, error: str) -> None:
        super().__init__(error)
        self.index, self.raw, self.error = index, raw, error

    @classmethod
    def in_piece(cls, exc: msgspec.ValidationError, start: int, piece: list[msgspec.Raw]) -> EventRefused | msgspec.ValidationError:
        """msgspec's error about event k of a piece starting at ``start``, as one about that event of the file."""
        match = _IN_PIECE.match(str(exc))
        if match is None or int(match["index"]) >= len(piece):
            return exc
        index = start + int(match["index"])
        return cls(index, bytes(piece[int(match["index"])]), f"{match['message']} - at `$.events[{index}]{match['rest']}`")

    def problems(self) -> list[Problem]:
        """Every problem of the event, as the slow check names them (it reads one event, not the file)."""
        where = f"events[{self.index}]"
        try:
            raw = msgspec.json.decode(self.raw)
        except msgspec.DecodeError:
            raw = None
        found = list(_check_list([raw], Event, "events"))
        found = [Problem(p.where.replace("events[0]", where, 1), p.message) for p in found]
        return found or [validation_problem(msgspec.ValidationError(self.error))]


def located_problem(data: bytes, exc: msgspec.ValidationError | msgspec.DecodeError) -> Problem:
    """msgspec's own word on a large file it refused, with the line and column of a syntax error (counted a
    mebibyte at a time)."""
    if isinstance(exc, msgspec.ValidationError):
        return validation_problem(exc)
    message = str(exc)
    at = re.search(r" \(byte (\d+)\)$", message)
    position = min(int(at.group(1)), len(data)) if at else len(data)
    reason = message[: at.start()] if at else message
    reason = reason.removeprefix("JSON is malformed: ")
    line, column = _line_and_column(data, position)
    return Problem(f"line {line}, column {column}", f"invalid JSON: {reason[:1].lower()}{reason[1:]}")


def _line_and_column(data: bytes, position: int) -> tuple[int, int]:
    """Line and column (in characters) of byte ``position``."""
    lines, line_start = 1, 0
    for start in range(0, position, _SEARCH_WINDOW):
        end = min(start + _SEARCH_WINDOW, position)
        lines += data.count(b"\n", start, end)
        last = data.rfind(b"\n", start, end)
        line_start = last + 1 if last >= 0 else line_start
        checkpoint()
    characters = 0
    for start in range(line_start, position, _SEARCH_WINDOW):
        chunk = np.frombuffer(data, dtype=np.uint8, count=min(_SEARCH_WINDOW, position - start), offset=start)
        characters += int(np.count_nonzero((chunk & 0xC0) != 0x80))  # UTF-8 continuation bytes start no character
        checkpoint()
    return lines, characters + 1


def _decode_slowly(data: bytes, name: str) -> TimelineDoc:
    """Decode with Python's json, to name every problem of a file msgspec refused."""
    raw = parse_json(name, decode_text(name, data))
    problems = list(check_structure(raw))
    if problems:
        raise TimelineError(name, problems) from None
    try:
        return msgspec.convert(raw, type=TimelineDoc)
    except msgspec.ValidationError as exc:
        raise TimelineError(name, [validation_problem(exc)]) from None


def may_hold_controls(data: bytes) -> bool:
    """Whether JSON that msgspec decoded from ``data`` can hold control characters in its strings.

    Raw ones below U+0020 are invalid JSON inside a string, so only DEL, raw C1 characters and escapes can put one
    there. A few vectorised byte searches instead of a regex substitution on every string.
    """
    return _holds(b"\x7f", data) or any(_holds(start, data) and _found(pattern, data) for start, pattern in _CONTROLS)


def _holds(needle: bytes, data: bytes) -> bool:
    """``needle in data``, searched a mebibyte at a time (a literal pattern is searched at the speed of bytes.find)."""
    return search_windows(re.compile(re.escape(needle)), data) is not None


def _found(pattern: re.Pattern[bytes], data: bytes) -> bool:
    """Whether ``pattern`` occurs in ``data``, searched a mebibyte at a time."""
    return search_windows(pattern, data) is not None


_AT_PATH = re.compile(r"^(?P<message>.*) - at `\$\.?(?P<where>[^`]*)`$", re.DOTALL)


def validation_problem(exc: msgspec.ValidationError) -> Problem:
    """msgspec's "Expected `int`, got `str` - at `$.events[0].importance`" as a problem at that path."""
    match = _AT_PATH.match(str(exc))
    if match is None:
        return Problem("", str(exc))
    return Problem(match["where"], match["message"].replace("`", ""))


def strip_control_characters(doc: TimelineDoc) -> None:
    """Remove control characters (other than newline and tab) from the text a reader sees."""
    doc.title, doc.description = strip_controls(doc.title), strip_controls(doc.description)
    for lane in doc.lanes:
        lane.name = strip_controls(lane.name)
    for era in doc.eras:
        era.title = strip_controls(era.title)
    for source in doc.sources:
        source.title, source.publisher, source.notes = map(strip_controls, (source.title, source.publisher, source.notes))
    doc.events = [readable_event(event) for event in doc.events]


def readable_event(event: Event) -> Event:
    """``event`` with control characters and bidi overrides removed from what a reader sees (as a file is loaded)."""
    media = event.media
    if media is not None:
        media = msgspec.structs.replace(media, caption=strip_controls(media.caption), credit=strip_controls(media.credit),
                                        alt=strip_controls(media.alt), url=strip_controls(media.url))
    title, summary, display_date = strip_controls(event.title), strip_controls(event.summary), strip_controls(event.display_date)
    notes = [strip_controls(note) for note in event.notes]
    if (title is event.title and summary is event.summary and display_date is event.display_date and media == event.media
            and all(a is b for a, b in zip(notes, event.notes, strict=True))):
        return event  # nothing to remove: the same event, no copy (a large file holds few such events)
    return msgspec.structs.replace(event, title=title, summary=summary, notes=notes, display_date=display_date, media=media)


def build_timeline(doc: TimelineDoc, name: str, read_source: SourceReader, warnings: list[Problem] | None = None) -> Timeline:
    """Check a decoded document's meaning, read its sources and verify its quotes."""
    problems: list[Problem] = []
    if doc.format != FORMAT:
        problems.append(Problem("format", f"{doc.format!r} is not a format this app reads (it reads {FORMAT!r})"))
    if doc.ends not in ENDS:
        problems.append(Problem("ends", f"expected {' or '.join(map(repr, ENDS))}, found {doc.ends!r}"))
    checkpoint("Reading dates")
    starts, ends = _parse_dates(doc.events, problems, doc.ends == "instant")
    checkpoint("Checking references")
    problems.extend(check_eras(doc, doc.ends == "instant"))
    problems.extend(check_references(doc))
    if doc.sources:
        checkpoint("Reading sources")
    texts = _read_sources(doc, read_source, problems)
    if problems:
        raise TimelineError(name, problems)
    timeline = Timeline(doc, starts, ends, texts, path=name, warnings=list(warnings or []))
    if doc.sources and any(map(_QUOTES, doc.events)):  # with no sources there are no quotes (references are checked)
        timeline.quote_checks = {(c.event, c.quote): c for c in verify_quotes(timeline)}
    return timeline


def check_eras(doc: TimelineDoc, instant_ends: bool = False) -> Iterable[Problem]:
    """Era dates that cannot be read, and eras that end before they start."""
    for i, era in enumerate(doc.eras):
        points: list[TimePoint] = []
        for key in ("start", "end"):
            try:
                points.append(TimePoint.parse(getattr(era, key)))
            except DateError as exc:
                yield Problem(f"eras[{i}].{key}", _date_message(getattr(era, key), exc))
        if len(points) == 2 and end_seconds(points[1], instant_ends) <= points[0].seconds:
            yield Problem(f"eras[{i}].end", f"{era.end!r} is before the start {era.start!r}")


def _date_message(text: str, exc: DateError) -> str:
    return str(exc) if "is not a date" in str(exc) else f"{text!r} is not a date: {exc}"


def _parse_dates(events: list[Event], problems: list[Problem],
                 instant_ends: bool = False) -> tuple[Sequence[TimePoint], Sequence[TimePoint | None]]:
    """Every event's start and end, each distinct text parsed once; problems in event order."""
    start_texts = _mapped(_START, events)
    end_texts: list[str | None] = _mapped(_END, events)
    parsed = {text: _parse_date(text) for text in _distinct(start_texts, end_texts) if text is not None}
    points = {text: value for text, value in parsed.items() if isinstance(value, TimePoint)}
    if len(points) < len(parsed):
        return _parse_dates_one_by_one(events, parsed, problems, instant_ends)
    values = list(points.values())
    slot: dict[str | None, int] = {text: k for k, text in enumerate(points)}
    slot[None] = len(values)
    starts = CodedSequence(_codes(start_texts, slot), values)
    ends: CodedSequence[TimePoint | None] = CodedSequence(_codes(end_texts, slot), [*values, None])
    times = event_times(starts, ends, instant_ends)
    before = times.end < times.start if instant_ends else times.end <= times.start
    for i in np.flatnonzero(times.has_end & before).tolist():
        problems.append(Problem(f"events[{i}].end", f"{events[i].end!r} is before the start {events[i].start!r}"))
    return starts, ends


def _parse_date(text: str) -> TimePoint | str:
    """The point ``text`` names, or the message saying why it names none."""
    try:
        return TimePoint.parse(text)
    except DateError as exc:
        return _date_message(text, exc)


def _codes(texts: list[str | None], slot: dict[str | None, int]) -> npt.NDArray[np.int32]:
    return array_of(slot.__getitem__, texts, np.int32)


def _mapped(get: Callable[[Event], T], events: list[Event]) -> list[T]:
    """``list(map(get, events))``, a piece at a time."""
    out: list[T] = []
    for piece in pieces(events):
        out += map(get, piece)
    return out


def _distinct(*lists: list[T]) -> set[T]:
    """Every item of ``lists`` once, gathered a piece at a time."""
    found: set[T] = set()
    for items in lists:
        for piece in pieces(items):
            found.update(piece)
    return found


def _parse_dates_one_by_one(events: list[Event], parsed: dict[str, TimePoint | str], problems: list[Problem],
                            instant_ends: bool) -> tuple[list[TimePoint], list[TimePoint | None]]:
    """The dates event by event, for a file with a date that cannot be read."""

    def point(text: str, where: str) -> TimePoint | None:
        value = parsed[text]
        if isinstance(value, str):
            problems.append(Problem(where, value))
            return None
        return value

    starts: list[TimePoint] = []
    ends: list[TimePoint | None] = []
    for i, event in enumerate(events):
        start = point(event.start, f"events[{i}].start")
        end = point(event.end, f"events[{i}].end") if event.end is not None else None
        if start is not None and end is not None and _ends_before(start, end, instant_ends):
            problems.append(Problem(f"events[{i}].end", f"{event.end!r} is before the start {event.start!r}"))
        starts.append(start or TimePoint(1970))
        ends.append(end)
    return starts, ends


def _ends_before(start: TimePoint, end: TimePoint, instant_ends: bool) -> bool:
    """Whether an end comes before its start (an instant end may equal it: the event is then an instant)."""
    return end.seconds < start.seconds if instant_ends else end.end_seconds() <= start.seconds


def check_references(doc: TimelineDoc) -> Iterable[Problem]:
    """Duplicate ids, unknown lanes and sources, quote indices out of range."""
    yield from _duplicates("lanes", [lane.id for lane in doc.lanes])
    yield from _duplicates("sources", [source.id for source in doc.sources])
    lanes = {lane.id for lane in doc.lanes}
    sources = {source.id for source in doc.sources}
    if not _events_fine(doc.events, lanes, sources):
        yield from _duplicates("events", [event.id for event in doc.events])
        yield from _event_problems(doc.events, lanes, sources)
    yield from _source_problems(doc)


def _events_fine(events: list[Event], lanes: set[str], sources: set[str]) -> bool:
    """Whether :func:`_event_problems` would find nothing, from set operations and builtins run over whole lists."""
    ids: list[str] = _mapped(_ID, events)
    return (
        len(_distinct(ids)) == len(ids)
        and all(all(map(str.strip, piece)) for piece in pieces(ids))
        and all(set(chain.from_iterable(map(_LANES, piece))) <= lanes for piece in pieces(events))
        and {quote.source for quotes in map(_QUOTES, events) for quote in quotes} <= sources
        and all(0 <= q < len(event.quotes) for event in filter(_CLAIMS, events) for claim in event.claims for q in claim.quotes)
    )


def _event_problems(events: list[Event], lanes: set[str], sources: set[str]) -> Iterable[Problem]:
    for i, event in enumerate(events):
        if not event.id.strip():
            yield Problem(f"events[{i}].id", "is empty")
        for k, lane in enumerate(event.lanes):
            if lane not in lanes:
                yield Problem(f"events[{i}].lanes[{k}]", f"unknown lane {lane!r}")
        for k, quote in enumerate(event.quotes):
            if quote.source not in sources:
                yield Problem(f"events[{i}].quotes[{k}].source", f"unknown source {quote.source!r}")
        for k, claim in enumerate(event.claims):
            for q in claim.quotes:
                if not 0 <= q < len(event.quotes):
                    has = f"the event has {len(event.quotes)}"
                    yield Problem(f"events[{i}].claims[{k}].quotes", f"quote {q} does not exist ({has})")


def _source_problems(doc: TimelineDoc) -> Iterable[Problem]:
    for i, source in enumerate(doc.sources):
        if source.published is not None:
            try:
                TimePoint.parse(source.published)
            except DateError as exc:
                yield Problem(f"sources[{i}].published", str(exc))
        if source.number_format not in NUMBER_FORMATS:
            expected = " or ".join(map(repr, NUMBER_FORMATS))
            yield Problem(f"sources[{i}].number_format", f"expected {expected}, found {source.number_format!r}")
        if source.kind not in SOURCE_KINDS:
            yield Problem(f"sources[{i}].kind", f"expected 'report' or 'check', found {source.kind!r}")


def _duplicates(kind: str, ids: list[str]) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in seen:
            yield Problem(f"{kind}[{i}].id", f"duplicate id {ident!r} (also {kind}[{seen[ident]}])")
        else:
            seen[ident] = i


def _read_sources(doc: TimelineDoc, read_source: SourceReader, problems: list[Problem]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for i, source in enumerate(doc.sources):
        if source.text is not None:
            texts[source.id] = source.text
        elif source.file is not None:
            try:
                texts[source.id] = read_source(source.file)
            except (OSError, ValueError) as exc:
                reason = os_reason(exc)
                problems.append(Problem(f"sources[{i}].file", f"cannot read {source.file!r}: {reason}"))
    return texts


class _Field(NamedTuple):
    """What the loader expects of one field of the format, as :mod:`model.timeline`'s structs define it."""

    types: tuple[type, ...]
    """The JSON types it may hold, as the Python types ``json`` decodes them to."""
    required: bool
    inner: type | None
    """For a list, the type of its items (a struct or a JSON type); for an object, its struct."""


_JSON_TYPES: dict[type, type] = {msgspec.inspect.StrType: str, msgspec.inspect.IntType: int, msgspec.inspect.ListType: list,
                                 msgspec.inspect.VarTupleType: list, msgspec.inspect.StructType: dict,
                                 msgspec.inspect.NoneType: type(None)}


def _bare(node: msgspec.inspect.Type) -> msgspec.inspect.Type:
    """``node`` without the descriptions and schema notes the structs attach to it."""
    return node.type if isinstance(node, msgspec.inspect.Metadata) else node


def _inner(node: msgspec.inspect.Type) -> type | None:
    if isinstance(node, (msgspec.inspect.ListType, msgspec.inspect.VarTupleType)):
        item = _bare(node.item_type)
        return item.cls if isinstance(item, msgspec.inspect.StructType) else _JSON_TYPES[type(item)]
    return node.cls if isinstance(node, msgspec.inspect.StructType) else None


def _field(field: msgspec.inspect.Field) -> _Field:
    node = _bare(field.type)
    members = [_bare(m) for m in node.types] if isinstance(node, msgspec.inspect.UnionType) else [node]
    inner = next((found for found in map(_inner, members) if found is not None), None)
    return _Field(tuple(_JSON_TYPES[type(m)] for m in members), field.required, inner)


def _field_tables(root: type[msgspec.Struct]) -> dict[type, dict[str, _Field]]:
    """Every struct reachable from ``root``, with its fields by the names they have in files."""
    tables: dict[type, dict[str, _Field]] = {}
    pending: list[type] = [root]
    while pending:
        struct = pending.pop()
        info = msgspec.inspect.type_info(struct)
        assert isinstance(info, msgspec.inspect.StructType)
        tables[struct] = {f.encode_name: _field(f) for f in info.fields}
        pending += [f.inner for f in tables[struct].values() if f.inner is not None and _is_struct(f.inner) and f.inner not in tables]
    return tables


def _is_struct(kind: type) -> bool:
    return issubclass(kind, msgspec.Struct)


@cache
def _fields() -> dict[type, dict[str, _Field]]:
    """The loader's field tables, read from the structs when a file first needs them (the slow path names every problem)."""
    return _field_tables(TimelineDoc)


def check_structure(raw: Any) -> Iterable[Problem]:
    """Every structural problem of a decoded JSON document, each with its JSON path."""
    if not isinstance(raw, dict):
        yield Problem("", f"expected a JSON object at the top, found {describe_value(raw)}")
        return
    yield from _check_object(raw, TimelineDoc, "")


def _check_object(obj: dict[str, Any], struct: type, path: str) -> Iterable[Problem]:
    for key, field in _fields()[struct].items():
        where = f"{path}.{key}" if path else key
        if key not in obj:
            if field.required:
                yield Problem(where, "is missing")
            continue
        value = obj[key]
        if not _is(value, field.types):
            yield Problem(where, f"expected {_expected(field.types)}, found {describe_value(value)}")
        elif isinstance(value, list) and field.inner is not None:
            yield from _check_list(value, field.inner, where)
        elif isinstance(value, dict) and field.inner in _fields():
            yield from _check_object(value, field.inner, where)


def _check_list(values: list[Any], item_type: type, where: str) -> Iterable[Problem]:
    for i, item in enumerate(values):
        item_where = f"{where}[{i}]"
        if item_type not in _fields():
            if not _is(item, item_type):
                yield Problem(item_where, f"expected {_expected(item_type)}, found {describe_value(item)}")
        elif isinstance(item, dict):
            yield from _check_object(item, item_type, item_where)
        else:
            yield Problem(item_where, f"expected an object, found {describe_value(item)}")


def _is(value: Any, types: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, types)


def _expected(types: type | tuple[type, ...]) -> str:
    names = [JSON_TYPE_NAMES.get(t, t.__name__) for t in (types if isinstance(types, tuple) else (types,))]
    return " or ".join(names)
