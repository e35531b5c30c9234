"""The event editor: title, start and end with their precision, lanes, summary, notes, importance, claims, quotes.

OK makes one undoable change (Add Event or Edit Event) through the callback it is given; what cannot be read
(a date, a claim's quote number, a quote with no source) is named in a message under the form, with its field,
and the dialog stays open with the field focused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets import LABEL_CHARS, shorten
from model.editing import AddEvent, Command, EditEvent, new_id
from model.provenance.quotes import NormalizedText, TooManyPartialMatches
from model.time.timepoint import DateError, Precision, TimePoint
from model.timeline import Claim, Event, QuoteRef, Timeline

EDIT_CHARS = 50_000
"""The longest text a field of the editor takes to edit: a longer one (a hostile file's 20-million-character summary)
is shown cut and read-only, and kept as it is; Qt took seconds, then minutes, to lay such a text out in an editor."""
FULL_TEXT = Qt.ItemDataRole.UserRole + 1
"""A table cell cut for showing keeps under this role the key of its whole text in its table's ``whole`` (handing
Qt the 20-million-character text itself took 0.2 s)."""


def _fixed(edit: QLineEdit | QPlainTextEdit, whole: str) -> bool:
    """Make ``edit`` read-only, showing ``whole`` cut, when it is too long to edit; whether it was."""
    if len(whole) <= EDIT_CHARS:
        return False
    edit.setReadOnly(True)
    edit.setToolTip(f"{len(whole):,} characters: too long to edit here, kept as it is")
    return True


PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.HOUR, Precision.MINUTE)
PRECISION_NAMES = {Precision.YEAR: "Year", Precision.MONTH: "Month", Precision.DAY: "Day", Precision.HOUR: "Hour",
                   Precision.MINUTE: "Minute", Precision.SECOND: "Second"}


class FieldError(ValueError):
    """A field of the form that cannot be read: which one, and why."""

    def __init__(self, field: str, message: str, widget: QWidget) -> None:
        self.field = field
        self.widget = widget
        super().__init__(f"{field}: {message}")


class DateField(QWidget):
    """A date typed as the file writes it ("2025-03-10"), its precision chosen beside it, and how it reads."""

    def __init__(self, name: str, text: str, optional: bool = False) -> None:
        super().__init__()
        self.name = name
        self.optional = optional
        self.edit = QLineEdit(text)
        self.edit.setObjectName(f"{name.lower()}Edit")
        self.edit.setPlaceholderText("none" if optional else "YYYY, YYYY-MM or YYYY-MM-DD")
        self.precision = QComboBox()
        self.precision.setObjectName(f"{name.lower()}Precision")
        self.precision.addItems([PRECISION_NAMES[p] for p in PRECISIONS])
        self.precision.setAccessibleName(f"{name} precision")
        self.reading = QLabel()
        self.reading.setObjectName(f"{name.lower()}Reading")
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 2)
        layout.addWidget(self.precision)
        layout.addWidget(self.reading, 2)
        self.edit.textChanged.connect(self._on_text)
        self.precision.activated.connect(self._on_precision)
        self._on_text(text)

    def date(self) -> str:
        """The date as the file writes it (a required one). Raises FieldError naming the field."""
        value = self.value()
        if value is None:
            raise FieldError(self.name, "is empty; type a date such as 2025-03-10, 2025-03 or 2025", self.edit)
        return value

    def value(self) -> str | None:
        """The date as the file writes it; None for an empty optional date. Raises FieldError naming the field."""
        text = self.edit.text().strip()
        if not text:
            if self.optional:
                return None
            raise FieldError(self.name, "is empty; type a date such as 2025-03-10, 2025-03 or 2025", self.edit)
        try:
            return TimePoint.parse(text).iso()
        except DateError as exc:
            reason = str(exc) if "is not a date" in str(exc) else f"{text!r} is not a date: {exc}"
            raise FieldError(self.name, reason, self.edit) from exc

    def _on_text(self, text: str) -> None:
        try:
            point = TimePoint.parse(text) if text.strip() else None
        except DateError:
            self.reading.setText("not a date yet")
            return
        if point is None:
            self.reading.setText("no end: a moment" if self.optional else "")
            return
        self.precision.setCurrentIndex(min(int(point.precision), len(PRECISIONS) - 1))
        self.reading.setText(point.label())

    def _on_precision(self, index: int) -> None:
        """Choosing a precision rewrites the date to it ("2025-03-10" as Month is "2025-03")."""
        try:
            point = TimePoint.parse(self.edit.text())
        except DateError:
            return
        self.edit.setText(TimePoint(point.year, point.month, point.day, point.hour, point.minute, 0, PRECISIONS[index]).iso())


@dataclass(frozen=True)
class _Column:
    title: str
    stretch: bool = False


class RowsTable(QTableWidget):
    """A small editable table with Add and Remove buttons."""

    def __init__(self, name: str, columns: list[_Column], rows: list[list[str]], read_only: tuple[int, ...] = ()) -> None:
        super().__init__(0, len(columns))
        self.read_only = read_only
        self.whole: dict[int, str] = {}
        """The whole texts of the cells shown cut, by the key each such cell holds (the texts stay in Python)."""
        self.setObjectName(name)
        self.setHorizontalHeaderLabels([c.title for c in columns])
        header = self.horizontalHeader()
        for i, column in enumerate(columns):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setMinimumHeight(90)
        for row in rows:
            self.add_row(row)

    def add_row(self, values: list[str] | None = None) -> None:
        """A new row (empty, or with ``values``)."""
        row = self.rowCount()
        self.insertRow(row)
        for column in range(self.columnCount()):
            value = values[column] if values and column < len(values) else ""
            item = QTableWidgetItem(shorten(value, LABEL_CHARS) if len(value) > EDIT_CHARS else value)
            if len(value) > EDIT_CHARS:
                key = len(self.whole)
                self.whole[key] = value
                item.setData(FULL_TEXT, key)
                item.setToolTip(f"{len(value):,} characters: too long to edit here, kept as it is")
            if column in self.read_only or len(value) > EDIT_CHARS:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, column, item)

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        for row in sorted({index.row() for index in self.selectedIndexes()}, reverse=True):
            self.removeRow(row)

    def rows(self) -> list[list[str]]:
        """Every row's texts, trimmed; rows left wholly empty are skipped."""
        out = []
        for row in range(self.rowCount()):
            texts = [_text(self.item(row, c)).strip() for c in range(self.columnCount()) if c not in self.read_only]
            if any(texts):
                out.append(texts)
        return out

    def with_buttons(self, add: str) -> QWidget:
        """The table with its Add / Remove buttons under it."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self)
        buttons = QHBoxLayout()
        plus, minus = QPushButton(add), QPushButton("Remove")
        plus.setObjectName(f"{self.objectName()}Add")
        minus.setObjectName(f"{self.objectName()}Remove")
        plus.clicked.connect(lambda: self.add_row())
        minus.clicked.connect(self.remove_selected)
        buttons.addWidget(plus)
        buttons.addWidget(minus)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box


def _text(item: QTableWidgetItem | None) -> str:
    if item is None:
        return ""
    key, table = item.data(FULL_TEXT), item.tableWidget()
    return table.whole.get(key, item.text()) if isinstance(key, int) and isinstance(table, RowsTable) else item.text()


class EventEditor(QDialog):
    """Edits one event (or makes a new one); OK applies one undoable command (``apply`` returns why it could not, or "")."""

    def __init__(self, timeline: Timeline, event: int | None, apply: Callable[[Command], str], parent: QWidget | None = None,
                 default_start: str = "2025") -> None:
        super().__init__(parent)
        self.setObjectName("eventEditor")
        self.timeline = timeline
        self.apply = apply
        self.original = timeline.events[event] if event is not None else None
        self.setWindowTitle("Edit Event" if self.original else "New Event")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 760)
        self._build(self.original or Event(id="", title="", start=default_start))

    def _build(self, event: Event) -> None:
        form = QFormLayout()
        self.title_edit = QLineEdit(shorten(event.title, LABEL_CHARS) if len(event.title) > EDIT_CHARS else event.title)
        self.title_edit.setObjectName("titleEdit")
        self._long_title = _fixed(self.title_edit, event.title)
        self.start = DateField("Start", event.start)
        self.end = DateField("End", event.end or "", optional=True)
        self.lanes = QListWidget()
        self.lanes.setObjectName("lanesList")
        self.lanes.setMaximumHeight(110)
        chosen = set(event.lanes) or ({self.timeline.lanes[0].id} if self.timeline.lanes else set())
        for lane in self.timeline.lanes:
            item = QListWidgetItem(shorten(lane.name, 300))
            item.setData(Qt.ItemDataRole.UserRole, lane.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if lane.id in chosen else Qt.CheckState.Unchecked)
            self.lanes.addItem(item)
        self.summary = QPlainTextEdit(shorten(event.summary, LABEL_CHARS) if len(event.summary) > EDIT_CHARS else event.summary)
        self.summary.setObjectName("summaryEdit")
        self._long_summary = _fixed(self.summary, event.summary)
        self.summary.setMaximumHeight(90)
        notes = "\n".join(event.notes)
        self.notes = QPlainTextEdit(shorten(notes, LABEL_CHARS) if len(notes) > EDIT_CHARS else notes)
        self.notes.setObjectName("notesEdit")
        self._long_notes = _fixed(self.notes, notes)
        self.notes.setPlaceholderText("One note a line")
        self.notes.setMaximumHeight(70)
        self.importance = QSpinBox()
        self.importance.setObjectName("importanceEdit")
        self.importance.setRange(-9, 9)
        self.importance.setValue(event.importance)
        self.quotes = RowsTable("quotesTable", [_Column("Source id"), _Column("Exact words", stretch=True), _Column("In the source")],
                                [[q.source, q.text, ""] for q in event.quotes], read_only=(2,))
        self._folded: dict[str, NormalizedText] = {}
        self.quotes.itemChanged.connect(self._on_quote_changed)
        for row in range(self.quotes.rowCount()):
            self._show_found(row)
        self.claims = RowsTable("claimsTable", [_Column("Figure"), _Column("Value", stretch=True), _Column("Quotes (numbers)")],
                                [[c.name, c.value, ", ".join(str(q + 1) for q in c.quotes)] for c in event.claims])
        form.addRow("&Title", self.title_edit)
        form.addRow("&Start", self.start)
        form.addRow("&End", self.end)
        form.addRow("&Lanes", self.lanes)
        form.addRow("S&ummary", self.summary)
        form.addRow("&Notes", self.notes)
        form.addRow("&Importance", self.importance)
        form.addRow("&Quotes", self.quotes.with_buttons("Add Quote"))
        form.addRow("&Claims", self.claims.with_buttons("Add Claim"))
        self.message = QLabel()
        self.message.setObjectName("editorMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c92a2a;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("editorButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    # --- quotes found as they are typed ---------------------------------------------------------
    def _on_quote_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 2:
            self._show_found(item.row())

    def _show_found(self, row: int) -> None:
        """Say beside a quote whether its words are in its source, and where."""
        status, words = self.quotes.item(row, 2), self.quotes.item(row, 1)
        if status is not None and words is not None and words.data(FULL_TEXT) is not None:
            status.setText("not checked")  # too long to look for here
            return
        source, text = _text(self.quotes.item(row, 0)).strip(), _text(words).strip()
        if status is None or not text:
            return
        status.setText(self.where_found(source, text))

    def where_found(self, source: str, text: str) -> str:
        """"found at 1,234", "not found", "unknown source" or "no text" for a quote of ``source``."""
        if source not in self.timeline.source_by_id:
            return "unknown source"
        if source not in self.timeline.source_texts:
            return "the source has no text"
        if len(text) > EDIT_CHARS:
            return "not checked"
        if source not in self._folded:
            self._folded[source] = NormalizedText(self.timeline.source_texts[source])
        try:
            span = self._folded[source].find(text)
        except TooManyPartialMatches:
            return "not checked"
        return f"\u2713 found at {span[0]:,}" if span else "not found"

    # --- reading the form -------------------------------------------------------------------
    def event_from_form(self) -> Event:
        """The event the form describes; raises FieldError naming the first field that cannot be read."""
        title = self.title_edit.text().strip()
        if self._long_title and self.original is not None:  # shown cut, kept whole
            title = self.original.title
        if not title:
            raise FieldError("Title", "is empty", self.title_edit)
        start, end = self.start.date(), self.end.value()
        if end is not None and TimePoint.parse(end).end_seconds() <= TimePoint.parse(start).seconds:
            raise FieldError("End", f"{end} is before the start {start}", self.end.edit)
        lanes = [str(self.lanes.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.lanes.count())
                 if self.lanes.item(i).checkState() == Qt.CheckState.Checked]
        quotes = self._quotes()
        base = self.original or Event(id=new_id(self.timeline.events, title, "event"), title=title, start=start)
        summary = base.summary if self._long_summary else self.summary.toPlainText().strip()
        notes = base.notes if self._long_notes else [n.strip() for n in self.notes.toPlainText().splitlines() if n.strip()]
        return Event(id=base.id, title=title, start=start, end=end, lanes=lanes, summary=summary,
                     quotes=quotes, notes=notes,
                     importance=self.importance.value(), link=base.link, claims=self._claims(len(quotes)), media=base.media,
                     display_date=base.display_date if (start, end) == (base.start, base.end) else "")

    def _quotes(self) -> list[QuoteRef]:
        known = {source.id for source in self.timeline.doc.sources}
        quotes = []
        for row, (source, text) in enumerate(self.quotes.rows(), start=1):
            if source not in known:
                listed = ", ".join(sorted(known)) or "none yet: add one with File > Add Source"
                raise FieldError(f"Quote {row}", f"unknown source {source!r} (the sources are: {listed})", self.quotes)
            if not text:
                raise FieldError(f"Quote {row}", "has no words", self.quotes)
            quotes.append(QuoteRef(source, text))
        return quotes

    def _claims(self, quotes: int) -> list[Claim]:
        claims = []
        for row, (name, value, numbers) in enumerate(self.claims.rows(), start=1):
            if not name or not value:
                raise FieldError(f"Claim {row}", "needs both a figure and its value", self.claims)
            indices = []
            for part in filter(None, (p.strip() for p in numbers.replace(";", ",").split(","))):
                if not part.isdigit() or not 1 <= int(part) <= quotes:
                    raise FieldError(f"Claim {row}", f"quote {part!r} does not exist (the event has {quotes})", self.claims)
                indices.append(int(part) - 1)
            claims.append(Claim(name, value, indices))
        return claims

    def command(self) -> Command:
        """The change OK makes."""
        event = self.event_from_form()
        if self.original is None:
            return AddEvent(event)
        return EditEvent(self.original.id, event)

    def accept(self) -> None:
        """Apply the change, or say what is wrong and stay open."""
        try:
            command = self.command()
        except FieldError as exc:
            self.show_problem(str(exc))
            exc.widget.setFocus()
            return
        if self.original is not None and command.apply(self.timeline.doc) == self.timeline.doc:
            super().accept()  # nothing changed: nothing to undo
            return
        problem = self.apply(command)
        if problem:
            self.show_problem(problem)
            return
        super().accept()

    def show_problem(self, text: str) -> None:
        """Say what is wrong under the form."""
        self.message.setText(text)
