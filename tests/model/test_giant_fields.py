"""A single giant text field in an imported file: cut to a documented length with a warning naming the field, so
that no whole-field pass (markup to plain text, one line of a title) holds the interpreter for long."""

from __future__ import annotations

import gc
import json
import tracemalloc
import weakref
from pathlib import Path

import pytest

from model.formats import reader, timeline_xml
from model.formats.registry import open_timeline
from model.provenance import plain_text
from model.timeline import Timeline

LONG_FIELD = f"text fields longer than {1 << 20:,} characters were cut to that length"
"""The kind of the warnings (spelled out here: the tests must fail, not stop, without the fix)."""
LIMIT = 50
"""The field limit the tests set (the app's is a mebibyte)."""


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_FIELD_CHARS", LIMIT, raising=False)  # raising: the test fails, not the fixture
    monkeypatch.setattr(timeline_xml, "MAX_FIELD_CHARS", LIMIT, raising=False)
    monkeypatch.setattr(timeline_xml, "KEPT_TEXT_BYTES", 4 * LIMIT, raising=False)


def opened(tmp_path: Path, name: str, content: str) -> Timeline:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return open_timeline(path)


def cut_places(timeline: Timeline) -> list[str]:
    return [p.where for p in timeline.warnings if p.kind == LONG_FIELD]


LONG = "<b>Bold</b> &amp; words " * 20 + "\nand a second line"


def test_timelinejs_headline_text_and_title_are_cut_with_a_warning_each(tmp_path: Path) -> None:
    doc = {"title": {"text": {"headline": "Title", "text": LONG}},
           "events": [{"start_date": {"year": 2001}, "text": {"headline": LONG, "text": LONG}},
                      {"start_date": {"year": 2002}, "text": {"headline": "Short", "text": "<i>kept</i> whole"}}]}
    timeline = opened(tmp_path, "t.json", json.dumps(doc))
    assert cut_places(timeline) == ["title.text.text", "events[0].text.headline", "events[0].text.text"]
    assert timeline.events[0].title == "Bold & words Bold & words"  # of the first 50 characters, without a tag cut in two
    assert len(timeline.events[0].summary) < LIMIT and len(timeline.doc.description) < LIMIT
    assert (timeline.events[1].title, timeline.events[1].summary) == ("Short", "kept whole")


def test_a_timelinejs_text_given_as_a_string_is_cut_too(tmp_path: Path) -> None:
    doc = {"events": [{"start_date": {"year": 2001}, "text": "x" * (LIMIT + 1)}]}
    timeline = opened(tmp_path, "t.json", json.dumps(doc))
    assert cut_places(timeline) == ["events[0].text"] and timeline.events[0].title == "x" * LIMIT


def test_vis_content_and_title_are_cut(tmp_path: Path) -> None:
    items = [{"id": 1, "content": LONG, "title": "y" * (LIMIT + 1), "start": "2014-04-20"},
             {"id": 2, "content": "b", "start": "2014-04-21"}]
    timeline = opened(tmp_path, "v.json", json.dumps(items))
    assert cut_places(timeline) == ["[0].content", "[0].title"]
    assert timeline.events[0].title.startswith("Bold & words") and timeline.events[1].title == "b"


def xml_file(description: str) -> str:
    return ("<timeline><events><event><start>2010-05-03 00:00:00</start><end>2010-05-03 00:00:00</end><text>Big</text>"
            f"<description>{description}</description></event><event><start>2010-06-03 00:00:00</start>"
            "<end>2010-06-03 00:00:00</end><text>Small</text><description>x</description></event></events></timeline>")


def test_a_timeline_app_description_is_cut(tmp_path: Path) -> None:
    timeline = opened(tmp_path, "x.timeline", xml_file("d" * (LIMIT + 10)))
    assert cut_places(timeline) == ["events/event[1]/description"]
    assert timeline.events[0].summary == "d" * LIMIT and timeline.events[1].summary == "x"


@pytest.mark.parametrize("unit", ["a &amp; b ", "é😀&#x1F600;", "\n"])
def test_a_huge_xml_text_is_cut_before_parsing_between_characters_and_references(tmp_path: Path, unit: str) -> None:
    timeline = opened(tmp_path, "x.timeline", xml_file(unit * 10_000))
    assert cut_places(timeline)[0] == "line 1"  # where the element opens
    assert [e.title for e in timeline.events] == ["Big", "Small"] and timeline.events[1].summary == "x"
    assert len(timeline.events[0].summary) <= LIMIT


@pytest.mark.parametrize("chunk", [1, 3, 7, 64])
@pytest.mark.parametrize(("unit", "read"), [("ab&lt;c ", "ab<c "), ("é😀&#x1F600;\n", "é😀😀\n"), ("&amp;&#38;", "&&")])
def test_a_huge_xml_text_cut_across_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, unit: str,
                                           read: str) -> None:
    monkeypatch.setattr(timeline_xml, "XML_CHUNK", chunk)
    timeline = opened(tmp_path, "x.timeline", xml_file(unit * 500) + "<!-- " + "c" * 1000 + " -->")
    assert cut_places(timeline)[0] == "line 1"  # (then the description's place, when over 50 characters were kept)
    summary = timeline.events[0].summary
    assert (read * 500).startswith(summary) and len(summary) > LIMIT // 2
    assert timeline.events[1].summary == "x"


def test_blank_file_check_does_not_copy_the_file() -> None:
    data = b"x" * 10_000_000 + b"\n"
    tracemalloc.start()
    try:
        assert not reader._is_blank(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    assert reader._is_blank(b"\xef\xbb\xbf \r\n") and reader._is_blank(b"\xff\xfe \x00\n\x00")
    assert not reader._is_blank(b"\xff\xfe a\x00")


class _Text(str):
    """A string that can be watched for being freed."""


def test_html_to_text_keeps_no_long_text_alive() -> None:
    long, short = _Text("<b>x</b> " * 2_000), _Text("<b>y</b>")
    gone, kept = weakref.ref(long), weakref.ref(short)
    assert plain_text.html_to_text(long)[0].startswith("x x") and plain_text.html_to_text(short)[0] == "y"
    del long, short
    gc.collect()
    assert gone() is None and kept() is not None  # short markup is remembered: files repeat it


def test_a_giant_field_of_a_large_json_file_is_decoded_only_as_far_as_it_is_kept(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Making a 100-million-character string of accents and emoji takes 0.2 s in one step: it is never made."""
    from model.formats import long_strings, registry

    monkeypatch.setattr(registry, "PIECES_FROM_BYTES", 64)  # read as a large file is: cut apart
    monkeypatch.setattr(long_strings, "LONG_STRING", 16)
    monkeypatch.setattr(long_strings, "STRING_PIECE", 10)
    decoded: list[int] = []
    real = long_strings.decode_string

    def counted(*args):  # type: ignore[no-untyped-def]
        text = real(*args)
        decoded.append(len(text))
        return text

    monkeypatch.setattr(long_strings, "decode_string", counted)
    giant = "é😀 words " * 400  # 3,600 characters, about 7,000 bytes as JSON writes them
    doc = {"title": {"text": {"headline": "T", "text": giant}},
           "events": [{"start_date": {"year": 2001}, "text": {"headline": "H", "text": giant}},
                      {"start_date": {"year": 2002}, "text": {"headline": "Short"}}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    timeline = open_timeline(path)
    assert cut_places(timeline) == ["title.text.text", "events[0].text.text"]
    assert decoded and max(decoded) < LIMIT + 10  # decoded a piece past the limit, not 3,600 characters
    summary = timeline.events[0].summary
    assert summary == giant[:len(summary)].strip() and len(summary) <= LIMIT
    message = next(p.message for p in timeline.warnings if p.where == "events[0].text.text")
    assert f"{len(json.dumps(giant)) - 2:,} bytes in the file" in message
