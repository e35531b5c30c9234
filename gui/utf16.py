"""Python character offsets to Qt's UTF-16 positions and back, in one place.

Python counts a character outside the Basic Multilingual Plane (an emoji, a mathematical letter) as one; Qt's
text positions count UTF-16 code units, two for such a character. Every offset into a source that goes to a
QTextCursor, and every cursor position that comes back, goes through :class:`Utf16Positions`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

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
