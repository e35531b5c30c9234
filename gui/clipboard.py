"""Copy with citation: a quote, or a whole event with its quotes, as plain text and as HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from gui.widgets import safe_link, shorten
from model.provenance.credits import quote_page
from model.session import NO_SELECTION, Session
from model.time.timepoint import DateError, TimePoint
from model.timeline import Source, Timeline

if TYPE_CHECKING:
    from gui.status import Status


def citation_parts(source: Source | None, fallback: str, page: int | None = None) -> list[str]:
    """Title, publisher, date, page (of a PDF) and URL of a source, those it has."""
    if source is None:
        return [fallback]
    parts = [shorten(source.title, 1000), shorten(source.publisher or "", 1000)]  # no part of a citation is megabytes
    if source.published:
        try:
            parts.append(TimePoint.parse(source.published).label())
        except DateError:
            parts.append(shorten(source.published, 100))
    if page is not None:
        parts.append(f"p. {page}")
    parts.append(shorten(source.url or "", 4000))
    return [p.strip() for p in parts if p and p.strip()]


def citation(source: Source | None, fallback: str, page: int | None = None) -> str:
    """"Title, Publisher, 12 March 2025, p. 3, URL"."""
    return ", ".join(citation_parts(source, fallback, page))


COPY_CHARS = 100_000
"""The most characters of a quote or summary that Copy puts on the clipboard: a hostile file's 20-million-character
quote, its spaces folded and HTML-escaped on the window's thread, held it 2-3 s."""


def _quote_body(text: str) -> str:
    return " ".join(shorten(text, COPY_CHARS).split()).strip("\"“”")


def quote_text(timeline: Timeline, event: int, quote: int) -> str:
    """`"exact words" — Title, Publisher, 12 March 2025, URL`."""
    q = timeline.events[event].quotes[quote]
    page = quote_page(timeline, event, quote)
    return f"\"{_quote_body(q.text)}\" — {citation(timeline.source_by_id.get(q.source), q.source, page)}"


def quote_html(timeline: Timeline, event: int, quote: int) -> str:
    """The same as HTML: the quote, then its source with a link (http(s) only); every data text escaped."""
    q = timeline.events[event].quotes[quote]
    source = timeline.source_by_id.get(q.source)
    parts = [html.escape(p, quote=False) for p in citation_parts(source, q.source, quote_page(timeline, event, quote))]
    if source is not None and parts:
        parts[0] = f"<cite>{parts[0]}</cite>"
        if source.url and safe_link(source.url):
            parts[-1] = f'<a href="{html.escape(source.url.strip(), quote=True)}">{parts[-1]}</a>'
    return f"<blockquote><p>“{html.escape(_quote_body(q.text), quote=False)}”</p><p>— {', '.join(parts)}</p></blockquote>"


def event_text(timeline: Timeline, event: int) -> str:
    """Title, date, summary and each quote with its citation, as plain text."""
    e = timeline.events[event]
    lines = [shorten(e.title, 1000), shorten(timeline.date_label(event), 200)]
    if e.summary:
        lines += ["", shorten(e.summary, COPY_CHARS)]
    if e.quotes:
        lines.append("")
        lines += [quote_text(timeline, event, q) for q in range(len(e.quotes))]
    return "\n".join(lines)


def event_html(timeline: Timeline, event: int) -> str:
    """The same as HTML."""
    e = timeline.events[event]
    out = [f"<h3>{html.escape(shorten(e.title, 1000), quote=False)}</h3>",
           f"<p><b>{html.escape(shorten(timeline.date_label(event), 200), quote=False)}</b></p>"]
    if e.summary:
        out.append(f"<p>{html.escape(shorten(e.summary, COPY_CHARS), quote=False)}</p>")
    out += [quote_html(timeline, event, q) for q in range(len(e.quotes))]
    return "\n".join(out)


def put(text: str, rich: str) -> None:
    """Put plain text and HTML on the clipboard, for pasting into a document or an email."""
    mime = QMimeData()
    mime.setText(text)
    mime.setHtml(rich)
    QGuiApplication.clipboard().setMimeData(mime)


def copy_quote(timeline: Timeline, event: int, quote: int) -> None:
    """Right-click a quote > Copy Quote with Citation."""
    put(quote_text(timeline, event, quote), quote_html(timeline, event, quote))


def copy_event(timeline: Timeline, event: int) -> None:
    """Edit > Copy with an event selected."""
    put(event_text(timeline, event), event_html(timeline, event))


def copy_selected(session: Session, status: Status) -> None:
    """Edit > Copy: the selected event with its quotes and their citations (or a hint when none is selected)."""
    if session.selected == NO_SELECTION:
        status.show("Select an event to copy it with its sources", 5000)
        return
    copy_event(session.timeline, session.selected)
    status.show("Copied the event with its quotes and citations", 5000)
