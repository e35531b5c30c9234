"""Import a TimelineJS spreadsheet saved as CSV (comma, semicolon or tab separated).

Columns are TimelineJS's (Year, Month, Day, Time, End Year, ..., Headline, Text,
Media, Media Credit, Media Caption, Type, Group), matched ignoring case and
spaces. Each row becomes a TimelineJS slide and is read as TimelineJS reads
one; problems are reported as ``row N, column "Month"`` where N is the line
the row starts on (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator

from model.errors import Problem, TimelineError
from model.loader import decode_text, read_bytes
from model.timeline import Timeline
from model.timelinejs import Locate, SlideImporter

COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date", "Headline", "Text",
           "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group", "Background")
"""TimelineJS's spreadsheet columns, as its template names them."""

DELIMITERS = (",", ";", "\t")

_TIME = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{1,2}))?(?::(?P<second>\d{1,2}))?(?:[.,]\d+)?"
                   r"\s*(?:(?P<half>[ap])\.?\s*m\.?)?", re.IGNORECASE)
_DATE_COLUMNS = {"start_date": ("Year", "Month", "Day", "Time"), "end_date": ("End Year", "End Month", "End Day", "End Time")}
_FIELD_COLUMNS = {
    "text": "Headline", "text.headline": "Headline", "text.text": "Text", "media": "Media", "media.url": "Media",
    "media.credit": "Media Credit", "media.caption": "Media Caption", "group": "Group", "display_date": "Display Date",
} | {
    f"{field}.{part}": columns[min(i, 3)]
    for field, columns in _DATE_COLUMNS.items()
    for i, part in enumerate(("year", "month", "day", "hour", "minute", "second"))
}

Cell = Callable[[str], str]
"""A row's cell by column name ("" when the column or the cell is missing)."""


def normalize_header(name: str) -> str:
    """A column name as matched: "End  year" and "end_year" are "endyear"."""
    return "".join(name.split()).replace("_", "").lower()


_KNOWN = {normalize_header(column): column for column in COLUMNS}


def looks_like_csv(text: str) -> bool:
    """Whether the first non-blank line is a header with TimelineJS's Year and Headline or Text columns."""
    return header_delimiter(_first_line(text)) is not None


def header_delimiter(line: str) -> str | None:
    """The delimiter that splits ``line`` into the most TimelineJS columns, or None if it is no such header."""
    best, best_score = None, 0
    for delimiter in DELIMITERS:
        names = {normalize_header(cell) for cell in next(csv.reader([line], delimiter=delimiter), [])}
        score = len(names & _KNOWN.keys())
        if "year" in names and names & {"headline", "text"} and score > best_score:
            best, best_score = delimiter, score
    return best


def load_csv(path: str | os.PathLike[str]) -> Timeline:
    """Read a TimelineJS CSV file, or raise :class:`TimelineError`."""
    name = str(path)
    return timeline_from_csv(decode_text(name, read_bytes(path)), name)


def timeline_from_csv(text: str, name: str) -> Timeline:
    """The timeline in TimelineJS CSV text; ``name`` is used in messages."""
    text = text.removeprefix("\ufeff")
    delimiter = header_delimiter(_first_line(text))
    if delimiter is None:
        expected = "a header row with TimelineJS columns (Year, Month, Day, Headline, Text...)"
        raise TimelineError(name, [Problem("row 1", f"expected {expected}")])
    importer = SlideImporter(name)
    rows = _records(text, delimiter, importer)
    header = next(rows, None)
    columns = _columns(header[1] if header else [], importer)
    for line, cells in rows:
        _read_row(importer, columns, line, cells)
    return importer.timeline()


def _first_line(text: str) -> str:
    return next((line for line in text.removeprefix("\ufeff").splitlines() if line.strip()), "")


def _records(text: str, delimiter: str, importer: SlideImporter) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on; a record csv cannot read is a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            importer.problem(f"row {line + 1}", f"cannot read the row: {exc}")
            return
        start, line = line + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def _columns(header: list[str], importer: SlideImporter) -> dict[str, int]:
    """Column name to its index; unknown and repeated columns are noted."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        column = _KNOWN.get(normalize_header(cell))
        if column is None:
            if cell.strip():
                importer.note("unknown columns were ignored", f'column "{cell.strip()}"')
        elif column in columns:
            importer.note("repeated columns were ignored", f'column {i + 1} ("{cell.strip()}")')
        else:
            columns[column] = i
    return columns


def _read_row(importer: SlideImporter, columns: dict[str, int], line: int, cells: list[str]) -> None:
    """Add a row as the title, an era or an event, as its Type says."""

    def cell(column: str) -> str:
        i = columns.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    locate = _locator(line, cell)
    slide = _slide(cell, importer, locate)
    kind = cell("Type").lower()
    if kind == "title":
        importer.set_title(slide, locate)
    elif kind == "era":
        importer.add_era({key: slide[key] for key in ("start_date", "end_date", "text")}, locate)
    else:
        if kind not in ("", "event"):
            importer.note("rows of an unknown Type were read as events", f'row {line}, column "Type"')
        importer.add_event(slide, locate)


def _locator(line: int, cell: Cell) -> Locate:
    """Where a slide field is in the file: ``row 5, column "Month"``."""

    def locate(field: str) -> str:
        column = _FIELD_COLUMNS.get(field)
        if field in _DATE_COLUMNS:
            filled = [c for c in _DATE_COLUMNS[field] if cell(c)]
            column = filled[-1] if filled else _DATE_COLUMNS[field][0]
        return f'row {line}, column "{column}"' if column else f"row {line}"

    return locate


def _slide(cell: Cell, importer: SlideImporter, locate: Locate) -> dict[str, object]:
    """A row as a TimelineJS slide."""
    media = {"url": cell("Media"), "credit": cell("Media Credit"), "caption": cell("Media Caption")}
    return {
        "start_date": _date(cell, "", importer, locate("start_date.hour")),
        "end_date": _date(cell, "End ", importer, locate("end_date.hour")),
        "text": {"headline": cell("Headline"), "text": cell("Text")},
        "media": media if any(media.values()) else None,
        "group": cell("Group"),
        "display_date": cell("Display Date"),
    }


def _date(cell: Cell, prefix: str, importer: SlideImporter, time_at: str) -> dict[str, object]:
    """A TimelineJS date object from the Year, Month, Day and Time cells."""
    date: dict[str, object] = {"year": cell(f"{prefix}Year"), "month": cell(f"{prefix}Month"), "day": cell(f"{prefix}Day")}
    time = cell(f"{prefix}Time")
    if time:
        parts = time_parts(time)
        if parts is None:
            importer.problem(time_at, f'expected a time like 14:30 or 2:30 PM, found "{time}"')
        else:
            date.update(parts)
    return date


def time_parts(text: str) -> dict[str, int] | None:
    """``"14:30"`` or ``"2:30 PM"`` as hour, minute (and second); None when it is not a time."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    hour = int(match["hour"])
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    parts = {"hour": hour}
    for key in ("minute", "second"):
        if match[key] is not None:
            parts[key] = int(match[key])
    return parts
