"""Parsed YAML by git blob id, kept on disk between builds, so a rebuild never parses a blob twice.

The cache holds plain data and positions as JSON, never pickles: a cache file that someone commits or
tampers with can at worst hold wrong data, which the models validate like any other, and it can
never run code. A damaged or foreign cache is ignored and rebuilt.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
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
    written by an interrupted build is skipped on the next load.
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self.entries: dict[str, Any] = {}
        self.hits = self.misses = 0
        self._new: list[str] = []
        self._valid_file = False
        if path is not None and path.is_file():
            self.entries, self._valid_file = _load(path)

    def source(self, blob: str, read: Any) -> Source:
        """The parsed blob, from the store or by reading (`read()` gives its bytes) and parsing it."""
        entry = self.entries.get(blob)
        if entry is not None:
            try:
                stored = _from_json(entry)
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
        self.entries[blob] = _to_json(result)
        self._new.append(blob)
        if isinstance(result, YamlProblem):
            raise result
        return result

    def __contains__(self, blob: str) -> bool:
        return blob in self.entries

    def add(self, blob: str, entry: dict[str, Any]) -> None:
        """Keep `entry` (what `parsed_entry` gave for the blob's bytes, here or in another process) as the blob's
        parse, as `source` keeps what it parses: saved with the next `save`."""
        self.misses += 1
        self.entries[blob] = entry
        self._new.append(blob)

    def save(self) -> None:
        """Append what was parsed since the last save (start a new file when there is none, or when
        the old one was not a store of this format)."""
        if self.path is None or not self._new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._valid_file:
            with open(self.path, "a", encoding="utf-8") as out:
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
        # 85 MB (and more in memory) on top of the build's peak.
        for blob in self._new:
            out.write(json.dumps([blob, self.entries[blob]], separators=(",", ":")) + "\n")


def parsed_entry(raw: bytes) -> dict[str, Any]:
    """What the store keeps for a blob of these bytes: its parse, or the problem that stopped it (plain data,
    so that another process can send it back pickled and `SourceStore.add` keep it)."""
    try:
        result: Source | YamlProblem = parse(decode(raw))
    except YamlProblem as exc:
        result = exc
    return _to_json(result)


def _load(path: Path) -> tuple[dict[str, Any], bool]:
    """The entries of a store file, and whether it is one (else it is ignored and replaced)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}, False
    header, _, body = text.partition("\n")
    if header != _HEADER:
        return {}, False
    lines = body.splitlines()
    try:  # one call into the C decoder for the whole file
        pairs = json.loads("[" + ",".join(lines) + "]")
    except ValueError:  # a damaged line (an interrupted append): keep every line that reads
        pairs = []
        for line in lines:
            try:
                pairs.append(json.loads(line))
            except ValueError:
                continue
    entries = {}
    for pair in pairs:
        if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], dict):
            entries[pair[0]] = pair[1]
    return entries, True


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


def _from_json(entry: dict[str, Any]) -> Source:
    """The stored result; KeyError, TypeError or ValueError for an entry of the wrong shape."""
    if "error" in entry:
        line, col, message = entry["error"]
        if not (isinstance(line, int) and isinstance(col, int) and isinstance(message, str)):
            raise TypeError("not a stored problem")
        raise YamlProblem(line, col, message)
    if not isinstance(entry["places"], str) or not isinstance(entry["problems"], list):
        raise TypeError("not a stored parse")
    return _StoredSource(entry)


class _StoredSource(Source):
    """A Source read back from the store. Places are only needed to report a problem, so they are
    decoded on first use rather than for every blob of every build."""

    def __init__(self, entry: dict[str, Any]):  # no super().__init__: values and keys are built lazily
        self.data = entry["data"]
        self._places = entry["places"]
        self.problems = [
            YamlProblem(int(line), int(col), str(message), str(severity)) for line, col, message, severity in entry["problems"]
        ]

    @functools.cached_property
    def _decoded(self) -> dict[str, Any]:
        return json.loads(self._places)

    @functools.cached_property
    def values(self) -> dict[tuple, tuple[int, int]]:  # type: ignore[override]
        return {tuple(path): (line, col) for path, line, col in self._decoded["values"]}

    @functools.cached_property
    def keys(self) -> dict[tuple, tuple[int, int]]:  # type: ignore[override]
        return {tuple(path): (line, col) for path, line, col in self._decoded["keys"]}
