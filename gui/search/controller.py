"""Find: the search field in the toolbar, the search behind it, stepping through matches, and Go to Date.

The :class:`FindController` keeps the search index of the open timeline (built in the background after the first
paint) and turns ``session.search`` into ``session.matches``. Small timelines are searched at once in the GUI
thread (a few milliseconds); large ones in a worker, the newest query winning, so typing never waits. A query
that extends the previous one narrows its result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.worker import Runner
from model.search import SearchIndex, SearchResult, build_index, fold_query
from model.session import NO_SELECTION, Session
from model.time.timepoint import Precision, TimePoint, year_label
from model.timeline import IntArray, Timeline

if TYPE_CHECKING:
    from model.search import Snippet

SYNC_EVENTS = 200_000
"""Timelines up to this many events are searched in the GUI thread, as the user types."""
DEBOUNCE_MS = 10
"""Larger ones wait this long after a keystroke, so a burst of typing makes one search."""
REVEAL_SHARE = 1 / 8
"""Stepping to a match zooms in to at most this share of the whole timeline, so its label can show."""
NEIGHBOURS = 30
"""... and to at most the time this many events before and after it take, so that in a dense place it stands alone."""


class FindController(QObject):
    """The open timeline's search index and the search the user typed; writes ``session.matches``."""

    resultsChanged = Signal()
    """The matches changed (a new search, a new timeline, a filter hiding some)."""
    statusChanged = Signal(str)
    """What the search field says: "3 of 12", "12 matches", "No matches", "Indexing…"."""

    def __init__(self, session: Session, painted: SignalInstance | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._pending = True
        """Index once the timeline is on screen (the first paint waits for nothing)."""
        self.index: SearchIndex | None = None
        self.result: SearchResult | None = None
        self._ranks: IntArray = np.zeros(0, dtype=np.int64)
        self.builder = Runner("search-index", self, takes_turns=True)
        self.searcher = Runner("search", self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        session.events.timeline.connect(self._on_timeline)
        session.events.search.connect(self._on_search)
        session.events.selected.connect(self._on_selected)
        session.events.shown.connect(self._on_shown)
        if painted is not None:
            painted.connect(self._on_painted)

    def _on_painted(self) -> None:
        if self._pending:
            self._pending = False
            QTimer.singleShot(0, self, self.start_indexing)  # out of the paint itself

    # --- the index -----------------------------------------------------------------------------
    def start_indexing(self) -> None:
        """Build the open timeline's index in the background, unless it is built or being built."""
        if self.index is not None or self.builder.busy:
            return
        timeline = self.session.timeline
        self.builder.submit(lambda: build_index(timeline), lambda index: self._on_indexed(timeline, index),
                            "Indexing for search")

    def _on_indexed(self, timeline: Timeline, index: object) -> None:
        if timeline is not self.session.timeline:
            return  # another timeline opened meanwhile; its own index is on its way
        if not isinstance(index, SearchIndex):
            self.statusChanged.emit(f"Cannot search: {str(index).splitlines()[0] if str(index) else type(index).__name__}")
            return
        self.index = index
        if fold_query(self.session.search):
            self._search_now()

    def _on_timeline(self, _timeline: Timeline) -> None:
        self.builder.cancel()
        self.searcher.cancel()
        self.index = None
        self._pending = True
        self._apply(None)
        if fold_query(self.session.search):
            self.start_indexing()
            self.statusChanged.emit("Indexing…")

    # --- searching -----------------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        if not fold_query(text):
            self._timer.stop()
            self.searcher.cancel()
            self._apply(None)
        elif self.index is None:
            self.start_indexing()
            self.statusChanged.emit("Indexing…")
        elif len(self.session.timeline.events) <= SYNC_EVENTS:
            self._search_now()
        else:
            self._timer.start()

    def _search_now(self) -> None:
        index, text = self.index, self.session.search
        if index is None or not fold_query(text):
            return
        previous = self.result
        if len(self.session.timeline.events) <= SYNC_EVENTS:
            self._apply(index.search(text, previous))
        else:
            self.searcher.submit(lambda: index.search(text, previous), self._on_found, "Searching")

    def _on_found(self, result: object) -> None:
        if not isinstance(result, SearchResult):
            self.statusChanged.emit(f"Search failed: {result}")
        elif result.query == fold_query(self.session.search):
            self._apply(result)

    def _apply(self, result: SearchResult | None) -> None:
        self.result = result
        self._publish()

    def _publish(self) -> None:
        """Set ``session.matches`` to the found events the filter shows."""
        if self.result is None:
            matches = None
        else:
            matches = self.result.events
            shown = self.session.shown
            if shown is not None:
                matches = matches[shown[matches]]
        self._ranks = self.session.timeline.index.event_rank[matches] if matches is not None else self._ranks[:0]
        self.session.matches = matches
        self.resultsChanged.emit()
        self._on_selected(self.session.selected)

    def _on_shown(self, _shown: object) -> None:
        if self.result is not None:
            self._publish()

    # --- the matches ---------------------------------------------------------------------------
    @property
    def matches(self) -> IntArray:
        """The events found (and shown), in time order; empty when there is no search."""
        found = self.session.matches
        return found if found is not None else self._ranks[:0]

    def position(self) -> int:
        """Where the selected event is among the matches, or -1."""
        selected = self.session.selected
        if selected == NO_SELECTION or not self._ranks.size:
            return -1
        rank = self.session.timeline.index.event_rank[selected]
        at = int(np.searchsorted(self._ranks, rank))
        return at if at < self._ranks.size and self._ranks[at] == rank else -1

    def status(self) -> str:
        """The count the search field shows."""
        if self.session.matches is None:
            return ""
        n = int(self.session.matches.size)
        if n == 0:
            return "No matches"
        at = self.position()
        return f"{at + 1:,} of {n:,}" if at >= 0 else f"{n:,} match{'es' if n != 1 else ''}"

    def _on_selected(self, _event: int) -> None:
        self.statusChanged.emit(self.status())

    def step(self, step: int) -> None:
        """Select the next (``step`` > 0) or previous match after the selected event, wrapping; show it."""
        n = int(self._ranks.size)
        if n == 0:
            return
        selected = self.session.selected
        if selected == NO_SELECTION:
            at = 0 if step > 0 else n - 1
        else:
            rank = self.session.timeline.index.event_rank[selected]
            if step > 0:
                at = int(np.searchsorted(self._ranks, rank, side="right")) % n
            else:
                at = (int(np.searchsorted(self._ranks, rank, side="left")) - 1) % n
        self.go_to_match(at)

    def go_to_match(self, at: int) -> None:
        """Select the ``at``-th match and bring it into view."""
        event = int(self.matches[at])
        self.session.select(event)
        reveal(self.session, event)

    def clear(self) -> None:
        """No search."""
        self.session.search = ""


def reveal(session: Session, event: int) -> None:
    """Pan to ``event`` and zoom in when far out: to at most 1/8 of the timeline, and to its few dozen neighbours in time."""
    timeline = session.timeline
    index = timeline.index
    row = int(index.event_row[event])
    begin = float(index.true_start[row])
    end = max(float(index.end[row]), begin + float(index.period[row]))
    total_lo, total_hi = timeline.time_bounds()
    lo, hi = session.visible_range or (total_lo, total_hi)
    near = index.start[[max(row - NEIGHBOURS, 0), min(row + NEIGHBOURS, len(index) - 1)]]
    room = min(hi - lo, (total_hi - total_lo) * REVEAL_SHARE, float(near[1] - near[0]))
    width = max((end - begin) * 1.5, room, 1.0)
    centre = (begin + end) / 2
    session.visible_range = (centre - width / 2, centre + width / 2)


def centre_on(session: Session, text: str) -> str:
    """Centre the view on the date ``text`` (any date the app reads), keeping the zoom unless the date is wider.

    Returns "" when the view went there, else why not (the view stops a little beyond the timeline's ends).
    Raises ValueError with a one-line reason when ``text`` is not a date.
    """
    from model.time.date_text import parse_typed_date  # loaded when a date is first typed, not at start-up

    point = parse_typed_date(text)
    begin, end = point.seconds, point.end_seconds()
    lo, hi = session.visible_range or session.timeline.time_bounds()
    width = max(hi - lo, (end - begin) * 1.5, 1.0)
    centre = (begin + end) / 2
    session.visible_range = (centre - width / 2, centre + width / 2)
    lo, hi = session.visible_range or (centre, centre)  # as the view could show it
    if lo <= centre <= hi:
        return ""
    first, last = (year_label(TimePoint.from_seconds(s, Precision.YEAR).year) for s in session.timeline.time_bounds())
    return f"{point.label()} is too far from this timeline ({first} to {last}) to show; the view went as near as it can."


class SearchField(QLineEdit):
    """The search field: what to find, and how many were found ("3 of 12") at its right end."""

    nextRequested = Signal()
    previousRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setPlaceholderText("Find events (Ctrl+F)")
        self.setAccessibleName("Find events")
        self.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("searchCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setEnabled(False)  # drawn muted, as a hint inside the field
        self.count.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_count(self, text: str) -> None:
        """Show ``text`` at the field's right end, leaving room for it."""
        self.count.setText(text)
        self.count.adjustSize()
        self.setTextMargins(0, 0, self.count.width() + 8 if text else 0, 0)
        self._place_count()
        self.setAccessibleDescription(text)

    def _place_count(self) -> None:
        button = self._clear_button()
        right = button.x() - 4 if button is not None else self.width() - 26  # clear of the clear button
        self.count.move(right - self.count.width(), (self.height() - self.count.height()) // 2)

    def _clear_button(self) -> QWidget | None:
        action = self.findChild(QAction, "_q_qlineeditclearaction")
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)] if action is not None else []
        return widgets[0] if widgets else None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the count at the right end."""
        super().resizeEvent(event)
        self._place_count()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter: next match; Shift+Enter: previous; Escape: clear."""
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            (self.previousRequested if shift else self.nextRequested).emit()
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)
            self._place_count()


class FindBar(QToolBar):
    """The toolbar holding the search field, wired to the session through the controller."""

    def __init__(self, controller: FindController, parent: QWidget | None = None) -> None:
        super().__init__("Find", parent)
        self.setObjectName("findToolBar")
        self.setMovable(False)
        self.controller = controller
        self.field = SearchField(self)
        self.field.setMinimumWidth(320)
        self.field.setMaximumWidth(420)
        self.addWidget(self.field)
        session = controller.session
        self.field.textChanged.connect(self._on_text)
        self.field.nextRequested.connect(lambda: controller.step(1))
        self.field.previousRequested.connect(lambda: controller.step(-1))
        controller.statusChanged.connect(self.field.set_count)
        session.events.search.connect(self._on_search)

    def _on_text(self, text: str) -> None:
        with self.controller.session.events.search.blocked(self._on_search):
            self.controller.session.search = text

    def _on_search(self, text: str) -> None:
        self.field.setText(text)

    def focus(self) -> None:
        """Ctrl+F: the field, its text selected to type over."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()


class GoToDateDialog(QDialog):
    """Go > Go to Date: any date the app reads; a date it cannot read is said in one line and the dialog stays."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goToDateDialog")
        self.setWindowTitle("Go to Date")
        self.session = session
        self.field = QLineEdit()
        self.field.setObjectName("dateField")
        self.field.setPlaceholderText("2025-03, 10 March 2025, -13800000000")
        self.error = QLabel()
        self.error.setObjectName("dateError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Date to centre the timeline on:"))
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.field.textChanged.connect(lambda _text: self.error.clear())
        self.setMinimumWidth(480)

    def accept(self) -> None:
        """Centre on the date, or say why it cannot be read."""
        try:
            beyond = centre_on(self.session, self.field.text())
        except ValueError as exc:
            self._say(str(exc).splitlines()[0] if str(exc) else "Not a date")
            return
        if beyond:
            self._say(beyond)
            return
        super().accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.adjustSize()  # room for the wrapped message


def snippet_of(controller: FindController, event: int) -> Snippet | None:
    """The snippet of ``event`` for the current search, or None before the index exists."""
    if controller.index is None:
        return None
    return controller.index.snippet(event, controller.session.search)
