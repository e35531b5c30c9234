"""Dates in running text: where each is written, and the point it names at the precision it is written.

"Monday, March 10, 2025" is a day, "March 2025" a month, "2025" a year, "13.8 billion years ago" a year in
deep time. Relative words ("in January", "last year", "on Monday") are resolved against the date the text was
published, at the precision that date allows; vague words ("recently", "soon") are reported as vague, never
guessed. Month names count only when capitalised and used as dates, so "may" and "to march" are not dates, and
numbers that are money, counts, percentages, ages or page numbers are not years.

Every pattern is linear in the text (bounded gaps between words), so a megabyte on one line takes milliseconds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from model.time.context import Quotation, Tense, quotation_around, recurring, verb_tense
from model.time.timepoint import DEEP_TIME_YEARS, MAX_ABS_YEAR, MONTH_NAMES, DateError, Precision, TimePoint, days_from_civil
from model.work import checkpoint


class Kind(Enum):
    """How a mention names its date."""

    ABSOLUTE = "absolute"
    """Written in full: "10 March 2025", "2025"."""
    RELATIVE = "relative"
    """Resolved against the published date: "in January", "last year", "on Monday"."""
    VAGUE = "vague"
    """A time the words do not pin down: "recently", "soon" (or a relative date with no published date to resolve it)."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a text: the words, where they are, and the point they name (None when vague)."""

    start: int
    end: int
    text: str
    point: TimePoint | None
    kind: Kind

    @property
    def vague(self) -> bool:
        """Whether the words give no date (the point is left to the reader)."""
        return self.point is None


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    name[:3]: i + 1 for i, name in enumerate(MONTH_NAMES)} | {"Sept": 9}
_WEEKDAY_NUMBER = {name: i for i, name in enumerate(WEEKDAYS)} | {
    "Mon": 0, "Tue": 1, "Tues": 1, "Wed": 2, "Thu": 3, "Thur": 3, "Thurs": 3, "Fri": 4, "Sat": 5, "Sun": 6}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _either_case(words: list[str]) -> str:
    """Words as written in running text (Capitalised) or in a headline (UPPER), never in lower case."""
    return "|".join(sorted({w for word in words for w in (word, word.upper())}, key=len, reverse=True))


_MONTH_WORDS = [w for word in ("this past", "a", "an", "in", "since", "until", "till", "by", "from", "through", "throughout", "during",
                               "before", "after", "last", "next", "this", "early", "late", "mid", "end of", "start of",
                               "beginning of") for w in (word, word.capitalize())]
"""Words before a month name that make it a date ("in May", "late March"), where alone it may be a verb or a name."""


_ABBREVIATED = [name[:3] for name in MONTH_NAMES if name != "May"] + ["Sept"]
_MONTH = rf"(?:{_either_case(list(MONTH_NAMES))}|(?:{_either_case(_ABBREVIATED)})\.?)"
_FULL_MONTH = _either_case(list(MONTH_NAMES))
_WEEKDAY = rf"(?:{_either_case(list(WEEKDAYS))}|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)"
_GAP = r"[ \t\u00a0]{1,3}"
"""Between the words of a date: a few spaces (bounded, so no pattern ever scans a long run)."""
_COMMA_GAP = rf"(?:,?{_GAP}|,)"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_TO_DAY = r"(?:[-–][0-3]?[0-9](?:st|nd|rd|th)?)?"
"""The end of a range of days ("March 3-5, 2024", "3-5 March"): the mention names its first day."""
_YEAR = r"(?P<year>[12][0-9]{3})"
_END = r"(?![0-9]|[.,][0-9]|\s?%)"
_LEAD = r"(?<![\w$€£¥.,/-])"
_PREFIX = rf"(?:(?P<weekday>{_WEEKDAY}){_COMMA_GAP}(?:the{_GAP})?)?"

_MONTH_DAY_YEAR = re.compile(rf"\b{_PREFIX}(?P<month>{_MONTH}){_GAP}{_DAY}{_TO_DAY}{_COMMA_GAP}{_YEAR}{_END}")
_DAY_MONTH_YEAR = re.compile(rf"{_LEAD}{_PREFIX}{_DAY}{_TO_DAY}(?:{_GAP}of)?{_GAP}(?P<month>{_MONTH}){_COMMA_GAP}{_YEAR}{_END}")
_NEXT_YEAR = rf"(?:{_COMMA_GAP}(?P<which>next|last|this){_GAP}year\b)?"
_MONTH_DAY = re.compile(rf"\b{_PREFIX}(?P<month>{_MONTH}){_GAP}{_DAY}\b{_END}(?!{_COMMA_GAP}[0-9]){_NEXT_YEAR}")
_DAY_MONTH = re.compile(rf"{_LEAD}{_PREFIX}{_DAY}{_TO_DAY}(?:{_GAP}of)?{_GAP}(?P<month>{_MONTH})(?![\w-]){_NEXT_YEAR}")
_AND_DAY = re.compile(rf"\b(?P<month>{_MONTH}){_GAP}[0-3]?[0-9](?:st|nd|rd|th)?{_GAP}(?:and|&|or|to){_GAP}"
                      rf"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?\b{_END}(?!{_COMMA_GAP}[0-9]|{_GAP}(?:{_MONTH})\b)")
"""The second day of "July 27 and 28" (the mention is its number alone)."""
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_DAYS = {word: i + 1 for i, word in enumerate((*_UNITS, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                                                        "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                                                        "twentieth"))} | {
    f"twenty-{word}": 21 + i for i, word in enumerate(_UNITS)} | {
    "thirtieth": 30, "thirty-first": 31}
_ORDINAL_DAY = re.compile(rf"\b(?P<ordinal>(?i:{'|'.join(sorted(_ORDINAL_DAYS, key=len, reverse=True))})){_GAP}of{_GAP}"
                          rf"(?P<month>{_MONTH})(?![\w-])(?:{_COMMA_GAP}{_YEAR}{_END})?")
"""A day written as a word: "the fifth of January", "Twenty-first of March, 2024"."""
_BARE_DAY = re.compile(rf"\b(?:on|for|till|until|by|from|to)(?:{_GAP}the)?{_GAP}(?P<day>[1-3]?[0-9])(?:st|nd|rd|th)"
                       rf"(?=[,.;:)]|{_GAP}(?:after|before|and|or|but|as|when|instead|because|if|till|until)\b)")
"""A day written as a bare ordinal after a preposition ("preponed it to the 14th, after"): the day of the month just named."""
_HAS_MONTH = re.compile(rf"\b{_MONTH}")
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})(?:{_GAP}of)?{_COMMA_GAP}{_YEAR}{_END}")
_ISO_DATE = re.compile(r"(?<![\w.$/-])(?P<year>[12][0-9]{3})-(?P<month>[01][0-9])(?:-(?P<day>[0-3][0-9]))?(?!(?!T[0-9])[\w-]|[.,][0-9])")
_NUMERIC = re.compile(r"(?<![\w.$/-])(?P<a>[0-3]?[0-9])(?P<sep>[/.])(?P<b>[0-3]?[0-9])(?P=sep)(?P<year>[12][0-9]{3})(?![\w/-]|[.,][0-9])")
_SHORT_NUMERIC = re.compile(r"(?<![\w.$/-])(?P<a>1[0-2]|0?[1-9])(?P<sep>[/-])(?P<b>[0-3]?[0-9])(?P=sep)(?P<yy>[0-9]{2})"
                            r"(?![\w/-]|[.,][0-9])")
"""A numeric date with a two-digit year, month first as in American usage: "1/6/17", "2-24-17"."""
_MONTH_ALONE = re.compile(
    rf"\b(?P<mod>{_either_case(_MONTH_WORDS)})(?:{_GAP}|-)"
    rf"(?:(?P<part>early|late|mid|EARLY|LATE|MID)(?:{_GAP}|-))?(?P<month>{_FULL_MONTH})\b(?!{_GAP}[0-9]){_NEXT_YEAR}")
_MONTH_NOUN = re.compile(rf"\b(?P<month>{_FULL_MONTH})(?:(?={_GAP}month\b)|(?<!May)(?<!MAY)(?=['’]s\b))|"
                         rf"\bthe{_GAP}(?!May\b|MAY\b)(?P<month2>{_FULL_MONTH})(?={_GAP}[a-z]{{3,}})")
"""A month named as a noun: "the full May month", "April's figure", "the February launch" (not "May's" nor "the May
government": May is a name as often as a month)."""
_YEAR_ALONE = re.compile(
    rf"(?:(?<=[12][0-9]{{3}}-)|(?<![\w$€£¥.,/#-]))(?P<prefix>(?:FY|fiscal{_GAP}(?:year{_GAP})?|Q[1-4]{_GAP}|H[12]{_GAP}|[Mm]id-|[Ee]arly-|[Ll]ate-))?"
    rf"(?P<year>1[0-9]{{3}}|20[0-9]{{2}})(?P<s>s)?(?![\w%]|-(?![12][0-9]{{3}}\b)|[.,][0-9]|\s?%|"
    rf"{_GAP}(?:percent|per cent|(?:years?|months?|weeks?|days?|hours?|minutes?)\b))")
"""A year alone; "2019-2021" is two years (but "2008-09" none)."""
_ERA_YEAR = re.compile(r"(?<![\w$.,-])(?P<year>[0-9]{1,5})(?:[ \u00a0])?(?P<era>BCE|BC|B\.C\.|CE|AD|A\.D\.)(?!\w)|"
                       r"\b(?P<era2>AD|A\.D\.)[ \u00a0](?P<year2>[0-9]{1,4})(?![\w.,])")
_YEARS_AGO = re.compile(rf"(?<![\w.,$])(?P<count>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?|{'|'.join(_NUMBER_WORDS)})"
                        rf"(?:{_GAP}(?P<scale>thousand|million|billion))?"
                        rf"{_GAP}(?P<unit>years|year|months|month|days|day|weeks|week|decades|decade|centuries|century)"
                        rf"{_GAP}(?P<dir>ago|earlier|before|later|from{_GAP}now)\b", re.I)
_RELATIVE = re.compile(
    r"\b(?P<words>(?:(?:earlier|later)\s)?(?:the\s)?(?P<which>last|this|next|past|previous|prior)\s(?P<unit>year|month|week)|"
    r"yesterday|today|tomorrow|tonight|last\snight|this\s(?:morning|afternoon|evening)|the\s(?:previous|following|prior)\s(?:year|month|day|week)|the\syear\sbefore|"
    r"a\s(?:year|month|day|week)\s(?:earlier|later|before)|year-(?:ago|earlier)|"
    r"the\s(?:beginning|start|end|middle|turn|rest)\sof\s(?:the|this)\syear|the\scurrent\syear)\b", re.I)
_WEEKDAY_ALONE = re.compile(
    rf"\b(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)(?:{_GAP}|-))?"
    rf"(?P<weekday>{_either_case(list(WEEKDAYS))})(?:{_GAP}(?P<part>morning|afternoon|evening|night))?\b"
    rf"(?!{_GAP}(?!{_FULL_MONTH}\b)[A-Z][a-z])")
"""A weekday; not one followed by a capitalised word, which makes a name ("Sunday Times", "Monday Night Football")."""
_VAGUE = re.compile(
    r"\b(?:recently|lately|(?:soon|shortly)(?!\s(?:after|before|afterwards|thereafter)\b)|"
    r"(?:in\s(?:recent|coming)|(?:in\s)?the\s(?:coming|(?:next|past|last)\s(?:few|several|couple(?:\sof)?)))\s"
    r"(?:days|weeks|months|years|decades)|(?:earlier|later)\sthis\sweek|not\slong\sago|"
    r"(?:a\sfew|a\scouple(?:\sof)?)\s(?:days|weeks|months|years)\sago|a\sdecade\s(?:earlier|later|before)|"
    r"(?:some|several)\s(?:days|weeks|months|years)\sago|in\sthe\snear\sfuture|"
    r"(?:this|last|next|past)\s(?:spring|summer|autumn|fall|winter)|(?:this|last|next|over\sthe)\sweekend|"
    r"(?:this|last|next)\squarter|the\s(?:next|coming)\s(?:century|decade))\b", re.I)
_COUNTED = re.compile(
    r"[ \t\u00a0](?:people|persons|employees|workers|jobs|units|shares|members|staff|users|customers|stores|cars|vehicles|"
    r"homes|houses|troops|soldiers|patients|cases|deaths|votes|points|miles|km|kilometres|kilometers|metres|meters|feet|"
    r"tons|tonnes|barrels|dollars|euros|pounds|yen|times|GPUs?|chips|servers|words|pages|copies|students|children|"
    r"residents|flights|acres|hectares|calories|signatures|visitors|followers|items|products)\b")
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:\b(?:aged|age|page|pages|pp?\.|no\.|number|nos\.|vol\.|volume|chapter|section|article|room|route|flight|model|item|"
    r"index|rule|line|code|figure|fig\.|table|step|version|v\.?|build|ticket|issue|case|suite|unit|apt\.|box|"
    r"about|nearly|almost|over|some|roughly|approximately|than|budget|vision|agenda|windows|office|act\s+of)|"
    r"[$€£¥#]|\bUS?\$|\bRs\.?|\bCHF)\s?$", re.I)
_NAME_BEFORE = re.compile(r"\b(?!(?:The|A|An|This|That|These|Those|Its|His|Her|Their|Our|Last|Next|And|But|Or|For|At|On|Of|Around|"
                          r"Throughout|Across|Over|Within|Unlike|Like|Than|With|Without|Against|Per|Via)\b)[A-Z][A-Za-z]*[ \u00a0]$")
"""A capitalised word just before a year makes it part of a name: "Expo 2020", "Tokyo 2020", "Euro 2024"."""
_DESIGNATION = re.compile(r"[ \u00a0](?:[A-Z]{1,3}[0-9]{1,4}\b|[A-Z]{1,2}(?=[,;:)]))")
"""Capitals after a year that make it a designation: "asteroid 2004 FH,", "2015 TB145"."""
_AROUND_YEAR_OK = re.compile(r"\b(?:since|in|of|from|by|until|till|through|during|before|after|between|and|to|early|late|"
                             r"mid|fiscal|FY|year|end|spring|summer|autumn|fall|winter|circa|c\.)[\s-]{1,2}$", re.I)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    point: TimePoint | None
    kind: Kind
    years_after_previous: int | None = None
    """For "the previous year" (-1), "the following year" (+1): years from the date mentioned just before."""
    days_from_speech: int | None = None
    """For "today" (0), "yesterday" (-1), "tomorrow" (+1): days from the day they were said, if they are quoted."""
    days_after_previous: int | None = None
    """For "four days earlier" (-4), "a week later" (+7): days from the day mentioned just before."""
    day_of_previous: int | None = None
    """For a bare "14th" ("moved from the 16th of November to the 14th"): that day of the month mentioned just before."""


ANAPHORA_REACH = 200
"""How far back (characters) "the previous year" looks for the date it counts from."""


Reader = Callable[[re.Match[str], str, "TimePoint | None"], "_Found | None"]


def find_dates(text: str, published: TimePoint | None = None) -> list[DateMention]:
    """Every date written in ``text``, in order, none overlapping, each resolved as precisely as it is written."""
    taken = bytearray(len(text))
    kept = _without_overlaps(_read(text, published, _READERS[:_WRITTEN_IN_FULL], taken), taken)
    kept += _without_overlaps(_read(text, published, _READERS[_WRITTEN_IN_FULL:], taken), taken)
    found = _spoken(_anchored(sorted(kept, key=_start_of), published, text), text)
    return [DateMention(f.start, f.end, text[f.start:f.end], f.point, f.kind) for f in found]


def _read(text: str, published: TimePoint | None, readers: list[tuple[re.Pattern[str], Reader]], taken: bytearray) -> list[_Found]:
    """What ``readers`` find outside the characters already ``taken`` by longer dates ("Monday" in "Monday, March 10")."""
    found: list[_Found] = []
    total = len(_READERS) * len(text)
    for pattern, reader in readers:
        done = _READERS.index((pattern, reader)) * len(text)  # progress over all readers' passes through the text
        for i, match in enumerate(pattern.finditer(text)):
            if i % 1024 == 0:
                checkpoint("Finding dates", done + match.start(), total)
            if taken.find(1, match.start(), match.end()) < 0:
                item = reader(match, text, published)
                if item is not None:
                    found.append(item)
    return found


def _anchored(found: list[_Found], published: TimePoint | None, text: str) -> list[_Found]:
    """"The previous year" resolved from the year mentioned just before it (nearby), else from the published year (the
    time a text speaks from when it names none), else left vague; a bare "14th" from the day of a month just before
    (else it is no date)."""
    result: list[_Found] = []
    for item in found:
        before = result[-1] if result else None
        if item.days_after_previous is not None:
            point = _days_after(before, item)
            if point is None:
                continue
            item = _Found(item.start, item.end, point, Kind.RELATIVE)
        if item.day_of_previous is not None:
            point = _day_of(before, item, text)
            if point is None:
                continue
            item = _Found(item.start, item.end, point, Kind.RELATIVE)
        if item.years_after_previous is not None:
            near = before is not None and before.point is not None and item.start - before.end <= ANAPHORA_REACH
            base = before.point if near and before is not None else published
            point = _point(base.year + item.years_after_previous) if base is not None else None
            item = _Found(item.start, item.end, point, Kind.RELATIVE) if point else item
        result.append(item)
    return result


def _days_after(before: _Found | None, item: _Found) -> TimePoint | None:
    """The day ``item`` names counting from ``before``, a day mentioned just before it."""
    if before is None or before.point is None or before.point.precision != Precision.DAY or \
            item.start - before.end > ANAPHORA_REACH or item.days_after_previous is None:
        return None
    return TimePoint.from_seconds(before.point.seconds + item.days_after_previous * 86_400.0, Precision.DAY)


def _day_of(before: _Found | None, item: _Found, text: str) -> TimePoint | None:
    """The day ``item`` names in the month of ``before``, a day written as an ordinal with its month ("16th of November"),
    if it is near (so a rank, "moved up to 14th" after "March 3", is none)."""
    if before is None or before.point is None or before.point.precision != Precision.DAY or \
            item.start - before.end > ANAPHORA_REACH or item.day_of_previous is None:
        return None
    words = text[before.start:before.end]
    if not (_HAS_ORDINAL.search(words) and _HAS_MONTH.search(words)):
        return None
    return _point(before.point.year, before.point.month, item.day_of_previous)


_HAS_ORDINAL = re.compile(r"[0-9](?:st|nd|rd|th)\b")


SPEECH_REACH = 1_000
"""How far back (characters) before a quotation the day it was spoken is looked for ("on Monday ... \"today\"")."""
_ATTRIBUTION = 120
"""How far after a quotation its attribution ("..., he said on Sunday") is looked for."""


def _spoken(found: list[_Found], text: str) -> list[_Found]:
    """"Today" inside a quotation is the day it was said: the day its attribution names, else the weekday just told of."""
    starts = [f.start for f in found]
    result: list[_Found] = []
    for i, item in enumerate(found):
        quotation = quotation_around(text, item.start) if item.days_from_speech is not None and item.point else None
        said = _speech_day(found, starts, i, quotation, text) if quotation else None
        if said is not None and item.days_from_speech is not None:
            point = TimePoint.from_seconds(said.seconds + item.days_from_speech * 86_400.0, Precision.DAY)
            item = _Found(item.start, item.end, point, item.kind)
        result.append(item)
    return result


_LOOK_BACK = 16
"""How many mentions before a quotation are looked at for the day it was spoken."""


def _speech_day(found: list[_Found], starts: list[int], at: int, quotation: Quotation, text: str) -> TimePoint | None:
    """The day a quotation was spoken: a day named just after it (in its attribution), else a weekday told of before it."""
    line_end = text.find("\n", quotation.end, quotation.end + _ATTRIBUTION)
    reach = min(quotation.end + _ATTRIBUTION, len(text)) if line_end < 0 else line_end
    after = bisect_left(starts, quotation.end)
    candidates = [found[after]] if after < len(found) and found[after].start < reach else []
    for item in reversed(found[max(0, at - _LOOK_BACK):at]):
        if quotation.start - item.end > SPEECH_REACH:
            break
        if item.end <= quotation.start and item.kind is Kind.RELATIVE and item.days_from_speech is None:
            candidates.append(item)
    for item in candidates:
        if item.point is not None and item.point.precision == Precision.DAY:
            return item.point
    return None


def _without_overlaps(found: list[_Found], taken: bytearray) -> list[_Found]:
    """The longest mentions first, each kept when it overlaps none kept before (its characters are then ``taken``)."""
    kept = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if taken.find(1, item.start, item.end) < 0:
            taken[item.start:item.end] = b"\x01" * (item.end - item.start)
            kept.append(item)
    return kept


def _start_of(found: _Found) -> int:
    return found.start


def _point(year: int, month: int | None = None, day: int | None = None) -> TimePoint | None:
    try:
        if month is None:
            return TimePoint(year, precision=Precision.YEAR)
        if day is None:
            return TimePoint(year, month, precision=Precision.MONTH)
        return TimePoint(year, month, day, precision=Precision.DAY)
    except DateError:
        return None


def _month(name: str) -> int:
    word = name.rstrip(".").capitalize()
    return _MONTH_NUMBER.get(word) or _MONTH_NUMBER[word[:3]]


def _span(match: re.Match[str], point: TimePoint | None, kind: Kind = Kind.ABSOLUTE, group: str | int = 0) -> _Found | None:
    if point is None:
        return None
    return _Found(match.start(group), match.end(group), point, kind)


def _full_date(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    return _span(match, _point(int(match["year"]), _month(match["month"]), int(match["day"])))


def _month_year(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    return _span(match, _point(int(match["year"]), _month(match["month"])))


def _iso(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    year, month = int(match["year"]), int(match["month"])
    if match["day"] is None and month == (year + 1) % 100:
        return None  # 2008-09: two years, not September 2008
    return _span(match, _point(year, month, int(match["day"]) if match["day"] else None))


def _short_numeric(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    yy = int(match["yy"])
    century = (published.year if published else 2000) // 100 * 100
    year = century + yy if century + yy <= (published.year + 1 if published else 2099) else century - 100 + yy
    return _span(match, _point(year, int(match["a"]), int(match["b"])))


def _numeric(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    a, b = int(match["a"]), int(match["b"])
    month, day = (b, a) if match["sep"] == "." or a > 12 else (a, b)
    return _span(match, _point(int(match["year"]), month, day))


def _year(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    if match["s"]:
        return None  # "the 1990s": a decade is not a point at any precision the app has
    before = text[max(0, match.start() - 16):match.start()]
    if not match["prefix"] and _NOT_A_YEAR_BEFORE.search(before):
        return None
    year = int(match["year"])
    context = match["prefix"] or _AROUND_YEAR_OK.search(before)
    if not context and (not 1900 <= year <= 2099 or _COUNTED.match(text, match.end()) or _NAME_BEFORE.search(before) or
                        _DESIGNATION.match(text, match.end())):
        return None
    return _span(match, _point(year))


def _era(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    era = match["era"] or match["era2"]
    number = int(match["year"] or match["year2"])
    if number == 0:
        return None
    return _span(match, _point(1 - number if era.upper().startswith("B") else number))


def _years_ago(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    count_text = match["count"].lower()
    count = float(_NUMBER_WORDS[count_text]) if count_text in _NUMBER_WORDS else float(count_text.replace(",", ""))
    count *= _SCALE.get((match["scale"] or "").lower(), 1)
    unit = match["unit"].lower().rstrip("s")
    direction = match["dir"].lower()
    ahead = direction.startswith("from")  # "a year from now"
    if direction in ("earlier", "later") and unit in ("day", "week") and count == int(count):
        days = int(count) * (7 if unit == "week" else 1) * (1 if direction == "later" else -1)
        return _Found(match.start(), match.end(), None, Kind.VAGUE, days_after_previous=days)  # "four days earlier"
    if direction in ("earlier", "before", "later") or unit in ("week", "decade", "centurie", "century"):
        return _Found(match.start(), match.end(), None, Kind.VAGUE) if direction == "ago" or ahead else None
    if count >= DEEP_TIME_YEARS and unit == "year" and not ahead:  # deep time: "N years ago" as the app writes it (year 1 - N)
        year = 1 - round(count)
        return _span(match, _point(year) if year >= -MAX_ABS_YEAR else None)
    if published is None or count != int(count):
        return _Found(match.start(), match.end(), None, Kind.VAGUE)
    return _span(match, _shift(published, unit, int(count) if ahead else -int(count)), Kind.RELATIVE)


def _shift(published: TimePoint, unit: str, amount: int) -> TimePoint | None:
    """``published`` moved by ``amount`` years, months or days, at that unit's precision (None if it is not known that finely)."""
    if unit == "year":
        return _point(published.year + amount)
    if unit == "month":
        if published.precision < Precision.MONTH:
            return None
        index = published.year * 12 + published.month - 1 + amount
        return _point(index // 12, index % 12 + 1)
    if published.precision < Precision.DAY:
        return None
    return TimePoint.from_seconds(published.seconds + amount * 86_400.0, Precision.DAY)


def _relative(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    words = " ".join(match["words"].lower().split())
    which = (match["which"] or "").lower()
    if match["words"] == "Today" and _NAME_BEFORE.search(text, max(0, match.start() - 24), match.start()):
        return None  # "USA Today", "Psychology Today": a title
    if words.startswith("year-") or words.endswith((" of the year", " of this year", "current year")):
        return _year_part(match, words, published)
    if which == "past":  # "over the past year": the twelve months before, not a calendar year
        return _Found(match.start(), match.end(), None, Kind.VAGUE)
    if words.startswith(("the ", "a ")) or which in ("previous", "prior"):
        step = 1 if re.search(r"following|later", words) else -1
        return _Found(match.start(), match.end(), None, Kind.VAGUE,  # relative to a date told before, not to today
                      step if "year" in words and which != "last" else None)  # "the last year": twelve months
    unit = match["unit"].lower() if match["unit"] else "day"
    if unit == "week":
        return _Found(match.start(), match.end(), None, Kind.VAGUE)
    amount = _DEICTIC_DAYS.get(words)
    if amount is None:
        amount = {"last": -1, "this": 0, "next": 1}[which]
    point = _shift(published, unit, amount) if published is not None else None
    return _Found(match.start(), match.end(), point, Kind.RELATIVE if point else Kind.VAGUE,
                  days_from_speech=_DEICTIC_DAYS.get(words))


def _year_part(match: re.Match[str], words: str, published: TimePoint | None) -> _Found:
    """"year-ago" (figures) is the year before publication, "year-earlier" the year before the date told just before;
    "the beginning of the year", "the end of this year", "the current year" are the published year."""
    if words == "year-earlier":
        return _Found(match.start(), match.end(), None, Kind.VAGUE, -1)
    point = _point(published.year - (words == "year-ago")) if published is not None else None
    return _Found(match.start(), match.end(), point, Kind.RELATIVE if point else Kind.VAGUE)


_DEICTIC_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1, "this morning": 0,
                 "this afternoon": 0, "this evening": 0}
"""Days from the day of speaking (the published day, unless quoted)."""


_FUTURE = re.compile(r"\b(?:will|would|shall|expects?|expected|plans?|planned|scheduled|set to|due|next|upcoming|aims?|"
                     r"hopes?|intends?|(?:is|are|was|were)\sto)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
"""The end of a sentence: a full stop before a space, not a decimal point ("0.75 per cent")."""
NEAR_FUTURE_MONTHS = 3
"""A month this many months after publication, written without a year, is read as coming ("on Oct 7" in September)."""
_CLAUSE = 200
"""Characters either side of a date (within its sentence) searched for words that put it in the future."""
_GOVERNING = 60
"""Characters before a date within which a future word governs it ("will be held in January"), so that it may be in the
next year; one further off ("will be encouraged by data that showed prices higher in November") only keeps it in this year."""


def _future(text: str, start: int, end: int, after: bool = True, reach: int = _CLAUSE) -> bool:
    """Whether the words around a date (before it only, unless ``after``; within ``reach`` before it) speak of what is
    to come ("will", "expected")."""
    before = text[max(0, start - reach):start]
    following = text[end:end + _CLAUSE]
    stop = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    before = before[max(stop, before.rfind("\n") + 1, before.rfind("”") + 1, before.rfind('"') + 1):]
    following = following[:min(i for i in (following.find(". "), following.find("\n"), len(following)) if i >= 0)]
    return _FUTURE.search(before) is not None or (after and _FUTURE.search(following) is not None)


def _in_year(published: TimePoint, month: int, day: int | None, mod: str, future: bool = False, past: bool = False,
             hinted: bool = False) -> int:
    """The year of a month (and day) written without one: the latest not after publication, unless said of the future
    or a few months ahead (then the coming one, into the next year for a day or a future month), or, ``past``, told by
    a verb in the past (then never after publication); a future word only ``hinted`` later in the sentence keeps a later
    month in this year, no further."""
    if published.precision < Precision.MONTH:
        return published.year
    here = (published.month, published.day if published.precision >= Precision.DAY else 31)
    there = (month, day or 1)
    later = there > here
    if mod == "next":
        return published.year + (there <= here)
    if mod == "this":
        return published.year
    if mod == "last":
        return published.year - (there >= here)
    if past:
        return published.year - later
    ahead = (month - published.month) % 12
    near = ahead <= NEAR_FUTURE_MONTHS and (later or (day is not None and ahead > 0))
    if future or near:  # the coming one; a day a few months ahead may be in the next year, a month alone only if said to come
        return published.year + (there < here)
    return published.year - (later and not hinted)


def _year_said(match: re.Match[str], published: TimePoint) -> int | None:
    """The year of "July 16 next year", "March last year"; None when no year is said."""
    which = match.groupdict().get("which")
    return published.year + {"next": 1, "last": -1, "this": 0}[which] if which else None


def _month_alone(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    mod = match["mod"].lower()
    start = match.start("month") if mod not in ("last", "next", "this", "early", "late", "mid") else match.start()
    if match["part"]:
        start = min(start, match.start("part"))
    if published is None:
        return _Found(start, match.end(), None, Kind.VAGUE)
    month = _month(match["month"])
    tense = verb_tense(text, match.start(), match.end())
    future = mod in ("by", "until", "till") or _said_to_come(text, match.start(), match.end(), tense)
    hinted = tense is None and _future(text, match.start(), match.end())
    year = _year_said(match, published) or _in_year(published, month, None, mod, future, hinted=hinted)
    return _Found(start, match.end(), _point(year, month), Kind.RELATIVE)


def _month_day(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    return _day_in(match, text, published, _month(match["month"]), int(match["day"]))


def _ordinal_day(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    month, day = _month(match["month"]), _ORDINAL_DAYS[match["ordinal"].lower()]
    if match["year"]:
        return _span(match, _point(int(match["year"]), month, day))
    return _day_in(match, text, published, month, day)


def _day_in(match: re.Match[str], text: str, published: TimePoint | None, month: int, day: int) -> _Found | None:
    """A day of a month written without a year: in the year its verb and the published date make it."""
    if not 1 <= day <= 31 or (not match.groupdict().get("which") and recurring(text, match.start(), match.end())):
        return None
    if published is None:
        return _Found(match.start(), match.end(), None, Kind.VAGUE)
    tense = verb_tense(text, match.start(), match.end())
    future = _said_to_come(text, match.start(), match.end(), tense)
    hinted = tense is None and _future(text, match.start(), match.end())
    year = _year_said(match, published) or _in_year(published, month, day, "", future, tense is Tense.PAST, hinted)
    return _span(match, _point(year, month, day), Kind.RELATIVE)


def _and_day(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    first = _month_day(match, text, published)
    return _Found(match.start("day"), match.end("day"), first.point, first.kind) if first else None


def _month_noun(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    if published is None:
        return None
    group = "month" if match["month"] else "month2"
    month = _month(match[group])
    year = _in_year(published, month, None, "", _said_to_come(text, match.start(), match.end(), None),
                    hinted=_future(text, match.start(), match.end()))
    return _Found(match.start(group), match.end(group), _point(year, month), Kind.RELATIVE)


def _weekday(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    mod = (match["mod"] or "").lower()
    start = match.start() if mod in ("last", "next", "this") else match.start("weekday")
    if mod not in ("last", "next", "this") and recurring(text, match.start(), match.end()):
        return None
    if published is None or published.precision < Precision.DAY:
        return _Found(start, match.end(), None, Kind.VAGUE)
    today = days_from_civil(published.year, published.month, published.day)
    weekday = _WEEKDAY_NUMBER[match["weekday"].capitalize()]
    back = (today + 3 - weekday) % 7  # 1970-01-01 was a Thursday (weekday 3)
    if mod == "next" or (back and mod not in ("last", "this", "since") and _said_of_the_future(text, match)):
        days = today + (7 - back if back else 7)
    elif mod == "last" and back == 0:
        days = today - 7
    elif mod == "this":  # the one in this week, Monday to Sunday ("this Sunday" on a Friday is to come)
        days = today - (today + 3) % 7 + weekday
    else:
        days = today - back
    return _Found(start, match.end(), TimePoint.from_seconds(days * 86_400.0, Precision.DAY), Kind.RELATIVE)


def _said_to_come(text: str, start: int, end: int, tense: Tense | None) -> bool:
    """Whether a date's own verb, else a word just before it in its sentence, speaks of what is to come."""
    return tense is Tense.FUTURE if tense is not None else _future(text, start, end, after=False, reach=_GOVERNING)


def _said_of_the_future(text: str, match: re.Match[str]) -> bool:
    """Whether a weekday's own verb, else a word before it in its sentence, speaks of what is to come."""
    tense = verb_tense(text, match.start(), match.end())
    return tense is Tense.FUTURE if tense is not None else _future(text, match.start(), match.end(), after=False)


def _bare_day(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    day = int(match["day"])
    return _Found(match.start("day"), match.end(), None, Kind.VAGUE, day_of_previous=day) if 1 <= day <= 31 else None


def _vague(match: re.Match[str], text: str, published: TimePoint | None) -> _Found | None:
    return _Found(match.start(), match.end(), None, Kind.VAGUE)


_WRITTEN_IN_FULL = 9
"""The first readers read dates written out in full; the rest (years alone, weekdays, relative and vague words) only
what those left, so "Monday" or "2025" inside "Monday, March 10, 2025" is never read twice."""
_READERS: list[tuple[re.Pattern[str], Reader]] = [
    (_MONTH_DAY_YEAR, _full_date),
    (_DAY_MONTH_YEAR, _full_date),
    (_ISO_DATE, _iso),
    (_NUMERIC, _numeric),
    (_SHORT_NUMERIC, _short_numeric),
    (_ORDINAL_DAY, _ordinal_day),
    (_MONTH_YEAR, _month_year),
    (_ERA_YEAR, _era),
    (_YEARS_AGO, _years_ago),
    (_YEAR_ALONE, _year),
    (_MONTH_DAY, _month_day),
    (_DAY_MONTH, _month_day),
    (_AND_DAY, _and_day),
    (_BARE_DAY, _bare_day),
    (_MONTH_ALONE, _month_alone),
    (_MONTH_NOUN, _month_noun),
    (_RELATIVE, _relative),
    (_WEEKDAY_ALONE, _weekday),
    (_VAGUE, _vague),
]

