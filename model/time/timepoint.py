"""Points in time from -20 billion to +20 billion years, with their precision.

Python's ``datetime`` stops at years 1-9999, so a point is kept as calendar
fields (proleptic Gregorian, astronomical year numbering: year 0 is 1 BCE) and
converted to float seconds since 1970-01-01 UTC for plotting. Day arithmetic is
exact integer arithmetic at any year; float seconds keep day precision up to
about +-30 billion years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from model.errors import quoted

SECONDS_PER_DAY = 86_400
DAYS_PER_YEAR = 365.2425
SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY
MAX_ABS_YEAR = 20_000_000_000
DEEP_TIME_YEARS = 100_000
"""Years before which labels read "N years ago" instead of a calendar year."""

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)

_ISO = re.compile(
    r"^(?P<year>[+-][0-9]{1,11}|[0-9]{1,4})"
    r"(?:-(?P<month>[0-9]{2})"
    r"(?:-(?P<day>[0-9]{2})"
    r"(?:[T ](?P<hour>[0-9]{2})(?::(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?Z?)?)?)?$"
)
"""ISO 8601 with expanded years: beyond four digits a year needs its sign (+20250 or -13800000000)."""


class Precision(IntEnum):
    """How much of a date is known."""

    YEAR = 0
    MONTH = 1
    DAY = 2
    HOUR = 3
    MINUTE = 4
    SECOND = 5


class DateError(ValueError):
    """A date that cannot exist or cannot be read."""


def is_leap(year: int) -> bool:
    """Whether ``year`` (astronomical numbering) is a Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year``."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """Inverse of :func:`days_from_civil`."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


@dataclass(frozen=True, slots=True)
class TimePoint:
    """A calendar point with a precision; fields below the precision are 1 or 0."""

    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    second: int = 0
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        if not -MAX_ABS_YEAR <= self.year <= MAX_ABS_YEAR:
            raise DateError(f"year {self.year} is outside +-{MAX_ABS_YEAR:,}")
        if not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not 1-12")
        if not 1 <= self.day <= days_in_month(self.year, self.month):
            raise DateError(f"day {self.day} does not exist in {MONTH_NAMES[self.month - 1]} {self.year}")
        if not (0 <= self.hour < 24 and 0 <= self.minute < 60 and 0 <= self.second < 60):
            raise DateError(f"time {self.hour:02}:{self.minute:02}:{self.second:02} does not exist")

    @classmethod
    def parse(cls, text: str) -> TimePoint:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH[:MM[:SS]]`` (year may be signed)."""
        match = _ISO.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            plain = isinstance(text, str) and text.strip().isascii() and text.strip().isdigit()
            hint = "; years beyond 9999 need a sign, e.g. +20250" if plain else ""
            raise DateError(f"{quoted(str(text))} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD{hint})")
        parts = match.groupdict()
        known = [k for k in ("month", "day", "hour", "minute", "second") if parts[k] is not None]
        precision = Precision(len(known))
        fields = {k: int(parts[k]) for k in known}
        return cls(year=int(parts["year"]), precision=precision, **fields)

    @classmethod
    def from_seconds(cls, seconds: float, precision: Precision = Precision.DAY) -> TimePoint:
        """The point at ``seconds`` since 1970, truncated to ``precision``."""
        days, rest = divmod(int(seconds // 1), SECONDS_PER_DAY)
        year, month, day = civil_from_days(days)
        hour, rest = divmod(rest, 3600)
        minute, second = divmod(rest, 60)
        values = [month, day, hour, minute, second]
        defaults = [1, 1, 0, 0, 0]
        kept = [v if i < precision else d for i, (v, d) in enumerate(zip(values, defaults, strict=True))]
        return cls(year, kept[0], kept[1], kept[2], kept[3], kept[4], precision)

    @property
    def seconds(self) -> float:
        """Seconds since 1970-01-01 UTC at the start of this point."""
        days = days_from_civil(self.year, self.month, self.day)
        return float(days * SECONDS_PER_DAY + self.hour * 3600 + self.minute * 60 + self.second)

    def end_seconds(self) -> float:
        """Seconds at the end of the period this point names (a year, a month, a day...)."""
        if self.precision == Precision.YEAR:
            if self.year < MAX_ABS_YEAR:
                return TimePoint(self.year + 1, precision=Precision.YEAR).seconds
            return self.seconds + SECONDS_PER_YEAR
        if self.precision == Precision.MONTH:
            return self.seconds + days_in_month(self.year, self.month) * SECONDS_PER_DAY
        step = {Precision.DAY: SECONDS_PER_DAY, Precision.HOUR: 3600, Precision.MINUTE: 60}
        return self.seconds + step.get(self.precision, 1)

    def iso(self) -> str:
        """The point written as the file format writes it."""
        year = f"{self.year:04d}" if 0 <= self.year <= 9999 else f"{'-' if self.year < 0 else '+'}{abs(self.year):04d}"
        parts = [year, f"{self.month:02d}", f"{self.day:02d}"][: self.precision + 1]
        text = "-".join(parts)
        if self.precision >= Precision.HOUR:
            text += f"T{self.hour:02d}"
        if self.precision >= Precision.MINUTE:
            text += f":{self.minute:02d}"
        if self.precision >= Precision.SECOND:
            text += f":{self.second:02d}"
        return text

    def label(self) -> str:
        """Human reading as precise as known: "2024", "March 2024", "10 March 2025"."""
        year = year_label(self.year)
        if self.precision == Precision.YEAR or abs(self.year) >= DEEP_TIME_YEARS:
            return year
        month = MONTH_NAMES[self.month - 1]
        if self.precision == Precision.MONTH:
            return f"{month} {year}"
        text = f"{self.day} {month} {year}"
        if self.precision >= Precision.HOUR:
            text += f", {self.hour:02d}:{self.minute:02d}"
        return text


def short_label(point: TimePoint) -> str:
    """A compact reading as precise as known, for labels: "2024", "Mar 2024", "10 Mar 2025"."""
    year = year_label(point.year)
    if point.precision == Precision.YEAR or abs(point.year) >= DEEP_TIME_YEARS:
        return year
    month = MONTH_NAMES[point.month - 1][:3]
    if point.precision == Precision.MONTH:
        return f"{month} {year}"
    return f"{point.day} {month} {year}"


def short_span(start: TimePoint, end: TimePoint | None) -> str:
    """A compact date or range for labels: "10 Mar 2025", "27-28 Mar 2025", "Mar - Jun 2024", "2024"."""
    if end is None or end == start:
        return short_label(start)
    whole_year = (start.precision, end.precision) == (Precision.MONTH, Precision.MONTH) and (start.month, end.month) == (1, 12)
    if start.year == end.year and (whole_year or (start.precision, end.precision) == (Precision.YEAR, Precision.YEAR)):
        return short_label(TimePoint(start.year, precision=Precision.YEAR))
    if start.year == end.year and start.precision == end.precision and start.precision in (Precision.MONTH, Precision.DAY):
        first = short_label(start).rsplit(" ", 1)[0]
        if start.precision == Precision.DAY and start.month == end.month:
            return f"{start.day}-{short_label(end)}"
        return f"{first} - {short_label(end)}"
    return f"{short_label(start)} - {short_label(end)}"


def year_label(year: int) -> str:
    """A year as a reader expects it: "602", "500 BCE", "4.6 billion years ago"."""
    if year <= -DEEP_TIME_YEARS:
        return f"{magnitude(1 - year)} years ago"
    if year >= 1_000_000:
        return f"year {magnitude(year)}"
    if year <= 0:
        return f"{1 - year:,} BCE" if 1 - year >= 10_000 else f"{1 - year} BCE"
    return f"{year:,}" if year >= 10_000 else str(year)


def magnitude(value: float) -> str:
    """A large count in words with up to three significant digits: "4.6 billion"."""
    if abs(value) < 1e6:
        return f"{value:,.0f}"
    rounded = float(f"{value:.3g}")  # first, so 999,999,999 reads "1 billion", not "1e+03 million"
    size, word = (1e9, "billion") if abs(rounded) >= 1e9 else (1e6, "million")
    return f"{rounded / size:.3g} {word}"


def format_span(start: TimePoint, end: TimePoint | None) -> str:
    """A date or a range, as precise as known: "27-28 March 2025", "2024"."""
    if end is None or end == start:
        return start.label()
    same_month = (start.year, start.month) == (end.year, end.month)
    if start.precision == end.precision == Precision.DAY and same_month:
        return f"{start.day}-{end.label()}"
    if start.precision == end.precision == Precision.MONTH and start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]} – {end.label()}"
    return f"{start.label()} – {end.label()}"
