"""The shipped timeline: complete, dated as checked, every quote verified."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.default import load_default
from model.provenance.quotes import NormalizedText, QuoteStatus, normalize, verify_quotes

SHARED = Path(__file__).resolve().parents[3] / "shared" / "sources"


@pytest.fixture(scope="module")
def timeline():  # type: ignore[no-untyped-def]
    return load_default()


def test_every_default_quote_verifies(timeline) -> None:  # type: ignore[no-untyped-def]
    assert len(timeline.quote_checks) >= 30
    failed = [(k, c.status) for k, c in timeline.quote_checks.items() if not c.verified]
    assert failed == []
    for (e, q), check in timeline.quote_checks.items():
        original = timeline.source_texts[check.source][check.start:check.end]
        assert normalize(original) == normalize(timeline.events[e].quotes[q].text)


def test_every_event_has_a_quote_and_a_lane(timeline) -> None:  # type: ignore[no-untyped-def]
    assert len(timeline.events) >= 11
    for event in timeline.events:
        assert event.quotes, event.id
        assert event.lanes, event.id


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        ("ms-invests-openai", "23 January 2023"),
        ("ms-hires-suleyman", "19 March 2024"),
        ("coreweave-2024-revenue", "January – December 2024"),
        ("ms-80b-plan", "3 January 2025"),
        ("stargate", "21 January 2025"),
        ("nadella-80b", "22 January 2025"),
        ("ft-microsoft-walks-away", "6 March 2025"),
        ("openai-coreweave-contract", "10 March 2025"),
        ("semafor-openai-takes-option", "20 March 2025"),
        ("coreweave-ipo", "27-28 March 2025"),
    ],
)
def test_dates_follow_the_fact_check(timeline, event_id: str, date: str) -> None:  # type: ignore[no-untyped-def]
    assert timeline.date_label(timeline.event_by_id[event_id]) == date


def test_lanes_are_the_actors(timeline) -> None:  # type: ignore[no-untyped-def]
    names = [lane.name for lane in timeline.lanes]
    assert names[:4] == ["Microsoft", "OpenAI", "CoreWeave", "Nvidia"]
    assert "SoftBank" in names[4] and "Oracle" in names[4]


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ sources not beside the checkout")
def test_bundled_sources_are_byte_for_byte_the_shared_ones(timeline) -> None:  # type: ignore[no-untyped-def]
    for path in SHARED.glob("*.txt"):
        assert path.read_text(encoding="utf-8") in timeline.source_texts.values()


def test_a_changed_quote_is_marked_unverified(timeline) -> None:  # type: ignore[no-untyped-def]
    event = timeline.events[timeline.event_by_id["openai-coreweave-contract"]]
    original = event.quotes[0]
    event.quotes[0] = type(original)(source=original.source, text=original.text.replace("11.9", "12.9"))
    try:
        checks = {(c.event, c.quote): c for c in verify_quotes(timeline)}
        e = timeline.event_by_id["openai-coreweave-contract"]
        assert checks[(e, 0)].status is QuoteStatus.NOT_FOUND
        assert checks[(e, 1)].verified
    finally:
        event.quotes[0] = original


def test_matching_folds_whitespace_and_typographic_quotes() -> None:
    text = NormalizedText("He said \u201cwe\u2019re  good\u201d\n for it.")
    span = text.find('said "we\'re good" for')
    assert span is not None
    assert text.original[span[0]:span[1]] == "said \u201cwe\u2019re  good\u201d\n for"
    assert text.find("we are good") is None


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("$11.9 billion", True),
        ("1.9 billion", False),  # cut from "$11.9"
        ("will pay CoreWeave $11", False),  # cut before ".9"
        ("I will pay", False),  # the end of "OpenAI"
        ("soft declined", False),  # the end of "Microsoft"
        ("a", False),  # inside "said"
        ("Sam Altman", True),  # "ReutersSam Altman": words run together in scraped text
        ("1,900 units", True),
        ("900 units", False),
    ],
)
def test_quotes_match_whole_words_and_numbers_only(quote: str, found: bool) -> None:
    text = NormalizedText("ReutersSam Altman said OpenAI will pay CoreWeave $11.9 billion; Microsoft declined. 1,900 units.")
    assert (text.find(quote) is not None) is found
