"""Comparing the sources of the open timeline in the background, once it is on screen.

The whole-timeline analysis (which events conflict, which are corroborated) runs in a worker
(:class:`gui.worker.Runner`) with progress and a Cancel; a new timeline cancels the analysis of the old one and its
result is never applied. The side panel needs only one event's analysis, which is small and bounded
(:data:`model.provenance.claims.MAX_FIGURES_PER_EVENT`): it is computed on the spot when the whole one is not ready yet.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from gui.worker import Runner
from model.provenance.claims import EventAnalysis, TimelineAnalysis, analyse_event, analyse_timeline
from model.session import Session
from model.timeline import Timeline


class Analyses(QObject):
    """The analysis of the open timeline: started on request, in a worker, dropped when the timeline changes."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = Runner("analysis", self)
        self.result: TimelineAnalysis | None = None
        self._events: dict[int, EventAnalysis] = {}
        session.events.timeline.connect(self._on_timeline_changed)

    def start(self) -> None:
        """Compare the open timeline's sources in the background, unless done or under way."""
        if self.result is not None or self.runner.busy:
            return
        timeline = self.session.timeline
        self.runner.submit(lambda: analyse_timeline(timeline), lambda result: self._done(timeline, result),
                           "Comparing sources")

    def of_event(self, i: int) -> EventAnalysis | None:
        """Event ``i``'s analysis (None: it has no quotes or claims, or none known "as known on"), from the session's
        (which may be the one as known on a date), the whole one, or computed now."""
        current = self.session.analysis or self.result
        if current is not None:
            return current.events.get(i)
        if i not in self._events:
            event = self.session.timeline.events[i]
            if not (event.quotes or event.claims):
                return None
            self._events[i] = analyse_event(self.session.timeline, i)
        return self._events[i]

    def now(self) -> TimelineAnalysis:
        """The whole analysis, computed in this thread if the worker has not delivered it (headless use)."""
        if self.result is None:
            self.runner.cancel()
            self.result = analyse_timeline(self.session.timeline)
            self.session.analysis = self.result
            self.ready.emit()
        return self.result

    def _done(self, timeline: Timeline, result: object) -> None:
        if timeline is not self.session.timeline:
            return
        if isinstance(result, TimelineAnalysis):
            self.result = result
            self.session.analysis = result
            self.ready.emit()
        else:
            self.failed.emit(f"The sources could not be compared: {type(result).__name__}: {result}")

    def _on_timeline_changed(self, _timeline: Timeline | None = None) -> None:
        self.runner.cancel()
        self.result = None
        self._events = {}
