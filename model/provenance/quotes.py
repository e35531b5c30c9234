"""Finding each quote in its source: exact after folding whitespace and typographic quote marks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

from model.long_text import join_sparing
from model.timeline import Timeline
from model.work import checkpoint

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


MAX_QUOTE_CHARS = 5_000
"""Quotes longer than this are not looked for in their source (a quote is a sentence or a paragraph)."""
MAX_MATCH_TRIES = 1_000
"""Places where a quote's words occur but not as whole words that are tried before giving up on it."""


class QuoteStatus(Enum):
    """Whether a quote was found in its source."""

    VERIFIED = "verified"
    NOT_FOUND = "not found in the source"
    NO_SOURCE = "its source has no text"
    TOO_LONG = f"not checked: longer than {MAX_QUOTE_CHARS:,} characters"
    TOO_MANY_PARTIAL = f"not checked: its words run into other words in over {MAX_MATCH_TRIES:,} places"
    SOURCE_CHANGED = "source changed since quoted"
    """The source's text no longer has the SHA-256 recorded when it was quoted: the quote is not re-verified."""


UNVERIFIED = frozenset({QuoteStatus.NOT_FOUND, QuoteStatus.TOO_LONG, QuoteStatus.TOO_MANY_PARTIAL,
                        QuoteStatus.SOURCE_CHANGED})
"""The statuses of a quote whose source has text but where the quote could not be confirmed."""


@dataclass(frozen=True)
class QuoteCheck:
    """The result of looking for one quote: where it is in the source's original text."""

    event: int
    quote: int
    source: str
    status: QuoteStatus
    start: int = -1
    end: int = -1

    @property
    def verified(self) -> bool:
        """True when the quote was found."""
        return self.status is QuoteStatus.VERIFIED


_LEADING_SPACE = re.compile(r"\s*")
_WHITESPACE = np.array([9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239, 8287,
                        12288], dtype=np.uint32)
"""The code points ``str.isspace`` accepts (a test checks the list against Python's)."""
_CHUNK = 1 << 18
"""Long texts are folded this many characters at a time, so no single step holds the interpreter for long (a
mebibyte of text with accents and emoji took 30 ms)."""


class NormalizedText:
    """A text folded for matching, with a map from folded offsets back to the original.

    Folding keeps every character but turns each run of whitespace into one space (and drops leading
    whitespace), so the map is kept as the runs that shrank: a few numbers per run, not one per character.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        match = _LEADING_SPACE.match(original)
        lead = match.end() if match else 0
        parts, runs = [], []
        for chunk, run in _fold_chunks(original, lead):
            parts.append(chunk)
            runs.append(run)
        self.text = join_sparing(parts)  # which frees a 100 MB source's pieces before the arrays below are made
        shrunk = np.concatenate(runs) if runs else np.zeros((0, 2), dtype=np.int64)
        del runs
        # the folded position from which each shrunk run's saving applies, and the total saving up to there
        removed = np.cumsum(shrunk[:, 1] - shrunk[:, 0] - 1)
        before = np.concatenate(([0], removed[:-1])).astype(np.int64)
        self._at = np.concatenate(([0], shrunk[:, 0] - lead - before + 1)).astype(np.int64)
        self._shift = np.concatenate(([lead], lead + removed)).astype(np.int64)

    def original_offset(self, k: int) -> int:
        """Where folded character ``k`` is in the original text."""
        return int(k + self._shift[int(np.searchsorted(self._at, k, side="right")) - 1])

    @property
    def offsets(self) -> npt.NDArray[np.int64]:
        """The original offset of every folded character (for short texts: a quote, a passage)."""
        ks = np.arange(len(self.text), dtype=np.int64)
        return ks + self._shift[np.searchsorted(self._at, ks, side="right") - 1]

    def find(self, needle: str) -> tuple[int, int] | None:
        """Original [start, end) of the first whole-word match of ``needle``, or None.

        A match may not start or end inside a word or a number: "$11" is not in "$11.9 billion", "I will"
        is not in "OpenAI will", and "a" is not in "said". Raises :class:`TooManyPartialMatches` after
        :data:`MAX_MATCH_TRIES` places that are not whole words.
        """
        folded = normalize(needle)
        if not folded:
            return None
        at = self.text.find(folded)
        tries = 0
        while at >= 0:
            end = at + len(folded)
            if self._clean_edge(at - 1, at) and self._clean_edge(end, end - 1):
                return self.original_offset(at), self.original_offset(end - 1) + 1
            tries += 1
            if tries >= MAX_MATCH_TRIES:
                raise TooManyPartialMatches
            at = self.text.find(folded, at + 1)
        return None

    def _clean_edge(self, outside: int, inside: int) -> bool:
        """Whether the match's edge char ``inside`` does not run on into ``outside``."""
        text = self.text
        if outside < 0 or outside >= len(text):
            return True
        before, edge = text[outside], text[inside]
        if edge.isalnum() and before.isalnum():
            # scraped text runs words together ("ReutersSam Altman"): a capital after a small letter starts a word
            return outside < inside and edge.isupper() and before.islower()
        # a number continued by a decimal or thousands mark: "11" | ".9", or "." | "9" when the match starts at ".9"
        step = 1 if outside > inside else -1
        beyond = outside + step
        if edge.isdigit() and before in ".," and 0 <= beyond < len(text) and text[beyond].isdigit():
            return False
        return not (edge in ".," and before.isdigit())


class TooManyPartialMatches(Exception):  # noqa: N818  (an outcome of a search, reported as a status)
    """A quote whose words occur in too many places that are not whole words to try them all."""


def _fold_chunks(original: str, lead: int) -> Iterator[tuple[str, npt.NDArray[np.int64]]]:
    """The folded text in pieces, each with the [start, end) of its runs of two or more whitespace characters.

    Quote marks are made ASCII and each run of whitespace one space; a piece never ends inside a run.
    """
    pos = lead
    while pos < len(original):
        end = min(pos + _CHUNK, len(original))
        while end < len(original) and original[end - 1].isspace():
            end += 1
        chunk = _fold_marks(original[pos:end])
        folded = " ".join(chunk.split())
        if chunk[0].isspace():
            folded = " " + folded
        if chunk[-1].isspace() and folded != " ":
            folded += " "
        yield folded, _long_runs(chunk) + pos
        checkpoint()
        pos = end


_MARKS = [(chr(code), folded) for code, folded in _FOLD.items()]


def _fold_marks(text: str) -> str:
    """``text.translate(_FOLD)``, ten times faster on text that is not ASCII (a search per mark, not a lookup per
    character)."""
    for mark, folded in _MARKS:
        if mark in text:
            text = text.replace(mark, folded)
    return text


def _long_runs(chunk: str) -> npt.NDArray[np.int64]:
    """[start, end) of each run of two or more whitespace characters in ``chunk`` (vectorised)."""
    codes = np.frombuffer(chunk.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)
    space = np.isin(codes, _WHITESPACE)
    edges = np.diff(space.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = ends - starts >= 2
    return np.stack((starts[long], ends[long]), axis=1).astype(np.int64)


def normalize(text: str) -> str:
    """Fold typographic quotes to ASCII and runs of whitespace to one space."""
    return " ".join(text.translate(_FOLD).split())


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of a source text encoded as UTF-8 (lone surrogates kept as they are)."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def changed_sources(timeline: Timeline) -> set[str]:
    """Ids of the sources whose text no longer has the SHA-256 recorded when they were quoted."""
    changed = set()
    for source in timeline.doc.sources:
        text = timeline.source_texts.get(source.id)
        if source.sha256 and text is not None and text_sha256(text) != source.sha256.lower():
            changed.add(source.id)
    return changed


def verify_quotes(timeline: Timeline) -> list[QuoteCheck]:
    """Check every quote of every event against its source text (each distinct quote of a source once).

    The quotes of a source whose text changed since it was quoted (see :func:`changed_sources`) are reported as
    such rather than looked for again: finding the words elsewhere in a new text would not vouch for them.
    """
    folded: dict[str, NormalizedText] = {}
    changed = changed_sources(timeline)
    found: dict[tuple[str, str], tuple[QuoteStatus, int, int]] = {}
    checks: list[QuoteCheck] = []
    for e, event in enumerate(timeline.events):
        if e % 256 == 0:
            checkpoint("Checking quotes", e, len(timeline.events))
        for q, quote in enumerate(event.quotes):
            key = (quote.source, quote.text)
            if quote.source in changed:
                found[key] = (QuoteStatus.SOURCE_CHANGED, -1, -1)
            elif key not in found:
                found[key] = _look_for(quote.text, quote.source, timeline, folded)
            status, start, end = found[key]
            checks.append(QuoteCheck(e, q, quote.source, status, start, end))
    return checks


def _look_for(text: str, source: str, timeline: Timeline, folded: dict[str, NormalizedText]) -> tuple[QuoteStatus, int, int]:
    if source not in timeline.source_texts:
        return QuoteStatus.NO_SOURCE, -1, -1
    if len(text) > MAX_QUOTE_CHARS:
        return QuoteStatus.TOO_LONG, -1, -1
    if source not in folded:
        folded[source] = NormalizedText(timeline.source_texts[source])
    try:
        span = folded[source].find(text)
    except TooManyPartialMatches:
        return QuoteStatus.TOO_MANY_PARTIAL, -1, -1
    return (QuoteStatus.VERIFIED, *span) if span else (QuoteStatus.NOT_FOUND, -1, -1)
