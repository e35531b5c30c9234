"""The session: everything the app shows, in one Qt-free observable object that every view reads.

The open timeline, the selection, the visible range, the hovered event, the filter and search, the analysis
of the sources and its progress, and the theme. Each field has its own event (``session.events.<field>``);
a view receives the session in its constructor, subscribes there, and writes back through the session,
blocking its own echo::

    session.events.visible_range.connect(self._on_range)
    with session.events.visible_range.blocked(self._on_range):
        session.visible_range = (lo, hi)

The window, the command line's ``--export`` and the tests all build the same session; a headless export
renders from one without any widget (see :mod:`gui.export.picture`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from model.events import Emitter, Field
from model.filter_spec import NO_FILTER, Filter
from model.history import History
from model.timeline import BoolArray, IntArray, Timeline

if TYPE_CHECKING:
    from model.provenance.claims import TimelineAnalysis
    from model.provenance.marks import EventMark

NO_SELECTION = -1
NO_RANGE: tuple[float, float] | None = None


class ThemeName(Enum):
    """The palette the app paints with (the window's "System" choice resolves to one of these)."""

    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Progress:
    """Background work the user can see: what it is, how far (0..1, or None when unknown)."""

    what: str = ""
    fraction: float | None = None

    @property
    def running(self) -> bool:
        return bool(self.what)


IDLE = Progress()


@dataclass
class SessionEvents:
    """One emitter per session field, each telling the field's new value."""

    timeline: Emitter[Timeline] = field(default_factory=lambda: Emitter("timeline"))
    selected: Emitter[int] = field(default_factory=lambda: Emitter("selected"))
    visible_range: Emitter[tuple[float, float] | None] = field(default_factory=lambda: Emitter("visible_range"))
    hover: Emitter[int] = field(default_factory=lambda: Emitter("hover"))
    analysis: Emitter[TimelineAnalysis | None] = field(default_factory=lambda: Emitter("analysis"))
    progress: Emitter[Progress] = field(default_factory=lambda: Emitter("progress"))
    theme: Emitter[ThemeName] = field(default_factory=lambda: Emitter("theme"))
    filter: Emitter[Filter] = field(default_factory=lambda: Emitter("filter"))
    search: Emitter[str] = field(default_factory=lambda: Emitter("search"))
    shown: Emitter[BoolArray | None] = field(default_factory=lambda: Emitter("shown"))
    ghosts: Emitter[BoolArray | None] = field(default_factory=lambda: Emitter("ghosts"))
    matches: Emitter[IntArray | None] = field(default_factory=lambda: Emitter("matches"))


class Session:
    """The open timeline and what the user is doing with it; set a field and its listeners hear of it."""

    timeline: Field[Timeline] = Field()
    selected: Field[int] = Field()
    """Index of the selected event in ``timeline.events``, or NO_SELECTION."""
    visible_range: Field[tuple[float, float] | None] = Field()
    """The time range on screen (seconds, as ``TimePoint.seconds``); None until a view has one."""
    hover: Field[int] = Field()
    """The event under the pointer, or NO_SELECTION."""
    analysis: Field[TimelineAnalysis | None] = Field()
    """The comparison of the sources of every event, once the background work delivered it."""
    progress: Field[Progress] = Field()
    theme: Field[ThemeName] = Field()
    filter: Field[Filter] = Field()
    """What the user chose to see (:mod:`model.filtering`); NO_FILTER shows everything."""
    search: Field[str] = Field()
    """The text typed in the search field."""
    shown: Field[BoolArray | None] = Field()
    """Per event, whether the filter lets it through; None: every event is shown."""
    ghosts: Field[BoolArray | None] = Field()
    """Per event, whether it is drawn as a ghost (hidden "as known on", when the user chose ghosts); None: none."""
    matches: Field[IntArray | None] = Field()
    """The events the search found, in time order (the others are dimmed); None: no search."""

    def __init__(self, timeline: Timeline, theme: ThemeName = ThemeName.LIGHT) -> None:
        self.events = SessionEvents()
        self._timeline = timeline
        self._selected = NO_SELECTION
        self._visible_range: tuple[float, float] | None = NO_RANGE
        self._hover = NO_SELECTION
        self._analysis: TimelineAnalysis | None = None
        self._progress = IDLE
        self._theme = theme
        self._filter = NO_FILTER
        self._search = ""
        self._shown: BoolArray | None = None
        self._ghosts: BoolArray | None = None
        self._matches: IntArray | None = None
        self.history = History(timeline)
        """The document being edited, its undo stack and unsaved state (:mod:`model.editing`); the window keeps it on the open timeline."""

    def snapshot(self) -> Session:
        """A new session showing the same as this one, with no listeners (an export draws from it)."""
        copy = Session(self.timeline, self.theme)
        for name in ("selected", "visible_range", "analysis", "filter", "search", "shown", "ghosts", "matches"):
            setattr(copy, "_" + name, getattr(self, "_" + name))
        return copy

    # --- the timeline ------------------------------------------------------------------------
    def open(self, timeline: Timeline, keep_selection: bool = False, keep_range: bool = False) -> None:
        """Show ``timeline`` instead of the open one; keep the selection (by event id) and range if asked.

        Listeners of ``timeline`` hear first, then the selection is settled (to the same event or to none),
        then the range; the analysis of the old timeline is dropped.
        """
        old_id = self.selected_event_id()
        old_range = self.visible_range
        self._selected = NO_SELECTION
        self._hover = NO_SELECTION
        self._visible_range = NO_RANGE  # the views fit the new timeline, then report their range
        self.analysis = None
        self._shown = self._ghosts = self._matches = None  # they index the old timeline's events
        self.timeline = timeline
        if keep_selection and old_id is not None and old_id in timeline.event_by_id:
            self.events.selected.emit(NO_SELECTION)
            self.selected = timeline.event_by_id[old_id]
        else:
            self.events.selected.emit(NO_SELECTION)
        if keep_range and old_range is not None:
            self.visible_range = old_range

    # --- the selection -----------------------------------------------------------------------
    def select(self, event: int) -> None:
        """Select event ``event`` (or NO_SELECTION; an index out of range selects nothing)."""
        if event != NO_SELECTION and not 0 <= event < len(self.timeline.events):
            event = NO_SELECTION
        self.selected = event

    def clear_selection(self) -> None:
        """Select nothing."""
        self.select(NO_SELECTION)

    def select_step(self, step: int) -> None:
        """Move the selection ``step`` events later (negative: earlier) in time."""
        order = self.timeline.index.event_order
        if order.size == 0:
            return
        if self.selected == NO_SELECTION:
            self.select(int(order[0] if step > 0 else order[-1]))
            return
        position = int(self.timeline.index.event_rank[self.selected])
        self.select(int(order[max(0, min(order.size - 1, position + step))]))

    def select_next(self) -> None:
        """The next event in time."""
        self.select_step(1)

    def select_previous(self) -> None:
        """The previous event in time."""
        self.select_step(-1)

    def selected_event_id(self) -> str | None:
        """The selected event's id, or None."""
        if self.selected == NO_SELECTION:
            return None
        return self.timeline.events[self.selected].id

    # --- the analysis ------------------------------------------------------------------------
    def marks(self) -> dict[int, EventMark]:
        """Event index to the mark the timeline draws for it (none until the analysis is there)."""
        return {} if self.analysis is None else self.analysis.marks()
