"""New Event from Selection: the selected words as the quote, a proposed date and title, the lanes it belongs to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import style
from gui.widgets import display_text, plain_label, shorten
from model.time.timepoint import DateError, TimePoint
from model.timeline import Lane


class NewEventDialog(QDialog):
    """Title, date and lanes for an event whose quote is ``passage`` (shown, not editable: it is the source's words)."""

    def __init__(self, passage: str, title: str, date: str, lanes: list[Lane], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newEventDialog")
        self.setWindowTitle("New Event from Selection")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Quote (the source's exact words):"))
        quote = plain_label(f"“{shorten(passage, 1500)}”", "newEventQuote")
        font = quote.font()
        font.setItalic(True)
        quote.setFont(font)
        layout.addWidget(quote)
        form = QFormLayout()
        self.title_field = QLineEdit(display_text(title))
        self.title_field.setObjectName("newEventTitle")
        self.date_field = QLineEdit(date)
        self.date_field.setObjectName("newEventDate")
        self.date_field.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
        self.date_field.setToolTip("Proposed from the passage, else the source's publication date: check it")
        self.lanes = QListWidget()
        self.lanes.setObjectName("newEventLanes")
        self.lanes.setAccessibleName("Lanes of the new event")
        for lane in lanes:
            item = QListWidgetItem(display_text(lane.name))
            item.setData(Qt.ItemDataRole.UserRole, lane.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            mentioned = lane.name.lower() in passage.lower() or lane.id.lower() in passage.lower()
            item.setCheckState(Qt.CheckState.Checked if mentioned else Qt.CheckState.Unchecked)
            self.lanes.addItem(item)
        self.lanes.setMaximumHeight(max(self.lanes.sizeHintForRow(0), 18) * min(max(len(lanes), 2), 8) + 8)
        form.addRow("&Title:", self.title_field)
        form.addRow("&Date:", self.date_field)
        form.addRow("&Lanes:", self.lanes)
        layout.addLayout(form, 1)
        self.status = QLabel()
        self.status.setObjectName("newEventStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet(f"color: {style.current().css('unverified')};")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("&Add Event", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addEventButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.title_field.textChanged.connect(self._check)
        self.date_field.textChanged.connect(self._check)
        self._check()
        self.resize(560, self.sizeHint().height())
        (self.title_field if date else self.date_field).setFocus()

    def chosen_lanes(self) -> list[str]:
        """Ids of the ticked lanes."""
        items = (self.lanes.item(i) for i in range(self.lanes.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def problem(self) -> str:
        """Why the event cannot be added yet ("" when it can)."""
        if not self.title_field.text().strip():
            return "Give the event a title."
        date = self.date_field.text().strip()
        if not date:
            return "Give the event a date (the passage and its source name none)."
        try:
            TimePoint.parse(date)
        except DateError as exc:
            return f"Date: {exc}"
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.status.setText(problem)
        self.add_button.setEnabled(not problem)

    def accept(self) -> None:
        """Add Event, once the title and date are good."""
        if not self.problem():
            super().accept()
