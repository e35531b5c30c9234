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

from model.errors import Problem, TimelineError
from model.import_builder import ImportBuilder
from model.timeline import Timeline
from model.timepoint import DateError, Precision, TimePoint

MAX_DEPTH = 32
_TIME = re.compile(r"(?P<year>-?\d{1,11})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
                   r"(?::(?P<second>\d{1,2}))?)?")
_CONTAINER = re.compile(r"^\[(?P<id>\d+)\](?P<text>.*)$", re.DOTALL)
_SUBEVENT = re.compile(r"^\((?P<id>\d+)\)(?P<text>.*)$", re.DOTALL)


@dataclass
class Node:
    """An XML element: its tag, text and children (attributes are not used by the format)."""

    tag: str
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def find(self, tag: str) -> Node | None:
        """The first child called ``tag``."""
        return next((child for child in self.children if child.tag == tag), None)

    def value(self, tag: str) -> str:
        """The text of the first child called ``tag`` ('' when there is none)."""
        child = self.find(tag)
        return child.text.strip() if child is not None else ""


class _Refused(Exception):
    """A construct the reader refuses (a document type declaration, too deep nesting)."""


def looks_like_xml(text: str) -> bool:
    """Whether ``text`` starts like an XML document."""
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def parse_xml(text: str, name: str) -> Node:
    """The document's root element; a :class:`TimelineError` for malformed XML or any DOCTYPE or entity declaration."""
    parser = xml.parsers.expat.ParserCreate("utf-8")  # the text is decoded already, whatever the declaration says
    stack: list[Node] = []
    root: list[Node] = []

    def refuse_doctype(*_: object) -> None:
        raise _Refused("a document type declaration (<!DOCTYPE ...>); it is refused so that no entity is expanded")

    def refuse_entity(*_: object) -> None:
        raise _Refused("an entity declaration (<!ENTITY ...>); it is refused so that no entity is expanded")

    def start(tag: str, attributes: dict[str, str]) -> None:
        node = Node(tag, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        if len(stack) > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep")

    def end(tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if stack:
            stack[-1].text += chunk

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.buffer_text = True
    try:
        parser.Parse(text.lstrip("\ufeff").encode("utf-8"), True)
    except _Refused as exc:
        raise TimelineError(name, [Problem(f"line {parser.CurrentLineNumber}", f"the XML has {exc}")]) from None
    except xml.parsers.expat.ExpatError as exc:
        where = f"line {exc.lineno}, column {exc.offset + 1}"
        raise TimelineError(name, [Problem(where, f"invalid XML: {xml.parsers.expat.ErrorString(exc.code)}")]) from None
    return root[0]


def timeline_from_xml(root: Node, name: str) -> Timeline:
    """The timeline in a parsed ``.timeline`` document; ``name`` is used in messages."""
    builder = ImportBuilder(name)
    kind = root.value("timetype")
    if kind and kind != "gregoriantime":
        raise TimelineError(name, [Problem("<timetype>", f"{kind!r} time has no calendar dates; this app reads "
                                                         "Timeline files with gregoriantime")])
    now = _time(builder, root.find("now"), "<now>") if root.find("now") is not None else None
    colors = _categories(builder, root.find("categories"))
    containers = _containers(root.find("events"))
    for event in (root.find("events") or Node("events", 0)).children:
        if event.tag == "event":
            _read_event(builder, event, colors, containers, now)
    for era in (root.find("eras") or Node("eras", 0)).children:
        if era.tag == "era":
            _read_era(builder, era, now)
    if not builder.events and not builder.problems:
        builder.warn("the timeline has no events", "<events>")
    return builder.timeline()


def _categories(builder: ImportBuilder, node: Node | None) -> dict[str, str]:
    """Category name to its colour (#rrggbb); each category is a lane, in the order listed."""
    colors: dict[str, str] = {}
    for category in (node or Node("categories", 0)).children:
        name = category.value("name")
        if name:
            colors[name] = _color(category.value("color"))
    return colors


def _containers(node: Node | None) -> dict[str, str]:
    """Container id to its name, from texts such as ``[3]Building the house``."""
    found: dict[str, str] = {}
    for event in (node or Node("events", 0)).children:
        match = _CONTAINER.match(event.value("text"))
        if match:
            found[match["id"]] = match["text"].strip() or f"Container {match['id']}"
    return found


def _read_event(builder: ImportBuilder, event: Node, colors: dict[str, str], containers: dict[str, str],
                now: TimePoint | None) -> None:
    where = f"<event> at line {event.line}"
    text = event.value("text")
    if _CONTAINER.match(text):
        return  # a container is drawn by its sub-events' lane
    start = _time(builder, event.find("start"), f"{where}, <start>")
    end = _end(builder, event, where, now)
    if start is None:
        return
    sub = _SUBEVENT.match(text)
    category = event.value("category")
    if sub and sub["id"] in containers:
        lane = builder.lane(containers[sub["id"]])
        text = sub["text"]
    elif category:
        lane = builder.lane(category, colors.get(category))
    else:
        lane = ""
    notes = []
    if event.value("fuzzy") == "True":
        notes.append("The dates are uncertain (fuzzy in the Timeline file).")
    if event.value("progress"):
        notes.append(f"Progress: {event.value('progress')}%")
    if end is not None and end.seconds < start.seconds:
        builder.warn("ends before their start were dropped", f"{where}, <end>", f"{end.label()} is before the start {start.label()}")
        end = None
    link = event.value("hyperlink")
    builder.add_event(text.strip(), start, end, lanes=(lane,), summary=event.value("description"), notes=notes,
                      link=link if link.lower().startswith(("http://", "https://")) else None)


def _end(builder: ImportBuilder, event: Node, where: str, now: TimePoint | None) -> TimePoint | None:
    if event.value("ends_today") == "True" and now is not None:
        return now
    return _time(builder, event.find("end"), f"{where}, <end>") if event.find("end") is not None else None


def _read_era(builder: ImportBuilder, era: Node, now: TimePoint | None) -> None:
    where = f"<era> at line {era.line}"
    start = _time(builder, era.find("start"), f"{where}, <start>")
    end = now if era.value("ends_today") == "True" and now is not None else _time(builder, era.find("end"), f"{where}, <end>")
    if start is not None and end is not None:
        if end.seconds > start.seconds:
            builder.add_era(era.value("name"), start, end)
        else:
            builder.warn("eras that end at or before their start were skipped", where)


def _time(builder: ImportBuilder, node: Node | None, where: str) -> TimePoint | None:
    """A Timeline time "2010-05-03 14:30:00": a day when the time is midnight, else to the minute or second."""
    text = node.text.strip() if node is not None else ""
    match = _TIME.fullmatch(text)
    if match is None:
        found = f"found {text!r}" if text else "it is missing"
        builder.problem(where, f'expected a time such as "2010-05-03 14:30:00", {found}')
        return None
    parts = [int(match[k] or 0) for k in ("year", "month", "day", "hour", "minute", "second")]
    precision = Precision.DAY if parts[3:] == [0, 0, 0] else Precision.MINUTE if parts[5] == 0 else Precision.SECOND
    try:
        year, month, day, hour, minute, second = parts
        return TimePoint(year, month, day, hour, minute, second, precision)
    except DateError as exc:
        builder.problem(where, f"{text!r} is not a date: {exc}")
        return None


def _color(text: str) -> str:
    """Timeline's "r,g,b" as #rrggbb (a grey when it cannot be read)."""
    try:
        red, green, blue = (max(0, min(255, int(part))) for part in text.split(",")[:3])
    except ValueError:
        return "#607d8b"
    return f"#{red:02x}{green:02x}{blue:02x}"
