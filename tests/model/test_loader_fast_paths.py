"""The loader's whole-list fast paths give exactly what checking event by event gives: text, problems, order."""

from __future__ import annotations

import gc
import json
import threading
import weakref
from collections.abc import Callable
from typing import Any

import msgspec
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import work
from model.errors import Problem, TimelineError
from model.formats import native
from model.formats.native import build_timeline, load_timeline_bytes, may_hold_controls
from model.formats.reader import collector_paused
from model.provenance.plain_text import strip_controls
from model.time.timepoint import DateError, TimePoint
from model.timeline import TimelineDoc
from model.work import Cancelled, Job, running

CONTROLS = "\x00\x01\x08\x0b\x0c\r\x1f\x7f\x80\x85\x9f"
text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(CONTROLS + "\n\t\\\"é£\u00a0"), max_size=30)
ENCODERS: dict[str, Callable[[Any], bytes]] = {
    "msgspec": msgspec.json.encode,
    "ascii": lambda doc: json.dumps(doc).encode(),
    "utf-8": lambda doc: json.dumps(doc, ensure_ascii=False).encode(),
}


def document(words: str) -> dict[str, Any]:
    """A valid timeline with ``words`` in every field whose control characters are removed."""
    return {
        "title": words, "description": words,
        "lanes": [{"id": "a", "name": words}],
        "eras": [{"title": words, "start": "2020", "end": "2021"}],
        "sources": [{"id": "s", "title": words, "publisher": words, "notes": words, "text": "x"}],
        "events": [{"id": "e", "title": words, "summary": words, "notes": [words, words], "start": "2020", "lanes": ["a"]}],
    }


def shown_texts(doc: TimelineDoc) -> list[str]:
    source, event = doc.sources[0], doc.events[0]
    return [doc.title, doc.description, doc.lanes[0].name, doc.eras[0].title, source.title, source.publisher,
            source.notes, event.title, event.summary, *event.notes]


@settings(max_examples=300, deadline=None)
@given(words=text, encoder=st.sampled_from(sorted(ENCODERS)))
def test_control_characters_are_removed_whether_or_not_the_bytes_are_scanned_first(words: str, encoder: str) -> None:
    data = ENCODERS[encoder](document(words))
    timeline = load_timeline_bytes(data, "t.json", lambda file: "")
    assert shown_texts(timeline.doc) == [strip_controls(words)] * 11


@settings(max_examples=300, deadline=None)
@given(words=text, encoder=st.sampled_from(sorted(ENCODERS)))
def test_the_byte_scan_never_misses_a_control_character(words: str, encoder: str) -> None:
    if strip_controls(words) != words:
        assert may_hold_controls(ENCODERS[encoder]({"title": words}))


def test_the_byte_scan_passes_plain_text_escaped_or_not() -> None:
    for words in ("plain", "Café £5 – “quoted” \\ path", "tab\tand\nnewline"):
        for encode in ENCODERS.values():
            assert not may_hold_controls(encode({"title": words}))
    assert may_hold_controls(b'{"title": "a\\r\\nb"}')
    assert may_hold_controls(b'{"title": "a\\u001Fb"}')


# The event-by-event checks as they were before the whole-list fast paths: the oracle for problems and their order.

def reference_problems(doc: TimelineDoc) -> list[Problem]:
    problems: list[Problem] = []
    for i, event in enumerate(doc.events):
        start = reference_point(event.start, f"events[{i}].start", problems)
        end = reference_point(event.end, f"events[{i}].end", problems) if event.end is not None else None
        if start is not None and end is not None and end.end_seconds() <= start.seconds:
            problems.append(Problem(f"events[{i}].end", f"{event.end!r} is before the start {event.start!r}"))
    seen: dict[str, int] = {}
    for i, event in enumerate(doc.events):
        if event.id in seen:
            problems.append(Problem(f"events[{i}].id", f"duplicate id {event.id!r} (also events[{seen[event.id]}])"))
        else:
            seen[event.id] = i
    lanes, sources = {lane.id for lane in doc.lanes}, {source.id for source in doc.sources}
    for i, event in enumerate(doc.events):
        if not event.id.strip():
            problems.append(Problem(f"events[{i}].id", "is empty"))
        problems += [Problem(f"events[{i}].lanes[{k}]", f"unknown lane {lane!r}") for k, lane in enumerate(event.lanes)
                     if lane not in lanes]
        problems += [Problem(f"events[{i}].quotes[{k}].source", f"unknown source {quote.source!r}")
                     for k, quote in enumerate(event.quotes) if quote.source not in sources]
        problems += [Problem(f"events[{i}].claims[{k}].quotes", f"quote {q} does not exist (the event has {len(event.quotes)})")
                     for k, claim in enumerate(event.claims) for q in claim.quotes if not 0 <= q < len(event.quotes)]
    return problems


def reference_point(text: str, where: str, problems: list[Problem]) -> TimePoint | None:
    try:
        return TimePoint.parse(text)
    except DateError as exc:
        problems.append(Problem(where, str(exc) if "is not a date" in str(exc) else f"{text!r} is not a date: {exc}"))
        return None


dates = st.sampled_from(["2020", "2020-05", "2020-05-06", "2019-12-31", "2020-02-30", "20x0", "", "2021-13"])
events = st.fixed_dictionaries(
    {"id": st.sampled_from(["e1", "e2", "e3", "", " "]), "title": st.just("E"), "start": dates},
    optional={
        "end": dates,
        "lanes": st.lists(st.sampled_from(["a", "b", "zz"]), max_size=2),
        "quotes": st.lists(st.fixed_dictionaries({"source": st.sampled_from(["s", "nope"]), "text": st.just("x")}), max_size=2),
        "claims": st.lists(st.fixed_dictionaries({"name": st.just("n"), "value": st.just("1"),
                                                  "quotes": st.lists(st.integers(-1, 2), max_size=2)}), max_size=2),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.lists(events, min_size=1, max_size=6))
def test_problems_are_those_of_the_event_by_event_checks_in_the_same_order(raw_events: list[dict[str, Any]]) -> None:
    raw = {"title": "T", "lanes": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
           "sources": [{"id": "s", "title": "S", "text": "x"}], "events": raw_events}
    doc = msgspec.convert(raw, type=TimelineDoc)
    expected = reference_problems(doc)
    if not expected:
        build_timeline(doc, "t", lambda file: "")
        return
    with pytest.raises(TimelineError) as info:
        build_timeline(doc, "t", lambda file: "")
    assert info.value.problems == expected


def test_the_collector_is_restored_after_a_load_or_a_refusal() -> None:
    good = msgspec.json.encode(document("x"))
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            load_timeline_bytes(good, "t.json", lambda file: "")
            assert gc.isenabled() is enabled
            with pytest.raises(TimelineError):
                load_timeline_bytes(b'{"title": "T", "events": [{"id": "e"}]}', "bad.json", lambda file: "")
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_overlapping_pauses_restore_the_collector_once_when_the_last_ends() -> None:
    assert gc.isenabled()
    first_in, second_out = threading.Event(), threading.Event()

    def other_load() -> None:
        with collector_paused():
            first_in.set()
            second_out.wait(5)

    thread = threading.Thread(target=other_load)
    thread.start()
    first_in.wait(5)
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other load is still running
    second_out.set()
    thread.join(5)
    assert gc.isenabled()


def test_what_a_load_made_skips_the_young_generations_and_nothing_stays_frozen() -> None:
    class Node:
        other: Node | None = None

    assert gc.isenabled()
    with collector_paused():
        timeline = load_timeline_bytes(_default_bytes(), "t.json", lambda file: "")
        cycle = Node()
        cycle.other = cycle  # garbage in a reference cycle, made during the load
        gone = weakref.ref(cycle)
        del cycle
    young = {id(o) for o in gc.get_objects(0) + gc.get_objects(1)}
    lanes = [event.lanes for event in timeline.events if gc.is_tracked(event.lanes)]
    assert lanes and not any(id(o) in young for o in lanes)  # so the first collection does not walk all of them
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None  # a full collection still frees what the load left in cycles


def _default_bytes() -> bytes:
    from resources import DEFAULT_TIMELINE, resource

    return resource(DEFAULT_TIMELINE).read_bytes()


@pytest.fixture
def in_pieces_of_three(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file decoded in pieces: each event its own piece when cut apart, three at a time when delimited."""
    monkeypatch.setattr(native, "PIECES_FROM_BYTES", 0)
    monkeypatch.setattr(native, "PIECE_BYTES", 1)
    monkeypatch.setattr(native, "EVENTS_PER_PIECE", 3)


@pytest.mark.usefixtures("in_pieces_of_three")
def test_events_decoded_in_pieces_are_those_decoded_at_once() -> None:
    data = _default_bytes()
    whole = msgspec.json.decode(data, type=TimelineDoc)
    assert len(whole.events) > 9
    assert msgspec.json.encode(native.decode_in_pieces(data)) == msgspec.json.encode(whole)
    timeline = load_timeline_bytes(data, "default.json", lambda file: "")
    assert [e.id for e in timeline.events] == [e.id for e in whole.events]


@pytest.mark.usefixtures("in_pieces_of_three")
def test_decoding_in_pieces_reports_progress_and_stops_when_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    job = Job()
    decoded: list[int] = []
    seen: list[tuple[str, int, int]] = []

    class CancelAfterFirstPiece:
        def decode(self, data: bytes) -> list[Any]:
            seen.append((job.stage, job.done, job.total))
            decoded.append(len(json.loads(data)))
            job.cancel()
            return []

    monkeypatch.setattr(native, "_EVENTS", CancelAfterFirstPiece())
    data = _default_bytes()
    with running(job), pytest.raises(Cancelled):
        load_timeline_bytes(data, "default.json", lambda file: "")
    assert decoded == [1]
    assert seen == [("Reading events", data.index(b'"events"') + len(b'"events": [\n    '), len(data))]


@pytest.mark.usefixtures("in_pieces_of_three")
def test_a_bad_event_decoded_in_pieces_is_named_as_before() -> None:
    raw = json.loads(_default_bytes())
    raw["events"][7]["importance"] = "high"
    with pytest.raises(TimelineError) as caught:
        load_timeline_bytes(json.dumps(raw).encode(), "bad.json", lambda file: "")
    assert caught.value.problems == [Problem("events[7].importance", 'expected a whole number, found "high"')]


def test_whole_list_checks_done_a_piece_at_a_time_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.loads(_default_bytes())
    whole = load_timeline_bytes(_default_bytes(), "t.json", lambda file: "")
    raw["events"][9]["id"] = raw["events"][1]["id"]  # a duplicate in another piece
    raw["events"][10]["lanes"] = ["nowhere"]
    monkeypatch.setattr(work, "PIECE", 3)
    pieced = load_timeline_bytes(_default_bytes(), "t.json", lambda file: "")
    for name in ("start", "end", "lane", "event", "importance", "primary"):
        assert np.array_equal(getattr(pieced.index, name), getattr(whole.index, name)), name
    with pytest.raises(TimelineError) as caught:
        load_timeline_bytes(json.dumps(raw).encode(), "t.json", lambda file: "")
    assert [p.where for p in caught.value.problems] == ["events[9].id", "events[10].lanes[0]"]


def _doc(*events: dict[str, Any], before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"title": "t", **(before or {}), "events": list(events), **(after or {})}


EVENT = {"id": "e", "title": "An event", "start": "2025-03-10", "lanes": ["a"]}
QUOTED = {**EVENT, "quotes": [{"source": "s", "text": "x"}, {"source": "s", "text": "},{\\\"source\\\": 1"}]}
AWKWARD = {
    "compact": (json.dumps(_doc(*[{**EVENT, "id": f"e{k}"} for k in range(9)]), separators=(",", ":")), True),
    "indented": (json.dumps(_doc(*[{**EVENT, "id": f"e{k}"} for k in range(9)]), indent=3), True),
    "events last, other keys first": (json.dumps(_doc(EVENT, {**EVENT, "id": "f"}, before={"lanes": [{"id": "a", "name": "A"}]})), True),
    # quotes start with the same key as the events: cuts inside an event reach on to the next
    "nested lists start with the events' first key": (
        json.dumps(_doc(*[{"source": "x", **QUOTED, "id": f"q{k}"} for k in range(5)])), True),
    "no events": (json.dumps(_doc()), False),
    "a later events key wins": (json.dumps(_doc(EVENT))[:-1] + ', "events": []}', False),
    "an earlier nested events key": (json.dumps(_doc(EVENT, before={"lanes": [{"id": "a", "name": "A", "events": [EVENT]}]})), False),
    "events that are not objects": (json.dumps(_doc())[:-3] + "[1, 2]}", False),
}


@pytest.mark.usefixtures("in_pieces_of_three")
@pytest.mark.parametrize("name", list(AWKWARD))
def test_events_cut_apart_decode_as_msgspec_decodes_the_whole_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text, cut = AWKWARD[name]
    data = text.encode()
    calls: list[int] = []
    real = native._decode_delimited
    monkeypatch.setattr(native, "_decode_delimited", lambda raw: calls.append(1) or real(raw))
    try:
        whole = msgspec.json.encode(msgspec.json.decode(data, type=TimelineDoc))
    except msgspec.ValidationError:
        with pytest.raises(msgspec.ValidationError):
            native.decode_in_pieces(data)
    else:
        assert msgspec.json.encode(native.decode_in_pieces(data)) == whole
    assert calls == ([] if cut else [1])  # cut apart, or read by msgspec first where cutting cannot be trusted


texts = st.text(alphabet=st.sampled_from('ab"\\{},[]: \n'), max_size=12)
quotes = st.lists(st.fixed_dictionaries({"source": texts, "text": texts}), max_size=3)
events = st.lists(st.fixed_dictionaries({"id": texts, "title": texts, "start": st.just("2025"), "quotes": quotes}), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events, st.sampled_from([None, 0, 2]), st.integers(1, 300), st.booleans())
def test_any_events_cut_apart_decode_as_msgspec_decodes_them(monkeypatch: pytest.MonkeyPatch, chosen: list[dict[str, Any]],
                                                              indent: int | None, piece: int, first: bool) -> None:
    monkeypatch.setattr(native, "PIECE_BYTES", piece)
    shuffled = [dict(reversed(list(event.items()))) if first else event for event in chosen]  # quotes' key first, or id
    data = json.dumps(_doc(*shuffled, after={"lanes": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}), indent=indent).encode()
    assert msgspec.json.encode(native.decode_in_pieces(data)) == msgspec.json.encode(msgspec.json.decode(data, type=TimelineDoc))


@pytest.fixture
def no_slow_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file is never handed to Python's json (seconds with the interpreter held, at 100 MB)."""
    monkeypatch.setattr(native, "PIECES_FROM_BYTES", 0)
    monkeypatch.setattr(native, "PIECE_BYTES", 200)

    def refuse(*_args: object) -> None:
        raise AssertionError("read slowly")

    monkeypatch.setattr(native, "parse_json", refuse)


@pytest.mark.usefixtures("no_slow_reading")
def test_a_bad_event_in_a_large_file_is_named_as_in_a_small_one() -> None:
    raw = json.loads(_default_bytes())
    raw["events"][7]["importance"] = "high"
    raw["events"][7]["lanes"] = "openai"
    with pytest.raises(TimelineError) as caught:
        load_timeline_bytes(json.dumps(raw).encode(), "bad.json", lambda file: "")
    assert caught.value.problems == [Problem("events[7].lanes", 'expected a list, found "openai"'),
                                     Problem("events[7].importance", 'expected a whole number, found "high"')]


@pytest.mark.usefixtures("no_slow_reading")
def test_a_large_file_cut_short_says_where() -> None:
    data = b"\n".join(_default_bytes().splitlines()[:40])
    with pytest.raises(TimelineError) as caught:
        load_timeline_bytes(data, "cut.json", lambda file: "")
    (problem,) = caught.value.problems
    assert problem.where == f"line 40, column {len(data.splitlines()[-1].decode()) + 1}"
    assert problem.message == "invalid JSON: input data was truncated"


VIS_ITEMS = [{"id": k, "content": f"Item {k}", "start": f"2025-0{1 + k % 9}-1{k % 10}", "group": "g" + str(k % 2)}
             for k in range(12)]
VIS_GROUPS = [{"id": "g0", "content": "One"}, {"id": "g1", "content": "Two"}]
FOREIGN = {
    "vis, an object": json.dumps({"groups": VIS_GROUPS, "items": VIS_ITEMS}),
    "vis, a top-level array": json.dumps(VIS_ITEMS, indent=1),
}


@pytest.mark.parametrize("sample", ["timelinejs_cosmological.json", "timelinejs_sloppy.json", *FOREIGN])
def test_a_large_foreign_file_is_read_in_pieces_as_it_is_whole(sample: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from model.formats import registry

    path = Path(__file__).resolve().parents[1] / "data" / sample
    if sample in FOREIGN:
        path = tmp_path / "vis.json"
        path.write_text(FOREIGN[sample], encoding="utf-8")
    whole = registry.open_timeline(path)
    monkeypatch.setattr(registry, "PIECES_FROM_BYTES", 0)
    monkeypatch.setattr(native, "PIECE_BYTES", 64)

    def refuse(*_args: object) -> None:
        raise AssertionError("decoded whole")

    monkeypatch.setattr(registry, "decode_json", refuse)  # one call over the whole file would hold the interpreter
    pieced = registry.open_timeline(path)
    assert msgspec.json.encode(pieced.doc) == msgspec.json.encode(whole.doc)
    assert pieced.warnings == whole.warnings


def test_xml_parsed_in_pieces_is_the_xml_parsed_whole(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from model.formats import registry, timeline_xml

    sample = Path(__file__).resolve().parents[1] / "data" / "formats" / "house.timeline"
    whole = registry.open_timeline(sample)
    broken = tmp_path / "broken.timeline"
    broken.write_text(sample.read_text(encoding="utf-8").replace("</event>", "</evnt>", 2), encoding="utf-8")
    with pytest.raises(TimelineError) as caught_whole:
        registry.open_timeline(broken)
    monkeypatch.setattr(timeline_xml, "XML_CHUNK", 7)
    assert msgspec.json.encode(registry.open_timeline(sample).doc) == msgspec.json.encode(whole.doc)
    with pytest.raises(TimelineError) as caught:
        registry.open_timeline(broken)
    assert caught.value.problems == caught_whole.value.problems
