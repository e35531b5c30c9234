"""Finding each quote in its source: exact after folding whitespace and typographic quote marks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import chain

import numpy as np
import numpy.typing as npt

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


_SPACE_RUN = re.compile(r"\s{2,}")
_ANY_SPACE = re.compile(r"\s+")
_CHUNK = 1 << 20
"""Long texts are folded a mebibyte at a time, so no single step holds the interpreter for long."""


class NormalizedText:
    """A text folded for matching, with a map from folded offsets back to the original.

    Folding keeps every character but turns each run of whitespace into one space (and drops leading
    whitespace), so the map is kept as the runs that shrank: a few numbers per run, not one per character.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        lead = len(original) - len(original.lstrip())
        folded = "".join(_fold_chunks(original, lead))
        runs = _runs(original, lead)
        # the folded position from which each shrunk run's saving applies, and the total saving up to there
        removed = np.cumsum(runs[:, 1] - runs[:, 0] - 1) if runs.size else np.zeros(0, dtype=np.int64)
        before = np.concatenate(([0], removed[:-1])) if runs.size else removed
        self._at = np.concatenate(([0], runs[:, 0] - lead - before + 1)) if runs.size else np.zeros(1, dtype=np.int64)
        self._shift = np.concatenate(([lead], lead + removed)) if runs.size else np.array([lead], dtype=np.int64)
        self.text = folded

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


def _fold_chunks(original: str, lead: int) -> Iterator[str]:
    """The folded text in pieces: quote marks made ASCII, whitespace runs made one space (cut between runs)."""
    pos = lead
    while pos < len(original):
        end = min(pos + _CHUNK, len(original))
        while end < len(original) and original[end - 1].isspace():  # never cut a run of whitespace in two
            end += 1
        yield _ANY_SPACE.sub(" ", original[pos:end].translate(_FOLD))
        checkpoint()
        pos = end


def _runs(original: str, lead: int) -> npt.NDArray[np.int64]:
    """[start, end) of every run of two or more whitespace characters after the leading ones."""
    spans = chain.from_iterable(m.span() for m in _SPACE_RUN.finditer(original, lead))
    return np.fromiter(spans, dtype=np.int64).reshape(-1, 2)


def normalize(text: str) -> str:
    """Fold typographic quotes to ASCII and runs of whitespace to one space."""
    return " ".join(text.translate(_FOLD).split())


def verify_quotes(timeline: Timeline) -> list[QuoteCheck]:
    """Check every quote of every event against its source text (each distinct quote of a source once)."""
    folded: dict[str, NormalizedText] = {}
    found: dict[tuple[str, str], tuple[QuoteStatus, int, int]] = {}
    checks: list[QuoteCheck] = []
    for e, event in enumerate(timeline.events):
        if e % 256 == 0:
            checkpoint("Checking quotes", e, len(timeline.events))
        for q, quote in enumerate(event.quotes):
            key = (quote.source, quote.text)
            if key not in found:
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
