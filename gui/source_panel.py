"""The side panel: the selected event, its quotes and where each comes from."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.media_card import media_card
from gui.state import NO_SELECTION, TimelineState
from gui.widgets import clear_layout, plain_label, plural, safe_link, shorten, tooltip_text
from model.provenance import UNVERIFIED, QuoteStatus
from model.timeline import Source
from model.timepoint import DateError, TimePoint


def source_line(source: Source | None, fallback: str) -> str:
    """"Title — Publisher, 12 March 2025" for a quote's source."""
    if source is None:
        return f"Unknown source {fallback!r}"
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.published:
        try:
            parts.append(TimePoint.parse(source.published).label())
        except DateError:
            parts.append(source.published)
    return " — ".join(parts[:1]) + (" — " + ", ".join(parts[1:]) if len(parts) > 1 else "")


MAX_QUOTE_CARDS = 20
"""Quotes (and notes) shown for one event; more are counted, not built (4,000 cards took minutes to lay out)."""


class SourcePanel(QScrollArea):
    """Shows title, date, actors, summary, notes and every source quote of the selected event."""

    showQuoteRequested = Signal(int, int)
    """(event, quote): open the quote in its source document."""

    def __init__(self, state: TimelineState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("sourcePanel")
        self.setAccessibleName("Sources of the selected event")
        self.setWidgetResizable(True)
        self.setMinimumWidth(320)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("sourcePanelBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(16, 14, 16, 14)
        self.body_layout.setSpacing(8)
        self.body_layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinAndMaxSize)
        self.setWidget(body)
        self.extra_sections: list[object] = []
        """Callables (panel, event) -> QWidget | None adding sections under the quotes."""
        state.selectionChanged.connect(self._on_selection_changed)
        state.timelineChanged.connect(lambda: self._on_selection_changed(state.selected))
        self._on_selection_changed(state.selected)

    def _on_selection_changed(self, event: int) -> None:
        clear_layout(self.body_layout)
        if event == NO_SELECTION:
            self._show_overview()
        else:
            self._show_event(event)
        self.body_layout.addStretch(1)
        self.verticalScrollBar().setValue(0)

    def _show_overview(self) -> None:
        timeline = self.state.timeline
        self.body_layout.addWidget(plain_label(shorten(timeline.title, 400), "panelTitle", point_size=15, bold=True))
        if timeline.doc.description:
            self.body_layout.addWidget(plain_label(shorten(timeline.doc.description), "panelSummary"))
        unverified = sum(c.status in UNVERIFIED for c in timeline.quote_checks.values())
        counts = ", ".join([plural(len(timeline.events), "event"), plural(len(timeline.doc.sources), "source"),
                            plural(len(timeline.quote_checks), "quote")])
        if unverified:
            counts += f" ({unverified:,} not verified)"
        self.body_layout.addWidget(plain_label(counts, "panelCounts", muted=True))
        self.body_layout.addWidget(plain_label("Click an event on the timeline to read its sources. "
                                               "Left and Right arrows step through events in time.", "panelHint", muted=True))

    def _show_event(self, i: int) -> None:
        timeline = self.state.timeline
        event = timeline.events[i]
        add = self.body_layout.addWidget
        add(plain_label(shorten(event.title, 400), "eventTitle", point_size=15, bold=True))
        if event.display_date:
            add(plain_label(f"\u201c{shorten(event.display_date, 300)}\u201d in the author's words", "eventDisplayDate", bold=True))
        add(plain_label(timeline.date_label(i), "eventDate", bold=True, muted=True))
        actors = ", ".join(timeline.lane_names(i))
        if actors:
            add(plain_label(actors, "eventActors", muted=True))
        if event.summary:
            add(plain_label(shorten(event.summary), "eventSummary"))
        if event.link and safe_link(event.link):
            add(self._link_button(event.link))
        if event.media is not None:
            add(media_card(event.media, timeline.path))
        if event.notes:
            add(self._notes(event.notes))
        add(plain_label(f"Sources ({len(event.quotes)})" if event.quotes else "No source quotes", "quotesHeader",
                        point_size=11, bold=True))
        for q in range(min(len(event.quotes), MAX_QUOTE_CARDS)):
            add(self._quote_card(i, q))
        if len(event.quotes) > MAX_QUOTE_CARDS:
            more = plural(len(event.quotes) - MAX_QUOTE_CARDS, "more quote")
            add(plain_label(f"… and {more}, not shown (at most {MAX_QUOTE_CARDS} are listed)", "moreQuotes", muted=True))
        for section in self.extra_sections:
            widget = section(self, i)  # type: ignore[operator]
            if widget is not None:
                add(widget)

    def _notes(self, notes: Sequence[str]) -> QFrame:
        box = QFrame()
        box.setObjectName("eventNotes")
        box.setStyleSheet("#eventNotes { background: #fff8e6; border: 1px solid #f0d9a0; border-radius: 6px; }")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(plain_label("Notes on dates and figures", "notesHeader", bold=True))
        for note in notes[:MAX_QUOTE_CARDS]:
            layout.addWidget(plain_label(shorten(f"• {note}"), "eventNote"))
        if len(notes) > MAX_QUOTE_CARDS:
            layout.addWidget(plain_label(f"… and {plural(len(notes) - MAX_QUOTE_CARDS, 'more note')}", "moreNotes", muted=True))
        return box

    def _quote_card(self, i: int, q: int) -> QFrame:
        timeline = self.state.timeline
        quote = timeline.events[i].quotes[q]
        check = timeline.quote_checks.get((i, q))
        card = QFrame()
        card.setObjectName("quoteCard")
        card.setStyleSheet("#quoteCard { background: #f7f9fb; border-left: 3px solid #9aa5b1; border-radius: 4px; }")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 10, 8)
        body = shorten(quote.text)
        text = plain_label(body if body[:1] in "“\"'‘" else f"“{body}”", "quoteText")
        font = text.font()
        font.setItalic(True)
        text.setFont(font)
        layout.addWidget(text)
        layout.addWidget(plain_label(source_line(timeline.source_by_id.get(quote.source), quote.source), "quoteSource", muted=True))
        row = QHBoxLayout()
        verified = check is not None and check.verified
        no_text = check is not None and check.status is QuoteStatus.NO_SOURCE
        if verified:
            status, color = "✓ Verified: found in the source", "#2f7d32"
        elif no_text:
            status, color = "Not checked: the source's text is not in this timeline", "#52606d"
        else:
            reason = check.status if check is not None else QuoteStatus.NOT_FOUND
            said = reason.value.capitalize() if reason.value.startswith("not checked") else f"Unverified: {reason.value}"
            status, color = f"⚠ {said}", "#b3261e"
        badge = plain_label(status, "quoteStatus")
        badge.setStyleSheet(f"color: {color};")
        row.addWidget(badge, 1)
        if verified:
            button = QPushButton("Show in source")
            button.setObjectName("showInSource")
            button.setAccessibleName(f"Show quote {q + 1} in its source")
            button.clicked.connect(lambda: self.showQuoteRequested.emit(i, q))
            row.addWidget(button)
        layout.addLayout(row)
        return card

    def _link_button(self, url: str) -> QPushButton:
        url = url.strip()
        host = QUrl(url).host(QUrl.ComponentFormattingOption.FullyEncoded)  # punycode: a look-alike host shows as xn--...
        button = QPushButton(f"Open link: {host or url}")
        button.setObjectName("eventLink")
        button.setToolTip(tooltip_text(url))
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(url)))
        return button


__all__ = ["SourcePanel", "source_line", "QFont"]
