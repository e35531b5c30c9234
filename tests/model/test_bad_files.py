"""Bad files: each gives a TimelineError naming the file, the place and what was expected; none gives anything else."""

from __future__ import annotations

import builtins
import codecs
import os
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from model.errors import MAX_LISTED, Problem, TimelineError
from model.formats import reader
from model.formats.csv_import import load_csv
from model.formats.native import load_timeline, load_timeline_bytes, validation_problem
from model.formats.registry import open_timeline
from model.formats.timelinejs import load_timelinejs
from model.timeline import TimelineDoc

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
MINIMAL = '{"title": "T", "events": [{"id": "a", "title": "A", "start": "2020"}]}'


def error_of(path: Path, opener: Callable[[Path], object] = open_timeline) -> TimelineError:
    with pytest.raises(TimelineError) as info:
        opener(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: ")
    return info.value


def lines_of(path: Path, opener: Callable[[Path], object] = open_timeline) -> list[str]:
    return [str(p) for p in error_of(path, opener).problems]


def write(tmp_path: Path, content: str | bytes, name: str = "timeline.json") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_invalid_json_names_line_and_column() -> None:
    expected = "line 4, column 47: invalid JSON: Expecting property name enclosed in double quotes"
    assert lines_of(BAD / "invalid_json.json") == [expected]


def test_wrong_types_and_missing_fields_are_all_listed() -> None:
    assert lines_of(BAD / "wrong_types.json") == [
        "title: expected a string, found 42",
        "events[0].id: is missing",
        "events[0].start: expected a string, found 2020",
        'events[1].quotes: expected a list, found "not a list"',
        'events[1].importance: expected a whole number, found "high"',
        'events[2]: expected an object, found "not an event"',
        "lanes: expected a list, found an object",
    ]


def test_every_meaning_problem_is_listed() -> None:
    assert lines_of(BAD / "problems.json") == [
        "events[0].start: '2025-02-30' is not a date: day 30 does not exist in February 2025",
        "events[1].end: '2020' is before the start '2021'",
        "eras[0].end: '1990' is before the start '2000'",
        "lanes[1].id: duplicate id 'l' (also lanes[0])",
        "events[3].id: duplicate id 'a' (also events[0])",
        "events[2].quotes[0].source: unknown source 'nowhere'",
        "events[3].lanes[0]: unknown lane 'nolane'",
    ]


def test_impossible_timelinejs_dates_name_their_json_path() -> None:
    for opener in (open_timeline, load_timelinejs):
        assert lines_of(BAD / "bad_dates.timelinejs.json", opener) == [
            "events[3].start_date: 2025-02-30 does not exist (February 2025 has 28 days)",
            "events[4].start_date.month: 13 is not a month (expected 1-12)",
        ]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    assert lines_of(write(tmp_path, content)) == ["file is empty"]


def test_binary_files() -> None:
    assert lines_of(BAD / "binary.json") == ["file is binary, not a text timeline"]


def test_binary_files_are_refused_before_they_are_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, b"\x00" * 10 + b"x" * (1 << 20))
    reads: list[int] = []
    real_fdopen = os.fdopen

    class CountingFile:
        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "rb")

        def fileno(self) -> int:
            return self.handle.fileno()

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return self.handle.read(size)

        def __enter__(self) -> CountingFile:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": CountingFile(fd))
    assert lines_of(path) == ["file is binary, not a text timeline"]
    assert reads == [reader.BINARY_CHECK_BYTES]


def test_non_utf8_files_name_the_line_and_column() -> None:
    assert lines_of(BAD / "latin1.csv") == ["line 2, column 13: byte 0xe9 is not UTF-8 text; save the file as UTF-8"]


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF16_LE + "Year\tHeadline\r\n2020\tCafé\r\n".encode("utf-16-le"), "excel.txt")
    assert [e.title for e in open_timeline(path).events] == ["Café"]


def test_files_over_the_size_limit_are_refused_without_being_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINIMAL + " " * 2000)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1024)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(builtins, "open", refuse)
    size = path.stat().st_size
    for opener in (open_timeline, load_timeline, load_csv, load_timelinejs):
        assert lines_of(path, opener) == [f"file is {size:,} bytes; the limit is 1,024 bytes"]


def test_missing_files_and_folders(tmp_path: Path) -> None:
    assert lines_of(tmp_path / "nowhere.json") == ["No such file or directory"]
    assert lines_of(tmp_path) == ["Is a directory"]


@pytest.mark.parametrize("opener", [open_timeline, load_timeline, load_timelinejs])
def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path, opener: Callable[[Path], object]) -> None:
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    limit = reader.MAX_NESTING
    assert lines_of(path, opener) == [f"JSON is nested {limit + 1} levels deep; at most {limit} are allowed"]


def test_deep_nesting_in_an_ignored_field_is_an_error_not_a_crash() -> None:
    data = MINIMAL[:-1].encode() + b', "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(TimelineError, match="nested 65 levels deep"):
        load_timeline_bytes(data, "deep.json", lambda file: "")


def test_numbers_too_long_for_python_are_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('"start": "2020"', '"start": "2020", "importance": ' + "9" * 5000))
    assert lines_of(path) == ["invalid JSON: a number has more than 4,300 digits"]


def test_sources_that_cannot_be_read(tmp_path: Path) -> None:
    sources = '[{"id": "a", "title": "A", "file": "../outside.txt"}, {"id": "b", "title": "B", "file": "missing.txt"}]'
    (tmp_path / "outside.txt").write_text("outside", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    path = write(tmp_path / "sub", MINIMAL[:-1] + f', "sources": {sources}}}')
    assert lines_of(path) == [
        "sources[0].file: cannot read '../outside.txt': '../outside.txt' is outside the timeline's folder",
        "sources[1].file: cannot read 'missing.txt': No such file or directory",
    ]


def test_source_files_over_their_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.txt").write_text("x" * 100, encoding="utf-8")
    path = write(tmp_path, MINIMAL[:-1] + ', "sources": [{"id": "a", "title": "A", "file": "big.txt"}]}')
    monkeypatch.setattr(reader, "MAX_SOURCE_BYTES", 10)
    too_large = "'big.txt' is too large for a source document (the limit is 10 bytes)"
    assert lines_of(path) == [f"sources[0].file: cannot read 'big.txt': {too_large}"]


def test_unknown_number_format_and_bad_era_dates(tmp_path: Path) -> None:
    extra = (', "sources": [{"id": "a", "title": "A", "number_format": "EU"}],'
             ' "eras": [{"title": "E", "start": "x", "end": "2020-13"}]}')
    assert lines_of(write(tmp_path, MINIMAL[:-1] + extra)) == [
        "eras[0].start: 'x' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        "eras[0].end: '2020-13' is not a date: month 13 is not 1-12",
        "sources[0].number_format: expected 'en' or 'eu', found 'EU'",
    ]


def test_msgspec_validation_errors_name_their_path() -> None:
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert({"title": "T", "events": [{"id": "a", "title": "A", "start": 5}]}, TimelineDoc)
    assert validation_problem(info.value) == Problem("events[0].start", "Expected str, got int")


def test_html_in_the_own_format_stays_literal_and_control_characters_go(tmp_path: Path) -> None:
    text = MINIMAL.replace('"title": "A"', r'"title": "<b>A</b>\u0000\u001b[2J", "summary": "one\r\ntwo\u0007\tthree"')
    event = open_timeline(write(tmp_path, text)).events[0]
    assert (event.title, event.summary) == ("<b>A</b>[2J", "one\ntwo\tthree")


def test_html_and_control_characters_in_imports_become_plain_text(tmp_path: Path) -> None:
    raw = ('{"events": [{"start_date": {"year": 2020}, "text": {"headline": "<h1>Big</h1> &lt;news&gt;\\u0000",'
           ' "text": "<ul><li>one</li><li>two</li></ul><style>p {}</style>\\u009b"}}]}')
    event = open_timeline(write(tmp_path, raw)).events[0]
    assert (event.title, event.summary) == ("Big <news>", "\u2022 one\n\u2022 two")


def test_the_message_lists_at_most_a_page_of_problems(tmp_path: Path) -> None:
    events = ",".join(f'{{"id": "e{i}", "title": "E", "start": "2020-02-3{i % 2}"}}' for i in range(200))
    error = error_of(write(tmp_path, f'{{"title": "T", "events": [{events}]}}'))
    assert len(error.problems) == 200
    assert str(error).count("\n") == MAX_LISTED + 1
    assert str(error).endswith("... and 150 more")
    assert error.first_line() == f"{tmp_path / 'timeline.json'}: events[0].start: '2020-02-30' is not a date: " \
                                 "day 30 does not exist in February 2020 (and 199 more)"
