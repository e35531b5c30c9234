"""Opening a timeline file of any understood format, told by its content; saving in the app's own format."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import stat
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

import msgspec

from model.errors import Problem, TimelineError
from model.formats.csv_import import first_line, looks_like_csv, timeline_from_csv
from model.formats.native import PIECES_FROM_BYTES, load_timeline_bytes, search_windows
from model.formats.reader import collector_paused, decode_text, parse_json, read_bytes, read_source_file
from model.formats.spreadsheet import sniff, timeline_from_spreadsheet
from model.formats.timeline_xml import looks_like_xml, parse_xml, timeline_from_xml
from model.formats.timelinejs import looks_like_timelinejs, timeline_from_timelinejs
from model.formats.vis_timeline import looks_like_vis, timeline_from_vis
from model.timeline import Source, Timeline

OWN_FORMAT = "timeline-viewer/1"


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
    if _declares_own_format(data):
        return load_timeline_bytes(data, name, lambda file: read_source_file(base, file))
    text = decode_text(name, data)
    with collector_paused():  # importers make a great many small objects that form no cycles
        kind, raw = detect_format(text, name)
        readers = {FileFormat.TIMELINEJS: timeline_from_timelinejs, FileFormat.VIS: timeline_from_vis,
                   FileFormat.TIMELINE_XML: timeline_from_xml}
        if kind in readers:
            return readers[kind](raw, name)
        if kind is FileFormat.CSV:
            return timeline_from_csv(text, name)
        if kind is FileFormat.SPREADSHEET:
            return timeline_from_spreadsheet(text, name)
    del raw, text  # the loader decodes again, into its own types: don't hold both in memory
    return load_timeline_bytes(data, name, lambda file: read_source_file(base, file))


class _Sniff(msgspec.Struct):
    """Just the top-level ``format`` of a JSON object; everything else is skipped, not decoded."""

    format: Any = None


_OWN_FORMAT = re.compile(rb'"format"\s*:\s*"timeline-viewer/')


def _declares_own_format(data: bytes) -> bool:
    """Whether the bytes are a JSON object whose ``format`` names this app's format (a cheap look).

    A large file is searched for the key a mebibyte at a time rather than decoded, which would hold the interpreter
    for a tenth of a second or more (the window waiting); the key found may then be nested in an object, which
    this app's format never does and other formats have no reason to.
    """
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    if len(data) > PIECES_FROM_BYTES:
        return search_windows(_OWN_FORMAT, data) is not None
    try:
        found = msgspec.json.decode(data.lstrip(b"\xef\xbb\xbf"), type=_Sniff).format
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        return False  # the full path below reads it again and says what is wrong
    return isinstance(found, str) and found.startswith("timeline-viewer/")


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


def save_timeline(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write the timeline in the app's own format, sources' texts inline, replacing ``path`` atomically."""
    write_atomically(Path(path), encode_timeline(timeline))


def encode_timeline(timeline: Timeline) -> bytes:
    """The timeline as pretty JSON in the app's own format, self-contained, default values left out."""
    sources = [_inline(source, timeline.source_texts) for source in timeline.doc.sources]
    doc = msgspec.structs.replace(timeline.doc, sources=sources)
    body = {"format": OWN_FORMAT, **{k: v for k, v in to_plain(doc).items() if k != "format"}}
    try:
        return msgspec.json.format(msgspec.json.encode(body), indent=2) + b"\n"
    except UnicodeEncodeError:
        # a lone surrogate ("A\ud800B", valid in JSON text, not in UTF-8) is written as its JSON escape
        return json.dumps(body, ensure_ascii=True, indent=2).encode("ascii") + b"\n"


def _inline(source: Source, texts: dict[str, str]) -> Source:
    if source.id not in texts:
        return source
    return msgspec.structs.replace(source, text=texts[source.id], file=None)


def to_plain(value: Any) -> Any:
    """Structs as dicts without the fields that hold their default value; lists and scalars as they are."""
    if isinstance(value, msgspec.Struct):
        fields = msgspec.structs.fields(value)
        return {f.encode_name: to_plain(getattr(value, f.name)) for f in fields if not _is_default(f, getattr(value, f.name))}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


def _is_default(field: msgspec.structs.FieldInfo, value: Any) -> bool:
    if field.default is not msgspec.NODEFAULT:
        return bool(value == field.default)
    if field.default_factory is not msgspec.NODEFAULT:
        return bool(value == field.default_factory())
    return False


def make_folder(folder: Path) -> None:
    """Make ``folder`` (and those above it) if missing; a file in the way is named: "...: Not a directory"."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory (a file is where this folder should be)", str(blocking)) from exc


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary file beside ``path`` and rename it over; a failure leaves no partial file."""
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path)) if target.is_dir() else OSError(
            errno.EINVAL, "not a regular file (a device, pipe or socket)", str(path))
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o666)
    except OSError as exc:  # name the file being written, not its hidden temporary twin
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    handle = os.fdopen(fd, "wb")
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(target, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _keep_mode(target: Path, temp: Path) -> None:
    """Give the new file the permissions of the one it replaces."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
