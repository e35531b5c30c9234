"""The wxPython "Timeline" app's ``.timeline`` files (thetimelineproj), read safely.

Events (start and end "YYYY-MM-DD HH:MM:SS", text, description, category, fuzzy, ends_today, progress,
hyperlink), categories with their colours as lanes, eras, and containers: a container's sub-events (text
``(3)Name`` inside container ``[3]Name``) share a lane named after it. Ends are instants, as Timeline
draws them. A document type declaration (and so any entity, internal or external) is refused before a
single entity could be expanded: Timeline never writes one.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from functools import lru_cache

from model.errors import Problem, TimelineError
from model.import_builder import Date, ImportBuilder
from model.timeline import Timeline
from model.timepoint import DateError, Precision, TimePoint

MAX_DEPTH = 32
_BETWEEN_TAGS = re.compile(r">\s+<")
_TIME = re.compile(r"(?P<year>-?\d{1,11})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
                   r"(?::(?P<second>\d{1,2}))?)?")
_CONTAINER = re.compile(r"^\[(?P<id>\d+)\](?P<text>.*)$", re.DOTALL)
_SUBEVENT = re.compile(r"^\((?P<id>\d+)\)(?P<text>.*)$", re.DOTALL)


@dataclass
class Node:
    """An element the format uses: its tag, where it starts, and its children's texts by tag (the format nests no deeper)."""

    tag: str
    where: str
    """Its path, such as ``events/event[12]`` (the twelfth event)."""
    values: dict[str, str] = field(default_factory=dict)

    def value(self, tag: str) -> str:
        """The text of the first child called ``tag`` ('' when there is none)."""
        return self.values.get(tag, "").strip()

    def has(self, tag: str) -> bool:
        """Whether a child called ``tag`` is there."""
        return tag in self.values


@dataclass
class Document:
    """A parsed ``.timeline`` document: the root's own values, and its events, categories and eras."""

    root: str
    top: Node
    events: list[Node] = field(default_factory=list)
    categories: list[Node] = field(default_factory=list)
    eras: list[Node] = field(default_factory=list)


_RECORDS = {("events", "event"): "events", ("categories", "category"): "categories", ("eras", "era"): "eras"}


class _Refused(Exception):
    """A construct the reader refuses (a document type declaration, too deep nesting)."""


class _OtherRoot(Exception):
    """The document's root is not <timeline>: stop reading at once."""


def looks_like_xml(text: str) -> bool:
    """Whether ``text`` starts like an XML document."""
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def parse_xml(text: str, name: str) -> Document:
    """The document, read in one streaming pass; a :class:`TimelineError` for malformed XML or any DOCTYPE or entity
    declaration. A root other than <timeline> stops the reading at once (``Document.root`` names it)."""
    parser = xml.parsers.expat.ParserCreate("utf-8")  # the text is decoded already, whatever the declaration says
    stack: list[str] = []
    doc = Document("", Node("timeline", "timeline"))
    record: list[Node] = []
    texts: list[str] = []

    def refuse_doctype(*_: object) -> None:
        raise _Refused("a document type declaration (<!DOCTYPE ...>); it is refused so that no entity is expanded")

    def refuse_entity(*_: object) -> None:
        raise _Refused("an entity declaration (<!ENTITY ...>); it is refused so that no entity is expanded")

    def start(tag: str, attributes: dict[str, str]) -> None:
        if not stack:
            doc.root = tag
            if tag != "timeline":
                raise _OtherRoot
        stack.append(tag)
        texts.clear()
        if len(stack) > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep")
        if len(stack) == 3 and (stack[1], tag) in _RECORDS:
            records = getattr(doc, _RECORDS[(stack[1], tag)])
            node = Node(tag, f"{stack[1]}/{tag}[{len(records) + 1}]")
            records.append(node)
            record[:] = [node]

    def end(tag: str) -> None:
        depth = len(stack)
        if depth == 4 and record:
            record[0].values.setdefault(tag, texts[0] if len(texts) == 1 else "".join(texts))
        elif depth == 3 and record:
            record.clear()
        elif depth == 2:
            doc.top.values.setdefault(tag, "".join(texts))
        texts.clear()
        stack.pop()

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = texts.append
    parser.buffer_text = True
    text = text.lstrip("\ufeff")
    try:
        parser.Parse(_BETWEEN_TAGS.sub("><", text).encode("utf-8"), True)  # no callback for the indentation
    except _OtherRoot:
        return doc
    except _Refused as exc:
        marker = next((m for m in ("<!DOCTYPE", "<!ENTITY") if m[2:] in str(exc).upper()), "")
        raise TimelineError(name, [Problem(_line_of(text, marker) if marker else "", f"the XML has {exc}")]) from None
    except xml.parsers.expat.ExpatError:
        raise TimelineError(name, [_syntax_problem(text)]) from None
    return doc


def _line_of(text: str, marker: str) -> str:
    """``line N`` of the first ``marker`` in the text as written."""
    return f"line {text.count(chr(10), 0, max(text.find(marker), 0)) + 1}"


def _syntax_problem(text: str) -> Problem:
    """Where and what expat finds wrong, reading the text as written (the fast pass reads it without indentation)."""
    checker = xml.parsers.expat.ParserCreate("utf-8")
    try:
        checker.Parse(text.encode("utf-8"), True)
    except xml.parsers.expat.ExpatError as exc:
        return Problem(f"line {exc.lineno}, column {exc.offset + 1}", f"invalid XML: {xml.parsers.expat.ErrorString(exc.code)}")
    return Problem("", "invalid XML")


def timeline_from_xml(doc: Document, name: str) -> Timeline:
    """The timeline in a parsed ``.timeline`` document; ``name`` is used in messages."""
    builder = ImportBuilder(name)
    kind = doc.top.value("timetype")
    if kind and kind != "gregoriantime":
        raise TimelineError(name, [Problem("<timetype>", f"{kind!r} time has no calendar dates; this app reads "
                                                         "Timeline files with gregoriantime")])
    now = _time(builder, doc.top, "now", "<now>") if doc.top.has("now") else None
    colors = {category.value("name"): _color(category.value("color")) for category in doc.categories if category.value("name")}
    containers = _containers(doc.events)
    for event in doc.events:
        _read_event(builder, event, colors, containers, now)
    for era in doc.eras:
        _read_era(builder, era, now)
    if not builder.events and not builder.problems:
        builder.warn("the timeline has no events", "<events>")
    return builder.timeline()


def _containers(events: list[Node]) -> dict[str, str]:
    """Container id to its name, from texts such as ``[3]Building the house``."""
    found: dict[str, str] = {}
    for event in events:
        match = _CONTAINER.match(event.value("text"))
        if match:
            found[match["id"]] = match["text"].strip() or f"Container {match['id']}"
    return found


def _read_event(builder: ImportBuilder, event: Node, colors: dict[str, str], containers: dict[str, str],
                now: Date | None) -> None:
    values = event.values
    text = values.get("text", "").strip()
    if text[:1] == "[" and _CONTAINER.match(text):
        return  # a container is drawn by its sub-events' lane
    start = _time(builder, event, "start", "")
    end = now if now is not None and values.get("ends_today", "").strip() == "True" else (
        _time(builder, event, "end", "") if "end" in values else None)
    if start is None:
        return
    sub = _SUBEVENT.match(text) if text[:1] == "(" else None
    category = values.get("category", "").strip()
    if sub and sub["id"] in containers:
        lane = builder.lane(containers[sub["id"]])
        text = sub["text"].strip()
    elif category:
        lane = builder.lane(category, colors.get(category))
    else:
        lane = ""
    notes = []
    if values.get("fuzzy", "").strip() == "True":
        notes.append("The dates are uncertain (fuzzy in the Timeline file).")
    if values.get("progress", "").strip():
        notes.append(f"Progress: {values['progress'].strip()}%")
    if end is not None and end.begins < start.begins:
        builder.warn("ends before their start were dropped", f"{event.where}/end",
                     f"{end.label()} is before the start {start.label()}")
        end = None
    link = values.get("hyperlink", "").strip()
    builder.add_event(text, start, end, lanes=(lane,), summary=values.get("description", ""), notes=notes,
                      link=link if link.lower().startswith(("http://", "https://")) else None)


def _read_era(builder: ImportBuilder, era: Node, now: Date | None) -> None:
    start = _time(builder, era, "start", "")
    end = now if era.value("ends_today") == "True" and now is not None else _time(builder, era, "end", "")
    if start is not None and end is not None:
        if end.begins > start.begins:
            builder.add_era(era.value("name"), start, end)
        else:
            builder.warn("eras that end at or before their start were skipped", era.where)


def _time(builder: ImportBuilder, node: Node, tag: str, where: str) -> Date | None:
    """A Timeline time "2010-05-03 14:30:00" (a problem at ``where``, by default the node's line and tag, when it is not one)."""
    found = _parse_time(node.value(tag))
    if isinstance(found, str):
        builder.problem(where or f"{node.where}/{tag}", found)
        return None
    return found


@lru_cache(maxsize=65_536)
def _parse_time(text: str) -> Date | str:
    """The point a Timeline time names, a day when the time is midnight, else to the minute or second; or why not."""
    match = _TIME.fullmatch(text)
    if match is None:
        found = f"found {text!r}" if text else "it is missing"
        return f'expected a time such as "2010-05-03 14:30:00", {found}'
    year, month, day, hour, minute, second = (int(match[k] or 0) for k in ("year", "month", "day", "hour", "minute", "second"))
    precision = Precision.DAY if hour == minute == second == 0 else Precision.MINUTE if second == 0 else Precision.SECOND
    try:
        return Date.of(TimePoint(year, month, day, hour, minute, second, precision))
    except DateError as exc:
        return f"{text!r} is not a date: {exc}"


def _color(text: str) -> str:
    """Timeline's "r,g,b" as #rrggbb (a grey when it cannot be read)."""
    try:
        red, green, blue = (max(0, min(255, int(part))) for part in text.split(",")[:3])
    except ValueError:
        return "#607d8b"
    return f"#{red:02x}{green:02x}{blue:02x}"
