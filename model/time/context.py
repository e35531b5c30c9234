"""The words around a date that change what it means: the tense of its verb, a recurrence, a quotation.

"said on Monday" is a past Monday even in a sentence that speaks of plans; "every March 1" and "its fiscal year
ends May 31" name no one day; "today" inside a quotation is the day the words were spoken, not the day the
article was published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Tense(Enum):
    """The time a date's own verb puts it in."""

    PAST = "past"
    FUTURE = "future"


_FUTURE_VERB = re.compile(r"(?:will|would|shall|expects?|expected|plans?|planned|scheduled|slated|due|intends?|aims?|"
                          r"hopes?|starts|begins|opens|resumes|convenes|reconvenes|kicks|expires)", re.I)
"""Words next to a date that say it is to come ("will on Monday decide", "is expected Friday", "is due Monday", "the
tournament starts Monday": a schedule told in the present)."""
_PAST_VERB = re.compile(r"(?:[a-z]{2,}[^e\W]ed|[a-z]{3,}ied|[A-Z]{2,}[^E\W]ED|[A-Z]{3,}IED|"
                        r"(?i:agreed|said|told|was|were|had|did|made|took|came|went|gave|met|won|lost|rose|fell|began|left|sold|bought|held|struck|spoke|wrote|saw|found|got|ran|led|paid|sent|"
                        r"shot|broke|drew|chose|swore|beat|fought|caught|brought|thought|kept|felt|heard|flew|grew|threw|"
                        r"sank|slid|stood|withdrew|overtook|became))")
"""Past forms ("announced", "said", "fell"); not "-eed" words (need, speed), nor capitalised ones ("United")."""
_WORD_BEFORE = re.compile(r"(?:\b(?P<be>is|are|be|being|am)[ \t\u00a0]{1,3})?\b(?P<word>[A-Za-z]+)[ \t\u00a0]{1,3}"
                          r"(?:(?:on|in|early|late|by|until)[ \t\u00a0]{1,3})?$")
"""The word before a date, past "on"; and "is", "be" before it, which make a participle no past ("is presented on Oct 7")."""
_WORD_AFTER = re.compile(r"[ \t\u00a0]{1,3}(?P<word>[A-Za-z]+)")


_PRESENT_BE = ("is", "are", "am", "be")


def verb_tense(text: str, start: int, end: int) -> Tense | None:
    """The tense of the verb right before or right after a date ("said on Monday", "on Monday notified"), if one is there."""
    after = _WORD_AFTER.match(text, end, end + 24)
    before = _WORD_BEFORE.search(text, max(0, start - 32), start)
    for word in (after, before):
        if word is None:
            continue
        if _FUTURE_VERB.fullmatch(word["word"]):
            return Tense.FUTURE
        if _PAST_VERB.fullmatch(word["word"]):
            be = word.groupdict().get("be")
            if be is None:
                return Tense.PAST
            if be.lower() in _PRESENT_BE:  # "is held on Monday", "are elected in November": what is arranged to come
                return Tense.FUTURE
    return None


_RECURRING_BEFORE = re.compile(
    r"(?:\b(?:every|each)(?:[ \t\u00a0]+year)?(?:[ \t\u00a0]+(?:on|in))?(?:[ \t\u00a0]+the)?"
    r"(?:[ \t\u00a0]+(?:first|second|third|fourth|last))?|"
    r"\b(?:fiscal|financial|tax|school|academic|budget|business|calendar)[ \t\u00a0]+years?[ \t\u00a0]+"
    r"(?:that[ \t\u00a0]+)?(?:ends|begins|starts|runs|closes|opens)(?:[ \t\u00a0]+(?:on|in|from))?|"
    r"\b(?:the[ \t\u00a0]+)?(?:first|second|third|fourth|last))[ \t\u00a0]+$", re.I)
_RECURRING_AFTER = re.compile(
    r"(?:,?[ \t\u00a0]+(?:each|every)[ \t\u00a0]+(?:year|month|week)|[ \t\u00a0]+of[ \t\u00a0]+(?:each|every)[ \t\u00a0]+"
    r"(?:year|month)|,?[ \t\u00a0]+(?:annually|yearly)|[ \t\u00a0]+of[ \t\u00a0]+the[ \t\u00a0]+month)\b", re.I)


def recurring(text: str, start: int, end: int) -> bool:
    """Whether a date written without a year recurs ("every March 1", "each Monday", "May 31 each year", "its fiscal year
    ends May 31", "the first Monday of each month") rather than naming one day."""
    return _RECURRING_BEFORE.search(text, max(0, start - 60), start) is not None or \
        _RECURRING_AFTER.match(text, end, end + 40) is not None


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted passage: from its opening to its closing mark."""

    start: int
    end: int


QUOTE_REACH = 2_000
"""How far back (characters) a quotation's opening mark is looked for."""
_OPENING = "“"
_CLOSING = "”"


def quotation_around(text: str, at: int) -> Quotation | None:
    """The quotation (within its paragraph) that holds offset ``at``, if any; straight quotes pair up from the paragraph's start."""
    head = max(text.rfind("\n", max(0, at - QUOTE_REACH), at) + 1, at - QUOTE_REACH, 0)
    curly = text.rfind(_OPENING, head, at)
    if curly > text.rfind(_CLOSING, head, at):
        opening = curly
    elif text.count('"', head, at) % 2:
        opening = text.rfind('"', head, at)
    else:
        return None
    line_end = text.find("\n", at, at + QUOTE_REACH)
    line_end = min(len(text), at + QUOTE_REACH) if line_end < 0 else line_end
    closing = min((i for i in (text.find(_CLOSING, at, line_end), text.find('"', at, line_end)) if i >= 0), default=line_end)
    return Quotation(opening, closing + 1)
