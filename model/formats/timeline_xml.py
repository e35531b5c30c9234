"""The wxPython "Timeline" app's ``.timeline`` files (thetimelineproj), read safely.

Events (start and end "YYYY-MM-DD HH:MM:SS", text, description, category, fuzzy, ends_today, progress,
hyperlink), categories with their colours as lanes, eras, and containers: a container's sub-events (text
``(3)Name`` inside container ``[3]Name``) share a lane named after it. Ends are instants, as Timeline
draws them. A document type declaration (and so any entity, internal or external) is refused before a
single entity could be expanded: Timeline never writes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from xml.etree import ElementTree

import numpy as np

from model.errors import Problem, TimelineError
from model.formats.builder import Date, ImportBuilder
from model.formats.reader import LONG_FIELD, MAX_FIELD_CHARS, cut_field
from model.time.timepoint import DateError, Precision, TimePoint
from model.timeline import Timeline
from model.work import checkpoint

_TIME = re.compile(r"(?P<year>-?\d{1,11})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
                   r"(?::(?P<second>\d{1,2}))?)?")
MAX_XML_CHARS = 128 * 2**20
"""XML is parsed into a tree (about 15 bytes of memory a character): larger documents are refused."""

_CONTAINER = re.compile(r"^\[(?P<id>\d+)\](?P<text>.*)$", re.DOTALL)
_SUBEVENT = re.compile(r"^\((?P<id>\d+)\)(?P<text>.*)$", re.DOTALL)


@dataclass(slots=True)
class Node:
    """An element the format uses: its tag, its place among its siblings, and its children's texts by tag."""

    tag: str
    parent: str
    index: int
    values: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """Its path, such as ``events/event[12]`` (the twelfth event)."""
        return f"{self.parent}/{self.tag}[{self.index}]" if self.parent else self.tag

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
    notes: list[Problem] = field(default_factory=list)
    """Warnings about the parsed text: fields cut to :data:`~model.formats.reader.MAX_FIELD_CHARS`."""


_RECORDS = {("events", "event"): "events", ("categories", "category"): "categories", ("eras", "era"): "eras"}
"""(parent, tag) of the records read, to the :class:`Document` list they go to."""


def looks_like_xml(text: str) -> bool:
    """Whether ``text`` starts like an XML document."""
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def parse_xml(text: str, name: str) -> Document:
    """The document; a :class:`TimelineError` for malformed XML or a document type declaration (which alone could
    declare entities: it is refused before the parser sees it, so no entity is ever expanded or fetched)."""
    text = text.lstrip("\ufeff")
    if len(text) > MAX_XML_CHARS:
        raise TimelineError(name, [Problem("", f"an XML document of {_size(len(text))}; XML timelines are read whole, "
                                               f"so the limit for them is {_size(MAX_XML_CHARS)}")])
    doctype = _doctype_at(text)
    if doctype >= 0:
        where = f"line {text.count(chr(10), 0, doctype) + 1}"
        message = "the XML has a document type declaration (<!DOCTYPE ...>); it is refused so that no entity is expanded"
        raise TimelineError(name, [Problem(where, message)])
    try:
        notes: list[Problem] = []
        root, long_fields = _parsed(text, notes)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise TimelineError(name, [Problem(f"line {line}, column {column + 1}", f"invalid XML: {reason}")]) from None
    tag = root.tag.rsplit("}", 1)[-1]  # {http://www.w3.org/2000/svg}svg is an svg
    doc = Document(tag, Node(tag, "", 1, _fields(root)), notes=notes)
    if root.tag != "timeline":
        return doc
    for parent in root:
        for (outer, tag), kind in _RECORDS.items():
            if parent.tag == outer:
                records = getattr(doc, kind)
                records.extend(Node(tag, outer, i, _fields(child)) for i, child in enumerate(parent.findall(tag), start=1))
    _free(root)
    if long_fields:
        _cut_long_fields(doc)
    return doc


def _cut_long_fields(doc: Document) -> None:
    """Cut every field longer than :data:`~model.formats.reader.MAX_FIELD_CHARS`, noting each in ``doc.notes``."""

    def note(kind: str, where: str, message: str) -> None:
        doc.notes.append(Problem(where, message, kind))

    for k, node in enumerate([doc.top, *doc.events, *doc.categories, *doc.eras]):
        if k % 10_000 == 0:
            checkpoint()
        if max(map(len, node.values.values()), default=0) > MAX_FIELD_CHARS:
            for tag, value in node.values.items():
                node.values[tag] = cut_field(value, f"{node.where}/{tag}", note, markup=False)  # text, not HTML


XML_CHUNK = 1 << 20
"""Characters of XML parsed at once (the whole of a 50 MB file held the interpreter for 0.9 s)."""


def _parsed(text: str, notes: list[Problem]) -> tuple[ElementTree.Element, bool]:
    """The document's root, parsed a mebibyte at a time with a checkpoint between (Cancel stops there), and whether a
    field may be longer than :data:`~model.formats.reader.MAX_FIELD_CHARS`; the text of an element past
    :data:`KEPT_TEXT_BYTES` is left out before the parser sees it, noted in ``notes``."""
    parser = ElementTree.XMLParser(encoding="utf-8")
    cutter = _LongTextCutter()
    start = 0
    while start < len(text):
        stop = _piece_end(text, start)
        parser.feed(cutter.kept(text[start: stop].encode("utf-8")))
        checkpoint()
        start = stop
    root = parser.close()
    notes.extend(Problem(f"line {line}", f"{size:,} bytes of text in one element; what follows its first {KEPT_TEXT_BYTES:,} "
                                         "bytes was left out", LONG_FIELD) for line, size in cutter.cuts)
    return root, cutter.longest > MAX_FIELD_CHARS  # (a character takes a byte or more)


def _piece_end(text: str, start: int) -> int:
    """Where the piece of ``text`` from ``start`` ends: :data:`XML_CHUNK` characters on, or before a character or
    entity reference that would be cut in two (so that a text is only ever cut outside one)."""
    stop = start + XML_CHUNK
    if stop >= len(text):
        return len(text)
    amp = text.rfind("&", max(start, stop - _LONGEST_REFERENCE), stop)
    if amp < 0 or text.find(";", amp, stop) >= 0:
        return stop
    if amp > start:
        return amp
    end = text.find(";", stop, amp + _LONGEST_REFERENCE)  # a piece smaller than the reference: it takes all of it
    return end + 1 if end >= 0 else stop


KEPT_TEXT_BYTES = 4 * MAX_FIELD_CHARS
"""Bytes of an element's text the parser is given (enough for :data:`~model.formats.reader.MAX_FIELD_CHARS` characters
of any kind); the rest is left out before parsing. The parser joins an element's text in one call when it is asked
for: for a 100 MB description, 0.1-0.4 s in which the window cannot run."""
_LT, _GT, _AMP, _SEMICOLON = 0x3C, b">", b"&", b";"
_NOT_ELEMENT = (b"!", b"?")
"""What follows ``<`` in a comment, a CDATA section or a processing instruction: their text is never cut."""
_LONGEST_REFERENCE = 64
"""Bytes an entity or character reference (``&amp;``, ``&#x1F600;``) is assumed to take at most."""


class _LongTextCutter:
    """Leaves out the text of an element past :data:`KEPT_TEXT_BYTES`, a piece of the document at a time.

    A run of text is what lies between two ``<``: the tag that opens it, then its text. A run longer than
    :data:`KEPT_TEXT_BYTES` whose element tag is closed is cut between two characters and outside any reference, and what
    follows up to the next ``<`` is dropped. ``<`` is never part of a UTF-8 character, so bytes can be searched; pieces
    end between characters and outside any reference, so one looked for back from a cut is never in an earlier piece.
    """

    def __init__(self) -> None:
        self.run = 0
        """Bytes since the last ``<`` (of the pieces given so far)."""
        self.closed = False
        """Whether a ``>`` came since the last ``<``."""
        self.tag = b""
        """The bytes of the last ``<`` and the one after it (``<d``, ``</``, ``<!``)."""
        self.dropping = False
        self.lines = 1
        """The line the next byte is on."""
        self.run_line = 1
        """The line of the last ``<``."""
        self.longest = 0
        """Bytes of the longest run seen, at least when it is :data:`~model.formats.reader.MAX_FIELD_CHARS` or more."""
        self.cuts: list[tuple[int, int]] = []
        """Where each run cut starts (the line of its ``<``) and how many bytes it had."""

    def kept(self, piece: bytes) -> bytes:
        """What of ``piece`` (the next bytes of the document) the parser is given."""
        if len(piece) + self.run < MAX_FIELD_CHARS and not self.dropping:  # no run can be long: nothing to look for
            self._advance(piece)
            return piece
        out: list[bytes] = []
        at = 0
        while at < len(piece):
            at = self._drop(piece, at) if self.dropping else self._keep(piece, at, out)
        return b"".join(out)

    def _drop(self, piece: bytes, at: int) -> int:
        """Skip to the next ``<``; where the kept bytes go on."""
        found = piece.find(b"<", at)
        stop = len(piece) if found < 0 else found
        self.cuts[-1] = (self.cuts[-1][0], self.cuts[-1][1] + stop - at)
        self.lines += piece.count(b"\n", at, stop)
        if found >= 0:
            self.dropping, self.run, self.closed = False, 0, False
        return stop

    def _keep(self, piece: bytes, at: int, out: list[bytes]) -> int:
        """Keep bytes from ``at`` up to the end of ``piece`` or to a cut; where to go on."""
        raw = np.frombuffer(piece, dtype=np.uint8)
        opens = np.flatnonzero(raw[at:] == _LT) + at
        starts = np.concatenate(([at - self.run], opens))  # where each run begins (the first one maybe earlier)
        ends = np.concatenate((opens, [len(piece)]))
        lengths = ends - starts
        self.longest = max(self.longest, int(lengths.max()))
        long = np.flatnonzero(lengths >= KEPT_TEXT_BYTES)  # (a run as long is cut at the piece's end)
        for k in long.tolist():
            begin = max(int(starts[k]), at)
            cut = int(starts[k]) + KEPT_TEXT_BYTES
            if cut <= at:  # a run not cut where it grew too long (a huge tag, say) is left to the parser
                continue
            tag = self.tag if begin > starts[k] else piece[begin: begin + 2]
            closed = (self.closed and begin > starts[k]) or piece.find(_GT, begin, cut) >= 0
            if closed and tag[1:] not in _NOT_ELEMENT:  # (a huge tag or comment is left to the parser)
                cut = _safe_cut(piece, max(begin, cut - _LONGEST_REFERENCE), cut)
                self._advance(piece[at:cut])
                out.append(piece[at:cut])
                self.cuts.append((self.run_line, cut - int(starts[k])))
                self.dropping = True
                return cut
        self._advance(piece[at:])
        out.append(piece[at:])
        return len(piece)

    def _advance(self, kept: bytes) -> None:
        """Note the bytes given to the parser: lines, the run, and whether its tag is closed."""
        last = kept.rfind(b"<")
        if last >= 0:
            self.run, self.closed, self.tag = len(kept) - last, kept.find(_GT, last) >= 0, kept[last: last + 2]
            self.run_line = self.lines + kept.count(b"\n", 0, last)
        else:
            self.run += len(kept)
            self.closed = self.closed or _GT in kept
        self.lines += kept.count(b"\n")


def _safe_cut(piece: bytes, floor: int, cut: int) -> int:
    """``cut`` moved back (not below ``floor``) to fall between two UTF-8 characters and outside any reference."""
    while floor < cut < len(piece) and 0x80 <= piece[cut] <= 0xBF:  # a continuation byte: inside a character
        cut -= 1
    amp = piece.rfind(_AMP, floor, cut)
    if amp >= 0 and piece.find(_SEMICOLON, amp, cut) < 0:
        cut = amp
    return cut


def _free(root: ElementTree.Element) -> None:
    """Let the parsed tree go a few thousand elements at a time: freeing it whole holds the interpreter as long."""
    for parent in list(root):
        while len(parent):
            del parent[-5000:]
    root.clear()


def _size(chars: int) -> str:
    return f"{chars / 2**20:,.4g} MiB" if chars >= 2**20 else f"{chars:,} characters"


def _fields(element: ElementTree.Element) -> dict[str, str]:
    """The texts of an element's children by tag (Timeline writes each once; of repeated ones the last is read)."""
    return {child.tag: child.text or "" for child in element}


def _doctype_at(text: str) -> int:
    """Where a document type declaration starts in the prolog, or -1 (comments and processing instructions skipped)."""
    at = 0
    while True:
        at = text.find("<", at)
        if at < 0:
            return -1
        if text.startswith("<?", at):
            at = text.find("?>", at) + 2 if text.find("?>", at) >= 0 else len(text)
        elif text.startswith("<!--", at):
            at = text.find("-->", at) + 3 if text.find("-->", at) >= 0 else len(text)
        elif text.startswith("<!", at):
            return at if text[at + 2: at + 9].upper() == "DOCTYPE" else -1
        else:
            return -1  # the root element: no declaration can follow


def timeline_from_xml(doc: Document, name: str) -> Timeline:
    """The timeline in a parsed ``.timeline`` document; ``name`` is used in messages."""
    builder = ImportBuilder(name, warnings=list(doc.notes))
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
    get = values.get
    text = get("text", "").strip()
    if text[:1] == "[" and _CONTAINER.match(text):
        return  # a container is drawn by its sub-events' lane
    start = _parse_time(get("start", "").strip())
    if isinstance(start, str):
        builder.problem(f"{event.where}/start", start)
    end = now if now is not None and get("ends_today") == "True" else (
        _time(builder, event, "end", "") if "end" in values else None)
    if isinstance(start, str):
        return
    sub = _SUBEVENT.match(text) if text[:1] == "(" else None
    category = get("category", "").strip()
    if sub and sub["id"] in containers:
        lane = builder.lane(containers[sub["id"]])
        text = sub["text"].strip()
    elif category:
        lane = builder.lane(category, colors.get(category))
    else:
        lane = ""
    notes = []
    if get("fuzzy") == "True":
        notes.append("The dates are uncertain (fuzzy in the Timeline file).")
    if get("progress"):
        notes.append(f"Progress: {values['progress'].strip()}%")
    if end is not None and end.begins < start.begins:
        builder.warn("ends before their start were dropped", f"{event.where}/end",
                     f"{end.label()} is before the start {start.label()}")
        end = None
    link = get("hyperlink", "").strip()
    builder.add_event(text, start, end, lanes=(lane,), summary=get("description", ""), notes=notes,
                      link=link if link[:4].lower() == "http" and link.lower().startswith(("http://", "https://")) else None)


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
