"""Problems found in content, and the one exception family the project raises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place a person (or an editor) can jump to.

    `line` and `col` are 1-based, like a compiler's; `path` is the file as the user named it.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        # Compilers mark warnings so; an error needs no word (it is the usual case, and what CI fails on).
        kind = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {kind}{self.message}"


class ReporterError(Exception):
    """Base of every error the reporter raises on purpose; the CLI shows its message, never a traceback."""


class ContentError(ReporterError):
    """The content has problems; `problems` lists every one of them, sorted by place."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{lines}\n{count} problem{'s' if count != 1 else ''} found in the content")


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a user would type it: relative to the working directory when it lies below it."""
    path = Path(path)
    base = Path.cwd() if root is None else root
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
