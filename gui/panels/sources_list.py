"""The Sources dock: every source document, how many events cite it, and the quotes that did not verify."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from gui import style
from gui.panels.event_panel import source_line
from gui.panels.source_document import SourceDocument
from gui.widgets import Button, clear_layout, on_screen, plain_label, plural, shorten
from model.session import Session
from model.timeline import Timeline

MAX_SOURCES = 40
MAX_UNVERIFIED = 40
"""Sources and unverified quotes listed one by one (a few widgets each, about 2 ms); the rest are counted."""


class SourceDocumentView(SourceDocument):
    """A source with every quoted passage highlighted; clicking a passage selects its event."""

    passageClicked = Signal(int)

    def set_passages(self, passages: list[tuple[int, int, int]]) -> None:
        """Highlight (start, end, event) passages; later clicks inside one emit its event."""
        self.passages = sorted(passages)
        self._quiet = True
        self.highlight([(a, b) for a, b, _ in self.passages])
        self._quiet = False
        self.editor.cursorPositionChanged.connect(self._on_cursor)

    def passage_at(self, position: int) -> int | None:
        """The event whose passage covers character ``position`` of the source (a Python offset)."""
        for start, end, event in self.passages:
            if start <= position < end:
                return event
        return None

    def mark_passage(self, start: int, end: int, event: int) -> None:
        """Highlight a passage just quoted by ``event``; a click in it then selects that event."""
        self.passages = sorted([*self.passages, (start, end, event)])
        super().mark_passage(start, end, event)

    def _on_cursor(self) -> None:
        cursor = self.editor.textCursor()
        if self._quiet or cursor.hasSelection():
            return
        event = self.passage_at(self.positions.offset(cursor.position()))
        if event is not None:
            self.passageClicked.emit(event)


class SourcesList(QScrollArea):
    """The timeline's sources as separate entries, each with a button that opens it with its quoted passages."""

    viewOpened = Signal(object)
    """A source document was opened (the SourceDocumentView)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("sourcesView")
        self.setAccessibleName("Source documents")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        body = QWidget()
        body.setObjectName("sourcesBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(12, 10, 12, 10)
        self.body_layout.setSpacing(8)
        self.setWidget(body)
        self.body = body
        self.unverified_header = plain_label("", "unverifiedHeader", bold=True)
        self.open_views: list[SourceDocumentView] = []
        self._stale = True
        session.events.timeline.connect(self._on_timeline)
        session.events.theme.connect(self._on_theme)

    def _on_timeline(self, _timeline: Timeline) -> None:
        self.refresh()

    def _on_theme(self, _theme: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the entries from the open timeline (and the theme's colours) now if they are seen, else when they are."""
        self._stale = True
        if on_screen(self):
            self._build()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Build the entries when shown after a change (a tab behind another is not seen: it waits to come forward)."""
        if self._stale and on_screen(self):
            self._build()
        super().showEvent(event)

    def on_dock_visibility(self, seen: bool) -> None:
        """The dock came forward (its tab picked, or the dock shown): build the entries if a change is pending."""
        if seen and self._stale:
            self._build()

    def _build(self) -> None:
        self._stale = False
        timeline = self.session.timeline
        citing: dict[str, set[int]] = {}
        for (event, _quote), check in timeline.quote_checks.items():
            citing.setdefault(check.source, set()).add(event)
        self.body_layout.removeWidget(self.unverified_header)
        clear_layout(self.body_layout)
        add = self.body_layout.addWidget
        add(plain_label("Open a source to read it with every quoted passage highlighted; "
                        "click a passage to select its event.", "sourcesHint", muted=True))
        for source in timeline.doc.sources[:MAX_SOURCES]:
            add(self._source_card(source.id, source_line(source, source.id), len(citing.get(source.id, ()))))
        if len(timeline.doc.sources) > MAX_SOURCES:
            add(plain_label(f"and {len(timeline.doc.sources) - MAX_SOURCES:,} more sources (their quotes open from each event)",
                            "sourcesMore", muted=True))
        unverified = [(event, quote) for (event, quote), check in sorted(timeline.quote_checks.items()) if not check.verified]
        self.unverified_header.setText(f"Unverified quotes ({len(unverified)})" if unverified else "Every quote was found in its source.")
        add(self.unverified_header)
        for event, quote in unverified[:MAX_UNVERIFIED]:
            add(self._unverified_card(event, quote))
        if len(unverified) > MAX_UNVERIFIED:
            add(plain_label(f"and {len(unverified) - MAX_UNVERIFIED:,} more", "unverifiedMore", muted=True))
        self.body_layout.addStretch(1)
        previous: QWidget = self
        for widget in self.body.findChildren(Button):  # Tab in reading order (new widgets join the chain at its end)
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def entries(self) -> list[str]:
        """The text of each source's entry, in order (what the tab lists)."""
        if self._stale:
            self._build()
        return [label.text() for label in self.body.findChildren(QLabel, "sourceEntry")]

    def _card(self, name: str) -> tuple[QFrame, QVBoxLayout]:
        p = style.current()
        card = QFrame()
        card.setObjectName(name)
        card.setStyleSheet(f"#{name} {{ background: {p.css('card')}; border-left: 3px solid {p.css('card_edge')}; border-radius: 4px; }}")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        return card, layout

    def _source_card(self, source_id: str, line: str, cited: int) -> QFrame:
        card, layout = self._card("sourceCard")
        layout.addWidget(plain_label(line, "sourceEntry"))
        row = QHBoxLayout()
        row.addWidget(plain_label(f"cited by {plural(cited, 'event')}", "sourceCited", muted=True), 1)
        button = Button("Read", "openSource", f"Read {shorten(line, 200)} with its quoted passages")
        button.setEnabled(source_id in self.session.timeline.source_texts)
        button.clicked.connect(lambda: self.open_source(source_id))
        row.addWidget(button)
        layout.addLayout(row)
        return card

    def _unverified_card(self, event: int, quote: int) -> QFrame:
        timeline = self.session.timeline
        card, layout = self._card("unverifiedCard")
        check = timeline.quote_checks[(event, quote)]
        text = shorten(timeline.events[event].quotes[quote].text, 240)
        layout.addWidget(plain_label(f"{shorten(timeline.events[event].title, 200)}: “{text}” ({check.status.value})", "unverifiedEntry"))
        button = Button("Select event", "selectUnverified", f"Select {shorten(timeline.events[event].title, 200)}")
        button.clicked.connect(lambda: self.session.select(event))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        layout.addLayout(row)
        return card

    def open_source(self, source_id: str) -> SourceDocumentView | None:
        """Open a source with its quoted passages highlighted."""
        timeline = self.session.timeline
        text = timeline.source_texts.get(source_id)
        if text is None:
            return None
        passages = [(c.start, c.end, c.event) for c in timeline.quote_checks.values() if c.source == source_id and c.verified]
        around = min((start for start, _end, _event in passages), default=0)  # of a very long text, the part shown
        view = SourceDocumentView(timeline.source_by_id[source_id], text, self.window(), around=around)
        view.set_passages(passages)
        view.passageClicked.connect(self.session.select)
        view.finished.connect(lambda _result: self.open_views.remove(view) if view in self.open_views else None)
        self.open_views.append(view)
        self.viewOpened.emit(view)
        view.show()
        return view
