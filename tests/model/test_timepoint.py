"""Dates over +-20 billion years: parsing, arithmetic, labels."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.time.timepoint import DateError, Precision, TimePoint, days_from_civil, format_span, short_span, year_label


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("2024", "2024", Precision.YEAR),
        ("2024-03", "March 2024", Precision.MONTH),
        ("2025-03-10", "10 March 2025", Precision.DAY),
        ("2025-03-10T14:30", "10 March 2025, 14:30", Precision.MINUTE),
        ("-0499", "500 BCE", Precision.YEAR),
        ("0602", "602", Precision.YEAR),
        ("-13800000000", "13.8 billion years ago", Precision.YEAR),
        ("-4599999999", "4.6 billion years ago", Precision.YEAR),
    ],
)
def test_parse_and_label(text: str, label: str, precision: Precision) -> None:
    point = TimePoint.parse(text)
    assert point.label() == label
    assert point.precision == precision


@pytest.mark.parametrize("text", ["2025-02-30", "2023-02-29", "2025-13", "2025-00-10", "2025/03/10", "March 2025", "", "99999999999"])
def test_impossible_or_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        TimePoint.parse(text)


def test_leap_day_exists_in_leap_years_only() -> None:
    assert TimePoint.parse("2024-02-29").label() == "29 February 2024"
    assert TimePoint.parse("2000-02-29").day == 29
    with pytest.raises(DateError, match="does not exist"):
        TimePoint.parse("1900-02-29")


def test_seconds_match_datetime_where_datetime_works() -> None:
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    for text in ("2025-03-10", "1969-07-20", "0001-01-01", "9999-12-31"):
        point = TimePoint.parse(text)
        expected = (dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC) - epoch).total_seconds()
        assert point.seconds == expected


@given(st.integers(min_value=-19_999_999_999 * 365, max_value=19_999_999_999 * 365))
def test_days_round_trip_at_any_scale(days: int) -> None:
    point = TimePoint.from_seconds(days * 86_400.0)
    assert days_from_civil(point.year, point.month, point.day) == days


@given(st.integers(min_value=-20_000_000_000, max_value=20_000_000_000), st.integers(1, 12), st.integers(1, 28))
def test_order_is_kept_at_day_precision(year: int, month: int, day: int) -> None:
    point = TimePoint(year, month, day)
    later = TimePoint.from_seconds(point.seconds + 86_400)
    assert later.seconds > point.seconds
    assert (later.year, later.month, later.day) > (year, month, day)


def test_end_of_period() -> None:
    assert TimePoint.parse("2024").end_seconds() == TimePoint.parse("2025").seconds
    assert TimePoint.parse("2024-02").end_seconds() == TimePoint.parse("2024-03-01").seconds
    assert TimePoint.parse("2024-12-31").end_seconds() == TimePoint.parse("2025-01-01").seconds


def test_spans_read_naturally() -> None:
    assert format_span(TimePoint.parse("2025-03-27"), TimePoint.parse("2025-03-28")) == "27-28 March 2025"
    assert format_span(TimePoint.parse("2024-01"), TimePoint.parse("2024-12")) == "January – December 2024"
    assert format_span(TimePoint.parse("2024"), None) == "2024"


def test_year_labels() -> None:
    assert year_label(0) == "1 BCE"
    assert year_label(2025) == "2025"
    assert year_label(-65_999_999) == "66 million years ago"


@pytest.mark.parametrize(("start", "end", "text"), [
    ("2025-03-10", None, "10 Mar 2025"), ("2024-01", "2024-12", "2024"), ("2025-03-27", "2025-03-28", "27-28 Mar 2025"),
    ("2024-03", "2024-06", "Mar - Jun 2024"), ("2024-03-05", "2024-06-01", "5 Mar - 1 Jun 2024"), ("-0500", "-0400", "501 BCE - 401 BCE"),
    ("2023", "2025", "2023 - 2025"),
])
def test_short_spans_for_labels(start: str, end: str | None, text: str) -> None:
    assert short_span(TimePoint.parse(start), TimePoint.parse(end) if end else None) == text


def test_a_typed_date_only_day_first_can_read_is_read_day_first() -> None:
    from model.time.date_text import DayOrder, parse_date_text, parse_typed_date

    assert parse_typed_date("31/12/2024") == TimePoint(2024, 12, 31)  # refused before: "month 31 is not 1-12"
    assert parse_typed_date(" 03/04/2020 ") == TimePoint(2020, 3, 4)  # both readings work: month first, as documented
    assert parse_typed_date("12/31/2024") == TimePoint(2024, 12, 31)
    with pytest.raises(DateError, match="is not 1-12"):
        parse_typed_date("31/13/2024")
    with pytest.raises(DateError):  # importers keep the order they detected: a contradicting cell is still an error
        parse_date_text("31/12/2024", DayOrder.MONTH_FIRST)
