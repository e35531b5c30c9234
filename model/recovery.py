"""Recovery files: unsaved changes written aside every little while, so a crash loses at most that little while.

Each running app writes its own file, ``<folder>/<pid>.recovery.json`` (atomically), holding the document as
it is, the texts of its sources kept in files, and the file it belongs to. A clean exit, a save or a discard
removes it. At start-up, files whose process is no longer running were left by a crash
(:func:`orphans`): the app offers to restore them (:func:`read_recovery`).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import msgspec

from model.errors import Problem, TimelineError
from model.formats.native import build_timeline
from model.formats.writing import encode_json, make_folder, write_atomically
from model.saving import DiskStamp
from model.timeline import Timeline, TimelineDoc

RECOVERY_FORMAT = "timeline-viewer-recovery/1"
SUFFIX = ".recovery.json"
DEFAULT_INTERVAL_S = 30.0
"""How often unsaved changes are written aside."""
INTERVAL_ENV = "TIMELINE_VIEWER_RECOVERY_SECONDS"
"""Overrides :data:`DEFAULT_INTERVAL_S` (tests use a fraction of a second)."""


class RecoveryFile(msgspec.Struct):
    """What a recovery file holds."""

    format: str
    path: str | None
    """The file the document was opened from or saved to; None for a new timeline."""
    written: str
    """When it was written (ISO 8601, UTC)."""
    timeline: TimelineDoc
    texts: dict[str, str] = {}
    """Source file name (as the timeline names it) to text."""
    known: DiskStamp | None = None
    """What ``path`` was on disk when it was opened or last saved, so a later save still refuses a file changed since."""


@dataclass(frozen=True)
class Recovered:
    """A document restored from a recovery file."""

    recovery: Path
    path: str | None
    written: str
    timeline: Timeline
    texts: dict[str, str]
    known: DiskStamp | None


def interval_seconds() -> float:
    """How often to write the recovery file: :data:`INTERVAL_ENV` if it is a positive number, else 30 s."""
    try:
        value = float(os.environ.get(INTERVAL_ENV, ""))
    except ValueError:
        return DEFAULT_INTERVAL_S
    return value if value > 0 else DEFAULT_INTERVAL_S


def own_file(folder: Path, pid: int | None = None) -> Path:
    """This process's recovery file in ``folder``."""
    return folder / f"{os.getpid() if pid is None else pid}{SUFFIX}"


def encode_recovery(doc: TimelineDoc, path: str | None, texts: dict[str, str], written: str,
                    known: DiskStamp | None = None) -> list[bytes]:
    """The recovery file's bytes, in pieces (see :func:`~model.formats.writing.encode_json`)."""
    body = {"format": RECOVERY_FORMAT, "path": path, "written": written, "timeline": doc, "texts": texts,
            "known": known}
    return encode_json(body)


def write_recovery(target: Path, data: bytes | list[bytes]) -> None:
    """Write a recovery file atomically (its folder made if needed)."""
    make_folder(target.parent)
    write_atomically(target, data)


def remove(target: Path) -> None:
    """Remove a recovery file (nothing happens if it is gone)."""
    with contextlib.suppress(FileNotFoundError):
        target.unlink()


def orphans(folder: Path) -> list[Path]:
    """Recovery files left by processes no longer running (a crash), newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*{SUFFIX}") if not _alive(p.name.removesuffix(SUFFIX))]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _alive(pid_text: str) -> bool:
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # some process has it; leave its file alone
    return _same_program(pid)


def _same_program(pid: int) -> bool:
    """Whether ``pid`` is still a Python process (a pid reused by another program does not keep a file)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True
    return b"python" in command.lower() or b"timeline" in command.lower()


def read_recovery(target: Path) -> Recovered:
    """The document a recovery file holds, checked; raises TimelineError naming the file if it cannot be read."""
    name = str(target)
    try:
        raw = msgspec.json.decode(target.read_bytes(), type=RecoveryFile)
    except OSError as exc:
        raise TimelineError(name, [Problem("", exc.strerror or str(exc))]) from exc
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise TimelineError(name, [Problem("", f"not a readable recovery file: {exc}")]) from exc
    if raw.format != RECOVERY_FORMAT:
        raise TimelineError(name, [Problem("format", f"{raw.format!r} is not a recovery file this app reads")])

    def read_source(file: str) -> str:
        if file not in raw.texts:
            raise FileNotFoundError(2, "its text was not in the recovery file", file)
        return raw.texts[file]

    timeline = build_timeline(raw.timeline, raw.path or name, read_source)
    timeline.path = raw.path
    return Recovered(target, raw.path, raw.written, timeline, dict(raw.texts), raw.known)
