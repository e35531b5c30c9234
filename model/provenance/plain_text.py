"""Plain text from the HTML and stray control characters imported files carry, and ids made from text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from model.long_text import join_sparing
from model.work import checkpoint

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters, and the bidi overrides that make "red\u202etxt.exe" read as "redexe.txt"."""
_TAG = re.compile(r"<[a-zA-Z/!?]")
_BLANK_LINES = re.compile(r"\n{3,}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LATIN = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
"""Letters that Unicode decomposition leaves non-ASCII."""

LONG_TEXT = 1 << 20
"""Characters of a text cleaned at once (about 5 ms): a longer one is cleaned a piece at a time, with a checkpoint
between, since each pass holds the interpreter (a 100 MB summary held the window for a second)."""


def strip_controls(text: str) -> str:
    """``text`` with line ends made ``\\n`` and control characters other than newline and tab removed."""
    return _strip_long(text) if len(text) > LONG_TEXT else _strip(text)


def _strip(text: str) -> str:
    if text.isprintable():  # the common case, checked in C: no control, no line end, no bidi override
        return text
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _strip_long(text: str) -> str:
    """:func:`strip_controls` of a long text, :data:`LONG_TEXT` characters at a time (a "\\r\\n" is never cut)."""
    parts: list[str] = []
    changed = False
    at = 0
    while at < len(text):
        checkpoint()
        cut = min(at + LONG_TEXT, len(text))
        if text[cut - 1] == "\r":
            cut += 1
        piece = text[at:cut]
        clean = _strip(piece)
        changed = changed or clean is not piece
        parts.append(clean)
        at = cut
    return join_sparing(parts) if changed else text


def plain_text(text: str) -> str:
    """Readable plain text from an HTML fragment (or from text that only looks like one)."""
    if _is_plain(text):
        return text
    return html_to_text(text)[0]


def _is_plain(text: str) -> bool:
    """Whether :func:`html_to_text` would return ``text`` unchanged: one printable line, no markup, no entity, tidy spaces."""
    return text.isprintable() and "<" not in text and "&" not in text and "  " not in text and text == text.strip()


CACHED_CHARS = 10_000
"""Texts up to this long are remembered by :func:`html_to_text` (files repeat short markup: a credit, a group); a
longer one is not, so that the cache never keeps megabytes of text alive after the timeline is gone."""


def html_to_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Plain text from an HTML fragment, and the targets of its links."""
    return _cached_html_to_text(text) if len(text) <= CACHED_CHARS else _html_to_text(text)


@lru_cache(maxsize=4096)
def _cached_html_to_text(text: str) -> tuple[str, tuple[str, ...]]:
    return _html_to_text(text)


def _html_to_text(text: str) -> tuple[str, tuple[str, ...]]:
    import html  # the markup parser and the entity table load with the first markup, not at start-up

    from model.provenance.markup import TextParser

    text = strip_controls(text)
    if not _TAG.search(text):
        lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
        return strip_controls(_tidy("\n".join(lines))), ()
    parser = TextParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken declarations ("<![0"): read as text
        lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
        return strip_controls(_tidy("\n".join(lines))), ()
    return strip_controls(_tidy("".join(parser.parts))), tuple(parser.links)


def one_line(text: str) -> str:
    """Plain text of an HTML fragment on one line, as a title needs it."""
    if _is_plain(text):
        return text
    return " ".join(plain_text(text).split())


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def slugify(text: str, limit: int = 60) -> str:
    """A lowercase ASCII id made from ``text``: "Big Bang!" -> "big-bang" (empty when nothing is left)."""
    latin = text.lower() if text.isascii() else unicodedata.normalize("NFKD", text.lower().translate(_LATIN))
    return _NOT_SLUG.sub("-", latin.encode("ascii", "ignore").decode("ascii")).strip("-")[:limit].strip("-")


def unique(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not in ``used``; the result is added to it."""
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


class UniqueIds:
    """Hands out ids not handed out before: ``base``, then ``base-2``, ``base-3``... counted per base, so that a
    hundred thousand events with one title still take linear time."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, base: str) -> str:
        """``base`` or the first free ``base-N``; it is used from now on."""
        candidate = base
        if candidate in self.used:
            n = self._next.get(base, 1)
            while candidate in self.used:
                n += 1
                candidate = f"{base}-{n}"
            self._next[base] = n
        self.used.add(candidate)
        return candidate
