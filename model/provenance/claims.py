"""Agreement and conflict between the sources of one event: figures, quoted words and dates, compared.

Only verified quotes are read. Figures found in them (see :mod:`model.provenance.figures`) are compared across
different sources when they plausibly describe the same thing:

* same kind (money with money, counts with counts...) and the same unit: currency and "per share" for
  money, the counted noun for counts; durations of any unit are compared in days;
* values within a factor of :data:`SAME_QUANTITY_RATIO` (1.3) of each other: "$12 billion" and
  "$11.9 billion" are compared, "$350 million" and "$11.9 billion" are not.

Each figure stands for an interval of values: its value plus or minus half its rounding step ("$12 billion"
is 11.5-12.5 billion), widened by :data:`APPROXIMATE_TOLERANCE` (10%) for "about" (both ways) and "nearly"
(downwards), open-ended for "more than" and "up to". Two figures AGREE when they say the same value with
the same qualifier (hedges such as "reported" aside), AGREE_ROUGHLY when their intervals overlap, and
CONFLICT otherwise.

An event's explicit claims (``Event.claims``) override detection: claims with the same name are compared
with each other whatever their size, and in the quotes a claim cites, detected figures of the claim's kind
are shown but not compared. Words inside quotation marks that two sources give similarly but not
identically are a WORDING difference, and a date in a quote outside the event's dates a DATE_MISMATCH.

An event is CORROBORATED when two of its sources with verified quotes are independent witnesses: a fact check
(``Source.kind == "check"``) is a check, not a witness, and never counts; each other source rests on its
origins (what its ``based_on`` names, followed through other sources, or else its own publisher), and two
sources that share an origin corroborate nothing. "As known on" a date analyses with only the quotes known
by then (``known``, see :mod:`model.filtering`).
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import Enum
from functools import cached_property
from itertools import combinations

import numpy as np

from model.formats.reader import collector_paused
from model.provenance.figures import (
    APPROXIMATE,
    DAYS_PER_UNIT,
    HEDGES,
    JUST_BELOW,
    Figure,
    FigureKind,
    extract_figures,
    parse_figure,
    quoted_words,
)
from model.provenance.marks import EventMark
from model.provenance.quotes import NormalizedText, normalize
from model.time.timepoint import DateError, Precision, TimePoint
from model.timeline import Claim, Source, Timeline
from model.work import checkpoint

SAME_QUANTITY_RATIO = 1.3
"""Detected figures further apart than this factor are taken to describe different things."""
APPROXIMATE_TOLERANCE = 0.10
"""How far "about X" (either way) and "nearly X" (below) reach, as a share of X."""
WORDING_SIMILARITY = 0.6
"""difflib ratio above which two different quotations are taken as the same remark."""
MIN_QUOTED_WORDS = 3
"""Quotations shorter than this many words are not compared."""
MAX_FIGURES_PER_EVENT = 200
"""Distinct figures (and quotations) of one event that are compared; the rest are listed but not compared."""
MAX_CLAIM_CHARS = 1_000
"""Longest claim value that is read (a claim is a figure and a few words)."""
MAX_PASSAGE_CHARS = 1_000
"""Longest quotation (words in quotation marks) compared for wording."""


class Verdict(Enum):
    """What a comparison found."""

    AGREE = "agree"
    AGREE_ROUGHLY = "agree roughly"
    CONFLICT = "conflict"
    WORDING = "quoted differently"
    DATE_MISMATCH = "date mismatch"

    @property
    def is_conflict(self) -> bool:
        """True for the verdicts that flag an event: CONFLICT, WORDING and DATE_MISMATCH."""
        return self in (Verdict.CONFLICT, Verdict.WORDING, Verdict.DATE_MISMATCH)


@dataclass(frozen=True)
class QuotedFigure:
    """A figure as one source states it: the figure, its span in the event's quote, and the source."""

    figure: Figure
    quote: int
    """Index in the event's quotes; -1 for an explicit claim that cites no quote."""
    source: str
    """The source's id ("" for a claim that cites no quote)."""
    claim: str = ""
    """The explicit claim's name, or "" for a figure found in the quote."""

    @property
    def start(self) -> int:
        """Start of the figure in the quote's text (-1 when a claim's value is not found in it)."""
        return self.figure.start

    @property
    def end(self) -> int:
        """End of the figure in the quote's text (-1 when a claim's value is not found in it)."""
        return self.figure.end

    @property
    def located(self) -> bool:
        """Whether the span points into the quote."""
        return self.quote >= 0 and self.figure.start >= 0


@dataclass(frozen=True)
class Comparison:
    """Two sources' figures (or one figure and the event's date) and what comparing them found."""

    verdict: Verdict
    first: QuotedFigure
    second: QuotedFigure | None
    """None for a date checked against the event's own date."""
    explanation: str
    claim: str = ""
    """The explicit claim compared, or "" when the figures were found by detection."""

    @property
    def figures(self) -> tuple[QuotedFigure, ...]:
        """The one or two figures compared."""
        return (self.first,) if self.second is None else (self.first, self.second)


@dataclass(frozen=True)
class EventAnalysis:
    """Everything the sources of one event say in figures, and where they agree or disagree."""

    event: int
    figures: tuple[QuotedFigure, ...]
    """Explicit claims first, then the figures found in verified quotes, in quote order."""
    comparisons: tuple[Comparison, ...]
    unverified: tuple[int, ...]
    """Indices of the quotes not found in their source: not read, not compared."""
    sources: tuple[str, ...]
    """Ids of the sources with at least one verified quote."""
    corroborated: bool
    """Verified quotes from two independent witnesses: no fact check, no shared origin (see the module)."""
    problems: tuple[str, ...] = ()
    """Explicit claims that could not be read."""

    @property
    def conflicts(self) -> tuple[Comparison, ...]:
        """The comparisons that flag the event."""
        return tuple(c for c in self.comparisons if c.verdict.is_conflict)

    @property
    def conflict_kinds(self) -> frozenset[Verdict]:
        """Which kinds of conflict the event has."""
        return frozenset(c.verdict for c in self.conflicts)

    @property
    def has_conflict(self) -> bool:
        """Whether any comparison is a conflict, a wording difference or a date mismatch."""
        return bool(self.conflicts)

    def comparisons_of(self, figure: QuotedFigure) -> list[Comparison]:
        """The comparisons ``figure`` takes part in."""
        return [c for c in self.comparisons if figure in c.figures]


@dataclass(frozen=True)
class TimelineAnalysis:
    """The analysis of every event of a timeline."""

    events: dict[int, EventAnalysis]

    @cached_property
    def conflicts(self) -> list[int]:
        """Indices of the events with a conflict."""
        return [i for i, analysis in self.events.items() if analysis.has_conflict]

    @cached_property
    def corroborated(self) -> list[int]:
        """Indices of the events that independent sources confirm."""
        return [i for i, analysis in self.events.items() if analysis.corroborated]

    def marks(self) -> dict[int, EventMark]:
        """Event index to the mark the timeline draws for it (a conflict wins over corroboration)."""
        marks = dict.fromkeys(self.corroborated, EventMark.CORROBORATED)
        marks.update(dict.fromkeys(self.conflicts, EventMark.CONFLICT))
        return marks


Known = Callable[[int, int], bool]
"""Whether quote ``q`` of event ``i`` is known (as of a date); None where every quote is."""


def analyse_timeline(timeline: Timeline, known: Known | None = None) -> TimelineAnalysis:
    """Analyse every event of ``timeline`` that has quotes or claims (the others have nothing to compare)."""
    wanted = [i for i, e in enumerate(timeline.events) if e.quotes or e.claims]
    events: dict[int, EventAnalysis] = {}
    with collector_paused():  # a full collection amid a million events' objects holds the interpreter 0.5-1 s
        for k, i in enumerate(wanted):
            checkpoint("Comparing sources", k, len(wanted))
            events[i] = analyse_event(timeline, i, known)
    return TimelineAnalysis(events)


def analyse_event(timeline: Timeline, i: int, known: Known | None = None) -> EventAnalysis:
    """Compare what the sources of event ``i`` say: figures, explicit claims, quoted words and dates.

    With ``known``, only the quotes it accepts are read (the others are as if the event did not cite them).
    """
    counted = [q for q in range(len(timeline.events[i].quotes)) if known is None or known(i, q)]
    verified = [q for q in counted if _is_verified(timeline, i, q)]
    problems: list[str] = []
    claimed = _limited(_claimed(timeline, i, verified, problems), "claimed figures", problems)
    covered = _cited_kinds(timeline, i)
    detected = [f for f in _detected(timeline, i, verified) if not _overlaps_any(f, claimed)]
    active = _limited(_distinct([f for f in detected if (f.quote, f.figure.kind) not in covered]), "figures", problems)
    names = {s.id: source_name(s) for s in timeline.doc.sources}
    comparisons = [
        *_compare_claims(claimed, names),
        *_compare_detected(active, names),
        *_compare_wording(timeline, i, verified, names, problems),
        *_check_dates(timeline, i, [*claimed, *active], names),
    ]
    sources = tuple(dict.fromkeys(timeline.events[i].quotes[q].source for q in verified))
    unverified = tuple(q for q in counted if q not in verified)
    return EventAnalysis(i, (*claimed, *detected), tuple(comparisons), unverified, sources,
                         _independent(timeline, sources), tuple(problems))


def source_name(source: Source) -> str:
    """How explanations name a source: its publisher's first clause, else its title."""
    head = re.split(r",|\s\(", source.publisher[:1000], maxsplit=1)[0].strip()  # a name, not megabytes
    return head or source.title or source.id


def source_span(timeline: Timeline, event: int, figure: QuotedFigure) -> tuple[int, int] | None:
    """Where ``figure`` lies in its source's original text, for highlighting it there; None if unknown."""
    check = timeline.quote_checks.get((event, figure.quote))
    text = timeline.source_texts.get(figure.source)
    if check is None or not check.verified or text is None or not figure.located:
        return None
    quote = NormalizedText(timeline.events[event].quotes[figure.quote].text).offsets
    found = NormalizedText(text[check.start:check.end]).offsets
    first = int(np.searchsorted(quote, figure.start))
    last = int(np.searchsorted(quote, figure.end)) - 1
    if not 0 <= first <= last < len(found):
        return None
    return check.start + int(found[first]), check.start + int(found[last]) + 1


def compare_figures(a: Figure, b: Figure) -> Verdict:
    """AGREE, AGREE_ROUGHLY or CONFLICT for two figures said to be about the same thing."""
    if a.kind is not b.kind or not _same_unit(a, b):
        return Verdict.CONFLICT
    if a.kind is FigureKind.DATE:
        return _compare_dates(a, b)
    a, b = _in_base_units(a), _in_base_units(b)
    if (a.low, a.upper, _firm_words(a)) == (b.low, b.upper, _firm_words(b)):
        return Verdict.AGREE
    return Verdict.AGREE_ROUGHLY if _overlap(_interval(a), _interval(b)) else Verdict.CONFLICT


def same_quantity(a: Figure, b: Figure) -> bool:
    """Whether two detected figures plausibly describe the same thing (see the module's rule)."""
    if a.kind is not b.kind or a.kind in (FigureKind.DATE, FigureKind.WORDS) or not _same_unit(a, b):
        return False
    x, y = _middle(_in_base_units(a)), _middle(_in_base_units(b))
    if x <= 0 or y <= 0:
        return x == y
    return max(x, y) / min(x, y) <= SAME_QUANTITY_RATIO


def date_matches(when: TimePoint, start: TimePoint, end: TimePoint | None) -> bool:
    """Whether ``when`` falls in [start, end], compared at the coarser of the precisions involved."""
    last = end or start
    depth = min(when.precision, start.precision, last.precision, Precision.DAY) + 1

    def key(point: TimePoint) -> tuple[int, ...]:
        return (point.year, point.month, point.day)[:depth]

    return key(start) <= key(when) <= key(last)


def _is_verified(timeline: Timeline, i: int, q: int) -> bool:
    check = timeline.quote_checks.get((i, q))
    return check is not None and check.verified


def _published(source: Source | None) -> TimePoint | None:
    if source is None or source.published is None:
        return None
    try:
        return TimePoint.parse(source.published)
    except DateError:
        return None


def _read(timeline: Timeline, source_id: str, text: str) -> list[Figure]:
    """The figures in ``text``, read as its source writes numbers and dates."""
    source = timeline.source_by_id.get(source_id)
    number_format = source.number_format if source is not None else "en"
    return extract_figures(text, number_format=number_format, published=_published(source))


def _detected(timeline: Timeline, i: int, verified: list[int]) -> list[QuotedFigure]:
    quotes = timeline.events[i].quotes
    return [QuotedFigure(f, q, quotes[q].source) for q in verified for f in _read(timeline, quotes[q].source, quotes[q].text)]


def _claimed(timeline: Timeline, i: int, verified: list[int], problems: list[str]) -> list[QuotedFigure]:
    """One figure per (claim, verified quote it cites); a claim citing no quote stands alone."""
    found: list[QuotedFigure] = []
    for claim in timeline.events[i].claims:
        if len(claim.value) > MAX_CLAIM_CHARS:
            problems.append(f"claim “{_short(claim.name)}”: its value is {len(claim.value):,} characters; "
                            f"at most {MAX_CLAIM_CHARS:,} are read")
            continue
        cited = [q for q in claim.quotes if q in verified] if claim.quotes else [-1]
        figures = [_claim_figure(timeline, i, claim, q) for q in cited]
        if None in figures:
            problems.append(f"claim “{_short(claim.name)}”: no figure in {_short(repr(claim.value))}")
        found.extend(f for f in figures if f is not None)
    return found


def _claim_figure(timeline: Timeline, i: int, claim: Claim, q: int) -> QuotedFigure | None:
    """The claim's value read as the source of quote ``q`` writes it, placed in that quote."""
    quote = timeline.events[i].quotes[q] if q >= 0 else None
    source = quote.source if quote is not None else ""
    figures = _read(timeline, source, claim.value)
    if not figures:
        return None
    figure = figures[0] if quote is None else _locate(figures[0], quote.text, _read(timeline, source, quote.text))
    return QuotedFigure(figure, q, source, claim.name)


def _cited_kinds(timeline: Timeline, i: int) -> set[tuple[int, FigureKind]]:
    """(quote, kind) of every claim, verified or not, so detection stays off those figures."""
    kinds: set[tuple[int, FigureKind]] = set()
    for claim in timeline.events[i].claims:
        if len(claim.value) > MAX_CLAIM_CHARS:
            continue
        figure = parse_figure(claim.value)
        if figure is not None:
            kinds.update((q, figure.kind) for q in claim.quotes)
    return kinds


def _locate(figure: Figure, quote: str, detected: list[Figure]) -> Figure:
    """The claim's figure placed in the quote: where its words are, or a detected figure of equal value."""
    match = re.search(re.escape(figure.text), quote, re.IGNORECASE)
    if match is not None:
        return replace(figure, start=match.start(), end=match.end(), text=match.group())
    for other in detected:
        if other.kind is figure.kind and (other.low, other.upper) == (figure.low, figure.upper):
            return replace(figure, start=other.start, end=other.end, text=other.text)
    return replace(figure, start=-1, end=-1)


def _overlaps_any(figure: QuotedFigure, claimed: list[QuotedFigure]) -> bool:
    return any(c.quote == figure.quote and c.start < figure.end and figure.start < c.end for c in claimed)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _distinct(figures: list[QuotedFigure]) -> list[QuotedFigure]:
    """The first of the figures each source states alike (same kind, unit, value, precision and qualifier)."""
    seen: dict[tuple[object, ...], QuotedFigure] = {}
    for quoted in figures:
        f = quoted.figure
        seen.setdefault((quoted.source, f.kind, f.unit, f.value, f.high, f.step, f.qualifier, f.when), quoted)
    return list(seen.values())


def _limited(figures: list[QuotedFigure], what: str, problems: list[str]) -> list[QuotedFigure]:
    """At most :data:`MAX_FIGURES_PER_EVENT` figures, with a problem saying so when some are left out."""
    if len(figures) <= MAX_FIGURES_PER_EVENT:
        return figures
    problems.append(f"only the first {MAX_FIGURES_PER_EVENT:,} of {len(figures):,} distinct {what} were compared")
    return figures[:MAX_FIGURES_PER_EVENT]


def _independent(timeline: Timeline, sources: tuple[str, ...]) -> bool:
    """Whether two of ``sources`` are independent witnesses: neither a fact check, no origin in common."""
    origins = source_origins(timeline)
    witnesses = [origins[sid] if sid in origins else frozenset({sid}) for sid in sources
                 if sid not in timeline.source_by_id or not timeline.source_by_id[sid].is_check]
    return any(a.isdisjoint(b) for a, b in combinations(witnesses, 2))


_ORIGINS: dict[int, tuple[weakref.ref[Timeline], dict[str, frozenset[str]]]] = {}
"""The last timeline's origins, held weakly: a replaced timeline is freed."""


def source_origins(timeline: Timeline) -> dict[str, frozenset[str]]:
    """Source id to what it rests on: its ``based_on`` followed through other sources, else its own publisher.

    Names are compared by their first clause, case aside ("Wired Italy, adapted by X" is "wired italy"); a name
    in ``based_on`` that is a source's id stands for that source's origins. Computed once per timeline.
    """
    cached = _ORIGINS.get(id(timeline))
    if cached is not None and cached[0]() is timeline:
        return cached[1]
    by_id = timeline.source_by_id
    found: dict[str, frozenset[str]] = {}

    def origins(sid: str, seen: frozenset[str]) -> frozenset[str]:
        source = by_id[sid]
        if not source.based_on:
            return frozenset({_origin_name(source_name(source))})
        parts: set[str] = set()
        for name in source.based_on:
            if name in by_id:
                if name not in seen:  # a cycle adds nothing
                    parts |= origins(name, seen | {name})
            else:
                parts.add(_origin_name(name))
        return frozenset(parts)

    for sid in by_id:
        found[sid] = origins(sid, frozenset({sid}))
    _ORIGINS.clear()
    _ORIGINS[id(timeline)] = (weakref.ref(timeline), found)
    return found


def _origin_name(name: str) -> str:
    return re.split(r",|\s\(", name, maxsplit=1)[0].strip().casefold()


def _compare_claims(claimed: list[QuotedFigure], names: dict[str, str]) -> list[Comparison]:
    by_name: dict[str, list[QuotedFigure]] = {}
    for figure in claimed:
        if figure.source:
            by_name.setdefault(figure.claim, []).append(figure)
    pairs = [(a, b) for group in by_name.values() for a, b in combinations(group, 2) if a.source != b.source]
    return [_comparison(a, b, names, a.claim) for a, b in pairs]


def _compare_detected(figures: list[QuotedFigure], names: dict[str, str]) -> list[Comparison]:
    """Pairs of figures from different sources that describe the same quantity (only the same kind and unit can)."""
    by_unit: dict[tuple[FigureKind, str], list[QuotedFigure]] = {}
    for quoted in figures:
        f = quoted.figure
        if f.kind not in (FigureKind.DATE, FigureKind.WORDS):
            unit = "day" if f.kind is FigureKind.DURATION and f.unit in DAYS_PER_UNIT else f.unit
            by_unit.setdefault((f.kind, unit), []).append(quoted)
    pairs = [(a, b) for group in by_unit.values() for a, b in combinations(group, 2)
             if a.source != b.source and same_quantity(a.figure, b.figure)]
    order = {id(quoted): k for k, quoted in enumerate(figures)}
    pairs.sort(key=lambda pair: (order[id(pair[0])], order[id(pair[1])]))
    return [_comparison(a, b, names) for a, b in pairs]


def _comparison(a: QuotedFigure, b: QuotedFigure, names: dict[str, str], claim: str = "") -> Comparison:
    verdict = compare_figures(a.figure, b.figure)
    both = f"{_say(a, names)} and {_say(b, names)}"
    prefix = f"{claim}: " if claim else ""
    return Comparison(verdict, a, b, f"{prefix}{both} {_why(verdict, a.figure, b.figure)}.", claim)


def _say(figure: QuotedFigure, names: dict[str, str]) -> str:
    return f"“{figure.figure.text}” ({names.get(figure.source, figure.source or 'the event')})"


def _why(verdict: Verdict, a: Figure, b: Figure) -> str:
    """The end of an explanation sentence: why the two figures agree or not."""
    if a.kind is not b.kind or not _same_unit(a, b):
        return f"cannot both describe it: {a.describe()} and {b.describe()} are different kinds of figure"
    if verdict is Verdict.AGREE:
        return "agree"
    if verdict is Verdict.CONFLICT:
        return f"disagree: {a.describe()} against {b.describe()}"
    if a.kind is FigureKind.DATE:
        return "agree at the precision both give"
    return _roughly(_in_base_units(a), _in_base_units(b))


def _roughly(a: Figure, b: Figure) -> str:
    if _overlap(_interval(a, qualified=False), _interval(b, qualified=False)):
        return "agree within rounding"
    bounded = next((f for f in (a, b) if f.bound), None)
    if bounded is not None:
        return f"agree within the bound “{bounded.qualifier}” sets"
    if a.high is not None or b.high is not None:
        return "agree within the stated range"
    qualifier = next(f.qualifier for f in (a, b) if f.qualifier)
    return f"agree within rounding and “{qualifier}”"


def _same_unit(a: Figure, b: Figure) -> bool:
    if a.kind is FigureKind.DURATION and b.kind is FigureKind.DURATION:
        return a.unit in DAYS_PER_UNIT and b.unit in DAYS_PER_UNIT
    return a.unit == b.unit or a.kind is FigureKind.DATE


def _in_base_units(f: Figure) -> Figure:
    """Durations in days; every other figure unchanged."""
    if f.kind is not FigureKind.DURATION:
        return f
    days = DAYS_PER_UNIT[f.unit]
    high = None if f.high is None else f.high * days
    return replace(f, value=f.value * days, high=high, step=f.step * days, unit="day")


def _middle(f: Figure) -> float:
    return (f.low + f.upper) / 2


def _firm_words(f: Figure) -> tuple[str, ...]:
    """The qualifier words that change what a figure allows (hedges such as "reported" do not)."""
    return tuple(w for w in f.qualifier_words if w not in HEDGES)


def _interval(f: Figure, qualified: bool = True) -> tuple[float, float]:
    """The values a figure allows: rounding, then its qualifier ("about", "nearly", "more than"...)."""
    low, high = f.low - f.step / 2, f.upper + f.step / 2
    if not qualified:
        return low, high
    words = set(f.qualifier_words)
    if words & (APPROXIMATE | JUST_BELOW):
        low -= APPROXIMATE_TOLERANCE * abs(f.low)
    if words & APPROXIMATE:
        high += APPROXIMATE_TOLERANCE * abs(f.upper)
    if f.bound == "lower":
        high = math.inf
    elif f.bound == "upper":
        low = -math.inf
    return low, high


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _compare_dates(a: Figure, b: Figure) -> Verdict:
    if a.when is None or b.when is None:
        return Verdict.CONFLICT
    if a.when == b.when:
        return Verdict.AGREE
    return Verdict.AGREE_ROUGHLY if date_matches(a.when, b.when, None) else Verdict.CONFLICT


def _compare_wording(timeline: Timeline, i: int, verified: list[int], names: dict[str, str],
                     problems: list[str]) -> list[Comparison]:
    """Quotations (words in quotation marks) that two sources give alike but not the same."""
    quotes = timeline.events[i].quotes
    passages = [QuotedFigure(f, q, quotes[q].source) for q in verified for f in quoted_words(quotes[q].text)]
    passages = [p for p in passages if len(p.figure.text) <= MAX_PASSAGE_CHARS and len(p.figure.text.split()) >= MIN_QUOTED_WORDS]
    distinct = list({(p.source, p.figure.text): p for p in reversed(passages)}.values())[::-1]
    distinct = _limited(distinct, "quotations", problems)
    found = (_wording(a, b, names) for a, b in combinations(distinct, 2) if a.source != b.source)
    return [c for c in found if c is not None]


def _wording(a: QuotedFigure, b: QuotedFigure, names: dict[str, str]) -> Comparison | None:
    """AGREE for the same words (one may quote more of them), WORDING for a similar remark, else None."""
    x, y = _plain_words(a.figure.text), _plain_words(b.figure.text)
    if x in y or y in x:
        return Comparison(Verdict.AGREE, a, b, f"{_say(a, names)} and {_say(b, names)} quote the same words.")
    if SequenceMatcher(None, x, y).ratio() >= WORDING_SIMILARITY:
        text = f"{_quotes(a, names)} but {_quotes(b, names)}: the same remark, quoted differently."
        return Comparison(Verdict.WORDING, a, b, text)
    return None


def _quotes(passage: QuotedFigure, names: dict[str, str]) -> str:
    return f"{names.get(passage.source, passage.source)} quotes “{passage.figure.text}”"


def _plain_words(text: str) -> str:
    """Lower case words, typographic quotes folded, punctuation dropped (figures and apostrophes kept)."""
    return " ".join(re.sub(r"[^\w$%'.,]+|[.,](?!\d)", " ", normalize(text).lower()).split())


def _check_dates(timeline: Timeline, i: int, figures: list[QuotedFigure], names: dict[str, str]) -> list[Comparison]:
    """Dates in the quotes that fall outside the event's own dates."""
    start, end = timeline.starts[i], timeline.ends[i]
    found: list[Comparison] = []
    for quoted in figures:
        when = quoted.figure.when
        if quoted.figure.kind is not FigureKind.DATE or when is None or date_matches(when, start, end):
            continue
        reading = f", read as {when.label()} from its publication date" if quoted.figure.relative else ""
        name = names.get(quoted.source, quoted.source or "the event")
        text = f"“{quoted.figure.text}” ({name}{reading}) does not match the event's date, {timeline.date_label(i)}."
        found.append(Comparison(Verdict.DATE_MISMATCH, quoted, None, text, quoted.claim))
    return found
