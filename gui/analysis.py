"""Comparing the sources of the open timeline in the background, once it is on screen.

The whole-timeline analysis (which events conflict, which are corroborated) runs in a worker
(:class:`gui.worker.Runner`) with progress and a Cancel; a new timeline cancels the analysis of the old one and its
result is never applied. The side panel needs only one event's analysis, which is small and bounded
(:data:`model.provenance.claims.MAX_FIGURES_PER_EVENT`): it is computed on the spot when the whole one is not ready yet.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from gui.worker import Runner
from model.session import IDLE, Progress, Session
from model.timeline import Timeline

if TYPE_CHECKING:
    from model.provenance.claims import EventAnalysis, TimelineAnalysis


class Analyses(QObject):
    """The analysis of the open timeline: started on request, in a worker, dropped when the timeline changes."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self, session: Session, painted: SignalInstance | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = Runner("analysis", self, takes_turns=True)
        self.result: TimelineAnalysis | None = None
        self._events: dict[int, EventAnalysis] = {}
        self._pending = True
        """Start once the timeline is on screen (the first paint waits for nothing)."""
        self._started_for: Callable[[], Timeline | None] = lambda: None
        session.events.timeline.connect(self._on_timeline_changed)
        self.runner.progressed.connect(self._on_progress)
        self.runner.busyChanged.connect(self._on_busy)
        if painted is not None:
            painted.connect(self._on_painted)

    def _on_busy(self, busy: bool) -> None:
        if not busy:
            self.session.progress = IDLE

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        """The comparison's progress, in the session for whoever shows it."""
        self.session.progress = Progress(stage or "Comparing sources", done / total if total else None)

    def _on_painted(self) -> None:
        if self._pending:
            self._pending = False
            timeline = self.session.timeline
            QTimer.singleShot(0, self, lambda: self._start_once(timeline))  # out of the paint itself

    def _start_once(self, timeline: Timeline) -> None:
        """The comparison a timeline's first paint asks for: once, and only while that timeline is open (a Cancel
        is not undone by a start still waiting in the event loop)."""
        if timeline is self.session.timeline and self._started_for() is not timeline:
            self._started_for = weakref.ref(timeline)  # not kept alive by this: a replaced timeline is freed
            self.start()

    def start(self) -> None:
        """Compare the open timeline's sources in the background, unless done or under way."""
        if self.result is not None or self.runner.busy:
            return
        timeline = self.session.timeline
        from model.provenance.claims import analyse_timeline  # loaded once the timeline is on screen

        self.runner.submit(lambda: analyse_timeline(timeline), lambda result: self._done(timeline, result),
                           "Comparing sources")

    def when_ready(self, callback: Callable[[TimelineAnalysis], object]) -> None:
        """Call ``callback`` with the whole analysis: now if it is done, else once the worker delivers it."""
        if self.result is not None:
            callback(self.result)
            return

        def once() -> None:
            self.ready.disconnect(once)
            if self.result is not None:
                callback(self.result)

        self.ready.connect(once)
        self.start()

    def of_event(self, i: int) -> EventAnalysis | None:
        """Event ``i``'s analysis (None: it has no quotes or claims), from the whole one or computed now."""
        shown = self.session.analysis or self.result  # "as known on" puts its own analysis in the session
        if shown is not None:
            return shown.events.get(i)
        if i not in self._events:
            event = self.session.timeline.events[i]
            if not (event.quotes or event.claims):
                return None
            from model.provenance.claims import analyse_event

            self._events[i] = analyse_event(self.session.timeline, i)
        return self._events[i]

    def now(self) -> TimelineAnalysis:
        """The whole analysis, computed in this thread if the worker has not delivered it (headless use)."""
        if self.result is None:
            self.runner.cancel()
            from model.provenance.claims import analyse_timeline

            self.result = analyse_timeline(self.session.timeline)
            self.session.analysis = self.result
            self.ready.emit()
        return self.result

    def _done(self, timeline: Timeline, result: object) -> None:
        if timeline is not self.session.timeline:
            return
        from model.provenance.claims import TimelineAnalysis

        if isinstance(result, TimelineAnalysis):
            self.result = result
            self.session.analysis = result
            self.ready.emit()
        else:
            self.failed.emit(f"The sources could not be compared: {type(result).__name__}: {result}")

    def _on_timeline_changed(self, _timeline: Timeline | None = None) -> None:
        self._pending = True
        self.runner.cancel()
        self.result = None
        self._events = {}
