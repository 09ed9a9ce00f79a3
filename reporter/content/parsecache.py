"""Parsed YAML by git blob id, kept on disk between builds, so a rebuild never parses a blob twice.

The cache holds plain data and positions as JSON, never pickles: a cache file that someone commits or
tampers with can at worst hold wrong data, which the models validate like any other, and it can
never run code. A damaged or foreign cache is ignored and rebuilt.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reporter import __version__
from reporter.content.yamlsource import Source, YamlProblem, decode, parse

FORMAT = 4
# A new version of reporter may parse differently: its store starts afresh.
_HEADER = json.dumps({"reporter-parse-store": FORMAT, "version": __version__})


class SourceStore:
    """Parse results (a Source, or the YamlProblem that stopped the parse) by blob id.

    On disk: JSON Lines, a header line then one `[blob id, entry]` line per parsed blob, appended as
    blobs are parsed, so saving costs what was added rather than the whole store. A line left half
    written by an interrupted build, or of a shape this code did not write, is parsed afresh.

    In memory each entry stays the JSON text of its line until a build asks for it, and the file is read
    line by line: the store of 500 projects' two years (53,000 blobs) decoded is 143 MB of small objects,
    and read in one JSON call it peaked at 475 MB; as text it is 91 MB, and a decoded entry is garbage as
    soon as the file it holds is validated (see `Source.placed`).
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self._lines: dict[str, str] = {}
        self.hits = self.misses = 0
        self._new: list[str] = []
        self._valid_file = False
        if path is not None and path.is_file():
            self._lines, self._valid_file = _load(path)

    def source(self, blob: str, read: Any) -> Source:
        """The parsed blob, from the store or by reading (`read()` gives its bytes) and parsing it."""
        line = self._lines.get(blob)
        entry = _entry_of(line, blob) if line is not None else None
        if line is not None and entry is not None:
            try:
                stored = _from_json(entry, line)
            except YamlProblem:
                self.hits += 1
                raise
            except (KeyError, TypeError, ValueError):
                stored = None  # not an entry this code wrote: parse the file instead
            if stored is not None:
                self.hits += 1
                return stored
        self.misses += 1
        try:
            result: Source | YamlProblem = parse(decode(read()))
        except YamlProblem as exc:
            result = exc
        entry = _to_json(result)
        line = self._keep(blob, entry)
        if isinstance(result, YamlProblem):
            raise result
        return _StoredSource(result.data, entry["problems"], line)  # its places as a stored one's: text until asked for

    def entry(self, blob: str) -> dict[str, Any] | None:
        """What the store keeps for the blob (see `parsed_entry`), or None when it has none that reads."""
        line = self._lines.get(blob)
        return _entry_of(line, blob) if line is not None else None

    def __contains__(self, blob: str) -> bool:
        return blob in self._lines

    def __iter__(self) -> Iterator[str]:
        """The blobs held, in the order they were first stored."""
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def add(self, blob: str, entry: dict[str, Any]) -> None:
        """Keep `entry` (what `parsed_entry` gave for the blob's bytes, here or in another process) as the blob's
        parse, as `source` keeps what it parses: saved with the next `save`."""
        self.misses += 1
        self._keep(blob, entry)

    def _keep(self, blob: str, entry: dict[str, Any]) -> str:
        line = self._lines[blob] = json.dumps([blob, entry], separators=(",", ":"))
        self._new.append(blob)
        return line

    def save(self) -> None:
        """Append what was parsed since the last save (start a new file when there is none, or when
        the old one was not a store of this format)."""
        if self.path is None or not self._new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._valid_file and self.path.is_file():
            after_half_a_line = not _ends_a_line(self.path)
            with open(self.path, "a", encoding="utf-8") as out:
                if after_half_a_line:  # an interrupted append: that line stays damaged, the next ones read
                    out.write("\n")
                self._write_new(out)
        else:  # written aside and renamed over, so a reader never sees a header without its lines
            handle, temporary = tempfile.mkstemp(prefix=".parsed-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(_HEADER + "\n")
                self._write_new(out)
            os.replace(temporary, self.path)
            self._valid_file = True
        self._new.clear()

    def _write_new(self, out: Any) -> None:
        # Line by line: a cold build parses 50,000 files, whose lines joined first would be one string of
        # 85 MB on top of the build's peak.
        for blob in self._new:
            out.write(self._lines[blob] + "\n")


def _entry_of(line: str, blob: str) -> dict[str, Any] | None:
    """The entry a store line holds for `blob`, or None for a line that does not read as one."""
    try:
        pair = json.loads(line)
    except ValueError:
        return None
    if isinstance(pair, list) and len(pair) == 2 and pair[0] == blob and isinstance(pair[1], dict):
        return pair[1]
    return None


def _ends_a_line(path: Path) -> bool:
    with open(path, "rb") as file:
        file.seek(-1, os.SEEK_END)
        return file.read(1) == b"\n"


def parsed_entry(raw: bytes) -> dict[str, Any]:
    """What the store keeps for a blob of these bytes: its parse, or the problem that stopped it (plain data,
    so that another process can send it back pickled and `SourceStore.add` keep it)."""
    try:
        result: Source | YamlProblem = parse(decode(raw))
    except YamlProblem as exc:
        result = exc
    return _to_json(result)


def _load(path: Path) -> tuple[dict[str, str], bool]:
    """The lines of a store file by blob id, undecoded, and whether it is one (else it is ignored and replaced)."""
    lines: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as file:
            if file.readline().rstrip("\n") != _HEADER:
                return {}, False
            for line in file:  # line by line: the whole text and its split lines at once would double the peak
                blob, sep, _ = line[2:82].partition('",')
                if line.startswith('["') and sep and line.endswith("}]\n"):
                    lines[blob] = line[:-1]
    except (OSError, UnicodeDecodeError):
        return {}, False
    return lines, True


def _to_json(result: Source | YamlProblem) -> dict[str, Any]:
    if isinstance(result, YamlProblem):
        return {"error": [result.line, result.col, result.message]}
    # Places are kept as a JSON text inside the entry: loading the store then skims over them, and they
    # are decoded only for a file that has a problem to report.
    places = {
        "values": [[list(path), line, col] for path, (line, col) in result.values.items()],
        "keys": [[list(path), line, col] for path, (line, col) in result.keys.items()],
    }
    return {
        "data": result.data,
        "places": json.dumps(places, separators=(",", ":")),
        "problems": [[p.line, p.col, p.message, p.severity] for p in result.problems],
    }


def _from_json(entry: dict[str, Any], line: str) -> Source:
    """The stored result (`line`: the store line it was read from); KeyError, TypeError or ValueError for an
    entry of the wrong shape."""
    if "error" in entry:
        line_number, col, message = entry["error"]
        if not (isinstance(line_number, int) and isinstance(col, int) and isinstance(message, str)):
            raise TypeError("not a stored problem")
        raise YamlProblem(line_number, col, message)
    if not isinstance(entry["places"], str) or not isinstance(entry["problems"], list):
        raise TypeError("not a stored parse")
    return _StoredSource(entry["data"], entry["problems"], line)


class _StoredSource(Source):
    """A Source as the store keeps it. Places are only needed to report a problem, so they stay in the
    store's line of the blob (text the store holds anyway) and are decoded on first use, rather than
    for every blob of every build."""

    def __init__(self, data: Any, problems: list[list[Any]], line: str):  # no super().__init__: places are lazy
        self.data = data
        self._line = line
        self.problems = [YamlProblem(int(at), int(col), str(message), str(severity)) for at, col, message, severity in problems]

    def placed(self) -> Source:
        kept = copy.copy(self)
        kept.data = None
        return kept

    @functools.cached_property
    def _decoded(self) -> dict[str, Any]:
        return json.loads(json.loads(self._line)[1]["places"])

    @functools.cached_property
    def values(self) -> dict[tuple, tuple[int, int]]:  # type: ignore[override]
        return {tuple(path): (line, col) for path, line, col in self._decoded["values"]}

    @functools.cached_property
    def keys(self) -> dict[tuple, tuple[int, int]]:  # type: ignore[override]
        return {tuple(path): (line, col) for path, line, col in self._decoded["keys"]}
