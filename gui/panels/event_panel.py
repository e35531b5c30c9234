"""The side panel: the selected event, its quotes and where each comes from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QFocusEvent, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui import style
from gui.actions import key_of
from gui.widgets import Button, clear_layout, plain_label, plural, safe_link, shorten, tooltip_text
from model.filter_spec import Filter
from model.provenance.credits import quote_page
from model.provenance.quotes import UNVERIFIED, QuoteStatus
from model.session import NO_SELECTION, Session
from model.time.timepoint import DateError, TimePoint
from model.timeline import QuoteRef, Source, Timeline

if TYPE_CHECKING:
    from gui.analysis import Analyses
    from gui.panels.claims_table import ClaimsSection


def source_line(source: Source | None, fallback: str) -> str:
    """"Title — Publisher, 12 March 2025" for a quote's source."""
    if source is None:
        return f"Unknown source {fallback!r}"
    parts = [shorten(source.title, 300)]  # every part cut before they are put together: a title may be megabytes
    if source.publisher:
        parts.append(shorten(source.publisher, 200))
    if source.published:
        try:
            parts.append(TimePoint.parse(source.published).label())
        except DateError:
            parts.append(shorten(source.published, 100))
    return " — ".join(parts[:1]) + (" — " + ", ".join(parts[1:]) if len(parts) > 1 else "")


MAX_QUOTE_CARDS = 20
"""Quotes (and notes) shown for one event; more are counted, not built (4,000 cards took minutes to lay out)."""

CARDS_AT_ONCE = 8
"""Quote cards built in one go: the first ones at once, the rest a few at a time as the event loop comes round, so
selecting an event never holds the window for long."""


def _card_style() -> str:
    """The quote cards' style, set once on the panel rather than on every card (each sheet costs a re-polish)."""
    p = style.current()
    badges = "".join(f'#quoteStatus[status="{name}"] {{ color: {p.css(name)}; }}' for name in ("verified", "not_checked", "unverified"))
    return (f"#sourcePanelBody {{ background: {p.css('window')}; }}"
            f"#quoteCard {{ background: {p.css('card')}; border: 2px solid {p.css('card')}; "
            f"border-left: 3px solid {p.css('card_edge')}; border-radius: 4px; }}"
            f"#quoteCard:focus {{ border: 2px solid {p.css('focus')}; border-left: 3px solid {p.css('focus')}; }}" + badges)


class QuoteCard(QFrame):
    """One quote with its source; it takes the keyboard focus, and its context menu (or Ctrl+C) copies it with its citation."""

    def __init__(self, copy: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("quoteCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._copy = copy

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        """Right-click (or the Menu key): Copy Quote with Citation."""
        menu = QMenu(self)
        menu.setObjectName("quoteMenu")
        menu.addAction("&Copy Quote with Citation", self._copy)
        menu.exec(event.globalPos())

    def event(self, event: QEvent) -> bool:
        """Ctrl+C on a focused quote copies that quote, not the whole event."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ctrl+C copies the quote with its citation."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self._copy()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Keep the focused card in sight in the scrolling panel."""
        super().focusInEvent(event)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self, 0, 16)


class EventPanel(QScrollArea):
    """Shows title, date, actors, summary, notes and every source quote of the selected event."""

    showQuoteRequested = Signal(int, int)
    """(event, quote): open the quote in its source document."""
    showFigureRequested = Signal(int, object)
    """(event, QuotedFigure): open the figure's source with the figure highlighted."""

    def __init__(self, session: Session, analyses: Analyses | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analyses = analyses
        """Where the claims section's comparisons come from (none: the panel shows no claims)."""
        self._claims_plain = True
        """Whether the claims shown come from the plain analysis (not one "as known on" a date)."""
        self._as_of_shown: float | None = None
        """The "as known on" moment the quote cards were marked for."""
        self._shown: tuple[Timeline, int] | None = None
        """The timeline and event (or NO_SELECTION) shown: an open keeping the selection tells both, shown once."""
        self.setObjectName("sourcePanel")
        self.setAccessibleName("Sources of the selected event")
        self.setWidgetResizable(True)
        self.setMinimumWidth(320)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes straight to the quotes; F6 still lands here when there are none
        body = QWidget()
        body.setObjectName("sourcePanelBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(16, 14, 16, 14)
        self.body_layout.setSpacing(8)
        self.setWidget(body)
        self._cards: tuple[QVBoxLayout, int, range] | None = None
        """Quote cards still to build: the layout they go in, the event, the quotes."""
        self._more_cards = QTimer(self)
        self._more_cards.setSingleShot(True)
        self._more_cards.timeout.connect(self._on_more_cards)
        session.events.selected.connect(self._on_selection_changed)
        session.events.timeline.connect(self._on_timeline)
        session.events.theme.connect(self._on_theme)
        session.events.analysis.connect(self._on_analysis)
        session.events.filter.connect(self._on_filter)
        self.refresh()

    def _on_timeline(self, _timeline: Timeline) -> None:
        self.refresh()

    def _on_theme(self, _theme: object) -> None:
        self.refresh()

    def _on_analysis(self, analysis: object) -> None:
        """Another analysis ("as known on" a date) may read the claims differently: show them again. The whole
        one arriving from the worker does not: the panel computed the same for its event on the spot."""
        plain = analysis is None or (self.analyses is not None and analysis is self.analyses.result)
        if self.session.selected != NO_SELECTION and not (plain and self._claims_plain):
            self.refresh()

    def _on_filter(self, chosen: Filter) -> None:
        """Another "as known on" day marks other quotes as not published yet."""
        if chosen.as_of != self._as_of_shown and self.session.selected != NO_SELECTION:
            self.refresh()

    def refresh(self) -> None:
        """Show the selected event again (after a theme change, another timeline)."""
        self._show(self.session.selected)

    def _on_selection_changed(self, event: int) -> None:
        shown = self._shown
        if shown is None or shown[0] is not self.session.timeline or shown[1] != event:
            self._show(event)

    def _show(self, event: int) -> None:
        self._shown = (self.session.timeline, event)
        self._as_of_shown = self.session.filter.as_of
        self._more_cards.stop()
        self._cards = None
        clear_layout(self.body_layout)
        body = self.widget()
        if body is not None and body.styleSheet() != _card_style():
            body.setStyleSheet(_card_style())
        if event == NO_SELECTION:
            self._show_overview()
        else:
            self._show_event(event)
        self.body_layout.addStretch(1)
        self.verticalScrollBar().setValue(0)
        self._chain_tab_order()

    def focusable(self) -> list[QWidget]:
        """The quotes and buttons Tab visits, top to bottom."""
        body = self.widget()
        if body is None:
            return []
        return [w for w in body.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and w.parent() is not None]

    def _chain_tab_order(self) -> None:
        """Tab goes from the panel into its quotes and buttons in reading order (new widgets join the chain at its end)."""
        previous: QWidget = self
        for widget in self.focusable():
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _show_overview(self) -> None:
        timeline = self.session.timeline
        self.body_layout.addWidget(plain_label(shorten(timeline.title, 400), "panelTitle", point_size=15, bold=True))
        if timeline.doc.description:
            self.body_layout.addWidget(plain_label(shorten(timeline.doc.description), "panelSummary"))
        unverified = sum(c.status in UNVERIFIED for c in timeline.quote_checks.values())
        counts = ", ".join([plural(len(timeline.events), "event"), plural(len(timeline.doc.sources), "source"),
                            plural(len(timeline.quote_checks), "quote")])
        if unverified:
            counts += f" ({unverified:,} not verified)"
        self.body_layout.addWidget(plain_label(counts, "panelCounts", muted=True))
        step = f"{key_of('actionPrevious')} and {key_of('actionNext')}"
        self.body_layout.addWidget(plain_label(f"Click an event on the timeline to read its sources. {step} step through events "
                                               f"in time; {key_of('actionNextPane')} moves between the timeline and the panels.",
                                               "panelHint", muted=True))

    def _show_event(self, i: int) -> None:
        timeline = self.session.timeline
        event = timeline.events[i]
        add = self.body_layout.addWidget
        add(plain_label(shorten(event.title, 400), "eventTitle", point_size=15, bold=True))
        if event.display_date:
            add(plain_label(f"\u201c{shorten(event.display_date, 300)}\u201d in the author's words", "eventDisplayDate", bold=True))
        add(plain_label(timeline.date_label(i), "eventDate", bold=True, muted=True))
        actors = ", ".join(shorten(name, 200) for name in timeline.lane_names(i))
        if actors:
            add(plain_label(actors, "eventActors", muted=True))
        if event.summary:
            add(plain_label(shorten(event.summary), "eventSummary"))
        if event.link and safe_link(event.link):
            add(self._link_button(event.link))
        if event.media is not None:
            from gui.panels.media_card import media_card  # loaded with the first event that has media

            add(media_card(event.media, timeline.path))
        if event.notes:
            add(self._notes(event.notes))
        add(plain_label(quotes_header(event.quotes), "quotesHeader", point_size=11, bold=True))
        cards = QVBoxLayout()
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(8)
        self.body_layout.addLayout(cards)
        self._cards = (cards, i, range(min(len(event.quotes), MAX_QUOTE_CARDS)))
        self._add_cards()
        if len(event.quotes) > MAX_QUOTE_CARDS:
            more = plural(len(event.quotes) - MAX_QUOTE_CARDS, "more quote")
            add(plain_label(f"… and {more}, not shown (at most {MAX_QUOTE_CARDS} are listed)", "moreQuotes", muted=True))
        claims = self._claims_section(i)
        if claims is not None:
            add(claims)

    def _claims_section(self, i: int) -> ClaimsSection | None:
        """What the sources say of the event's figures, and where they agree or conflict."""
        if self.analyses is None:
            return None
        from gui.panels.claims_table import ClaimsSection, shown_figures

        whole = self.session.analysis
        self._claims_plain = whole is None or whole is self.analyses.result
        analysis = self.analyses.of_event(i)
        if analysis is None or not (shown_figures(analysis) or analysis.comparisons):
            return None
        section = ClaimsSection(self.session.timeline, analysis)
        figures = section.figures  # the slot must not hold the section itself: that cycle would keep it alive
        section.figureActivated.connect(lambda row: self.showFigureRequested.emit(i, figures[row]))
        return section

    def _add_cards(self) -> None:
        """Build the next few quote cards; the rest wait for the event loop to come round."""
        if self._cards is None:
            return
        layout, i, quotes = self._cards
        for q in quotes[:CARDS_AT_ONCE]:
            layout.addWidget(self._quote_card(i, q))
        rest = quotes[CARDS_AT_ONCE:]
        self._cards = (layout, i, rest) if rest else None
        if rest:
            self._more_cards.start(0)

    def _on_more_cards(self) -> None:
        self._add_cards()
        self._chain_tab_order()

    def _notes(self, notes: Sequence[str]) -> QFrame:
        box = QFrame()
        box.setObjectName("eventNotes")
        p = style.current()
        box.setStyleSheet(f"#eventNotes {{ background: {p.css('notes')}; border: 1px solid {p.css('notes_edge')}; border-radius: 6px; }}")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(plain_label("Notes on dates and figures", "notesHeader", bold=True))
        for note in notes[:MAX_QUOTE_CARDS]:
            layout.addWidget(plain_label(shorten(f"• {note}"), "eventNote"))
        if len(notes) > MAX_QUOTE_CARDS:
            layout.addWidget(plain_label(f"… and {plural(len(notes) - MAX_QUOTE_CARDS, 'more note')}", "moreNotes", muted=True))
        return box

    def _quote_card(self, i: int, q: int) -> QFrame:
        timeline = self.session.timeline
        quote = timeline.events[i].quotes[q]
        check = timeline.quote_checks.get((i, q))
        card = QuoteCard(lambda: _copy_quote(self.session.timeline, i, q))
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 10, 8)
        body = shorten(quote.text)
        text = plain_label(body if body[:1] in "“\"'‘" else f"“{body}”", "quoteText")
        font = text.font()
        font.setItalic(True)
        text.setFont(font)
        layout.addWidget(text)
        page = quote_page(timeline, i, q)
        line = source_line(timeline.source_by_id.get(quote.source), quote.source) + (f", p. {page}" if page else "")
        layout.addWidget(plain_label(line, "quoteSource", muted=True))
        row = QHBoxLayout()
        verified = check is not None and check.verified
        no_text = check is not None and check.status is QuoteStatus.NO_SOURCE
        if verified:
            status, color = "✓ Verified: found in the source", "verified"
        elif no_text:
            status, color = "Not checked: the source's text is not in this timeline", "not_checked"
        else:
            reason = check.status if check is not None else QuoteStatus.NOT_FOUND
            said = reason.value.capitalize() if reason.value.startswith("not checked") else f"Unverified: {reason.value}"
            status, color = f"⚠ {said}", "unverified"
        as_of = self.session.filter.as_of
        if as_of is not None and _known_from(timeline, i, q) > as_of:  # the story as known on a day: not yet
            from model.filtering import moment_label

            later = plain_label(f"Not published yet on {moment_label(as_of)}: not counted", "quoteNotYetKnown", muted=True)
            layout.insertWidget(0, later)
        badge = plain_label(status, "quoteStatus")
        badge.setProperty("status", color)
        card.setAccessibleName(f"Quote {q + 1} of {len(timeline.events[i].quotes)}: {shorten(quote.text, 300)}")
        card.setAccessibleDescription(f"{line}. {status}. Right-click or Ctrl+C to copy it with its citation.")
        row.addWidget(badge, 1)
        if verified:
            button = Button("Show in source", "showInSource", f"Show quote {q + 1} in its source")
            button.clicked.connect(lambda: self.showQuoteRequested.emit(i, q))
            row.addWidget(button)
        layout.addLayout(row)
        return card

    def _link_button(self, url: str) -> Button:
        url = url.strip()
        host = QUrl(url).host(QUrl.ComponentFormattingOption.FullyEncoded)  # punycode: a look-alike host shows as xn--...
        button = Button(f"Open link: {host or url}", "eventLink", f"Open the event's link on {host or 'the web'}")
        button.setToolTip(tooltip_text(url))
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(url)))
        return button


def quotes_header(quotes: Sequence[QuoteRef]) -> str:
    """"5 quotes from 2 sources" (what the count counts, said)."""
    if not quotes:
        return "No source quotes"
    return f"{plural(len(quotes), 'quote')} from {plural(len({q.source for q in quotes}), 'source')}"


__all__ = ["EventPanel", "source_line", "QFont"]


def _copy_quote(timeline: Timeline, event: int, quote: int) -> None:
    """Copy a quote with its citation (the clipboard's formatting loads on the first copy, not at start-up)."""
    from gui.clipboard import copy_quote

    copy_quote(timeline, event, quote)


def _known_from(timeline: Timeline, event: int, quote: int) -> float:
    """From when a quote counts "as known on" a date (the filter's arithmetic loads when a date is first chosen)."""
    from model.filtering import quote_known_from

    return quote_known_from(timeline, event, quote)
