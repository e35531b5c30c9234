"""The shipped JSON Schema describes the format model/timeline.py reads, and the default timeline follows it."""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec
import pytest

from model.formats.schema import schema_text, timeline_schema
from model.time.timepoint import DateError, TimePoint
from model.timeline import Claim, Era, Event, Lane, Media, QuoteRef, Source, TimelineDoc
from resources import DEFAULT_TIMELINE, SCHEMA, resource

STRUCTS: dict[str, type[msgspec.Struct]] = {
    "": TimelineDoc, "lane": Lane, "source": Source, "era": Era, "quote": QuoteRef, "claim": Claim, "event": Event, "media": Media}
JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict, "array": list, "string": str, "integer": int, "null": type(None), "boolean": bool}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resource(SCHEMA).read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def default() -> Any:
    return json.loads(resource(DEFAULT_TIMELINE).read_text(encoding="utf-8"))


def errors(value: Any, node: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """A small validator for the keywords the schema uses (enough to check it without jsonschema)."""
    if "$ref" in node:
        return errors(value, root["$defs"][node["$ref"].removeprefix("#/$defs/")], root, where)
    if "anyOf" in node:
        found = [errors(value, option, root, where) for option in node["anyOf"]]
        return [] if any(not f for f in found) else [f"{where}: matches none of anyOf"]
    kinds = node.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if kinds and not any(isinstance(value, JSON_TYPES[k]) and not (isinstance(value, bool) and k != "boolean") for k in kinds):
        return [f"{where}: not {kinds}"]
    return _keywords(value, node, root, where)


def _keywords(value: Any, node: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            found.append(f"{where}: {value!r} does not match the pattern")
        if len(value) < node.get("minLength", 0):
            found.append(f"{where}: too short")
    if "enum" in node and value not in node["enum"]:
        found.append(f"{where}: not in enum")
    if isinstance(value, int) and value < node.get("minimum", value):
        found.append(f"{where}: below minimum")
    if isinstance(value, dict):
        found += [f"{where}.{key}: missing" for key in node.get("required", []) if key not in value]
        for key, sub in node.get("properties", {}).items():
            if key in value:
                found += errors(value[key], sub, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            found += errors(item, node["items"], root, f"{where}[{i}]")
    return found


def test_the_schema_is_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_default_timeline_follows_the_schema(schema: dict[str, Any], default: Any) -> None:
    assert errors(default, schema, schema) == []


def test_the_hand_check_catches_what_the_schema_forbids(schema: dict[str, Any], default: Any) -> None:
    broken = json.loads(json.dumps(default))
    del broken["events"][0]["id"]
    broken["events"][1]["start"] = "March 2024"
    broken["events"][2]["importance"] = "high"
    broken["sources"][0]["number_format"] = "fr"
    assert sorted(errors(broken, schema, schema)) == [
        "$.events[0].id: missing",
        "$.events[1].start: 'March 2024' does not match the pattern",
        "$.events[2].importance: not ['integer']",
        "$.sources[0].number_format: not in enum",
    ]


@pytest.mark.parametrize("name", STRUCTS)
def test_the_schema_lists_every_field_of_the_model(schema: dict[str, Any], name: str) -> None:
    node = schema["$defs"][name] if name else schema
    fields = msgspec.structs.fields(STRUCTS[name])
    assert set(node["properties"]) == {f.encode_name for f in fields}
    assert set(node.get("required", [])) == {f.encode_name for f in fields if f.required}
    assert all("description" in node["properties"][f.encode_name] or "$ref" in node["properties"][f.encode_name] for f in fields)


@pytest.mark.parametrize("text", ["2025", "2025-03", "2025-03-10", "2025-03-10T14:30", "2025-03-10 14:30:05Z", "-13799999999",
                                  "+0500", "March 2025", "2025-3", "25-03-10T1:30", "", "2025-03-10T14"])
def test_the_date_pattern_agrees_with_the_parser_on_syntax(schema: dict[str, Any], text: str) -> None:
    try:
        TimePoint.parse(text)
        parses = True
    except DateError:
        parses = False
    assert bool(re.search(schema["$defs"]["date"]["pattern"], text)) is parses


def test_jsonschema_accepts_the_schema_and_the_default_timeline(schema: dict[str, Any], default: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(default)


def test_the_shipped_schema_is_the_one_generated_from_the_structs() -> None:
    stale = "resources/timeline.schema.json is not what the structs generate: run python -m model.formats.schema"
    assert resource(SCHEMA).read_text(encoding="utf-8") == schema_text(), stale


def test_a_field_added_to_a_struct_changes_the_generated_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    wide_lane = msgspec.defstruct("Lane", [("id", str), ("name", str), ("width", int, 1)])
    doc = msgspec.defstruct("TimelineDoc", [("title", str), ("events", list[Event]), ("lanes", list[wide_lane], [])])
    monkeypatch.setattr("model.formats.schema.TimelineDoc", doc)
    generated = timeline_schema()
    assert set(generated["$defs"]["lane"]["properties"]) == {"id", "name", "width"}
    assert set(generated["properties"]) == {"title", "events", "lanes"}
    assert generated != json.loads(resource(SCHEMA).read_text(encoding="utf-8"))
