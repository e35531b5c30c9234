"""benchmarks/report.py: a benchmark rewrites its own sections of results.md and leaves the others."""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import write_report


def test_a_section_is_replaced_in_place_and_the_others_stay(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    path.write_text("# Title\n\nold table\n\n## A\n\nold a\n\n## B\n\nb stays\n", encoding="utf-8")
    write_report(path, "## A\n\nnew a\n")
    assert path.read_text(encoding="utf-8") == "# Title\n\nold table\n\n## A\n\nnew a\n\n## B\n\nb stays\n"


def test_a_new_section_goes_last_and_a_head_replaces_the_head(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    path.write_text("# Title\n\nold table\n\n## A\n\na\n", encoding="utf-8")
    write_report(path, "# Title\n\nnew table\n\n## C\n\nc\n")
    assert path.read_text(encoding="utf-8") == "# Title\n\nnew table\n\n## A\n\na\n\n## C\n\nc\n"


def test_a_missing_file_is_written(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    write_report(path, "## A\n\na\n")
    assert path.read_text(encoding="utf-8") == "## A\n\na\n"
