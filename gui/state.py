"""The one observable object every view reads: the open timeline and the selection."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from model.timeline import Timeline

NO_SELECTION = -1


class TimelineState(QObject):
    """Open timeline and selected event; a click, a key and a search all go through here."""

    timelineChanged = Signal()
    selectionChanged = Signal(int)

    def __init__(self, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeline = timeline
        self.selected = NO_SELECTION

    def set_timeline(self, timeline: Timeline, keep_selection: bool = False) -> None:
        """Replace the open timeline; keep the selection by event id if asked and possible."""
        old_id = self.selected_event_id()
        self.timeline = timeline
        self.selected = NO_SELECTION
        self.timelineChanged.emit()
        if keep_selection and old_id is not None and old_id in timeline.event_by_id:
            self.select(timeline.event_by_id[old_id])
        else:
            self.selectionChanged.emit(NO_SELECTION)

    def selected_event_id(self) -> str | None:
        """The selected event's id, or None."""
        if self.selected == NO_SELECTION:
            return None
        return self.timeline.events[self.selected].id

    def select(self, event: int) -> None:
        """Select event ``event`` (or NO_SELECTION)."""
        if event != NO_SELECTION and not 0 <= event < len(self.timeline.events):
            event = NO_SELECTION
        if event != self.selected:
            self.selected = event
            self.selectionChanged.emit(event)

    def select_step(self, step: int) -> None:
        """Move the selection ``step`` events later (negative: earlier) in time."""
        order = self.timeline.index.event_order
        if order.size == 0:
            return
        if self.selected == NO_SELECTION:
            self.select(int(order[0] if step > 0 else order[-1]))
            return
        position = int(self.timeline.index.event_rank[self.selected])
        self.select(int(order[max(0, min(order.size - 1, position + step))]))
