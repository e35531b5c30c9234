"""The timeline shipped with the app."""

from __future__ import annotations

from model.formats.native import load_timeline_bytes
from model.timeline import Timeline
from resources import DEFAULT_TIMELINE, resource

DEFAULT_NAME = "default timeline"


def load_default() -> Timeline:
    """The Microsoft / OpenAI / CoreWeave timeline, with its bundled sources."""
    data = resource(DEFAULT_TIMELINE).read_bytes()
    timeline = load_timeline_bytes(data, DEFAULT_NAME, lambda name: resource(name).read_text(encoding="utf-8"))
    timeline.path = None
    return timeline


def load_path_or_default(path: str | None) -> Timeline:
    """The timeline at ``path`` (any format the app reads), or the default one when there is no path."""
    if path is None:
        return load_default()
    from model.formats.registry import open_timeline  # the importers load on first use

    return open_timeline(path)
