"""A model read from a content file, with the places of its values: how every check names a file:line:col."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

from reporter.content.yamlsource import Path_, Source
from reporter.errors import Problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A model read from a file, with the file's name (as shown to users) and the places of its values."""

    model: M
    source: Source
    path: str

    def at(self, loc: Path_, message: str, *, key: bool = False) -> Problem:
        """A problem at the place of `loc` in this file, prefixed with the field's path."""
        line, col = self.source.position(loc, key=key)
        label = format_loc(loc)
        return Problem(self.path, line, col, f"{label}: {message}" if label else message)


def format_loc(loc: Path_) -> str:
    """('milestones', 2, 'due') -> 'milestones[2].due'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
