"""Agreement and conflict between sources: verdicts, explicit claims, wording, dates, corroboration."""

from __future__ import annotations

import json
from typing import Any

import pytest

from model.default import load_default
from model.formats.native import load_timeline_bytes
from model.provenance.claims import (
    EventAnalysis,
    Verdict,
    analyse_event,
    analyse_timeline,
    compare_figures,
    date_matches,
    same_quantity,
    source_span,
)
from model.provenance.figures import Figure, parse_figure
from model.provenance.quotes import normalize
from model.time.timepoint import Precision, TimePoint
from model.timeline import Timeline


def figure(text: str) -> Figure:
    found = parse_figure(text)
    assert found is not None, text
    return found


def build(events: list[dict[str, Any]], sources: list[dict[str, Any]] | None = None) -> Timeline:
    """A timeline with two independent sources (text given inline) and the given events."""
    doc = {
        "title": "test",
        "sources": sources or [
            {"id": "a", "title": "Paper A", "publisher": "The A Times", "published": "2025-03-12",
             "text": "The deal is worth $12 billion. Already in January, talks began. "
                     "Nadella said “We’re good for our $80 billion” on air."},
            {"id": "b", "title": "Paper B", "publisher": "B Weekly, online", "published": "2025-03-20",
             "text": "The deal is worth $11.9 billion. It was signed on March 10, 2025. "
                     "He said \"All I know is, I'm good for my $80 billion.\""},
        ],
        "events": events,
    }
    return load_timeline_bytes(json.dumps(doc).encode(), "test", lambda name: "")


def event(start: str, quotes: list[tuple[str, str]], **fields: Any) -> dict[str, Any]:
    quoted = [{"source": s, "text": t} for s, t in quotes]
    return {"id": f"e{start}", "title": "event", "start": start, "quotes": quoted, **fields}


@pytest.fixture(scope="module")
def default() -> Timeline:
    return load_default()


def analysis_of(timeline: Timeline, event_id: str) -> EventAnalysis:
    return analyse_event(timeline, timeline.event_by_id[event_id])


def summary(analysis: EventAnalysis) -> list[tuple[str, str, str]]:
    return [(c.verdict.name, c.first.figure.text, c.second.figure.text if c.second else "") for c in analysis.comparisons]


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("$12 billion", "$12B", Verdict.AGREE),
        ("$12 billion", "$11.9 billion", Verdict.AGREE_ROUGHLY),
        ("nearly $12 billion", "11.9 billion dollars", Verdict.AGREE_ROUGHLY),
        ("~$12B", "nearly $12 billion", Verdict.AGREE_ROUGHLY),
        ("more than 10,000 million dollars", "$12 billion", Verdict.AGREE_ROUGHLY),
        ("more than $12 billion", "$10 billion", Verdict.CONFLICT),
        ("up to $3 billion", "$2.8 billion", Verdict.AGREE_ROUGHLY),
        ("$2.5 billion", "$1.5 billion", Verdict.CONFLICT),
        ("potential $2.5 billion", "about $1.5B", Verdict.CONFLICT),
        ("reported $2.5 billion", "$2.5 billion", Verdict.AGREE),
        ("$12.4 billion", "$11.9 billion", Verdict.CONFLICT),
        ("$47-55", "$50", Verdict.AGREE_ROUGHLY),
        ("five-year", "60 months", Verdict.AGREE),
        ("62%", "60 percent", Verdict.CONFLICT),
        ("62%", "$62", Verdict.CONFLICT),
        ("March 2025", "10 March 2025", Verdict.AGREE_ROUGHLY),
        ("March 2025", "10 April 2025", Verdict.CONFLICT),
    ],
)
def test_compare_figures(a: str, b: str, verdict: Verdict) -> None:
    assert compare_figures(figure(a), figure(b)) is verdict
    assert compare_figures(figure(b), figure(a)) is verdict


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("$12 billion", "11.9 billion dollars", True),
        ("$ 350 million", "11.9 billion dollars", False),
        ("$40 a share", "about $1.5B", False),
        ("$40 a share", "$39", False),
        ("250,000 Nvidia GPUs", "240,000 GPUs", True),
        ("250,000 GPUs", "250,000 data centers", False),
        ("five-year", "60 months", True),
        ("$2.5 billion", "$1.5 billion", False),
    ],
)
def test_same_quantity(a: str, b: str, same: bool) -> None:
    assert same_quantity(figure(a), figure(b)) is same


def test_date_matches_at_the_coarser_precision() -> None:
    day = TimePoint(2025, 3, 10)
    assert date_matches(TimePoint(2025, 3, precision=Precision.MONTH), day, None)
    assert not date_matches(TimePoint(2025, 4, precision=Precision.MONTH), day, None)
    assert date_matches(TimePoint(2024, precision=Precision.YEAR), TimePoint(2024, 1, precision=Precision.MONTH),
                        TimePoint(2024, 12, precision=Precision.MONTH))
    assert date_matches(TimePoint(2025, 3, 28), TimePoint(2025, 3, 27), TimePoint(2025, 3, 28))
    assert not date_matches(TimePoint(2025, 3, 29), TimePoint(2025, 3, 27), TimePoint(2025, 3, 28))


def test_contract_figures_agree_within_rounding(default: Timeline) -> None:
    analysis = analysis_of(default, "openai-coreweave-contract")
    assert summary(analysis) == [
        ("AGREE_ROUGHLY", "11.9 billion dollars", "$12 Billion"),
        ("AGREE_ROUGHLY", "11.9 billion dollars", "nearly $12 billion"),
    ]
    last = analysis.comparisons[1]
    assert (last.first.source, last.first.quote, last.second.source, last.second.quote) == ("wired", 0, "blog", 4)  # type: ignore[union-attr]
    assert last.explanation == (
        "“11.9 billion dollars” (Wired Italy) and “nearly $12 billion” (Unnamed blog) agree within rounding."
    )
    assert not analysis.has_conflict


def test_ipo_sizes_conflict_through_explicit_claims(default: Timeline) -> None:
    analysis = analysis_of(default, "coreweave-ipo")
    assert summary(analysis) == [("CONFLICT", "potential $2.5 billion", "about $1.5B")]
    conflict = analysis.comparisons[0]
    assert conflict.claim == "IPO size"
    assert conflict.explanation == (
        "IPO size: “potential $2.5 billion” (Unnamed blog) and “about $1.5B” (Project fact check of public reporting) "
        "disagree: potential $2.5 billion against about $1.5 billion."
    )
    assert analysis.conflict_kinds == {Verdict.CONFLICT}
    target = [f for f in analysis.figures if f.claim == "IPO target"]
    assert [(f.quote, f.source, f.figure.text, f.figure.bound) for f in target] == [(1, "facts", "up to ~$2.7B", "upper")]
    assert target[0].figure.value == pytest.approx(2.7e9)
    quote = default.events[analysis.event].quotes[1].text
    assert quote[target[0].start:target[0].end] == "up to ~$2.7B"


def test_ipo_detected_figures_are_shown_but_not_compared(default: Timeline) -> None:
    analysis = analysis_of(default, "coreweave-ipo")
    shown = {f.figure.text for f in analysis.figures if not f.claim}
    assert {"$40 a share", "37.5M shares", "$47-55", "$39"} <= shown
    assert all(c.claim == "IPO size" for c in analysis.comparisons)


def test_nadella_wordings_differ(default: Timeline) -> None:
    analysis = analysis_of(default, "nadella-80b")
    wording = [c for c in analysis.comparisons if c.verdict is Verdict.WORDING]
    assert len(wording) == 1
    texts = {f.figure.text for f in wording[0].figures}
    assert texts == {"All I know is, I'm good for my $80 billion.", "We’re good for our $80 billion"}
    assert "quoted differently" in wording[0].explanation
    assert analysis.conflict_kinds == {Verdict.WORDING}
    assert ("AGREE", "$80 billion", "$80 billion") in summary(analysis)


def test_default_timeline_has_only_the_real_disagreements(default: Timeline) -> None:
    result = analyse_timeline(default)
    found = {default.events[i].id: summary(a) for i, a in result.events.items() if a.comparisons}
    assert found == {
        "nadella-80b": [("AGREE", "$80 billion", "$80 billion"),
                        ("WORDING", "All I know is, I'm good for my $80 billion.", "We’re good for our $80 billion")],
        "openai-coreweave-contract": [("AGREE_ROUGHLY", "11.9 billion dollars", "$12 Billion"),
                                      ("AGREE_ROUGHLY", "11.9 billion dollars", "nearly $12 billion")],
        "semafor-openai-takes-option": [("AGREE_ROUGHLY", "~$12B", "nearly $12 billion")],
        "coreweave-ipo": [("CONFLICT", "potential $2.5 billion", "about $1.5B")],
    }
    assert [default.events[i].id for i in result.conflicts] == ["nadella-80b", "coreweave-ipo"]


def test_default_corroboration_needs_two_independent_witnesses(default: Timeline) -> None:
    result = analyse_timeline(default)
    assert [default.events[i].id for i in result.corroborated] == ["coreweave-2024-revenue", "openai-coreweave-contract"]
    assert analysis_of(default, "ms-hires-suleyman").sources == ("wired", "facts")  # read, but a check is no witness
    assert not analysis_of(default, "ms-hires-suleyman").corroborated


def test_dates_in_the_default_timeline_are_read_and_match(default: Timeline) -> None:
    stargate = analysis_of(default, "stargate")
    dates = [f.figure for f in stargate.figures if f.figure.when is not None]
    assert [(d.text, d.when, d.relative) for d in dates] == [("January", TimePoint(2025, 1, precision=Precision.MONTH), True)]
    assert not any(a.conflict_kinds & {Verdict.DATE_MISMATCH} for a in analyse_timeline(default).events.values())


def test_source_span_points_at_the_figure_in_the_source(default: Timeline) -> None:
    analysis = analysis_of(default, "openai-coreweave-contract")
    for quoted in analysis.figures:
        span = source_span(default, analysis.event, quoted)
        assert span is not None
        assert normalize(default.source_texts[quoted.source][span[0]:span[1]]) == normalize(quoted.figure.text)


def test_detected_figures_compare_across_sources_only() -> None:
    timeline = build([event("2025-03-10", [("a", "The deal is worth $12 billion."), ("b", "The deal is worth $11.9 billion.")])])
    assert summary(analyse_event(timeline, 0)) == [("AGREE_ROUGHLY", "$12 billion", "$11.9 billion")]
    quotes = [("b", "The deal is worth $11.9 billion."), ("b", "It was signed on March 10, 2025.")]
    same_source = build([event("2025-03-10", quotes)])
    assert analyse_event(same_source, 0).comparisons == ()


def test_explicit_claims_replace_detection() -> None:
    quotes = [("a", "The deal is worth $12 billion."), ("b", "The deal is worth $11.9 billion.")]
    claims = [{"name": "deal", "value": "$12 billion", "quotes": [0]}, {"name": "deal", "value": "$11.9 billion", "quotes": [1]}]
    analysis = analyse_event(build([event("2025-03-10", quotes, claims=claims)]), 0)
    assert summary(analysis) == [("AGREE_ROUGHLY", "$12 billion", "$11.9 billion")]
    assert analysis.comparisons[0].claim == "deal"
    assert analysis.comparisons[0].explanation.startswith("deal: “$12 billion” (The A Times) and “$11.9 billion” (B Weekly)")
    assert [(f.claim, f.quote, f.start, f.end) for f in analysis.figures] == [("deal", 0, 18, 29), ("deal", 1, 18, 31)]


def test_claims_with_different_names_are_not_compared_and_silence_detection() -> None:
    quotes = [("a", "The deal is worth $12 billion."), ("b", "The deal is worth $11.9 billion.")]
    claims = [{"name": "offer", "value": "$12 billion", "quotes": [0]},
              {"name": "contract", "value": "$11.9 billion", "quotes": [1]}]
    analysis = analyse_event(build([event("2025-03-10", quotes, claims=claims)]), 0)
    assert analysis.comparisons == ()
    assert len(analysis.figures) == 2


def test_claims_disagreeing_whatever_their_size() -> None:
    quotes = [("a", "The deal is worth $12 billion."), ("b", "The deal is worth $11.9 billion.")]
    claims = [{"name": "deal", "value": "$12 billion", "quotes": [0]}, {"name": "deal", "value": "$350 million", "quotes": [1]}]
    analysis = analyse_event(build([event("2025-03-10", quotes, claims=claims)]), 0)
    assert [c.verdict for c in analysis.comparisons] == [Verdict.CONFLICT]
    claimed = [f for f in analysis.figures if f.claim and f.quote == 1]
    assert claimed[0].start == -1
    assert not claimed[0].located


def test_claim_without_a_figure_is_a_problem() -> None:
    claims = [{"name": "deal", "value": "a lot", "quotes": [0]}]
    analysis = analyse_event(build([event("2025-03-10", [("a", "The deal is worth $12 billion.")], claims=claims)]), 0)
    assert analysis.problems == ("claim “deal”: no figure in 'a lot'",)


def test_unverified_quotes_are_listed_not_compared() -> None:
    quotes = [("a", "The deal is worth $12 billion."), ("b", "The deal is worth $2 billion.")]
    analysis = analyse_event(build([event("2025-03-10", quotes)]), 0)
    assert analysis.unverified == (1,)
    assert analysis.comparisons == ()
    assert [f.quote for f in analysis.figures] == [0]
    assert not analysis.corroborated


def test_date_in_a_quote_that_contradicts_the_event() -> None:
    analysis = analyse_event(build([event("2025-04-02", [("b", "It was signed on March 10, 2025.")])]), 0)
    assert [c.verdict for c in analysis.comparisons] == [Verdict.DATE_MISMATCH]
    assert analysis.comparisons[0].second is None
    assert analysis.comparisons[0].explanation == "“March 10, 2025” (B Weekly) does not match the event's date, 2 April 2025."
    assert analysis.conflict_kinds == {Verdict.DATE_MISMATCH}


def test_matching_and_relative_dates() -> None:
    matching = analyse_event(build([event("2025-03-10", [("b", "It was signed on March 10, 2025.")])]), 0)
    assert matching.comparisons == ()
    relative = analyse_event(build([event("2025-02-21", [("a", "Already in January, talks began.")])]), 0)
    assert [c.verdict for c in relative.comparisons] == [Verdict.DATE_MISMATCH]
    assert "read as January 2025 from its publication date" in relative.comparisons[0].explanation
    in_range = analyse_event(build([event("2024-12-20", [("a", "Already in January, talks began.")], end="2025-01-31")]), 0)
    assert in_range.comparisons == ()


def test_relative_dates_of_an_undated_source_are_not_checked() -> None:
    sources = [{"id": "a", "title": "Undated", "text": "Already in January, talks began."}]
    analysis = analyse_event(build([event("2025-06-01", [("a", "Already in January, talks began.")])], sources), 0)
    assert analysis.comparisons == ()
    assert analysis.figures == ()


def test_wording_between_two_sources() -> None:
    quotes = [("a", "Nadella said “We’re good for our $80 billion” on air."),
              ("b", "He said \"All I know is, I'm good for my $80 billion.\"")]
    analysis = analyse_event(build([event("2025-03-10", quotes)]), 0)
    assert [c.verdict for c in analysis.comparisons] == [Verdict.AGREE, Verdict.WORDING]
    explanation = analysis.comparisons[1].explanation
    assert explanation.startswith("The A Times quotes “We’re good for our $80 billion” but B Weekly quotes")


def test_european_source_figures() -> None:
    sources = [{"id": "a", "title": "A", "publisher": "A", "text": "Revenue grew to 1,9 billion dollars.", "number_format": "eu"},
               {"id": "b", "title": "B", "publisher": "B", "text": "Revenue grew to 1.9 billion dollars."}]
    quotes = [("a", "Revenue grew to 1,9 billion dollars."), ("b", "Revenue grew to 1.9 billion dollars.")]
    analysis = analyse_event(build([event("2024-12-31", quotes)], sources), 0)
    assert summary(analysis) == [("AGREE", "1,9 billion dollars", "1.9 billion dollars")]
    assert analysis.corroborated


def test_claim_citing_no_quote_is_listed_but_not_compared() -> None:
    quotes = [("a", "The deal is worth $12 billion."), ("b", "The deal is worth $11.9 billion.")]
    claims = [{"name": "deal", "value": "$12 billion"}, {"name": "deal", "value": "$11.9 billion", "quotes": [1]}]
    analysis = analyse_event(build([event("2025-03-10", quotes, claims=claims)]), 0)
    standalone = analysis.figures[0]
    assert (standalone.claim, standalone.quote, standalone.source, standalone.located) == ("deal", -1, "", False)
    assert summary(analysis) == []


def test_bound_explanation() -> None:
    quotes = [("a", "The deal is worth $12 billion."), ("b", "The deal is worth more than $10 billion.")]
    sources = [{"id": "a", "title": "A", "publisher": "A", "text": quotes[0][1]},
               {"id": "b", "title": "B", "publisher": "B", "text": quotes[1][1]}]
    analysis = analyse_event(build([event("2025-03-10", quotes)], sources), 0)
    assert [c.explanation for c in analysis.comparisons] == [
        "“$12 billion” (A) and “more than $10 billion” (B) agree within the bound “more than” sets."
    ]


def test_the_comparison_runs_with_the_cyclic_collector_paused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    import model.provenance.claims as claims

    enabled: list[bool] = []
    real = claims.analyse_event
    monkeypatch.setattr(claims, "analyse_event", lambda *args: enabled.append(gc.isenabled()) or real(*args))
    claims.analyse_timeline(load_default())
    assert enabled and not any(enabled)  # a full collection amid a million events would hold the window up to a second
    assert gc.isenabled()
