"""Fuzzing the new readers: any input loads or raises the app's located TimelineError, never another exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.errors import TimelineError
from model.formats.registry import detect_format
from model.formats.spreadsheet import timeline_from_spreadsheet
from model.formats.timeline_xml import parse_xml, timeline_from_xml
from model.formats.timelinejs import timeline_from_timelinejs
from model.formats.vis_timeline import timeline_from_vis
from model.time.date_text import DayOrder, parse_date_text
from model.time.timepoint import DateError
from model.timeline import Timeline

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.floats(allow_nan=True) | st.text(max_size=12)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
date_texts = st.sampled_from(["2014-04-20", "2014-04-20T10:00:00Z", "20/04/2014", "1848", "-500", "March 1848", "", "x",
                              "2014-13-40", "44197", "1e9", "+99999999999", "31/02/2020 25:61", "500 BC", "9999999999999"])


def loads_or_refuses(action: Any, *args: Any) -> Timeline | None:
    """A timeline, or a TimelineError with located problems; any other exception fails the test."""
    try:
        return action(*args)  # type: ignore[no-any-return]
    except TimelineError as exc:
        error = exc
    assert error.problems and all(isinstance(p.where, str) and p.message for p in error.problems)
    return None


def xml_reader(text: str) -> Timeline:
    return timeline_from_xml(parse_xml(text, "f.timeline"), "f.timeline")


SAMPLE_XML = (FORMATS / "house.timeline").read_text(encoding="utf-8")
TAGS = ["timeline", "events", "event", "start", "end", "text", "category", "categories", "name", "color", "eras", "era",
        "fuzzy", "ends_today", "now", "timetype", "progress", "description", "hyperlink"]
xml_leaves = st.sampled_from(["2020-01-01 00:00:00", "2019-13-01 00:00:00", "True", "False", "[1]Box", "(1)Sub", "(9)x",
                              "255,0,0", "a,b,c", "", "gregoriantime", "numtime", "&amp;", "9999999999-01-01 00:00:00"])


@st.composite
def xml_documents(draw: st.DrawFn) -> str:
    def element(depth: int) -> str:
        tag = draw(st.sampled_from(TAGS))
        if depth > 3 or draw(st.booleans()):
            return f"<{tag}>{draw(xml_leaves)}</{tag}>"
        children = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 4))))
        return f"<{tag}>{children}</{tag}>"

    return f"<timeline>{''.join(element(1) for _ in range(draw(st.integers(0, 5))))}</timeline>"


@FAST
@given(xml_documents())
def test_timeline_xml_of_any_shape_loads_or_refuses(text: str) -> None:
    loads_or_refuses(xml_reader, text)


@FAST
@given(st.integers(0, len(SAMPLE_XML) - 1), st.text(max_size=6))
def test_timeline_xml_with_any_splice_loads_or_refuses(at: int, junk: str) -> None:
    loads_or_refuses(xml_reader, SAMPLE_XML[:at] + junk + SAMPLE_XML[at:])


vis_items = st.fixed_dictionaries({}, optional={
    "id": scalars, "content": scalars | st.just("<b>x</b>"), "start": date_texts | scalars, "end": date_texts | scalars,
    "group": scalars, "type": st.sampled_from(["box", "point", "range", "background", 5]), "title": scalars})


@FAST
@given(st.lists(vis_items, max_size=6) | st.fixed_dictionaries({"items": st.lists(vis_items, max_size=5) | json_values},
                                                                optional={"groups": json_values}))
def test_vis_data_loads_or_refuses(raw: Any) -> None:
    loads_or_refuses(timeline_from_vis, raw, "v.json")


@FAST
@given(json_values)
def test_any_json_through_detection_loads_or_refuses(raw: Any) -> None:
    text = json.dumps(raw)

    def detect_then_read(text: str) -> Timeline | None:
        kind, decoded = detect_format(text, "j.json")
        if kind.name == "VIS":
            return timeline_from_vis(decoded, "j.json")
        if kind.name == "TIMELINEJS":
            return timeline_from_timelinejs(decoded, "j.json")
        return None

    loads_or_refuses(detect_then_read, text)


tl2_dates = st.fixed_dictionaries({}, optional={
    "startDate": date_texts | st.sampled_from(["2011,05,05", "2011,5", "2011,13,1", "x,y", "2011,05,05,10,30"]) | scalars,
    "endDate": date_texts | scalars, "headline": scalars, "text": scalars, "tag": scalars,
    "asset": st.fixed_dictionaries({}, optional={"media": scalars, "credit": scalars, "caption": scalars}) | scalars})


@FAST
@given(st.lists(tl2_dates, max_size=5), st.lists(tl2_dates, max_size=3) | scalars)
def test_timelinejs2_loads_or_refuses(dates: list[Any], eras: Any) -> None:
    raw = {"timeline": {"headline": "h", "type": "default", "date": dates, "era": eras}}
    loads_or_refuses(timeline_from_timelinejs, raw, "tl2.json")


cells = date_texts | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=10) \
    | st.sampled_from(['"', '""', ",", ";", "\t", "\n", "\r\n", "3 days", "Arc A|B"])
headers = st.lists(st.sampled_from(["date", "Date", "end_date", "title", "Event", "description", "group", "EventID",
                                    "Start Date", "Duration", "Arc", "Participant", "Tags", "when", "x", ""]),
                   min_size=1, max_size=6)


@FAST
@given(headers, st.lists(st.lists(cells, max_size=7), max_size=6), st.sampled_from([",", ";", "\t"]))
def test_spreadsheets_load_or_refuse(header: list[str], rows: list[list[str]], delimiter: str) -> None:
    text = "\n".join(delimiter.join(row) for row in [header, *rows])
    loads_or_refuses(timeline_from_spreadsheet, text, "s.csv")


@FAST
@given(st.text(max_size=80))
def test_any_text_through_detection_loads_or_refuses(text: str) -> None:
    def detect_only(text: str) -> None:
        detect_format(text, "t.txt")

    loads_or_refuses(detect_only, text)


@FAST
@given(st.text(max_size=30), st.sampled_from(list(DayOrder)))
def test_date_text_parses_or_raises_date_error(text: str, order: DayOrder) -> None:
    try:
        point = parse_date_text(text, order)
    except DateError:
        return
    assert parse_date_text(point.iso(), order) == point
