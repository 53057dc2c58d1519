"""Errors the domain raises; front ends turn them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what is allowed."""

    source: str
    """The file (or other input) the problem is in."""
    key: str | None
    """Dotted key path, e.g. ``breach.cause``; None for the file as a whole."""
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f", line {self.line}"
        if self.key:
            where += f", key '{self.key}'"
        return f"{where}: {self.message}"


class BreachkitError(Exception):
    """Base of every error a user may see. ``exit_code`` follows the CLI spec."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(BreachkitError):
    """Bad input: a file, a value, an id. Exit code 2; nothing was written."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(source="input", key=None, message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFoundError(BreachkitError):
    """An incident, entry or file that does not exist. Exit code 2."""


class CheckFailed(BreachkitError):
    """A check (verify, completeness) found a problem. Exit code 1."""

    exit_code = 1
