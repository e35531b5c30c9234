"""The search results dock: each match's date, title and a snippet with the match in bold (plain text only).

The list reads the matches from the controller and works out a row's snippet only when the row is drawn, so a
search that finds a million events lists them at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QListView,
    QMainWindow,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from gui.search.controller import FindBar, FindController, GoToDateDialog, reveal, snippet_of
from gui.widgets import shorten
from model.search import CONTEXT_NAMES, Snippet
from model.session import Session

SnippetRole = Qt.ItemDataRole.UserRole + 1
EventRole = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex
PAD = 6
CACHED_SNIPPETS = 512
ROW_CHARS = 500
"""The most characters of a title a row holds: it shows one line, and eliding a 20-million-character title took
half a second each time the row was drawn."""


class ResultsModel(QAbstractListModel):
    """One row per match, in time order."""

    def __init__(self, controller: FindController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._snippets: dict[int, Snippet | None] = {}
        controller.resultsChanged.connect(self._on_results)

    def _on_results(self) -> None:
        self.beginResetModel()
        self._snippets.clear()
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """How many matches."""
        return 0 if parent.isValid() else int(self.controller.matches.size)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Date and title (display, plain text), the snippet, the event index."""
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        event = int(self.controller.matches[index.row()])
        timeline = self.controller.session.timeline
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            line = f"{shorten(timeline.shown_date(event), 200)} — {shorten(timeline.events[event].title, ROW_CHARS)}"
            if role == Qt.ItemDataRole.AccessibleTextRole and (snippet := self.snippet(event)) is not None:
                line += f": {CONTEXT_NAMES.get(snippet.field, '')}{shorten(snippet.text, ROW_CHARS)}"
            return line
        if role == SnippetRole:
            return self.snippet(event)
        if role == EventRole:
            return event
        return None

    def snippet(self, event: int) -> Snippet | None:
        """The snippet of ``event``, worked out once."""
        if event not in self._snippets:
            if len(self._snippets) > CACHED_SNIPPETS:
                self._snippets.clear()
            self._snippets[event] = snippet_of(self.controller, event)
        return self._snippets[event]


class ResultDelegate(QStyledItemDelegate):
    """Two lines per match: date and title, then the snippet with the match in bold; text drawn, never HTML."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        """Two lines of text and some padding."""
        height = QFontMetrics(option.font).height()
        return QSize(200, 2 * height + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """The row's background, its date and title, and the snippet."""
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        rect: QRect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        font = QFont(option.font)
        bold = QFont(font)
        bold.setBold(True)
        height = QFontMetrics(font).height()
        painter.save()
        painter.setPen(text)
        first = QRect(rect.left(), rect.top(), rect.width(), height)
        painter.setFont(bold)
        painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(str(index.data()), Qt.TextElideMode.ElideRight, rect.width()))
        snippet = index.data(SnippetRole)
        if isinstance(snippet, Snippet):
            second = QRect(rect.left(), rect.top() + height + 2, rect.width(), height)
            muted = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText)
            _draw_marked(painter, second, snippet, font, bold, text, muted)
        painter.restore()


def _draw_marked(painter: QPainter, rect: QRect, snippet: Snippet, font: QFont, bold: QFont, ink: Any, muted: Any) -> None:
    """The snippet on one line, the match in bold ink, the rest muted; the words before it give way first.

    A match in the event's lane or a source it quotes says so first ("Source: ").
    """
    before, match, after = snippet.text[:snippet.start], snippet.text[snippet.start:snippet.end], snippet.text[snippet.end:]
    plain, strong = QFontMetrics(font), QFontMetrics(bold)
    x = rect.left()
    prefix = CONTEXT_NAMES.get(snippet.field, "")
    if prefix:
        x = _draw_piece(painter, rect, x, prefix, font, muted)
    room = rect.right() - x
    lead = min(plain.horizontalAdvance(before), max(room // 3, room - strong.horizontalAdvance(match)))
    if before and plain.horizontalAdvance(before) > lead:
        before = plain.elidedText(before.lstrip("…"), Qt.TextElideMode.ElideLeft, lead)
    for piece, face, colour in ((before, font, muted), (match, bold, ink), (after, font, muted)):
        x = _draw_piece(painter, rect, x, piece, face, colour)


def _draw_piece(painter: QPainter, rect: QRect, x: int, piece: str, face: QFont, colour: Any) -> int:
    """``piece`` from ``x`` on, elided at the right of ``rect``; returns where the next piece starts."""
    room = rect.right() - x
    if not piece or room <= 0:
        return x
    metrics = QFontMetrics(face)
    shown = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, room)
    painter.setFont(face)
    painter.setPen(colour)
    painter.drawText(QRect(x, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
    return x + metrics.horizontalAdvance(shown)


class ResultsDock(QDockWidget):
    """"Search Results": the matches, the selected one current; clicking one selects it and shows it."""

    shown_first = Signal()
    """The dock appeared because a search found something."""

    def __init__(self, controller: FindController, parent: QWidget | None = None) -> None:
        super().__init__("Search Results", parent)
        self.setObjectName("searchResultsDock")
        self.controller = controller
        self._shown_by_search = False
        """Shown because a search began (so hidden when it is cleared), not by View > Search Results."""
        self.model = ResultsModel(controller, self)
        self.list = QListView(self)
        self.list.setObjectName("searchResults")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAccessibleName("Search results")
        self.setWidget(self.list)
        self.list.clicked.connect(self._on_clicked)
        self.list.activated.connect(self._on_clicked)
        controller.session.events.selected.connect(self._on_selected)
        controller.resultsChanged.connect(self._on_results)
        self.toggleViewAction().triggered.connect(self._on_user_toggle)

    def _on_user_toggle(self, _checked: bool) -> None:
        self._shown_by_search = False  # the user's choice now: a cleared search leaves it as it is

    def _on_clicked(self, index: QModelIndex) -> None:
        event = index.data(EventRole)
        if isinstance(event, int):
            with self.controller.session.events.selected.blocked(self._on_selected):
                self.controller.session.select(event)
            reveal(self.controller.session, event)

    def _on_results(self) -> None:
        searching = self.controller.session.matches is not None
        if searching and not self.isVisible():
            self.show()
            self.raise_()
            self._shown_by_search = True
            self.shown_first.emit()
        elif not searching and self._shown_by_search:  # the search was cleared: give its room back to the panels
            self._shown_by_search = False
            self.hide()
        self._on_selected(self.controller.session.selected)

    def _on_selected(self, _event: int) -> None:
        at = self.controller.position()
        if at < 0:
            self.list.clearSelection()
            return
        index = self.model.index(at)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)


class Find:
    """The find parts of a window: the controller, the toolbar with the search field, the results dock."""

    def __init__(self, window: QMainWindow, session: Session, painted: SignalInstance | None = None) -> None:
        self.window = window
        self.controller = FindController(session, painted, window)
        self.bar = FindBar(self.controller, window)
        self.dock = ResultsDock(self.controller, window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()  # until there is something to list
        self.dock.shown_first.connect(self._give_room)

    def _give_room(self) -> None:
        """Share the right-hand column with the dock above (the selected event's sources) about evenly."""
        above = [d for d in self.window.findChildren(QDockWidget) if d is not self.dock and d.isVisible()
                 and self.window.dockWidgetArea(d) == self.window.dockWidgetArea(self.dock) and not d.isFloating()]
        if above:
            height = max(self.window.height() // 2 - 40, 160)
            self.window.resizeDocks([above[0], self.dock], [height, height], Qt.Orientation.Vertical)

    def focus(self) -> None:
        """Edit > Find (Ctrl+F)."""
        self.bar.focus()

    def step(self, step: int) -> None:
        """Edit > Find Next / Previous (F3, Shift+F3)."""
        self.controller.step(step)

    def go_to_date(self) -> GoToDateDialog:
        """Go > Go to Date (Ctrl+G)."""
        dialog = GoToDateDialog(self.controller.session, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
