"""Filters and "as known on": the shown and ghost masks, and the sources compared as known on a date."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from model.default import load_default
from model.filtering import (
    NO_FILTER,
    Filter,
    FilterFacts,
    analyse_as_of,
    as_of_moment,
    filter_facts,
    filtered_timeline,
    masks,
    moment_label,
)
from model.formats.native import load_timeline_bytes
from model.provenance.claims import analyse_timeline
from model.time.timepoint import DateError
from model.timeline import Timeline


@pytest.fixture(scope="module")
def default() -> Timeline:
    return load_default()


@pytest.fixture(scope="module")
def facts(default: Timeline) -> FilterFacts:
    return filter_facts(default)


def shown_ids(facts: FilterFacts, chosen: Filter, analysis: Any = None) -> list[str]:
    shown = masks(facts, chosen, analysis).shown
    assert shown is not None
    return [facts.timeline.events[i].id for i in np.flatnonzero(shown)]


def test_no_filter_shows_everything(facts: FilterFacts) -> None:
    found = masks(facts, NO_FILTER, None)
    assert found.shown is None and found.ghosts is None
    assert masks(facts, Filter(lane_order=("openai", "microsoft")), None).shown is None  # reordering hides nothing


def test_a_hidden_lane_keeps_events_that_have_another_lane(facts: FilterFacts) -> None:
    shown = shown_ids(facts, Filter(hidden_lanes=frozenset({"microsoft"})))
    assert "ms-hires-suleyman" not in shown and "nadella-80b" not in shown  # Microsoft only
    assert "ms-invests-openai" in shown  # also OpenAI's
    only_openai = shown_ids(facts, Filter(hidden_lanes=frozenset(lane.id for lane in facts.timeline.lanes) - {"openai"}))
    assert only_openai == [e.id for e in facts.timeline.events if "openai" in e.lanes]


def test_lanes_read_from_rows_match_lanes_read_from_bits(facts: FilterFacts) -> None:
    from dataclasses import replace

    by_rows = replace(facts, lane_bits=None)  # as for a file with more than 64 lanes
    for hidden in ({"microsoft"}, {"openai", "coreweave"}, {lane.id for lane in facts.timeline.lanes}):
        chosen = Filter(hidden_lanes=frozenset(hidden))
        assert shown_ids(by_rows, chosen) == shown_ids(facts, chosen)
    assert shown_ids(facts, Filter(hidden_lanes=frozenset(lane.id for lane in facts.timeline.lanes))) == []


def test_filters_combine(facts: FilterFacts, default: Timeline) -> None:
    analysis = analyse_timeline(default)
    assert shown_ids(facts, Filter(verdict="conflict"), analysis) == ["nadella-80b", "coreweave-ipo"]
    assert shown_ids(facts, Filter(verdict="corroborated"), analysis) == ["coreweave-2024-revenue", "openai-coreweave-contract"]
    assert shown_ids(facts, Filter(verdict="conflict", hidden_lanes=frozenset({"microsoft"})), analysis) == ["coreweave-ipo"]
    assert shown_ids(facts, Filter(verdict="conflict"), None) == []  # nothing known to conflict before the comparison
    blog = shown_ids(facts, Filter(sources=frozenset({"blog"})))
    assert blog == [e.id for e in default.events if any(q.source == "blog" for q in e.quotes)]
    march = (as_of_moment("2025-03-01") - 86400, as_of_moment("2025-03-10"))
    early_march_blog = Filter(date_range=march, sources=frozenset({"blog"}))
    assert shown_ids(facts, early_march_blog) == ["ft-microsoft-walks-away", "openai-coreweave-contract"]


def test_unverified_only() -> None:
    doc = {"title": "t", "sources": [{"id": "a", "title": "A", "text": "It happened."}],
           "events": [{"id": "ok", "title": "ok", "start": "2025", "quotes": [{"source": "a", "text": "It happened."}]},
                      {"id": "bad", "title": "bad", "start": "2025", "quotes": [{"source": "a", "text": "It did not."}]},
                      {"id": "none", "title": "none", "start": "2025"}]}
    facts = filter_facts(load_timeline_bytes(json.dumps(doc).encode(), "t", lambda name: ""))
    assert shown_ids(facts, Filter(unverified_only=True)) == ["bad"]


def test_as_known_on_15_march_2025(facts: FilterFacts, default: Timeline) -> None:
    as_of = as_of_moment("15 March 2025")
    hidden = [e.id for e in default.events if e.id not in shown_ids(facts, Filter(as_of=as_of))]
    assert hidden == ["semafor-openai-takes-option", "coreweave-ipo"]  # reported on 20 and 27 March
    contract = analyse_as_of(facts, as_of, analyse_timeline(default)).events[default.event_by_id["openai-coreweave-contract"]]
    assert contract.sources == ("wired",)
    assert {f.source for f in contract.figures} == {"wired"}
    assert "11.9 billion dollars" in [f.figure.text for f in contract.figures]
    assert not contract.corroborated and not contract.comparisons


def test_as_known_on_1_april_2025_everything_is(facts: FilterFacts, default: Timeline) -> None:
    as_of = as_of_moment("1 April 2025")
    assert len(shown_ids(facts, Filter(as_of=as_of))) == len(default.events)
    full = analyse_timeline(default)
    again = analyse_as_of(facts, as_of)
    assert again.events == full.events


def test_ghosts_are_the_events_not_known_yet(facts: FilterFacts) -> None:
    only_openai = frozenset(lane.id for lane in facts.timeline.lanes) - {"openai"}
    found = masks(facts, Filter(as_of=as_of_moment("2025-03-15"), ghost=True), None)
    assert found.ghosts is not None and found.shown is not None
    assert [facts.timeline.events[i].id for i in np.flatnonzero(found.ghosts)] == ["semafor-openai-takes-option", "coreweave-ipo"]
    assert not (found.ghosts & found.shown).any()
    found = masks(facts, Filter(as_of=as_of_moment("2025-03-15"), ghost=True, hidden_lanes=only_openai), None)
    assert found.ghosts is not None  # the IPO is CoreWeave's only, hidden with its lane
    assert [facts.timeline.events[i].id for i in np.flatnonzero(found.ghosts)] == ["semafor-openai-takes-option"]


def test_a_source_without_a_date_is_always_known() -> None:
    doc = {"title": "t", "sources": [{"id": "old", "title": "Undated", "text": "Said long ago."},
                                     {"id": "new", "title": "New", "published": "2030-01-02", "text": "Said later."}],
           "events": [{"id": "a", "title": "a", "start": "2020", "quotes": [{"source": "old", "text": "Said long ago."}]},
                      {"id": "b", "title": "b", "start": "2020", "quotes": [{"source": "new", "text": "Said later."}]}]}
    facts = filter_facts(load_timeline_bytes(json.dumps(doc).encode(), "t", lambda name: ""))
    assert facts.undated == {"old"}
    assert shown_ids(facts, Filter(as_of=as_of_moment("1900"))) == ["a"]
    assert shown_ids(facts, Filter(as_of=as_of_moment("2030-01-02"))) == ["a", "b"]  # on the day it was published


def test_as_of_reads_any_date_the_app_reads() -> None:
    assert as_of_moment("2025-03-15") == as_of_moment("15 March 2025") == as_of_moment("March 15, 2025")
    assert as_of_moment("2025-03") == as_of_moment("2025-03-31")
    with pytest.raises(DateError):
        as_of_moment("soon")


def test_filtered_timeline_keeps_known_quotes_with_their_claims_and_checks(default: Timeline, facts: FilterFacts) -> None:
    chosen = Filter(as_of=as_of_moment("2025-03-27"), hidden_lanes=frozenset({"nvidia"}), lane_order=("coreweave",))
    view = filtered_timeline(default, chosen, masks(facts, chosen, None).shown)
    assert [lane.id for lane in view.lanes] == ["coreweave", "microsoft", "openai", "stargate"]
    semafor = view.events[view.event_by_id["semafor-openai-takes-option"]]
    assert [q.source for q in semafor.quotes] == ["facts"]  # the blog is known from the end of March
    ipo = view.events[view.event_by_id["coreweave-ipo"]]
    assert [q.source for q in ipo.quotes] == ["facts", "facts"]  # the blog's "potential $2.5 billion" is not known yet
    assert [(c.name, c.quotes) for c in ipo.claims] == [("IPO size", [0]), ("IPO target", [0])]
    i = view.event_by_id["coreweave-ipo"]
    assert all(view.quote_checks[(i, q)].verified and view.quote_checks[(i, q)].quote == q for q in range(2))
    assert view.events[view.event_by_id["coreweave-s1"]].lanes == ["coreweave"]  # and not Nvidia's
    assert not analyse_timeline(view).events[i].has_conflict


def test_one_quotes_known_moment_is_the_filters() -> None:
    from model.default import load_default
    from model.filtering import filter_facts, quote_known_from

    timeline = load_default()
    facts = filter_facts(timeline)
    pairs = [(i, q) for i, event in enumerate(timeline.events) for q in range(len(event.quotes))]
    assert pairs and all(quote_known_from(timeline, i, q) == facts.quote_known[facts.quote_first[i] + q] for i, q in pairs)


@pytest.mark.parametrize(("typed", "label"), [("2025-03-15", "15 March 2025"), ("-13800000000", "13.8 billion years ago"),
                                              ("+20000000000-12-31", "year 20 billion")])
def test_the_as_known_on_label_names_the_day_typed_even_at_the_ends_of_time(typed: str, label: str) -> None:
    """At +20 billion years a second is below a float's step: the label must not step past the last year the app reads."""
    assert moment_label(as_of_moment(typed)) == label
