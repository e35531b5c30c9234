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
from model.formats.reader import collector_paused
from model.timeline import Source, Timeline
from model.work import checkpoint

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
    write_atomically(Path(path), encode_timeline_pieces(timeline))


def encode_timeline(timeline: Timeline) -> bytes:
    """The timeline as pretty JSON in the app's own format, self-contained, default values left out."""
    return b"".join(encode_timeline_pieces(timeline))


def encode_timeline_pieces(timeline: Timeline) -> list[bytes]:
    """:func:`encode_timeline` in pieces (see :func:`encode_json`)."""
    sources = [_inline(source, timeline.source_texts) for source in timeline.doc.sources]
    return encode_own_format(msgspec.structs.replace(timeline.doc, sources=sources))


def encode_own_format(doc: Any) -> list[bytes]:
    """A document (a ``TimelineDoc``) as pretty JSON in the app's own format, its ``format`` first, in pieces."""
    return encode_json(_WithFormat(doc), indent=2)


def _inline(source: Source, texts: dict[str, str]) -> Source:
    if source.id not in texts:
        return source
    return msgspec.structs.replace(source, text=texts[source.id], file=None)


class _WithFormat:
    """A document to write with ``"format": OWN_FORMAT`` as its first key, whatever its own field says."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc


LONG_CHARS = 1 << 20
"""A string longer than this is encoded apart, a piece at a time (see :func:`encode_json`)."""
BATCH = 10_000
"""A list longer than this is encoded apart, this many items at a time."""


class _Plain:
    """Structs made dicts without their default-valued fields (an empty list is the empty tuple); each string longer
    than :data:`LONG_CHARS` and each list longer than :data:`BATCH` replaced by a stand-in string (kept in
    :attr:`apart`)."""

    _fields: dict[type, list[tuple[str, str, Any]]] = {}

    def __init__(self) -> None:
        self.apart: list[str | list[Any]] = []
        self.nonce = secrets.token_hex(8)

    def stand_in(self, value: str | list[Any]) -> str:
        self.apart.append(value)
        return f"\x00apart {self.nonce} {len(self.apart) - 1}"

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.stand_in(value) if len(value) > LONG_CHARS else value
        if isinstance(value, msgspec.Struct):
            plain = {}
            for name, key, default in self.fields(type(value)):
                item = getattr(value, name)
                if default is msgspec.NODEFAULT or item != default and not (default == () and item == []):
                    plain[key] = self(item)
            return plain
        if isinstance(value, list):
            if len(value) > BATCH:
                return self.stand_in(value)
            return [self(item) for item in value]
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        if isinstance(value, _WithFormat):
            return {"format": OWN_FORMAT, **{k: v for k, v in self(value.doc).items() if k != "format"}}
        return value

    @classmethod
    def fields(cls, kind: type) -> list[tuple[str, str, Any]]:
        """(attribute, key written, default or NODEFAULT) of each field of a struct type, worked out once: asking
        msgspec evaluates the type's annotations each time (25 s for the fields of 100,000 events)."""
        found = cls._fields.get(kind)
        if found is None:
            found = []
            for field in msgspec.structs.fields(kind):
                default = field.default
                if default is msgspec.NODEFAULT and field.default_factory is not msgspec.NODEFAULT:
                    default = field.default_factory()  # compared with, never handed out
                found.append((field.name, field.encode_name, default))
            cls._fields[kind] = found
        return found


_ENCODER = msgspec.json.Encoder()


def encode_json(value: Any, indent: int | None = None) -> list[bytes]:
    """``value`` (structs written without their default-valued fields) as JSON, pretty with ``indent``, in pieces
    that together are the file.

    Encoding a document in one call held the interpreter, and the window with it, for half a second at a million
    events (and a third of a second for a 100 MB text): each string over :data:`LONG_CHARS` characters and each list
    over :data:`BATCH` items is encoded apart, a piece at a time, and put where its stand-in is.
    Text with a lone surrogate (valid in JSON, not in UTF-8) is written with JSON escapes.
    """
    with collector_paused():
        plain = _Plain()
        tree = plain(value)
    pieces: list[bytes] = []
    marker = re.compile(rb'"\\u0000apart ' + plain.nonce.encode() + rb' (\d+)"')
    _emit(_encode(tree, indent), plain, marker, indent, pieces)
    pieces.append(b"\n" if indent is not None else b"")
    return [piece for piece in pieces if piece]


def _encode(value: Any, indent: int | None) -> bytes:
    try:
        data = _ENCODER.encode(value)
        return msgspec.json.format(data, indent=indent) if indent is not None else data
    except UnicodeEncodeError:  # a lone surrogate ("A\ud800B") is written as its JSON escape
        return json.dumps(value, ensure_ascii=True, indent=indent, separators=None if indent else (",", ":"),
                          default=msgspec.to_builtins).encode()  # what else msgspec writes (a recovery's DiskStamp)


def _emit(data: bytes, plain: _Plain, marker: re.Pattern[bytes], indent: int | None, out: list[bytes]) -> None:
    """``data`` into ``out``, each stand-in replaced by what it stands for, encoded a piece at a time."""
    at = 0
    for found in marker.finditer(data):
        out.append(data[at:found.start()])
        at = found.end()
        apart = plain.apart[int(found[1])]
        if isinstance(apart, str):
            out.append(b'"')
            for start in range(0, len(apart), LONG_CHARS):
                checkpoint()
                out.append(_encode(apart[start:start + LONG_CHARS], None)[1:-1])
            out.append(b'"')
            continue
        line = data.rfind(b"\n", 0, found.start()) + 1
        margin = b" " * (len(data[line:found.start()]) - len(data[line:found.start()].lstrip(b" ")))
        out.append(b"[\n" if indent is not None else b"[")
        for start in range(0, len(apart), BATCH):
            checkpoint()
            with collector_paused():
                batch = [plain(item) for item in apart[start:start + BATCH]]
            encoded = _encode(batch, indent)[1:-1].strip(b"\n")  # the items, each line indented once
            if indent is not None:
                encoded = margin + encoded.replace(b"\n", b"\n" + margin)
            if start:
                out.append(b",\n" if indent is not None else b",")
            _emit(encoded, plain, marker, indent, out)
        out.append(b"\n" + margin + b"]" if indent is not None else b"]")
    out.append(data[at:])


def make_folder(folder: Path) -> None:
    """Make ``folder`` (and those above it) if missing; a file in the way is named: "...: Not a directory"."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory (a file is where this folder should be)", str(blocking)) from exc


def write_atomically(path: Path, data: bytes | list[bytes]) -> None:
    """Write ``data`` (or its pieces, one after another) through a temporary file beside ``path`` and rename it
    over; a failure leaves no partial file."""
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
            for piece in [data] if isinstance(data, bytes) else data:
                handle.write(piece)
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
