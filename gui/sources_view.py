"""The Sources dock: every source document, how many events cite it, and the quotes that did not verify."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gui.source_panel import source_line
from gui.source_view import SourceView
from gui.state import TimelineState
from gui.widgets import plain_label, plural

ROLE = 256


class SourceDocumentView(SourceView):
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
        """The event whose passage covers ``position``."""
        for start, end, event in self.passages:
            if start <= position < end:
                return event
        return None

    def _on_cursor(self) -> None:
        cursor = self.editor.textCursor()
        if self._quiet or cursor.hasSelection():
            return
        event = self.passage_at(cursor.position())
        if event is not None:
            self.passageClicked.emit(event)


class SourcesView(QWidget):
    """Lists the timeline's sources with their metadata; opening one shows its quoted passages."""

    def __init__(self, state: TimelineState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("sourcesView")
        self.setAccessibleName("Source documents")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(plain_label("Double-click a source to read it with every quoted passage highlighted.", "sourcesHint", muted=True))
        self.list = QListWidget()
        self.list.setObjectName("sourcesList")
        self.list.setAccessibleName("Source documents: Return opens one")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.list.itemActivated.connect(self._on_open)
        self.list.itemDoubleClicked.connect(self._on_open)
        layout.addWidget(self.list)
        self.unverified_header = plain_label("", "unverifiedHeader", bold=True)
        layout.addWidget(self.unverified_header)
        self.unverified = QListWidget()
        self.unverified.setObjectName("unverifiedList")
        self.unverified.setAccessibleName("Unverified quotes: Return selects the event")
        self.unverified.setWordWrap(True)
        self.unverified.setSpacing(3)
        self.unverified.setAlternatingRowColors(True)
        self.unverified.itemActivated.connect(lambda item: state.select(int(item.data(ROLE))))
        self.unverified.itemDoubleClicked.connect(lambda item: state.select(int(item.data(ROLE))))
        layout.addWidget(self.unverified, 1)
        layout.addStretch(1)
        self.open_views: list[SourceDocumentView] = []
        state.timelineChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild both lists from the open timeline."""
        timeline = self.state.timeline
        citing: dict[str, set[int]] = {}
        for (event, _quote), check in timeline.quote_checks.items():
            citing.setdefault(check.source, set()).add(event)
        self.list.clear()
        for source in timeline.doc.sources:
            n = len(citing.get(source.id, ()))
            item = QListWidgetItem(f"{source_line(source, source.id)}\ncited by {plural(n, 'event')}")
            item.setData(ROLE, source.id)
            self.list.addItem(item)
        self.unverified.clear()
        for (event, quote), check in sorted(timeline.quote_checks.items()):
            if not check.verified:
                text = timeline.events[event].quotes[quote].text
                item = QListWidgetItem(f"{timeline.events[event].title}: “{text[:120]}” ({check.status.value})")
                item.setData(ROLE, event)
                self.unverified.addItem(item)
        count = self.unverified.count()
        self.unverified_header.setText(f"Unverified quotes ({count})" if count else "Every quote was found in its source.")
        self.unverified.setVisible(count > 0)  # no empty box under the sources

    def open_source(self, source_id: str) -> SourceDocumentView | None:
        """Open a source with its quoted passages highlighted."""
        timeline = self.state.timeline
        text = timeline.source_texts.get(source_id)
        if text is None:
            return None
        view = SourceDocumentView(timeline.source_by_id[source_id], text, self.window())
        passages = [(c.start, c.end, c.event) for c in timeline.quote_checks.values() if c.source == source_id and c.verified]
        view.set_passages(passages)
        view.passageClicked.connect(self.state.select)
        view.finished.connect(lambda _result: self.open_views.remove(view) if view in self.open_views else None)
        self.open_views.append(view)
        view.show()
        return view

    def _on_open(self, item: QListWidgetItem) -> None:
        self.open_source(str(item.data(ROLE)))
