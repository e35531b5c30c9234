"""Opening what people bring: TimelineJS as TimelineJS reads it, and the files of other timeline tools."""

from __future__ import annotations

import json
import time
from pathlib import Path

import msgspec
import numpy as np
import pytest

from model.errors import Problem, TimelineError, group_problems, warning_lines, warning_summary
from model.formats import reader, timeline_xml
from model.formats.csv_import import timeline_from_csv
from model.formats.registry import FileFormat, detect_format, encode_timeline, open_timeline, save_timeline
from model.formats.timelinejs import timeline_from_timelinejs
from model.layout.palette import LANE_COLORS
from model.timeline import Timeline
from resources import SCHEMA, resource

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"

KINDS = {
    "timelinejs3_media.json": FileFormat.TIMELINEJS,
    "timelinejs_welcome.json": FileFormat.TIMELINEJS,
    "timelinejs2.json": FileFormat.TIMELINEJS,
    "timelinejs_sep_titles.csv": FileFormat.CSV,
    "house.timeline": FileFormat.TIMELINE_XML,
    "vis_items.json": FileFormat.VIS,
    "vis_groups.json": FileFormat.VIS,
    "aeon_export.csv": FileFormat.SPREADSHEET,
    "spreadsheet_date_content.csv": FileFormat.SPREADSHEET,
    "spreadsheet_dmy.tsv": FileFormat.SPREADSHEET,
    "spreadsheet_year_title_group.csv": FileFormat.SPREADSHEET,
    "collectionbuilder.csv": FileFormat.SPREADSHEET,
    "excel_serial.csv": FileFormat.SPREADSHEET,
}


def opened(name: str) -> Timeline:
    return open_timeline(FORMATS / name)


def refusal(tmp_path: Path, text: str, name: str = "mystery.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TimelineError) as info:
        open_timeline(path)
    return str(info.value)


def titles(timeline: Timeline) -> list[str]:
    return [event.title for event in timeline.events]


def test_every_sample_is_a_sample_of_its_format() -> None:
    assert sorted(p.name for p in FORMATS.iterdir() if p.is_file()) == sorted(KINDS)
    for name, kind in KINDS.items():
        text = (FORMATS / name).read_bytes().decode("utf-8-sig")
        assert detect_format(text, name)[0] is kind, name
        assert opened(name).events, name


# --- TimelineJS, as TimelineJS reads it -------------------------------------------------------


def test_later_title_rows_are_events_with_timelinejs_warning() -> None:
    timeline = opened("timelinejs_sep_titles.csv")
    assert timeline.title == "The Web"
    assert titles(timeline) == ["Proposal", "First page", "Second title row"]
    assert warning_lines(timeline.warnings) == [
        "multiple title slides detected; the first is the title, later ones were read as events (1): row 6"]


def test_captions_and_credits_are_media_not_quotes() -> None:
    timeline = opened("timelinejs3_media.json")
    assert timeline.doc.sources == [] and timeline.quote_checks == {}
    media = timeline.events[0].media
    assert media is not None
    assert (media.url, media.caption, media.credit, media.alt) == (
        "images/portrait.png", "Portrait by Alfred Edward Chalon", "Wikimedia Commons", "A painted portrait")
    assert timeline.events[1].media is not None and timeline.events[1].media.link == "https://example.org/story"


def test_alt_text_column_is_read_not_reported() -> None:
    timeline = opened("timelinejs_sep_titles.csv")
    media = timeline.events[0].media
    assert media is not None and (media.alt, media.credit, media.caption) == ("A man at a desk", "CERN", "Tim Berners-Lee")
    assert not any("column" in w.kind for w in timeline.warnings)


def test_display_dates_keep_the_authors_words() -> None:
    timeline = opened("timelinejs3_media.json")
    assert [e.display_date for e in timeline.events] == ["c. 610", "15 avril 2002 \u2013 2 mai 2002", "Spring 1848"]
    assert timeline.shown_date(1) == "15 avril 2002 \u2013 2 mai 2002"
    assert timeline.date_label(1) == "15 April 2002 \u2013 2 May 2002"
    assert opened("collectionbuilder.csv").events[1].display_date == "1914\u20131918"


def test_timelinejs_ends_are_instants_so_adjacent_eras_meet() -> None:
    timeline = opened("timelinejs3_media.json")
    assert timeline.doc.ends == "instant"
    (_, first_end), (second_start, _) = timeline.era_times()
    assert first_end == second_start  # 650 ends where 650 begins: no overlap
    spring = timeline.event_by_id["printemps"]
    row = timeline.index.event_row[spring]
    assert timeline.index.end[row] - timeline.index.true_start[row] == 17 * 86_400  # 15 April to 2 May, not 18 days


def test_the_own_format_keeps_inclusive_ends(tmp_path: Path) -> None:
    path = tmp_path / "own.json"
    path.write_text(json.dumps({"title": "t", "events": [], "eras": [
        {"title": "A", "start": "0600", "end": "0650"}, {"title": "B", "start": "0650", "end": "0700"}]}))
    timeline = open_timeline(path)
    assert timeline.doc.ends == "inclusive"
    (_, first_end), (second_start, _) = timeline.era_times()
    assert first_end - second_start == pytest.approx(365 * 86_400)  # 650 is in both: they overlap by that year


def test_an_imported_timeline_saves_and_reopens_with_media_display_dates_and_ends(tmp_path: Path) -> None:
    imported = opened("timelinejs3_media.json")
    saved = tmp_path / "saved.json"
    save_timeline(imported, saved)
    raw = json.loads(saved.read_text(encoding="utf-8"))
    assert raw["ends"] == "instant" and raw["events"][0]["media"]["alt"] == "A painted portrait"
    reopened = open_timeline(saved)
    assert msgspec.to_builtins(reopened.doc) == msgspec.to_builtins(imported.doc)
    assert np.array_equal(reopened.era_times(), imported.era_times())


def test_saved_imports_follow_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resource(SCHEMA).read_text(encoding="utf-8"))
    for name in KINDS:
        jsonschema.validate(json.loads(encode_timeline(opened(name))), schema)


def test_bad_ends_value_in_the_own_format_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "own.json"
    path.write_text(json.dumps({"format": "timeline-viewer/1", "title": "t", "events": [], "ends": "exclusive"}))
    with pytest.raises(TimelineError, match="ends: expected 'inclusive' or 'instant', found 'exclusive'"):
        open_timeline(path)


def test_a_title_slide_without_headline_takes_its_texts_first_line() -> None:
    timeline = opened("timelinejs3_media.json")
    assert timeline.title == "Early medieval Arabia"
    assert timeline.doc.description == "Eras as TimelineJS draws them, with the authors' own dates."


def test_empty_keys_spreadsheet_exporters_write_say_nothing() -> None:
    timeline = opened("timelinejs3_media.json")
    assert [w.kind for w in timeline.warnings] == ["slides without a start date were skipped (as TimelineJS skips them)"]


def test_the_timeline_wrapping_with_slides_is_read() -> None:
    timeline = opened("timelinejs_welcome.json")
    assert timeline.title == "Welcome to TimelineJS"
    assert titles(timeline) == ["TimelineJS launches", "TimelineJS3"]
    assert timeline.warnings == []


def test_timelinejs_2_is_read() -> None:
    timeline = opened("timelinejs2.json")
    assert (timeline.title, timeline.doc.description) == ("Sh*t People Say", "People say stuff")
    assert [(e.start, e.end) for e in timeline.events] == [("2011-12-10", "2011-12-11"), ("2012-01-26", None), ("2012", None)]
    assert timeline.lane_names(0) == ["This is Optional"]
    media = timeline.events[0].media
    assert media is not None and (media.credit, media.caption) == ("Credit Name Goes Here", "Caption text goes here")
    assert [(era.title, era.start, era.end) for era in timeline.doc.eras] == [("Headline Goes Here", "2011-12-10", "2011-12-11")]


def test_timelinejs_2_bad_dates_are_located() -> None:
    raw = {"timeline": {"headline": "x", "date": [{"startDate": "2011,13,05", "headline": "bad"}]}}
    with pytest.raises(TimelineError) as info:
        timeline_from_timelinejs(raw, "tl2.json")
    assert [str(p) for p in info.value.problems] == ["timeline.date[0].start_date.month: 13 is not a month (expected 1-12)"]


def test_sep_line_semicolons_tabs_and_excel_serial_dates() -> None:
    timeline = opened("excel_serial.csv")
    assert [(e.title, e.start) for e in timeline.events] == [
        ("Neujahr 2021", "2021-01-01"), ("Mittag", "2021-03-01T12:00"), ("April", "2021-04-14")]
    assert timeline.events[2].summary == "Text; with a semicolon"
    assert [e.start for e in opened("spreadsheet_dmy.tsv").events] == ["1969-07-20", "1961-04-12", "1957-10-04"]


# --- issue 9's parser items ----------------------------------------------------------------------


def test_a_first_line_over_the_csv_limit_is_a_located_message(tmp_path: Path) -> None:
    message = refusal(tmp_path, "Year,Headline," + "x" * 200_000 + "\n2020,A,b\n")
    assert "line 1: found text whose first line is 200,014 characters long" in message
    assert FileFormat.VIS.value in message


def test_an_unterminated_quote_is_refused_not_merged(tmp_path: Path) -> None:
    text = 'Year,Month,Day,Headline,Text\n2020,1,1,"Opening of the bridge,The mayor spoke\n2021,2,2,Second event,More\n'
    message = refusal(tmp_path, text, "t.csv")
    assert 'row 2, column "Headline": a quote (") opened here is not closed before line 3' in message
    spreadsheet = 'date,title\n2020-01-01,"Unclosed\n2021-01-01,Swallowed\n'
    assert 'row 2, column "title": a quote (") opened here is not closed before line 3' in refusal(tmp_path, spreadsheet, "s.csv")


def test_quoted_cells_may_still_run_over_lines(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text('Year,Headline,Text\n2020,A,"one line\nand another, with a comma"\n2021,B,c\n', encoding="utf-8")
    assert titles(open_timeline(path)) == ["A", "B"]


def test_slides_without_dates_say_so(tmp_path: Path) -> None:
    message = refusal(tmp_path, json.dumps({"events": [{"text": {"headline": "a"}}, {"text": {"headline": "b"}}]}), "t.json")
    assert "none of the 2 slides has a start_date with a year" in message
    assert "title: is missing" not in message


# --- the other tools ----------------------------------------------------------------------------


def test_timeline_app_xml() -> None:
    timeline = opened("house.timeline")
    assert [(lane.name, lane.color) for lane in timeline.lanes] == [
        ("Building the house", LANE_COLORS[0]), ("Family", "#ffa500"), ("Work", "#6495ed")]
    assert titles(timeline) == ["Foundations", "Walls & roof", "Bought the plot", "Architect drafts the plans", "Moving in"]
    by_id = {e.id: e for e in timeline.events}
    assert (by_id["bought-the-plot"].start, by_id["bought-the-plot"].end) == ("2019-03-14T09:30", None)
    assert by_id["bought-the-plot"].summary == "Signed at the notary's office.\nSecond line."
    assert by_id["bought-the-plot"].link == "https://example.org/plot"
    assert by_id["architect-drafts-the-plans"].notes == ["The dates are uncertain (fuzzy in the Timeline file)."]
    assert by_id["moving-in"].end == "2020-03-01T12:00"  # ends today: the file's <now>
    assert by_id["walls-roof"].notes == ["Progress: 40%"]
    assert [(era.title, era.start, era.end) for era in timeline.doc.eras] == [
        ("Planning", "2019-01-01", "2019-06-01"), ("Building", "2019-06-01", "2020-03-01")]
    assert timeline.doc.ends == "instant"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<timeline><events><event><start>2020-01-01 00:00:00</start><end>2020-01-01 00:00:00</end><text>&lol9;</text></event></events></timeline>
"""


def test_billion_laughs_is_refused_before_any_entity_is_expanded(tmp_path: Path) -> None:
    message = refusal(tmp_path, BILLION_LAUGHS, "lol.timeline")
    assert "line 2: the XML has a document type declaration (<!DOCTYPE ...>)" in message


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           "<timeline><events><event><start>2020-01-01 00:00:00</start><end>2020-01-01 00:00:00</end>"
           "<text>&x;</text></event></events></timeline>")
    message = refusal(tmp_path, xxe, "xxe.timeline")
    assert "document type declaration" in message and "do not read me" not in message


def test_other_xml_and_broken_xml_are_refused_saying_what_was_found(tmp_path: Path) -> None:
    svg = refusal(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "a.svg")
    assert "found an XML document whose root is <svg>" in svg and FileFormat.TIMELINE_XML.value in svg
    broken = refusal(tmp_path, "<timeline><events></timeline>", "b.timeline")
    assert "line 1, column 21: invalid XML: mismatched tag" in broken


def test_other_time_types_are_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, "<timeline><timetype>numtime</timetype><events/></timeline>", "n.timeline")
    assert "<timetype>: 'numtime' time has no calendar dates" in message


def test_vis_timeline_list_of_items() -> None:
    timeline = opened("vis_items.json")
    assert titles(timeline)[:3] == ["item 1", "item 2", "item 3 with markup"]
    assert timeline.events[2].summary == "A tooltip"
    assert [(e.start, e.end) for e in timeline.events if e.end] == [
        ("2014-04-16", "2014-04-19"), ("2014-04-27T10:00:00", "2014-04-27T16:30:00")]
    assert [(era.title, era.start, era.end) for era in timeline.doc.eras] == [("Holiday", "2014-04-21", "2014-04-23")]


def test_vis_timeline_groups_become_lanes_named_by_their_content() -> None:
    timeline = opened("vis_groups.json")
    assert [lane.name for lane in timeline.lanes] == ["Truck 1", "Truck 2", "Drivers"]
    assert [timeline.lane_names(i)[0] for i in range(4)] == ["Truck 1", "Truck 2", "Truck 1", "Drivers"]
    assert (timeline.events[0].title, timeline.events[0].start, timeline.events[0].end) == (
        "Delivery Amsterdam", "2014-04-20", "2014-04-20T12:00:00")


def test_aeon_lanes_from_arc_else_participant() -> None:
    timeline = opened("aeon_export.csv")
    assert [timeline.lane_names(i) for i in range(4)] == [["Book 1"], ["Book 1"], ["Harry"], ["Book 2"]]
    assert [e.id for e in timeline.events] == ["E1", "E2", "E3", "E4"]
    assert [(e.start, e.end) for e in timeline.events] == [
        ("1991-09-01T19:00", "1991-09-01T22:00"), ("1991-11-09T11:00", "1991-11-09T13:00"), ("1991-12-25", None),
        ("1992-07-01", "1992-09-01")]  # the second from its Duration, "2 hours"
    used = timeline.warnings[0].message
    assert used.startswith("read as an Aeon Timeline export: date from \"Start Date\"")
    assert 'lanes from "Arc", else "Participant", else "Tags"' in used


@pytest.mark.parametrize(("name", "used"), [
    ("spreadsheet_date_content.csv", 'date from "date", title from "content"'),
    ("spreadsheet_dmy.tsv", 'date from "Date", title from "Event", description from "Description"'),
    ("spreadsheet_year_title_group.csv", 'date from "year", title from "title", lanes from "group"'),
    ("collectionbuilder.csv", 'date from "date", end from "end_date", title from "title", description from "description", '
                              'lanes from "group", display date from "display_date"'),
])
def test_spreadsheet_columns_are_told_from_headers_and_said(name: str, used: str) -> None:
    first = opened(name).warnings[0]
    assert (first.kind, first.where) == ("columns read", "row 1")
    assert first.message == f"read as a spreadsheet of dated rows: {used}"


def test_a_date_column_is_found_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("what,when\nStorming,14 July 1789\nCommune,March 1871\n", encoding="utf-8")
    timeline = open_timeline(path)
    assert [(e.title, e.start) for e in timeline.events] == [("Storming", "1789-07-14"), ("Commune", "1871-03")]


def test_spreadsheet_rows_that_cannot_be_placed_are_counted_not_silent() -> None:
    timeline = opened("spreadsheet_year_title_group.csv")
    assert warning_lines(timeline.warnings)[1] == 'rows without a date were skipped (1): row 5, column "year"'


def test_warnings_group_by_kind_with_counts(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("date,title\n" + "".join(f"someday,{i}\n" for i in range(30)) + "2020,ok\n", encoding="utf-8")
    groups = group_problems(open_timeline(path).warnings)
    assert [(g.kind, g.count) for g in groups][1] == ("rows whose date cannot be read were skipped", 30)
    assert groups[1].line().endswith("and 25 more")


def test_refusals_say_what_was_found_and_list_the_formats(tmp_path: Path) -> None:
    message = refusal(tmp_path, json.dumps([{"id": i, "name": "x", "when": "soon"} for i in range(12)]), "l.json")
    assert "found a JSON list of 12 objects with keys id, name, when, and no start date field" in message
    assert all(kind.value in message for kind in FileFormat)


def test_the_size_limit_applies_to_every_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 60)
    for name in KINDS:
        with pytest.raises(TimelineError, match="the limit is 60 bytes"):
            opened(name)


def test_year_cells_holding_excel_serials_or_whole_dates_are_read_as_dates() -> None:
    timeline = timeline_from_csv("Year,Month,Day,Headline\n44197,,,Serial\n2021-03-04,,,ISO\n1848,3,,Plain\n", "t.csv")
    assert [e.start for e in timeline.events] == ["2021-01-01", "2021-03-04", "1848-03"]
    assert [str(w) for w in timeline.warnings] == [
        'row 2, column "Year": "44197" was read as 1 January 2021', 'row 3, column "Year": "2021-03-04" was read as 4 March 2021']


def test_a_sheet_without_a_header_is_refused_not_read_losing_its_first_row(tmp_path: Path) -> None:
    message = refusal(tmp_path, "2020-01-01,New year\n2020-02-01,February\n", "h.csv")
    assert "line 1: found text whose first line '2020-01-01,New year' is not a header with a date column" in message


def test_warning_lines_and_summary_group_records_and_plain_strings() -> None:
    warnings = [Problem("row 2", "kind a", "kind a"), Problem("row 3", "kind a", "kind a"),
                Problem("row 4", "19 is not a month", "months"), "said without a place"]
    assert warning_lines(warnings) == ["kind a (2): row 2, row 3", "months (1): row 4: 19 is not a month", "said without a place"]
    assert warning_summary(warnings) == "4 import warnings: kind a (2), months (1), said without a place (1)"


def test_many_slides_with_one_headline_get_ids_in_linear_time() -> None:
    raw = {"events": [{"start_date": {"year": 2020}, "text": {"headline": "Meeting"}} for _ in range(30_000)]}
    began = time.perf_counter()
    timeline = timeline_from_timelinejs(raw, "same.json")
    assert time.perf_counter() - began < 10  # a watchdog: the quadratic way took minutes
    assert [e.id for e in timeline.events[:3]] == ["meeting", "meeting-2", "meeting-3"]
    assert timeline.events[-1].id == "meeting-30000"


def test_xml_has_its_own_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline_xml, "MAX_XML_CHARS", 1000)
    with pytest.raises(TimelineError, match="XML timelines are read whole, so the limit for them is 1,000 characters"):
        opened("house.timeline")


def test_control_and_bidi_characters_never_reach_the_model(tmp_path: Path) -> None:
    evil = "\u202egnp.exe\u2066"  # XML cannot carry C0 controls; bidi overrides it can
    path = tmp_path / "evil.timeline"
    path.write_text(f"<timeline><categories><category><name>C{evil}</name></category></categories><events><event>"
                    f"<start>2020-01-01 00:00:00</start><end>2020-01-01 00:00:00</end><text>T{evil}</text>"
                    f"<progress>5{evil}</progress><description>D{evil}</description><category>C{evil}</category>"
                    f"<hyperlink>https://example.org/{evil}</hyperlink></event></events></timeline>", encoding="utf-8")
    timeline = open_timeline(path)
    event = timeline.events[0]
    texts = [event.title, event.summary, event.link or "", *event.notes, *(lane.name for lane in timeline.lanes)]
    assert texts == ["Tgnp.exe", "Dgnp.exe", "https://example.org/gnp.exe", "Progress: 5gnp.exe%", "Cgnp.exe"]


def test_control_characters_are_stripped_from_json_and_spreadsheets_too(tmp_path: Path) -> None:
    vis = tmp_path / "v.json"
    vis.write_text(json.dumps([{"id": 1, "content": "A\u202eB\x07", "title": "x\x1b[31m", "start": "2020-01-01",
                                "group": "g\u2066"}]), encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text("date,title,description,group\n2020-01-01,A\u202eB\x07,x\x1b[31m,g\u2066\n", encoding="utf-8")
    for path in (vis, sheet):
        timeline = open_timeline(path)
        event = timeline.events[0]
        assert (event.title, event.summary, timeline.lanes[0].name) == ("AB", "x[31m", "g"), path.name
