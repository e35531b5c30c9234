"""TimelineJS JSON import: TimelineJS's own behaviour, sloppy files read with warnings, problems with JSON paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from model.errors import TimelineError, warning_lines
from model.formats.timelinejs import PALETTE, load_timelinejs, looks_like_timelinejs, timeline_from_timelinejs
from model.timeline import Timeline

DATA = Path(__file__).resolve().parents[1] / "data"


def slide(year: object = 2020, headline: str = "Something", **extra: Any) -> dict[str, Any]:
    return {"start_date": {"year": year}, "text": {"headline": headline}, **extra}


def load(*events: dict[str, Any], **top: Any) -> Timeline:
    return timeline_from_timelinejs({"events": list(events), **top}, "test.json")


def problems(raw: Any) -> list[str]:
    with pytest.raises(TimelineError) as info:
        timeline_from_timelinejs(raw, "bad.json")
    assert info.value.path == "bad.json"
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="module")
def sloppy() -> Timeline:
    return load_timelinejs(DATA / "timelinejs_sloppy.json")


def test_sloppy_file_imports_with_warnings(sloppy: Timeline) -> None:
    assert sloppy.title == "The Space Race & After"
    assert sloppy.doc.description == "From Sputnik to the Moon.\n\nSecond paragraph\nwith a break."
    assert warning_lines(sloppy.warnings) == [
        "the title is a list; its first slide was used (1): title",
        "slides without a start date were skipped (as TimelineJS skips them) (2): events[4].start_date, events[5].start_date",
        "eras without a start and an end year were skipped (1): eras[1]",
        "duplicate unique_id values were made unique (1): events[6].unique_id",
    ]
    assert len(sloppy.events) == 7


def test_html_becomes_plain_text(sloppy: Timeline) -> None:
    sputnik = sloppy.events[sloppy.event_by_id["sputnik"]]
    assert sputnik.title == "Sputnik 1 launched"
    assert sputnik.summary == "The first artificial satellite.\nIt beeped for 21 days \u2014 then fell silent."
    assert sputnik.media is not None
    assert (sputnik.media.caption, sputnik.media.credit) == ("Sputnik 1 was a metal sphere 58 cm across.", "NASA History Office")
    texts = [e.title + e.summary + "".join(e.notes) + (e.media.caption + e.media.credit if e.media else "")
             for e in sloppy.events] + [era.title for era in sloppy.doc.eras]
    assert not any("<" in text or "&amp;" in text or "alert" in text for text in texts)


def test_control_characters_are_stripped(sloppy: Timeline) -> None:
    gagarin = sloppy.events[sloppy.event_by_id["gagarin-orbits-the-earth"]]
    assert gagarin.summary == "Vostok 1 flew one orbit."


def test_groups_become_lanes_and_the_rest_a_lane_of_other_events(sloppy: Timeline) -> None:
    assert [(lane.id, lane.name) for lane in sloppy.lanes] == [
        ("ussr", "USSR"), ("usa", "USA"), ("events", "Other events")]
    assert [lane.color for lane in sloppy.lanes[:2]] == list(PALETTE[:2])
    assert sloppy.lane_names(sloppy.event_by_id["nasa-founded"]) == ["USA"]


def test_ungrouped_events_of_an_untitled_timeline_go_to_a_lane_named_events() -> None:
    timeline = load(slide(), slide(headline="Other", group="Group A"))
    assert timeline.title == "test"
    assert [(lane.id, lane.name) for lane in timeline.lanes] == [("events", "Other events"), ("group-a", "Group A")]
    timeline = timeline_from_timelinejs({"events": [slide()]}, "")
    assert timeline.lanes[0].name == "Events"
    assert timeline.title == "Untitled timeline"


def test_ids_come_from_unique_id_else_from_the_headline(sloppy: Timeline) -> None:
    ids = [event.id for event in sloppy.events]
    assert ids == ["sputnik", "gagarin-orbits-the-earth", "apollo-11-lands-on-the-moon", "nasa-founded",
                   "sputnik-2", "mir-launched", "ancient-astronomy"]
    assert sloppy.warnings[-1].where == "events[6].unique_id"


def test_generated_ids_never_take_an_explicit_one() -> None:
    timeline = load(slide(headline="Launch"), slide(headline="Launch"), slide(headline="Other", unique_id="launch"))
    assert [e.id for e in timeline.events] == ["launch-2", "launch-3", "launch"]


def test_end_equal_to_start_is_dropped(sloppy: Timeline) -> None:
    apollo = sloppy.events[sloppy.event_by_id["apollo-11-lands-on-the-moon"]]
    assert (apollo.start, apollo.end) == ("1969-07-20", None)


def test_captions_and_credits_are_media_not_sources_or_quotes(sloppy: Timeline) -> None:
    assert sloppy.doc.sources == [] and sloppy.quote_checks == {}
    assert not any(e.quotes for e in sloppy.events)
    apollo = sloppy.events[sloppy.event_by_id["apollo-11-lands-on-the-moon"]].media
    assert apollo is not None
    assert (apollo.url, apollo.caption, apollo.credit, apollo.link) == (
        "https://www.nasa.gov/apollo11", "Buzz Aldrin on the Moon.", "NASA History Office", "https://history.nasa.gov/ap11ann/")


def test_media_without_a_url_is_none_as_timelinejs_shows_none(sloppy: Timeline) -> None:
    gagarin = sloppy.events[sloppy.event_by_id["gagarin-orbits-the-earth"]]
    assert gagarin.media is None and list(gagarin.notes) == []


@pytest.mark.parametrize(("media", "link"), [
    ({"url": "https://a.example/x", "link": "https://b.example/y"}, "https://b.example/y"),
    ({"url": "https://a.example/x"}, None),
    ({"url": "<blockquote>a tweet</blockquote>"}, None),
    ({"url": "javascript:alert(1)", "link": "file:///etc/passwd"}, None),
    ("https://c.example/", None),
])
def test_media_link_is_kept_only_for_http(media: object, link: str | None) -> None:
    event = load(slide(media=media)).events[0]
    assert event.link is None
    assert event.media is not None and event.media.link == link


def test_negative_years_are_bce(sloppy: Timeline) -> None:
    i = sloppy.event_by_id["ancient-astronomy"]
    assert sloppy.events[i].start == "-0499"
    assert sloppy.date_label(i) == "500 BCE"
    assert sloppy.events[i].display_date == "c. 500 BCE"


@pytest.mark.parametrize(("date", "iso"), [
    ({"year": 2025}, "2025"),
    ({"year": "2025", "month": "08"}, "2025-08"),
    ({"year": 2025, "month": 8, "day": "", "hour": 5}, "2025-08"),
    ({"year": 2025.0, "month": "March", "day": "4"}, "2025-03-04"),
    ({"year": "2025", "month": "3.0", "day": 4.0}, "2025-03-04"),
    ({"year": 2025, "month": 3, "day": 4, "hour": "14"}, "2025-03-04T14"),
    ({"year": 2025, "month": 3, "day": 4, "hour": 14, "minute": "05", "second": 9, "millisecond": 120}, "2025-03-04T14:05:09"),
    ({"year": " 1,000 ", "month": None}, "1000"),
    ({"year": -1}, "0000"),
    ({"year": "\u2212500"}, "-0499"),
])
def test_dates_keep_the_precision_of_the_parts_given(date: dict[str, Any], iso: str) -> None:
    assert load({"start_date": date}).events[0].start == iso


def test_parts_after_a_missing_one_are_ignored_with_a_warning() -> None:
    timeline = load({"start_date": {"year": 2025, "month": "", "day": 4}})
    assert timeline.events[0].start == "2025"
    assert warning_lines(timeline.warnings) == ["date parts after a missing one were ignored (1): events[0].start_date"]


def test_every_impossible_date_is_a_problem_at_its_json_path() -> None:
    found = problems({"events": [
        {"start_date": {"year": 2025, "month": 2, "day": 30}},
        {"start_date": {"year": 2025, "month": 13}},
        {"start_date": {"year": 2025, "month": 1, "day": 1, "hour": 25}},
        {"start_date": {"year": 2025, "month": 1, "day": "first"}},
        {"start_date": {"year": True}},
        {"start_date": {"year": 30_000_000_000}},
        {"start_date": {"year": 2024, "month": 2, "day": 29}},
    ]})
    assert found == [
        "events[0].start_date: 2025-02-30 does not exist (February 2025 has 28 days)",
        "events[1].start_date.month: 13 is not a month (expected 1-12)",
        "events[2].start_date.hour: 25 is not a valid hour (expected 0-23)",
        'events[3].start_date.day: expected a whole number, found "first"',
        "events[4].start_date.year: expected a whole number, found true",
        "events[5].start_date.year: 30,000,000,000 is outside the years -20,000,000,000 to 20,000,000,000",
    ]


def test_an_era_ending_before_its_start_is_a_problem_an_event_end_is_dropped() -> None:
    found = problems({"events": [slide(2020)], "eras": [{"start_date": {"year": 2000}, "end_date": {"year": 1990}}]})
    assert found == ["eras[0].end_date: 1990 is not after the start 2000"]
    timeline = load(slide(2020, end_date={"year": 2019}))
    assert (timeline.events[0].end, [str(w) for w in timeline.warnings]) == (None, ["events[0].end_date: 2019 is before the start 2020"])


def test_wrong_types_are_problems_with_their_paths() -> None:
    found = problems({"events": [
        "not a slide",
        {"start_date": "2020-01-01"},
        slide(text=["a list"]),
        slide(media=5),
        slide(group={"name": "x"}),
    ], "eras": {}})
    assert found == [
        'events[0]: expected an object, found "not a slide"',
        'events[1].start_date: expected a date object with a year, found "2020-01-01"',
        "events[2].text: expected an object with headline and text, found a list",
        "events[3].media: expected an object with url, caption and credit, found 5",
        "events[4].group: expected a string, found an object",
        "eras: expected a list, found an object",
    ]


def test_events_are_required() -> None:
    assert problems({"scale": "human"}) == ['events: is missing (a TimelineJS timeline lists its slides in "events")']
    assert problems([1, 2]) == ["expected a TimelineJS object with events, found a list"]


@pytest.mark.parametrize(("title", "expected"), [
    ("A <b>plain</b> string", "A plain string"),
    ({"text": {"headline": "A slide"}}, "A slide"),
    ([5, {"text": {"headline": "Second item"}}], "Second item"),
    ({"text": "text as a string"}, "text as a string"),
    (None, "test"),
])
def test_title_in_any_shape(title: object, expected: str) -> None:
    assert load(slide(), title=title).title == expected


def test_a_slide_without_headline_takes_its_text() -> None:
    timeline = load({"start_date": {"year": 1}, "text": {"text": "<p>First line</p><p>second</p>"}}, {"start_date": {"year": 2}})
    assert [e.title for e in timeline.events] == ["First line", "Untitled event"]
    assert [e.id for e in timeline.events] == ["first-line", "untitled-event"]


def test_cosmological_scale_reads_deep_time() -> None:
    timeline = load_timelinejs(DATA / "timelinejs_cosmological.json")
    assert timeline.warnings == []
    assert [e.start for e in timeline.events[:2]] == ["-13799999999", "-4599999999"]
    assert [timeline.date_label(i) for i in range(4)] == [
        "13.8 billion years ago", "4.6 billion years ago", "66 million years ago", "300,000 years ago \u2013 200,000 years ago"]
    assert timeline.events[4].start == "2025"
    assert timeline.doc.eras[0].title == "Hadean"


def test_an_unknown_scale_is_read_as_human() -> None:
    warning = 'scale "geological" is not "human" or "cosmological"; read as human (1): scale'
    assert warning_lines(load(slide(), scale="geological").warnings) == [warning]


def test_slides_without_any_date_say_so_not_that_a_title_is_missing() -> None:
    assert problems({"events": [{"text": {"headline": "undated"}}, {"text": {"headline": "also"}}]}) == [
        "events: none of the 2 slides has a start_date with a year, so there is nothing to place on a timeline "
        "(TimelineJS skips such slides)"]


def test_no_slides_at_all_is_an_empty_timeline_with_a_warning() -> None:
    timeline = load()
    assert timeline.events == []
    assert warning_lines(timeline.warnings) == ["the timeline has no dated events (1): events"]


@pytest.mark.parametrize(("raw", "expected"), [
    ({"events": [{"start_date": {"year": 1}}]}, True),
    ({"events": [], "scale": "human"}, True),
    ({"title": {"text": {}}, "events": []}, True),
    ({"eras": [{"start_date": {}, "end_date": {}}]}, True),
    ({"title": "Own format", "events": [{"id": "a", "start": "2020"}]}, False),
    ([{"start_date": {}}], False),
    ("text", False),
])
def test_looks_like_timelinejs(raw: object, expected: bool) -> None:
    assert looks_like_timelinejs(raw) is expected
