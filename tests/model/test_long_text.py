"""Strings of many megabytes are made a piece at a time, with checkpoints between, into exactly what one step gives."""

from __future__ import annotations

import codecs
import sys

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import model.formats.csv_import as csv_import
import model.long_text as long_text
from model import search
from model.errors import TimelineError
from model.formats.reader import decode_text
from model.formats.registry import open_timeline
from model.long_text import decode_utf8, join_sparing
from model.provenance.quotes import _FOLD, NormalizedText, _fold_marks
from model.work import Cancelled, Job, running

WIDTHS = st.sampled_from(["ab c", "é ÿ", "雨 Ω", "\U0001f600\U0001d400", "\ud800"])  # ASCII, Latin-1, 2 and 4 bytes
TEXT = st.lists(WIDTHS, max_size=12).map("".join)


@pytest.fixture
def tiny_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings of more than 12 characters are joined 3 at a time and bytes decoded 5 at a time."""
    monkeypatch.setattr(long_text, "JOIN_STEP", 3)
    monkeypatch.setattr(long_text, "DECODE_PIECE", 5)


class Counting(Job):
    """A job that counts the checkpoints that ask about it, cancelled at the ``at``-th."""

    def __init__(self, at: int = 10**9) -> None:
        super().__init__()
        self.at = at
        self.asked = 0

    @property
    def cancelled(self) -> bool:
        self.asked += 1
        return self.asked >= self.at


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(TEXT, max_size=8))
def test_joined_a_step_at_a_time_is_the_same_string(parts: list[str]) -> None:
    expected = "".join(parts)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(long_text, "JOIN_STEP", 3)
        given_parts = list(parts)
        joined = join_sparing(given_parts)
    assert joined == expected and type(joined) is str
    assert hash(joined) == hash(expected) and {expected: 1}[joined] == 1
    assert sys.getsizeof(joined) == sys.getsizeof(expected)  # the same width: CPython compares widths first
    assert given_parts == []  # each part let go once copied


def test_a_long_join_checkpoints_between_steps_and_stops_when_cancelled(tiny_steps: None) -> None:
    parts = ["abcdefgh", "é" * 10, "\U0001f600" * 20]  # 38 characters: 3 + 4 + 7 steps of 3
    job = Counting()
    with running(job):
        assert join_sparing(list(parts)) == "".join(parts)
    assert job.asked == 14
    cancelled = Counting(at=5)
    with running(cancelled), pytest.raises(Cancelled):
        join_sparing(list(parts))
    assert cancelled.asked == 5


def test_a_subclass_of_str_is_joined_at_its_true_width() -> None:
    class Marked(str):
        pass

    parts = [Marked("é" * 300_000), "a" * 900_000]  # long enough for the stepwise join
    joined = join_sparing(list(parts))
    assert joined == "".join(parts) and sys.getsizeof(joined) == sys.getsizeof("".join(parts))


@pytest.mark.parametrize("wide", ["é", "雨", "\U0001f600"])
def test_a_part_whose_utf8_is_cached_is_joined_at_its_true_width(tiny_steps: None, wide: str) -> None:
    part = wide * 20
    msgspec.json.encode(part)  # caches the part's UTF-8 beside it, which sys.getsizeof counts
    parts = [part, "abc" * 5]
    expected = "".join(parts)
    joined = join_sparing(list(parts))
    assert joined == expected and hash(joined) == hash(expected)
    assert sys.getsizeof(joined) == sys.getsizeof(expected)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("a\né雨\U0001f600"), max_size=40), bom=st.booleans())
def test_decoded_a_piece_at_a_time_is_the_same_text(text: str, bom: bool) -> None:
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode()
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(long_text, "DECODE_PIECE", 5)
        patched.setattr(long_text, "JOIN_STEP", 3)
        assert decode_utf8(data, 3 if bom else 0) == text
        assert decode_text("f", data) == text
        assert decode_text("f", text.encode("utf-16")) == text  # a surrogate pair may be cut between pieces


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("a\né雨\U0001f600"), min_size=1, max_size=40), data=st.data())
def test_a_bad_byte_is_found_where_one_decode_finds_it(text: str, data: st.DataObject) -> None:
    raw = bytearray(text.encode())
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] = data.draw(st.sampled_from([0xFF, 0x80, 0xC3, 0xF0]))
    raw_bytes = bytes(raw)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(long_text, "DECODE_PIECE", 5)
        try:
            whole = raw_bytes.decode()
        except UnicodeDecodeError as error:
            with pytest.raises(UnicodeDecodeError) as pieced:
                decode_utf8(raw_bytes)
            found = (pieced.value.start, error.start)
        else:
            found = (decode_utf8(raw_bytes), whole)
    assert found[0] == found[1]


def test_a_bad_byte_of_a_large_file_is_named_by_line_and_column(tiny_steps: None) -> None:
    data = b"date,title\n2024-01-01,one\n2024-01-02,tw\xffo\n"
    with pytest.raises(TimelineError) as error:
        decode_text("f.csv", data)
    assert "line 3, column 14" in str(error.value) and "0xff" in str(error.value)


def test_a_csv_line_too_long_to_read_is_refused_naming_its_row(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_import, "LINES_CHUNK", 8)
    monkeypatch.setattr(csv_import, "LONGEST_LINE", 64)
    path = tmp_path / "long.csv"
    rows = ["Year,Month,Day,Headline", "2024,1,2,First", "2024,1,3," + "é" * 200, "2024,1,4,Last"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(TimelineError) as error:
        open_timeline(path)
    message = str(error.value)
    assert "row 3: cannot read the row: a line is longer than 64 characters" in message
    path.write_text("\n".join([rows[0], rows[1], rows[3]]) + "\n", encoding="utf-8")  # under the limit: read
    assert [event.title for event in open_timeline(path).events] == ["First", "Last"]


def test_a_csv_of_lines_ended_by_carriage_returns_alone_is_read_in_chunks(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_import, "LINES_CHUNK", 8)
    monkeypatch.setattr(csv_import, "LONGEST_LINE", 64)
    path = tmp_path / "mac.csv"  # Excel's "CSV (Macintosh)": lines end with CR alone
    path.write_bytes(("Year,Headline\r" + "".join(f"{1900 + k},Event {k}\r" for k in range(30))).encode())
    assert [event.title for event in open_timeline(path).events] == [f"Event {k}" for k in range(30)]
    rows = ["Year,Headline", "1900,First", "1901," + "é" * 200, "1902,Last"]
    path.write_bytes("\r".join(rows).encode())
    with pytest.raises(TimelineError) as error:
        open_timeline(path)
    assert "row 3: cannot read the row: a line is longer than 64 characters" in str(error.value)


def test_a_first_line_is_looked_at_only_so_far(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_import, "FIRST_LINE_CHARS", 10)
    assert csv_import.first_line("\n\nYear,Month\n2024,1") == "Year,Mon"  # cut after ten characters
    assert csv_import.first_line("sep=;\nab;cd\n") == "ab;cd"


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("a é\u2018\u2019\u201c\u201d\u00ab\u00bb\u00a0\u2009\u202f\u2032\u2033\U0001f600"), max_size=40))
def test_quote_marks_are_folded_as_the_table_says(text: str) -> None:
    assert _fold_marks(text) == text.translate(_FOLD)


def test_a_long_source_is_folded_and_joined_into_the_text_one_fold_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    import model.provenance.quotes as quotes

    text = "  The \u201cdeal\u201d\u00a0was  \n signed. 雨 \U0001f600 " * 50
    whole = NormalizedText(text)
    monkeypatch.setattr(quotes, "_CHUNK", 7)
    monkeypatch.setattr(long_text, "JOIN_STEP", 3)
    pieced = NormalizedText(text)
    assert pieced.text == whole.text
    assert pieced.find('"deal" was signed') == whole.find('"deal" was signed') is not None


def test_search_looks_at_the_first_characters_of_a_field_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SEARCHED_CHARS", 20)
    assert search._fold_line("Déjà vu, then the needle") == search._fold_line("Déjà vu, then the ne")
    assert "needle" not in search._fold_line("Déjà vu, then the needle")
    assert "needle" in search._fold_line("the needle, then Déjà vu")


@pytest.mark.parametrize(("content", "expected"), [
    ('{"title": "T",\n "x": "' + "é" * 300 + '"\n  "y": 1}', 'line 3, column 3: invalid JSON: expected \',\' or \'}\''),
    ('[\n  "' + "雨" * 300 + '",\n  {"a": ]', "line 3, column 9: invalid JSON: invalid character"),
    ('{"x": "' + "é" * 300 + '"}', "found a JSON object with keys x, and no events"),
    ('["' + "\U0001f600" * 300 + '"]', "found a JSON list of 1 values, not objects"),
])
def test_large_json_that_is_no_timeline_is_named_without_one_long_decode(content: str, expected: str, tmp_path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import model.formats.long_strings as long_strings
    import model.formats.registry as registry

    monkeypatch.setattr(registry, "PIECES_FROM_BYTES", 64)  # "large": read by msgspec with long strings apart
    monkeypatch.setattr(long_strings, "LONG_STRING", 100)
    path = tmp_path / "big.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TimelineError) as error:
        open_timeline(path)
    assert expected in str(error.value), str(error.value)


@pytest.mark.parametrize("content", [
    '{"items": [' + ", ".join(f'{{"id": {k}, "content": "Item {k} é", "start": "2024-01-{k + 1:02d}"}}' for k in range(5)) + "]}",
    '{"title": {"text": {"headline": "T"}}, "events": [' + ", ".join(
        f'{{"start_date": {{"year": 2024, "month": {k + 1}}}, "text": {{"headline": "H{k} \u00e9", "text": "{"雨" * 200}"}}}}'
        for k in range(4)) + "]}",
    '{"format": "timeline-viewer/1", "title": "Own", "lanes": [{"id": "l", "name": "L"}], "events": [{"id": "e", '
    '"title": "E", "start": "2024-05-01", "lanes": ["l"]}]}',
])
def test_large_json_not_cut_apart_opens_as_it_does_small(content: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import model.formats.long_strings as long_strings
    import model.formats.registry as registry

    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    small = open_timeline(path)
    monkeypatch.setattr(registry, "PIECES_FROM_BYTES", 64)
    monkeypatch.setattr(registry, "_large_json", lambda data: None)  # an odd layout: read whole, strings apart
    monkeypatch.setattr(long_strings, "LONG_STRING", 100)
    read: list[str] = []
    decode_large = registry._decode_large
    monkeypatch.setattr(registry, "_decode_large", lambda data, name: read.append(name) or decode_large(data, name))
    large = open_timeline(path)
    assert read == ([] if '"format"' in content else [str(path)])  # the own format is told apart before
    assert [(e.title, e.summary, e.start) for e in large.events] == [(e.title, e.summary, e.start) for e in small.events]
    assert large.doc.title == small.doc.title and len(large.events) >= 1


def test_lane_and_source_names_are_folded_as_far_as_search_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SEARCHED_CHARS", 12)
    assert search._fold_name("Déjà Vu Holdings and Partners") == "deja vu hold"
    monkeypatch.setattr(search, "FIND_WINDOW", 4)
    assert search.find_span("one two three four five six", "two") == (4, 7)
    assert search.find_span("one two three four five six", "six") is None  # past what search reads
