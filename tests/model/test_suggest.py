"""Candidate events: dated sentences, verbatim, with their actors; and main.py --suggest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from model.default import load_default
from model.provenance.suggest import Candidate, matching_event, sentences, suggest
from model.time.timepoint import Precision, TimePoint
from model.timeline import Lane

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "resources" / "sources"
WIRED = SOURCES / "wired-italy-coreweave-openai-2025-03-12.txt"
BLOG = SOURCES / "openai-invests-12-billion-in-coreweave.txt"


def read(path: Path) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_sentences_keep_their_offsets_and_do_not_split_inside_abbreviations_or_figures() -> None:
    text = "Apple Inc. paid $11.9 billion to Mr. Smith in the U.S. on Monday. Then it rose!\nA heading\n\n  Next one? Yes."
    found = sentences(text)
    assert [s.text for s in found] == ["Apple Inc. paid $11.9 billion to Mr. Smith in the U.S. on Monday.", "Then it rose!",
                                       "A heading", "Next one?", "Yes."]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_a_very_long_line_is_cut_into_bounded_quotes() -> None:
    text = "word " * 200_000
    found = sentences(text)
    assert max(len(s.text) for s in found) <= 1_200
    assert all(text[s.start:s.end] == s.text for s in found)


def contract(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.point == TimePoint(2025, 3, 10)]


def test_wired_suggests_the_10_march_2025_contract_at_day_precision_with_its_actors() -> None:
    timeline = load_default()
    text = read(WIRED)
    (found,) = contract(suggest(text, TimePoint.parse("2025-03-12"), timeline.lanes))
    assert found.point is not None and found.point.precision == Precision.DAY
    assert found.mention.text == "Monday, March 10, 2025" and not found.vague
    assert text[found.quote_start:found.quote_start + len(found.quote)] == found.quote
    assert found.quote.startswith("The announcement, which took place on Monday, March 10, 2025,")
    assert set(found.actors) == {"microsoft", "coreweave"}  # as the sentence names them (OpenAI is not in it)


def test_the_blog_states_no_date_so_its_sentences_are_vague_not_dated() -> None:
    timeline = load_default()
    found = suggest(read(BLOG), TimePoint.parse("2025-03"), timeline.lanes)
    assert [c.mention.text for c in found] == ["Recently", "lately"]
    assert all(c.vague and c.point is None for c in found)
    assert found[0].actors == ("microsoft", "coreweave")


def test_actors_match_lane_names_ids_and_parts_of_a_name_in_any_case() -> None:
    lanes = [Lane("stargate", "SoftBank / Oracle"), Lane("openai", "OpenAI"), Lane("ms", "Microsoft")]
    (found,) = suggest("In January 2025, Openai joined Oracle and Microsoft’s team.", None, lanes)
    assert found.actors == ("stargate", "openai", "ms")


def test_a_candidate_matching_an_event_is_offered_as_its_quote() -> None:
    timeline = load_default()
    text = read(WIRED)
    candidates = suggest(text, TimePoint.parse("2025-03-12"), timeline.lanes)
    january = next(c for c in candidates if c.mention.text == "January 2023")
    match = matching_event(january, timeline.events, "wired")
    assert match is not None and match.title == "Microsoft invests billions in OpenAI" and match.quoted
    (march,) = contract(candidates)
    # Microsoft is not one of the contract's actors, but the contract event already quotes this sentence on this day:
    # offering it as "a new event" made a duplicate of the contract
    match = matching_event(march, timeline.events, "wired")
    assert match is not None and match.event_id == "openai-coreweave-contract" and match.quoted


def test_a_sentence_quoted_on_another_day_or_from_another_source_is_still_offered() -> None:
    timeline = load_default()
    (march,) = contract(suggest(read(WIRED), TimePoint.parse("2025-03-12"), timeline.lanes))
    assert matching_event(march, timeline.events, "blog") is None  # the same words from another source are new evidence
    moved = [e for e in timeline.events if e.id != "openai-coreweave-contract"]
    assert matching_event(march, moved, "wired") is None


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"})


def test_cli_prints_one_json_object_per_candidate_with_offsets_into_the_text(tmp_path: Path) -> None:
    source = tmp_path / "wired.txt"
    source.write_bytes(WIRED.read_bytes().replace(b"\n", b"\r\n"))  # offsets are those of the text as Python reads it
    out = run_cli("--suggest", str(source), "--published", "2025-03-12")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    text = read(source)
    for row in rows:
        assert set(row) >= {"date", "date_text", "date_start", "quote", "quote_start", "vague"}
        assert text[row["quote_start"]:row["quote_start"] + len(row["quote"])] == row["quote"]
        assert text[row["date_start"]:row["date_start"] + len(row["date_text"])] == row["date_text"]
    assert {"date": "2025-03-10", "date_text": "Monday, March 10, 2025", "vague": False}.items() <= rows[2].items()
    assert [r["date"] for r in rows] == ["2025-03-12", None, "2025-03-10", "2024", "2023", "2023-01", "2025-01", None, None]


def test_cli_takes_the_published_date_of_a_known_source_and_imports_no_qt_widgets() -> None:
    code = (f"import sys; from gui.app import main; main(['--suggest', {str(WIRED)!r}]); "
            "print('QT' if {'PySide6.QtWidgets', 'PySide6.QtGui'} & set(sys.modules) else 'no Qt widgets', file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stderr.strip().endswith("no Qt widgets")  # gui/__init__ imports QtCore alone, for its liveness check
    assert any(json.loads(line)["date"] == "2025-01" for line in out.stdout.splitlines())  # "in January" needs 2025-03-12


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8 text"),
    (b"plain\x00text", "binary file"),
])
def test_cli_refuses_what_is_not_text_in_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    out = run_cli("--suggest", str(source))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and message in out.stderr and str(source) in out.stderr


def test_cli_reports_a_bad_published_date_and_a_missing_file(tmp_path: Path) -> None:
    bad = run_cli("--suggest", str(WIRED), "--published", "12/03/2025")
    assert bad.returncode == 2 and bad.stderr.startswith("error: --published:")
    missing = run_cli("--suggest", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "nope.txt" in missing.stderr


def test_cli_with_no_dates_and_with_a_megabyte_on_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "none.txt"
    empty.write_text("No dates here at all. Just words.\n", encoding="utf-8")
    assert run_cli("--suggest", str(empty)).stdout == ""
    big = tmp_path / "big.txt"
    big.write_text("On March 10, 2025 it rose and " * 35_000, encoding="utf-8")
    out = run_cli("--suggest", str(big), "--published", "2025-03-12")
    assert out.returncode == 0
    rows = out.stdout.splitlines()
    assert len(rows) >= 800 and all(len(json.loads(r)["quote"]) <= 1_200 for r in rows[:50])
