"""Plain text from the HTML and stray control characters imported files carry, and ids made from text."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters, and the bidi overrides that make "red\u202etxt.exe" read as "redexe.txt"."""
_TAG = re.compile(r"<[a-zA-Z/!?]")
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LATIN = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
"""Letters that Unicode decomposition leaves non-ASCII."""

_SKIPPED = frozenset({"script", "style", "template", "head", "title", "noscript"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
})
_PARAGRAPHS = frozenset({"p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})


class _TextParser(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks where the markup puts them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag in _PARAGRAPHS else "\n")
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS and tag != "li":
            self.parts.append("\n\n" if tag in _PARAGRAPHS else "\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(_HTML_SPACE.sub(" ", data))


def strip_controls(text: str) -> str:
    """``text`` with line ends made ``\\n`` and control characters other than newline and tab removed."""
    if text.isprintable():  # the common case, checked in C: no control, no line end, no bidi override
        return text
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def plain_text(text: str) -> str:
    """Readable plain text from an HTML fragment (or from text that only looks like one)."""
    if _is_plain(text):
        return text
    return html_to_text(text)[0]


def _is_plain(text: str) -> bool:
    """Whether :func:`html_to_text` would return ``text`` unchanged: one printable line, no markup, no entity, tidy spaces."""
    return text.isprintable() and "<" not in text and "&" not in text and "  " not in text and text == text.strip()


@lru_cache(maxsize=4096)
def html_to_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Plain text from an HTML fragment, and the targets of its links."""
    text = strip_controls(text)
    if not _TAG.search(text):
        lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
        return strip_controls(_tidy("\n".join(lines))), ()
    parser = _TextParser()
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
