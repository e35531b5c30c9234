"""Writing benchmark results into benchmarks/results.md: each runner replaces only its own sections."""

from __future__ import annotations

from pathlib import Path


def write_report(path: Path, text: str) -> None:
    """Put ``text`` into ``path``: each of its ``## `` sections replaces the section of the same heading (or is
    added at the end); what comes before its first section, if anything, replaces the file's head. Every other
    section of the file stays as it was."""
    head, sections = _split(text)
    old_head, old_sections = _split(path.read_text(encoding="utf-8") if path.exists() else "")
    merged = dict(old_sections)
    merged.update(sections)  # a replaced section keeps its place; a new one goes last
    parts = [head.strip("\n") or old_head.strip("\n")] + [body.strip("\n") for body in merged.values()]
    path.write_text("\n\n".join(part for part in parts if part) + "\n", encoding="utf-8")


def _split(text: str) -> tuple[str, dict[str, str]]:
    """The text before its first ``## `` heading, and each section (heading line to the next heading) by heading."""
    chunks = ("\n" + text).split("\n## ")
    sections = {}
    for chunk in chunks[1:]:
        heading = "## " + chunk.split("\n", 1)[0].strip()
        sections[heading] = "## " + chunk
    return chunks[0].lstrip("\n"), sections
