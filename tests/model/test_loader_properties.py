"""Property-based tests: any document, mutated or random, either loads or raises TimelineError; deep time sorts and reads."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.errors import TimelineError
from model.formats.csv_import import timeline_from_csv
from model.formats.native import load_timeline_bytes
from model.formats.registry import open_timeline
from model.formats.timelinejs import DATE_PARTS, timeline_from_timelinejs
from model.provenance.plain_text import plain_text
from model.timeline import Timeline
from resources import DEFAULT_TIMELINE, resource

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_BYTES = resource(DEFAULT_TIMELINE).read_bytes()
SAMPLES = {name: (DATA / name).read_bytes() for name in (
    "timelinejs_sloppy.json", "timelinejs_cosmological.json", "timeline.csv", "timeline_semicolon.csv")}
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=True) | st.text(max_size=12)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
date_parts = st.none() | st.integers(-30_000_000_000, 30_000_000_000) | st.integers(-3, 70) \
    | st.sampled_from(["", "08", "2025", "-500", "March", "x", "13", "1e3", " 7 ", "2.0"]) | st.floats(-1e12, 1e12)


def no_source_files(file: str) -> str:
    raise OSError(2, "No such file or directory")


def loads_or_refuses(action: Any, *args: Any) -> Timeline | None:
    """Run a loader: a timeline or a TimelineError are fine, any other exception fails the test."""
    try:
        return action(*args)  # type: ignore[no-any-return]
    except TimelineError as exc:
        error = exc
    assert error.problems
    assert all(isinstance(p.where, str) and p.message for p in error.problems)
    return None


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, as a path of keys and indices."""
    places = [prefix]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        places += paths_of(child, (*prefix, key))
    return places


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """A copy of ``document`` with a few places dropped, retyped or replaced by random JSON."""
    doc = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in paths_of(doc) if p]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return doc


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, or with random bytes inserted or overwritten."""
    at = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["truncate", "insert", "overwrite"]))
    if how == "truncate":
        return data[:at]
    noise = draw(st.binary(min_size=1, max_size=8))
    return data[:at] + noise + data[at + (len(noise) if how == "overwrite" else 0):]


@FAST
@given(mutated(json.loads(DEFAULT_BYTES)))
def test_a_mutated_default_timeline_loads_or_is_refused(document: Any) -> None:
    loads_or_refuses(load_timeline_bytes, json.dumps(document).encode(), "mutated.json", no_source_files)


@FAST
@given(st.sampled_from([json.loads(SAMPLES["timelinejs_sloppy.json"]), json.loads(SAMPLES["timelinejs_cosmological.json"])])
       .flatmap(mutated))
def test_a_mutated_timelinejs_file_loads_or_is_refused(document: Any) -> None:
    loads_or_refuses(timeline_from_timelinejs, document, "mutated.json")


@FAST
@given(st.fixed_dictionaries({}, optional={key: json_values for key in ("title", "scale", "events", "eras")}))
def test_random_timelinejs_documents_load_or_are_refused(document: dict[str, Any]) -> None:
    loads_or_refuses(timeline_from_timelinejs, document, "random.json")


@FAST
@given(st.lists(st.dictionaries(st.sampled_from(DATE_PARTS), date_parts), min_size=1, max_size=4))
def test_random_dates_load_or_are_refused(dates: list[dict[str, Any]]) -> None:
    events = [{"start_date": start, "end_date": end} for start, end in zip(dates, dates[1:] + [None], strict=True)]
    timeline = loads_or_refuses(timeline_from_timelinejs, {"events": events}, "dates.json")
    if timeline is not None:
        assert all(timeline.index.start[i] <= timeline.index.end[i] for i in range(len(timeline.index)))


@FAST
@given(st.sampled_from(sorted(SAMPLES)).flatmap(lambda name: st.tuples(st.just(name), damaged_bytes(SAMPLES[name]))))
def test_damaged_sample_files_open_or_are_refused(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes]) -> None:
    name, data = case
    path = tmp_path_factory.mktemp("damaged") / name
    path.write_bytes(data)
    loads_or_refuses(open_timeline, path)


@FAST
@given(damaged_bytes(DEFAULT_BYTES))
def test_a_damaged_default_timeline_loads_or_is_refused(data: bytes) -> None:
    loads_or_refuses(load_timeline_bytes, data, "damaged.json", no_source_files)


@FAST
@given(st.lists(st.lists(st.text(max_size=10) | date_parts.map(str), max_size=8), max_size=6), st.sampled_from([",", ";", "\t"]))
def test_random_csv_rows_load_or_are_refused(rows: list[list[str]], delimiter: str) -> None:
    header = delimiter.join(["Year", "Month", "Day", "Time", "End Year", "Headline", "Type", "Media Credit", "Media Caption"])
    body = "\n".join(delimiter.join(f'"{cell.replace(chr(34), chr(34) * 2)}"' for cell in row) for row in rows)
    loads_or_refuses(timeline_from_csv, f"{header}\n{body}\n", "random.csv")


@FAST
@given(st.text())
def test_plain_text_never_keeps_control_characters(text: str) -> None:
    plain = plain_text(text)
    assert not any(ord(ch) < 32 and ch not in "\n\t" or 0x7F <= ord(ch) <= 0x9F for ch in plain)


@FAST
@given(st.lists(st.integers(-13_800_000_000, 2025), min_size=1, max_size=20))
def test_deep_time_sorts_by_year(years: list[int]) -> None:
    events = [{"start_date": {"year": year}, "text": {"headline": f"E{i}"}} for i, year in enumerate(years)]
    timeline = timeline_from_timelinejs({"scale": "cosmological", "events": events}, "deep.json")
    order = [timeline.index.event[i] for i in range(len(timeline.index))]
    assert [years[i] for i in order] == sorted(years)


def test_deep_time_from_the_big_bang_to_today(tmp_path: Path) -> None:
    document = {"title": "Deep", "events": [
        {"id": "now", "title": "Now", "start": "2025"},
        {"id": "big-bang", "title": "Big Bang", "start": "-13799999999"},
        {"id": "earth", "title": "Earth", "start": "-4599999999", "end": "-4000000000"},
    ]}
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    timeline = open_timeline(path)
    assert [timeline.events[i].id for i in timeline.index.event_order] == ["big-bang", "earth", "now"]
    assert np.all(np.diff(timeline.index.start) > 0)
    assert timeline.date_label(1) == "13.8 billion years ago"
    assert timeline.date_label(2) == "4.6 billion years ago \u2013 4 billion years ago"
    assert timeline.date_label(0) == "2025"
    lo, hi = timeline.time_bounds()
    assert lo < -4.35e17 and hi > 1.7e9
