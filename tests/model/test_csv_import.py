"""TimelineJS spreadsheet CSV import: columns, delimiters, rows read as TimelineJS reads them, problems by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import TimelineError, warning_lines
from model.formats.csv_import import header_delimiter, load_csv, looks_like_csv, time_parts, timeline_from_csv
from model.timeline import Timeline

DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline,Text,Group,Type"


def problems(text: str) -> list[str]:
    with pytest.raises(TimelineError) as info:
        timeline_from_csv(text, "bad.csv")
    assert info.value.path == "bad.csv"
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="module")
def web() -> Timeline:
    return load_csv(DATA / "timeline.csv")


def test_title_row_gives_the_title(web: Timeline) -> None:
    assert (web.title, web.doc.description) == ("The Web", "How the World Wide Web began.")


def test_rows_become_events_read_as_timelinejs_reads_them(web: Timeline) -> None:
    assert [(e.id, e.start, e.end) for e in web.events] == [
        ("berners-lee-s-proposal", "1989-03-12", None),
        ("first-web-page", "1990-12-20T14:30", None),
        ("cern-puts-the-web-in-the-public-domain", "1993-04-30T14:30", None),
        ("mosaic-spreads", "1993-01", "1994"),
    ]
    assert 'slides without a start date were skipped (as TimelineJS skips them) (1): row 8, column "Year"' in warning_lines(
        web.warnings)


def test_quoted_multi_line_cells_keep_their_lines(web: Timeline) -> None:
    assert web.events[0].summary == '"Information Management: A Proposal"\nwritten at CERN.'


def test_groups_and_media_with_credit_and_caption(web: Timeline) -> None:
    assert [(lane.id, lane.name) for lane in web.lanes] == [("people", "People"), ("software", "Software")]
    assert web.doc.sources == [] and not any(e.quotes for e in web.events)
    media = web.events[0].media
    assert media is not None
    assert (media.url, media.credit, media.caption) == ("https://cds.cern.ch/record/1405411", "CERN", "Vague but exciting...")


def test_era_rows_become_eras(web: Timeline) -> None:
    assert [(era.title, era.start, era.end) for era in web.doc.eras] == [("The early web", "1989", "1995")]


def test_row_numbers_count_lines_of_the_file(web: Timeline) -> None:
    assert [w.where for w in web.warnings] == ['row 8, column "Year"']


def test_semicolons_a_bom_crlf_and_loose_header_names() -> None:
    timeline = load_csv(DATA / "timeline_semicolon.csv")
    assert [(e.title, e.start, e.summary) for e in timeline.events] == [
        ("Start of the war", "1914-07-28", "Austria-Hungary declares war; Serbia is shelled."),
        ("Armistice", "1918-11-11", "Fighting ends at 11:00."),
        ("Treaty of Versailles", "1919-06-28", ""),
    ]
    assert timeline.title == "timeline_semicolon"
    assert timeline.warnings == []


def test_tabs_and_unknown_columns() -> None:
    timeline = timeline_from_csv("year\theadline\tcolour\n2001\tA\tred\n", "t.tsv")
    assert [e.title for e in timeline.events] == ["A"]
    assert warning_lines(timeline.warnings) == ['unknown columns were ignored (1): column "colour"']


@pytest.mark.parametrize(("line", "delimiter"), [
    ("Year,Month,Headline", ","),
    ("Year;Headline;Text, with comma", ";"),
    ("YEAR\tHEADLINE", "\t"),
    ('"Year","End Year","Text"', ","),
    ("Year,Month,Day", None),
    ("id,title,start", None),
    ('{"events": []}', None),
])
def test_header_delimiter(line: str, delimiter: str | None) -> None:
    assert header_delimiter(line) == delimiter
    assert looks_like_csv(f"\n\n{line}\n1,2,3") is (delimiter is not None)


@pytest.mark.parametrize(("text", "parts"), [
    ("14:30", {"hour": 14, "minute": 30}),
    ("2:30 PM", {"hour": 14, "minute": 30}),
    ("12:05 am", {"hour": 0, "minute": 5}),
    ("12 p.m.", {"hour": 12}),
    ("9", {"hour": 9}),
    ("23:59:58", {"hour": 23, "minute": 59, "second": 58}),
    ("08:15:00.250", {"hour": 8, "minute": 15, "second": 0}),
    ("13:00 PM", None),
    ("noon", None),
    ("14h30", None),
])
def test_time_parts(text: str, parts: dict[str, int] | None) -> None:
    assert time_parts(text) == parts


def test_problems_name_the_row_and_column() -> None:
    text = "\n".join([
        HEADER,
        "2025,13,1,,,,,,Bad month,,,",
        '2025,2,30,,,,,,"Bad day, with a',
        'line break",,,',
        "2025,1,1,noon,,,,,Bad time,,,",
        "2025,1,1,25:00,,,,,Bad hour,,,",
        "2020,,,,2019,,,,End before start,,,",
        "2020,1,1,10:00,2020,1,1,09:00,End before start by time,,,",
        "MMXX,,,,,,,,Roman year,,,",
        "1990,,,,1980,,,,Era backwards,,,era",
    ])
    assert problems(text) == [
        'row 2, column "Month": 13 is not a month (expected 1-12)',
        'row 3, column "Day": 2025-02-30 does not exist (February 2025 has 28 days)',
        'row 5, column "Time": expected a time like 14:30 or 2:30 PM, found "noon"',
        'row 6, column "Time": 25 is not a valid hour (expected 0-23)',
        'row 9, column "Year": expected a whole number, found "MMXX"',
        'row 10, column "End Year": 1980 is not after the start 1990',
    ]


def test_an_end_before_the_start_is_dropped_with_a_warning() -> None:
    text = f"{HEADER}\n2020,,,,2019,,,,End before start,,,\n2020,1,1,10:00,2020,1,1,09:00,By time,,,\n"
    timeline = timeline_from_csv(text, "t.csv")
    assert [(e.start, e.end) for e in timeline.events] == [("2020", None), ("2020-01-01T10:00", None)]
    dropped = "ends before their start were dropped (the event is shown at its start)"
    assert [(str(w), w.kind) for w in timeline.warnings] == [
        ('row 2, column "End Year": 2019 is before the start 2020', dropped),
        ('row 3, column "End Time": 1 January 2020, 09:00 is before the start 1 January 2020, 10:00', dropped),
    ]


def test_month_names_and_deep_years_in_cells() -> None:
    timeline = timeline_from_csv('Year,Month,Headline\n"-13,800,000,000",,Big Bang\n2025,Sep,Now\n', "t.csv")
    assert [e.start for e in timeline.events] == ["-13799999999", "2025-09"]
    assert timeline.date_label(0) == "13.8 billion years ago"


def test_a_row_of_unknown_type_is_an_event_with_a_warning() -> None:
    timeline = timeline_from_csv(f"{HEADER}\n2020,,,,,,,,A,,,milestone\n", "t.csv")
    assert [e.title for e in timeline.events] == ["A"]
    assert warning_lines(timeline.warnings) == ['rows of an unknown Type were read as events (1): row 2, column "Type"']


def test_short_rows_and_blank_lines_are_fine() -> None:
    timeline = timeline_from_csv("Year,Month,Day,Headline,Text\n\n2020,5\n\n,,,\n2021,1,2,B\n", "t.csv")
    assert [(e.title, e.start) for e in timeline.events] == [("Untitled event", "2020-05"), ("B", "2021-01-02")]


def test_text_that_is_not_a_timelinejs_sheet_is_refused() -> None:
    expected = "row 1: expected a header row with TimelineJS columns (Year, Month, Day, Headline, Text...)"
    assert problems("id,title,start\n1,a,2020\n") == [expected]


def test_html_and_control_characters_become_plain_text() -> None:
    timeline = timeline_from_csv('Year,Headline,Text\n2020,"<b>Bold</b> &amp; \x1b[31mred","<p>One</p><p>Two\x07</p>"\n', "t.csv")
    event = timeline.events[0]
    assert (event.title, event.summary) == ("Bold & [31mred", "One\n\nTwo")


def test_a_row_csv_cannot_read_is_a_problem_with_its_row() -> None:
    text = 'Year,Headline,Text\n2020,A,short\n2021,B,"' + "x" * 200_000 + '"\n'
    assert problems(text) == ["row 3: cannot read the row: a cell is longer than 131,072 characters"]


def test_a_superscript_digit_in_a_year_cell_is_a_located_message_not_a_crash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from model.errors import TimelineError
    from model.formats.registry import open_timeline

    for year in ("²", "2025²"):  # digits to str.isdigit, not to int()
        path = tmp_path / "t.csv"
        path.write_text(f"Year,Headline\n{year},Something\n2025,Other\n", encoding="utf-8")
        with pytest.raises(TimelineError, match='row 2, column "Year"'):
            open_timeline(str(path))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", ",", '"', "\n", "\r", "\r\n", "\u2028", "\x0c", "é"]), max_size=60).map("".join),
       st.integers(1, 8))
def test_lines_handed_over_in_pieces_are_the_lines_of_the_whole(text: str, chunk: int) -> None:
    import io

    import model.formats.csv_import as csv_import

    original = csv_import.LINES_CHUNK
    csv_import.LINES_CHUNK = chunk
    try:
        assert list(csv_import._lines(text)) == list(io.StringIO(text, newline=""))
    finally:
        csv_import.LINES_CHUNK = original
