"""Parse one YAML file into plain Python data, remembering where every key and value stands.

The file is composed into nodes with libyaml (PyYAML's C parser) and turned into data by this module,
never by PyYAML's constructors, so no tag is ever constructed. Scalars follow YAML 1.2's core schema:
only `true`/`false` are booleans (a PM's `no` or `on` stays text), and dates stay text for the models
to parse, so that a bad date is reported by the field that holds it.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader

from reporter.errors import excerpt

try:  # libyaml is about ten times faster; the pure-Python parser gives the same nodes.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_PLAIN = "reporter:plain"  # the tag of an untagged plain scalar, typed by `_scalar` below


class _Loader(_BaseLoader):
    """libyaml's composer without PyYAML's YAML 1.1 tag resolution, which `_scalar` replaces (and which,
    run in Python for every scalar, was half the time of a parse)."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else f"{_TAG}str"
        return f"{_TAG}seq" if kind is yaml.SequenceNode else f"{_TAG}map"


Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
# Aliases can make a small file expand enormously ("billion laughs"); no real plan comes near this.
MAX_NODES = 200_000
# Levels of lists and mappings inside each other; reporter's files need four (plan > tasks > task >
# depends_on), and deeper data would only exhaust the stack.
MAX_DEPTH = 16
MAX_FILE_BYTES = 2_000_000  # the default largest file, in bytes (a 1 MB summary fits)
LIMIT_VARIABLE = "REPORTER_MAX_FILE_BYTES"
# A number longer than this is kept as written, so that the field that holds it says it is too large
# (Python refuses to convert integers over 4,300 digits, and floats would become infinite).
_LONG_NUMBER = 40
MONEY_FIELDS = frozenset({"budget", "actual_cost"})  # amounts with cents: a third decimal is a slip
# ' #' and then a character that is not a space: YAML reads a comment, the writer meant '#4711'.
_CUT_BY_HASH = re.compile(r"[ \t]+#[^ \t]")


@dataclass
class Source:
    """A parsed file: its data, and the 1-based (line, col) of each value and each mapping key by path."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Problems that do not stop the parse (duplicate keys): reported together with the model's.
    problems: list[YamlProblem] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The place of `path`, or of its nearest ancestor that has one (a missing field points at its parent)."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if key and prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def placed(self) -> Source:
        """The same file's places and problems without its data: what is kept of a file that validated, to
        place a problem found later, when its data is no longer needed."""
        return dataclasses.replace(self, data=None)


class YamlProblem(Exception):
    """A file that cannot be read as data (or, with severity 'warning', a likely mistake in one); carries a
    1-based place and a message for the user."""

    def __init__(self, line: int, col: int, message: str, severity: str = "error"):
        super().__init__(message)
        self.line, self.col, self.message, self.severity = line, col, message, severity


def _place(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def max_file_bytes() -> int:
    """The largest content file reporter reads, in bytes: REPORTER_MAX_FILE_BYTES, else MAX_FILE_BYTES."""
    configured = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not configured:
        return MAX_FILE_BYTES
    if not configured.isdigit() or int(configured) < 1:
        raise YamlProblem(1, 1, f"{LIMIT_VARIABLE}={excerpt(configured)} is not a number of bytes; unset it or give one")
    return int(configured)


def decode(raw: bytes) -> str:
    """The text of a file, or a YamlProblem at the first byte that is not UTF-8 (or for a file too large)."""
    limit = max_file_bytes()
    if len(raw) > limit:
        raise YamlProblem(
            1,
            1,
            f"the file is {len(raw):,} bytes, more than the {limit:,} reporter reads; shorten it, or set "
            f"{LIMIT_VARIABLE} to a larger number of bytes",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(line, col, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8") from None


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character of `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def parse(text: str) -> Source:
    """Parse YAML text into a Source, or raise YamlProblem at the first thing that stops it."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlProblem(1, 1, "the file is empty; it should hold a mapping of fields (see the README)")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # A problem is reported where it starts: an unclosed quote or bracket where it was opened (where
        # the parser gave up is said in the message), anything else where it was found.
        start, end = exc.context_mark, exc.problem_mark
        context, problem = exc.context or "", exc.problem or ""
        opened = start is not None and any(word in context for word in ("quoted scalar", "flow"))
        mark: yaml.Mark | None
        if opened and start and end and (start.line, start.column) != (end.line, end.column):
            mark = start
            what = f"{context} started here, {problem} at line {end.line + 1}, column {end.column + 1}"
        else:
            mark = end or start
            if context and start and end and start.line != end.line:
                context += f" started at line {start.line + 1}, column {start.column + 1},"
            what = " ".join(part for part in (context, problem) if part)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(line, col, f"YAML syntax error: {what}") from None
    except yaml.reader.ReaderError as exc:  # a control character or NUL: at its own place
        line, col = _line_col(text, exc.position)
        raise YamlProblem(
            line, col, f"the file holds a control character (U+{exc.character:04X}) here, which YAML does not allow; remove it"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"YAML error: {excerpt(exc, 200)}") from None
    if node is None:
        raise YamlProblem(1, 1, "the file is empty; it should hold a mapping of fields (see the README)")
    source = Source(data=None)
    builder = _Builder(source, text)
    source.data = builder.build(node, ())
    return source


class _Builder:
    """Turns a node tree into data, recording the place of every key and value."""

    def __init__(self, source: Source, text: str):
        self.source = source
        self.lines = text.splitlines()
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(*_place(node), f"the file expands to more than {MAX_NODES} values (aliases?)")
        if len(path) > MAX_DEPTH:
            raise YamlProblem(*_place(node), f"lists and mappings nested more than {MAX_DEPTH} levels deep; no field needs that")
        if id(node) in self.active:
            raise YamlProblem(*_place(node), "an alias refers to the mapping or list that contains it")
        self.source.values.setdefault(path, _place(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, f"{_TAG}seq")
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)  # PyYAML composes only scalars, sequences and mappings
            self._check_tag(node, f"{_TAG}map")
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN and key_node.value == "<<":
                raise YamlProblem(*_place(key_node), "merge keys (<<) are not supported; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(*_place(key_node), "a key must be a plain name, not a list or mapping")
            # Keys are names: `2026-01-05:` or `yes:` mean the text, not a date or a boolean.
            key = str(key_node.value)
            line, col = _place(key_node)
            if key in first_line:
                message = (
                    f"duplicate key '{key}': it is also set at line {first_line[key]}; "
                    "YAML would silently keep only the last one, so remove one of them"
                )
                self.source.problems.append(YamlProblem(line, col, message))
                continue
            first_line[key] = line
            self.source.keys[path + (key,)] = (line, col)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise YamlProblem(*_place(node), f"YAML tags such as '{node.tag}' are not allowed; remove the tag")

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag, text = node.tag, node.value
        if tag == f"{_TAG}str":
            return text  # quoted, block or explicitly text
        if tag != _PLAIN:
            raise YamlProblem(*_place(node), f"YAML tags such as '{excerpt(tag)}' are not allowed; remove the tag")
        if text in ("", "~") or text.lower() == "null":
            return None
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        if _INT.fullmatch(text):
            return int(text) if len(text) <= _LONG_NUMBER else text
        if _FLOAT.fullmatch(text):
            self._check_decimals(node, path, text)
            number = float(text)
            return number if len(text) <= _LONG_NUMBER and number not in (float("inf"), float("-inf")) else text
        self._check_cut(node)
        return text

    def _warn(self, line: int, col: int, message: str) -> None:
        self.source.problems.append(YamlProblem(line, col, message, severity="warning"))

    def _check_decimals(self, node: yaml.ScalarNode, path: Path_, text: str) -> None:
        """A warning for an amount with three decimals: `165.000` is 165, not 165,000 (cents take two)."""
        if path and path[-1] in MONEY_FIELDS and re.fullmatch(r"[0-9]+\.[0-9]{3}", text):
            whole, decimals = text.split(".")
            read_as = f"{whole}.{decimals.rstrip('0')}" if decimals.rstrip("0") else whole
            self._warn(
                *_place(node),
                f"{path[-1]}: '{text}' has 3 decimals, so it reads as {read_as}; if the "
                f"point separates thousands, write {(whole + decimals).lstrip('0') or '0'}",
            )

    def _check_cut(self, node: yaml.ScalarNode) -> None:
        """A warning where ` #` ended a plain line of text: YAML reads the rest as a comment."""
        end = node.end_mark
        if node.style not in (None, "") or end.line >= len(self.lines):  # '' is libyaml's plain style
            return
        rest = self.lines[end.line][end.column :]
        found = _CUT_BY_HASH.match(rest)
        if found:
            col = end.column + found.end() - 1  # the '#', 1-based
            self._warn(
                end.line + 1,
                col,
                "the text after ' #' is read as a comment and left out; put the whole text in quotes to keep it",
            )
