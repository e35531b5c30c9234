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
from model.formats.reader import decode_text, read_bytes
from model.formats.timelinejs import Locate, SlideImporter, whole_number
from model.long_text import join_sparing
from model.time.date_text import EXCEL_SERIAL_RANGE, excel_serial, parse_date_text
from model.time.timepoint import DateError, Precision, TimePoint
from model.timeline import Timeline

COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date", "Headline", "Text",
           "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Alt Text", "Type", "Group", "Tag", "Background")
"""TimelineJS's spreadsheet columns, as its template names them (``Tag`` is the first template's name for Group)."""

DELIMITERS = (",", ";", "\t")
_LINE = re.compile(r"[^\r\n]+")

_TIME = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{1,2}))?(?::(?P<second>\d{1,2}))?(?:[.,]\d+)?"
                   r"\s*(?:(?P<half>[ap])\.?\s*m\.?)?", re.IGNORECASE)
_DATE_COLUMNS = {"start_date": ("Year", "Month", "Day", "Time"), "end_date": ("End Year", "End Month", "End Day", "End Time")}
_FIELD_COLUMNS = {
    "text": "Headline", "text.headline": "Headline", "text.text": "Text", "media": "Media", "media.url": "Media",
    "media.credit": "Media Credit", "media.caption": "Media Caption", "media.alt": "Alt Text", "group": "Group",
    "display_date": "Display Date",
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
    return header_delimiter(first_line(text)) is not None


def split_line(line: str, delimiter: str) -> list[str]:
    """One line's cells; [] for a line csv cannot read (a cell over csv's size limit)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def header_delimiter(line: str) -> str | None:
    """The delimiter that splits ``line`` into the most TimelineJS columns, or None if it is no such header."""
    best, best_score = None, 0
    for delimiter in DELIMITERS:
        names = {normalize_header(cell) for cell in split_line(line, delimiter)}
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
    text, skipped = without_sep_line(text.removeprefix("\ufeff"))
    delimiter = header_delimiter(first_line(text))
    if delimiter is None:
        expected = "a header row with TimelineJS columns (Year, Month, Day, Headline, Text...)"
        raise TimelineError(name, [Problem(f"row {skipped + 1}", f"expected {expected}")])
    importer = SlideImporter(name)
    importer.slides_at = 'column "Year"'
    rows = records(text, delimiter, importer.problem, skipped)
    header = next(rows, None)
    columns = _columns(header[1] if header else [], importer)
    width = len(header[1]) if header else 0
    year = columns.get("Year", 0)
    names = [f"\0column {i}" for i in range(width)]  # unknown columns: names no lookup asks for
    for column, i in columns.items():
        names[i] = column

    def row_like(cells: list[str]) -> bool:
        return year < len(cells) and (not cells[year].strip() or _is_whole(cells[year]))

    for line, cells in rows:
        if check_swallowed_rows(line, cells, header[1] if header else [], delimiter, importer.problem, row_like):
            _read_row(importer, names, line, cells, width)
    return importer.timeline()


def _is_whole(text: str) -> bool:
    try:
        return whole_number(text, "year") is not None
    except ValueError:
        return False


FIRST_LINE_CHARS = 1 << 20
"""Characters a header line is looked for in: a longer first line is no header (and is not copied whole)."""


def first_line(text: str) -> str:
    """The first non-blank line, after Excel's ``sep=;`` line if there is one (found without splitting the whole text;
    cut at :data:`FIRST_LINE_CHARS`, with its end beyond)."""
    text = without_sep_line(text.removeprefix("\ufeff"))[0]
    return next((match[0] for match in _LINE.finditer(text, 0, FIRST_LINE_CHARS) if match[0].strip()), "")


def without_sep_line(text: str) -> tuple[str, int]:
    """The text without Excel's first line ``sep=;`` (the delimiter is told from the header anyway), and lines dropped."""
    head = text[:16].partition("\n")[0]
    if head.strip().lower().startswith("sep=") and len(head.strip()) <= 5:
        step = 1 << 20
        return join_sparing([text[at: at + step] for at in range(len(head) + 1, len(text), step)]), 1
    return text, 0


LINES_CHUNK = 1 << 20
"""Characters of text handed to a string buffer at once (one for a 50 MB file held the interpreter 0.1 s)."""
LONGEST_LINE = 1 << 23
"""Characters of the longest line read (8 Mi): 64 cells of csv's longest, where copying one took 0.2 to 1 s."""


class LineTooLong(Exception):
    """A line of a delimited text is longer than :data:`LONGEST_LINE`; ``line`` is its number."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is longer than {LONGEST_LINE:,} characters")
        self.line = line


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them, a mebibyte of text at a time (cut just
    after a line feed, so no line and no CR LF is split); :class:`LineTooLong` for a line over :data:`LONGEST_LINE`."""
    start = 0
    while start < len(text):
        end = _after_line_end(text, start + LINES_CHUNK, start + LINES_CHUNK + LONGEST_LINE)
        if end < 0 and len(text) > start + LINES_CHUNK + LONGEST_LINE:
            from_line = max(text.rfind("\n", start, start + LINES_CHUNK), text.rfind("\r", start, start + LINES_CHUNK))
            from_line = from_line + 1 or start
            yield from io.StringIO(text[start:from_line], newline="")
            ends = text.count("\n", 0, from_line) + text.count("\r", 0, from_line) - text.count("\r\n", 0, from_line)
            raise LineTooLong(ends + 1)
        end = len(text) if end < 0 else end
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _after_line_end(text: str, lo: int, hi: int) -> int:
    """Where the text can be cut just after a line end in ``text[lo:hi]`` (a line feed; without one, a carriage
    return, as Excel's "CSV (Macintosh)" ends lines; never between a CR and its LF), or -1 if there is none."""
    end = text.find("\n", lo, hi)
    if end < 0:
        end = text.find("\r", lo, hi)
        if end >= 0 and text.startswith("\n", end + 1):
            end += 1
    return end + 1 if end >= 0 else -1


def records(text: str, delimiter: str, problem: Callable[[str, str], None],
            first: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on; a record csv cannot read is a problem."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LineTooLong as exc:
            problem(f"row {first + exc.line}", f"cannot read the row: a line is longer than {LONGEST_LINE:,} characters")
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"a cell is longer than {csv.field_size_limit():,} characters"
            problem(f"row {first + line + 1}", f"cannot read the row: {reason}")
            return
        start, line = line + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield first + start, cells


def check_swallowed_rows(line: int, cells: list[str], header: list[str], delimiter: str,
                         problem: Callable[[str, str], None], row_like: Callable[[list[str]], bool]) -> bool:
    """False, after a problem, when a quoted cell holds lines shaped like whole rows: a closing quote is missing.

    CSV lets a quoted cell run over several lines, so an unclosed quote silently swallows the rows after it. A line
    inside a cell looks like a row when it splits into as many cells as the header and ``row_like`` says its cells
    are a row's (a year where the Year column is, a date in the date column).
    """
    if "\n" not in "".join(cells):
        return True  # the common case, told in C: no cell runs over lines
    width = max(len(header), 2)
    for i, cell in enumerate(cells):
        if "\n" not in cell:
            continue
        for k, inner in enumerate(cell.split("\n")[1:], start=1):
            split = split_line(inner, delimiter)
            if len(split) >= width and row_like(split):
                column = header[i].strip() if i < len(header) and header[i].strip() else f"column {i + 1}"
                problem(f'row {line}, column "{column}"',
                        f"a quote (\") opened here is not closed before line {line + k}, which looks like a row of its "
                        "own; the rows after it would be lost in this cell. Close the quote, or double a quote "
                        "inside a quoted cell (\"\")")
                return False
    return True


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


def _read_row(importer: SlideImporter, names: list[str], line: int, cells: list[str], width: int) -> None:
    """Add a row as the title, an era or an event, as its Type says."""

    values = dict.fromkeys(COLUMNS, "")
    values.update(zip(names, map(str.strip, cells), strict=False))  # in C; names[i] names column i (or is a placeholder)
    cell: Cell = values.__getitem__
    locate = _locator(line, cell)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        importer.note("rows with more cells than the header has columns (extra cells ignored)", f"row {line}")
    slide = _slide(cell, importer, locate)
    kind = cell("Type").lower()
    if kind == "title":
        importer.add_title_row(slide, locate)
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
    media = {"url": cell("Media"), "credit": cell("Media Credit"), "caption": cell("Media Caption"), "alt": cell("Alt Text")}
    ended = any(cell(column) for column in _DATE_COLUMNS["end_date"])
    return {
        "start_date": _date(cell, "", importer, lambda: locate("start_date.hour"), lambda: locate("start_date.year")),
        "end_date": _date(cell, "End ", importer, lambda: locate("end_date.hour"), lambda: locate("end_date.year")) if ended else None,
        "text": {"headline": cell("Headline"), "text": cell("Text")},
        "media": media if any(media.values()) else None,
        "group": cell("Group") or cell("Tag"),
        "display_date": cell("Display Date"),
    }


def _date(cell: Cell, prefix: str, importer: SlideImporter, time_at: Callable[[], str],
          year_at: Callable[[], str]) -> dict[str, object]:
    """A TimelineJS date object from the Year, Month, Day and Time cells."""
    date: dict[str, object] = {"year": cell(f"{prefix}Year"), "month": cell(f"{prefix}Month"), "day": cell(f"{prefix}Day")}
    whole = whole_date(str(date["year"])) if not (date["month"] or date["day"]) else None
    if whole is not None:
        date.update(year=whole.year, month=whole.month, day=whole.day)
        importer.note("Year cells holding a whole date (or an Excel serial date) were read as that date",
                      year_at(), f'"{cell(f"{prefix}Year")}" was read as {whole.label()}')
    time = cell(f"{prefix}Time")
    if time:
        parts = time_parts(time)
        if parts is None:
            importer.problem(time_at(), f'expected a time like 14:30 or 2:30 PM, found "{time}"')
        else:
            date.update(parts)
    return date


def whole_date(text: str) -> TimePoint | None:
    """A day written in a Year cell: an Excel serial date (44197) or a date ("2021-01-01", "1/1/2021"); else None."""
    text = text.strip()
    digits = text.lstrip("+-")
    if not text or digits.isascii() and digits.isdigit() and not EXCEL_SERIAL_RANGE[0] <= int(text) <= EXCEL_SERIAL_RANGE[1]:
        return None
    try:
        if text.isascii() and text.isdigit():  # "²" and "٣" are digits to str.isdigit, not to int()
            return excel_serial(int(text))
        point = parse_date_text(text)
    except DateError:
        return None
    return point if point.precision >= Precision.DAY else None


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
