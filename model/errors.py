"""The one error type every loader raises, naming the file and where in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_LISTED = 50
QUOTED_CHARS = 60
"""Messages quote at most this much of what the user typed or the file holds (a 100 KB paste is not echoed)."""


def quoted(text: str, limit: int = QUOTED_CHARS) -> str:
    """``text`` as a message quotes it: its repr, shortened with an ellipsis past ``limit`` characters."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


LISTED_PLACES = 5
"""Places listed per kind of warning in a one-line summary."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (a JSON path, or a CSV row and column) and what.

    ``kind`` groups warnings of one sort ("unknown columns were ignored") so that a report can count them.
    """

    where: str
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class TimelineError(Exception):
    """A timeline file that cannot be opened, with every problem found in it."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.summary())

    def summary(self) -> str:
        """All problems, one a line, under the file's name."""
        shown = [f"  {p}" for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            shown.append(f"  ... and {more:,} more")
        count = "1 problem" if len(self.problems) == 1 else f"{len(self.problems):,} problems"
        return f"{self.path}: {count}\n" + "\n".join(shown)

    def first_line(self) -> str:
        """A one-line reason, for a command line."""
        first = self.problems[0] if self.problems else Problem("", "unknown problem")
        more = f" (and {len(self.problems) - 1:,} more)" if len(self.problems) > 1 else ""
        return f"{self.path}: {first}{more}"


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind, in file order."""

    kind: str
    problems: tuple[Problem, ...]

    @property
    def count(self) -> int:
        """How many problems the group holds."""
        return len(self.problems)

    def line(self) -> str:
        """"kind (3): where, where, where" (each with its message when it says more), at most a few named."""
        if not any(p.where or p.message != self.kind for p in self.problems):
            return self.kind if self.count == 1 else f"{self.kind} ({self.count:,})"
        places = [p.where or "(top level)" if p.message == self.kind else str(p) for p in self.problems[:LISTED_PLACES]]
        more = f" and {self.count - LISTED_PLACES:,} more" if self.count > LISTED_PLACES else ""
        return f"{self.kind} ({self.count:,}): {', '.join(places)}{more}"


def group_problems(problems: Iterable[Problem | str]) -> list[ProblemGroup]:
    """Problems grouped by kind (their message when they have none), kinds in order of first appearance.

    A plain string is taken as a problem of its own kind, placed nowhere in particular.
    """
    groups: dict[str, list[Problem]] = {}
    for item in problems:
        problem = Problem("", item) if isinstance(item, str) else item
        groups.setdefault(problem.kind or problem.message, []).append(problem)
    return [ProblemGroup(kind, tuple(items)) for kind, items in groups.items()]


def warning_lines(problems: Iterable[Problem | str]) -> list[str]:
    """One line per kind of warning, with its count and first places."""
    return [group.line() for group in group_problems(problems)]


def warning_summary(problems: list[Problem] | list[str]) -> str:
    """One short line for a status bar: "3 import warnings: kind (2), kind (1)" (the details are in the warnings)."""
    groups = group_problems(problems)
    noun = "import warning" if len(problems) == 1 else "import warnings"
    kinds = ", ".join(f"{group.kind} ({group.count:,})" for group in groups[:3])
    more = f", and {len(groups) - 3:,} more kinds" if len(groups) > 3 else ""
    return f"{len(problems):,} {noun}: {kinds}{more}"
