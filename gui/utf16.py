"""Python character offsets to Qt's UTF-16 positions and back, in one place.

Python counts a character outside the Basic Multilingual Plane (an emoji, a mathematical letter) as one; Qt's
text positions count UTF-16 code units, two for such a character. Every offset into a source that goes to a
QTextCursor, and every cursor position that comes back, goes through :class:`Utf16Positions`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from model.provenance.markdown_text import is_markdown, readable_markdown

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Positions:
    """Converts between Python offsets and UTF-16 positions in one text (one scan of the text, then lookups)."""

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        """Python offsets of the characters that take two UTF-16 units."""
        self._astral16 = [offset + k for k, offset in enumerate(self._astral)]
        """Their UTF-16 positions."""

    def position(self, offset: int) -> int:
        """The UTF-16 position of Python offset ``offset``."""
        return offset + bisect_left(self._astral, offset)

    def offset(self, position: int) -> int:
        """The Python offset of UTF-16 position ``position`` (inside a surrogate pair: the character after it)."""
        return position - bisect_right(self._astral16, position - 2)


LONGEST_LINE = 5_000
"""Lines longer than this are shown broken every :data:`BREAK_EVERY` characters: Qt lays a megabyte-long line
out for seconds, a thousand short ones in milliseconds."""
BREAK_EVERY = 2_000
_LONG_LINE = re.compile(f"[^\\n]{{{LONGEST_LINE},}}")


class ShownText:
    """A source as the document view shows it (very long lines broken), with its offsets mapped both ways."""

    def __init__(self, text: str) -> None:
        self.breaks = [b for m in _LONG_LINE.finditer(text) for b in range(m.start() + BREAK_EVERY, m.end(), BREAK_EVERY)]
        """Python offsets in the source before which a line break is shown (one that the source does not have)."""
        pieces, last = [], 0
        for b in self.breaks:
            pieces.append(text[last:b])
            last = b
        pieces.append(text[last:])
        self.text = "\n".join(pieces)
        """What the view shows."""
        self._shown = [b + k for k, b in enumerate(self.breaks)]
        """Where each added break is in the shown text."""
        self._utf16 = Utf16Positions(self.text)

    def position(self, offset: int) -> int:
        """The Qt position of source offset ``offset``."""
        return self._utf16.position(offset + bisect_right(self.breaks, offset))

    def end_position(self, offset: int) -> int:
        """The Qt position where a span ending at source offset ``offset`` ends."""
        return self.position(offset)

    def offset(self, position: int) -> int:
        """The source offset of Qt position ``position``."""
        shown = self._utf16.offset(position)
        return shown - bisect_left(self._shown, shown)


class ReadableText:
    """A Markdown source as the document view shows it (tables as plain lines, see
    :mod:`model.provenance.markdown_text`), with its offsets mapped both ways."""

    def __init__(self, text: str) -> None:
        self._readable = readable_markdown(text)
        self.text = self._readable.text
        """What the view shows."""
        self._utf16 = Utf16Positions(self.text)

    def position(self, offset: int) -> int:
        """The Qt position of source offset ``offset`` (a span's start)."""
        return self._utf16.position(self._readable.position(offset))

    def end_position(self, offset: int) -> int:
        """The Qt position where a span ending at source offset ``offset`` ends."""
        return self._utf16.position(self._readable.end_position(offset))

    def offset(self, position: int) -> int:
        """The source offset of Qt position ``position``."""
        return self._readable.offset(self._utf16.offset(position))


def shown_text(text: str, file: str | None) -> ShownText | ReadableText:
    """How the document view shows a source's text: Markdown made readable, anything else as stored."""
    return ReadableText(text) if is_markdown(file) else ShownText(text)


SHOWN_AT_MOST = 500_000
"""Characters of a source the document view shows (about 50 ms to lay out; Qt takes a second for ten million, all
in the window's thread). Of a longer source, the part around the quote is shown and the view says so."""


class Excerpt:
    """The part ``[first, stop)`` of a very long source as the document view shows it, with offsets mapped both
    ways (an offset outside the part goes to its nearer end)."""

    def __init__(self, text: str, file: str | None, first: int, stop: int) -> None:
        self.first, self.stop, self.whole = first, stop, len(text)
        self._inner = shown_text(text[first:stop], file)
        self.text = self._inner.text
        """What the view shows."""

    def _inside(self, offset: int) -> int:
        return min(max(offset - self.first, 0), self.stop - self.first)

    def position(self, offset: int) -> int:
        """The Qt position of source offset ``offset`` (a span's start)."""
        return self._inner.position(self._inside(offset))

    def end_position(self, offset: int) -> int:
        """The Qt position where a span ending at source offset ``offset`` ends."""
        return self._inner.end_position(self._inside(offset))

    def offset(self, position: int) -> int:
        """The source offset of Qt position ``position``."""
        return self.first + self._inner.offset(position)


def shown_part(text: str, file: str | None, around: int = 0) -> ShownText | ReadableText | Excerpt:
    """:func:`shown_text` of a source, or of the :data:`SHOWN_AT_MOST` characters around offset ``around`` of a
    longer one (starting at a line's start when one is near)."""
    if len(text) <= SHOWN_AT_MOST:
        return shown_text(text, file)
    first = min(max(around - SHOWN_AT_MOST // 2, 0), len(text) - SHOWN_AT_MOST)
    stop = first + SHOWN_AT_MOST
    line = text.rfind("\n", max(first - BREAK_EVERY, 0), first)
    return Excerpt(text, file, line + 1 if line >= 0 else first, stop)
