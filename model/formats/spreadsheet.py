"""Any spreadsheet of dated rows (CSV or TSV with a header), and Aeon Timeline's CSV export.

The date, end, title, description, group and link columns are told from the header names ("date,content",
"Date,Event,Description", "year,title,group", CollectionBuilder's "date,end_date,display_date,title,description,
type,group"), and a date column from its content when no name says so. The warnings say which columns were used.
Aeon Timeline's export (EventID, Title, Summary, Start Date, Duration, End Date, Arc, Participant, Tags) puts
events in lanes by Arc, else Participant, else Tags, and reads its ends as instants, as Aeon does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from model.errors import Problem, TimelineError, quoted
from model.formats.builder import Date, ImportBuilder
from model.formats.csv_import import DELIMITERS, check_swallowed_rows, first_line, records, split_line, without_sep_line
from model.formats.timelinejs import web_link
from model.provenance.plain_text import plain_text
from model.time.date_text import EXCEL_SERIAL_RANGE, DayOrder, excel_serial, is_ambiguous, numeric_order, parse_date_text
from model.time.timepoint import SECONDS_PER_DAY, DateError, Precision, TimePoint
from model.timeline import Timeline

SAMPLE_ROWS = 50
"""Rows looked at to tell a date column by its content."""

_ROLES: dict[str, tuple[str, ...]] = {
    "start": ("date", "startdate", "start", "begin", "begins", "from", "when", "year", "datetime", "startyear", "dated",
              "eventdate", "startdatetime", "datum", "fecha", "data", "jahr", "année", "annee", "año", "anno"),
    "end": ("enddate", "end", "to", "until", "finish", "ends", "endyear", "enddatetime", "stop", "ende", "fin", "bis"),
    "title": ("title", "headline", "event", "name", "label", "what", "eventname", "eventtitle", "content", "subject",
              "titel", "titre", "titulo", "título", "ereignis", "événement", "evenement", "evento"),
    "summary": ("description", "text", "summary", "details", "detail", "notes", "note", "body", "content", "comment",
                "beschreibung", "texte", "texto", "descripción", "descripcion", "descrizione"),
    "group": ("group", "category", "lane", "track", "arc", "participant", "participants", "tags", "tag", "who", "actor",
              "type", "country", "person", "people", "kind", "gruppe", "groupe", "grupo", "kategorie", "catégorie",
              "categoria"),
    "display": ("displaydate", "datedisplay"),
    "link": ("url", "link", "href", "source", "sourceurl", "website"),
    "id": ("eventid", "id", "uid"),
    "duration": ("duration",),
}
"""Header names (lowercase, no spaces or underscores) each role is read from, best first."""

_SEPARATORS = re.compile(r"[|;]")
_AEON_SEPARATORS = re.compile(r"[|;,]")
"""What separates several lanes in one cell ("Harry, Ron" in Aeon's Participant column)."""
_TRUSTED = frozenset({"date", "startdate", "year", "eventdate", "datum", "fecha", "jahr"})
"""Header names that make a column the date column whatever its cells hold (rows without a date are then reported)."""
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_AEON_LANES = ("arc", "participant", "participants", "tags")
_DURATION = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)", re.I)
_UNITS = {"s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hr": 3600, "hour": 3600,
          "d": 86_400, "day": 86_400, "w": 604_800, "wk": 604_800, "week": 604_800}
_UNIT_MONTHS = {"mo": 1, "month": 1, "y": 12, "yr": 12, "year": 12}


def _key(name: str) -> str:
    return "".join(name.split()).replace("_", "").replace("-", "").lower()


@dataclass
class Columns:
    """Which column (by index) each role is read from."""

    header: list[str]
    roles: dict[str, int]
    aeon: bool = False
    excel_serial: bool = False
    order: DayOrder = DayOrder.MONTH_FIRST
    lanes: list[int] = field(default_factory=list)
    order_told: bool = False
    """Whether a date such as 25/04/2014 in the file told the order; if not, 03/04/2020 is read month first."""
    """Aeon's lane columns, best first: a row's lanes come from the first of them it fills (Arc, Participant, Tags)."""

    def used(self) -> str:
        """"date from "Date", title from "Event"...", for the warnings."""
        names = {"start": "date", "end": "end", "title": "title", "summary": "description", "group": "lanes",
                 "display": "display date", "link": "link", "id": "id", "duration": "duration"}
        used = [f'{names[role]} from "{self.header[i].strip()}"' for role, i in self.roles.items()]
        if len(self.lanes) > 1:
            used[list(self.roles).index("group")] += "".join(f', else "{self.header[i].strip()}"' for i in self.lanes[1:])
        return ", ".join(used)


def sniff(text: str) -> tuple[str, Columns] | None:
    """The delimiter and columns of a spreadsheet of dated rows, or None when ``text`` is not one."""
    text = without_sep_line(text.removeprefix("\ufeff"))[0]
    line = first_line(text)
    best: tuple[str, Columns] | None = None
    for delimiter in DELIMITERS:
        header = split_line(line, delimiter)
        if len(header) < 2:
            continue
        columns = _columns(header, _sample(text, delimiter))
        if columns is not None and (best is None or len(columns.roles) > len(best[1].roles)):
            best = (delimiter, columns)
    return best


def _sample(text: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for _, cells in records(text[: 200_000], delimiter, lambda where, message: None):
        rows.append(cells)
        if len(rows) > SAMPLE_ROWS:
            break
    return rows[1:]


def _columns(header: list[str], rows: list[list[str]]) -> Columns | None:
    """The columns of a sheet with this header and these first rows, or None when it has no date column or no header."""
    keys = [_key(name) for name in header]
    roles = _named_roles(keys, rows)
    if "start" not in roles:
        found = next((i for i in range(len(header)) if i not in roles.values() and _dated(rows, i)), None)
        if found is None:
            return None
        roles["start"] = found
    if _serial(header[roles["start"]]) is not None or _readable(header[roles["start"]].strip()):
        return None  # the first line is a row of data: without a header, no column can be told, and the row would be lost
    if "title" not in roles:
        texts = [i for i in range(len(header)) if i not in roles.values()]
        if "summary" not in roles and not texts:
            return None
        roles["title"] = roles.pop("summary") if "summary" in roles else texts[0]
    roles = dict(sorted(roles.items(), key=lambda item: list(_ROLES).index(item[0])))
    aeon = "eventid" in keys or ("startdate" in keys and any(name in keys for name in _AEON_LANES[:3]))
    lanes = [keys.index(name) for name in _AEON_LANES if name in keys] if aeon else []
    if aeon:
        roles.pop("group", None)
        if lanes:
            roles["group"] = lanes[0]
    start = roles["start"]
    values = [row[start].strip() for row in rows if start < len(row) and row[start].strip()]
    serial = bool(values) and keys[start] not in ("year", "startyear") and all(_serial(value) is not None for value in values)
    told = numeric_order(values)
    return Columns(header, roles, aeon, serial, told or DayOrder.MONTH_FIRST, lanes, told is not None)


def _named_roles(keys: list[str], rows: list[list[str]]) -> dict[str, int]:
    """Each role's column as the header names it (the first name of a role's list that a column has)."""
    roles: dict[str, int] = {}
    for role, names in _ROLES.items():
        found = next((keys.index(name) for name in names if name in keys and keys.index(name) not in roles.values()), None)
        if found is not None:
            roles[role] = found
    if "start" in roles and keys[roles["start"]] not in _TRUSTED and not _dated(rows, roles["start"]):
        del roles["start"]  # "from" or "when" holding names, not dates
    return roles


def _dated(rows: list[list[str]], i: int) -> bool:
    """Whether most filled cells of column ``i`` in the sample are dates."""
    values = [row[i].strip() for row in rows if i < len(row) and row[i].strip()]
    if not values:
        return False
    good = sum(_serial(value) is not None or _readable(value) for value in values)
    return good >= 0.8 * len(values)


def _readable(value: str) -> bool:
    for order in DayOrder:
        try:
            parse_date_text(value, order)
        except DateError:
            continue
        return True
    return False


def _serial(value: str) -> float | None:
    """An Excel serial date number (44197, 44197.5), or None."""
    if not _NUMBER.fullmatch(value.strip()):
        return None
    number = float(value.replace(",", "."))
    low, high = EXCEL_SERIAL_RANGE
    return number if low <= number <= high else None


def looks_like_spreadsheet(text: str) -> bool:
    """Whether ``text`` is a CSV or TSV with a header and a column of dates."""
    return sniff(text) is not None


def timeline_from_spreadsheet(text: str, name: str) -> Timeline:
    """The timeline in a spreadsheet of dated rows (or an Aeon Timeline export); ``name`` is used in messages."""
    found = sniff(text)
    if found is None:
        raise TimelineError(name, [Problem("row 1", "expected a header row and a column of dates")])
    delimiter, columns = found
    text, skipped = without_sep_line(text.removeprefix("\ufeff"))
    builder = ImportBuilder(name, ends="instant" if columns.aeon else "inclusive")
    tool = "an Aeon Timeline export" if columns.aeon else "a spreadsheet of dated rows"
    builder.warn("columns read", f"row {skipped + 1}", f"read as {tool}: {columns.used()}")
    used = {*columns.roles.values(), *columns.lanes}
    unused = [h.strip() for i, h in enumerate(columns.header) if i not in used and h.strip()]
    if unused:
        builder.warn("columns not read", f"row {skipped + 1}", "not read: " + ", ".join(f'"{u}"' for u in unused))
    rows = records(text, delimiter, builder.problem, skipped)
    next(rows, None)
    ambiguous = 0
    start = columns.roles["start"]

    def row_like(cells: list[str]) -> bool:
        return start < len(cells) and (_serial(cells[start]) is not None or _readable(cells[start].strip()))

    for line, cells in rows:
        if check_swallowed_rows(line, cells, columns.header, delimiter, builder.problem, row_like):
            ambiguous += _read_row(builder, columns, line, cells)
    if ambiguous and not columns.order_told:
        builder.warn(f"dates such as 03/04/2020 were read {columns.order.value}",
                     f"column \"{columns.header[columns.roles['start']].strip()}\"",
                     f"{ambiguous:,} dates such as 03/04/2020 were read {columns.order.value}; no date in the file tells")
    if not builder.events and not builder.problems:
        builder.problem(f'column "{columns.header[columns.roles["start"]].strip()}"', "no row has a date that can be read")
    return builder.timeline()


def _read_row(builder: ImportBuilder, columns: Columns, line: int, cells: list[str]) -> int:
    """Add one row as an event; 1 when its date was ambiguous (03/04/2020) and nothing told the order, else 0."""
    n = len(cells)
    values = {role: cells[i].strip() if i < n else "" for role, i in columns.roles.items()}

    def where(role: str) -> str:
        return f'row {line}, column "{columns.header[columns.roles[role]].strip()}"'

    start_text = values["start"]
    if not start_text:
        builder.warn("rows without a date were skipped", where("start"))
        return 0
    start = _date(builder, columns, start_text, lambda: where("start"), "rows whose date cannot be read were skipped")
    if start is None:
        return 0
    end = _end(builder, columns, values, where, start)
    group = values.get("group", "")
    for i in columns.lanes[1:]:
        group = group or (cells[i].strip() if i < n else "")
    separators = _AEON_SEPARATORS if columns.aeon else _SEPARATORS
    lanes = tuple(part.strip() for part in separators.split(group) if part.strip()) if separators.search(group) else (group,)
    link = values.get("link", "")
    builder.add_event(plain_text(values["title"]), start, end, lanes=lanes or ("",), summary=plain_text(values.get("summary", "")),
                      ident=values.get("id", ""), link=web_link(link) if link else None, display_date=values.get("display", ""))
    return 0 if columns.order_told or not ("/" in start_text or "." in start_text) else int(is_ambiguous(start_text))


def _end(builder: ImportBuilder, columns: Columns, values: dict[str, str], where: Callable[[str], str],
         start: Date) -> Date | None:
    end: Date | None = None
    written, duration = values.get("end", ""), values.get("duration", "")
    if written:
        end = _date(builder, columns, written, lambda: where("end"), "ends that cannot be read were ignored")
    elif duration:
        end = _after(start, duration)
        if end is None:
            builder.warn("durations that cannot be read were ignored", where("duration"),
                         f'"{duration}" is not a duration such as "3 days" or "2 hours"')
    if end is None:
        return None
    stop = end.begins if builder.ends == "instant" else end.ends
    if stop < start.begins or (builder.ends == "inclusive" and stop <= start.begins):
        builder.warn("ends before their start were dropped", where("end" if written else "duration"),
                     f"{end.label()} is before the start {start.label()}")
        return None
    return end


def _date(builder: ImportBuilder, columns: Columns, text: str, where: Callable[[], str], kind: str) -> Date | None:
    """The date a cell names; a warning of ``kind`` (the row is skipped, or its end ignored) when it names none."""
    found = _parse(text, columns.order, columns.excel_serial)
    if isinstance(found, str):
        builder.warn(kind, where(), found)
        return None
    return found


@lru_cache(maxsize=65_536)
def _parse(text: str, order: DayOrder, excel: bool) -> Date | str:
    """The date a cell names, or why it names none (cached: a large sheet has few distinct dates)."""
    try:
        serial = _serial(text) if excel else None
        return Date.of(excel_serial(serial) if serial is not None else parse_date_text(text, order))
    except DateError as exc:
        return str(exc) if quoted(text) in str(exc) else f"{quoted(text)} is not a date: {exc}"


def _after(date: Date, duration: str) -> Date | None:
    """The instant ``duration`` ("3 days", "2 hours 30 minutes", "1 year") after ``date``, or None."""
    start = date.point
    seconds, months = 0.0, 0
    matches = list(_DURATION.finditer(duration))
    if not matches:
        return None
    for match in matches:
        unit, n = match["unit"].lower().rstrip("s") or "s", float(match["n"])
        if unit in _UNITS:
            seconds += n * _UNITS[unit]
        elif unit in _UNIT_MONTHS and n.is_integer():
            months += int(n) * _UNIT_MONTHS[unit]
        else:
            return None
    year, month = divmod(start.month - 1 + months, 12)
    precision = max(start.precision, Precision.DAY if seconds % SECONDS_PER_DAY == 0 else Precision.MINUTE)
    try:
        shifted = TimePoint(start.year + year, month + 1, min(start.day, 28), start.hour, start.minute, start.second,
                            max(start.precision, Precision.DAY))
        return Date.of(TimePoint.from_seconds(shifted.seconds + seconds, precision))
    except (DateError, OverflowError, ValueError):
        return None  # past the years the model covers
