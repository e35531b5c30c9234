"""The timeline: sources, lanes, events and the numeric index the views draw from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, overload

import msgspec
import numpy as np
import numpy.typing as npt

from model.errors import Problem
from model.time.timepoint import TimePoint, format_span
from model.work import array_of, checkpoint, pieces

ENDS = ("inclusive", "instant")
"""How a timeline's ends are read (see :attr:`TimelineDoc.ends`)."""

if TYPE_CHECKING:
    from model.provenance.quotes import QuoteCheck
    from model.saving import DiskStamp


DATE_REF = "#/$defs/date"
"""Where the schema describes dates (see model/formats/schema.py)."""


def doc(description: str, **schema: Any) -> msgspec.Meta:
    """A field's description and any further JSON Schema keywords, for the schema only: nothing here is enforced
    when a file is read, so the loader's own located messages stay the ones a reader sees."""
    return msgspec.Meta(description=description, extra_json_schema=schema or None)


Date = Annotated[str, msgspec.Meta(extra_json_schema={"$ref": DATE_REF})]
"""A date as :class:`~model.time.timepoint.TimePoint` parses it, written as text."""
Index = Annotated[int, msgspec.Meta(extra_json_schema={"minimum": 0})]
"""A position counted from 0."""

# The structs below are the one definition of the file format: the loader's field tables and the JSON Schema in
# resources/ are read from them. Structs made once per event (a million in a large file) are kept out of the cyclic
# garbage collector (gc=False): they hold only strings, numbers and lists of those, and nothing puts them in a cycle.


class QuoteRef(msgspec.Struct, frozen=True, forbid_unknown_fields=False, gc=False):
    """The exact words of a source that support an event (matched ignoring runs of whitespace and typographic quote
    marks)."""

    source: Annotated[str, doc("The id of a source in sources.")]
    text: Annotated[str, doc("The quoted words.")]


class Claim(msgspec.Struct, frozen=True, gc=False):
    """A figure the event states explicitly, and the quotes that support it."""

    name: Annotated[str, doc("What the figure measures.")]
    value: Annotated[str, doc("The figure as written.")]
    quotes: Annotated[list[Index], doc("Indices (from 0) into the event's quotes.")] = []


class Source(msgspec.Struct):
    """A document quotes are taken from. Its text is given inline (text) or as a file beside the timeline (file);
    without either, its quotes cannot be verified."""

    id: Annotated[str, doc("Unique among sources; quotes name it.")]
    title: Annotated[str, doc("The document's title.")]
    publisher: Annotated[str, doc("Who published it.")] = ""
    published: Annotated[Date | None, doc("When it was published.")] = None
    url: Annotated[str | None, doc("Where it can be read.")] = None
    file: Annotated[str | None, doc("Path of its UTF-8 text, relative to the timeline file's folder (and inside it).")] = None
    text: Annotated[str | None, doc("Its full text, inline; used instead of file when both are given.")] = None
    notes: Annotated[str, doc("Remarks about the source.")] = ""
    number_format: Annotated[str, doc("How figures in its quotes are written: en reads 1,900.5; eu reads 1.900,5.",
                                      enum=["en", "eu"])] = "en"
    based_on: Annotated[list[str], doc("What this source rests on: other sources' ids or publishers' names (a blog "
                                       "summarising the FT and Semafor). Two sources resting on the same origin do not "
                                       "corroborate each other.")] = []
    sha256: Annotated[str, doc("SHA-256 (hex) of the text as it was when quoted; a text that no longer matches marks "
                               "its quotes changed.")] = ""
    pages: Annotated[list[Index], doc("For a text taken from a PDF: the offset in the text where each page begins "
                                      "(page 1 first).")] = []
    kind: Annotated[str, doc("report: a witness (an article, a filing, a post); check: a fact check of other reporting, "
                             "shown and read but never corroborating an event (a check, not a witness).",
                             enum=["report", "check"])] = "report"

    @property
    def is_check(self) -> bool:
        """Whether this source is a fact check rather than a witness."""
        return self.kind == "check"


class Lane(msgspec.Struct):
    """A horizontal band of the timeline, usually one actor."""

    id: Annotated[str, doc("Unique among lanes; events name it in their lanes.")]
    name: Annotated[str, doc("The label shown for the lane.")]
    color: Annotated[str, doc("The lane's colour, as #rrggbb; empty (or not a colour) for the next of the app's 24 "
                              "lane colours.")] = ""


class Era(msgspec.Struct):
    """A labelled background span."""

    title: Annotated[str, doc("The era's label.")]
    start: Annotated[Date, doc("Where it begins.")]
    end: Annotated[Date, doc("Not before start; the end date's whole period is included.")]


class Media(msgspec.Struct, frozen=True, gc=False):
    """A picture, video or page shown with an event (TimelineJS slides carry one); never fetched from the network."""

    url: Annotated[str, doc("Where it is: a web address, or a file path relative to the timeline's folder.")] = ""
    caption: Annotated[str, doc("What it shows.")] = ""
    credit: Annotated[str, doc("Who made it or owns it.")] = ""
    alt: Annotated[str, doc("Alternative text, for those who cannot see it.")] = ""
    link: Annotated[str | None, doc("Where clicking it leads.")] = None


class Event(msgspec.Struct, gc=False):
    """Something that happened, with the quotes that say so."""

    id: Annotated[str, doc("Unique among events, not empty.", minLength=1)]
    title: Annotated[str, doc("A one-line headline.")]
    start: Annotated[Date, doc("When it happened, or began.")]
    end: Annotated[Date | None, doc("For a span: the last date it covers (its whole period is included); after the "
                                    "start.")] = None
    lanes: Annotated[list[str], doc("Ids of the lanes it belongs to; the first one carries its label.")] = []
    summary: Annotated[str, doc("What happened, in plain text.")] = ""
    # Defaults are one shared empty tuple, not an empty list made for each event: 170 MB less for a million events.
    quotes: Annotated[Sequence[QuoteRef], doc("Quotes that support it.")] = ()
    notes: Annotated[Sequence[str], doc("Editorial remarks, one per item.")] = ()
    importance: Annotated[int, doc("Higher values get label space first.")] = 0
    link: Annotated[str | None, doc("A web page about it.")] = None
    claims: Annotated[Sequence[Claim], doc("Figures it states.")] = ()
    media: Annotated[Media | None, doc("A picture, video or page shown with it (never fetched from the network).")] = None
    display_date: Annotated[str, doc("Its date in the author's own words (\"15 avril 2002\", \"Spring 1848\"), shown "
                                     "beside the date it was placed on.")] = ""


class TimelineDoc(msgspec.Struct):
    """A timeline file as written in the app's own JSON format."""

    title: Annotated[str, doc("The timeline's title.")]
    events: Annotated[list[Event], doc("What happened, in any order; the viewer sorts them by start.")]
    lanes: Annotated[list[Lane], doc("Horizontal bands, top to bottom; usually one per actor.")] = []
    sources: Annotated[list[Source], doc("The documents quotes are taken from.")] = []
    eras: Annotated[list[Era], doc("Labelled background spans.")] = []
    description: Annotated[str, doc("What the timeline covers and where its facts come from.")] = ""
    format: Annotated[str, doc("The format and its version.")] = "timeline-viewer/1"
    ends: Annotated[str, doc("How ends are read. inclusive: an end names the last period covered (\"2024-12\" runs to "
                             "the end of December). instant: an end is the moment its date begins, as TimelineJS reads "
                             "it (eras 600-650 and 650-700 meet); timelines imported from other tools keep it.",
                             enum=list(ENDS))] = "inclusive"


T = TypeVar("T")
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_LANES = attrgetter("lanes")
_QUOTES = attrgetter("quotes")
_IMPORTANCE = attrgetter("importance")


class CodedSequence(Sequence[T]):
    """A long read-only sequence of few distinct values: one small code per item into a list of the values."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: npt.NDArray[np.int32], values: list[T]) -> None:
        self.codes = codes
        self.values = values

    @classmethod
    def of(cls, items: Iterable[T]) -> CodedSequence[T]:
        """``items`` coded, equal items sharing one value."""
        slot: dict[T, int] = {}
        codes = [slot.setdefault(item, len(slot)) for item in items]
        return cls(np.array(codes, dtype=np.int32), list(slot))

    def __len__(self) -> int:
        return int(self.codes.size)

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self.values[code] for code in self.codes[i].tolist()]
        return self.values[int(self.codes[i])]

    def __iter__(self) -> Iterator[T]:
        return map(self.values.__getitem__, self.codes.tolist())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (list, tuple, CodedSequence)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __repr__(self) -> str:
        return f"<CodedSequence of {len(self):,} items, {len(self.values):,} distinct>"


@dataclass(frozen=True)
class EventTimes:
    """Each event's times in seconds since 1970, one entry per event in file order."""

    start: FloatArray
    end: FloatArray
    """End of the period the event's end names; its start when it has none."""
    has_end: BoolArray
    period: FloatArray
    """Length of the period the start names: a day for 2025-03-10, a month for 2025-03."""


def end_seconds(point: TimePoint, instant: bool) -> float:
    """Where an end falls: the end of the period it names, or, for an instant end, the moment it begins."""
    return point.seconds if instant else point.end_seconds()


def event_times(starts: Sequence[TimePoint], ends: Sequence[TimePoint | None], instant_ends: bool = False) -> EventTimes:
    """The seconds of every event's start and end, each distinct point converted once."""
    first, last = _coded(starts), _coded(ends)
    begin = np.array([point.seconds for point in first.values], dtype=np.float64)
    period = np.array([point.end_seconds() for point in first.values], dtype=np.float64) - begin
    finish = np.array([np.nan if point is None else end_seconds(point, instant_ends) for point in last.values],
                      dtype=np.float64)
    start, end = begin[first.codes], finish[last.codes]
    has_end = ~np.isnan(end)
    return EventTimes(start, np.where(has_end, end, start), has_end, period[first.codes])


def _coded(items: Sequence[T]) -> CodedSequence[T]:
    return items if isinstance(items, CodedSequence) else CodedSequence.of(items)


@dataclass(frozen=True)
class EventIndex:
    """Per-row numeric arrays, sorted by start time; an event in two lanes has two rows.

    ``primary`` marks the row of the event's first lane, which carries its label. ``start`` is where a row is
    drawn: events that share a start in one lane are spread over the period their date names (see
    :func:`spread_points`), so zooming in can always tell them apart; ``true_start`` is the date itself.
    """

    start: FloatArray
    end: FloatArray
    lane: npt.NDArray[np.int32]
    event: IntArray
    importance: npt.NDArray[np.float32]
    primary: BoolArray
    event_order: IntArray
    """Event indices sorted by where their primary row is drawn (ties by lane, then file order): next/previous."""
    event_rank: IntArray
    """Position of each event in :attr:`event_order`."""
    event_row: IntArray
    """Each event's primary row."""
    lane_order: IntArray
    """Primary rows grouped by lane, each lane's block in time order."""
    lane_start: FloatArray
    """``start[lane_order]``: each lane's starts, sorted, for binary search."""
    lane_bounds: IntArray
    """Lane ``k``'s block is ``lane_order[lane_bounds[k]:lane_bounds[k + 1]]``."""
    echo_rows: IntArray
    """Rows of an event's other lanes (not its first), in time order."""
    span_rows: IntArray
    """Rows that last longer than an instant, in time order."""
    max_span: float
    true_start: FloatArray
    """Each row's start as its date gives it (``start`` may sit later within that date's period)."""
    span_start: FloatArray
    """``start[span_rows]``, sorted, for binary search."""
    echo_start: FloatArray
    """``start[echo_rows]``, sorted, for binary search."""
    period: FloatArray
    """Length of the period each row's start date names (a year for "2025"): the uncertainty of a point."""

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
    starts: Sequence[TimePoint]
    ends: Sequence[TimePoint | None]
    source_texts: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    """What was read leniently or left out, each with where and a ``kind`` to group by."""
    quote_checks: dict[tuple[int, int], QuoteCheck] = field(default_factory=dict)
    """(event, quote) to where the quote was found in its source."""
    read_from: DiskStamp | None = None
    """The file as it was on disk when it was read, if that was noted where it was read (a large file's digest
    is taken in the background, not by the window)."""

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

    @property
    def instant_ends(self) -> bool:
        """Whether ends are instants (imported TimelineJS and other tools) rather than inclusive periods."""
        return self.doc.ends == "instant"

    def era_times(self) -> FloatArray:
        """Each era's (start, end) in seconds, one row per era; ends read as :attr:`instant_ends` says."""
        rows = [(TimePoint.parse(era.start).seconds, end_seconds(TimePoint.parse(era.end), self.instant_ends))
                for era in self.doc.eras]
        return np.array(rows, dtype=np.float64).reshape(-1, 2)

    def date_label(self, i: int) -> str:
        """The event's date, as precise as known."""
        return format_span(self.starts[i], self.ends[i])

    def shown_date(self, i: int) -> str:
        """The event's date in its author's words when the file gives them (:attr:`Event.display_date`), else :meth:`date_label`."""
        return self.doc.events[i].display_date or self.date_label(i)

    def lane_names(self, i: int) -> list[str]:
        """Names of the lanes event ``i`` belongs to."""
        lanes = self.doc.lanes
        return [lanes[self.lane_index[lane]].name for lane in self.doc.events[i].lanes if lane in self.lane_index]

    def time_bounds(self) -> tuple[float, float]:
        """Earliest start and latest end, in seconds (0, 0 when empty)."""
        return self._bounds

    @cached_property
    def _bounds(self) -> tuple[float, float]:
        index = self.index
        if len(index) == 0:
            return 0.0, 0.0
        vague_end = index.true_start + np.where(index.end > index.start, 0.0, index.period)  # "2025" lasts until 2026
        return float(index.start[0]), float(max(index.end.max(), vague_end.max()))


def build_index(timeline: Timeline) -> EventIndex:
    """Lay the events out as sorted numpy rows, one per (event, lane)."""
    events = timeline.doc.events
    n = len(events)
    times = event_times(timeline.starts, timeline.ends, timeline.instant_ends)
    row_event, row_lane, row_primary = _rows(events, timeline.lane_index)
    checkpoint()
    true_start = times.start[row_event]
    point = ~times.has_end[row_event]
    grouped = np.lexsort((_small(row_lane.astype(np.int64)), true_start))
    room = times.period[row_event]
    room = np.where(point, room, np.minimum(room, times.end[row_event] - true_start))  # a span's start stays before its end
    checkpoint()
    shown = spread_points(true_start[grouped], row_lane[grouped], room[grouped])
    checkpoint()
    in_time = np.argsort(shown, kind="stable")  # cheap: ``shown`` is sorted within each group already
    order = grouped[in_time]
    row_event, lanes, primary, point = row_event[order], row_lane[order], row_primary[order], point[order]
    row_start = shown[in_time]
    row_end = np.where(point, row_start, times.end[row_event])
    n_lanes = max(len(timeline.doc.lanes), int(lanes.max()) + 1 if lanes.size else 1)
    primary_rows = np.flatnonzero(primary)
    lane_order = primary_rows[np.argsort(_small(lanes[primary_rows]), kind="stable")].astype(np.int64)
    lane_bounds = np.searchsorted(lanes[lane_order], np.arange(n_lanes + 1)).astype(np.int64)
    event_row = _primary_rows(row_event, primary, n)
    event_order = row_event[primary_rows]
    durations = row_end - row_start
    echo_rows = np.flatnonzero(~primary).astype(np.int64)
    span_rows = np.flatnonzero((durations > 0) & primary).astype(np.int64)
    checkpoint()
    return EventIndex(
        start=row_start,
        end=row_end,
        lane=lanes,
        event=row_event,
        importance=_importance(events, times.has_end)[row_event],
        primary=primary,
        event_order=event_order,
        event_rank=_inverse(event_order),
        event_row=event_row,
        lane_order=lane_order,
        lane_start=row_start[lane_order],
        lane_bounds=lane_bounds,
        echo_rows=echo_rows,
        span_rows=span_rows,
        max_span=float(durations.max()) if durations.size else 0.0,
        true_start=true_start[order],
        span_start=row_start[span_rows],
        echo_start=row_start[echo_rows],
        period=times.period[row_event],
    )


def subset_index(index: EventIndex, keep_event: BoolArray | None, lane_map: IntArray, n_lanes: int) -> EventIndex:
    """The index of what a filter shows: only the events ``keep_event`` marks (None: all), in the lanes
    ``lane_map`` keeps (old lane to new, -1 for a hidden lane), numbered as the user ordered them.

    Rows keep their numbers, so the per-row arrays are shared with ``index`` (``lane`` is renumbered, -1 for a
    hidden lane); what is shown is what the lane blocks, echoes and spans list. An event whose first lane is
    hidden is labelled in its first shown lane. Hidden events get -1 in ``event_row``; ``event_order`` and
    ``event_rank`` stay the whole timeline's. A lane's block is a slice of the old one, so a lane toggle copies
    the shown blocks and no more; an event filter costs one pass over the rows.
    """
    lane = np.take(lane_map.astype(np.int32), index.lane)
    keep_row = lane >= 0
    if keep_event is not None:
        keep_row &= keep_event[index.event]
    primary = index.primary & keep_row
    orphans = _orphans(index, keep_row, primary)
    if orphans.size:
        primary[orphans] = True
    event_row = _shown_rows(index, keep_row, lane_map) if keep_event is None else np.where(keep_row[index.event_row], index.event_row, -1)
    event_row[index.event[orphans]] = orphans
    lane_order, lane_start, lane_bounds = _lane_blocks(index, lane, primary, orphans, lane_map, n_lanes, keep_event is None)
    echo_rows = index.echo_rows[keep_row[index.echo_rows] & ~primary[index.echo_rows]]
    span_rows = index.span_rows[primary[index.span_rows]]
    if orphans.size:
        spans = orphans[index.end[orphans] > index.start[orphans]]
        span_rows = _merge(span_rows, spans)
    return replace(
        index, lane=lane, primary=primary, event_row=event_row, lane_order=lane_order, lane_start=lane_start,
        lane_bounds=lane_bounds, echo_rows=echo_rows, span_rows=span_rows, span_start=index.start[span_rows],
        echo_start=index.start[echo_rows],
    )


def _shown_rows(index: EventIndex, keep_row: BoolArray, lane_map: IntArray) -> IntArray:
    """Each event's primary row, -1 where its lane is hidden: the hidden lanes' blocks, not every row, are visited."""
    event_row = index.event_row.copy()
    for old in np.flatnonzero(lane_map < 0).tolist():
        if old + 1 < index.lane_bounds.size:
            event_row[index.event[index.lane_order[index.lane_bounds[old]:index.lane_bounds[old + 1]]]] = -1
    return event_row


def _orphans(index: EventIndex, keep_row: BoolArray, primary: BoolArray) -> IntArray:
    """Rows that become an event's primary: its first shown row when its own primary row is hidden."""
    echoes = index.echo_rows[keep_row[index.echo_rows]]
    echoes = echoes[~primary[index.event_row[index.event[echoes]]]]
    if echoes.size == 0:
        return echoes
    events = index.event[echoes]
    first = np.empty(index.event_row.size, dtype=np.int64)
    first[events[::-1]] = np.arange(echoes.size - 1, -1, -1)  # the last write wins: each event's first echo
    orphans: IntArray = echoes[first[events] == np.arange(echoes.size)]
    return orphans


def _lane_blocks(index: EventIndex, lane: npt.NDArray[np.int32], primary: BoolArray, orphans: IntArray, lane_map: IntArray,
                 n_lanes: int, whole_lanes: bool) -> tuple[IntArray, FloatArray, IntArray]:
    """The shown lanes' blocks of primary rows in the new lane order, each in time order; their starts; the bounds."""
    rows: list[IntArray] = [np.zeros(0, np.int64)] * n_lanes
    starts: list[FloatArray] = [np.zeros(0)] * n_lanes
    orphan_lane = lane[orphans]
    for old, new in enumerate(lane_map.tolist()):
        if new < 0 or old + 1 >= index.lane_bounds.size:
            continue
        a, b = int(index.lane_bounds[old]), int(index.lane_bounds[old + 1])
        block, start = index.lane_order[a:b], index.lane_start[a:b]
        if not whole_lanes:  # hiding whole lanes keeps every primary row of the others
            kept = primary[block]
            block, start = block[kept], start[kept]
        extra = orphans[orphan_lane == new]
        if extra.size:  # rows are in time order: merged where they fall, starts with them
            at = np.searchsorted(block, extra)
            block, start = np.insert(block, at, extra), np.insert(start, at, index.start[extra])
        rows[new], starts[new] = block, start
    bounds = np.concatenate([[0], np.cumsum([block.size for block in rows])]).astype(np.int64)
    return np.concatenate(rows).astype(np.int64, copy=False), np.concatenate(starts), bounds


def _merge(rows: IntArray, more: IntArray) -> IntArray:
    """Two sorted arrays of distinct rows as one, sorted: a merge, not a sort."""
    return np.insert(rows, np.searchsorted(rows, more), more).astype(np.int64, copy=False)


def spread_points(start: FloatArray, lane: npt.NDArray[np.int32], period: FloatArray) -> FloatArray:
    """Where each row is drawn: rows sharing a start in one lane spread evenly over their date's period.

    Rows come grouped: sorted by start, then lane, then event. The k-th of m rows sharing a start in a lane is
    drawn at ``start + k / m * period``, so the first stays at the start and zooming in can always tell them
    apart (a span keeps its end). ``period`` is the room each row has: the period its date names (a day for
    2025-03-10), for a span no more than its length; a group spreads over the smallest.
    The result is sorted within each group.
    """
    if start.size < 2:
        return start.copy()
    new_group = np.ones(start.size, dtype=bool)
    new_group[1:] = (start[1:] != start[:-1]) | (lane[1:] != lane[:-1])
    first = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    size = np.diff(np.append(first, start.size))
    k = np.arange(start.size) - first[group]
    shortest: FloatArray = np.minimum.reduceat(period, first)
    shown: FloatArray = start + k / size[group] * shortest[group]
    return shown


def _small(key: npt.NDArray[np.signedinteger[Any]]) -> npt.NDArray[np.signedinteger[Any]]:
    """Sort keys as 16-bit integers when they fit: numpy sorts those stably by radix, ten times faster."""
    fits = key.size == 0 or (int(key.min()) >= -(2**15) and int(key.max()) < 2**15)
    return key.astype(np.int16) if fits else key


def _primary_rows(row_event: IntArray, primary: BoolArray, n: int) -> IntArray:
    rows = np.zeros(n, dtype=np.int64)
    rows[row_event[primary]] = np.flatnonzero(primary)
    return rows


def _inverse(permutation: IntArray) -> IntArray:
    inverse = np.empty_like(permutation)
    inverse[permutation] = np.arange(permutation.size)
    return inverse


def _importance(events: list[Event], has_end: BoolArray) -> npt.NDArray[np.float32]:
    """Rank for label space: explicit importance first, then quotes, then spans."""
    n = len(events)
    explicit = array_of(_IMPORTANCE, events, np.float64)
    quoted = array_of(lambda event: bool(event.quotes), events, np.bool_) if n else np.zeros(0, dtype=bool)
    rank: FloatArray = explicit * 4 + 2 * quoted + has_end
    return rank.astype(np.float32)


def _rows(events: list[Event], lane_of: dict[str, int]) -> tuple[IntArray, npt.NDArray[np.int32], BoolArray]:
    """(event, lane, primary) for each row in event order, first lane first; unknown lanes are skipped and an
    event with no known lane goes to lane 0."""
    n = len(events)
    lane_lists: list[list[str]] = []
    for piece in pieces(events):  # whole-list loops in C hold the interpreter: a piece at a time
        lane_lists += map(_LANES, piece)
    counts = array_of(len, lane_lists, np.int64)
    try:
        firsts = array_of(lambda lanes: lane_of[lanes[0]], lane_lists, np.int32)
        if int(counts.sum()) == n:  # so every event has exactly one lane, and it is known
            return np.arange(n, dtype=np.int64), firsts, np.ones(n, dtype=bool)
    except (IndexError, KeyError):  # an event with no lane, or an unknown one
        pass
    parts = [np.fromiter(map(lane_of.get, chain.from_iterable(piece), repeat(-1)), dtype=np.int64) for piece in pieces(lane_lists)]
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    known = codes >= 0
    owner, codes = owner[known], codes[known]
    _, first = np.unique(owner * (len(lane_of) + 1) + codes, return_index=True)
    first.sort()
    lost = np.flatnonzero(np.bincount(owner, minlength=n) == 0)
    owner = np.concatenate([owner[first], lost])
    codes = np.concatenate([codes[first], np.zeros(lost.size, dtype=np.int64)])
    keep = np.argsort(owner, kind="stable")
    owner, codes = owner[keep], codes[keep]
    primary = np.ones(owner.size, dtype=bool)
    primary[1:] = owner[1:] != owner[:-1]
    return owner, codes.astype(np.int32), primary
