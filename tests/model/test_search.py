"""model.search: what a query finds, in which order, and the snippet that shows it."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import search
from model.default import load_default
from model.formats.native import build_timeline
from model.search import SearchIndex, build_index, fold, fold_query
from model.timeline import Claim, Event, Lane, QuoteRef, Source, Timeline, TimelineDoc


def build(events: list[Event], sources: list[Source] | None = None) -> Timeline:
    """A checked timeline of ``events`` in lanes a ("Alpha") and b ("Béta")."""
    doc = TimelineDoc(title="t", events=events, lanes=[Lane(id="a", name="Alpha"), Lane(id="b", name="Béta")],
                      sources=sources or [])
    return build_timeline(doc, "test", lambda file: "")


def titles(index: SearchIndex, query: str) -> list[str]:
    """Titles of the events ``query`` finds, in the order the search gives them."""
    events = index.timeline.events
    return [events[i].title for i in index.search(query).events.tolist()]


@pytest.fixture
def story() -> SearchIndex:
    """Four events in shuffled file order, with accents, notes, quotes and claims."""
    sources = [Source(id="ft", title="Microsoft rethinks spending", publisher="Financial Times")]
    events = [
        Event(id="c", title="Third: Zoë signs", start="2025-03-03", lanes=["b"], notes=["met in Zürich"]),
        Event(id="a", title="First: CAFÉ opens", start="2025-03-01", lanes=["a"], summary="The first\nline"),
        Event(id="d", title="Fourth", start="2025-03-04", lanes=["a"],
              quotes=[QuoteRef(source="ft", text="a contract worth $11.9 billion")],
              claims=[Claim(name="value", value="$11.9B", quotes=[0])]),
        Event(id="b", title="Second: cafe closes", start="2025-03-02", lanes=["a"]),
    ]
    return build_index(build(events, sources))


def test_case_and_accents_do_not_matter_and_results_come_in_time_order(story: SearchIndex) -> None:
    assert titles(story, "café") == ["First: CAFÉ opens", "Second: cafe closes"]
    assert titles(story, "CAFE") == titles(story, "café")
    assert titles(story, "zoe") == ["Third: Zoë signs"]
    assert titles(story, "zurich") == ["Third: Zoë signs"]  # a note


def test_summaries_quotes_claims_lanes_and_sources_are_searched(story: SearchIndex) -> None:
    assert titles(story, "first line") == ["First: CAFÉ opens"]  # the summary's line break reads as a space
    assert titles(story, "first\nline") == ["First: CAFÉ opens"]
    assert titles(story, "11.9 billion") == ["Fourth"]
    assert titles(story, "$11.9b") == ["Fourth"]
    assert titles(story, "beta") == ["Third: Zoë signs"]  # the lane's name
    assert titles(story, "financial times") == ["Fourth"]  # the cited source's publisher
    assert titles(story, "rethinks") == ["Fourth"]  # its title


def test_nothing_to_find_and_no_match_across_fields_or_events(story: SearchIndex) -> None:
    assert titles(story, "") == []
    assert titles(story, "   ") == []
    assert len(story.search("")) == 0
    assert titles(story, "opens second") == []  # two events' titles
    assert titles(story, "signs met") == []  # a title and a note


def test_a_longer_query_narrows_the_previous_result(story: SearchIndex) -> None:
    first = story.search("ca")
    narrowed = story.search("caf", previous=first)
    assert narrowed.events.tolist() == story.search("caf").events.tolist()
    other = story.search("zo", previous=first)  # not an extension: searched afresh
    assert [story.timeline.events[i].title for i in other.events.tolist()] == ["Third: Zoë signs"]


def test_snippet_marks_the_match_in_the_original_words(story: SearchIndex) -> None:
    event = story.timeline.event_by_id["a"]
    snippet = story.snippet(event, "cafe")
    assert snippet.text[snippet.start:snippet.end] == "CAFÉ"
    assert snippet.field == "title"
    quote = story.snippet(story.timeline.event_by_id["d"], "WORTH")
    assert (quote.field, quote.text[quote.start:quote.end]) == ("quote", "worth")
    lane = story.snippet(story.timeline.event_by_id["c"], "beta")
    assert (lane.field, lane.text, lane.text[lane.start:lane.end]) == ("lane", "Béta", "Béta")


def test_snippet_of_a_long_text_is_cut_around_the_match() -> None:
    words = " ".join(f"word{k}" for k in range(200))
    index = build_index(build([Event(id="x", title="t", start="2025", lanes=["a"], summary=words)]))
    snippet = index.snippet(0, "word150")
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert snippet.text[snippet.start:snippet.end] == "word150"
    assert len(snippet.text) < 160


def test_fold() -> None:
    assert fold("Ça Überstraße ﬁne") == "ca uberstrasse fine"
    assert fold_query("\tA") == " a"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=12), st.text(min_size=1, max_size=4),
       st.integers(0, 10_000))
def test_search_finds_what_a_plain_scan_finds(texts: list[str], query: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    events = [Event(id=f"e{i}", title=text, start=f"20{10 + int(rng.integers(0, 15))}", lanes=["a"])
              for i, text in enumerate(texts)]
    timeline = build(events)
    index = build_index(timeline)
    wanted = fold_query(query)
    scan = [i for i in timeline.index.event_order.tolist()
            if wanted and (wanted in fold(timeline.events[i].title).translate({10: 32, 13: 32, 9: 32, 31: 32})
                           or wanted in "alpha")]
    assert index.search(query).events.tolist() == scan
    bare = SearchIndex(timeline, index.blob, index.offsets, {})  # no byte is common: every query scans the text
    with mock.patch.object(search, "BLOCK", 5):  # in blocks smaller than an event, so events straddle blocks
        assert bare.search(query).events.tolist() == scan
        assert bare.search(query, previous=bare.search(query[:1])).events.tolist() == scan


def test_the_default_story_and_index_memory() -> None:
    timeline = load_default()
    index = build_index(timeline)
    found = index.search("coreweave")
    assert len(found) >= 3
    ranks = timeline.index.event_rank[found.events]
    assert np.all(np.diff(ranks) > 0)
    assert index.nbytes < 1_000_000


@pytest.mark.parametrize("query", ["q", "qq", "qz", "z"])
def test_an_event_holding_a_match_in_several_blocks_is_found_once(query: str) -> None:
    events = [Event(id=f"e{i}", title=title, start=f"202{i}", lanes=["a"]) for i, title in enumerate(["x", "qqqqqqqqqz", "y"])]
    timeline = build(events)
    index = build_index(timeline)
    bare = SearchIndex(timeline, index.blob, index.offsets, {})
    with mock.patch.object(search, "BLOCK", 3):
        assert bare.search(query).events.tolist() == [1]
        assert index.search(query).events.tolist() == [1]


def test_invisible_characters_of_a_pasted_query_or_a_title_do_not_stop_a_match() -> None:
    index = build_index(build([Event(id="z", title="Core\u200bWeave prices its IPO", start="2025-03-27", lanes=["a"]),
                               Event(id="o", title="OpenAI signs", start="2025-03-10", lanes=["a"])]))
    for query in ("\u202ecoreweave", "\u200ecoreweave\u200f", "core\u00adweave", "coreweave"):  # RLO, LRM/RLM, soft hyphen
        assert titles(index, query) == ["Core\u200bWeave prices its IPO"], query
    assert fold_query("\u200e\u200b") == ""  # nothing visible: nothing to find


def test_lines_marked_a_few_megabytes_at_a_time_mark_the_same_bytes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    import model.search as search

    rng = np.random.default_rng(1)
    lengths = rng.integers(1, 200, 3000)
    lengths[17] = 30_000  # one very long line, as a 20 MB claim is (its bytes counted a mebibyte at a time)
    blob = bytes(rng.integers(32, 127, int(lengths.sum())).astype(np.uint8))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    whole = search.common_bytes(blob, offsets)
    monkeypatch.setattr(search, "BYTES_AT_ONCE", 1000)
    pieced = search.common_bytes(blob, offsets)
    assert whole.keys() == pieced.keys() and all(np.array_equal(whole[b], pieced[b]) for b in whole)
