"""What the user chose to see: lanes, sources, verification, verdicts, a date range, and "as known on"."""

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
    """As known on this date (seconds): only quotes of sources published by then count."""
    ghost: bool = False
    """Draw the events "as known on" hides as ghosts instead of hiding them."""

    @property
    def active(self) -> bool:
        """Whether anything is filtered out."""
        return self != NO_FILTER


NO_FILTER = Filter()


def shown_lanes(n_lanes: int, lane_ids: list[str], chosen: Filter) -> list[int]:
    """The lanes drawn, top to bottom, as indices into the timeline's lanes: in the user's order (lanes it does
    not name keep the file's order after those it does), without the hidden ones."""
    position = {lane: k for k, lane in enumerate(chosen.lane_order)}
    order = sorted(range(n_lanes), key=lambda k: (position.get(lane_ids[k], len(position)), k) if k < len(lane_ids) else (len(position), k))
    return [k for k in order if k >= len(lane_ids) or lane_ids[k] not in chosen.hidden_lanes]
