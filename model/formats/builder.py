"""Builds a timeline from records read out of another tool's file: lanes by name, ids, eras, located warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from model.errors import Problem, TimelineError
from model.formats.native import build_timeline
from model.layout.palette import LANE_COLORS
from model.provenance.plain_text import UniqueIds, one_line, slugify, strip_controls, unique
from model.time.timepoint import TimePoint
from model.timeline import Era, Event, Lane, Media, Timeline, TimelineDoc

PALETTE = LANE_COLORS
"""Lane colours, in the order lanes appear, for lanes the file gives no colour."""

DEFAULT_LANE = "Events"
TITLE_CHARS = 80


class Date(NamedTuple):
    """A point with what the builder needs of it, worked out once per distinct date text."""

    point: TimePoint
    iso: str
    begins: float
    """Seconds at its start."""
    ends: float
    """Seconds at the end of the period it names."""

    @classmethod
    def of(cls, point: TimePoint) -> Date:
        """``point`` with its text and seconds."""
        return cls(point, point.iso(), point.seconds, point.end_seconds())

    def label(self) -> str:
        """The point as a reader reads it."""
        return self.point.label()


@dataclass
class _Lane:
    name: str
    color: str | None
    ident: str = ""


@dataclass
class ImportBuilder:
    """Collects events, lanes, eras, problems (which refuse the file) and warnings (which do not)."""

    name: str
    ends: str = "instant"
    title: str = ""
    description: str = ""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)
    _lanes: dict[str, _Lane] = field(default_factory=dict)
    _ids: UniqueIds = field(default_factory=UniqueIds)
    _lane_keys: dict[str, str] = field(default_factory=dict)

    def problem(self, where: str, message: str) -> None:
        """Something that makes the file unreadable."""
        self.problems.append(Problem(where, message))

    def warn(self, kind: str, where: str, message: str = "") -> None:
        """Something read leniently or left out; warnings are grouped by kind."""
        self.warnings.append(Problem(where, message or kind, kind))

    def lane(self, name: str, color: str | None = None) -> str:
        """The key of the lane called ``name`` ('' for the default lane), made on first use."""
        key = self._lane_keys.get(name)
        if key is not None and (not color or self._lanes[key].color):
            return key
        key = self._lane_keys[name] = one_line(name)
        name = key
        known = self._lanes.get(name)
        if known is None:
            self._lanes[name] = _Lane(name, color)
        elif color and not known.color:
            known.color = color
        return name

    def add_event(self, title: str, start: Date, end: Date | None = None, *, lanes: tuple[str, ...] = ("",),
                  summary: str = "", ident: str = "", link: str | None = None, notes: list[str] | None = None,
                  display_date: str = "", media: Media | None = None) -> None:
        """Add one event; an end at its start makes it an instant."""
        title = one_line(title)
        summary = strip_controls(summary).strip()
        if not title:
            first = summary.split("\n", 1)[0]
            title = first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "\u2026"
        keys = [self.lane(lanes[0])] if len(lanes) == 1 else [self.lane(lane) for lane in dict.fromkeys(lanes)] or [self.lane("")]
        self.events.append(Event(
            id=self._ids.take(strip_controls(ident).strip() or slugify(title) or "event"), title=title or "Untitled event",
            start=start.iso, end=end.iso if end is not None and end.begins != start.begins else None, lanes=keys, summary=summary,
            link=strip_controls(link) if link else None, notes=[strip_controls(note) for note in notes or ()],
            display_date=strip_controls(display_date), media=media))

    def add_era(self, title: str, start: Date, end: Date) -> None:
        """Add a labelled background span."""
        self.eras.append(Era(title=one_line(title), start=start.iso, end=end.iso))

    def timeline(self) -> Timeline:
        """The built timeline, checked like any other, or a :class:`TimelineError` with every problem."""
        if self.problems:
            raise TimelineError(self.name, self.problems)
        lanes = self._make_lanes()
        for event in self.events:
            event.lanes = [lanes[key].id for key in event.lanes]
        title = one_line(strip_controls(self.title)) or Path(self.name).stem or "Untitled timeline"
        doc = TimelineDoc(title=title, events=self.events, lanes=list(lanes.values()), eras=self.eras,
                          description=strip_controls(self.description), ends=self.ends)
        return build_timeline(doc, self.name, _no_source_files, self.warnings)

    def _make_lanes(self) -> dict[str, Lane]:
        """One lane per name, in order of first use; events without one go to "Events" ("Other events" beside others)."""
        used: set[str] = set()
        colors = iter(PALETTE * (len(self._lanes) // len(PALETTE) + 1))
        lanes: dict[str, Lane] = {}
        for key, lane in self._lanes.items():
            name = key or ("Other events" if len(self._lanes) > 1 else DEFAULT_LANE)
            color = lane.color or (next(colors) if key else "#607d8b")
            lanes[key] = Lane(id=unique(slugify(key or "events") or "lane", used), name=name, color=color)
        return lanes


def _no_source_files(file: str) -> str:
    raise ValueError("an imported timeline has no source files")
