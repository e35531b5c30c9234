"""The date recogniser: what it reads as a date, at which precision, and what it leaves alone."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.time.recognise import Kind, find_dates
from model.time.timepoint import MONTH_NAMES, TimePoint

PUBLISHED = TimePoint.parse("2025-03-12")  # a Wednesday


def dates(text: str, published: TimePoint | None = PUBLISHED) -> list[tuple[str, str | None]]:
    """(words, ISO date or None) of each mention."""
    return [(m.text, m.point.iso() if m.point else None) for m in find_dates(text, published)]


@pytest.mark.parametrize(("text", "expected"), [
    ("It was signed 2025-03-10 in the end.", [("2025-03-10", "2025-03-10")]),
    ("The announcement, on Monday, March 10, 2025, was big.", [("Monday, March 10, 2025", "2025-03-10")]),
    ("Signed March 10, 2025.", [("March 10, 2025", "2025-03-10")]),
    ("Signed 10 March 2025.", [("10 March 2025", "2025-03-10")]),
    ("Signed on the 10th of March, 2025.", [("10th of March, 2025", "2025-03-10")]),
    ("Revenue in March 2025 rose.", [("March 2025", "2025-03")]),
    ("Revenue in 2025 rose.", [("2025", "2025")]),
    ("Sales on Jan. 5, 2024 and Sept. 3, 2023.", [("Jan. 5, 2024", "2024-01-05"), ("Sept. 3, 2023", "2023-09-03")]),
    ("HEADLINE: MAY 5, 2024", [("MAY 5, 2024", "2024-05-05")]),
    ("Rome fell in 476 AD; Caesar died in 44 BC.", [("476 AD", "0476"), ("44 BC", "-0043")]),
    ("The universe formed 13.8 billion years ago.", [("13.8 billion years ago", "-13799999999")]),
])
def test_absolute_dates_at_their_precision(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Already in January, it moved.", [("January", "2025-01")]),
    ("In November, it fell.", [("November", "2024-11")]),
    ("Last year was hard.", [("Last year", "2024")]),
    ("Earlier this year, shares fell.", [("Earlier this year", "2025")]),
    ("The board met on Monday.", [("Monday", "2025-03-10")]),
    ("The board meets next Monday.", [("next Monday", "2025-03-17")]),
    ("A vote is expected on Friday.", [("Friday", "2025-03-14")]),
    ("It closed yesterday.", [("yesterday", "2025-03-11")]),
    ("March 10: shares rose.", [("March 10", "2025-03-10")]),
    ("The term ends on July 16 next year.", [("July 16 next year", "2026-07-16")]),
    ("The deal closed three years ago.", [("three years ago", "2022")]),
    ("Revenue from 2024 grew from the previous year.", [("2024", "2024"), ("the previous year", "2023")]),
])
def test_relative_dates_resolved_against_the_published_date(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected
    assert all(m.kind is Kind.RELATIVE for m in find_dates(text, PUBLISHED) if m.text != "2024")


def test_relative_dates_without_a_published_date_are_vague_not_guessed() -> None:
    assert dates("The board met on Monday and again in January.", None) == [("Monday", None), ("January", None)]


def test_a_published_month_resolves_months_but_not_weekdays() -> None:
    assert dates("In January it rose; on Monday it fell.", TimePoint.parse("2025-03")) == [("January", "2025-01"), ("Monday", None)]


@pytest.mark.parametrize("text", [
    "Recently, Microsoft decided to exit.", "It is expected that soon debut.", "Criticism lately grew.",
    "In recent months the yen fell.", "It begins in the coming weeks.", "Last week it rose.", "Over the past year it grew.",
    "In the last year, shares rose.", "This summer it rained.",
])
def test_vague_words_are_flagged_not_guessed(text: str) -> None:
    (mention,) = find_dates(text, PUBLISHED)
    assert mention.vague and mention.kind is Kind.VAGUE and mention.point is None


@pytest.mark.parametrize("text", [
    "Prices may rise.", "They march on.", "Protesters March through the city.", "It cost $11.9 billion.", "It rose 11.9 points.",
    "About 2,000 people came.", "He is 45, aged 2024.", "Sales rose 2025%.", "Sales rose 2025 percent.", "See page 2024.",
    "See p. 1999 and pp. 2001.", "About 2000 employees left.", "The 156-year-old company.", "Budget 2023 was presented.",
    "It was 2.8 million years old.", "No. 1984 of the series.", "It paid $2025.", "A 2008-09 crisis.",
])
def test_numbers_and_verbs_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


def test_offsets_index_the_text() -> None:
    text = "Prices may rise.\nThe announcement, which took place on Monday, March 10, 2025, is big. Then in 2026 it fell."
    for mention in find_dates(text, PUBLISHED):
        assert text[mention.start:mention.end] == mention.text


@settings(max_examples=200, deadline=None)
@given(year=st.integers(1000, 2999), month=st.integers(1, 12), day=st.integers(1, 28), style=st.integers(0, 3))
def test_written_dates_read_back_at_day_precision(year: int, month: int, day: int, style: int) -> None:
    name = MONTH_NAMES[month - 1]
    text = [f"{name} {day}, {year}", f"{day} {name} {year}", f"{year}-{month:02d}-{day:02d}", f"on {name} {day}, {year}."][style]
    (mention,) = find_dates(f"It happened {text} in the end.", PUBLISHED)
    assert mention.point == TimePoint(year, month, day)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_mentions_that_index_it(text: str) -> None:
    previous_end = 0
    for mention in find_dates(text, PUBLISHED):
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        previous_end = mention.end


@pytest.mark.parametrize("text", [
    "Monday, March 10, 2025 " * 40_000,  # a megabyte of dates
    "x" * 1_000_000,  # one long line without any
    "Monday" + " " * 1_000_000 + "March",  # long runs of spaces between date words
    "1" * 1_000_000,  # one long number
    "".join(chr(i % 0x2FFF + 32) for i in range(300_000)),  # anything
])
def test_hostile_texts_take_bounded_time(text: str) -> None:
    began = time.perf_counter()
    find_dates(text, PUBLISHED)
    assert time.perf_counter() - began < 30  # a watchdog: about a second on an idle machine; a hang would take minutes


@pytest.mark.parametrize(("text", "expected"), [
    ("He will visit Japan next month, the ministry said on Monday.", [("next month", "2025-04"), ("Monday", "2025-03-10")]),
    ("PLANS TO LAUNCH - North Korea on Monday notified Japan.", [("Monday", "2025-03-10")]),
    ("The board, which will meet in June, said Friday it had agreed.", [("June", "2025-06"), ("Friday", "2025-03-07")]),
    ("The company announced on May 3 that it would expand.", [("May 3", "2024-05-03")]),
    ("The budget is presented on May 3, a month ahead.", [("May 3", "2025-05-03")]),
    ("He will hold a delayed meeting on Friday.", [("Friday", "2025-03-14")]),
])
def test_the_verb_next_to_a_date_gives_its_tense(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("After the loss on Monday, he spoke.\n\n\"They played well today,\" Cooper said.",
     [("Monday", "2025-03-10"), ("today", "2025-03-10")]),
    ("“I will resign tomorrow,” she told reporters on Friday.", [("tomorrow", "2025-03-08"), ("Friday", "2025-03-07")]),
    ("“We won yesterday,” he said on Sunday.", [("yesterday", "2025-03-08"), ("Sunday", "2025-03-09")]),
    ("On Monday it fell. Today it rose.", [("Monday", "2025-03-10"), ("Today", "2025-03-12")]),
])
def test_today_in_a_quotation_is_the_day_it_was_said(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "The festival is held every March 1 in the town.", "Its fiscal year ends May 31.", "The tax year starts April 6.",
    "The market is closed every Monday.", "The council meets on the first Monday of each month.",
    "Elections take place on November 5 each year.",
])
def test_recurring_dates_name_no_day(text: str) -> None:
    assert dates(text) == []


def test_a_date_that_only_ends_something_once_is_a_date() -> None:
    assert dates("The offer ends May 31.") == [("May 31", "2025-05-31")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Expo 2020 was held in Dubai in 2021.", [("2021", "2021")]),
    ("Tokyo 2020 was postponed.", []),
    ("The Euro 2024 final drew millions.", []),
    ("The 2024 Paris Olympics drew crowds.", [("2024", "2024")]),
    ("In 2020, prices rose.", [("2020", "2020")]),
    ("Around 2015, the firm grew.", [("2015", "2015")]),
])
def test_a_year_after_a_name_is_part_of_the_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The programme ran from 2019-2021.", [("2019", "2019"), ("2021", "2021")]),
    ("The conference ran March 3-5, 2024.", [("March 3-5, 2024", "2024-03-03")]),
    ("The conference ran 3-5 March 2024.", [("3-5 March 2024", "2024-03-03")]),
    ("It was a 2008-09 crisis.", []),
])
def test_ranges_name_their_first_day_or_both_years(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The index for the full February month rose.", [("February", "2025-02")]),
    ("February's inflation figure was high.", [("February", "2025-02")]),
    ("May's speech was long.", []),
])
def test_a_month_named_as_a_noun(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The vote is tonight.", [("tonight", "2025-03-12")]),
    ("Last night, rebels attacked.", [("Last night", "2025-03-11")]),
    ("This morning the president spoke.", [("This morning", "2025-03-12")]),
    ("Over the weekend, shares fell.", [("Over the weekend", None)]),
    ("Last quarter was weak.", [("Last quarter", None)]),
    ("He was sentenced to 2025 days.", []),
])
def test_parts_of_days_weekends_and_quarters(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("New missions (1/6/17) were named.", [("1/6/17", "2017-01-06")]),
    ("Found seven planets (2-24-17).", [("2-24-17", "2017-02-24")]),
    ("The second reading will be held on July 27 and 28.", [("July 27", "2025-07-27"), ("28", "2025-07-28")]),
    ("It won this past January at Auckland.", [("January", "2025-01")]),
    ("Orders for delivery by July rose.", [("July", "2025-07")]),
    ("It followed the February launch of a rocket.", [("February", "2025-02")]),
    ("It was the May government.", []),
    ("The Transition Authorization Act of 2017 passed.", []),
])
def test_short_numeric_dates_second_days_and_months_before_nouns(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "The meeting is set for the coming days.", "It was tough a couple weeks ago.", "They had met a decade earlier.",
])
def test_more_vague_words(text: str) -> None:
    (mention,) = find_dates(text, PUBLISHED)
    assert mention.vague


def test_shortly_after_an_event_is_no_date() -> None:
    assert dates("He scored shortly after the half-time break.") == []


def test_a_year_earlier_with_no_year_nearby_counts_from_the_published_year() -> None:
    assert dates("Profit rose sharply; it had been a loss a year earlier.") == [("a year earlier", "2024")]
    assert dates("In the last year, shares rose.") == [("the last year", None)]


@pytest.mark.parametrize("text", [
    "Emissions will be cut over the coming decades.", "Things have changed in the last couple months.",
    "Prices rose over the past several weeks.",
])
def test_coming_decades_and_the_last_couple_months_are_vague(text: str) -> None:
    (mention,) = find_dates(text, PUBLISHED)
    assert mention.vague


@pytest.mark.parametrize(("text", "expected"), [
    ("He leaves office a year from now.", [("a year from now", "2026")]),
    ("The rule applies two months from now.", [("two months from now", "2025-05")]),
    ("It starts three weeks from now.", [("three weeks from now", None)]),
])
def test_a_time_from_now_counts_forward_from_the_published_date(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Revenue doubled from year-ago $835 million.", [("year-ago", "2024")]),
    ("Profit in 2022 beat the year-earlier figure.", [("2022", "2022"), ("year-earlier", "2021")]),
    ("Shares have risen since the beginning of the year.", [("the beginning of the year", "2025")]),
    ("Momentum built since the turn of the year.", [("the turn of the year", "2025")]),
    ("The plant will close by the end of this year.", [("the end of this year", "2025")]),
])
def test_year_ago_figures_and_parts_of_the_year(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


def test_a_day_or_month_said_to_come_may_be_in_the_next_year() -> None:
    november = TimePoint.parse("2018-11-10")
    assert dates("Polls open on the fifth of January.", november) == [("fifth of January", "2019-01-05")]
    assert dates("The vote will be held in January.", november) == [("January", "2019-01")]
    assert dates("The latest date would have been January 28.", TimePoint.parse("2024-05-22")) == [("January 28", "2025-01-28")]
    assert dates("In January, sales rose.", TimePoint.parse("2024-12-05")) == [("January", "2024-01")]


@pytest.mark.parametrize(("text", "expected"), [
    ("It was signed on the twenty-first of March, 2024.", [("twenty-first of March, 2024", "2024-03-21")]),
    ("It was signed on the Second of March.", [("Second of March", "2025-03-02")]),
    ("The first of many marches began.", []),
])
def test_days_written_as_ordinal_words(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Parliament was to convene on Friday.", [("Friday", "2025-03-14")]),
    ("Candidates vowed to act if they are elected in November.", [("November", "2025-11")]),
    ("The budget is presented on Oct 7.", [("Oct 7", "2025-10-07")]),
    ("Parliament convened on Friday.", [("Friday", "2025-03-07")]),
])
def test_arranged_events_are_to_come(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("It was put off till the 16th of November but brought forward to 14th after protests.",
     [("16th of November", "2024-11-16"), ("14th", "2024-11-14")]),
    ("The fair runs from the 3rd of June to the 5th.", [("3rd of June", "2025-06-03"), ("5th", "2025-06-05")]),
    ("On March 3 the team moved up to 14th.", [("March 3", "2025-03-03")]),
    ("She climbed to 14th, after a strong round.", []),
])
def test_a_bare_ordinal_day_after_a_day_of_a_month(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


def test_only_a_future_word_that_governs_a_date_moves_it_into_the_next_year() -> None:
    december = TimePoint.parse("2022-12-14")
    assert dates("The bank will be encouraged by the data that showed that prices were higher in November than before.",
                 december) == [("November", "2022-11")]
    assert dates("The rock was found by a telescope on Oct. 10, in what will be the closest pass.",
                 TimePoint.parse("2015-10-21")) == [("Oct. 10", "2015-10-10")]


def test_a_decimal_point_ends_no_sentence() -> None:
    assert dates("The bank will raise its rate to 0.75 per cent, on Thursday.") == [("Thursday", "2025-03-13")]


@pytest.mark.parametrize(("text", "expected"), [
    ("It was reported by USA Today on Monday.", [("Monday", "2025-03-10")]),
    ("Today, shares rose.", [("Today", "2025-03-12")]),
    ("Inflation for the current year is 4.3%.", [("the current year", "2025")]),
    ("No rock will hit us over the next century.", [("the next century", None)]),
    ("The Open, the last tournament of the year, starts Monday.", [("Monday", "2025-03-17")]),
    ("The meeting reconvenes Friday.", [("Friday", "2025-03-14")]),
])
def test_titles_the_current_year_centuries_and_schedules(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("She won on Sunday; she had lost to her four days earlier.", [("Sunday", "2025-03-09"), ("four days earlier", "2025-03-05")]),
    ("It opened on March 3 and closed two weeks later.", [("March 3", "2025-03-03"), ("two weeks later", "2025-03-17")]),
    ("She had lost to her four days earlier.", []),
])
def test_days_earlier_count_from_the_day_told_before(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


def test_this_weekday_is_in_the_current_week() -> None:
    assert dates("The ban takes effect this Sunday.", TimePoint.parse("2025-01-17")) == [("this Sunday", "2025-01-19")]
    assert dates("This Monday the board met.") == [("This Monday", "2025-03-10")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The asteroid, 2004 FH, passed close.", []),
    ("The rock 2014 JO25 came close.", []),
    ("In 2004 GM sold more cars.", [("2004", "2004")]),
    ("The 2004 US election was close.", [("2004", "2004")]),
])
def test_a_year_in_a_designation_is_no_date(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected
