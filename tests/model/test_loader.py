"""Loading the own format: every problem reported with its JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.errors import TimelineError
from model.formats.native import load_timeline

GOOD = {
    "title": "T",
    "lanes": [{"id": "a", "name": "A", "color": "#ff0000"}],
    "sources": [{"id": "s", "title": "S", "text": "The sky is blue today."}],
    "events": [
        {"id": "e1", "title": "One", "start": "2025-03-10", "lanes": ["a"], "quotes": [{"source": "s", "text": "sky is blue"}]},
        {"id": "e2", "title": "Two", "start": "2024", "end": "2025-01", "lanes": ["a"]},
    ],
}


def write(tmp_path: Path, doc: object, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(TimelineError) as info:
        load_timeline(path)
    assert str(path) in str(info.value)
    return [str(p) for p in info.value.problems]


def test_good_file_loads(tmp_path: Path) -> None:
    timeline = load_timeline(write(tmp_path, GOOD))
    assert [e.id for e in timeline.events] == ["e1", "e2"]
    assert timeline.quote_checks[(0, 0)].verified
    assert timeline.date_label(1) == "2024 – January 2025"


def test_every_problem_is_reported_with_its_path(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(GOOD))
    doc["events"][0]["start"] = "2025-02-30"
    doc["events"][1]["end"] = "2023"
    doc["events"][1]["lanes"] = ["nope"]
    doc["events"][0]["quotes"][0]["source"] = "missing"
    doc["events"].append(dict(doc["events"][0]))
    found = problems_of(write(tmp_path, doc))
    assert any(p.startswith("events[0].start:") and "2025-02-30" in p for p in found)
    assert any(p.startswith("events[1].end:") and "before the start" in p for p in found)
    assert any(p.startswith("events[1].lanes[0]:") and "unknown lane 'nope'" in p for p in found)
    assert any(p.startswith("events[0].quotes[0].source:") and "unknown source 'missing'" in p for p in found)
    assert any(p.startswith("events[2].id:") and "duplicate id 'e1'" in p for p in found)


def test_wrong_types_and_missing_fields(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(GOOD))
    doc["events"][0]["title"] = 5
    del doc["events"][1]["start"]
    doc["lanes"] = "a"
    found = problems_of(write(tmp_path, doc))
    assert "events[0].title: expected a string, found 5" in found
    assert "events[1].start: is missing" in found
    assert "lanes: expected a list, found \"a\"" in found


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "title": "x",\n  "events": [,]\n}', encoding="utf-8")
    found = problems_of(path)
    assert found[0].startswith("line 3, column 14: invalid JSON")


def test_source_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(GOOD))
    doc["sources"][0] = {"id": "s", "title": "S", "file": "../../etc/passwd"}
    found = problems_of(write(tmp_path, doc))
    assert any(p.startswith("sources[0].file:") and "outside" in p for p in found)
