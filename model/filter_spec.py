"""What the user chose to see (lanes and their order, sources, verification, verdicts, dates, "as known on"):
a small record the session holds, loaded at start-up; :mod:`model.filtering` works out what it shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Filter:
    """Filters that combine (an event must pass all); the default shows every event."""

    hidden_lanes: frozenset[str] = frozenset()
    """Ids of the lanes not shown."""
    lane_order: tuple[str, ...] = ()
    """Lane ids in the order the user put them in (empty: the file's order)."""
    sources: frozenset[str] = frozenset()
    """Show only events that quote one of these source ids (empty: any)."""
    unverified_only: bool = False
    """Show only events with a quote that is not verified."""
    verdict: str = ""
    """"conflict" or "corroborated" to show only such events; empty: any."""
    date_range: tuple[float, float] | None = None
    """Show only events overlapping this range (seconds)."""
    as_of: float | None = None
    """As known on this moment (seconds; :func:`as_of_moment` gives the end of a chosen day): only quotes of
    sources published by then count."""
    ghost: bool = False
    """Draw the events "as known on" hides as ghosts instead of hiding them."""

    @property
    def active(self) -> bool:
        """Whether anything is filtered out."""
        return self != NO_FILTER

    @property
    def hides(self) -> bool:
        """Whether the filter can hide events (the lanes' order alone does not)."""
        return bool(self.hidden_lanes or self.sources or self.unverified_only or self.verdict
                    or self.date_range is not None or self.as_of is not None)


NO_FILTER = Filter()


def shown_lanes(n_lanes: int, lane_ids: list[str], chosen: Filter) -> list[int]:
    """The lanes drawn, top to bottom, as indices into the timeline's lanes: in the user's order (lanes it does
    not name keep the file's order after those it does), without the hidden ones."""
    position = {lane: k for k, lane in enumerate(chosen.lane_order)}
    order = sorted(range(n_lanes), key=lambda k: (position.get(lane_ids[k], len(position)), k) if k < len(lane_ids) else (len(position), k))
    return [k for k in order if k >= len(lane_ids) or lane_ids[k] not in chosen.hidden_lanes]
