"""What an exported picture credits: the sources cited by the events it shows, and the range it shows."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

import numpy as np

from model.time.timepoint import DateError, TimePoint
from model.timeline import BoolArray, IntArray, Source, Timeline

if TYPE_CHECKING:
    from model.provenance.claims import Known

APP_CREDIT = "Made with Timeline Viewer"
MAX_FIELD = 120
"""A publisher or title longer than this is shortened in the credit line."""


def events_in_range(timeline: Timeline, lo: float, hi: float) -> list[int]:
    """Indices of the events whose time overlaps [lo, hi] (seconds), in time order."""
    index = timeline.index
    if len(index) == 0:
        return []
    inside = (index.end >= lo) & (index.start <= hi)
    events = np.unique(index.event[inside])
    order = np.argsort(index.event_rank[events], kind="stable")
    return [int(e) for e in events[order]]


def cited_in_range(timeline: Timeline, lo: float, hi: float, shown: BoolArray | None = None,
                   known: Known | None = None) -> list[Source]:
    """The sources quoted by the events that overlap [lo, hi], each once, oldest publication first.

    With a filter: only the events ``shown`` marks, and only the quotes ``known`` accepts ("as known on" a date).
    """
    quoted = _quoted_events(timeline)
    if shown is not None and shown.size == len(timeline.events):
        quoted = quoted[shown[quoted]]
    index = timeline.index
    rows = index.event_row[quoted]
    in_range = quoted[(index.end[rows] >= lo) & (index.start[rows] <= hi)]
    return cited_sources(timeline, [int(e) for e in in_range], known)


_QUOTED: dict[int, tuple[Timeline, IntArray]] = {}


def _quoted_events(timeline: Timeline) -> IntArray:
    """The events that quote a source (few, in most large files), found once per timeline."""
    found = _QUOTED.get(id(timeline))
    if found is None or found[0] is not timeline:
        _QUOTED.clear()
        events = np.array([i for i, event in enumerate(timeline.events) if event.quotes], dtype=np.int64)
        found = _QUOTED[id(timeline)] = (timeline, events)
    return found[1]


def cited_sources(timeline: Timeline, events: list[int], known: Known | None = None) -> list[Source]:
    """The sources quoted by ``events`` (in the quotes ``known`` accepts), each once, oldest publication first."""
    by_id = timeline.source_by_id
    found: dict[str, Source] = {}
    all_events = timeline.events
    for event in events:
        for q, quote in enumerate(all_events[event].quotes):
            if known is not None and not known(event, q):
                continue
            source = by_id.get(quote.source)
            if source is not None and source.id not in found:
                found[source.id] = source
    return sorted(found.values(), key=_published_key)


def _published_key(source: Source) -> tuple[int, float]:
    seconds = _published_seconds(source.published)
    return (1, 0.0) if seconds is None else (0, seconds)


def _published_seconds(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return TimePoint.parse(text).seconds
    except DateError:
        return None


def page_of(source: Source, offset: int) -> int | None:
    """The page (1 for the first) of a PDF source that character ``offset`` is on; None for a source without pages."""
    if not source.pages or offset < 0:
        return None
    return max(1, bisect.bisect_right(source.pages, offset))


def quote_page(timeline: Timeline, event: int, quote: int) -> int | None:
    """The page a verified quote of a PDF source begins on, or None."""
    check = timeline.quote_checks.get((event, quote))
    source = timeline.source_by_id.get(check.source) if check is not None and check.verified else None
    return page_of(source, check.start) if source is not None and check is not None else None


def source_credit(source: Source) -> str:
    """"Publisher, “Title”, 12 March 2025" with whatever parts the source has."""
    parts = [_shorten(source.publisher)] if source.publisher.strip() else []
    if source.title.strip():
        parts.append(f"“{_shorten(source.title)}”")
    if source.published:
        try:
            parts.append(TimePoint.parse(source.published).label())
        except DateError:
            parts.append(_shorten(source.published))
    return ", ".join(parts) or source.id


def credit_line(sources: list[Source]) -> str:
    """The whole credit line: every cited source, then the app's name."""
    if not sources:
        return APP_CREDIT
    label = "Source" if len(sources) == 1 else "Sources"
    return f"{label}: " + "; ".join(source_credit(s) for s in sources) + f". {APP_CREDIT}."


def _shorten(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_FIELD else text[: MAX_FIELD - 1].rstrip() + "…"
