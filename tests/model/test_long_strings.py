"""JSON strings of megabytes are decoded apart, a piece at a time, into exactly what one decode would give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model.formats.long_strings as long_strings
import model.formats.native as native
from model import search
from model.formats.long_strings import decode_sparing
from model.formats.registry import open_timeline
from model.provenance import plain_text
from model.timeline import TimelineDoc

ANY = msgspec.json.Decoder()


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings over 16 bytes are "long", decoded 7 bytes at a time: every kind of cut is met in a few characters."""
    monkeypatch.setattr(long_strings, "LONG_STRING", 16)
    monkeypatch.setattr(long_strings, "STRING_PIECE", 7)


TEXT = st.text(st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    ["\U0001f600" * 9, "\\" * 33, '"' * 20 + "\\" * 3, "é\u0301" * 10, "a\r\nb\n\t" * 5, "\x00\x1f" * 9])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # constants only
@given(values=st.lists(TEXT, min_size=1, max_size=6), ascii_only=st.booleans(), key=TEXT)
def test_long_strings_decode_as_one_decode_would(small_pieces: None, values: list[str], ascii_only: bool, key: str) -> None:
    doc = {"texts": values, key: {"nested": values[::-1]}, "n": 1}
    data = json.dumps(doc, ensure_ascii=ascii_only).encode()
    assert decode_sparing(ANY, data) == msgspec.json.decode(data)


def test_a_surrogate_pair_of_escapes_is_never_cut_in_two(small_pieces: None) -> None:
    text = "ab" + "\U0001f600" * 40  # json.dumps writes each as \\ud83d\\ude00: 12 bytes, cut every 7
    data = json.dumps({"t": text}).encode()
    for shift in range(12):
        moved = json.dumps({"t": "x" * shift + text}).encode()
        assert decode_sparing(ANY, moved) == {"t": "x" * shift + text}
    assert decode_sparing(ANY, data) == {"t": text}


def test_long_strings_in_typed_and_frozen_structs_are_put_back(small_pieces: None) -> None:
    doc = {"format": "timeline-viewer/1", "title": "T" * 50, "lanes": [{"id": "l", "name": "Lane"}],
           "sources": [{"id": "s", "title": "S", "text": "They raised $5 billion. " * 10}],
           "events": [{"id": "e", "title": "E", "start": "2024-01-01", "lanes": ["l"],
                       "quotes": [{"source": "s", "text": "They raised $5 billion."}],
                       "claims": [{"name": "raised", "value": "$5 billion " * 10, "quotes": [0]}]}]}
    data = json.dumps(doc).encode()
    assert decode_sparing(msgspec.json.Decoder(TimelineDoc), data) == msgspec.json.decode(data, type=TimelineDoc)


def test_a_syntax_error_names_its_byte_in_the_whole_document(small_pieces: None) -> None:
    data = json.dumps({"a": "x" * 100, "b": "y" * 50}).encode()
    broken = data[:-1] + b",}"
    with pytest.raises(msgspec.DecodeError) as whole:
        msgspec.json.decode(broken)
    with pytest.raises(msgspec.DecodeError) as apart:
        decode_sparing(ANY, broken)
    assert str(apart.value) == str(whole.value)


def test_a_long_string_in_the_wrong_place_is_named_as_it_is(small_pieces: None) -> None:
    decoder = msgspec.json.Decoder(dict[str, Literal["en", "eu"]])
    data = json.dumps({"number_format": "z" * 40}).encode()
    with pytest.raises(msgspec.ValidationError) as whole:
        decoder.decode(data)
    with pytest.raises(msgspec.ValidationError) as apart:
        decode_sparing(decoder, data)
    assert "z" * 40 in str(whole.value) and str(apart.value) == str(whole.value)  # not the stand-in's name


def test_a_large_file_with_a_long_inline_text_opens_with_that_text(small_pieces: None, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native, "PIECES_FROM_BYTES", 64)  # read as a large file is: the events cut apart
    text = "Line one.\r\nLine two \U0001f600 said \"$5 billion\".\n" * 20 + "The end."
    doc = {"format": "timeline-viewer/1", "title": "Long", "lanes": [{"id": "l", "name": "L"}],
           "sources": [{"id": "s", "title": "S", "text": text}],
           "events": [{"id": f"e{k}", "title": "E" * 30, "summary": "Summary \u0007 " * 9, "start": "2024-01-01",
                       "lanes": ["l"], "quotes": [{"source": "s", "text": "The end."}]} for k in range(3)]}
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    timeline = open_timeline(path)
    assert timeline.source_texts["s"] == text
    assert [e.summary for e in timeline.events] == ["Summary  " * 9] * 3  # the control character is gone
    assert len(timeline.quote_checks) == 3 and all(check.verified for check in timeline.quote_checks.values())


PIECEWISE = [(plain_text, "strip_controls", "LONG_TEXT", 5), (search, "_fold_line", "FOLD_PIECE", 4)]
"""Each text pass done a piece at a time past a length: (module, function, that length's name, a tiny length)."""


@pytest.mark.parametrize(("module", "function", "limit", "tiny"), PIECEWISE, ids=["clean", "fold"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from("aB\r\n\t\x07\u202e\x85 éß\u0301\U0001d400"), max_size=60))
def test_a_long_text_is_cleaned_and_folded_as_a_short_one_is(module: Any, function: str, limit: str, tiny: int,
                                                              text: str) -> None:
    whole = getattr(module, function)(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(module, limit, tiny)
        assert getattr(module, function)(text) == whole


def test_a_long_string_is_decoded_a_piece_at_a_time_and_can_be_cancelled(small_pieces: None) -> None:
    from model.work import Cancelled, Job, running

    class Counting(Job):
        """Cancelled at its 20th checkpoint."""

        def __init__(self) -> None:
            super().__init__()
            self.asked = 0

        @property
        def cancelled(self) -> bool:
            self.asked += 1
            return self.asked >= 20

    data = json.dumps({"text": "x" * 400}).encode()  # 58 pieces of 7 bytes
    job = Counting()
    with running(job), pytest.raises(Cancelled):
        decode_sparing(ANY, data)
    assert job.asked == 20


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("abAB ßéﬁ\U0001d400"), max_size=120), start=st.integers(0, 119), size=st.integers(1, 6))
def test_a_long_field_is_searched_a_window_at_a_time_as_a_short_one_is(text: str, start: int, size: int) -> None:
    query = search.fold_query(text[start:start + size]) or "zz"
    whole = search.find_span(text, query)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(search, "FIND_WINDOW", 8)
        assert search.find_span(text, query) == whole


def test_a_long_inline_source_costs_a_few_times_its_size(tmp_path: Path) -> None:
    import tracemalloc

    text = "The company said   it would\nraise money. " * (8_000_000 // 41) + "The end."
    doc = {"format": "timeline-viewer/1", "title": "T", "lanes": [{"id": "l", "name": "L"}],
           "sources": [{"id": "a", "title": "A", "text": text}],
           "events": [{"id": "e", "title": "E", "start": "2024-05-01", "lanes": ["l"], "quotes": [{"source": "a", "text": "The end."}]}]}
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    size = path.stat().st_size
    del doc, text
    tracemalloc.start()
    try:
        timeline = open_timeline(path)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert all(check.verified for check in timeline.quote_checks.values())
    assert peak < 5 * size, f"peak {peak / size:.1f} times the file"  # the bytes, the text, its folded copy while made
    assert kept < 1.5 * size
