"""The credit line of an exported picture: which sources, in which order, in which words."""

from __future__ import annotations

from model.default import load_default
from model.provenance.credits import APP_CREDIT, cited_in_range, credit_line, events_in_range, source_credit
from model.time.timepoint import TimePoint
from model.timeline import Source


def test_a_source_reads_publisher_title_and_date() -> None:
    source = Source(id="w", title="The deal", publisher="Wired Italy", published="2025-03-12")
    assert source_credit(source) == "Wired Italy, “The deal”, 12 March 2025"
    assert source_credit(Source(id="x", title="", publisher="")) == "x"
    assert source_credit(Source(id="y", title="T", published="2025-03")) == "“T”, March 2025"
    assert source_credit(Source(id="z", title="T", published="someday")) == "“T”, someday"
    assert len(source_credit(Source(id="l", title="word " * 100))) < 130


def test_credit_line_names_every_source_then_the_app() -> None:
    one = Source(id="a", title="A", publisher="Pa")
    two = Source(id="b", title="B", publisher="Pb")
    assert credit_line([]) == APP_CREDIT
    assert credit_line([one]) == f"Source: Pa, “A”. {APP_CREDIT}."
    assert credit_line([one, two]) == f"Sources: Pa, “A”; Pb, “B”. {APP_CREDIT}."


def test_only_the_sources_quoted_by_events_in_range_oldest_first() -> None:
    story = load_default()
    everything = cited_in_range(story, -1e12, 1e12)
    assert {s.id for s in everything} == {s.id for s in story.doc.sources}
    published = [TimePoint.parse(s.published).seconds for s in everything if s.published]
    assert published == sorted(published)
    lo, hi = TimePoint.parse("2023-01").seconds, TimePoint.parse("2023-01").end_seconds()
    shown = events_in_range(story, lo, hi)
    assert [story.events[i].title for i in shown] == ["Microsoft invests billions in OpenAI"]
    quoted = {q.source for i in shown for q in story.events[i].quotes}
    assert {s.id for s in cited_in_range(story, lo, hi)} == quoted
    assert cited_in_range(story, 0.0, 1.0) == []
