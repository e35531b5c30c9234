"""Writing a timeline in the app's own format: default values left out, files replaced atomically.

Saving, recovery and export write through here without loading the importers of other formats (registry.py).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any

import msgspec

from model.formats.native import PIECES_FROM_BYTES, search_windows
from model.timeline import Source, Timeline

OWN_FORMAT = "timeline-viewer/1"


class _Sniff(msgspec.Struct):
    """Just the top-level ``format`` of a JSON object; everything else is skipped, not decoded."""

    format: Any = None


_OWN_FORMAT = re.compile(rb'"format"\s*:\s*"timeline-viewer/')


def declares_own_format(data: bytes) -> bool:
    """Whether the bytes are a JSON object whose ``format`` names this app's format (a cheap look).

    A large file is searched for the key a mebibyte at a time rather than decoded, which would hold the interpreter
    for a tenth of a second or more (the window waiting); the key found may then be nested in an object, which
    this app's format never does and other formats have no reason to.
    """
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    if len(data) > PIECES_FROM_BYTES:
        return search_windows(_OWN_FORMAT, data) is not None
    try:
        found = msgspec.json.decode(data.lstrip(b"\xef\xbb\xbf"), type=_Sniff).format
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        return False  # the loader reads it again and says what is wrong
    return isinstance(found, str) and found.startswith("timeline-viewer/")


def save_timeline(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write the timeline in the app's own format, sources' texts inline, replacing ``path`` atomically."""
    write_atomically(Path(path), encode_timeline(timeline))


def encode_timeline(timeline: Timeline) -> bytes:
    """The timeline as pretty JSON in the app's own format, self-contained, default values left out."""
    sources = [_inline(source, timeline.source_texts) for source in timeline.doc.sources]
    doc = msgspec.structs.replace(timeline.doc, sources=sources)
    body = {"format": OWN_FORMAT, **{k: v for k, v in to_plain(doc).items() if k != "format"}}
    try:
        return msgspec.json.format(msgspec.json.encode(body), indent=2) + b"\n"
    except UnicodeEncodeError:
        # a lone surrogate ("A\ud800B", valid in JSON text, not in UTF-8) is written as its JSON escape
        return json.dumps(body, ensure_ascii=True, indent=2).encode("ascii") + b"\n"


def _inline(source: Source, texts: dict[str, str]) -> Source:
    if source.id not in texts:
        return source
    return msgspec.structs.replace(source, text=texts[source.id], file=None)


def to_plain(value: Any) -> Any:
    """Structs as dicts without the fields that hold their default value; lists and scalars as they are."""
    if isinstance(value, msgspec.Struct):
        fields = msgspec.structs.fields(value)
        return {f.encode_name: to_plain(getattr(value, f.name)) for f in fields if not _is_default(f, getattr(value, f.name))}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


def _is_default(field: msgspec.structs.FieldInfo, value: Any) -> bool:
    if field.default is not msgspec.NODEFAULT:
        return bool(value == field.default)
    if field.default_factory is not msgspec.NODEFAULT:
        return bool(value == field.default_factory())
    return False


def make_folder(folder: Path) -> None:
    """Make ``folder`` (and those above it) if missing; a file in the way is named: "...: Not a directory"."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory (a file is where this folder should be)", str(blocking)) from exc


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary file beside ``path`` and rename it over; a failure leaves no partial file."""
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path)) if target.is_dir() else OSError(
            errno.EINVAL, "not a regular file (a device, pipe or socket)", str(path))
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o666)
    except OSError as exc:  # name the file being written, not its hidden temporary twin
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    handle = os.fdopen(fd, "wb")
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(target, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _keep_mode(target: Path, temp: Path) -> None:
    """Give the new file the permissions of the one it replaces."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
