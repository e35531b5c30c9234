"""The one error type every loader raises, naming the file and where in it."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (a JSON path, or a CSV row and column) and what."""

    where: str
    message: str

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
