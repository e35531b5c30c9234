"""Issue 9 in the model: hostile files are refused with a message, or handled in bounded time and memory."""

from __future__ import annotations

import json
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.reliability import HOSTILE
from model.errors import TimelineError
from model.formats.registry import open_timeline, save_timeline
from model.provenance.claims import MAX_CLAIM_CHARS, MAX_FIGURES_PER_EVENT, analyse_event, analyse_timeline
from model.provenance.figures import extract_figures
from model.provenance.quotes import MAX_QUOTE_CHARS, NormalizedText, QuoteStatus, normalize
from model.work import Cancelled, Job, running

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def finishes(action: Callable[[], Any], seconds: float = 20) -> Any:
    """``action()``'s result (or the exception it raised), failing the test if it is still running after ``seconds``."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(action())
        except BaseException as exc:  # noqa: BLE001  (handed to the test)
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return out[0]


def message(path: Path | str) -> str:
    result = finishes(lambda: open_timeline(path))
    assert isinstance(result, TimelineError), f"opened: {result!r}"
    return result.summary()


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def doc_with_source(**source: Any) -> dict[str, Any]:
    return {"format": "timeline-viewer/1", "title": "T", "sources": [{"id": "s", "title": "S", **source}],
            "events": [{"id": "e", "title": "E", "start": "2024", "quotes": [{"source": "s", "text": "hello"}]}]}


# --- item 4: pipes and devices ------------------------------------------------------------------------------------
def test_a_named_pipe_is_refused_before_it_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    text = message(pipe)
    assert str(pipe) in text
    assert "is a named pipe, not a regular file" in text


def test_a_device_is_refused() -> None:
    assert "is a device, not a regular file" in message("/dev/zero")


def test_a_source_file_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "source.txt")
    text = message(write(tmp_path / "t.json", doc_with_source(file="source.txt")))
    assert "sources[0].file: cannot read 'source.txt': is a named pipe, not a regular file" in text


# --- item 5: loops, NULs, surrogates ------------------------------------------------------------------------------
def test_a_source_file_in_a_loop_of_links_is_a_message(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    text = message(write(tmp_path / "t.json", doc_with_source(file="a.txt")))
    assert "sources[0].file: cannot read 'a.txt': it is a loop of symbolic links" in text


def test_a_path_with_a_nul_is_a_message(tmp_path: Path) -> None:
    text = message(f"{tmp_path}/a\x00b.json")
    assert "the name contains a NUL character" in text


def test_a_lone_surrogate_is_saved_escaped_and_reads_back(tmp_path: Path) -> None:
    doc = {"format": "timeline-viewer/1", "title": "A\ud800B", "events": [{"id": "e", "title": "x\udfffy", "start": "2024"}]}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(doc), encoding="ascii")  # json.dumps writes the surrogates as \ud800 escapes
    timeline = open_timeline(source)
    assert timeline.title == "A\ud800B"
    out = tmp_path / "out.json"
    save_timeline(timeline, out)
    assert "\\ud800" in out.read_text(encoding="ascii")
    again = open_timeline(out)
    assert (again.title, again.events[0].title) == ("A\ud800B", "x\udfffy")


# --- item 2: bounded comparison and verification -------------------------------------------------------------------
def hostile(name: str, tmp_path: Path) -> Path:
    return write(tmp_path / f"{name}.json", HOSTILE[name]())


def test_two_sources_repeating_a_figure_are_compared_once(tmp_path: Path) -> None:
    timeline = open_timeline(hostile("figures-2000", tmp_path))
    began = time.perf_counter()
    analysis = analyse_event(timeline, 0)
    assert time.perf_counter() - began < 5  # was 92 s and 1.6 GB
    assert len(analysis.comparisons) == 1
    assert "agree" in analysis.comparisons[0].explanation


def test_figures_compared_per_event_are_limited_with_a_message(tmp_path: Path) -> None:
    figures = " ".join(f"${k} billion" for k in range(1000, 1300))
    doc = {"format": "timeline-viewer/1", "title": "T",
           "sources": [{"id": s, "title": s, "publisher": s, "text": figures} for s in "ab"],
           "events": [{"id": "e", "title": "E", "start": "2024",
                       "quotes": [{"source": "a", "text": figures}, {"source": "b", "text": figures}]}]}
    analysis = analyse_event(open_timeline(write(tmp_path / "t.json", doc)), 0)
    assert f"only the first {MAX_FIGURES_PER_EVENT:,} of 600 distinct figures were compared" in analysis.problems


def test_extracting_many_figures_is_near_linear() -> None:
    small, large = "$5 billion and 7% of 300 GPUs. " * 1_000, "$5 billion and 7% of 300 GPUs. " * 10_000
    began = time.perf_counter()
    assert len(extract_figures(small)) == 3_000
    took_small = time.perf_counter() - began
    began = time.perf_counter()
    assert len(extract_figures(large)) == 30_000
    assert time.perf_counter() - began < 30 * took_small + 1  # 10x the text; quadratic would be 100x


def test_a_quote_that_matches_only_inside_words_everywhere_gives_up_quickly(tmp_path: Path) -> None:
    timeline = finishes(lambda: open_timeline(hostile("verify-1.2MB", tmp_path)), 20)  # was 195 s
    assert timeline.quote_checks[(0, 0)].status is QuoteStatus.TOO_MANY_PARTIAL


def test_a_huge_claim_value_is_not_read(tmp_path: Path) -> None:
    doc = HOSTILE["claim-20MB"]()
    doc["events"][0]["claims"][0]["value"] = doc["events"][0]["claims"][0]["value"][:2_000_000]
    timeline = open_timeline(write(tmp_path / "t.json", doc))
    analysis = finishes(lambda: analyse_event(timeline, 0), 10)
    assert f"claim “raised”: its value is 2,000,000 characters; at most {MAX_CLAIM_CHARS:,} are read" in analysis.problems


def test_a_long_quote_is_not_checked(tmp_path: Path) -> None:
    words = "word " * MAX_QUOTE_CHARS
    doc = doc_with_source(text=words)
    doc["events"][0]["quotes"][0]["text"] = words
    timeline = open_timeline(write(tmp_path / "t.json", doc))
    assert timeline.quote_checks[(0, 0)].status is QuoteStatus.TOO_LONG
    assert "longer than 5,000 characters" in QuoteStatus.TOO_LONG.value


def test_folding_a_long_source_costs_a_few_times_its_size() -> None:
    text = "The company said   it would\nraise money. " * 250_000  # 10 MB
    tracemalloc.start()
    try:
        folded = NormalizedText(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * len(text), f"{peak / len(text):.1f} bytes a character"  # was about 50
    assert folded.find("raise money. The company said it would") is not None


def test_analysis_stops_at_a_checkpoint_when_cancelled(tmp_path: Path) -> None:
    timeline = open_timeline(hostile("figures-1000", tmp_path))
    job = Job()
    job.cancel()
    with running(job), pytest.raises(Cancelled):
        analyse_timeline(timeline)


# --- folding is the same as the character-by-character original ----------------------------------------------------
def reference_fold(original: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    in_space = False
    for i, ch in enumerate(normalize_marks(original)):
        if ch.isspace():
            if in_space or not chars:
                continue
            ch, in_space = " ", True
        else:
            in_space = False
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


def normalize_marks(text: str) -> str:
    return "".join(normalize(c) if c.strip() and normalize(c) else c for c in text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1.,  \n\t\u00a0\u2019\u201c😀")), max_size=60))
def test_folded_text_and_offsets_match_the_reference(text: str) -> None:
    folded = NormalizedText(text)
    expected_text, expected_offsets = reference_fold(text)
    assert folded.text == expected_text
    assert folded.offsets.tolist() == expected_offsets


def test_the_whitespace_table_is_pythons() -> None:
    from model.provenance.quotes import _WHITESPACE

    assert _WHITESPACE.tolist() == [c for c in range(0x110000) if chr(c).isspace()]


def test_folding_across_chunks_matches_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    import model.provenance.quotes

    monkeypatch.setattr(model.provenance.quotes, "_CHUNK", 7)
    text = "  Hello   world,\n\n  “quoted”  text\u00a0 here 😀  end  "
    folded = NormalizedText(text)
    assert (folded.text, folded.offsets.tolist()) == reference_fold(text)
