"""Parse one YAML file into plain Python data, remembering where every key and value stands.

The file is composed into nodes with libyaml (PyYAML's C parser) and turned into data by this module,
never by PyYAML's constructors, so no tag is ever constructed. Scalars follow YAML 1.2's core schema:
only `true`/`false` are booleans (a PM's `no` or `on` stays text), and dates stay text for the models
to parse, so that a bad date is reported by the field that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

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


class YamlProblem(Exception):
    """A file that cannot be read as data; carries a 1-based place and a message for the user."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _place(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def decode(raw: bytes) -> str:
    """The text of a file, or a YamlProblem at the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(line, col, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8") from None


def parse(text: str) -> Source:
    """Parse YAML text into a Source, or raise YamlProblem at the first thing that stops it."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlProblem(1, 1, "the file is empty; it should hold a mapping of fields (see the README)")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            context += f" started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1},"
        what = " ".join(part for part in (context, exc.problem) if part)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(line, col, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        raise YamlProblem(1, 1, f"YAML error: {exc}") from None
    if node is None:
        raise YamlProblem(1, 1, "the file is empty; it should hold a mapping of fields (see the README)")
    source = Source(data=None)
    builder = _Builder(source)
    source.data = builder.build(node, ())
    return source


class _Builder:
    """Turns a node tree into data, recording the place of every key and value."""

    def __init__(self, source: Source):
        self.source = source
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(*_place(node), f"the file expands to more than {MAX_NODES} values (aliases?)")
        if id(node) in self.active:
            raise YamlProblem(*_place(node), "an alias refers to the mapping or list that contains it")
        self.source.values.setdefault(path, _place(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
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

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == f"{_TAG}str":
            return text  # quoted, block or explicitly text
        if tag != _PLAIN:
            raise YamlProblem(*_place(node), f"YAML tags such as '{tag}' are not allowed; remove the tag")
        if text in ("", "~") or text.lower() == "null":
            return None
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        return text
