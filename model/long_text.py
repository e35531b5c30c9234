"""Strings of a hundred million characters made a piece at a time, so that no single step holds the interpreter.

The window shares the interpreter with the worker threads: a worker's step that runs for 0.2 s in C (decoding a
100 MB file, joining its pieces, slicing a long line) freezes the window for as long. Here such strings are made in
steps of a millisecond or two, with a :func:`~model.work.checkpoint` (and a chance for the window to run) between.
"""

from __future__ import annotations

import codecs
import ctypes
import sys
from typing import Any

from model.work import checkpoint

JOIN_STEP = 1 << 18
"""Characters copied into a long string at once (at most a mebibyte: well under a millisecond)."""
DECODE_PIECE = 1 << 20
"""Bytes of UTF-8 decoded at once."""
_CPYTHON = sys.implementation.name == "cpython"
_MAX_CHAR = {0: 0x7F, 1: 0xFF, 2: 0xFFFF, 4: 0x10FFFF}
"""The largest character of each width of string (0: ASCII), to ask CPython for a string of that width."""


def _kind_reader() -> Any:
    """A function giving the bytes CPython stores each character of a plain ``str`` in (1, 2 or 4), or 0 for ASCII,
    read from the string's own state bits; None if they are not where CPython 3.11 to 3.14 keep them.

    Not worked out from ``sys.getsizeof``: that counts the string's cached UTF-8 too (made by msgspec, for one),
    and would give ``"é" * 20`` two bytes a character.
    """
    offset = 4 * ctypes.sizeof(ctypes.c_ssize_t)  # after the reference count, the type, the length and the hash

    def kind(text: str) -> int:
        state = ctypes.c_uint32.from_address(id(text) + offset).value
        return 0 if state >> 6 & 1 else state >> 2 & 7  # the ascii bit; else the kind, bits 2 to 4

    import msgspec  # only to check the reading on strings whose UTF-8 is cached

    samples = {"a": 0, "\xe9": 1, "\u20ac": 2, "\U0001f600": 4}
    samples |= {text * 9 + "z": width for text, width in samples.items()}
    for text in list(samples):
        cached = text + "!"
        msgspec.json.encode(cached)
        samples[cached] = samples[text]
    try:
        return kind if all(kind(text) == width for text, width in samples.items()) else None
    except (ValueError, OverflowError):
        return None


def _width(text: str) -> int:
    """Bytes CPython stores each character of ``text`` in (1, 2 or 4), or 0 for ASCII (which also takes 1)."""
    if text.isascii():
        return 0
    if type(text) is not str:  # a subclass's instance is laid out differently: read a plain copy
        text = str.__str__(text)
    width: int = _KIND(text)
    return width


def join_sparing(parts: list[str]) -> str:
    """``"".join(parts)``, copied :data:`JOIN_STEP` characters at a time with a checkpoint between steps; ``parts``
    is emptied as it goes, so that each part is freed once copied.

    Any whole operation on a string of 100 million characters holds the interpreter, and with it the window, for a
    fifth of a second to a second (much of it the kernel handing over fresh pages). Here the string is made empty
    first, at its final length and width, and filled a step at a time through CPython's own
    ``PyUnicode_CopyCharacters``, the way its C code builds strings; nothing else sees it until it is full.
    Other interpreters, and short results, are joined the usual way.
    """
    size = sum(map(len, parts))
    if _KIND is None or size <= 4 * JOIN_STEP:
        joined = "".join(parts)
        parts.clear()
        return joined
    made = _API.PyUnicode_New(size, _MAX_CHAR[max(map(_width, parts))])
    if not made:
        raise MemoryError(f"no memory for a string of {size:,} characters")
    try:
        at = 0
        parts.reverse()
        while parts:
            part = parts.pop()
            for start in range(0, len(part), JOIN_STEP):
                checkpoint()
                count = min(JOIN_STEP, len(part) - start)
                _API.PyUnicode_CopyCharacters(made, at, part, start, count)  # raises SystemError if it ever refuses
                at += count
        result: str = ctypes.cast(made, ctypes.py_object).value  # a second reference; the first goes below
        return result
    finally:
        _API.Py_DecRef(made)


def _c_api() -> Any:
    api = ctypes.pythonapi
    api.PyUnicode_New.restype = ctypes.c_void_p  # a bare pointer: the one reference, so it may still be written
    api.PyUnicode_New.argtypes = [ctypes.c_ssize_t, ctypes.c_uint32]
    api.PyUnicode_CopyCharacters.restype = ctypes.c_ssize_t
    api.PyUnicode_CopyCharacters.argtypes = [ctypes.c_void_p, ctypes.c_ssize_t, ctypes.py_object,
                                             ctypes.c_ssize_t, ctypes.c_ssize_t]
    api.Py_DecRef.restype = None
    api.Py_DecRef.argtypes = [ctypes.c_void_p]
    return api


_API: Any = _c_api() if _CPYTHON else None
_KIND: Any = _kind_reader() if _CPYTHON else None


def decode_utf8(data: bytes, first: int = 0) -> str:
    """``data[first:].decode("utf-8")``, :data:`DECODE_PIECE` bytes at a time, joined by :func:`join_sparing`. A
    :class:`UnicodeDecodeError` gives its offset in ``data``, as one decode would."""
    if len(data) - first <= 4 * DECODE_PIECE:
        try:
            return data[first:].decode("utf-8") if first else data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnicodeDecodeError("utf-8", data, first + exc.start, first + exc.end, exc.reason) from None
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    parts: list[str] = []
    for at in [*range(first, len(data), DECODE_PIECE), len(data)]:
        checkpoint()
        held = len(decoder.getstate()[0])  # the start of a character cut at the end of the last piece
        try:
            parts.append(decoder.decode(view[at: at + DECODE_PIECE], final=at == len(data)))
        except UnicodeDecodeError as exc:
            start = at - held
            raise UnicodeDecodeError("utf-8", data, start + exc.start, start + exc.end, exc.reason) from None
    return join_sparing(parts)


def decode_utf16(data: bytes) -> str:
    """UTF-16 text after its byte order mark, decoded :data:`DECODE_PIECE` bytes at a time (see :func:`decode_utf8`)."""
    decoder = codecs.getincrementaldecoder("utf-16")()
    view = memoryview(data)
    parts = []
    for at in range(0, len(data), DECODE_PIECE):
        checkpoint()
        parts.append(decoder.decode(view[at: at + DECODE_PIECE]))
    parts.append(decoder.decode(b"", final=True))
    return join_sparing(parts)
