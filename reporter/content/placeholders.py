"""Placeholders: what `reporter new` writes where only a person can fill in a value, and the check that finds them.

A required field the tool cannot know (this week's summary, a new project's name) is written as text
starting with `TODO:`. It validates, so the file is usable at once, but it must never be published
unnoticed: `check_placeholders` reports every such value as a warning at its line, which
`reporter validate` prints and `--format github` turns into a ::warning on the pull request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reporter.content.yamlsource import Path_
from reporter.errors import Problem

if TYPE_CHECKING:
    from reporter.content.parsed import Parsed

MARK = "TODO:"


def placeholder(what: str) -> str:
    """The placeholder text for a value a person must write: 'TODO: <what>'."""
    return f"{MARK} {what}"


def is_placeholder(value: object) -> bool:
    """Whether a value is still a placeholder (text starting with 'TODO:', leading spaces aside)."""
    return isinstance(value, str) and value.lstrip().startswith(MARK)


def check_placeholders(parsed: Parsed, data: Any) -> list[Problem]:
    """A warning for every text value of a parsed file (`data`: the file's data) that is still a 'TODO:' placeholder."""
    problems: list[Problem] = []
    # The mark must be in the data's text (made in C) for any value to start with it: the usual file has none,
    # and no path of every text is built to find none.
    if MARK not in repr(data):
        return problems
    for path, value in _texts(data, ()):
        if is_placeholder(value):
            problem = parsed.at(path, "still a placeholder; write it, or it is published as it is")
            problems.append(Problem(problem.path, problem.line, problem.col, problem.message, severity="warning"))
    return problems


def _texts(data: Any, path: Path_) -> list[tuple[Path_, str]]:
    """Every text value in plain YAML data, with its path, in file order."""
    if isinstance(data, str):
        return [(path, data)]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _texts(value, path + (key,))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _texts(value, path + (i,))]
    return []
