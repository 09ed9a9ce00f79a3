"""Problems found in content, and the one exception family the project raises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Characters that would break a message's one line (and could fake a `file:line:` line in a CI log):
# C0 and C1 controls, DEL, and Unicode's line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
EXCERPT = 60  # the most characters of a file's own text that a message quotes


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def one_line(text: str) -> str:
    """`text` with every control character and line break escaped (as `\\n`, `\\x00`, `\\u2028`): one line."""
    return _UNPRINTABLE.sub(_escaped, text)


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """A short quote of a file's own text for a message: at most `limit` characters, on one line."""
    shown = str(text)
    return one_line(shown if len(shown) <= limit else shown[: limit - 1] + "…")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place a person (or an editor) can jump to.

    `line` and `col` are 1-based, like a compiler's; `path` is the file as the user named it. The path
    and the message are kept to one line (control characters escaped), wherever they are shown.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        # A newline in a name would fake another `file:line:` line in a CI log or a GitHub annotation.
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "message", one_line(self.message))

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
