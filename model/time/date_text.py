"""Dates as spreadsheets and other tools write them: "1848", "March 1848", "20 April 2014", "04/20/2014 2:30 PM",
"2014-04-20T10:00:00Z", Excel serial numbers and JavaScript milliseconds."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from model.errors import quoted
from model.time.timepoint import MAX_ABS_YEAR, MONTH_NAMES, DateError, Precision, TimePoint

EXCEL_EPOCH_DAYS = -25_569
"""Excel's day 0 (30 December 1899, after its 1900 leap-year bug) in days since 1970-01-01."""

EXCEL_SERIAL_RANGE = (10_000, 2_958_465)
"""Serial numbers read as Excel dates (1927 to 9999); smaller whole numbers are years."""

_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    name[:3].lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {"sept": 9}
_TIME = r"(?:[T\s,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?\s*(?P<half>[ap]\.?m\.?)?)?"
_ZONE = r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
_ISO = re.compile(r"(?P<year>[+-]?\d{1,11})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?" + _TIME + _ZONE, re.I)
_ERA = re.compile(r"(?P<year>\d{1,11})\s*(?P<era>BCE|BC|B\.C\.|CE|AD|A\.D\.)", re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,4})[/.](?P<b>\d{1,2})[/.](?P<c>\d{1,4})" + _TIME + _ZONE, re.I)
_DAY_MONTH = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>-?\d{1,11})" + _TIME, re.I)
_MONTH_DAY = re.compile(r"(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>-?\d{1,11})" + _TIME, re.I)
_MONTH_YEAR = re.compile(r"(?P<month>[a-z]+)\.?,?\s+(?P<year>-?\d{1,11})", re.I)


class DayOrder(Enum):
    """How to read 03/04/2020: month first (US, and JavaScript's Date), or day first."""

    MONTH_FIRST = "month first"
    DAY_FIRST = "day first"
    EITHER = "month first unless only day first makes a date"
    """For dates a person types: 03/04/2020 is 4 March, but 31/12/2024 can only be 31 December."""


def parse_typed_date(text: str) -> TimePoint:
    """A date a person typed (Go to Date, "as known on", a date range): as :func:`parse_date_text` reads it, and
    31/12/2024 as 31 December rather than refused."""
    return parse_date_text(text.strip(), DayOrder.EITHER)


@lru_cache(maxsize=65_536)
def parse_date_text(text: str, order: DayOrder = DayOrder.MONTH_FIRST) -> TimePoint:
    """The point a written date names, as precise as it is written; :class:`DateError` when it names none.

    Cached: a file of many events has few distinct dates (a raised error is not cached, but is rare).
    """
    value = " ".join(text.split())
    for reader in (_iso, _era, _numeric, _words):
        point = reader(value, order)
        if point is not None:
            return point
    raise DateError(f"{quoted(text)} is not a date this app reads (such as 2014-04-20, 20 April 2014 or 04/20/2014)")


def numeric_order(texts: list[str]) -> DayOrder | None:
    """Day first when some date like 25/04/2014 says so, month first when one like 04/25/2014 does; None if none tells."""
    for text in texts:
        match = _NUMERIC.fullmatch(" ".join(text.split()))
        if match and len(match["a"]) <= 2:
            a, b = int(match["a"]), int(match["b"])
            if a > 12 >= b:
                return DayOrder.DAY_FIRST
            if b > 12 >= a:
                return DayOrder.MONTH_FIRST
    return None


def is_ambiguous(text: str) -> bool:
    """Whether a date reads differently day first and month first (03/04/2020)."""
    match = _NUMERIC.fullmatch(" ".join(text.split()))
    return bool(match and len(match["a"]) <= 2 and int(match["a"]) <= 12 and int(match["b"]) <= 12 and match["a"] != match["b"])


def excel_serial(value: float) -> TimePoint:
    """An Excel serial date (44197 is 1 January 2021; a fraction is the time of day)."""
    days = int(value // 1)
    seconds = round((value - days) * 86_400)
    precision = Precision.DAY if seconds == 0 else Precision.MINUTE if seconds % 60 == 0 else Precision.SECOND
    return TimePoint.from_seconds(float((days + EXCEL_EPOCH_DAYS) * 86_400 + seconds), precision)


def from_milliseconds(value: float) -> TimePoint:
    """A JavaScript time (milliseconds since 1970), to the second; midnight is read as a day."""
    seconds = int(value // 1000)
    precision = Precision.DAY if seconds % 86_400 == 0 else Precision.SECOND
    return TimePoint.from_seconds(float(seconds), precision)


def _point(year: int, month: int | None = None, day: int | None = None, hour: str | None = None, minute: str | None = None,
           second: str | None = None, half: str | None = None) -> TimePoint:
    if not -MAX_ABS_YEAR <= year <= MAX_ABS_YEAR:
        raise DateError(f"year {year:,} is outside -{MAX_ABS_YEAR:,} to {MAX_ABS_YEAR:,}")
    if day is not None and month is None:
        raise DateError("a day without a month")
    known = [v for v in (month, day) if v is not None]
    clock: list[int] = []
    if hour is not None:
        h = int(hour)
        if half:
            if not 1 <= h <= 12:
                raise DateError(f"{h} is not an hour of a 12-hour clock")
            h = h % 12 + (12 if half[0].lower() == "p" else 0)
        clock = [h, int(minute or 0)] + ([int(second)] if second is not None else [])
        if day is None:
            raise DateError("a time without a day")
    if clock[:3] == [0, 0] or clock == [0, 0, 0]:
        clock = []  # midnight: spreadsheets write it for "no time"
    parts = [*known, *clock]
    names = ("month", "day", "hour", "minute", "second")
    return TimePoint(year, **dict(zip(names, parts, strict=False)), precision=Precision(len(parts)))


def _iso(value: str, order: DayOrder) -> TimePoint | None:
    match = _ISO.fullmatch(value)
    if match is None:
        return None
    year = match["year"]
    if len(year.lstrip("+-")) > 4 and year[0] not in "+-":
        return None  # 20250101 is not a year
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    return _point(int(year), month, day, match["hour"], match["minute"], match["second"], match["half"])


def _era(value: str, order: DayOrder) -> TimePoint | None:
    match = _ERA.fullmatch(value)
    if match is None:
        return None
    year = int(match["year"])
    return _point(1 - year if match["era"].upper().startswith("B") else year)


def _numeric(value: str, order: DayOrder) -> TimePoint | None:
    match = _NUMERIC.fullmatch(value)
    if match is None:
        return None
    a, b, c = int(match["a"]), int(match["b"]), int(match["c"])
    if len(match["a"]) > 2:
        year, month, day = a, b, c
    elif len(match["c"]) < 3:
        return None  # 04/20/14: which century?
    else:
        day_first = order is DayOrder.DAY_FIRST or (order is DayOrder.EITHER and a > 12 >= b)
        year, (month, day) = c, ((b, a) if day_first else (a, b))
    return _point(year, month, day, match["hour"], match["minute"], match["second"], match["half"])


def _words(value: str, order: DayOrder) -> TimePoint | None:
    for pattern in (_DAY_MONTH, _MONTH_DAY, _MONTH_YEAR):
        match = pattern.fullmatch(value)
        if match is None:
            continue
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            return None
        groups = match.groupdict()
        day = int(groups["day"]) if groups.get("day") else None
        return _point(int(match["year"]), month, day, groups.get("hour"), groups.get("minute"), groups.get("second"),
                      groups.get("half"))
    return None
