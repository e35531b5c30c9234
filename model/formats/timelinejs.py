"""Import TimelineJS JSON (Knight Lab's format) as files in the wild write it.

TimelineJS 3 behaviour is kept (checked against its ``TimelineConfig`` and
``ConfigFactory``): an event without a start year is skipped, an end equal to
the start is dropped, missing ids are made from the headline, a date is the
instant it names (so an era 600-650 meets one 650-700), and fields TimelineJS
ignores are ignored without a word. Markup becomes plain text; media stay the
event's media (never a source quote). TimelineJS 2 files (``"timeline": {"date":
[...]}``) and the ``{"timeline": {...}}`` wrapping are read too. Sloppy but
readable parts import with a warning; anything that cannot be read is a
:class:`~model.errors.Problem` with its JSON path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.errors import Problem, TimelineError
from model.formats.builder import Date
from model.formats.native import build_timeline
from model.formats.reader import cut_field, decode_text, describe_value, parse_json, read_bytes
from model.layout.palette import LANE_COLORS
from model.provenance.plain_text import UniqueIds, html_to_text, one_line, plain_text, slugify, strip_controls, unique
from model.time.date_text import parse_date_text
from model.time.timepoint import MAX_ABS_YEAR, MONTH_NAMES, DateError, Precision, TimePoint, days_in_month, year_label
from model.timeline import Era, Event, Lane, Media, Timeline, TimelineDoc
from model.work import empty_lists

Locate = Callable[[str], str]
"""Where a field (``start_date.month``, ``text.headline``...) of one slide is, for messages."""

PALETTE = LANE_COLORS
"""Lane colours, in the order groups appear."""

DEFAULT_LANE_COLOR = "#607d8b"

DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
_PART_RANGES = {"hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    name[:3].lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {"sept": 9}
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")
_COMMA_PARTS = re.compile(r"\s*[+-]?\w*\s*(?:,\s*\w*\s*)+")
"""TimelineJS 2's "2011,05,05" (words allowed, so that "2011,May" is read and "x,y" is reported)."""
_GROUPING = re.compile(r"[,_\s\u00a0\u202f']")


_SLIDE_KEYS = frozenset({"start_date", "end_date", "text", "media", "group", "display_date", "background", "unique_id"})
_OWN_EVENT_KEYS = frozenset({"id", "start", "title", "lanes", "quotes"})


def looks_like_timelinejs(raw: object) -> bool:
    """Whether decoded JSON has TimelineJS's shape: dated slides, slides, a scale, a title slide, or a wrapping."""
    if not isinstance(raw, dict):
        return False
    inner = raw.get("timeline")
    if isinstance(inner, dict) and not isinstance(raw.get("events"), list):
        return any(key in inner for key in ("events", "slides", "date", "era", "title", "headline"))
    if "scale" in raw or isinstance(raw.get("title"), (dict, list)) or isinstance(raw.get("slides"), list):
        return True
    items = [item for key in ("events", "eras") if isinstance(raw.get(key), list) for item in raw[key]]
    slides = [item for item in items if isinstance(item, dict)]
    return any("start_date" in item or "end_date" in item for item in slides) or (
        bool(slides) and all(item.keys() & _SLIDE_KEYS and not item.keys() & _OWN_EVENT_KEYS for item in slides))


def load_timelinejs(path: str | os.PathLike[str]) -> Timeline:
    """Read a TimelineJS JSON file, or raise :class:`TimelineError`."""
    name = str(path)
    return timeline_from_timelinejs(parse_json(name, decode_text(name, read_bytes(path))), name)


def timeline_from_timelinejs(raw: Any, name: str) -> Timeline:
    """The timeline in decoded TimelineJS JSON (3, or 2 with its ``date`` list); ``name`` is used in messages."""
    if not isinstance(raw, dict):
        raise TimelineError(name, [Problem("", f"expected a TimelineJS object with events, found {describe_value(raw)}")])
    prefix = ""
    if isinstance(raw.get("timeline"), dict) and not isinstance(raw.get("events"), list):
        raw, prefix = raw["timeline"], "timeline"
    if "date" in raw and "events" not in raw and "slides" not in raw:
        return _from_timelinejs2(raw, name, prefix)
    importer = SlideImporter(name, cosmological=_is_cosmological(raw.get("scale")))
    importer.note_scale(raw.get("scale"))
    _read_title(importer, raw.get("title"), prefix)
    key = "slides" if "events" not in raw and "slides" in raw else "events"
    _read_list(importer, raw, key, prefix, required=True)
    _read_list(importer, raw, "eras", prefix, required=False)
    try:
        return importer.timeline()
    finally:
        empty_lists(importer)  # its working lists and the dates it read, a piece at a time


def _from_timelinejs2(raw: dict[str, Any], name: str, prefix: str) -> Timeline:
    """A TimelineJS 2 timeline: ``headline``, ``text``, ``asset`` and dated ``date`` and ``era`` lists."""
    importer = SlideImporter(name)
    importer.set_title({"text": {"headline": raw.get("headline"), "text": raw.get("text")}}, at(prefix))
    for key, add in (("date", importer.add_event), ("era", importer.add_era)):
        items = raw.get(key) or []
        if not isinstance(items, list):
            importer.problem(at(prefix)(key), f"expected a list, found {describe_value(items)}")
            continue
        for i, item in enumerate(items):
            add(slide_from_timelinejs2(item), at(f"{prefix}.{key}[{i}]" if prefix else f"{key}[{i}]"))
    return importer.timeline()


def slide_from_timelinejs2(item: object) -> object:
    """A TimelineJS 2 date (``startDate: "2011,05,05"``, ``asset``, ``tag``) as a TimelineJS 3 slide."""
    if not isinstance(item, dict):
        return item
    asset = item.get("asset")
    media = {k: asset.get(k) for k in ("credit", "caption")} | {"url": asset.get("media")} if isinstance(asset, dict) else None
    slide: dict[str, object] = {"text": {"headline": item.get("headline"), "text": item.get("text")}, "media": media,
                                "group": item.get("tag")}
    for old, new in (("startDate", "start_date"), ("endDate", "end_date")):
        if _given(item.get(old)):
            slide[new] = _date_from_timelinejs2(item[old])
    return slide


def _date_from_timelinejs2(value: object) -> object:
    """``"2011,05,05"`` or ``"2011,05,05,10,30"`` (TimelineJS 2's comma-separated parts) as a date object."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"year": value}
    if not isinstance(value, str):
        return value
    if not _COMMA_PARTS.fullmatch(value):
        try:
            point = parse_date_text(value)  # "2011", "2011-05-05", "May 5, 2011" (TimelineJS 2 let the browser read those)
        except DateError:
            return {"year": value}
        fields = (point.year, point.month, point.day, point.hour, point.minute, point.second)
        return dict(zip(DATE_PARTS, fields[: point.precision + 1], strict=False))
    return dict(zip(DATE_PARTS, (part.strip() for part in value.split(",")), strict=False))


def at(prefix: str) -> Locate:
    """The JSON path of fields under ``prefix``: ``at("events[3]")("text")`` is ``events[3].text``."""
    return lambda field: f"{prefix}.{field}" if prefix and field else prefix or field


def _is_cosmological(scale: object) -> bool:
    return isinstance(scale, str) and scale.strip().lower() == "cosmological"


def _read_title(importer: SlideImporter, title: object, prefix: str) -> None:
    where = f"{prefix}.title" if prefix else "title"
    if isinstance(title, list):
        importer.note("the title is a list; its first slide was used", where)
        first = next((item for item in title if isinstance(item, dict)), None)
        if first is not None:
            importer.set_title(first, at(f"{where}[{title.index(first)}]"))
    elif isinstance(title, dict):
        importer.set_title(title, at(where))
    elif title is not None:
        importer.set_title({"text": {"headline": title}}, at(where))


def _read_list(importer: SlideImporter, raw: dict[str, Any], key: str, prefix: str, required: bool) -> None:
    where = f"{prefix}.{key}" if prefix else key
    items = raw.get(key)
    if items is None:
        if required:
            importer.problem(where, "is missing (a TimelineJS timeline lists its slides in \"events\")")
        return
    if not isinstance(items, list):
        importer.problem(where, f"expected a list, found {describe_value(items)}")
        return
    add = importer.add_era if key == "eras" else importer.add_event
    for i, item in enumerate(items):
        if key == "slides" and i == 0 and not importer.has_title and isinstance(item, dict) and not year_given(item.get("start_date")):
            importer.set_title(item, at(f"{where}[0]"))  # a slide list opens with its title slide
            continue
        add(item, at(f"{where}[{i}]"))


@dataclass
class _Pending:
    """An event whose id is given later, once every explicit id is known."""

    event: Event
    explicit_id: str
    locate: Locate


class SlideImporter:
    """Turns TimelineJS slides into the app's events, lanes, sources and eras, collecting problems."""

    def __init__(self, name: str, cosmological: bool = False) -> None:
        self.name = name
        self.cosmological = cosmological
        self.title = ""
        self.description = ""
        self.has_title = False
        self.slides_at = "events"
        """Where the slides are, for a message about all of them."""
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.slides = 0
        self._pending: list[_Pending] = []
        self._groups: dict[str, str] = {}
        self._eras: list[Era] = []
        self._dates: dict[tuple[object, ...], Date] = {}

    def problem(self, where: str, message: str) -> None:
        """Record something that makes the file unreadable."""
        self.problems.append(Problem(where, message))

    def note(self, kind: str, where: str, message: str = "") -> None:
        """Record a sloppy part that was read anyway, or something left out; warnings are grouped by kind."""
        self.notes.append(Problem(where, message or kind, kind))

    def note_scale(self, scale: object) -> None:
        """Note a scale other than "human" or "cosmological"."""
        if scale is not None and not (isinstance(scale, str) and scale.strip().lower() in ("human", "cosmological")):
            self.note(f"scale {describe_value(scale)} is not \"human\" or \"cosmological\"; read as human", "scale")

    def set_title(self, slide: Mapping[str, Any], locate: Locate) -> None:
        """Take the timeline's title and description from the title slide (a headline, else its text's first line)."""
        headline, body = self.text(slide.get("text"), locate)
        if not headline and body:
            headline, _, rest = body.partition("\n")
            headline, body = one_line(headline), rest.strip()
        self.title, self.description, self.has_title = headline, body, True

    def add_title_row(self, slide: Mapping[str, Any], locate: Locate) -> None:
        """A title row of a spreadsheet: the first is the title, later ones are events (as TimelineJS does)."""
        if not self.has_title:
            self.set_title(slide, locate)
            return
        self.note("multiple title slides detected; the first is the title, later ones were read as events", locate(""))
        self.add_event(slide, locate)

    def add_event(self, slide: object, locate: Locate) -> None:
        """Add one event slide, or note it as skipped when it has no start year."""
        if not isinstance(slide, dict):
            self.problem(locate(""), f"expected an object, found {describe_value(slide)}")
            return
        self.slides += 1
        if not year_given(slide.get("start_date")):
            self.note("slides without a start date were skipped (as TimelineJS skips them)", locate("start_date"))
            return
        start, end = self.span(slide, locate)
        headline, body = self.text(slide.get("text"), locate)
        display = self.display_date(slide, locate)
        event = Event(
            id="", title=headline or _fallback_title(body, display), start=start.iso if start else "",
            end=end.iso if end else None, lanes=[self.lane(slide.get("group"), locate)], summary=body,
            media=self.media(slide.get("media"), locate), display_date=display,
        )
        unique_id = slide.get("unique_id")
        explicit = strip_controls(self.string(unique_id, "unique_id", locate)).strip() if unique_id else ""
        self._pending.append(_Pending(event, explicit, locate))

    def add_era(self, era: object, locate: Locate) -> None:
        """Add one era, skipped with a warning when it lacks a start or end year."""
        if not isinstance(era, dict):
            self.problem(locate(""), f"expected an object, found {describe_value(era)}")
            return
        if not (year_given(era.get("start_date")) and year_given(era.get("end_date"))):
            self.note("eras without a start and an end year were skipped", locate(""))
            return
        start = self.date(era.get("start_date"), "start_date", locate)
        end = self.date(era.get("end_date"), "end_date", locate)
        headline, _ = self.text(era.get("text"), locate)
        if start is not None and end is not None:
            if end.begins > start.begins:
                self._eras.append(Era(title=headline, start=start.iso, end=end.iso))
            else:
                self.problem(locate("end_date"), f"{end.label()} is not after the start {start.label()}")

    def span(self, slide: Mapping[str, Any], locate: Locate) -> tuple[Date | None, Date | None]:
        """A slide's start and end; an end at the start is dropped, an end before it is dropped with a warning."""
        start = self.date(slide.get("start_date"), "start_date", locate)
        raw_end = slide.get("end_date")
        if not year_given(raw_end):
            if isinstance(raw_end, dict) and any(_given(raw_end.get(part)) for part in DATE_PARTS):
                self.note("end dates without a year were ignored", locate("end_date"))
            return start, None
        end = self.date(raw_end, "end_date", locate)
        if start is None or end is None or end.begins == start.begins:
            return start, None
        if end.begins < start.begins:
            self.note("ends before their start were dropped (the event is shown at its start)", locate("end_date"),
                      f"{end.label()} is before the start {start.label()}")
            return start, None
        return start, end

    def display_date(self, slide: Mapping[str, Any], locate: Locate) -> str:
        """The author's wording of the date: the slide's, else its start's and end's ("15 avril - 2 mai 2002")."""
        own = slide.get("display_date")
        if own:
            return one_line(self.string(own, "display_date", locate))
        words = []
        for field in ("start_date", "end_date"):
            value = slide.get(field)
            if isinstance(value, dict) and value.get("display_date"):
                words.append(one_line(self.string(value["display_date"], f"{field}.display_date", locate)))
        return " \u2013 ".join(word for word in words if word)

    def date(self, value: object, field: str, locate: Locate) -> Date | None:
        """A TimelineJS date object as a point, or None after recording why it cannot be one.

        Dates read without a word are remembered by their parts' values: a large file repeats few distinct dates.
        """
        if not isinstance(value, dict):
            self.problem(locate(field), f"expected a date object with a year, found {describe_value(value)}")
            return None
        get = value.get
        key = (get("year"), get("month"), get("day"), get("hour"), get("minute"), get("second"))
        cacheable = True not in key or not any(type(v) is bool for v in key)  # True == 1 would share a key
        try:
            known = self._dates.get(key) if cacheable else None
        except TypeError:  # a list or an object among the parts: read it the long way, to say what is wrong
            cacheable, known = False, None
        if known is not None:
            return known
        said = len(self.problems) + len(self.notes)
        parts = self.date_parts(value, field, locate)
        if parts is None:
            return None
        if self.cosmological:
            parts = parts[:1]
        point = self.point(parts, field, locate)
        if point is None:
            return None
        date = Date.of(point)
        if cacheable and len(self.problems) + len(self.notes) == said:
            self._dates[key] = date
        return date

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
            return one_line(self.string(value, "text", locate)), ""
        if not isinstance(value, dict):
            self.problem(locate("text"), f"expected an object with headline and text, found {describe_value(value)}")
            return "", ""
        headline = self.string(value.get("headline"), "text.headline", locate)
        return one_line(headline), plain_text(self.string(value.get("text"), "text.text", locate))

    def media(self, value: object, locate: Locate) -> Media | None:
        """A slide's media (url, caption, credit, alt text, link), or None when it has no url (TimelineJS shows none)."""
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = {"url": value}
        if not isinstance(value, dict):
            self.problem(locate("media"), f"expected an object with url, caption and credit, found {describe_value(value)}")
            return None
        url, link = (strip_controls(self.string(value.get(key), f"media.{key}", locate)).strip() for key in ("url", "link"))
        caption = plain_text(self.string(value.get("caption"), "media.caption", locate))
        credit = one_line(html_to_text(self.string(value.get("credit"), "media.credit", locate))[0])
        alt = one_line(self.string(value.get("alt"), "media.alt", locate))
        if not url:
            return None
        return Media(url=url, caption=caption, credit=credit, alt=alt, link=web_link(link))

    def lane(self, group: object, locate: Locate) -> str:
        """The lane for a slide's group, made on first use; '' is the default lane."""
        name = one_line(self.string(group, "group", locate))
        if name not in self._groups:
            self._groups[name] = ""
        return name

    def string(self, value: object, field: str, locate: Locate) -> str:
        """A text field (at most :data:`~model.formats.reader.MAX_FIELD_CHARS` characters of it, with a warning);
        numbers are read as text, other types are a problem."""
        if value is None:
            return ""
        if isinstance(value, str):
            return cut_field(value, locate(field), self.note)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.problem(locate(field), f"expected a string, found {describe_value(value)}")
        return ""

    def timeline(self) -> Timeline:
        """The imported timeline, checked like any other, or a :class:`TimelineError` with every problem."""
        if not self._pending and self.slides and not self.problems:
            self.problem(self.slides_at, f"none of the {self.slides:,} slides has a start_date with a year, "
                                "so there is nothing to place on a timeline (TimelineJS skips such slides)")
        if self.problems:
            raise TimelineError(self.name, self.problems)
        title = self.title or Path(self.name).stem or "Untitled timeline"
        lanes = self._lanes(title)
        events = self._events(lanes)
        if not events:
            self.note("the timeline has no dated events", "events")
        doc = TimelineDoc(title=title, events=events, lanes=list(lanes.values()), eras=self._eras,
                          description=self.description, ends="instant")
        return build_timeline(doc, self.name, _no_source_files, self.notes)

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
        ids = UniqueIds()
        for pending in self._pending:
            pending.event.lanes = [lanes[pending.event.lanes[0]].id]
            if pending.explicit_id:
                pending.event.id = ids.take(pending.explicit_id)
                if pending.event.id != pending.explicit_id:
                    self.note("duplicate unique_id values were made unique", pending.locate("unique_id"))
        for pending in self._pending:
            if not pending.explicit_id:
                pending.event.id = ids.take(slugify(pending.event.title) or "event")
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
