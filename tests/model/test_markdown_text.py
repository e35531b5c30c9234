"""The fact check's Markdown read as plain text, with every quote's offsets mapped onto what is shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.default import load_default
from model.provenance.markdown_text import is_markdown, readable_markdown
from resources import resource

TABLE = ("# Facts\n\nSome words\nwrapped here.\n\n| date | event | note |\n|---|---|---|\n"
         "| 2025-03-10 | OpenAI signs | up to |\n| 2025-03-20 | Semafor reports | |\n")


def test_tables_and_headings_read_as_plain_lines() -> None:
    shown = readable_markdown(TABLE).text
    assert shown == ("Facts\n\nSome words wrapped here.\n\n2025-03-10 — OpenAI signs\n    note: up to\n\n"
                     "2025-03-20 — Semafor reports\n\n")
    assert "|" not in shown and "---" not in shown and "#" not in shown


def test_a_span_maps_to_its_words_and_back() -> None:
    readable = readable_markdown(TABLE)
    start = TABLE.index("OpenAI signs")
    end = start + len("OpenAI signs")
    assert readable.text[readable.position(start):readable.end_position(end)] == "OpenAI signs"
    assert readable.offset(readable.position(start)) == start
    assert readable.offset(readable.end_position(end)) == end  # the selection ends where the words do


def test_every_fact_check_quote_shows_whole_and_the_references_are_there() -> None:
    timeline = load_default()
    stored = resource("sources/facts.md").read_text(encoding="utf-8")
    readable = readable_markdown(stored)
    assert is_markdown(timeline.source_by_id["facts"].file)
    checks = [c for c in timeline.quote_checks.values() if c.source == "facts"]
    assert len(checks) >= 10 and all(c.verified for c in checks)
    for check in checks:
        quote = timeline.events[check.event].quotes[check.quote].text
        assert readable.text[readable.position(check.start):readable.end_position(check.end)] == quote
    assert "Where each fact comes from" in readable.text
    assert "2025-03-20 — Semafor, report that Microsoft chose not to exercise" in readable.text
    assert "|---|" not in readable.text


@given(st.text(alphabet="ab |-#\n", max_size=80))
def test_any_text_maps_monotonically(text: str) -> None:
    readable = readable_markdown(text)
    assert len(readable.shown_at) == len(readable.stored_at)
    assert all(readable.text[p] == text[o] or text[o] == "\n" for p, o in zip(readable.shown_at, readable.stored_at, strict=True))
    assert readable.stored_at == sorted(set(readable.stored_at))
    for offset in range(len(text) + 1):
        assert 0 <= readable.position(offset) <= len(readable.text)


@pytest.mark.parametrize(("file", "expected"), [("a.md", True), ("A.MARKDOWN", True), ("a.txt", False), (None, False)])
def test_which_files_are_markdown(file: str | None, expected: bool) -> None:
    assert is_markdown(file) is expected
