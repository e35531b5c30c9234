"""Keeps the session's ``shown``, ``ghosts`` and ``analysis`` in step with its ``filter``.

A change of ``session.filter`` (from the filter panel, or anywhere) is turned into masks at once
(:func:`model.filtering.masks`: a few ms at a million events). "As known on" also redoes the comparison of the
sources with only the quotes known then, in a worker (a new date cancels the previous one); the result becomes
``session.analysis``, so the panel's claims and the canvas's marks follow it, and the whole analysis comes back
when "as known on" is cleared. The per-event arrays are read once per timeline: at once for a small one, in a
worker for a large one (the filter applies when they are ready).
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.analysis import Analyses
from gui.worker import Runner
from model.filter_spec import NO_FILTER, Filter
from model.session import Session
from model.timeline import Timeline

if TYPE_CHECKING:
    from model.filtering import FilterFacts, Masks
    from model.provenance.claims import TimelineAnalysis


def _filtering() -> ModuleType:
    """:mod:`model.filtering`, loaded when the filter is first used (it brings the source comparison with it)."""
    import model.filtering

    return model.filtering

READ_AT_ONCE = 50_000
"""Timelines up to this many events have their filter arrays read on the GUI thread (under 0.1 s)."""


class FilterController(QObject):
    """Applies ``session.filter``: the masks at once, the analysis as known on a date in the background."""

    countChanged = Signal(int, int)
    """How many events are shown, of how many."""
    analysisApplied = Signal()
    """The controller changed ``session.analysis`` (as known on a date, or back to the whole one)."""
    factsReady = Signal()
    """The filter arrays of a large timeline arrived from the worker."""

    def __init__(self, session: Session, analyses: Analyses, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analyses = analyses
        self.facts: FilterFacts | None = None
        self.as_of_analysis: TimelineAnalysis | None = None
        self._analysed_as_of: float | None = None
        self._path = session.timeline.path
        self.reader = Runner("filter arrays", self, takes_turns=True)
        self.runner = Runner("analysis as known then", self)
        session.events.filter.connect(self._on_filter)
        session.events.timeline.connect(self._on_timeline)
        analyses.ready.connect(self._on_full_analysis)

    @property
    def total(self) -> int:
        """How many events the open timeline has."""
        return len(self.session.timeline.events)

    def shown_count(self) -> int:
        """How many events the filter shows now (every one when it hides none)."""
        shown = self.session.shown
        return self.total if shown is None else int(shown.sum())

    def apply(self) -> None:
        """Work the masks out for the session's filter now (and start the analysis as known then, if it changed)."""
        chosen = self.session.filter
        facts = self.read_facts()
        if facts is None:
            return
        found = _filtering().masks(facts, chosen, self._verdict_analysis(chosen))
        self._set_masks(found)
        if chosen.as_of != self._analysed_as_of:
            self._analyse(facts, chosen.as_of)

    def clear(self) -> None:
        """Show everything: no filter."""
        self.session.filter = NO_FILTER

    def read_facts(self) -> FilterFacts | None:
        """The open timeline's filter arrays: read now for a small timeline, else None until the worker has them."""
        timeline = self.session.timeline
        if self.facts is not None and self.facts.timeline is timeline:
            return self.facts
        if len(timeline.events) <= READ_AT_ONCE:
            self.facts = _filtering().filter_facts(timeline)
            return self.facts
        if not self.reader.busy:
            self.reader.submit(lambda: _filtering().filter_facts(timeline), lambda facts: self._on_facts(timeline, facts),
                               "Reading the events for the filter")
        return None

    def _on_facts(self, timeline: Timeline, facts: object) -> None:
        if timeline is self.session.timeline and isinstance(facts, _filtering().FilterFacts):
            self.facts = facts
            self.factsReady.emit()
            self.apply()

    def _verdict_analysis(self, chosen: Filter) -> TimelineAnalysis | None:
        if chosen.as_of is None:
            return self.analyses.result
        return self.as_of_analysis if self._analysed_as_of == chosen.as_of else None

    def _set_masks(self, found: Masks) -> None:
        self.session.shown = found.shown
        self.session.ghosts = found.ghosts
        self.countChanged.emit(found.count(self.total), self.total)

    def _analyse(self, facts: FilterFacts, as_of: float | None) -> None:
        self.runner.cancel()
        self.as_of_analysis = None
        self._analysed_as_of = None
        full = self.analyses.result
        if as_of is None:
            if full is not None and self.session.analysis is not full:
                self.session.analysis = full
                self.analysisApplied.emit()
            return
        self.runner.submit(lambda: _filtering().analyse_as_of(facts, as_of, full), lambda result: self._on_as_of(facts, as_of, result),
                           "Comparing sources as known then")

    def _on_as_of(self, facts: FilterFacts, as_of: float, result: object) -> None:
        if facts is not self.facts or self.session.filter.as_of != as_of or not isinstance(result, _filtering().TimelineAnalysis):
            return
        self.as_of_analysis = result
        self._analysed_as_of = as_of
        self.session.analysis = result
        self.analysisApplied.emit()
        if self.session.filter.verdict:
            self._set_masks(_filtering().masks(facts, self.session.filter, result))

    def _on_full_analysis(self) -> None:
        """The whole comparison arrived: verdict filters can use it, and "as known on" is redone from it."""
        self._analysed_as_of = None
        if self.session.filter.hides:
            self.apply()

    def _on_filter(self, chosen: Filter) -> None:
        if chosen.hides or self.session.shown is not None or self.session.ghosts is not None:
            self.apply()
        else:  # only the lanes' order changed: nothing to hide
            self.countChanged.emit(self.total, self.total)

    def _on_timeline(self, timeline: Timeline) -> None:
        """Another timeline: every event shown until the user filters again; the same file reloaded keeps its filter
        (without the lanes and sources it no longer has)."""
        self.runner.cancel()
        self.reader.cancel()
        self.facts = None
        self.as_of_analysis = None
        self._analysed_as_of = None
        reloaded = timeline.path is not None and timeline.path == self._path
        self._path = timeline.path
        chosen = self.session.filter
        if reloaded and chosen.active:
            lanes, sources = {lane.id for lane in timeline.lanes}, set(timeline.source_by_id)
            self.session.filter = replace(chosen, hidden_lanes=chosen.hidden_lanes & lanes, sources=chosen.sources & sources,
                                          lane_order=tuple(lane for lane in chosen.lane_order if lane in lanes))
            self.apply()
            return
        if chosen != NO_FILTER:
            self.session.filter = NO_FILTER
        self._set_masks(_filtering().ALL_SHOWN)
