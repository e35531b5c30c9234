"""The JSON Schema of the app's own format, generated from the structs in :mod:`model.timeline`.

``python -m model.formats.schema`` rewrites ``resources/timeline.schema.json``; a test fails when that file is not what
this module generates, so the structs stay the one definition of the format.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from model.timeline import DATE_REF, QuoteRef, TimelineDoc

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources" / "timeline.schema.json"

HEADER: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://timeline-viewer.invalid/timeline.schema.json",
    "title": "Timeline",
    "description": 'A timeline in the timeline viewer\'s own JSON format ("timeline-viewer/1"): events tied to the exact '
                   "quotes of the sources that report them. Fields not listed here are ignored when the file is read.",
}

DATE: dict[str, Any] = {
    "description": "A date as precise as known: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH[:MM[:SS]]. Proleptic Gregorian "
                   "calendar with astronomical year numbering (year 0 is 1 BCE, -0499 is 500 BCE); years may have up to "
                   "11 digits (within +-20 billion) for deep time.",
    "type": "string",
    "pattern": r"^([+-][0-9]{1,11}|[0-9]{1,4})(-[0-9]{2}(-[0-9]{2}([T ][0-9]{2}(:[0-9]{2}(:[0-9]{2})?)?Z?)?)?)?$",
    "examples": ["2025", "2025-03", "2025-03-10", "2025-03-10T14:30", "-13799999999"],
}
"""Dates are text to the structs (the loader parses them, with its own messages); the schema gives their syntax."""

_NAMES = {QuoteRef.__name__: "quote"}
"""Definition names that are not the struct's name in lower case."""


def timeline_schema() -> dict[str, Any]:
    """The schema: msgspec's, with the definitions named as file authors know them and dates described once."""
    (root,), components = msgspec.json.schema_components([TimelineDoc], ref_template="#/$defs/{name}")
    defs = {_name(name): _tidy(node) for name, node in components.items()}
    top = defs.pop(_name(root["$ref"].rsplit("/", 1)[1]))
    top.pop("description", None)
    return {**HEADER, **top, "$defs": {"date": DATE, **defs}}


def _name(struct_name: str) -> str:
    return _NAMES.get(struct_name, struct_name.lower())


def _tidy(node: Any) -> Any:
    """``node`` with references renamed, a reference standing alone for its type, and no struct titles."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    tidy = {key: _tidy(value) for key, value in node.items() if key != "title" or not isinstance(value, str)}
    if "$ref" in tidy:
        ref = tidy["$ref"]
        tidy["$ref"] = ref if ref == DATE_REF else "#/$defs/" + _name(ref.rsplit("/", 1)[1])
        tidy.pop("type", None)
    return tidy


def schema_text() -> str:
    """The schema as the file in resources/ holds it."""
    return json.dumps(timeline_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write the schema to resources/timeline.schema.json."""
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_FILE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
