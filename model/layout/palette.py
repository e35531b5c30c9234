"""Lane colours: distinguishable, colour-blind-safe first (Okabe and Ito), then Paul Tol's and Tableau's."""

from __future__ import annotations

LANE_COLORS: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#8c6d1f", "#332288",
    "#117733", "#882255", "#44aa99", "#aa4499", "#999933", "#6699cc", "#661100", "#d62728",
    "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#fb9a99", "#b2df8a", "#7f7f7f",
)
"""24 lane colours; a timeline with more lanes repeats them from the start."""


def lane_color(k: int) -> str:
    """The default colour of lane ``k``."""
    return LANE_COLORS[k % len(LANE_COLORS)]
