"""Figures in a quote: sums of money, percentages, counts, durations and dates, each with its span.

Every figure keeps the words it was read from (``text``, the span ``start``-``end`` in the quote, including a
qualifier such as "nearly"), its value normalised to a float (dollars, percent, items, units of time, or the
date's seconds), its unit and how precisely it was written (``step``: 1e9 for "$12 billion", 1e8 for
"$11.9 billion"), so that two figures can be compared within rounding.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache, partial

from model.time.timepoint import MONTH_NAMES, DateError, Precision, TimePoint


class FigureKind(Enum):
    """What a figure measures."""

    MONEY = "money"
    PERCENT = "percentage"
    COUNT = "count"
    DURATION = "duration"
    DATE = "date"
    WORDS = "quoted words"


LOWER_BOUNDS = frozenset({"more than", "over", "at least", "above", "upwards of", "in excess of"})
UPPER_BOUNDS = frozenset({"up to", "less than", "under", "at most", "below"})
APPROXIMATE = frozenset({"about", "around", "approximately", "roughly"})
JUST_BELOW = frozenset({"nearly", "almost"})
HEDGES = frozenset({"potential", "expected", "reported", "estimated"})

_KNOWN_QUALIFIERS = sorted(LOWER_BOUNDS | UPPER_BOUNDS | APPROXIMATE | JUST_BELOW | HEDGES, key=len, reverse=True)

DAYS_PER_UNIT = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.436875, "year": 365.2425, "decade": 3652.425}
"""Durations are compared in days."""

_CURRENCY = {"$": "USD", "us$": "USD", "dollar": "USD", "usd": "USD", "€": "EUR", "euro": "EUR", "eur": "EUR",
             "£": "GBP", "gbp": "GBP"}
_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "b": 1e9, "bn": 1e9,
          "trillion": 1e12, "t": 1e12, "tn": 1e12}
_SEPARATORS = {"en": (",", "."), "eu": (".", ",")}
"""Number format to (thousands separator, decimal mark)."""

_UNITS = {w: i + 1 for i, w in enumerate((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"))}
_TENS = {w: 20 + 10 * i for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))}
_WORD_NUMBERS = {**_UNITS, **_TENS, "a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100, "a thousand": 1000}

_STOPWORD_TEXT = """
a an the and or but nor of in on at to for with from by as than that which who whom whose this these those it its
their his her our your my is are was were be been being will would can could should may might must has have had do
does did not no so such per each every into onto over under about after before since until while when where why how
what all any both either neither more most less least many much few some other another same also only just even
very too up down out off again further then once here there if because though although against between through
during without within along across behind beyond plus minus via i you he she we they me him us them
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_MONTHS = "|".join(MONTH_NAMES)
_MONTH_ABBREV = "|".join(m[:3] for m in MONTH_NAMES if len(m) > 3) + "|Sept"
_MONTH = rf"(?P<month>(?:{_MONTHS})\b|(?:{_MONTH_ABBREV})\b\.?)"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_YEAR = r"(?P<year>\d{4})\b"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_CONTEXT = r"\b(?i:in|from|of|during)\s+"
_NOT_A_NUMBER_AFTER = r"(?![.,]?\d|\s*(?i:%|per\s?cent\b|percent\b|thousand\b|million\b|billion\b|trillion\b|[-–]\s*\d))"

_QUALIFIER = re.compile(
    r"(?:\b(?P<word>nearly|almost|about|around|approximately|approx\.|roughly|more\s+than|over|at\s+least|above|"
    r"upwards\s+of|in\s+excess\s+of|up\s+to|less\s+than|under|at\s+most|below|potential|expected|reported|"
    r"estimated)\s+|(?P<sym>[~≈])\s*)$",
    re.IGNORECASE,
)
_QUALIFIER_REACH = 32
"""How far before a figure its qualifier may start (the longest is "in excess of " plus spacing)."""
_NOUN_WORD = re.compile(r"\s+([A-Za-z][A-Za-z0-9-]*)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_ACRONYM = re.compile(r"[A-Z]{2,}s?")


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure found in a text: where it is, what it says and how precisely it was written."""

    kind: FigureKind
    start: int
    end: int
    text: str
    value: float
    """Dollars (or euros...), percent, items, units of time, or seconds since 1970 for a date; a range's low end."""
    unit: str = ""
    """``USD``, ``USD per share``, ``%``, the counted noun (``gpu``), ``year``/``month``..., or a date's precision."""
    qualifier: str = ""
    """Normalised words before the figure: ``nearly``, ``more than``, ``up to about``..."""
    high: float | None = None
    """The high end of a range such as "$47-55"."""
    step: float = 1.0
    """The rounding step of the number as written (1e9 for "$12 billion")."""
    when: TimePoint | None = None
    """The date a date figure names, with its precision."""
    relative: bool = False
    """True for a date resolved against the publication date ("last year", "in January")."""

    @property
    def low(self) -> float:
        """The low end of the figure (its value unless a range)."""
        return self.value

    @property
    def upper(self) -> float:
        """The high end of the figure (its value unless a range)."""
        return self.value if self.high is None else self.high

    @property
    def bound(self) -> str:
        """``lower`` for "more than X", ``upper`` for "up to X", else empty."""
        words = set(self.qualifier_words)
        return "lower" if words & LOWER_BOUNDS else "upper" if words & UPPER_BOUNDS else ""

    @property
    def qualifier_words(self) -> tuple[str, ...]:
        """The qualifier split into its known phrases ("up to about" -> ("up to", "about"))."""
        return tuple(w for w in _KNOWN_QUALIFIERS if re.search(rf"\b{w}\b", self.qualifier))

    def describe(self) -> str:
        """The figure in normalised words: "nearly $12 billion", "62%", "250,000 gpus", "10 March 2025"."""
        body = _DESCRIBE[self.kind](self)
        return f"{self.qualifier} {body}" if self.qualifier else body


def extract_figures(text: str, *, number_format: str = "en", published: TimePoint | None = None) -> list[Figure]:
    """Every money, percentage, count, duration and date figure in ``text``, in reading order.

    ``number_format`` is ``en`` (1,900.5) or ``eu`` (1.900,5); ``published`` resolves relative dates.
    """
    scan = _Scan(text, _patterns(number_format if number_format in _SEPARATORS else "en"), number_format, published)
    for scanner in _SCANNERS:
        for figure in scanner(scan):
            scan.accept(figure)
    return scan.taken


def parse_figure(text: str, *, number_format: str = "en", published: TimePoint | None = None) -> Figure | None:
    """The first figure in ``text`` (a claim's value such as "about $1.5B raised"), or None."""
    figures = extract_figures(text, number_format=number_format, published=published)
    return figures[0] if figures else None


def quoted_words(text: str) -> list[Figure]:
    """Passages inside quotation marks ("..." or “...”), as WORDS figures spanning the words inside."""
    found: list[Figure] = []
    for match in _QUOTED.finditer(text):
        start, end = match.span("words")
        found.append(Figure(FigureKind.WORDS, start, end, text[start:end], 0.0))
    return found


_QUOTED = re.compile(r"[“\"«]\s*(?P<words>[^“”\"«»]{2,}?)\s*[”\"»]")


@dataclass(frozen=True)
class _Patterns:
    """The regular expressions of one number format."""

    money_symbol: re.Pattern[str]
    money_code: re.Pattern[str]
    money_word: re.Pattern[str]
    percent: re.Pattern[str]
    duration: re.Pattern[str]
    count: re.Pattern[str]
    scaled: re.Pattern[str]


_DIGITS = {"en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", "eu": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"}
_NUMBER_WORDS = (rf"(?:{'|'.join(_TENS)})-(?:{'|'.join(list(_UNITS)[:9])})|"
                 + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)).replace(" ", r"\s+"))
_SYMBOL_RE = r"(?:US\$|\$|€|£)"


def _numeral(number_format: str, n: str) -> str:
    """Digits as group ``n<n>``, not part of a longer number or word."""
    return rf"(?<![\w.,])(?P<n{n}>{_DIGITS[number_format]})(?![.,]?\d)"


def _number(number_format: str, n: str) -> str:
    """Digits (group ``n<n>``) or number words (group ``w<n>``)."""
    return rf"(?:{_numeral(number_format, n)}|(?P<w{n}>\b(?:{_NUMBER_WORDS})\b))"


def _scale(n: str) -> str:
    """A scale word or suffix as group ``s<n>``: " billion", "bn", "M"."""
    return rf"(?P<s{n}>\s*(?:thousand|million|billion|trillion)\b|(?:bn|mn|tn|[kmbt])(?![a-z]))"


@cache
def _patterns(number_format: str) -> _Patterns:
    numeral, number, scale = _numeral(number_format, "1"), _number(number_format, "1"), _scale("1")
    second = rf"(?:\s*[-–]\s*{_SYMBOL_RE}?\s?{_numeral(number_format, '2')}{_scale('2')}?)?"
    compile_ = partial(re.compile, flags=re.IGNORECASE)
    return _Patterns(
        money_symbol=compile_(rf"(?P<cur>{_SYMBOL_RE})\s?{numeral}{scale}?{second}(?P<per>\s+(?:a|per|each)\s+share\b)?"),
        money_code=compile_(rf"\b(?P<cur>USD|EUR|GBP)\s?{numeral}{scale}?"),
        money_word=compile_(rf"{number}{scale}?\s*(?:US\s+|U\.S\.\s+)?(?P<cur>dollars?|euros?|USD|EUR|GBP)\b"),
        percent=compile_(rf"{number}\s?(?:%|per\s?cent\b|percent\b)"),
        duration=compile_(rf"{number}\s*-?\s*(?P<unit>year|month|week|day|hour|decade)s?\b"),
        count=compile_(rf"{number}{scale}?"),
        scaled=compile_(rf"{numeral}{scale}"),
    )


class _Scan:
    """One text being scanned: accepted figures never overlap."""

    def __init__(self, text: str, patterns: _Patterns, number_format: str, published: TimePoint | None) -> None:
        self.text = text
        self.patterns = patterns
        self.number_format = number_format
        self.published = published
        self.taken: list[Figure] = []
        """Kept figures in reading order; they never overlap, so their ends are in order too."""
        self._starts: list[int] = []
        self.money: list[Figure] = []
        """Kept money figures other than "per share", in reading order (what a bare "228.9 million" follows)."""
        self._money_ends: list[int] = []
        self._sentence_ends: list[int] | None = None

    def accept(self, figure: Figure) -> None:
        """Keep ``figure`` unless it overlaps one already kept (a look at its two neighbours)."""
        k = bisect_right(self._starts, figure.start)
        if (k > 0 and self.taken[k - 1].end > figure.start) or (k < len(self.taken) and self.taken[k].start < figure.end):
            return
        self.taken.insert(k, figure)
        self._starts.insert(k, figure.start)
        if figure.kind is FigureKind.MONEY and "share" not in figure.unit:
            m = bisect_right(self._money_ends, figure.end)
            self.money.insert(m, figure)
            self._money_ends.insert(m, figure.end)

    def money_before(self, pos: int) -> Figure | None:
        """The kept money figure (not "per share") that ends last at or before ``pos``."""
        m = bisect_right(self._money_ends, pos)
        return self.money[m - 1] if m else None

    def sentence_ends_between(self, start: int, end: int) -> bool:
        """Whether a sentence ends in text[start:end] (a stop followed by a space, or at ``end``)."""
        if self._sentence_ends is None:
            self._sentence_ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        k = bisect_left(self._sentence_ends, start)
        return (k < len(self._sentence_ends) and self._sentence_ends[k] < end) or (
            start < end and self.text[end - 1] in ".!?")

    def number(self, groups: dict[str, str | None], n: str = "1") -> tuple[float, float]:
        """Value and rounding step of number ``n`` of a match's groups, scale included."""
        numeral, word = groups.get(f"n{n}"), groups.get(f"w{n}")
        if numeral is not None:
            value, step = _numeral_value(numeral, self.number_format)
        else:
            value, step = float(_word_value(word or "")), 1.0
        factor = _SCALE.get((groups.get(f"s{n}") or "").strip().lower(), 1.0)
        return value * factor, step * factor

    def figure(self, kind: FigureKind, span: tuple[int, int], value: float, unit: str, step: float,
               high: float | None = None) -> Figure:
        """A figure over ``span``, extended back over its qualifier."""
        start, qualifier = _qualifier(self.text, span[0], kind)
        end = span[1]
        return Figure(kind, start, end, self.text[start:end], value, unit, qualifier, high, step)


def _numeral_value(raw: str, number_format: str) -> tuple[float, float]:
    """The value of a written number and its rounding step, keeping at least two significant digits."""
    thousands, decimal = _SEPARATORS.get(number_format, (",", "."))
    whole, _, fraction = raw.replace(thousands, "").partition(decimal)
    if fraction:
        return float(f"{whole}.{fraction}"), 10.0 ** -len(fraction)
    digits = whole.lstrip("0") or "0"
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(whole), 10.0 ** min(zeros, max(len(digits) - 2, 0))


def _word_value(word: str) -> int:
    """The value of a number word: "five" -> 5, "twenty-five" -> 25, "a dozen" -> 12."""
    key = " ".join(word.lower().split())
    if "-" in key:
        tens, units = key.split("-", 1)
        return _TENS[tens] + _UNITS[units]
    return _WORD_NUMBERS[key]


def _qualifier(text: str, start: int, kind: FigureKind) -> tuple[int, str]:
    """Where the figure starts once the qualifiers just before it are included, and those qualifiers."""
    if kind is FigureKind.DATE:
        return start, ""
    words: list[str] = []
    for _ in range(3):
        match = _QUALIFIER.search(text, max(0, start - _QUALIFIER_REACH), start)
        if match is None:
            break
        word = _normal_qualifier(match.group("word") or match.group("sym"))
        if kind is FigureKind.DURATION and word == "over":
            break
        words.insert(0, word)
        start = match.start()
    return start, " ".join(words)


def _normal_qualifier(raw: str) -> str:
    word = " ".join(raw.lower().split())
    return {"~": "about", "≈": "about", "approx.": "approximately"}.get(word, word)


def _scan_money_symbol(scan: _Scan) -> Iterator[Figure]:
    for match in scan.patterns.money_symbol.finditer(scan.text):
        groups = match.groupdict()
        high = None
        if groups["n2"]:
            groups["s1"] = groups["s1"] or groups["s2"]
            high, _ = scan.number(groups, "2")
        low, step = scan.number(groups, "1")
        if high is not None and high <= low:
            continue
        unit = _CURRENCY[match.group("cur").lower()] + (" per share" if match.group("per") else "")
        yield scan.figure(FigureKind.MONEY, match.span(), low, unit, step, high)


def _scan_money_word(scan: _Scan) -> Iterator[Figure]:
    matches = [*scan.patterns.money_code.finditer(scan.text), *scan.patterns.money_word.finditer(scan.text)]
    for match in matches:
        value, step = scan.number(match.groupdict())
        currency = match.group("cur").lower().rstrip("s")
        yield scan.figure(FigureKind.MONEY, match.span(), value, _CURRENCY[currency], step)


def _scan_percent(scan: _Scan) -> Iterator[Figure]:
    for match in scan.patterns.percent.finditer(scan.text):
        value, step = scan.number(match.groupdict())
        yield scan.figure(FigureKind.PERCENT, match.span(), value, "%", step)


def _scan_duration(scan: _Scan) -> Iterator[Figure]:
    for match in scan.patterns.duration.finditer(scan.text):
        value, step = scan.number(match.groupdict())
        yield scan.figure(FigureKind.DURATION, match.span(), value, match.group("unit").lower(), step)


def _scan_count(scan: _Scan) -> Iterator[Figure]:
    for match in scan.patterns.count.finditer(scan.text):
        if match.start() > 0 and scan.text[match.start() - 1] in "-/#":
            continue
        value, step = scan.number(match.groupdict())
        noun = _noun_phrase(scan.text, match.end())
        if noun is None or value == 1 or _looks_like_year(match, noun[0]):
            continue
        yield scan.figure(FigureKind.COUNT, (match.start(), noun[1]), value, noun[0], step)


def _looks_like_year(match: re.Match[str], noun: str) -> bool:
    """A bare 4-digit number before a singular noun is a year ("2024 revenue"), not a count."""
    numeral = match.group("n1") or ""
    return bool(re.fullmatch(r"1[89]\d\d|2[01]\d\d", numeral)) and not match.group("s1") and not noun.endswith("s")


def _noun_phrase(text: str, pos: int) -> tuple[str, int] | None:
    """The counted noun after a number ("Nvidia GPUs" -> "gpu") and where it ends, or None."""
    words: list[str] = []
    end = pos
    while len(words) < 3:
        match = _NOUN_WORD.match(text, end)
        if match is None or match.group(1).lower() in _STOPWORDS:
            break
        words.append(match.group(1))
        end = match.end()
        if _is_plural(words[-1]):
            break
    if not words:
        return None
    while len(words) > 1 and words[0][0].isupper():
        words.pop(0)
    head = words[-1]
    if not (head.islower() or _ACRONYM.fullmatch(head)):
        return None
    return " ".join(words[:-1] + [_singular(head)]).lower(), end


def _is_plural(word: str) -> bool:
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _singular(word: str) -> str:
    """A naive English singular: "companies" -> "company", "GPUs" -> "GPU", "boxes" -> "box"."""
    if not _is_plural(word):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _scan_scaled_money(scan: _Scan) -> Iterator[Figure]:
    """A bare "228.9 million" is money when a money figure comes earlier in the same sentence."""
    for match in scan.patterns.scaled.finditer(scan.text):
        money = scan.money_before(match.start())
        if money is None or scan.sentence_ends_between(money.end, match.start()):
            continue
        value, step = scan.number(match.groupdict())
        yield scan.figure(FigureKind.MONEY, match.span(), value, money.unit, step)


@dataclass(frozen=True)
class _DatePattern:
    """A date spelling and how to turn its match into a time point."""

    regex: re.Pattern[str]
    read: Callable[[re.Match[str], TimePoint | None], TimePoint | None]
    group: str | int = 0


def _month_number(name: str) -> int:
    key = name.rstrip(".")[:3].lower()
    return next(i + 1 for i, month in enumerate(MONTH_NAMES) if month[:3].lower() == key)


def _full_date(match: re.Match[str], published: TimePoint | None) -> TimePoint | None:
    return TimePoint(int(match.group("year")), _month_number(match.group("month")), int(match.group("day")))


def _month_year(match: re.Match[str], published: TimePoint | None) -> TimePoint | None:
    return TimePoint(int(match.group("year")), _month_number(match.group("month")), precision=Precision.MONTH)


def _year_only(match: re.Match[str], published: TimePoint | None) -> TimePoint | None:
    return TimePoint(int(match.group("year")), precision=Precision.YEAR)


def _month_before(match: re.Match[str], published: TimePoint | None) -> TimePoint | None:
    """A month without a year: the most recent such month not after publication."""
    if published is None:
        return None
    month = _month_number(match.group("month"))
    later = published.precision >= Precision.MONTH and month > published.month
    return TimePoint(published.year - later, month, precision=Precision.MONTH)


def _day_before(match: re.Match[str], published: TimePoint | None) -> TimePoint | None:
    """A day without a year: the most recent such day not after publication."""
    if published is None:
        return None
    month, day = _month_number(match.group("month")), int(match.group("day"))
    if published.precision >= Precision.DAY:
        later = (month, day) > (published.month, published.day)
    else:
        later = published.precision >= Precision.MONTH and month > published.month
    return TimePoint(published.year - later, month, day)


def _relative(match: re.Match[str], published: TimePoint | None) -> TimePoint | None:
    """"last year", "this month"... counted from the publication date."""
    if published is None:
        return None
    shift = {"last": -1, "this": 0, "next": 1}[match.group("rel").lower()]
    if match.group("unit").lower() == "year":
        return TimePoint(published.year + shift, precision=Precision.YEAR)
    if published.precision < Precision.MONTH:
        return None
    months = published.year * 12 + published.month - 1 + shift
    return TimePoint(months // 12, months % 12 + 1, precision=Precision.MONTH)


_DATES = (
    _DatePattern(re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}"), _full_date),
    _DatePattern(re.compile(rf"{_WEEKDAY}\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"), _full_date),
    _DatePattern(re.compile(rf"{_MONTH},?\s+{_YEAR}"), _month_year),
    _DatePattern(re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?!,?\s*\d)"), _day_before),
    _DatePattern(re.compile(r"\b(?P<rel>(?i:last|this|next))\s+(?P<unit>(?i:year|month))\b"), _relative),
    _DatePattern(re.compile(rf"{_CONTEXT}(?P<month>{_MONTHS})\b(?![,.]?\s*\d)"), _month_before, "month"),
    _DatePattern(re.compile(rf"{_CONTEXT}(?P<year>(?:1[5-9]|20)\d\d)\b{_NOT_A_NUMBER_AFTER}"), _year_only, "year"),
)


def _scan_dates(scan: _Scan) -> Iterator[Figure]:
    for pattern in _DATES:
        for match in pattern.regex.finditer(scan.text):
            try:
                when = pattern.read(match, scan.published)
            except DateError:
                continue
            if when is None:
                continue
            start, end = match.span(pattern.group)
            relative = pattern.read in (_month_before, _day_before, _relative)
            yield Figure(FigureKind.DATE, start, end, scan.text[start:end], when.seconds,
                         unit=when.precision.name.lower(), when=when, relative=relative)


_SCANNERS: tuple[Callable[[_Scan], Iterator[Figure]], ...] = (
    _scan_dates, _scan_money_symbol, _scan_money_word, _scan_percent, _scan_duration, _scan_count, _scan_scaled_money,
)


def amount(value: float) -> str:
    """A number as a reader says it: "11.9 billion", "350 million", "250,000", "47"."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.4g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _describe_money(f: Figure) -> str:
    currency, _, per = f.unit.partition(" per ")
    symbol = _SYMBOL.get(currency, currency + " ")
    text = symbol + (amount(f.value) if f.high is None else amount_range(f.value, f.high))
    return f"{text} a {per}" if per else text


def amount_range(low: float, high: float) -> str:
    """A range as a reader says it: "47–55", "2–3 billion", "900 million–1.2 billion"."""
    first, last = amount(low), amount(high)
    scale = last.rpartition(" ")[2] if " " in last else ""
    if scale and first.endswith(" " + scale):
        first = first.removesuffix(" " + scale)
    return f"{first}–{last}"


def _describe_count(f: Figure) -> str:
    return f"{amount(f.value)} {f.unit if f.value == 1 else _plural(f.unit)}"


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "z", "ch", "sh")) else "s")


def _describe_duration(f: Figure) -> str:
    return f"{amount(f.value)} {f.unit}{'' if f.value == 1 else 's'}"


def _describe_date(f: Figure) -> str:
    return f.when.label() if f.when is not None else f.text


_DESCRIBE: dict[FigureKind, Callable[[Figure], str]] = {
    FigureKind.MONEY: _describe_money,
    FigureKind.PERCENT: lambda f: f"{amount(f.value)}%",
    FigureKind.COUNT: _describe_count,
    FigureKind.DURATION: _describe_duration,
    FigureKind.DATE: _describe_date,
    FigureKind.WORDS: lambda f: f"“{f.text}”",
}
