"""The filter panel: lanes, sources, verification, verdicts, a date range, and "as known on".

Every control writes one field of ``session.filter`` (filters combine); the panel follows the session back, so
a filter set elsewhere (cleared by a new timeline, say) shows here. :func:`install_filter` puts the panel in a
dock, the "showing 7 of 12 events" count in the status bar, and the dock's toggle in the View menu.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPoint, QSignalBlocker, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from gui.filters.controller import FilterController
from gui.widgets import Button, on_screen, plain_label, plural, shorten
from model.filter_spec import Filter
from model.time.timepoint import DateError, TimePoint
from model.timeline import Timeline

if TYPE_CHECKING:
    from gui.main_window import MainWindow

VERDICT_CHOICES = (("", "Any"), ("conflict", "Conflicts only"), ("corroborated", "Corroborated only"))
ID_ROLE = Qt.ItemDataRole.UserRole


class FilterPanel(QWidget):
    """Controls for every filter; each writes ``session.filter`` through the controller's session."""

    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self.setAccessibleName("Filter")
        self.controller = controller
        self.session = controller.session
        self.stops = np.zeros(0)
        """The slider's stops: the moments from which the sources' quotes count, in time order."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)  # fits the panels' column at its narrowest (a 1024-pixel screen)
        header = QHBoxLayout()
        self.count = plain_label("", "filterCount")
        self.clear_button = Button("Clear all", "clearFilter", "Clear every filter: show all events")
        self.clear_button.clicked.connect(controller.clear)
        header.addWidget(self.count, 1)
        header.addWidget(self.clear_button)
        layout.addLayout(header)
        layout.addWidget(self._lanes_box())
        layout.addWidget(self._as_of_box())
        layout.addWidget(self._events_box())
        layout.addWidget(self._sources_box(), 1)
        self.session.events.timeline.connect(self._on_timeline)
        self.session.events.filter.connect(self._on_filter)
        controller.countChanged.connect(self._on_count)
        controller.factsReady.connect(self._on_facts_ready)
        self._unfilled: Timeline | None = None
        """A timeline whose lanes and sources are filled in when the panel is first shown (start-up waits for none)."""
        self._on_timeline(self.session.timeline)
        self._on_count(controller.shown_count(), controller.total)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Fill in what the panel lists the first time it is seen for a timeline (a tab behind another is not seen)."""
        if self._unfilled is not None and on_screen(self):
            self._fill(self._unfilled)
        super().showEvent(event)

    def on_dock_visibility(self, seen: bool) -> None:
        """The dock came forward (its tab picked, or the dock shown): fill in what the panel lists if not done yet."""
        if seen and self._unfilled is not None:
            self._fill(self._unfilled)

    # --- building ----------------------------------------------------------------------------
    def _lanes_box(self) -> QGroupBox:
        box = QGroupBox("Lanes")
        layout = QVBoxLayout(box)
        self.lanes = QListWidget()
        self.lanes.setObjectName("laneList")
        self.lanes.setAccessibleName("Lanes: tick to show, drag to reorder")
        self.lanes.setToolTip("Tick to show a lane, untick to hide it; drag a lane to move it up or down")
        self.lanes.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.lanes.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.lanes.itemChanged.connect(lambda _item: self._write(hidden_lanes=self._hidden_lanes()))
        self.lanes.model().rowsMoved.connect(lambda *_args: self._write(lane_order=self._lane_order()))
        self.lanes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.lanes.customContextMenuRequested.connect(self._lane_menu)
        self.lanes.setMaximumHeight(150)
        self.only_lane = Button("Only this lane", "onlyLane", "Show only the highlighted lane")
        self.only_lane.clicked.connect(self.show_only_current_lane)
        up = Button("Up", "laneUp", "Move the highlighted lane up")
        down = Button("Down", "laneDown", "Move the highlighted lane down")
        up.setToolTip("Move the highlighted lane up (or drag it)")
        down.setToolTip("Move the highlighted lane down (or drag it)")
        up.clicked.connect(lambda: self.move_current_lane(-1))
        down.clicked.connect(lambda: self.move_current_lane(1))
        buttons = QHBoxLayout()  # fits the narrowest panel column: the layout cannot wrap
        buttons.addWidget(self.only_lane)
        buttons.addStretch(1)
        buttons.addWidget(up)
        buttons.addWidget(down)
        layout.addWidget(self.lanes)
        layout.addLayout(buttons)
        return box

    def move_current_lane(self, step: int) -> None:
        """Move the highlighted lane ``step`` places down (negative: up), as dragging it does."""
        row = self.lanes.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.lanes.count():
            return
        with QSignalBlocker(self.lanes):
            item = self.lanes.takeItem(row)
            self.lanes.insertItem(target, item)
            self.lanes.setCurrentRow(target)
        self._write(lane_order=self._lane_order())

    def _as_of_box(self) -> QGroupBox:
        box = QGroupBox("As known on")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.as_of_on = QCheckBox("As known on")
        self.as_of_on.setObjectName("asOfEnabled")
        self.as_of_on.setToolTip("Only quotes from sources published by this date count; the sources are compared again")
        self.as_of_on.toggled.connect(self._on_as_of_toggled)
        self.as_of_field = QLineEdit()
        self.as_of_field.setObjectName("asOfDate")
        self.as_of_field.setAccessibleName("As known on: date")
        self.as_of_field.setPlaceholderText("e.g. 15 March 2025")
        self.as_of_field.setMinimumWidth(80)
        self.as_of_field.returnPressed.connect(self._on_as_of_typed)
        self.as_of_field.editingFinished.connect(self._on_as_of_typed)
        row.addWidget(self.as_of_on)
        row.addWidget(self.as_of_field, 1)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("asOfSlider")
        self.slider.setAccessibleName("As known on: publication dates of the sources")
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._on_slider)
        self.ghost = QCheckBox("Show unknown events as ghosts")
        self.ghost.setToolTip("Events not known yet on that date are drawn faint instead of hidden")
        self.ghost.setObjectName("asOfGhost")
        self.ghost.toggled.connect(lambda on: self._write(ghost=on))
        self.as_of_note = plain_label("", "asOfNote", muted=True)
        layout.addLayout(row)
        layout.addWidget(self.slider)
        layout.addWidget(self.ghost)
        layout.addWidget(self.as_of_note)
        return box

    def _events_box(self) -> QGroupBox:
        box = QGroupBox("Events")
        form = QFormLayout(box)
        self.unverified = QCheckBox("Only events with unverified quotes")
        self.unverified.setObjectName("unverifiedOnly")
        self.unverified.toggled.connect(lambda on: self._write(unverified_only=on))
        self.verdict = QComboBox()
        self.verdict.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.verdict.setObjectName("verdictChoice")
        self.verdict.setAccessibleName("Verdicts")
        for value, text in VERDICT_CHOICES:
            self.verdict.addItem(text, value)
        self.verdict.currentIndexChanged.connect(lambda _k: self._write(verdict=str(self.verdict.currentData())))
        dates = QHBoxLayout()
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        for field, name, hint in ((self.date_from, "dateFrom", "from"), (self.date_to, "dateTo", "to")):
            field.setObjectName(name)
            field.setAccessibleName(f"Date range {hint}")
            field.setPlaceholderText(hint)
            field.setToolTip(f"Show events {hint} this date: 2025, 2025-03, 10 March 2025 ...")
            field.setClearButtonEnabled(True)
            field.setMinimumWidth(60)
            field.editingFinished.connect(self._on_dates)
            dates.addWidget(field)
        self.date_problem = plain_label("", "dateProblem")
        self.date_problem.hide()
        form.addRow(self.unverified)
        form.addRow("Verdicts:", self.verdict)
        form.addRow("Between:", dates)
        form.addRow(self.date_problem)
        return box

    def _sources_box(self) -> QGroupBox:
        box = QGroupBox("Sources: events citing the ticked ones")
        layout = QVBoxLayout(box)
        self.sources = QListWidget()
        self.sources.setObjectName("sourceList")
        self.sources.setAccessibleName("Sources: tick to show only the events citing them")
        self.sources.setWordWrap(True)
        self.sources.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sources.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sources.itemChanged.connect(lambda _item: self._write(sources=self._ticked_sources()))
        layout.addWidget(self.sources)
        return box

    # --- writing the filter -------------------------------------------------------------------
    def _write(self, **changes: object) -> None:
        chosen = replace(self.session.filter, **changes)  # type: ignore[arg-type]
        with self.session.events.filter.blocked(self._on_filter):
            self.session.filter = chosen

    def _hidden_lanes(self) -> frozenset[str]:
        items = [self.lanes.item(k) for k in range(self.lanes.count())]
        return frozenset(str(i.data(ID_ROLE)) for i in items if i.checkState() != Qt.CheckState.Checked)

    def _lane_order(self) -> tuple[str, ...]:
        return tuple(str(self.lanes.item(k).data(ID_ROLE)) for k in range(self.lanes.count()))

    def _ticked_sources(self) -> frozenset[str]:
        items = [self.sources.item(k) for k in range(self.sources.count())]
        return frozenset(str(i.data(ID_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked)

    def show_only_current_lane(self) -> None:
        """Show the highlighted lane (the first, if none is) and hide every other."""
        item = self.lanes.currentItem() or self.lanes.item(0)
        if item is not None:
            self.show_only_lane(str(item.data(ID_ROLE)))

    def show_only_lane(self, lane_id: str) -> None:
        """Hide every lane but ``lane_id``."""
        self._write(hidden_lanes=frozenset(lane.id for lane in self.session.timeline.lanes if lane.id != lane_id))
        self._show_filter(self.session.filter)

    def show_all_lanes(self) -> None:
        """Show every lane."""
        self._write(hidden_lanes=frozenset())
        self._show_filter(self.session.filter)

    def _lane_menu(self, point: QPoint) -> None:
        item = self.lanes.itemAt(point)
        if item is None:
            return
        lane_id = str(item.data(ID_ROLE))
        menu = QMenu(self)
        menu.addAction("Only this lane", lambda: self.show_only_lane(lane_id))
        menu.addAction("All lanes", self.show_all_lanes)
        menu.exec(self.lanes.viewport().mapToGlobal(point))

    def _on_as_of_toggled(self, on: bool) -> None:
        if not on:
            self._write(as_of=None)
            return
        if not self.as_of_field.text().strip() and self.stops.size:
            self.slider.setValue(self.slider.maximum())
            self._set_as_of(float(self.stops[self.slider.value()]))
        else:
            self._on_as_of_typed()

    def _on_slider(self, k: int) -> None:
        if 0 <= k < self.stops.size:
            self._set_as_of(float(self.stops[k]))

    def _on_as_of_typed(self) -> None:
        text = self.as_of_field.text().strip()
        if not text:
            return
        try:
            from model.filtering import as_of_moment

            moment = as_of_moment(text)
        except DateError as exc:
            self.as_of_note.setText(str(exc))
            return
        self._set_as_of(moment)

    def _set_as_of(self, moment: float) -> None:
        with QSignalBlocker(self.as_of_on):
            self.as_of_on.setChecked(True)
        self._write(as_of=moment)
        self._show_as_of(moment)

    def _on_dates(self) -> None:
        from model.time.date_text import parse_typed_date  # loaded when a date is first typed, not at start-up

        try:
            low = parse_typed_date(self.date_from.text()).seconds if self.date_from.text().strip() else -np.inf
            high = parse_typed_date(self.date_to.text()).end_seconds() if self.date_to.text().strip() else np.inf
        except DateError as exc:
            self.date_problem.setText(str(exc))
            self.date_problem.show()
            return
        self.date_problem.hide()
        self._write(date_range=None if low == -np.inf and high == np.inf else (float(low), float(high)))

    # --- following the session ----------------------------------------------------------------
    def _on_timeline(self, timeline: Timeline) -> None:
        """Fill the lanes, the sources and the slider's stops from the open timeline (now if seen, else when seen)."""
        self._unfilled = timeline
        if on_screen(self):
            self._fill(timeline)
        else:
            self._on_count(self.controller.shown_count(), len(timeline.events))

    def _fill(self, timeline: Timeline) -> None:
        self._unfilled = None
        with QSignalBlocker(self.lanes), QSignalBlocker(self.sources):
            self.lanes.clear()
            for lane in timeline.lanes:
                item = QListWidgetItem(shorten(lane.name or lane.id, 200))
                item.setData(ID_ROLE, lane.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setCheckState(Qt.CheckState.Checked)
                self.lanes.addItem(item)
            self.sources.clear()
            for source in timeline.doc.sources:
                self.sources.addItem(self._source_item(source.id, timeline))
        self._on_count(self.controller.shown_count(), len(timeline.events))
        self.stops = self._stops(timeline)
        self.slider.setRange(0, max(0, self.stops.size - 1))
        self.slider.setEnabled(self.stops.size > 0)
        if self.session.filter.as_of is None:  # a day typed for the timeline open before means nothing for this one
            self.as_of_field.clear()
        self._show_filter(self.session.filter)

    def _source_item(self, source_id: str, timeline: Timeline) -> QListWidgetItem:
        source = timeline.source_by_id[source_id]
        from model.provenance.claims import source_name

        words = [shorten(source_name(source), 200)]
        if source.title and source.title != source_name(source):
            words.append(f"“{shorten(source.title, 200)}”")
        if source.is_check:
            words.append("(fact check, not a witness)")
        words.append(f"published {source.published}" if source.published else "no date: always known")
        item = QListWidgetItem(shorten(" · ".join(words), 300))
        item.setData(ID_ROLE, source.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _stops(self, timeline: Timeline) -> np.ndarray:
        """The publication dates from which quotes count (a fact check's: the dates of the facts it checks)."""
        facts = self.controller.read_facts()
        if facts is not None:
            return facts.moments()
        dated = []  # until a large timeline's arrays are read: the reports' own dates
        for source in timeline.doc.sources:
            with contextlib.suppress(DateError):
                if source.published and not source.is_check:
                    dated.append(TimePoint.parse(source.published).end_seconds())
        return np.unique(np.array(dated, dtype=np.float64))

    def _on_facts_ready(self) -> None:
        if self._unfilled is not None:
            return
        self.stops = self._stops(self.session.timeline)
        self.slider.setRange(0, max(0, self.stops.size - 1))
        self.slider.setEnabled(self.stops.size > 0)

    def _on_filter(self, chosen: Filter) -> None:
        if self._unfilled is not None:  # filled in, filter shown, when the panel is first seen
            return
        self._show_filter(chosen)

    def _show_filter(self, chosen: Filter) -> None:
        """Tick, pick and fill every control as ``chosen`` says, without writing back."""
        blockers = [QSignalBlocker(w) for w in (self.lanes, self.sources, self.unverified, self.verdict, self.as_of_on,
                                                self.ghost, self.slider)]
        for k in range(self.lanes.count()):
            item = self.lanes.item(k)
            hidden = item.data(ID_ROLE) in chosen.hidden_lanes
            item.setCheckState(Qt.CheckState.Unchecked if hidden else Qt.CheckState.Checked)
        self._order_lanes(chosen.lane_order)
        for k in range(self.sources.count()):
            item = self.sources.item(k)
            item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in chosen.sources else Qt.CheckState.Unchecked)
        self.unverified.setChecked(chosen.unverified_only)
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(chosen.verdict)))
        self.ghost.setChecked(chosen.ghost)
        self.as_of_on.setChecked(chosen.as_of is not None)
        if chosen.date_range is None:
            self.date_from.clear()
            self.date_to.clear()
        if chosen.as_of is None:
            self.as_of_note.setText("Off: every source counts, whenever it was published.")
        else:
            self._show_as_of(chosen.as_of)
        del blockers

    def _order_lanes(self, order: tuple[str, ...]) -> None:
        current = self._lane_order()
        rank = {lane: k for k, lane in enumerate(order)}
        wanted = sorted(current, key=lambda lane: (rank.get(lane, len(rank)), current.index(lane)))
        if wanted == list(current) or not order:
            return
        items = {str(self.lanes.item(k).data(ID_ROLE)): self.lanes.takeItem(k) for k in reversed(range(self.lanes.count()))}
        for lane in wanted:
            self.lanes.addItem(items[lane])

    def _show_as_of(self, moment: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(max(0, int(np.searchsorted(self.stops, moment, side="right")) - 1))
        from model.filtering import moment_label

        self.as_of_field.setText(moment_label(moment))
        timeline = self.session.timeline
        from model.provenance.claims import source_name

        undated = [source_name(s) for s in timeline.doc.sources if not s.published]
        later = [source_name(s) for s in timeline.doc.sources if s.published and not s.is_check and _published_after(s.published, moment)]
        parts = [f"Not published yet: {', '.join(later)}." if later else "Every source was published by then."]
        if any(s.is_check for s in timeline.doc.sources):
            parts.append("A fact check counts from the date of each fact it checks.")
        if undated:
            parts.append(f"Always known (no publication date): {', '.join(undated)}.")
        self.as_of_note.setText(" ".join(parts))

    def _on_count(self, shown: int, total: int) -> None:
        text = f"Showing {shown:,} of {plural(total, 'event')}" if self.session.filter.active else f"All {plural(total, 'event')} shown"
        self.count.setText(text)
        self.clear_button.setEnabled(self.session.filter.active)


def _published_after(published: str, moment: float) -> bool:
    try:
        return TimePoint.parse(published).end_seconds() > moment
    except DateError:
        return False


class FilterStatus(QLabel):
    """"Showing 7 of 12 events" in the status bar while a filter hides some; empty otherwise."""

    def __init__(self, controller: FilterController) -> None:
        super().__init__()
        self.setObjectName("filterStatus")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(16, 0, 4, 0)
        self.session = controller.session
        controller.countChanged.connect(self._on_count)

    def _on_count(self, shown: int, total: int) -> None:
        text = f"showing {shown:,} of {plural(total, 'event')}" if self.session.filter.hides else ""
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))


@dataclass
class FilterParts:
    """The filter's pieces in the window: the controller, the panel (built when first needed), its dock, the status-bar count."""

    window: MainWindow
    controller: FilterController
    dock: QDockWidget
    scroll: QScrollArea
    status: FilterStatus
    _panel: FilterPanel | None = None

    @property
    def panel(self) -> FilterPanel:
        """The panel, built the first time its dock comes forward (or a caller asks): start-up waits for none of it."""
        if self._panel is None:
            self._panel = FilterPanel(self.controller)
            self.scroll.setWidget(self._panel)
            self._panel.show()
        return self._panel

    def _on_dock_visibility(self, seen: bool) -> None:
        if seen:
            self.panel.on_dock_visibility(seen)

    def show(self) -> None:
        """View > Filter: bring the panel forward with the keyboard in its lanes."""
        self.dock.show()
        self.dock.raise_()
        self.panel.lanes.setFocus(Qt.FocusReason.ShortcutFocusReason)


def install_filter(window: MainWindow) -> FilterParts:
    """The filter dock (tabbed with the panels, its panel built when it first comes forward), its status-bar count."""
    controller = FilterController(window.session, window.analyses, window)
    scroll = QScrollArea()
    scroll.setObjectName("filterScroll")
    scroll.setAccessibleName("Filter")
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the panel fits the column's width
    dock = QDockWidget("Filter", window)
    dock.setObjectName("filterDock")
    dock.setWidget(scroll)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.tabifyDockWidget(window.sources_dock, dock)
    window.panel_dock.raise_()
    status = FilterStatus(controller)
    window.statusBar().addPermanentWidget(status)
    status.hide()
    parts = FilterParts(window, controller, dock, scroll, status)
    dock.visibilityChanged.connect(parts._on_dock_visibility)
    return parts
