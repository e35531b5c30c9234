"""Import TimelineJS JSON (Knight Lab's format) as files in the wild write it.

TimelineJS behaviour is kept: an event without a start year is skipped, an end
equal to the start is dropped, missing ids are made from the headline. Markup
becomes plain text. Sloppy but readable parts import with a warning; anything
that cannot be read is a :class:`~model.errors.Problem` with its JSON path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.errors import Problem, TimelineError
from model.loader import build_timeline, decode_text, describe_value, parse_json, read_bytes
from model.palette import LANE_COLORS
from model.plain_text import html_to_text, one_line, plain_text, slugify, strip_controls, unique
from model.timeline import Era, Event, Lane, QuoteRef, Source, Timeline, TimelineDoc
from model.timepoint import MAX_ABS_YEAR, MONTH_NAMES, Precision, TimePoint, days_in_month, year_label

Locate = Callable[[str], str]
"""Where a field (``start_date.month``, ``text.headline``...) of one slide is, for messages."""

PALETTE = LANE_COLORS
"""Lane colours, in the order groups appear."""

DEFAULT_LANE_COLOR = "#607d8b"
LISTED_PLACES = 5

DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
_TOP_KEYS = frozenset({"title", "events", "eras", "scale"})
_SLIDE_KEYS = frozenset({"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink",
                         "unique_id", "type"})
_DATE_KEYS = frozenset({*DATE_PARTS, "millisecond", "display_date", "format"})
_TEXT_KEYS = frozenset({"headline", "text"})
_MEDIA_KEYS = frozenset({"url", "caption", "credit", "thumbnail", "alt", "title", "link", "link_target"})
_ERA_KEYS = frozenset({"start_date", "end_date", "text", "unique_id"})
_PART_RANGES = {"hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    name[:3].lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {"sept": 9}
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")
_GROUPING = re.compile(r"[,_\s\u00a0\u202f']")


def looks_like_timelinejs(raw: object) -> bool:
    """Whether decoded JSON has TimelineJS's shape: dated slides, a scale, or a title slide."""
    if not isinstance(raw, dict):
        return False
    if "scale" in raw or isinstance(raw.get("title"), (dict, list)):
        return True
    items = [item for key in ("events", "eras") if isinstance(raw.get(key), list) for item in raw[key]]
    return any(isinstance(item, dict) and ("start_date" in item or "end_date" in item) for item in items)


def load_timelinejs(path: str | os.PathLike[str]) -> Timeline:
    """Read a TimelineJS JSON file, or raise :class:`TimelineError`."""
    name = str(path)
    return timeline_from_timelinejs(parse_json(name, decode_text(name, read_bytes(path))), name)


def timeline_from_timelinejs(raw: Any, name: str) -> Timeline:
    """The timeline in decoded TimelineJS JSON; ``name`` is used in messages."""
    if not isinstance(raw, dict):
        raise TimelineError(name, [Problem("", f"expected a TimelineJS object with events, found {describe_value(raw)}")])
    importer = SlideImporter(name, cosmological=_is_cosmological(raw.get("scale")))
    importer.check_keys(raw, _TOP_KEYS, "", at(""))
    importer.note_scale(raw.get("scale"))
    _read_title(importer, raw.get("title"))
    _read_list(importer, raw, "events", required=True)
    _read_list(importer, raw, "eras", required=False)
    return importer.timeline()


def at(prefix: str) -> Locate:
    """The JSON path of fields under ``prefix``: ``at("events[3]")("text")`` is ``events[3].text``."""
    return lambda field: f"{prefix}.{field}" if prefix and field else prefix or field


def _is_cosmological(scale: object) -> bool:
    return isinstance(scale, str) and scale.strip().lower() == "cosmological"


def _read_title(importer: SlideImporter, title: object) -> None:
    if isinstance(title, list):
        importer.note("the title is a list; its first slide was used", "title")
        first = next((item for item in title if isinstance(item, dict)), None)
        if first is not None:
            importer.set_title(first, at(f"title[{title.index(first)}]"))
    elif isinstance(title, dict):
        importer.set_title(title, at("title"))
    elif title is not None:
        importer.set_title({"text": {"headline": title}}, at("title"))


def _read_list(importer: SlideImporter, raw: dict[str, Any], key: str, required: bool) -> None:
    items = raw.get(key)
    if items is None:
        if required:
            importer.problem(key, "is missing (a TimelineJS timeline lists its slides in \"events\")")
        return
    if not isinstance(items, list):
        importer.problem(key, f"expected a list, found {describe_value(items)}")
        return
    add = importer.add_event if key == "events" else importer.add_era
    for i, item in enumerate(items):
        add(item, at(f"{key}[{i}]"))


@dataclass
class _Pending:
    """An event whose id is given later, once every explicit id is known."""

    event: Event
    explicit_id: str
    where: str


class SlideImporter:
    """Turns TimelineJS slides into the app's events, lanes, sources and eras, collecting problems."""

    def __init__(self, name: str, cosmological: bool = False) -> None:
        self.name = name
        self.cosmological = cosmological
        self.title = ""
        self.description = ""
        self.problems: list[Problem] = []
        self.skipped = 0
        self._notes: dict[str, list[str]] = {}
        self._pending: list[_Pending] = []
        self._groups: dict[str, str] = {}
        self._sources: dict[str, Source] = {}
        self._eras: list[Era] = []

    def problem(self, where: str, message: str) -> None:
        """Record something that makes the file unreadable."""
        self.problems.append(Problem(where, message))

    def note(self, kind: str, where: str) -> None:
        """Record a sloppy part that was read anyway; warnings group places by kind."""
        self._notes.setdefault(kind, []).append(where)

    def check_keys(self, obj: Mapping[str, Any], known: frozenset[str], field: str, locate: Locate) -> None:
        """Note keys TimelineJS does not define."""
        for key in obj:
            if key not in known:
                self.note("unknown fields were ignored", locate(f"{field}.{key}" if field else str(key)))

    def note_scale(self, scale: object) -> None:
        """Note a scale other than "human" or "cosmological"."""
        if scale is not None and not (isinstance(scale, str) and scale.strip().lower() in ("human", "cosmological")):
            self.note(f"scale {describe_value(scale)} is not \"human\" or \"cosmological\"; read as human", "scale")

    def set_title(self, slide: Mapping[str, Any], locate: Locate) -> None:
        """Take the timeline's title and description from the title slide."""
        headline, body = self.text(slide.get("text"), locate)
        self.title, self.description = headline, body

    def add_event(self, slide: object, locate: Locate) -> None:
        """Add one event slide, or count it as skipped when it has no start year."""
        if not isinstance(slide, dict):
            self.problem(locate(""), f"expected an object, found {describe_value(slide)}")
            return
        if not year_given(slide.get("start_date")):
            self.skipped += 1
            return
        self.check_keys(slide, _SLIDE_KEYS, "", locate)
        start, end = self.span(slide, locate)
        headline, body = self.text(slide.get("text"), locate)
        quotes, link, notes = self.media(slide.get("media"), locate)
        display = one_line(self.string(slide.get("display_date"), "display_date", locate))
        if display:
            notes.insert(0, f"Shown as \u201c{display}\u201d in the original timeline.")
        event = Event(
            id="", title=headline or _fallback_title(body, display), start=start.iso() if start else "",
            end=end.iso() if end else None, lanes=[self.lane(slide.get("group"), locate)], summary=body,
            quotes=quotes, link=link, notes=notes,
        )
        explicit = strip_controls(self.string(slide.get("unique_id"), "unique_id", locate)).strip()
        self._pending.append(_Pending(event, explicit, locate("unique_id")))

    def add_era(self, era: object, locate: Locate) -> None:
        """Add one era, skipped with a warning when it lacks a start or end year."""
        if not isinstance(era, dict):
            self.problem(locate(""), f"expected an object, found {describe_value(era)}")
            return
        if not (year_given(era.get("start_date")) and year_given(era.get("end_date"))):
            self.note("eras without a start and an end year were skipped", locate(""))
            return
        self.check_keys(era, _ERA_KEYS, "", locate)
        start = self.date(era.get("start_date"), "start_date", locate)
        end = self.date(era.get("end_date"), "end_date", locate)
        headline, _ = self.text(era.get("text"), locate)
        if start is not None and end is not None and self.ordered(start, end, locate):
            self._eras.append(Era(title=headline, start=start.iso(), end=end.iso()))

    def span(self, slide: Mapping[str, Any], locate: Locate) -> tuple[TimePoint | None, TimePoint | None]:
        """A slide's start and end; an end equal to the start is dropped, an end before it is a problem."""
        start = self.date(slide.get("start_date"), "start_date", locate)
        raw_end = slide.get("end_date")
        if not year_given(raw_end):
            if isinstance(raw_end, dict) and any(_given(raw_end.get(part)) for part in DATE_PARTS):
                self.note("end dates without a year were ignored", locate("end_date"))
            return start, None
        end = self.date(raw_end, "end_date", locate)
        if start is None or end is None or end == start or not self.ordered(start, end, locate):
            return start, None
        return start, end

    def ordered(self, start: TimePoint, end: TimePoint, locate: Locate) -> bool:
        """Whether ``end`` comes after ``start``; a problem at ``end_date`` when not."""
        if end.end_seconds() > start.seconds:
            return True
        self.problem(locate("end_date"), f"{end.label()} is before the start {start.label()}")
        return False

    def date(self, value: object, field: str, locate: Locate) -> TimePoint | None:
        """A TimelineJS date object as a point, or None after recording why it cannot be one."""
        if not isinstance(value, dict):
            self.problem(locate(field), f"expected a date object with a year, found {describe_value(value)}")
            return None
        self.check_keys(value, _DATE_KEYS, field, locate)
        parts = self.date_parts(value, field, locate)
        if parts is None:
            return None
        if self.cosmological:
            parts = parts[:1]
        return self.point(parts, field, locate)

    def date_parts(self, value: Mapping[str, Any], field: str, locate: Locate) -> list[int] | None:
        """The given parts from the year down to the first one missing; None when one cannot be read."""
        numbers: list[int | None] = []
        before = len(self.problems)
        for part in DATE_PARTS:
            try:
                numbers.append(whole_number(value.get(part), part))
            except ValueError:
                self.problem(locate(f"{field}.{part}"), f"expected a whole number, found {describe_value(value.get(part))}")
                numbers.append(None)
        if len(self.problems) > before:
            return None
        known = _leading(numbers)
        if any(n is not None for n in numbers[len(known):]):
            self.note("date parts after a missing one were ignored", locate(field))
        return known

    def point(self, parts: list[int], field: str, locate: Locate) -> TimePoint | None:
        """The point the parts name, with TimelineJS's -500 (500 BCE) made astronomical (-499)."""
        year = parts[0] + 1 if parts[0] < 0 else parts[0]
        fields = dict(zip(DATE_PARTS, [year, *parts[1:]], strict=False))
        reasons = [(f"{field}.{part}", reason) for part, reason in _range_problems(parts[0], fields)]
        if not reasons and len(parts) >= 3 and not 1 <= parts[2] <= days_in_month(year, parts[1]):
            written = f"{parts[0]}-{parts[1]:02d}-{parts[2]:02d}"
            month = f"{MONTH_NAMES[parts[1] - 1]} {year_label(year)}"
            reasons = [(field, f"{written} does not exist ({month} has {days_in_month(year, parts[1])} days)")]
        for where, reason in reasons:
            self.problem(locate(where), reason)
        if reasons:
            return None
        point = TimePoint(**fields, precision=Precision(len(parts) - 1))
        return TimePoint.parse(point.iso())

    def text(self, value: object, locate: Locate) -> tuple[str, str]:
        """A slide's headline (one line) and text (plain, with line breaks)."""
        if value is None:
            return "", ""
        if isinstance(value, str):
            self.note("text given as a string was read as the headline", locate("text"))
            return one_line(value), ""
        if not isinstance(value, dict):
            self.problem(locate("text"), f"expected an object with headline and text, found {describe_value(value)}")
            return "", ""
        self.check_keys(value, _TEXT_KEYS, "text", locate)
        headline = self.string(value.get("headline"), "text.headline", locate)
        return one_line(headline), plain_text(self.string(value.get("text"), "text.text", locate))

    def media(self, value: object, locate: Locate) -> tuple[list[QuoteRef], str | None, list[str]]:
        """A slide's media as quotes (caption from credit), a link and notes."""
        if value is None or value == "":
            return [], None, []
        if isinstance(value, str):
            value = {"url": value}
        if not isinstance(value, dict):
            self.problem(locate("media"), f"expected an object with url, caption and credit, found {describe_value(value)}")
            return [], None, []
        self.check_keys(value, _MEDIA_KEYS, "media", locate)
        url, link = (self.string(value.get(key), f"media.{key}", locate).strip() for key in ("url", "link"))
        if not url:
            self.note("media without a url", locate("media"))
        caption = plain_text(self.string(value.get("caption"), "media.caption", locate))
        source = self.source(self.string(value.get("credit"), "media.credit", locate))
        if source and caption:
            return [QuoteRef(source=source, text=caption)], web_link(link, url), []
        return [], web_link(link, url), [f"Caption: {caption}"] if caption else []

    def source(self, credit: str) -> str | None:
        """The id of the source a media credit names, made on first use."""
        text, links = html_to_text(credit)
        title = " ".join(text.split())
        if not title:
            return None
        if title not in self._sources:
            ident = unique(slugify(title) or "source", {s.id for s in self._sources.values()})
            self._sources[title] = Source(id=ident, title=title, url=web_link(*links) if links else None)
        return self._sources[title].id

    def lane(self, group: object, locate: Locate) -> str:
        """The lane for a slide's group, made on first use; '' is the default lane."""
        name = one_line(self.string(group, "group", locate))
        if name not in self._groups:
            self._groups[name] = ""
        return name

    def string(self, value: object, field: str, locate: Locate) -> str:
        """A text field; numbers are read as text, other types are a problem."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.problem(locate(field), f"expected a string, found {describe_value(value)}")
        return ""

    def warnings(self) -> list[str]:
        """What was skipped or read leniently, one line per kind."""
        out: list[str] = []
        if self.skipped:
            out.append("1 event without a start date was skipped" if self.skipped == 1
                       else f"{self.skipped:,} events without a start date were skipped")
        for kind, places in self._notes.items():
            shown = ", ".join(p or "(top level)" for p in places[:LISTED_PLACES])
            more = f" and {len(places) - LISTED_PLACES:,} more" if len(places) > LISTED_PLACES else ""
            out.append(f"{kind}: {shown}{more}")
        return out

    def timeline(self) -> Timeline:
        """The imported timeline, checked like any other, or a :class:`TimelineError` with every problem."""
        if self.problems:
            raise TimelineError(self.name, self.problems)
        title = self.title or Path(self.name).stem or "Untitled timeline"
        lanes = self._lanes(title)
        events = self._events(lanes)
        if not events:
            self.note("the timeline has no dated events", "events")
        doc = TimelineDoc(title=title, events=events, lanes=list(lanes.values()), sources=list(self._sources.values()),
                          eras=self._eras, description=self.description)
        return build_timeline(doc, self.name, _no_source_files, self.warnings())

    def _lanes(self, title: str) -> dict[str, Lane]:
        """One lane per group, in order of appearance; ungrouped events go to "Events" ("Other events" beside groups)."""
        used: set[str] = set()
        lanes: dict[str, Lane] = {}
        colors = iter(PALETTE * (len(self._groups) // len(PALETTE) + 1))
        for group in self._groups:
            name = group or ("Other events" if len(self._groups) > 1 else "Events")
            ident = unique(slugify(group or "events") or "lane", used)
            lanes[group] = Lane(id=ident, name=name, color=next(colors) if group else DEFAULT_LANE_COLOR)
        return lanes

    def _events(self, lanes: dict[str, Lane]) -> list[Event]:
        """Events with their ids: explicit unique ids first, then ids made from headlines."""
        used: set[str] = set()
        for pending in self._pending:
            pending.event.lanes = [lanes[pending.event.lanes[0]].id]
            if pending.explicit_id:
                pending.event.id = unique(pending.explicit_id, used)
                if pending.event.id != pending.explicit_id:
                    self.note("duplicate unique_id values were made unique", pending.where)
        for pending in self._pending:
            if not pending.explicit_id:
                pending.event.id = unique(slugify(pending.event.title) or "event", used)
        return [pending.event for pending in self._pending]


def year_given(value: object) -> bool:
    """Whether a date object has a year (a non-date value counts, so that it is reported)."""
    if value is None or value == "":
        return False
    return not isinstance(value, dict) or _given(value.get("year"))


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def whole_number(value: object, part: str = "") -> int | None:
    """A date part as a whole number (``8``, ``"08"``, ``"2025.0"``, ``"March"``); None when absent."""
    if not _given(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if part == "month" and text.lower().rstrip(".") in _MONTHS:
            return _MONTHS[text.lower().rstrip(".")]
        if part == "year":
            text = _GROUPING.sub("", text)
        if _WHOLE.fullmatch(text):
            return int(text.split(".")[0])
    raise ValueError(f"not a whole number: {value!r}")


def _leading(numbers: list[int | None]) -> list[int]:
    known: list[int] = []
    for number in numbers:
        if number is None:
            break
        known.append(number)
    return known


def _range_problems(written_year: int, fields: dict[str, int]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not -MAX_ABS_YEAR <= fields["year"] <= MAX_ABS_YEAR:
        problems.append(("year", f"{written_year:,} is outside the years -{MAX_ABS_YEAR:,} to {MAX_ABS_YEAR:,}"))
    if "month" in fields and not 1 <= fields["month"] <= 12:
        problems.append(("month", f"{fields['month']} is not a month (expected 1-12)"))
    for part, (lo, hi) in _PART_RANGES.items():
        if part in fields and not lo <= fields[part] <= hi:
            problems.append((part, f"{fields[part]} is not a valid {part} (expected {lo}-{hi})"))
    return problems


def web_link(*candidates: str) -> str | None:
    """The first candidate that is an http(s) address."""
    return next((c.strip() for c in candidates if c.strip().lower().startswith(("http://", "https://"))), None)


def _fallback_title(body: str, display: str) -> str:
    first = body.split("\n", 1)[0] if body else display or "Untitled event"
    return first if len(first) <= 80 else first[:79].rstrip() + "\u2026"


def _no_source_files(file: str) -> str:
    raise ValueError("an imported timeline has no source files")
