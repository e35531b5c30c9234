"""Saving a document safely: atomic writes that keep the previous version as ``FILE.bak``, and no silent overwrite.

A save writes the timeline through a temporary file in the same folder (flushed to disk, then renamed over the
old file), after copying the old file to ``FILE.bak`` the same way; the texts of sources kept in files
(``sources/<id>.txt``) are written beside it first. A file changed on disk since it was opened or last saved
(by another program, another copy of the app) is not overwritten unless the caller says so
(:class:`ChangedOnDisk`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from model.formats.writing import declares_own_format, encode_own_format, make_folder, write_atomically
from model.timeline import TimelineDoc

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class DiskStamp:
    """What a file on disk was when the app last read or wrote it."""

    mtime_ns: int
    size: int
    sha256: str


class ChangedOnDisk(Exception):
    """The file was changed on disk since the app read or wrote it; saving would lose those changes."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} was changed on disk since it was opened")


class NotOwnFormat(Exception):
    """The file on disk is in another format (it was imported): saving over it would replace it with this app's JSON."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} is not in this app's own format")


class UnsafeSourcePath(ValueError):
    """A source's file name that would be written outside the timeline's folder."""


def stamp(path: str | os.PathLike[str]) -> DiskStamp | None:
    """The file as it is on disk now; None when there is no such file."""
    try:
        info = os.stat(path)
        digest = _sha256(Path(path))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return DiskStamp(info.st_mtime_ns, info.st_size, digest)


def changed_since(path: str | os.PathLike[str], known: DiskStamp | None) -> bool:
    """Whether ``path`` differs from ``known`` (by content: a file only touched has not changed)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False  # gone: nothing on disk would be lost
    if known is None:
        return True
    if (info.st_mtime_ns, info.st_size) == (known.mtime_ns, known.size):
        return False
    return info.st_size != known.size or _sha256(Path(path)) != known.sha256


def encode_document(doc: TimelineDoc) -> bytes:
    """The document as pretty JSON in the app's own format; sources kept in files stay in their files."""
    return b"".join(encode_own_format(doc))


def save_document(doc: TimelineDoc, path: str | os.PathLike[str], source_files: dict[str, str],
                  known: DiskStamp | None = None, overwrite_changed: bool = False, own_format_only: bool = False) -> DiskStamp:
    """Write ``doc`` to ``path`` atomically, the old file kept as ``path.bak``; returns the new file's stamp.

    ``source_files`` maps file names relative to the timeline's folder to their texts; those that differ from
    what is on disk are written first. Raises :class:`ChangedOnDisk` if ``path`` changed since ``known`` (pass
    None for a file the app never read, such as a Save As target the user chose to replace) unless
    ``overwrite_changed``; :class:`NotOwnFormat` if ``own_format_only`` and the file holds another format;
    OSError if a file cannot be written (then the old file is untouched).
    """
    target = Path(path)
    if known is not None and not overwrite_changed and changed_since(target, known):
        raise ChangedOnDisk(str(path))
    if own_format_only and target.is_file() and not declares_own_format(target.read_bytes()):
        raise NotOwnFormat(str(path))
    pieces = encode_own_format(doc)  # never one string: encoding or joining it all held the window (0.5 s)
    write_sources(target.parent, source_files)
    if target.is_file():
        write_atomically(backup_path(target), target.read_bytes())
    write_atomically(target, pieces)
    info = os.stat(target)
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return DiskStamp(info.st_mtime_ns, info.st_size, digest.hexdigest())


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of ``path`` is kept: ``FILE.bak``."""
    target = Path(path)
    return target.with_name(target.name + BACKUP_SUFFIX)


def write_sources(folder: Path, source_files: dict[str, str]) -> None:
    """Write each source text into its file under ``folder`` unless the file already holds it."""
    for name, text in source_files.items():
        target = folder / safe_relative(name)
        data = text.encode("utf-8")
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            continue
        make_folder(target.parent)
        write_atomically(target, data)


def safe_relative(name: str) -> PurePosixPath:
    """``name`` as a path inside the timeline's folder; raises UnsafeSourcePath for one that leaves it."""
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or ":" in relative.parts[0]:
        raise UnsafeSourcePath(f"source file {name!r} is outside the timeline's folder")
    return relative


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
