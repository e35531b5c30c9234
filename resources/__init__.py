"""Data the app ships: the default timeline, its sources, the file-format schema."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

DEFAULT_TIMELINE = "default_timeline.json"
SCHEMA = "timeline.schema.json"


def resource(name: str) -> Traversable:
    """A shipped file by its name relative to this package; fails listing the valid names."""
    root = resources.files(__name__)
    target = root.joinpath(*name.split("/"))
    if not target.is_file():
        raise FileNotFoundError(f"no resource {name!r}; valid names: {', '.join(sorted(available()))}")
    return target


def available() -> list[str]:
    """Every shipped file's name."""
    root = resources.files(__name__)
    names: list[str] = []
    stack: list[tuple[str, Traversable]] = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if not entry.name.startswith("__"):
                    stack.append((f"{prefix}{entry.name}/", entry))
            elif not entry.name.endswith((".py", ".pyc")):
                names.append(prefix + entry.name)
    return names
