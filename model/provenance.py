"""Finding each quote in its source: exact after folding whitespace and typographic quote marks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from model.timeline import Timeline

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


class QuoteStatus(Enum):
    """Whether a quote was found in its source."""

    VERIFIED = "verified"
    NOT_FOUND = "not found in the source"
    NO_SOURCE = "its source has no text"


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


class NormalizedText:
    """A text folded for matching, with a map from folded offsets back to the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        chars: list[str] = []
        offsets: list[int] = []
        in_space = False
        for i, ch in enumerate(original.translate(_FOLD)):
            if ch.isspace():
                if in_space or not chars:
                    continue
                ch, in_space = " ", True
            else:
                in_space = False
            chars.append(ch)
            offsets.append(i)
        self.text = "".join(chars)
        self.offsets = offsets

    def find(self, needle: str) -> tuple[int, int] | None:
        """Original [start, end) of the first whole-word match of ``needle``, or None.

        A match may not start or end inside a word or a number: "$11" is not in "$11.9 billion", "I will"
        is not in "OpenAI will", and "a" is not in "said".
        """
        folded = normalize(needle)
        if not folded:
            return None
        at = self.text.find(folded)
        while at >= 0:
            end = at + len(folded)
            if self._clean_edge(at - 1, at) and self._clean_edge(end, end - 1):
                return self.offsets[at], self.offsets[end - 1] + 1
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


def normalize(text: str) -> str:
    """Fold typographic quotes to ASCII and runs of whitespace to one space."""
    return " ".join(text.translate(_FOLD).split())


def verify_quotes(timeline: Timeline) -> list[QuoteCheck]:
    """Check every quote of every event against its source text."""
    folded = {sid: NormalizedText(text) for sid, text in timeline.source_texts.items()}
    checks: list[QuoteCheck] = []
    for e, event in enumerate(timeline.events):
        for q, quote in enumerate(event.quotes):
            source = folded.get(quote.source)
            if source is None:
                checks.append(QuoteCheck(e, q, quote.source, QuoteStatus.NO_SOURCE))
                continue
            span = source.find(quote.text)
            status = QuoteStatus.VERIFIED if span else QuoteStatus.NOT_FOUND
            start, end = span or (-1, -1)
            checks.append(QuoteCheck(e, q, quote.source, status, start, end))
    return checks
