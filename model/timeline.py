"""The timeline: sources, lanes, events and the numeric index the views draw from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import msgspec
import numpy as np
import numpy.typing as npt

from model.timepoint import TimePoint, format_span

if TYPE_CHECKING:
    from model.provenance import QuoteCheck


class QuoteRef(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """A quote an event cites: the exact words and the source they come from."""

    source: str
    text: str


class Claim(msgspec.Struct, frozen=True):
    """A figure an event states explicitly, and the quotes (by index) that support it."""

    name: str
    value: str
    quotes: list[int] = []


class Source(msgspec.Struct):
    """A document quotes are taken from."""

    id: str
    title: str
    publisher: str = ""
    published: str | None = None
    url: str | None = None
    file: str | None = None
    text: str | None = None
    notes: str = ""
    number_format: str = "en"
    """``en`` reads 1,900.5; ``eu`` reads 1.900,5 (for figures in quotes)."""


class Lane(msgspec.Struct):
    """A horizontal band of the timeline, usually one actor."""

    id: str
    name: str
    color: str = "#607d8b"


class Era(msgspec.Struct):
    """A labelled background span."""

    title: str
    start: str
    end: str


class Event(msgspec.Struct):
    """Something that happened, with the quotes that say so."""

    id: str
    title: str
    start: str
    end: str | None = None
    lanes: list[str] = []
    summary: str = ""
    quotes: list[QuoteRef] = []
    notes: list[str] = []
    importance: int = 0
    link: str | None = None
    claims: list[Claim] = []


class TimelineDoc(msgspec.Struct):
    """A timeline file as written in the app's own JSON format."""

    title: str
    events: list[Event]
    lanes: list[Lane] = []
    sources: list[Source] = []
    eras: list[Era] = []
    description: str = ""
    format: str = "timeline-viewer/1"


@dataclass(frozen=True)
class EventIndex:
    """Per-row numeric arrays, sorted by start time; an event in two lanes has two rows.

    ``primary`` marks the row of the event's first lane, which carries its label.
    """

    start: npt.NDArray[np.float64]
    end: npt.NDArray[np.float64]
    lane: npt.NDArray[np.int32]
    event: npt.NDArray[np.int64]
    importance: npt.NDArray[np.float32]
    primary: npt.NDArray[np.bool_]
    event_order: npt.NDArray[np.int64]
    """Event indices sorted by (start, id order): the order of next/previous."""
    event_rank: npt.NDArray[np.int64]
    """Position of each event in :attr:`event_order`."""
    event_row: npt.NDArray[np.int64]
    """Each event's primary row."""
    lane_order: npt.NDArray[np.int64]
    """Primary rows grouped by lane, each lane's block in time order."""
    lane_start: npt.NDArray[np.float64]
    """``start[lane_order]``: each lane's starts, sorted, for binary search."""
    lane_bounds: npt.NDArray[np.int64]
    """Lane ``k``'s block is ``lane_order[lane_bounds[k]:lane_bounds[k + 1]]``."""
    echo_rows: npt.NDArray[np.int64]
    """Rows of an event's other lanes (not its first), in time order."""
    span_rows: npt.NDArray[np.int64]
    """Rows that last longer than an instant, in time order."""
    max_span: float

    def __len__(self) -> int:
        return int(self.start.size)

    def rows_in(self, lo: float, hi: float) -> slice:
        """Rows whose start lies in [lo, hi] (binary search; spans are handled by the caller)."""
        first = int(np.searchsorted(self.start, lo, side="left"))
        last = int(np.searchsorted(self.start, hi, side="right"))
        return slice(first, last)


@dataclass
class Timeline:
    """A loaded, validated timeline with its parsed dates and index."""

    doc: TimelineDoc
    starts: list[TimePoint]
    ends: list[TimePoint | None]
    source_texts: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    warnings: list[str] = field(default_factory=list)
    quote_checks: dict[tuple[int, int], QuoteCheck] = field(default_factory=dict)
    """(event, quote) to where the quote was found in its source."""

    @property
    def title(self) -> str:
        """The timeline's title."""
        return self.doc.title

    @property
    def events(self) -> list[Event]:
        """All events, in file order."""
        return self.doc.events

    @property
    def lanes(self) -> list[Lane]:
        """All lanes, top to bottom."""
        return self.doc.lanes

    @cached_property
    def lane_index(self) -> dict[str, int]:
        """Lane id to its row number."""
        return {lane.id: i for i, lane in enumerate(self.doc.lanes)}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        """Source id to source."""
        return {source.id: source for source in self.doc.sources}

    @cached_property
    def event_by_id(self) -> dict[str, int]:
        """Event id to its index in :attr:`events`."""
        return {event.id: i for i, event in enumerate(self.doc.events)}

    @cached_property
    def index(self) -> EventIndex:
        """The numeric index, built once on first use."""
        return build_index(self)

    def date_label(self, i: int) -> str:
        """The event's date, as precise as known."""
        return format_span(self.starts[i], self.ends[i])

    def lane_names(self, i: int) -> list[str]:
        """Names of the lanes event ``i`` belongs to."""
        lanes = self.doc.lanes
        return [lanes[self.lane_index[lane]].name for lane in self.doc.events[i].lanes if lane in self.lane_index]

    def time_bounds(self) -> tuple[float, float]:
        """Earliest start and latest end, in seconds (0, 0 when empty)."""
        index = self.index
        if len(index) == 0:
            return 0.0, 0.0
        return float(index.start[0]), float(index.end.max())


def build_index(timeline: Timeline) -> EventIndex:
    """Lay the events out as sorted numpy rows, one per (event, lane)."""
    events = timeline.doc.events
    lane_of = timeline.lane_index
    n = len(events)
    starts = _seconds_of(timeline.starts)
    ends = starts.copy()
    for i, end in enumerate(timeline.ends):
        if end is not None:
            ends[i] = end.end_seconds()
    importance = np.fromiter((_importance(e) for e in events), dtype=np.float32, count=n)
    row_event, row_lane, row_primary = _rows(events, lane_of)
    order = np.lexsort((row_event, starts[row_event])) if row_event.size else np.zeros(0, dtype=np.int64)
    event_order = np.lexsort((np.arange(n), starts)) if n else np.zeros(0, dtype=np.int64)
    row_event = row_event[order]
    row_start, row_end, lanes = starts[row_event], ends[row_event], row_lane[order]
    n_lanes = max(len(timeline.doc.lanes), int(lanes.max()) + 1 if lanes.size else 1)
    primary = row_primary[order]
    primary_rows = np.flatnonzero(primary)
    lane_order = primary_rows[np.argsort(lanes[primary_rows], kind="stable")].astype(np.int64)
    lane_bounds = np.searchsorted(lanes[lane_order], np.arange(n_lanes + 1)).astype(np.int64)
    durations = row_end - row_start
    return EventIndex(
        start=row_start,
        end=row_end,
        lane=lanes,
        event=row_event,
        importance=importance[row_event],
        primary=primary,
        event_order=event_order.astype(np.int64),
        event_rank=np.argsort(event_order).astype(np.int64),
        event_row=_primary_rows(row_event, primary, n),
        lane_order=lane_order,
        lane_start=row_start[lane_order],
        lane_bounds=lane_bounds,
        echo_rows=np.flatnonzero(~primary).astype(np.int64),
        span_rows=np.flatnonzero((durations > 0) & primary).astype(np.int64),
        max_span=float(durations.max()) if durations.size else 0.0,
    )


def _primary_rows(row_event: npt.NDArray[np.int64], primary: npt.NDArray[np.bool_], n: int) -> npt.NDArray[np.int64]:
    rows = np.zeros(n, dtype=np.int64)
    rows[row_event[primary]] = np.flatnonzero(primary)
    return rows


def _seconds_of(points: list[TimePoint]) -> npt.NDArray[np.float64]:
    cache: dict[TimePoint, float] = {}
    out = np.empty(len(points), dtype=np.float64)
    for i, point in enumerate(points):
        value = cache.get(point)
        if value is None:
            value = cache[point] = point.seconds
        out[i] = value
    return out


def _importance(event: Event) -> float:
    """Rank for label space: explicit importance first, then quotes, then spans."""
    return float(event.importance) * 4 + (2 if event.quotes else 0) + (1 if event.end else 0)


def _rows(events: list[Event], lane_of: dict[str, int]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.bool_]]:
    """(event, lane, primary) for each row; an event with no known lane goes to lane 0."""
    if all(len(e.lanes) == 1 for e in events):
        lanes = np.fromiter((lane_of.get(e.lanes[0], 0) for e in events), dtype=np.int32, count=len(events))
        return np.arange(len(events), dtype=np.int64), lanes, np.ones(len(events), dtype=bool)
    row_event: list[int] = []
    row_lane: list[int] = []
    row_primary: list[bool] = []
    for i, event in enumerate(events):
        known = [lane_of[lane] for lane in event.lanes if lane in lane_of] or [0]
        for k, lane in enumerate(dict.fromkeys(known)):
            row_event.append(i)
            row_lane.append(lane)
            row_primary.append(k == 0)
    return np.array(row_event, dtype=np.int64), np.array(row_lane, dtype=np.int32), np.array(row_primary, dtype=bool)
