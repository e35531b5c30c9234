"""Reading and checking timelines in the app's own JSON format."""

from __future__ import annotations

import codecs
import errno
import gc
import json
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
import numpy as np
import numpy.typing as npt

from model.errors import Problem, TimelineError
from model.provenance.plain_text import strip_controls
from model.provenance.quotes import verify_quotes
from model.time.timepoint import DateError, TimePoint
from model.timeline import ENDS, CodedSequence, Event, Timeline, TimelineDoc, end_seconds, event_times
from model.work import checkpoint

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Files larger than this are refused before they are read."""

MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""Source documents larger than this are refused before they are read."""

MAX_NESTING = 64
FORMAT = "timeline-viewer/1"

NUMBER_FORMATS = ("en", "eu")
"""How a source writes figures: en reads 1,900.5, eu reads 1.900,5."""
SOURCE_KINDS = ("report", "check")
"""A witness, or a fact check that never corroborates (see :attr:`model.timeline.Source.kind`)."""

SourceReader = Callable[[str], str]
"""Reads a source's bundled text file, given the name the timeline gives it."""

BINARY_CHECK_BYTES = 65_536
"""A file with a NUL byte among its first bytes is binary; it is refused before the rest is read."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


_ID, _START, _END = attrgetter("id"), attrgetter("start"), attrgetter("end")
_LANES, _QUOTES, _CLAIMS = attrgetter("lanes"), attrgetter("quotes"), attrgetter("claims")

_RAW_C1 = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
"""Raw C1 controls and bidi overrides/isolates (U+202A-202E, U+2066-2069) in UTF-8."""
_CONTROL_ESCAPE = re.compile(rb"\\(?:[bfr]|u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F]|u202[a-eA-E]|u206[6-9])")
"""JSON escapes of control characters (and some harmless look-alikes, such as an escaped backslash before "r")."""


class _CollectorPause:
    """Counts nested and concurrent pauses, so the collector's state is restored once, by the last to end."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.was_enabled = True

    def enter(self) -> None:
        with self.lock:
            if self.depth == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.depth += 1

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if not self.depth and self.was_enabled:
                gc.enable()


_PAUSE = _CollectorPause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a load makes millions of objects that form no cycles.

    Otherwise it walks them again and again as they are made (2 of the 3 s msgspec takes for a million events).
    Nothing is frozen afterwards (``gc.freeze`` would keep a replaced timeline caught in any reference cycle alive
    for good): the collector simply resumes.
    """
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading, refusing before reading anything what is not a regular file.

    A named pipe would block forever and a device may never end: the type is checked before the file is opened,
    and again on the open file (opened without blocking, in case it was swapped in between).
    """
    check_regular(os.stat(path).st_mode, path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        check_regular(os.fstat(fd).st_mode, path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(mode: int, path: str | os.PathLike[str]) -> None:
    """Raise OSError unless ``mode`` is a regular file's."""
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, f"is {_special_kind(mode)}, not a regular file", str(path))


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, refusing what cannot be a timeline: not a regular file, too large, empty, binary."""
    name = str(path)
    try:
        info = os.stat(path)
        check_regular(info.st_mode, path)
        if info.st_size > MAX_FILE_BYTES:
            raise TimelineError(name, [Problem("", f"file is {_mib(info.st_size)}; the limit is {_mib(MAX_FILE_BYTES)}")])
        with open_regular(path) as handle:
            head = handle.read(BINARY_CHECK_BYTES)
            if b"\x00" in head and not head.startswith(_UTF16_BOMS):
                raise TimelineError(name, [Problem("", "file is binary, not a text timeline")])
            data = head + handle.read(MAX_FILE_BYTES + 1 - len(head))
    except (OSError, ValueError) as exc:  # ValueError: a path with a NUL character
        raise TimelineError(name, [Problem("", os_reason(exc))]) from exc
    if len(data) > MAX_FILE_BYTES:
        raise TimelineError(name, [Problem("", f"file grew past the limit of {_mib(MAX_FILE_BYTES)} while it was read")])
    if _is_blank(data):
        raise TimelineError(name, [Problem("", "file is empty")])
    return data


def _is_blank(data: bytes) -> bool:
    if data.startswith(_UTF16_BOMS):
        return not data[2:].replace(b"\x00", b"").strip()
    return not data.removeprefix(codecs.BOM_UTF8).strip()


def _mib(size: int) -> str:
    return f"{size / 2**20:,.4g} MiB" if size >= 2**20 else f"{size:,} bytes"


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 text (a BOM allowed; UTF-16 with a BOM too), or an error naming the line of the first bad byte."""
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-16":
            raise TimelineError(name, [Problem("", "the file starts like UTF-16 text but is not")]) from exc
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start: exc.start].decode("utf-8", errors="replace")) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        where = f"line {line}, column {column}"
        message = f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8"
        raise TimelineError(name, [Problem(where, message)]) from exc


def parse_json(name: str, text: str) -> Any:
    """Generic JSON, with line and column of a syntax error and a guard on nesting."""
    depth = _max_depth(text)
    if depth > MAX_NESTING:
        raise TimelineError(name, [Problem("", f"JSON is nested {depth} levels deep; at most {MAX_NESTING} are allowed")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TimelineError(name, [Problem(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]) from exc
    except ValueError as exc:
        # json raises a bare ValueError only for integers longer than Python converts.
        limit = sys.get_int_max_str_digits()
        raise TimelineError(name, [Problem("", f"invalid JSON: a number has more than {limit:,} digits")]) from exc
    except RecursionError as exc:
        raise TimelineError(name, [Problem("", "JSON is nested too deeply")]) from exc


def _max_depth(text: str) -> int:
    """Deepest bracket nesting, ignoring brackets in strings (a cheap pre-check)."""
    if text.count("[") + text.count("{") < MAX_NESTING:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def load_timeline(path: str | os.PathLike[str]) -> Timeline:
    """Load a timeline file in the app's own format, or raise :class:`TimelineError`."""
    name = str(path)
    data = read_bytes(path)
    base = Path(path).resolve().parent
    return load_timeline_bytes(data, name, lambda file: read_source_file(base, file))


def load_timeline_bytes(data: bytes, name: str, read_source: SourceReader) -> Timeline:
    """Load from bytes already read; ``name`` is used in messages."""
    with collector_paused():
        try:
            doc = msgspec.json.decode(data, type=TimelineDoc)
        except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            doc, clean = _decode_slowly(data, name), False
        else:
            clean = not may_hold_controls(data)
        checkpoint("Checking events")
        if not clean:
            strip_control_characters(doc)
        return build_timeline(doc, name, read_source)


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
    return b"\x7f" in data or _found(_RAW_C1, data) or _found(_CONTROL_ESCAPE, data)


_SEARCH_CHUNK = 1 << 20
"""Large files are searched a mebibyte at a time, so a background load never holds the interpreter for long."""
_LONGEST_MATCH = 6


def _found(pattern: re.Pattern[bytes], data: bytes) -> bool:
    """Whether ``pattern`` (matching at most 6 bytes) occurs in ``data``, searched in overlapping pieces."""
    for start in range(0, len(data), _SEARCH_CHUNK):
        if pattern.search(data, start, start + _SEARCH_CHUNK + _LONGEST_MATCH - 1) is not None:
            return True
        checkpoint()
    return False


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
    for event in doc.events:
        event.title, event.summary = strip_controls(event.title), strip_controls(event.summary)
        event.notes = [strip_controls(note) for note in event.notes]
        event.display_date = strip_controls(event.display_date)
        if event.media is not None:
            media = event.media
            event.media = msgspec.structs.replace(media, caption=strip_controls(media.caption), credit=strip_controls(media.credit),
                                                  alt=strip_controls(media.alt), url=strip_controls(media.url))


def build_timeline(doc: TimelineDoc, name: str, read_source: SourceReader, warnings: list[Problem] | None = None) -> Timeline:
    """Check a decoded document's meaning, read its sources and verify its quotes."""
    problems: list[Problem] = []
    if doc.format != FORMAT:
        problems.append(Problem("format", f"{doc.format!r} is not a format this app reads (it reads {FORMAT!r})"))
    if doc.ends not in ENDS:
        problems.append(Problem("ends", f"expected {' or '.join(map(repr, ENDS))}, found {doc.ends!r}"))
    starts, ends = _parse_dates(doc.events, problems, doc.ends == "instant")
    checkpoint()
    problems.extend(check_eras(doc, doc.ends == "instant"))
    problems.extend(check_references(doc))
    checkpoint("Reading sources")
    texts = _read_sources(doc, read_source, problems)
    if problems:
        raise TimelineError(name, problems)
    timeline = Timeline(doc, starts, ends, texts, path=name, warnings=list(warnings or []))
    if doc.sources and any(map(_QUOTES, doc.events)):  # with no sources there are no quotes (references are checked)
        timeline.quote_checks = {(c.event, c.quote): c for c in verify_quotes(timeline)}
    return timeline


def read_source_file(base: Path, file: str) -> str:
    """A source text beside the timeline; refuses paths that leave its folder, loops of links, pipes and devices."""
    try:
        target = (base / file).resolve()
    except RuntimeError as exc:  # Python < 3.13 reports a loop of symbolic links this way
        raise OSError(errno.ELOOP, "it is a loop of symbolic links") from exc
    if Path(file).is_absolute() or not target.is_relative_to(base):
        raise ValueError(f"{file!r} is outside the timeline's folder")
    with open_regular(target) as handle:
        if os.fstat(handle.fileno()).st_size > MAX_SOURCE_BYTES:
            raise ValueError(f"{file!r} is too large for a source document (the limit is {_mib(MAX_SOURCE_BYTES)})")
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise ValueError(f"{file!r} grew past the limit for a source document ({_mib(MAX_SOURCE_BYTES)})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"byte 0x{data[exc.start]:02x} at offset {exc.start:,} is not UTF-8 text") from exc


def os_reason(exc: OSError | ValueError) -> str:
    """Why a file could not be read, in words ("No such file or directory", "is a named pipe, not a regular file")."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ELOOP:
            return "it is a loop of symbolic links"
        return exc.strerror or str(exc)
    return "the name contains a NUL character" if "embedded null" in str(exc) else str(exc)


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
    start_texts = list(map(_START, events))
    end_texts: list[str | None] = list(map(_END, events))
    parsed = {text: _parse_date(text) for text in set(start_texts).union(end_texts) if text is not None}
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


def _codes(texts: Iterable[str | None], slot: dict[str | None, int]) -> npt.NDArray[np.int32]:
    return np.fromiter(map(slot.__getitem__, texts), dtype=np.int32)


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
    ids = list(map(_ID, events))
    return (
        len(set(ids)) == len(ids)
        and all(map(str.strip, ids))
        and set(chain.from_iterable(map(_LANES, events))) <= lanes
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


_FIELDS: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    "root": {"title": (str, True), "events": (list, True), "lanes": (list, False), "sources": (list, False),
             "eras": (list, False), "description": (str, False), "format": (str, False), "ends": (str, False)},
    "events": {"id": (str, True), "title": (str, True), "start": (str, True), "end": ((str, type(None)), False),
               "lanes": (list, False), "summary": (str, False), "quotes": (list, False), "notes": (list, False),
               "importance": (int, False), "link": ((str, type(None)), False), "claims": (list, False),
               "media": ((dict, type(None)), False), "display_date": (str, False)},
    "media": {"url": (str, False), "caption": (str, False), "credit": (str, False), "alt": (str, False),
              "link": ((str, type(None)), False)},
    "lanes": {"id": (str, True), "name": (str, True), "color": (str, False)},
    "sources": {"id": (str, True), "title": (str, True), "publisher": (str, False), "published": ((str, type(None)), False),
                "url": ((str, type(None)), False), "file": ((str, type(None)), False), "text": ((str, type(None)), False),
                "notes": (str, False), "number_format": (str, False), "based_on": (list, False), "sha256": (str, False),
                "pages": (list, False), "kind": (str, False)},
    "eras": {"title": (str, True), "start": (str, True), "end": (str, True)},
    "quotes": {"source": (str, True), "text": (str, True)},
    "claims": {"name": (str, True), "value": (str, True), "quotes": (list, False)},
}

_TYPE_NAMES = {str: "a string", list: "a list", int: "a whole number", dict: "an object", type(None): "null"}


def check_structure(raw: Any) -> Iterable[Problem]:
    """Every structural problem of a decoded JSON document, each with its JSON path."""
    if not isinstance(raw, dict):
        yield Problem("", f"expected a JSON object at the top, found {describe_value(raw)}")
        return
    yield from _check_object(raw, "root", "")


_ITEMS: dict[tuple[str, str], str | type] = {
    ("root", "events"): "events", ("root", "lanes"): "lanes", ("root", "sources"): "sources",
    ("root", "eras"): "eras", ("events", "quotes"): "quotes", ("events", "claims"): "claims",
    ("events", "lanes"): str, ("events", "notes"): str, ("claims", "quotes"): int, ("sources", "based_on"): str, ("sources", "pages"): int,
}


def _check_object(obj: dict[str, Any], kind: str, path: str) -> Iterable[Problem]:
    for key, (types, required) in _FIELDS[kind].items():
        where = f"{path}.{key}" if path else key
        if key not in obj:
            if required:
                yield Problem(where, "is missing")
            continue
        value = obj[key]
        if not _is(value, types):
            yield Problem(where, f"expected {_expected(types)}, found {describe_value(value)}")
        elif isinstance(value, list):
            yield from _check_list(value, _ITEMS[(kind, key)], where)
        elif isinstance(value, dict) and key in _FIELDS:
            yield from _check_object(value, key, where)


def _check_list(values: list[Any], item_kind: str | type, where: str) -> Iterable[Problem]:
    for i, item in enumerate(values):
        item_where = f"{where}[{i}]"
        if isinstance(item_kind, type):
            if not _is(item, item_kind):
                yield Problem(item_where, f"expected {_expected(item_kind)}, found {describe_value(item)}")
        elif isinstance(item, dict):
            yield from _check_object(item, item_kind, item_where)
        else:
            yield Problem(item_where, f"expected an object, found {describe_value(item)}")


def _is(value: Any, types: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, types)


def _expected(types: type | tuple[type, ...]) -> str:
    names = [_TYPE_NAMES.get(t, t.__name__) for t in (types if isinstance(types, tuple) else (types,))]
    return " or ".join(names)


def describe_value(value: Any) -> str:
    """A JSON value as a message shows it: "null", "a list", "\"2025\"" (long strings shortened)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (dict, list)):
        return _TYPE_NAMES[type(value)]
    text = json.dumps(value)
    return text if len(text) < 40 else text[:37] + "..."
