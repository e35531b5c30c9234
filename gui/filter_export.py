"""What an export of the window draws: the open timeline as the filter shows it, with its marks and selection.

The canvas reads the session's filter itself; an export draws a timeline, so it gets the filtered one
(:func:`model.filtering.filtered_timeline`: the shown events, the lanes in the user's order, only the quotes
known "as known on"), with the marks and the selected event renumbered to match. Kept for the last filter, so
the export dialog's preview does not rebuild it at every change.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.filtering import Filter, filtered_timeline, kept_events
from model.provenance.claims import EventMark, TimelineAnalysis, analyse_timeline
from model.session import NO_SELECTION, Session
from model.timeline import Timeline


@dataclass(frozen=True)
class ExportSubject:
    """The timeline an export draws, its conflict and corroboration marks, and the selected event in it."""

    timeline: Timeline
    marks: dict[int, EventMark]
    selected: int


_LAST: list[tuple[tuple[Callable[[], object], ...], Filter, ExportSubject]] = []
"""The last filtered subject, and weak references to what it was made from (it keeps no old timeline alive)."""


def _weak(value: object) -> Callable[[], object]:
    return (lambda: None) if value is None else weakref.ref(value)


def export_subject(session: Session, analysis: TimelineAnalysis) -> ExportSubject:
    """What the window shows, for an export (everything when nothing is filtered), marked as ``analysis`` says."""
    chosen = session.filter
    if not chosen.active:
        return ExportSubject(session.timeline, analysis.marks(), session.selected)
    key = (session.timeline, session.shown, analysis)
    if _LAST and _LAST[0][1] == chosen and all(ref() is a for ref, a in zip(_LAST[0][0], key, strict=True)):
        subject = _LAST[0][2]
    else:
        kept = kept_events(session.timeline, session.shown)
        new = np.full(len(session.timeline.events), -1, dtype=np.int64)
        new[kept] = np.arange(kept.size)
        view = filtered_timeline(session.timeline, chosen, session.shown)
        if chosen.as_of is None:
            marks = {int(new[i]): mark for i, mark in analysis.marks().items() if new[i] >= 0}
        else:  # compared again with the quotes known then, whether or not the window's worker is done with it
            marks = analyse_timeline(view).marks()
        subject = ExportSubject(view, marks, NO_SELECTION)
        _LAST[:] = [(tuple(_weak(a) for a in key), chosen, subject)]
        weakref.finalize(session.timeline, _LAST.clear)  # the timeline closed: so is its filtered copy
    selected = session.selected
    kept_index = kept_events(session.timeline, session.shown)
    position = int(np.searchsorted(kept_index, selected)) if selected != NO_SELECTION else -1
    in_view = 0 <= position < kept_index.size and kept_index[position] == selected
    return ExportSubject(subject.timeline, subject.marks, position if in_view else NO_SELECTION)
