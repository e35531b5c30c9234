"""A Markdown source (a fact check's tables) as readable plain text, with its offsets mapped to the stored text.

Quotes are found, and their offsets kept, in the text as stored; the source view shows this reading of it, so
each highlight goes through :class:`Readable`. Headings lose their ``#``, a table loses its rules and pipes:
each row reads "first cell — second cell", the further cells below it as "header: cell", a blank line between
rows; the lines of a paragraph are joined (the view wraps them). Everything else is shown as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

MARKDOWN_FILES = (".md", ".markdown")
_HEADING = re.compile(r"#{1,6}[ \t]+")
_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*")
_CELL = re.compile(r"[^|]+|(?<=\|)(?=\|)")


def is_markdown(file: str | None) -> bool:
    """Whether a source's file is Markdown, shown through :func:`readable_markdown`."""
    return file is not None and file.lower().endswith(MARKDOWN_FILES)


@dataclass(frozen=True)
class Readable:
    """The shown text, and for each of its characters taken from the stored text, where it is there."""

    text: str
    shown_at: list[int]
    """Positions in :attr:`text` of the characters that come from the stored text, increasing."""
    stored_at: list[int]
    """Their offsets in the stored text, increasing (the same length as :attr:`shown_at`)."""

    def position(self, offset: int) -> int:
        """Where stored offset ``offset`` (a span's start) is shown: at the first stored character from it on."""
        k = bisect_left(self.stored_at, offset)
        return self.shown_at[k] if k < len(self.shown_at) else len(self.text)

    def end_position(self, offset: int) -> int:
        """Where a span ending (exclusively) at stored offset ``offset`` ends in the shown text."""
        k = bisect_left(self.stored_at, offset)
        return self.shown_at[k - 1] + 1 if k > 0 else 0

    def offset(self, position: int) -> int:
        """The stored offset of shown position ``position``; for an added character (or the end), the offset just
        after the stored character before it, so that a selection ending there ends where its words do."""
        k = bisect_left(self.shown_at, position)
        if k < len(self.shown_at) and self.shown_at[k] == position:
            return self.stored_at[k]
        return self.stored_at[k - 1] + 1 if k > 0 else 0


class _Writer:
    """Builds the shown text piece by piece, remembering where stored characters came from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.shown_at: list[int] = []
        self.stored_at: list[int] = []

    def add(self, text: str) -> None:
        """Characters the reading adds (labels, line breaks)."""
        self.parts.append(text)
        self.length += len(text)

    def copy(self, stored: str, start: int, end: int) -> None:
        """Stored characters [start, end), shown as they are."""
        self.parts.append(stored[start:end])
        self.shown_at.extend(range(self.length, self.length + end - start))
        self.stored_at.extend(range(start, end))
        self.length += end - start

    def replace(self, offset: int, text: str) -> None:
        """Stored character ``offset`` shown as ``text`` (one character: a line break read as a space)."""
        self.parts.append(text)
        self.shown_at.append(self.length)
        self.stored_at.append(offset)
        self.length += len(text)

    def result(self) -> Readable:
        return Readable("".join(self.parts), self.shown_at, self.stored_at)


def readable_markdown(stored: str) -> Readable:
    """``stored`` (Markdown) as readable plain text, mapped back to it."""
    out = _Writer()
    header: list[str] = []
    in_table = False
    at = 0
    lines = stored.splitlines(keepends=True)
    for n, line in enumerate(lines):
        start, body = at, line.rstrip("\r\n")
        at += len(line)
        newline = line[len(body):]
        stripped = body.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = _cells(body, start)
            if not in_table:
                header, in_table = [stored[a:b] for a, b in cells], True
                continue
            if _RULE.fullmatch(stripped):
                continue
            _row(out, stored, cells, header)
            continue
        in_table = False
        heading = _HEADING.match(body)
        first = start + (heading.end() if heading else 0)
        out.copy(stored, first, start + len(body))
        if newline and not heading and _prose(body) and n + 1 < len(lines) and _prose(lines[n + 1]):
            out.replace(start + len(body), " ")  # a paragraph's lines read as one, wrapped by the view
        elif newline:
            out.copy(stored, start + len(body), start + len(line))
    return out.result()


def _prose(line: str) -> bool:
    """Whether a line continues a paragraph (not blank, not a heading, a table row or a list item)."""
    text = line.strip()
    return bool(text) and not _HEADING.match(text) and not text.startswith(("|", "- ", "* ", "> "))


def _cells(body: str, start: int) -> list[tuple[int, int]]:
    """Each cell of a table row as stored [start, end), its spaces trimmed."""
    inner_start = body.index("|") + 1
    inner_end = body.rindex("|")
    cells = []
    for match in _CELL.finditer(body, inner_start, inner_end):
        text = match.group()
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        cells.append((start + match.start() + left, start + match.start() + max(left, right)))
    return cells


def _row(out: _Writer, stored: str, cells: list[tuple[int, int]], header: list[str]) -> None:
    """One table row: "first — second", then "header: cell" lines, then a blank line."""
    filled = [(k, a, b) for k, (a, b) in enumerate(cells) if b > a]
    for n, (k, a, b) in enumerate(filled):
        if n == 1 and k == 1:
            out.add(" — ")
        elif n > 0:
            label = header[k].strip() if k < len(header) and header[k].strip() else f"column {k + 1}"
            out.add(f"\n    {label}: ")
        out.copy(stored, a, b)
    out.add("\n\n")
