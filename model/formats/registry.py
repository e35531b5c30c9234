"""Opening a timeline file of any understood format, told by its content; saving in the app's own format (writing.py)."""

from __future__ import annotations

import os
import re
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

import msgspec

from model.errors import Problem, TimelineError
from model.formats import reader
from model.formats.csv_import import first_line, looks_like_csv, timeline_from_csv
from model.formats.long_strings import AT_BYTE, decode_sparing
from model.formats.native import PIECES_FROM_BYTES, build_timeline, decode_cut_apart, decode_timeline
from model.formats.reader import collector_paused, decode_text, parse_json, read_bytes, read_source_file
from model.formats.spreadsheet import sniff, timeline_from_spreadsheet
from model.formats.timeline_xml import looks_like_xml, parse_xml, timeline_from_xml
from model.formats.timelinejs import looks_like_timelinejs, timeline_from_timelinejs
from model.formats.vis_timeline import looks_like_vis, timeline_from_vis
from model.formats.writing import OWN_FORMAT as OWN_FORMAT
from model.formats.writing import declares_own_format
from model.formats.writing import encode_timeline as encode_timeline
from model.formats.writing import save_timeline as save_timeline
from model.formats.writing import write_atomically as write_atomically
from model.timeline import Timeline
from model.work import dismantle


class FileFormat(Enum):
    """The formats :func:`open_timeline` understands."""

    OWN = "the app's own JSON format (events with \"start\")"
    TIMELINEJS = "TimelineJS JSON, version 3 or 2 (slides with \"start_date\", or \"startDate\")"
    CSV = "a TimelineJS spreadsheet saved as CSV (columns Year, Month, Day, Headline, Text...)"
    TIMELINE_XML = "a .timeline file of the Timeline app (thetimelineproj)"
    VIS = "vis-timeline items as JSON ({id, content, start, end, group})"
    SPREADSHEET = "a CSV or TSV of dated rows with a header (such as date,title,description), Aeon Timeline's export included"


UNDERSTOOD = "; ".join(f.value for f in FileFormat)

FILE_FILTER = "Timelines (*.json *.csv *.tsv *.txt *.timeline *.xml);;All files (*)"
"""The Open dialog's filter: the extensions of every format above (the content decides the format)."""


def open_timeline(path: str | os.PathLike[str]) -> Timeline:
    """Load a timeline in any understood format, or raise :class:`TimelineError` naming the file and every problem."""
    name = str(path)
    data = read_bytes(path)
    base = Path(path).resolve().parent
    if declares_own_format(data):
        held = [data]
        del data  # decoded, the bytes go: every inline source text would be held twice while it is checked
        return _own_format(held, name, base)
    readers = {FileFormat.TIMELINEJS: timeline_from_timelinejs, FileFormat.VIS: timeline_from_vis,
               FileFormat.TIMELINE_XML: timeline_from_xml}
    with collector_paused():  # importers make a great many small objects that form no cycles
        large = _large_json(data)
        if large is not None:
            raw, items = large
            try:
                kind = _json_format(raw, name)
                if kind is FileFormat.TIMELINEJS:
                    return timeline_from_timelinejs(raw, name)
                if kind is FileFormat.VIS:
                    return timeline_from_vis(raw, name)
            finally:
                dismantle(items)  # a million decoded objects, freed a piece at a time
            del raw, large
        elif len(data) > PIECES_FROM_BYTES and _FIRST.match(data)[1] in (b"{", b"["):  # type: ignore[index]
            raw = _decode_large(data, name)  # not made one text first: 0.5 s for a 100-million-character string
            kind = _json_format(raw, name)
            if kind is FileFormat.TIMELINEJS:
                return timeline_from_timelinejs(raw, name)
            if kind is FileFormat.VIS:
                return timeline_from_vis(raw, name)
            del raw
            held = [data]
            del data
            return _own_format(held, name, base)
    text = decode_text(name, data)
    with collector_paused():
        kind, raw = detect_format(text, name)
        if kind in readers:
            return readers[kind](raw, name)
        if kind is FileFormat.CSV:
            return timeline_from_csv(text, name)
        if kind is FileFormat.SPREADSHEET:
            return timeline_from_spreadsheet(text, name)
    del raw, text  # the loader decodes again, into its own types: don't hold both in memory
    held = [data]
    del data
    return _own_format(held, name, base)


def _own_format(held: list[bytes], name: str, base: Path) -> Timeline:
    """A file in the app's own format, its bytes handed over in ``held``: decoded, the bytes let go, then checked."""
    doc = decode_timeline(held.pop(), name)
    with collector_paused():
        return build_timeline(doc, name, lambda file: read_source_file(base, file))


def detect_format(text: str, name: str) -> tuple[FileFormat, Any]:
    """The format of a file's text, from its content, with the decoded JSON when it is JSON."""
    if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        raw = decode_json(text, name)
        return _json_format(raw, name), raw
    if looks_like_xml(text):
        document = parse_xml(text, name)
        if document.root == "timeline":
            return FileFormat.TIMELINE_XML, document
        refuse(name, f"an XML document whose root is <{document.root}>")
    if looks_like_csv(text):
        return FileFormat.CSV, None
    if sniff(text) is not None:
        return FileFormat.SPREADSHEET, None
    refuse(name, _describe_text(text), "line 1")


def refuse(name: str, found: str, where: str = "") -> NoReturn:
    """Raise the error that says what was found and lists the formats the app reads."""
    raise TimelineError(name, [Problem(where, f"found {found}; this app reads {UNDERSTOOD}")])


def _describe_text(text: str) -> str:
    """What a text that is no timeline looks like, for the refusal."""
    line = first_line(text)
    if len(line) > 1000:
        return f"text whose first line is {len(line):,} characters long, not a header row of column names"
    shown = line if len(line) <= 60 else line[:57] + "..."
    return f"text whose first line {shown!r} is not a header with a date column"


_ANY = msgspec.json.Decoder()
_FIRST = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(.?)", re.DOTALL)
"""The first byte of a text after its byte order mark and blanks (found without copying the file)."""


def _large_json(data: bytes) -> tuple[dict[str, Any] | list[Any], list[Any]] | None:
    """Large JSON decoded with its big array cut into pieces, so that no single call holds the interpreter for long:
    an object's ``events`` (TimelineJS) or ``items`` (vis-timeline), or a top-level array (vis-timeline's items);
    the document and that array, or None for anything else, or anything odd, read the usual way."""
    if len(data) <= PIECES_FROM_BYTES:
        return None
    body = data.removeprefix(b"\xef\xbb\xbf")
    start = body.lstrip(b" \t\r\n")[:1]
    if start == b"[":
        found = decode_cut_apart(body, _ANY, _ANY, key_name=None, longest=reader.MAX_FIELD_CHARS)  # an importer keeps no more of a field
        return (found[1], found[1]) if found is not None else None
    for key in (b"events", b"items") if start == b"{" else ():
        found = decode_cut_apart(body, _ANY, _ANY, key_name=key, longest=reader.MAX_FIELD_CHARS)  # an importer keeps no more of a field
        if found is not None and isinstance(found[0], dict):
            found[0][key.decode()] = found[1]
            return found[0], found[1]
    return None


def _decode_large(data: bytes, name: str) -> Any:
    """Large JSON that is not cut apart by :func:`_large_json`, decoded with its long strings apart (no more of each
    than an importer keeps); a syntax error named by line and column."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return decode_sparing(_ANY, body, longest=reader.MAX_FIELD_CHARS)
    except RecursionError:
        raise TimelineError(name, [Problem("", "JSON is nested too deeply")]) from None
    except msgspec.DecodeError as exc:
        message = str(exc)
        found = AT_BYTE.search(message)
        if found is None:
            raise TimelineError(name, [Problem("", f"invalid JSON: {message}")]) from None
        where = reader.line_and_column(body, min(int(found.group(1)), len(body)))
        reason = message[: found.start()].rstrip().removeprefix("JSON is malformed: ")
        raise TimelineError(name, [Problem(where, f"invalid JSON: {reason}")]) from None


def decode_json(text: str, name: str) -> Any:
    """Decoded JSON, fast; on any trouble the slower parser gives the message (line and column, nesting)."""
    try:
        return msgspec.json.decode(text.lstrip("\ufeff"))
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return parse_json(name, text)


def _json_format(raw: Any, name: str) -> FileFormat:
    if isinstance(raw, dict):
        if str(raw.get("format", "")).startswith("timeline-viewer/"):
            return FileFormat.OWN
        if looks_like_timelinejs(raw):
            return FileFormat.TIMELINEJS
        if looks_like_vis(raw):
            return FileFormat.VIS
        if "events" in raw:
            return FileFormat.OWN
    elif looks_like_vis(raw):
        return FileFormat.VIS
    refuse(name, describe_json(raw))


def describe_json(raw: Any) -> str:
    """A JSON document that is no timeline, in a few words: "a JSON list of 12 objects with keys id, name, when"."""
    if isinstance(raw, list):
        objects = [item for item in raw if isinstance(item, dict)]
        if not raw:
            return "an empty JSON list"
        if len(objects) < len(raw):
            return f"a JSON list of {len(raw):,} values, not objects"
        keys = list(dict.fromkeys(key for item in objects[:100] for key in item))
        return f"a JSON list of {len(raw):,} objects with keys {_keys(keys)}, and no start date field"
    if isinstance(raw, dict):
        return f"a JSON object with keys {_keys(list(raw))}, and no events" if raw else "an empty JSON object"
    return "a JSON value that is not an object or a list"


def _keys(keys: list[Any]) -> str:
    shown = ", ".join(str(key)[:30] for key in keys[:8])
    return shown + (f" (and {len(keys) - 8:,} more)" if len(keys) > 8 else "")
