"""Figures found in quotes: money, percentages, counts, durations, dates, qualifiers and spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.provenance.figures import Figure, FigureKind, extract_figures, parse_figure, quoted_words
from model.time.timepoint import Precision, TimePoint

PUBLISHED = TimePoint(2025, 3, 12)


def only(text: str, kind: FigureKind, **options: object) -> Figure:
    """The one figure of ``kind`` in ``text``."""
    found = [f for f in extract_figures(text, **options) if f.kind is kind]  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("OpenAI Invests $12 Billion in CoreWeave", "$12 Billion", 12e9),
        ("a contract and 11.9 billion dollars with", "11.9 billion dollars", 11.9e9),
        ("invested 10,000 million dollars in", "10,000 million dollars", 10e9),
        ("shares worth $ 350 million as part", "$ 350 million", 350e6),
        ("spending $80B on data centers", "$80B", 80e9),
        ("a $1.2 trillion market", "$1.2 trillion", 1.2e12),
        ("revenue of $228.9 million in", "$228.9 million", 228.9e6),
        ("raised $12bn today", "$12bn", 12e9),
        ("raised $5m today", "$5m", 5e6),
        ("raised $3k today", "$3k", 3e3),
        ("raised USD 4 million today", "USD 4 million", 4e6),
    ],
)
def test_money_spellings(text: str, words: str, value: float) -> None:
    figure = only(text, FigureKind.MONEY)
    assert figure.text == words
    assert figure.value == pytest.approx(value)
    assert figure.unit == "USD"
    assert text[figure.start:figure.end] == words


def test_bare_millions_after_money_in_the_same_sentence_are_money() -> None:
    text = "which grew to 1.9 billion dollars from 228.9 million of the previous year."
    figures = [f for f in extract_figures(text) if f.kind is FigureKind.MONEY]
    assert [f.text for f in figures] == ["1.9 billion dollars", "228.9 million"]
    assert [f.value for f in figures] == pytest.approx([1.9e9, 228.9e6])
    assert figures[1].unit == "USD"


def test_bare_millions_in_another_sentence_are_not_money() -> None:
    assert [f.text for f in extract_figures("It cost $5 billion. Then 228.9 million of it went.")] == ["$5 billion"]


def test_price_per_share_has_its_own_unit() -> None:
    figure = only("IPO priced at $40 a share, 37.5M shares", FigureKind.MONEY)
    assert (figure.text, figure.value, figure.unit) == ("$40 a share", 40.0, "USD per share")


def test_price_range() -> None:
    figure = extract_figures("cut from up to ~$2.7B at $47-55)")[1]
    assert (figure.text, figure.low, figure.high, figure.upper) == ("$47-55", 47.0, 55.0, 55.0)
    assert figure.describe() == "$47–55"
    scaled = only("between $2-3 billion", FigureKind.MONEY)
    assert [scaled.low, scaled.high] == pytest.approx([2e9, 3e9])


def test_european_number_format() -> None:
    figure = only("grew to 1,9 billion dollars", FigureKind.MONEY, number_format="eu")
    assert figure.value == pytest.approx(1.9e9)
    assert figure.step == pytest.approx(1e8)
    assert only("spent 10.000 million dollars", FigureKind.MONEY, number_format="eu").value == pytest.approx(10e9)


def test_european_notation_is_not_misread_in_english() -> None:
    assert [f for f in extract_figures("grew to 1,9 billion dollars") if f.kind is FigureKind.MONEY] == []


def test_rounding_step_follows_the_digits_written() -> None:
    assert parse_figure("$12 billion").step == pytest.approx(1e9)  # type: ignore[union-attr]
    assert parse_figure("$11.9 billion").step == pytest.approx(1e8)  # type: ignore[union-attr]
    assert parse_figure("10,000 million dollars").step == pytest.approx(1e9)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["62%", "62 per cent", "62 percent", "62 % of it"])
def test_percent_spellings(text: str) -> None:
    figure = only(text, FigureKind.PERCENT)
    assert (figure.value, figure.unit) == (62.0, "%")
    assert figure.text == text.removesuffix(" of it")


@pytest.mark.parametrize(
    ("text", "words", "value", "noun"),
    [
        ("with 250,000 Nvidia GPUs in", "250,000 Nvidia GPUs", 250_000, "gpu"),
        ("with More than 250,000 NVIDIA GPU, key", "More than 250,000 NVIDIA GPU", 250_000, "gpu"),
        ("operates 32 data centers with", "32 data centers", 32, "data center"),
        ("sold 37.5M shares, about", "37.5M shares", 37.5e6, "share"),
        ("at least twelve companies", "at least twelve companies", 12, "company"),
    ],
)
def test_counts_with_their_noun(text: str, words: str, value: float, noun: str) -> None:
    figure = only(text, FigureKind.COUNT)
    assert (figure.text, figure.unit) == (words, noun)
    assert figure.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    ["uses GPT-4 model to boost", "boost Microsoft 365 Copilot", "for fiscal 2025", "2024 revenue grew", "one of the most"],
)
def test_no_figure_in_names_and_bare_years(text: str) -> None:
    assert extract_figures(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("signed a five -year contract", 5, "year"), ("a five-year deal", 5, "year"), ("over four years", 4, "year"),
     ("within 3 months", 3, "month"), ("twenty-five years", 25, "year")],
)
def test_durations(text: str, value: float, unit: str) -> None:
    figure = only(text, FigureKind.DURATION)
    assert (figure.value, figure.unit) == (value, unit)
    assert figure.qualifier == ""


@pytest.mark.parametrize(
    ("text", "words", "when"),
    [
        ("took place on Monday, March 10, 2025, is", "Monday, March 10, 2025", TimePoint(2025, 3, 10)),
        ("on 10 March 2025 it", "10 March 2025", TimePoint(2025, 3, 10)),
        ("invested in January 2023, The", "January 2023", TimePoint(2023, 1, precision=Precision.MONTH)),
        ("by March 2025 at", "March 2025", TimePoint(2025, 3, precision=Precision.MONTH)),
        ("its income from 2024, which", "2024", TimePoint(2024, precision=Precision.YEAR)),
        ("revenue in 2024 grew", "2024", TimePoint(2024, precision=Precision.YEAR)),
        ("the results of 2024", "2024", TimePoint(2024, precision=Precision.YEAR)),
    ],
)
def test_dates(text: str, words: str, when: TimePoint) -> None:
    figure = only(text, FigureKind.DATE)
    assert (figure.text, figure.when, figure.relative) == (words, when, False)
    assert figure.unit == when.precision.name.lower()


@pytest.mark.parametrize(
    ("text", "published", "when"),
    [
        ("Already in January, Openai", PUBLISHED, TimePoint(2025, 1, precision=Precision.MONTH)),
        ("Already in March, Openai", PUBLISHED, TimePoint(2025, 3, precision=Precision.MONTH)),
        ("Already in April, Openai", PUBLISHED, TimePoint(2024, 4, precision=Precision.MONTH)),
        ("Already in January, Openai", TimePoint(2025, 3, precision=Precision.MONTH),
         TimePoint(2025, 1, precision=Precision.MONTH)),
        ("revenue last year rose", PUBLISHED, TimePoint(2024, precision=Precision.YEAR)),
        ("sales this month fell", PUBLISHED, TimePoint(2025, 3, precision=Precision.MONTH)),
        ("it happened on March 14", PUBLISHED, TimePoint(2024, 3, 14)),
        ("it happened on March 9", PUBLISHED, TimePoint(2025, 3, 9)),
    ],
)
def test_relative_dates_resolve_against_publication(text: str, published: TimePoint, when: TimePoint) -> None:
    figure = only(text, FigureKind.DATE, published=published)
    assert figure.when == when
    assert figure.relative


def test_relative_dates_without_publication_are_not_figures() -> None:
    assert extract_figures("Already in January, and last year too") == []


@pytest.mark.parametrize(
    ("text", "words", "qualifier"),
    [
        ("nearly $12 billion", "nearly $12 billion", "nearly"), ("almost $12 billion", "almost $12 billion", "almost"),
        ("about $80B", "about $80B", "about"), ("around $80B", "around $80B", "around"),
        ("approximately $80B", "approximately $80B", "approximately"), ("a ~$12B option", "~$12B", "about"),
        ("more than 10,000 million dollars", "more than 10,000 million dollars", "more than"),
        ("over $5 billion", "over $5 billion", "over"), ("at least $5 billion", "at least $5 billion", "at least"),
        ("up to $500B", "up to $500B", "up to"), ("less than $1 billion", "less than $1 billion", "less than"),
        ("a potential $2.5 billion IPO", "potential $2.5 billion", "potential"),
        ("an expected $3 billion", "expected $3 billion", "expected"),
        ("a reported $3 billion", "reported $3 billion", "reported"),
        ("from up to ~$2.7B at", "up to ~$2.7B", "up to about"),
        ("More Than 250,000 GPUs", "More Than 250,000 GPUs", "more than"),
    ],
)
def test_qualifiers(text: str, words: str, qualifier: str) -> None:
    figure = extract_figures(text)[0]
    assert (figure.text, figure.qualifier) == (words, qualifier)
    assert text[figure.start:figure.end] == words


def test_qualifier_bounds() -> None:
    assert parse_figure("more than $5 billion").bound == "lower"  # type: ignore[union-attr]
    assert parse_figure("up to ~$2.7B").bound == "upper"  # type: ignore[union-attr]
    assert parse_figure("nearly $5 billion").bound == ""  # type: ignore[union-attr]


def test_over_is_not_a_qualifier_of_a_duration() -> None:
    figures = extract_figures("up to $500B over four years")
    assert [(f.text, f.qualifier) for f in figures] == [("up to $500B", "up to"), ("four years", "")]


def test_the_ipo_quote() -> None:
    text = "IPO priced at $40 a share, 37.5M shares, about $1.5B raised (cut from up to ~$2.7B at $47-55)"
    assert [(f.kind, f.text) for f in extract_figures(text)] == [
        (FigureKind.MONEY, "$40 a share"),
        (FigureKind.COUNT, "37.5M shares"),
        (FigureKind.MONEY, "about $1.5B"),
        (FigureKind.MONEY, "up to ~$2.7B"),
        (FigureKind.MONEY, "$47-55"),
    ]


def test_describe() -> None:
    assert [f.describe() for f in extract_figures("nearly $12 billion, 62 per cent, 250,000 Nvidia GPUs, five -year")] == [
        "nearly $12 billion", "62%", "250,000 gpus", "5 years"]
    assert parse_figure("Monday, March 10, 2025").describe() == "10 March 2025"  # type: ignore[union-attr]


def test_quoted_words() -> None:
    text = "Nadella said “We’re good for our $80 billion” investment; CoreWeave said \"all is fine\" and “MAI “, whose"
    assert [f.text for f in quoted_words(text)] == ["We’re good for our $80 billion", "all is fine"]
    assert all(text[f.start:f.end] == f.text and f.kind is FigureKind.WORDS for f in quoted_words(text))


TOKENS = st.sampled_from([
    "$", "$ ", "12", "1,9", "10,000", "11.9", " billion", "B", "bn", " million", "m", " dollars", " per cent", "%", "-",
    "–", " ", ",", ".", "five", " -year", " years", " GPUs", " data centers", "nearly ", "up to ~", "in ", "January",
    " March 10, 2025", "Monday, ", " 2024", "last year", " a share", "“", "”", "\"", "US$", "€", "more than ", "0", "99",
])


@given(st.one_of(st.text(), st.lists(st.one_of(TOKENS, st.text(max_size=3)), max_size=25).map("".join)),
       st.sampled_from(["en", "eu", "xx"]), st.sampled_from([None, PUBLISHED, TimePoint(2025, precision=Precision.YEAR)]))
def test_extract_figures_never_raises_and_spans_lie_in_the_text(
    text: str, number_format: str, published: TimePoint | None
) -> None:
    figures = extract_figures(text, number_format=number_format, published=published)
    for figure in [*figures, *quoted_words(text)]:
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start:figure.end] == figure.text
    assert all(a.end <= b.start for a, b in zip(figures, figures[1:], strict=False))
