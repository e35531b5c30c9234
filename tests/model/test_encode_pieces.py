"""The own format and the recovery file are encoded in pieces: long texts and long lists apart, into the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import model.formats.writing as writing
from model.formats.registry import open_timeline
from model.formats.writing import encode_json, encode_timeline
from model.recovery import encode_recovery
from model.saving import DiskStamp

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "default_timeline.json"


def many_events(n: int, summary: str = "A summary.") -> dict[str, object]:
    lanes = [{"id": "l", "name": "Lane"}]
    events = [{"id": f"e{k}", "title": f"Event {k} \u201cquoted\u201d \U0001f600", "start": f"2024-01-{k % 28 + 1:02d}", "lanes": ["l"],
               "summary": summary if k % 2 else "", "notes": [f"note {k}"] * (k % 3)} for k in range(n)]
    return {"format": "timeline-viewer/1", "title": "Many", "lanes": lanes, "events": events,
            "sources": [{"id": "s", "title": "S", "text": "Line one.\nLine two \u00e9\u96e8."}]}


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings over 5 characters and lists over 3 items are encoded apart."""
    monkeypatch.setattr(writing, "LONG_CHARS", 5)
    monkeypatch.setattr(writing, "BATCH", 3)


@pytest.mark.parametrize("doc", ["default", "many", "surrogate"])
def test_pieces_make_the_bytes_one_encoding_makes(doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if doc == "default":
        path = DEFAULT
    else:
        raw = many_events(25, "A \ud800 lone surrogate" if doc == "surrogate" else "Long enough to be apart.")
        path = tmp_path / "t.json"
        path.write_text(json.dumps(raw), encoding="utf-8")
    timeline = open_timeline(path)
    whole = encode_timeline(timeline)
    recovered = b"".join(encode_recovery(timeline.doc, str(path), {"s": "a text\nof lines"}, "now"))
    monkeypatch.setattr(writing, "LONG_CHARS", 5)
    monkeypatch.setattr(writing, "BATCH", 3)
    pieces = writing.encode_timeline_pieces(timeline)
    assert len(pieces) > 10  # it was cut apart
    again = b"".join(encode_recovery(timeline.doc, str(path), {"s": "a text\nof lines"}, "now"))
    if doc == "surrogate":  # only the pieces that hold one are written with JSON escapes
        assert json.loads(b"".join(pieces)) == json.loads(whole) and json.loads(again) == json.loads(recovered)
        assert b"\\ud800" in whole and "Event 0 \u201cquoted\u201d".encode() in b"".join(pieces)
    else:
        assert b"".join(pieces) == whole and again == recovered
        assert whole.startswith(b'{\n  "format": "timeline-viewer/1",\n')
    reread = json.loads(whole)
    assert reread["title"] == timeline.doc.title and len(reread["events"]) == len(timeline.doc.events)


def test_what_is_written_apart_reads_back_as_the_document(small_pieces: None, tmp_path: Path) -> None:
    raw = many_events(40, "Déjà vu, \U0001f600 \"quoted\" and \\ escaped\n")
    path = tmp_path / "t.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    timeline = open_timeline(path)
    saved = tmp_path / "saved.json"
    writing.save_timeline(timeline, saved)
    again = open_timeline(saved)
    assert json.loads(encode_timeline(again)) == json.loads(encode_timeline(timeline))
    assert [event.summary for event in again.doc.events] == [event.summary for event in timeline.doc.events]
    assert again.source_texts == timeline.source_texts
    compact = json.loads(b"".join(encode_json({"a": ["x" * 12] * 7, "b": {"c": list(range(9))}})))
    assert compact == {"a": ["x" * 12] * 7, "b": {"c": list(range(9))}}


def test_default_values_are_left_out(small_pieces: None, tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(many_events(5)), encoding="utf-8")
    written = json.loads(b"".join(writing.encode_own_format(open_timeline(path).doc)))
    assert "notes" not in written["events"][0] and written["events"][2]["notes"] == ["note 2"] * 2
    assert "summary" not in written["events"][0] and "end" not in written["events"][0]


def test_a_recovery_file_with_a_lone_surrogate_and_a_disk_stamp_is_written(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(many_events(3, "A \ud800 lone surrogate")), encoding="utf-8")
    known = DiskStamp(1, 2, "ab")
    written = json.loads(b"".join(encode_recovery(open_timeline(path).doc, str(path), {}, "now", known)))
    assert written["known"] == {"mtime_ns": 1, "size": 2, "sha256": "ab"}
    assert written["timeline"]["events"][1]["summary"] == "A \ud800 lone surrogate"
