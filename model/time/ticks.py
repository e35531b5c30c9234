"""Time-axis ticks that read naturally at every scale, from billions of years to minutes."""

from __future__ import annotations

import math
from dataclasses import dataclass

from model.time.timepoint import (
    DEEP_TIME_YEARS,
    MAX_ABS_YEAR,
    MONTH_NAMES,
    SECONDS_PER_DAY,
    SECONDS_PER_YEAR,
    Precision,
    TimePoint,
    days_from_civil,
    year_label,
)

MIN_SPACING_PX = 95.0
CHAR_PX = 6.5
"""A generous average width of one axis-label character, for spacing long labels."""
CONTEXT_MARGIN_PX = 45.0
"""The first tick this far in from the left edge carries the year (a label nearer the edge may be clipped)."""
_SUB_DAY = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
_DAYS = (1, 2, 7, 14)
_MONTHS = (1, 2, 3, 6)


FIRST_SECONDS = TimePoint(-MAX_ABS_YEAR).seconds + 3600
LAST_SECONDS = TimePoint(MAX_ABS_YEAR, 12, 31).end_seconds() - 3600
"""The span of time ticks are placed in: the years the model has dates for (within +-20 billion), less an hour at
each end, where a float's seconds are 128 apart and a tick could round into a year that has no date."""


@dataclass(frozen=True)
class Tick:
    """A labelled position on the time axis, in seconds since 1970."""

    seconds: float
    label: str


def ticks(lo: float, hi: float, width_px: float, min_spacing: float = MIN_SPACING_PX) -> list[Tick]:
    """Major ticks for [lo, hi] drawn ``width_px`` wide, at least ``min_spacing`` apart and wide enough for their labels."""
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo and (lo < FIRST_SECONDS or hi > LAST_SECONDS):
        inside = max(lo, FIRST_SECONDS), min(hi, LAST_SECONDS)  # no date exists outside: tick only what does
        if inside[1] <= inside[0]:
            return []
        width_px *= (inside[1] - inside[0]) / (hi - lo)
        lo, hi = inside
    found = _ticks(lo, hi, width_px, min_spacing)
    needed = max((len(t.label) for t in found), default=0) * CHAR_PX + 16
    if needed > min_spacing and len(found) > 1 and (found[1].seconds - found[0].seconds) * width_px / (hi - lo) < needed:
        found = _ticks(lo, hi, width_px, needed)
    return found


def _ticks(lo: float, hi: float, width_px: float, min_spacing: float) -> list[Tick]:
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or width_px <= 0:
        return []
    min_step = (hi - lo) * min_spacing / width_px
    context = lo + (hi - lo) * CONTEXT_MARGIN_PX / width_px
    for step in _SUB_DAY:
        if step >= min_step:
            return _sub_day_ticks(lo, hi, step, context)
    for days in _DAYS:
        if days * SECONDS_PER_DAY >= min_step:
            return _day_ticks(lo, hi, days, context)
    for months in _MONTHS:
        if months * 30.44 * SECONDS_PER_DAY >= min_step:
            return _month_ticks(lo, hi, months, context)
    return _year_ticks(lo, hi, nice_years(min_step / SECONDS_PER_YEAR))


def nice_years(minimum: float) -> int:
    """The smallest 1-2-5 step of whole years that is at least ``minimum``."""
    exponent = 10 ** max(0, math.floor(math.log10(max(minimum, 1.0))))
    for factor in (1, 2, 5, 10):
        if factor * exponent >= minimum:
            return int(factor * exponent)
    return int(10 * exponent)


FIRST_SECOND = TimePoint(-MAX_ABS_YEAR).seconds
LAST_SECOND = TimePoint(MAX_ABS_YEAR, 12, 31).seconds
DEEP_STEP = 1_000_000
"""Tick steps of this many years or more read as amounts of time on both sides of year 1."""


def _year_of(seconds: float) -> int:
    clamped = max(min(seconds, LAST_SECOND), FIRST_SECOND)
    return TimePoint.from_seconds(clamped, Precision.YEAR).year


def _year_ticks(lo: float, hi: float, step: int) -> list[Tick]:
    """Ticks on round years; before year 1 they fall on round BCE years (display year -500 is 500 BCE)."""
    shown = _display_year(_year_of(lo))
    shown = math.ceil(shown / step) * step
    out: list[Tick] = []
    while len(out) < 200:
        year = shown if shown > 0 else shown + 1
        if abs(year) > MAX_ABS_YEAR:
            break
        seconds = days_from_civil(year, 1, 1) * SECONDS_PER_DAY
        if seconds > hi:
            break
        if seconds >= lo and not (shown == 0 and step == 1):  # display year 0 is 1 CE: the era boundary
            out.append(Tick(float(seconds), _year_tick_label(year, step)))
        shown += step
    if step < DEEP_STEP and any(t.label.endswith("BCE") for t in out):  # both eras in sight: name both
        out = [t if t.label.endswith("BCE") else Tick(t.seconds, f"{t.label} CE") for t in out]
    return out


def _display_year(year: int) -> int:
    return year if year > 0 else year - 1


def _year_tick_label(year: int, step: int) -> str:
    if step >= DEEP_STEP:
        if year == 1:
            return "year 1"
        return f"{_amount(1 - year, step)} years ago" if year < 1 else f"in {_amount(year, step)} years"
    if step >= 1000 and year > -100_000 and year < 1_000_000:
        return year_label(year) if year > 0 else f"{1 - year:,} BCE"
    if year <= -DEEP_TIME_YEARS:
        return f"{_amount(1 - year, step)} years ago"
    if year >= 1_000_000:
        return f"year {_amount(year, step)}"
    return year_label(year)


def _amount(value: int, step: int) -> str:
    """A count in millions or billions with as many decimals as the step needs: 11.42 billion when step is 10 million."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            decimals = max(0, math.ceil(-math.log10(step / size) - 1e-9)) if step < size else 0
            if decimals > 6:  # steps of a few years among billions: the whole number reads better
                return f"{value:,}"
            return f"{round(value / size, decimals):.{decimals}f} {word}"
    return f"{value:,}"


def _month_ticks(lo: float, hi: float, months: int, context: float) -> list[Tick]:
    start = TimePoint.from_seconds(lo, Precision.MONTH)
    index = start.year * 12 + start.month - 1
    index = math.ceil(index / months) * months
    out: list[Tick] = []
    told = False
    while len(out) < 200:
        year, month0 = divmod(index, 12)
        seconds = days_from_civil(year, month0 + 1, 1) * SECONDS_PER_DAY
        if seconds > hi:
            break
        if seconds >= lo:
            name = MONTH_NAMES[month0][:3]
            show_year = (not told and seconds >= context) or month0 == 0
            told = told or (show_year and seconds >= context)
            out.append(Tick(float(seconds), f"{name} {year_label(year)}" if show_year else name))
        index += months
    return out


def _day_ticks(lo: float, hi: float, days: int, context: float) -> list[Tick]:
    first_day = math.ceil(lo / SECONDS_PER_DAY)
    anchor = 4 if days >= 7 else 0  # 1970-01-05 was a Monday: weekly ticks fall on Mondays
    first_day += (anchor - first_day) % days
    out: list[Tick] = []
    told = False
    day = first_day
    while day * SECONDS_PER_DAY <= hi and len(out) < 200:
        point = TimePoint.from_seconds(day * SECONDS_PER_DAY)
        text = f"{point.day} {MONTH_NAMES[point.month - 1][:3]}"
        if (not told and day * SECONDS_PER_DAY >= context) or (point.month == 1 and point.day <= days):
            told = told or day * SECONDS_PER_DAY >= context
            text += f" {year_label(point.year)}"
        out.append(Tick(float(day * SECONDS_PER_DAY), text))
        day += days
    return out


def _sub_day_ticks(lo: float, hi: float, step: int, context: float) -> list[Tick]:
    first = math.ceil(lo / step) * step
    if first < lo:  # lo / step underflowed to 0
        first += step
    out: list[Tick] = []
    told = False
    value = first
    while value <= hi and len(out) < 200:
        point = TimePoint.from_seconds(value, Precision.MINUTE)
        clock = f"{point.hour:02d}:{point.minute:02d}"
        if (not told and value >= context) or (point.hour == 0 and point.minute == 0):
            told = told or value >= context
            clock = f"{point.day} {MONTH_NAMES[point.month - 1][:3]} {year_label(point.year)}, {clock}"
        out.append(Tick(float(value), clock))
        value += step
    return out
