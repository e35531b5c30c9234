"""Edit > Lanes: add, rename, recolour, reorder and delete lanes; each change is one undoable command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from model.editing import AddLane, Command, DeleteLane, History, MoveLane, RecolourLane, RenameLane, new_id
from model.layout.palette import lane_color
from model.timeline import Lane, Timeline


class LanesDialog(QDialog):
    """The timeline's lanes, top to bottom, with buttons that change them."""

    def __init__(self, history: History, apply: Callable[[Command], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lanesDialog")
        self.setWindowTitle("Lanes")
        self.history = history
        self.apply = apply
        self.list = QListWidget()
        self.list.setObjectName("lanesList")
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for name, text, slot in (("add", "&Add...", self.add), ("rename", "&Rename...", self.rename),
                                 ("colour", "&Colour...", self.recolour), ("up", "Move &Up", lambda: self.move_lane(-1)),
                                 ("down", "Move &Down", lambda: self.move_lane(1)), ("delete", "De&lete", self.delete)):
            button = QPushButton(text)
            button.setObjectName(f"lane_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            column.addWidget(button)
        column.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        column.addWidget(close)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(column)
        hint = QLabel("Changes apply at once; Edit > Undo takes them back.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        self.resize(420, 360)
        history.events.changed.connect(self._on_changed)
        self._on_changed(history.timeline)

    # --- what the buttons do ----------------------------------------------------------------
    def current(self) -> Lane | None:
        """The selected lane."""
        row = self.list.currentRow()
        lanes = self.history.doc.lanes
        return lanes[row] if 0 <= row < len(lanes) else None

    def add(self, name: str | None = None) -> bool:
        """Add a lane under the selected one (asking its name unless given)."""
        if name is None:
            name = self._ask("Add lane", "Name of the new lane:", "")
        if not name:
            return False
        row = self.list.currentRow()
        lane = Lane(new_id(self.history.doc.lanes, name, "lane"), name)
        done = self.apply(AddLane(lane, row + 1 if row >= 0 else None))
        if done:
            self.list.setCurrentRow(self._row_of(lane.id))
        return done

    def rename(self, name: str | None = None) -> bool:
        """Rename the selected lane."""
        lane = self.current()
        if lane is None:
            return False
        if name is None:
            name = self._ask("Rename lane", "New name:", lane.name)
        return bool(name) and name != lane.name and self.apply(RenameLane(lane.id, name))

    def recolour(self, colour: str | None = None) -> bool:
        """Give the selected lane a colour (chosen in a colour dialog unless given as #rrggbb)."""
        lane = self.current()
        if lane is None:
            return False
        if colour is None:
            chosen = QColorDialog.getColor(QColor(self._colour(lane)), self, f"Colour of {lane.name}")
            if not chosen.isValid():
                return False
            colour = chosen.name()
        return self.apply(RecolourLane(lane.id, colour))

    def move_lane(self, step: int) -> bool:
        """Move the selected lane up (-1) or down (1)."""
        lane = self.current()
        row = self.list.currentRow()
        if lane is None or not 0 <= row + step < self.list.count():
            return False
        done = self.apply(MoveLane(lane.id, row + step))
        self.list.setCurrentRow(self._row_of(lane.id))
        return done

    def delete(self) -> bool:
        """Delete the selected lane (only one no event belongs to)."""
        lane = self.current()
        return lane is not None and self.apply(DeleteLane(lane.id))

    # --- showing ----------------------------------------------------------------------------
    def _on_changed(self, timeline: Timeline) -> None:
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        for lane in timeline.lanes:
            item = QListWidgetItem(self._swatch(self._colour(lane)), lane.name)
            item.setData(Qt.ItemDataRole.UserRole, lane.id)
            self.list.addItem(item)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._enable()

    def _colour(self, lane: Lane) -> str:
        if QColor.isValidColorName(lane.color):
            return lane.color
        return lane_color(self._row_of(lane.id))

    @staticmethod
    def _swatch(colour: str) -> QIcon:
        pixmap = QPixmap(14, 14)
        pixmap.fill(QColor(colour))
        return QIcon(pixmap)

    def _row_of(self, lane_id: str) -> int:
        return next((i for i, lane in enumerate(self.history.doc.lanes) if lane.id == lane_id), -1)

    def _enable(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        for name in ("rename", "colour", "delete"):
            self.buttons[name].setEnabled(row >= 0)
        self.buttons["up"].setEnabled(row > 0)
        self.buttons["down"].setEnabled(0 <= row < count - 1)

    def _ask(self, title: str, label: str, text: str) -> str:
        name, ok = QInputDialog.getText(self, title, label, text=text)
        return name.strip() if ok else ""
