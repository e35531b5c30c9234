"""vis-timeline data: a JSON list of items ``{id, content, start, end?, group?, type?, title?}``, or
``{"items": [...], "groups": [{id, content}]}``.

Group ids become lanes named by the group's content; HTML content becomes plain text; ``type: "background"``
items become eras. Dates are ISO text or JavaScript milliseconds; ends are instants, as vis-timeline draws them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from model.errors import Problem, TimelineError
from model.formats.builder import Date, ImportBuilder
from model.formats.reader import cut_field, describe_value
from model.provenance.plain_text import one_line, plain_text
from model.time.date_text import from_milliseconds, parse_date_text
from model.time.timepoint import DateError
from model.timeline import Timeline

ITEM_KEYS = frozenset({"start", "content"})


def looks_like_vis(raw: object) -> bool:
    """Whether decoded JSON is a list of vis-timeline items, or an object with one in ``items``."""
    items = raw.get("items") if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not items:
        return False
    objects = [item for item in items[:100] if isinstance(item, dict)]
    return bool(objects) and all("start" in item and ("content" in item or "title" in item) for item in objects)


def timeline_from_vis(raw: Any, name: str) -> Timeline:
    """The timeline in decoded vis-timeline data; ``name`` is used in messages."""
    builder = ImportBuilder(name)
    items, prefix = (raw.get("items"), "items") if isinstance(raw, dict) else (raw, "")
    if not isinstance(items, list):
        raise TimelineError(name, [Problem(prefix, f"expected a list of items, found {describe_value(items)}")])
    groups = _groups(builder, raw.get("groups") if isinstance(raw, dict) else None)
    for i, item in enumerate(items):
        _read_item(builder, groups, item, f"{prefix}[{i}]")
    if isinstance(raw, dict) and isinstance(raw.get("title"), str):
        builder.title = cut_field(raw["title"], "title", builder.warn)
    return builder.timeline()


def _groups(builder: ImportBuilder, groups: object) -> dict[str, str]:
    """Group id (as text) to the lane named by its content, in the order groups are listed."""
    names: dict[str, str] = {}
    if groups is None:
        return names
    if not isinstance(groups, list):
        builder.problem("groups", f"expected a list of groups, found {describe_value(groups)}")
        return names
    for i, group in enumerate(groups):
        if not isinstance(group, dict) or "id" not in group:
            builder.problem(f"groups[{i}]", f"expected an object with an id, found {describe_value(group)}")
            continue
        names[str(group["id"])] = builder.lane(one_line(_text(builder, group.get("content"), f"groups[{i}].content"))
                                               or str(group["id"]))
    return names


def _read_item(builder: ImportBuilder, groups: dict[str, str], item: object, where: str) -> None:
    if not isinstance(item, dict):
        builder.problem(where, f"expected an item object, found {describe_value(item)}")
        return
    start = _date(builder, item.get("start"), f"{where}.start")
    end = _date(builder, item["end"], f"{where}.end") if item.get("end") not in (None, "") else None
    if start is None:
        return
    if end is not None and end.begins < start.begins:
        builder.warn("ends before their start were dropped", f"{where}.end", f"{end.label()} is before the start {start.label()}")
        end = None
    content = plain_text(_text(builder, item.get("content"), f"{where}.content"))
    title, _, rest = content.partition("\n")
    hover = plain_text(_text(builder, item.get("title"), f"{where}.title"))
    if item.get("type") == "background":
        if end is not None:
            builder.add_era(title or hover, start, end)
        else:
            builder.warn("background items without an end were skipped", where)
        return
    group = item.get("group")
    lane = groups.get(str(group)) if group is not None else ""
    if lane is None:
        lane = builder.lane(str(group))
        builder.warn("items in a group that is not listed got a lane of their own", f"{where}.group")
    summary = "\n".join(part for part in (rest.strip(), hover if hover != title else "") if part)
    ident = item.get("id")
    builder.add_event(title or hover, start, end, lanes=(lane,), summary=summary,
                      ident=str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else "")


@lru_cache(maxsize=65_536)
def _parse(value: str | float) -> Date | str:
    """The date a text or a number of milliseconds names, or why it names none (cached: dates repeat)."""
    try:
        return Date.of(parse_date_text(value) if isinstance(value, str) else from_milliseconds(value))
    except (DateError, OverflowError, ValueError) as exc:
        return str(exc)


def _text(builder: ImportBuilder, value: object, where: str) -> str:
    """A text field (at most :data:`~model.formats.reader.MAX_FIELD_CHARS` characters of it, with a warning)."""
    if isinstance(value, str):
        return cut_field(value, where, builder.warn)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(builder: ImportBuilder, value: object, where: str) -> Date | None:
    """A vis-timeline date: ISO text or milliseconds since 1970; a problem when it is neither."""
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or (isinstance(value, str) and value.strip()):
        found = _parse(value)
        if isinstance(found, str):
            builder.problem(where, f"{describe_value(value)} is not a date: {found}")
            return None
        return found
    builder.problem(where, f"expected a date (text such as 2014-04-20, or milliseconds), found {describe_value(value)}")
    return None
