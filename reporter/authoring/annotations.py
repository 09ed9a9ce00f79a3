"""Problems as GitHub Actions workflow commands, so a pull request shows them on the lines they are about.

`::error file=PATH,line=L,col=C::MESSAGE` (or `::warning ...`) on stdout becomes an annotation in the
pull request's diff. GitHub reads `%`, CR and LF in the message as escapes, and also `:` and `,` in the
properties; anything not escaped would cut the command short or corrupt it.
"""

from __future__ import annotations

from reporter.errors import Problem


def escape_data(text: str) -> str:
    """A workflow command's message, escaped: % -> %25, CR -> %0D, LF -> %0A (the % first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped like a message and also : -> %3A, , -> %2C."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """One problem as a GitHub workflow command: ::error (or ::warning, ::notice) with its file, line and column."""
    command = problem.severity if problem.severity in ("warning", "notice") else "error"
    properties = f"file={escape_property(problem.path)},line={problem.line},col={problem.col}"
    return f"::{command} {properties}::{escape_data(problem.message)}"
