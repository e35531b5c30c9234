"""The HTML parser behind :func:`model.provenance.plain_text.html_to_text`: text, line breaks where the markup puts them, links.

Kept apart so that ``html.parser`` and the entity table load with the first markup, not at start-up.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_SKIPPED = frozenset({"script", "style", "template", "head", "title", "noscript"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
})
_PARAGRAPHS = frozenset({"p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})


class TextParser(HTMLParser):
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
