"""Converted text kept between builds, keyed by a hash of everything the conversion depends on.

A build converts the same Markdown again and again: every update's summary on every build, every
generated page by MkDocs. `ConvertedStore` remembers each result under a key that hashes the text, the
options and the versions of the code that converted it, so a result is reused exactly when converting
again would give it, and a changed text or a new version of reporter simply misses.

On disk (beside the parse store, in the repository's git folder): JSON Lines, a header line then one
`[key, value]` line per entry. Only the entries this build used are written back, so the store holds
one build's worth and never grows with history; it is rewritten (aside, then renamed over) only when
something was added or left unused. A damaged, foreign or older store is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from reporter import __version__

FORMAT = 1
StoreMark = tuple[frozenset[str], frozenset[str], int]  # ConvertedStore.mark: keys used, keys held, hits
StoreChanges = tuple[list[str], dict[str, Any], int]  # ConvertedStore.changes_since: keys used, entries put, hits


def key_of(*parts: str) -> str:
    """The key of a conversion: a hash of reporter's version and every part it depends on."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(b"\0%d\0" % len(encoded))
        digest.update(encoded)
    return digest.hexdigest()


class ConvertedStore:
    """Results of a conversion by key; `path` None keeps them for this process only."""

    def __init__(self, path: Path | None = None, kind: str = "converted"):
        self.path = path
        self._header = json.dumps({"reporter-store": kind, "format": FORMAT, "version": __version__})
        self.entries: dict[str, Any] = _load(path, self._header) if path is not None else {}
        self.used: set[str] = set()
        self.added = 0
        self.hits = 0

    def get(self, key: str) -> Any | None:
        """The remembered result, or None."""
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
            self.hits += 1
        return found

    def put(self, key: str, value: Any) -> None:
        """Remember a result (plain JSON data)."""
        self.entries[key] = value
        self.used.add(key)
        self.added += 1

    def mark(self) -> StoreMark:
        """Where the store is now (the keys used and held, and the hits), for `changes_since`."""
        return frozenset(self.used), frozenset(self.entries), self.hits

    def changes_since(self, mark: StoreMark) -> StoreChanges:
        """What was done to the store since `mark`: the keys used, the entries put and the hits. A forked process
        sends them back to its parent (`take`), whose store would otherwise not know them: the next build must."""
        used, held, hits = mark
        added = {key: value for key, value in self.entries.items() if key not in held}
        return sorted(self.used - used), added, self.hits - hits

    def take(self, changes: StoreChanges) -> None:
        """The changes another process's copy of this store made (`changes_since`), made here too."""
        used, added, hits = changes
        self.used.update(used)
        for key, value in added.items():
            if key in self.entries:  # put here meanwhile too: one conversion, and the other a hit, as done serially
                self.hits += 1
            else:
                self.put(key, value)
        self.hits += hits

    def save(self) -> None:
        """Write back the entries this build used, when that differs from what is on disk; a store that
        cannot be written is left alone (the next build converts again)."""
        if self.path is None or (self.added == 0 and len(self.used) == len(self.entries)):
            return
        kept = {key: self.entries[key] for key in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(self._header + "\n")
                out.writelines(json.dumps([key, value], separators=(",", ":")) + "\n" for key, value in kept.items())
            os.replace(temporary, self.path)
        except OSError:
            return
        self.entries, self.added = kept, 0


def _load(path: Path, header: str) -> dict[str, Any]:
    """The entries of a store file; none when it is missing, damaged or not a store of this format."""
    entries: dict[str, Any] = {}
    try:
        with open(path, encoding="utf-8") as file:
            if file.readline().rstrip("\n") != header:
                return {}
            # Line by line: the week pages' store is 45 MB, and its text, its lines and their join held at
            # once for one decoding call were the largest build's peak (three copies beside the entries).
            for line in file:
                pair = json.loads(line)
                if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str):
                    entries[pair[0]] = pair[1]
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return entries
