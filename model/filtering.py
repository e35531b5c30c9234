"""What the user chose to see: lanes, sources, verification, verdicts, a date range, and "as known on".

:func:`filter_facts` reads a timeline once into per-event and per-quote numpy arrays (:class:`FilterFacts`);
:func:`masks` then turns a :class:`Filter` into the ``shown`` and ``ghosts`` masks the session carries, in a
few vectorised passes (milliseconds at a million events), so toggling a lane or moving the "as known on"
slider never walks the events in Python.

"As known on" a moment: a quote counts when its source was surely published by then. A source dated only
to a month ("2025-03") counts from the end of that month; a source without a publication date counts as
always known. A fact check (``Source.kind == "check"``) restates public reporting and dates each fact by
its public reference, so its quote about an event counts from the event's own date, not from the date the
check was written. An event without any quote counts from its own date; an event none of whose quotes is
known yet is hidden (or drawn as a ghost, if the user chose so). The comparison of the sources is redone
with the known quotes only (:func:`analyse_as_of`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter

import msgspec
import numpy as np
import numpy.typing as npt

from model.filter_spec import NO_FILTER as NO_FILTER
from model.filter_spec import Filter as Filter
from model.filter_spec import shown_lanes as shown_lanes
from model.provenance.claims import EventAnalysis, Known, TimelineAnalysis, analyse_event
from model.time.date_text import parse_typed_date
from model.time.timepoint import DateError, Precision, TimePoint
from model.timeline import BoolArray, FloatArray, IntArray, Lane, Source, Timeline, event_times
from model.work import checkpoint

ALWAYS = -np.inf
"""When a source without a publication date is known: always."""

_QUOTES = attrgetter("quotes")
_SOURCE = attrgetter("source")



VERDICTS = ("conflict", "corroborated")


def as_of_moment(text: str) -> float:
    """The moment "as known on ``text``" means: the end of the day (or month, or year) the text names.

    Raises DateError with a one-line reason for text that is not a date.
    """
    return parse_typed_date(text).end_seconds()


@dataclass
class FilterFacts:
    """Per-event and per-quote arrays of one timeline that every filter reads; built once by :func:`filter_facts`."""

    timeline: Timeline
    start: FloatArray
    """Each event's start (seconds)."""
    end: FloatArray
    """Each event's end (its start's period end when it has none)."""
    row_event: IntArray
    """For each (event, lane) row: the event."""
    row_lane: IntArray
    """For each row: the lane's position in the file."""
    lane_bits: npt.NDArray[np.uint64] | None
    """Per event, bit k set when it is in lane k (None when there are more than 64 lanes: rows are read instead)."""
    quote_first: IntArray
    """Event ``i``'s quotes are ``quote_first[i]:quote_first[i + 1]`` in the per-quote arrays."""
    quote_event: IntArray
    quote_source: npt.NDArray[np.int32]
    """Each quote's source, as a position in :attr:`source_ids` (-1: a source the file does not list)."""
    quote_known: FloatArray
    """From when each quote counts (seconds; -inf: always)."""
    quote_unverified: BoolArray
    known_from: FloatArray
    """From when each event is known: its earliest quote's :attr:`quote_known`, else its own date."""
    source_ids: list[str]
    undated: frozenset[str]
    """Sources without a (readable) publication date: always known."""
    _verdicts: dict[int, tuple[TimelineAnalysis, BoolArray, BoolArray]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many events."""
        return int(self.start.size)

    def known(self, as_of: float) -> Known:
        """Whether quote ``q`` of event ``i`` counts as known on ``as_of``."""
        first, known = self.quote_first, self.quote_known
        return lambda i, q: bool(known[first[i] + q] <= as_of)

    def moments(self) -> FloatArray:
        """The distinct moments from which quotes count (publication dates), sorted: the slider's stops."""
        finite = self.quote_known[np.isfinite(self.quote_known)]
        return np.unique(finite)

    def verdicts(self, analysis: TimelineAnalysis) -> tuple[BoolArray, BoolArray]:
        """(conflict, corroborated) per event, from ``analysis`` (kept for the last few analyses)."""
        found = self._verdicts.get(id(analysis))
        if found is not None and found[0] is analysis:
            return found[1], found[2]
        conflict = np.zeros(self.size, dtype=bool)
        corroborated = np.zeros(self.size, dtype=bool)
        conflict[np.array(analysis.conflicts, dtype=np.int64)] = True
        corroborated[np.array(analysis.corroborated, dtype=np.int64)] = True
        if len(self._verdicts) >= 4:
            self._verdicts.clear()
        self._verdicts[id(analysis)] = (analysis, conflict, corroborated)
        return conflict, corroborated


def filter_facts(timeline: Timeline) -> FilterFacts:
    """Read ``timeline`` once into the arrays :func:`masks` works on (a second or so at a million events)."""
    events = timeline.events
    n = len(events)
    times = event_times(timeline.starts, timeline.ends, timeline.instant_ends)
    counts = np.fromiter(map(len, map(_QUOTES, events)), dtype=np.int64, count=n)
    quote_first = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=quote_first[1:])
    total = int(quote_first[-1])
    quote_event = np.repeat(np.arange(n, dtype=np.int64), counts)
    source_ids = [source.id for source in timeline.doc.sources]
    position = {sid: k for k, sid in enumerate(source_ids)}
    quotes = chain.from_iterable(map(_QUOTES, events))
    quote_source = np.fromiter((position.get(s, -1) for s in map(_SOURCE, quotes)), dtype=np.int32, count=total)
    published = np.array([*map(_published, timeline.doc.sources), ALWAYS], dtype=np.float64)
    checks = np.array([*(s.is_check for s in timeline.doc.sources), False], dtype=bool)
    own_date = times.start + times.period  # the end of the period the event's date names
    quote_known = np.where(checks[quote_source], own_date[quote_event], published[quote_source])
    return FilterFacts(
        timeline=timeline, start=times.start, end=np.maximum(times.end, own_date), row_event=timeline.index.event,
        row_lane=timeline.index.lane.astype(np.int64), lane_bits=_lane_bits(timeline), quote_first=quote_first, quote_event=quote_event,
        quote_source=quote_source, quote_known=quote_known, quote_unverified=_unverified(timeline, quote_first, total),
        known_from=_earliest(quote_known, quote_first, counts, own_date), source_ids=source_ids,
        undated=frozenset(s.id for s, when in zip(timeline.doc.sources, published, strict=False) if when == ALWAYS),
    )


def _lane_bits(timeline: Timeline) -> npt.NDArray[np.uint64] | None:
    """Each event's lanes as bits of one number, so that showing or hiding a lane is one pass over the events."""
    index = timeline.index
    lanes = index.lane.astype(np.uint64)
    if lanes.size and int(lanes.max()) >= 64:
        return None
    bits = np.zeros(len(timeline.events), dtype=np.uint64)
    if index.primary.all():
        bits[index.event] = np.left_shift(np.uint64(1), lanes)
    else:
        np.bitwise_or.at(bits, index.event, np.left_shift(np.uint64(1), lanes))
    return bits


def moment_label(moment: float) -> str:
    """The day a moment ("as known on", the end of that day) names: "15 March 2025"."""
    before = moment - max(1.0, math.ulp(moment))  # far out a float's step is over a second: "- 1" would be lost
    return TimePoint.from_seconds(before, Precision.DAY).label()


def quote_known_from(timeline: Timeline, event: int, quote: int) -> float:
    """From when quote ``quote`` of event ``event`` counts (seconds), as :func:`filter_facts` reckons it: its source's
    publication (the end of the period it names; always without one), or for a fact check the event's own date."""
    ref = timeline.events[event].quotes[quote]
    source = timeline.source_by_id.get(ref.source)
    if source is None:
        return ALWAYS
    if source.is_check:
        try:
            return TimePoint.parse(timeline.events[event].start).end_seconds()
        except DateError:
            return ALWAYS
    return _published(source)


def _published(source: Source) -> float:
    """From when a source counts: the end of the period its publication date names; always without one."""
    if source.published is None:
        return ALWAYS
    try:
        return TimePoint.parse(source.published).end_seconds()
    except DateError:
        return ALWAYS


def _unverified(timeline: Timeline, quote_first: IntArray, total: int) -> BoolArray:
    unverified = np.ones(total, dtype=bool)
    found = [int(quote_first[i]) + q for (i, q), check in timeline.quote_checks.items() if check.verified]
    unverified[np.array(found, dtype=np.int64)] = False
    return unverified


def _earliest(quote_known: FloatArray, quote_first: IntArray, counts: IntArray, own_date: FloatArray) -> FloatArray:
    earliest = own_date.copy()
    quoted = np.flatnonzero(counts)
    if quoted.size:
        earliest[quoted] = np.minimum.reduceat(quote_known, quote_first[quoted])
    return earliest


@dataclass(frozen=True)
class Masks:
    """Which events a filter shows, and which it draws as ghosts; None: all shown, or no ghosts."""

    shown: BoolArray | None
    ghosts: BoolArray | None

    def count(self, total: int) -> int:
        """How many events are shown."""
        return total if self.shown is None else int(np.count_nonzero(self.shown))


ALL_SHOWN = Masks(None, None)


def masks(facts: FilterFacts, chosen: Filter, analysis: TimelineAnalysis | None) -> Masks:
    """The events ``chosen`` lets through, and those drawn as ghosts (hidden only "as known on", when asked).

    ``analysis`` gives the verdicts (it should be the one as of ``chosen.as_of``); without one, a verdict filter
    lets nothing through yet.
    """
    if not chosen.hides:
        return ALL_SHOWN
    keep = np.ones(facts.size, dtype=bool)
    if chosen.hidden_lanes:
        keep &= _in_lanes(facts, chosen.hidden_lanes)
    if chosen.sources:
        keep &= _citing(facts, chosen.sources, chosen.as_of)
    if chosen.unverified_only:
        keep &= _events_of(facts, facts.quote_unverified & _known_quotes(facts, chosen.as_of))
    if chosen.verdict:
        keep &= _verdict(facts, chosen.verdict, analysis)
    if chosen.date_range is not None:
        lo, hi = chosen.date_range
        keep &= (facts.start <= hi) & (facts.end >= lo)
    if chosen.as_of is None:
        return Masks(keep, None)
    known = facts.known_from <= chosen.as_of
    return Masks(keep & known, keep & ~known if chosen.ghost else None)


def _in_lanes(facts: FilterFacts, hidden: frozenset[str]) -> BoolArray:
    """Events with at least one row in a lane that is not hidden."""
    lanes = facts.timeline.lanes
    if facts.lane_bits is not None:
        hidden_bits = sum(1 << k for k, lane in enumerate(lanes) if lane.id in hidden)
        shown_bits = np.uint64(~hidden_bits & 0xFFFF_FFFF_FFFF_FFFF)
        in_shown: BoolArray = (facts.lane_bits & shown_bits) != 0
        return in_shown
    visible = np.array([lane.id not in hidden for lane in lanes] + [True], dtype=bool)
    rows = visible[np.where(facts.row_lane < len(lanes), facts.row_lane, len(lanes))]
    if facts.row_event.size == facts.size:  # one row per event: rows are events, in some order
        shown = np.empty(facts.size, dtype=bool)
        shown[facts.row_event] = rows
        return shown
    shown = np.zeros(facts.size, dtype=bool)
    shown[facts.row_event[rows]] = True
    return shown


def _citing(facts: FilterFacts, sources: frozenset[str], as_of: float | None) -> BoolArray:
    """Events with a (known) quote from one of ``sources``."""
    wanted = np.array([sid in sources for sid in facts.source_ids] + [False], dtype=bool)
    return _events_of(facts, wanted[facts.quote_source] & _known_quotes(facts, as_of))


def _known_quotes(facts: FilterFacts, as_of: float | None) -> BoolArray | bool:
    return True if as_of is None else facts.quote_known <= as_of


def _events_of(facts: FilterFacts, quotes: BoolArray) -> BoolArray:
    shown = np.zeros(facts.size, dtype=bool)
    shown[facts.quote_event[quotes]] = True
    return shown


def _verdict(facts: FilterFacts, verdict: str, analysis: TimelineAnalysis | None) -> BoolArray:
    if analysis is None:
        return np.zeros(facts.size, dtype=bool)
    conflict, corroborated = facts.verdicts(analysis)
    return conflict if verdict == "conflict" else corroborated & ~conflict


def analyse_as_of(facts: FilterFacts, as_of: float, full: TimelineAnalysis | None = None) -> TimelineAnalysis:
    """The comparison of the sources with only the quotes known on ``as_of``.

    Events with every quote known keep their entry of ``full`` (when given); events with none known are left
    out (they are hidden or ghosts); the rest are analysed again with the known quotes only.
    """
    timeline = facts.timeline
    running = np.concatenate([[0], np.cumsum(facts.quote_known <= as_of)])
    have = running[facts.quote_first[1:]] - running[facts.quote_first[:-1]]
    counts = np.diff(facts.quote_first)
    known = facts.known(as_of)
    events: dict[int, EventAnalysis] = {}
    wanted = [i for i, e in enumerate(timeline.events) if e.quotes or e.claims]
    for k, i in enumerate(wanted):
        checkpoint("Comparing sources as known then", k, len(wanted))
        if counts[i] and not have[i]:
            continue
        if full is not None and have[i] == counts[i] and i in full.events:
            events[i] = full.events[i]
        else:
            events[i] = analyse_event(timeline, i, known)
    return TimelineAnalysis(events)


def filtered_timeline(timeline: Timeline, chosen: Filter, shown: BoolArray | None) -> Timeline:
    """A timeline of only what ``chosen`` shows, for drawing it where no canvas reads the session (exports).

    The events ``shown`` marks (all when None), each with only the quotes known on ``chosen.as_of`` (and the
    claims that cite them), in the lanes not hidden, in the user's lane order; quote checks follow their quotes.
    Events keep their order, so event ``kept[k]`` of the old timeline is event ``k`` of the new one
    (:func:`kept_events`).
    """
    keep = kept_events(timeline, shown).tolist()
    known = None if chosen.as_of is None else filter_facts(timeline).known(chosen.as_of)
    lanes = _ordered_lanes(timeline, chosen)
    lane_ids = {lane.id for lane in lanes}
    events, checks = [], {}
    for new, old in enumerate(keep):
        event = timeline.events[old]
        quotes = [q for q in range(len(event.quotes)) if known is None or known(old, q)]
        position = {q: k for k, q in enumerate(quotes)}
        own_lanes = [lane for lane in event.lanes if lane in lane_ids] or event.lanes
        if len(quotes) < len(event.quotes) or len(own_lanes) < len(event.lanes):
            claims = [msgspec.structs.replace(c, quotes=[position[q] for q in c.quotes if q in position])
                      for c in event.claims if not c.quotes or any(q in position for q in c.quotes)]
            event = msgspec.structs.replace(event, quotes=[event.quotes[q] for q in quotes], claims=claims, lanes=own_lanes)
        events.append(event)
        for q in quotes:
            check = timeline.quote_checks.get((old, q))
            if check is not None:
                checks[(new, position[q])] = replace(check, event=new, quote=position[q])
    doc = msgspec.structs.replace(timeline.doc, events=events, lanes=lanes)
    return Timeline(doc, [timeline.starts[i] for i in keep], [timeline.ends[i] for i in keep], timeline.source_texts,
                    timeline.path, timeline.warnings, checks)


def kept_events(timeline: Timeline, shown: BoolArray | None) -> IntArray:
    """The events a mask keeps, in file order (all when None): new event ``k`` is old event ``kept[k]``."""
    if shown is None:
        return np.arange(len(timeline.events), dtype=np.int64)
    return np.flatnonzero(shown).astype(np.int64)


def _ordered_lanes(timeline: Timeline, chosen: Filter) -> list[Lane]:
    """The lanes not hidden, in the user's order, as the canvas draws them (:func:`shown_lanes`)."""
    lanes = timeline.lanes
    return [lanes[k] for k in shown_lanes(len(lanes), [lane.id for lane in lanes], chosen)]
