"""Opening files by their content, and saving in the app's own format: self-contained, atomic, round-trip stable."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import msgspec
import pytest

from model.default import load_default
from model.errors import TimelineError
from model.formats.native import load_timeline
from model.formats.registry import FileFormat, detect_format, encode_timeline, open_timeline, save_timeline
from model.provenance.quotes import QuoteStatus
from model.timeline import Timeline
from resources import DEFAULT_TIMELINE, SCHEMA, resource

DATA = Path(__file__).resolve().parents[1] / "data"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
SAMPLES = ["timelinejs_sloppy.json", "timelinejs_cosmological.json", "timeline.csv", "timeline_semicolon.csv"]


def contents(timeline: Timeline) -> list[tuple[object, ...]]:
    """What a round trip must keep: every event's fields, dates and quotes."""
    return [(msgspec.to_builtins(e), timeline.starts[i], timeline.ends[i]) for i, e in enumerate(timeline.events)]


@pytest.fixture
def default_copy(tmp_path: Path) -> Path:
    shutil.copytree(RESOURCES / "sources", tmp_path / "sources")
    shutil.copy(RESOURCES / DEFAULT_TIMELINE, tmp_path / "timeline.json")
    return tmp_path / "timeline.json"


def test_opens_the_own_format_with_sources_beside_the_file(default_copy: Path) -> None:
    timeline = open_timeline(default_copy)
    assert contents(timeline) == contents(load_default())
    assert timeline.path == str(default_copy)
    assert all(check.verified for check in timeline.quote_checks.values())


@pytest.mark.parametrize(("sample", "kind"), [
    ("timelinejs_sloppy.json", FileFormat.TIMELINEJS),
    ("timeline.csv", FileFormat.CSV),
])
def test_the_format_comes_from_the_content_not_the_extension(tmp_path: Path, sample: str, kind: FileFormat) -> None:
    text = (DATA / sample).read_text(encoding="utf-8-sig")
    assert detect_format(text, sample)[0] is kind
    disguised = tmp_path / ("timeline.csv" if kind is FileFormat.TIMELINEJS else "timeline.json")
    shutil.copy(DATA / sample, disguised)
    assert contents(open_timeline(disguised)) == contents(open_timeline(DATA / sample))


def test_own_format_is_recognised_by_its_marker_or_by_start_fields() -> None:
    assert detect_format('{"format": "timeline-viewer/1", "scale": "x"}', "f")[0] is FileFormat.OWN
    assert detect_format('{"title": "t", "events": [{"start": "2020"}]}', "f")[0] is FileFormat.OWN
    assert detect_format('{"title": "t", "events": []}', "f")[0] is FileFormat.OWN


@pytest.mark.parametrize(("text", "found"), [
    ("just some notes\nnothing more", "line 1: found text whose first line 'just some notes' is not a header with a date column"),
    ('{"name": "a settings file"}', "found a JSON object with keys name, and no events"),
    ("[1, 2, 3]", "found a JSON list of 3 values, not objects"),
    ('[{"id": 1, "name": "a", "when": "soon"}, {"id": 2, "name": "b"}]',
     "found a JSON list of 2 objects with keys id, name, when, and no start date field"),
    ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "found an XML document whose root is <svg>"),
    ("x" * 200_000 + "\nmore", "line 1: found text whose first line is 200,000 characters long"),
])
def test_content_of_no_understood_format_is_refused_listing_the_formats(tmp_path: Path, text: str, found: str) -> None:
    path = tmp_path / "mystery.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TimelineError) as info:
        open_timeline(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 1 problem")
    assert found in message
    assert all(kind.value in message for kind in FileFormat)


@pytest.mark.parametrize("sample", SAMPLES)
def test_imports_survive_a_save_and_reopen(tmp_path: Path, sample: str) -> None:
    imported = open_timeline(DATA / sample)
    saved = tmp_path / "saved.json"
    save_timeline(imported, saved)
    reopened = open_timeline(saved)
    assert contents(reopened) == contents(imported)
    assert msgspec.to_builtins(reopened.doc) == msgspec.to_builtins(imported.doc)
    save_timeline(reopened, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == saved.read_bytes()


def test_a_saved_timeline_is_self_contained(tmp_path: Path, default_copy: Path) -> None:
    saved = tmp_path / "elsewhere" / "saved.json"
    saved.parent.mkdir()
    save_timeline(open_timeline(default_copy), saved)
    raw = json.loads(saved.read_text(encoding="utf-8"))
    assert all("file" not in source and source["text"] for source in raw["sources"])
    reopened = load_timeline(saved)
    assert contents(reopened) == contents(load_default())
    assert {c.status for c in reopened.quote_checks.values()} == {QuoteStatus.VERIFIED}


def test_saved_json_is_pretty_starts_with_its_format_and_omits_defaults(default_copy: Path) -> None:
    text = encode_timeline(open_timeline(default_copy)).decode("utf-8")
    assert text.startswith('{\n  "format": "timeline-viewer/1",\n  "title": ')
    raw = json.loads(text)
    assert "eras" not in raw
    first = raw["events"][0]
    assert "end" not in first and "link" not in first and "claims" not in first
    assert all("color" in lane for lane in raw["lanes"])
    assert "\u2019" in text


def test_a_saved_file_validates_against_the_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resource(SCHEMA).read_text(encoding="utf-8"))
    for sample in SAMPLES:
        jsonschema.validate(json.loads(encode_timeline(open_timeline(DATA / sample))), schema)


def test_a_failed_save_leaves_the_old_file_and_no_partial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "timeline.json"
    target.write_text("old contents", encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        save_timeline(load_default(), target)
    assert target.read_text(encoding="utf-8") == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.json"]


def test_saving_into_a_missing_folder_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        save_timeline(load_default(), tmp_path / "missing" / "timeline.json")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_over_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "timeline.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    save_timeline(load_default(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert open_timeline(target).title == load_default().title


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_saving_through_a_symbolic_link_replaces_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_timeline(load_default(), link)
    assert link.is_symlink()
    assert open_timeline(real).title == load_default().title
