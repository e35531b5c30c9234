"""Verdicts a journalist would sign: a fact check never corroborates, nor do sources resting on one origin."""

from __future__ import annotations

import json
from typing import Any

import pytest

from model.default import load_default
from model.errors import TimelineError
from model.formats.native import load_timeline_bytes
from model.provenance.claims import analyse_event, analyse_timeline, source_origins
from model.timeline import Timeline

TEXT = "The deal is worth $12 billion."


def build(sources: list[dict[str, Any]]) -> Timeline:
    """One event quoting the same words from every source given."""
    for source in sources:
        source.setdefault("text", TEXT)
        source.setdefault("title", source["id"])
    quotes = [{"source": s["id"], "text": TEXT} for s in sources]
    doc = {"title": "t", "sources": sources, "events": [{"id": "e", "title": "deal", "start": "2025-03-10", "quotes": quotes}]}
    timeline = load_timeline_bytes(json.dumps(doc).encode(), "test", lambda name: "")
    assert not timeline.warnings
    return timeline


def corroborated(sources: list[dict[str, Any]]) -> bool:
    return analyse_event(build(sources), 0).corroborated


def test_two_publishers_corroborate() -> None:
    assert corroborated([{"id": "a", "publisher": "The A Times"}, {"id": "b", "publisher": "B Weekly"}])


def test_a_fact_check_is_not_a_witness() -> None:
    sources = [{"id": "a", "publisher": "The A Times"}, {"id": "check", "publisher": "Fact Desk", "kind": "check"}]
    assert not corroborated(sources)
    assert analyse_event(build(sources), 0).sources == ("a", "check")  # read and shown all the same


def test_two_sources_based_on_the_same_origin_do_not_corroborate() -> None:
    sources = [{"id": "blog", "publisher": "A blog", "based_on": ["Financial Times"]},
               {"id": "aggregator", "publisher": "An aggregator", "based_on": ["financial times, London"]}]
    assert not corroborated(sources)


def test_a_source_based_on_another_in_the_file_rests_on_its_origins() -> None:
    sources = [{"id": "ft", "publisher": "Financial Times"},
               {"id": "digest", "publisher": "Digest", "based_on": ["summary"]},
               {"id": "summary", "publisher": "Summary", "based_on": ["ft", "digest"]}]  # a cycle, too
    timeline = build(sources)
    assert source_origins(timeline)["digest"] == frozenset({"financial times"})
    assert not analyse_event(timeline, 0).corroborated


def test_partly_shared_origins_are_not_independent_but_disjoint_ones_are() -> None:
    blog = {"id": "blog", "publisher": "Blog", "based_on": ["Financial Times", "Semafor"]}
    assert not corroborated([dict(blog), {"id": "ft", "publisher": "Financial Times"}])
    assert corroborated([dict(blog), {"id": "wired", "publisher": "Wired Italy, adapted by someone"}])


@pytest.mark.parametrize("event_id", ["nadella-80b", "coreweave-ipo", "stargate", "ms-invests-openai"])
def test_the_default_fact_check_never_makes_an_event_corroborated(event_id: str) -> None:
    timeline = load_default()
    assert timeline.source_by_id["facts"].is_check
    i = timeline.event_by_id[event_id]
    assert "facts" in analyse_event(timeline, i).sources
    assert i not in analyse_timeline(timeline).corroborated


def test_unknown_kind_is_a_clear_problem() -> None:
    doc = {"title": "t", "sources": [{"id": "a", "title": "A", "kind": "witness"}], "events": []}
    with pytest.raises(TimelineError) as raised:
        load_timeline_bytes(json.dumps(doc).encode(), "test", lambda name: "")
    assert "sources[0].kind: expected 'report' or 'check', found 'witness'" in str(raised.value)
