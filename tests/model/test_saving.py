"""Saving: atomic, the previous version kept as FILE.bak, source texts beside the file, no silent overwrite; recovery files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from model.default import load_default
from model.editing import AddQuote, AddSource, History, RenameLane, source_file
from model.formats.native import load_timeline
from model.recovery import encode_recovery, orphans, own_file, read_recovery, write_recovery
from model.saving import ChangedOnDisk, DiskStamp, NotOwnFormat, UnsafeSourcePath, backup_path, changed_since, save_document, stamp
from model.timeline import QuoteRef, Source

TEXT = "On Monday the parties signed a contract worth $11.9 billion."


def edited_history() -> History:
    history = History(load_default())
    history.apply(AddSource(Source("note", "A note", file=source_file("note")), TEXT))
    history.apply(AddQuote(history.doc.events[0].id, QuoteRef("note", "signed a contract")))
    return history


def test_saved_file_reopens_with_its_sources_and_verified_quotes(tmp_path: Path) -> None:
    history = edited_history()
    target = tmp_path / "mine.json"
    save_document(history.doc, target, history.source_files())
    assert (tmp_path / "sources" / "note.txt").read_text(encoding="utf-8") == TEXT
    reopened = load_timeline(target)
    quote = len(reopened.events[0].quotes) - 1
    check = reopened.quote_checks[(0, quote)]
    assert check.verified and TEXT[check.start:check.end] == "signed a contract"
    assert not backup_path(target).exists()


def test_second_save_keeps_the_first_as_bak(tmp_path: Path) -> None:
    history = edited_history()
    target = tmp_path / "mine.json"
    first = save_document(history.doc, target, history.source_files())
    old = target.read_bytes()
    history.apply(RenameLane(history.doc.lanes[0].id, "Renamed lane"))
    save_document(history.doc, target, history.source_files(), known=first)
    assert backup_path(target).read_bytes() == old
    assert b"Renamed lane" in target.read_bytes() and b"Renamed lane" not in old
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_file_changed_on_disk_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    history = edited_history()
    target = tmp_path / "mine.json"
    known = save_document(history.doc, target, history.source_files())
    target.write_text(target.read_text(encoding="utf-8").replace("Renamed", "x") + " ", encoding="utf-8")
    theirs = target.read_bytes()
    assert changed_since(target, known)
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        save_document(history.doc, target, history.source_files(), known=known)
    assert target.read_bytes() == theirs
    save_document(history.doc, target, history.source_files(), known=known, overwrite_changed=True)
    assert target.read_bytes() != theirs and backup_path(target).read_bytes() == theirs


def test_touching_a_file_is_not_a_change(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"{}")
    known = stamp(target)
    os.utime(target, ns=(1, 1))
    assert not changed_since(target, known)


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    history = edited_history()
    target = tmp_path / "mine.json"
    save_document(history.doc, target, history.source_files())
    old = target.read_bytes()
    with pytest.raises(UnsafeSourcePath, match="outside the timeline's folder"):
        save_document(history.doc, target, {"../escape.txt": "x"})
    assert target.read_bytes() == old and not (tmp_path.parent / "escape.txt").exists()


def test_recovery_file_round_trip(tmp_path: Path) -> None:
    history = edited_history()
    target = own_file(tmp_path, pid=999_999_999)
    write_recovery(target, encode_recovery(history.doc, "/somewhere/mine.json", history.source_files(), "2026-11-30T21:00:00Z"))
    assert orphans(tmp_path) == [target]
    assert orphans(tmp_path / "missing") == []
    recovered = read_recovery(target)
    assert recovered.path == "/somewhere/mine.json" and recovered.timeline.doc == history.doc
    assert recovered.timeline.quote_checks == history.timeline.quote_checks


def test_own_recovery_file_is_not_an_orphan(tmp_path: Path) -> None:
    write_recovery(own_file(tmp_path), b"{}")
    assert orphans(tmp_path) == []


def test_imported_file_is_not_overwritten_by_save(tmp_path: Path) -> None:
    target = tmp_path / "slides.json"
    target.write_text('{"events": [{"start_date": {"year": 2025}, "text": {"headline": "A"}}]}', encoding="utf-8")
    with pytest.raises(NotOwnFormat):
        save_document(edited_history().doc, target, {}, own_format_only=True)


def test_recovery_keeps_what_the_file_was(tmp_path: Path) -> None:
    history = edited_history()
    known = DiskStamp(1, 2, "ab")
    target = own_file(tmp_path, pid=999_999_998)
    write_recovery(target, encode_recovery(history.doc, None, history.source_files(), "now", known))
    assert read_recovery(target).known == known
