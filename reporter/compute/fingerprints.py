"""What earlier builds computed, and the hashes that say when it may be used again.

A build computes the same figures again and again: every trend point of every past week, every past
week's highlights and plan changes. What depends only on the content as it stood (a project's plan and
updates, the portfolio's settings) and a day can be handed in from an earlier build (`Remembered`, kept
on disk by the pipeline) under a hash of exactly those inputs. `Fingerprints` makes those hashes once per
record: each record's every field (and an update's number within its day), a project's updates as a
chain, and a whole snapshot of the content.
"""

from __future__ import annotations

import hashlib
from typing import Any, Protocol

from reporter.content.models import Content, Update


class Remembered(Protocol):
    """Values computed by earlier builds, by key (on disk: `reporter.render.cache.ConvertedStore`)."""

    def get(self, key: str) -> Any | None:
        """The value stored under `key`, or None."""

    def put(self, key: str, value: Any) -> None:
        """Store a value (plain JSON data) under `key`."""


class Fingerprints:
    """A hash of each content record's every field (and an update's number within its day), made once per
    object. Kept by object id for one build, whose snapshots hold every record alive meanwhile; each record
    is held here too, so that no id is reused while the table lives."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[bytes, object]] = {}
        # project id -> (its updates in the last snapshot, the chain of hashes of their first 0, 1, 2 ...)
        self._chains: dict[str, tuple[tuple[Update, ...], list[bytes]]] = {}

    def updates(self, project_id: str, updates: tuple[Update, ...]) -> bytes:
        """A hash of these updates in order: each link hashes the one before and the next update's fingerprint.
        A project's next snapshot has the same update objects and a few more, so only those are hashed (the
        tuples compare by identity, in C); any other sequence is chained from the start."""
        known, chain = self._chains.get(project_id, ((), [b""]))
        n = len(known)
        if n > len(updates) or updates[:n] != known:
            if n > len(updates) and known[: len(updates)] == updates:
                return chain[len(updates)]
            n, chain = 0, [b""]
        for update in updates[n:]:
            chain.append(hashlib.blake2b(chain[-1] + self(update), digest_size=16).digest())
        self._chains[project_id] = (updates, chain)
        return chain[-1]

    def content(self, content: Content) -> bytes:
        """A hash of a whole snapshot: the portfolio's settings and each project's id, plan and updates, in order."""
        found = self._by_id.get(id(content))
        if found is None:
            digest = hashlib.blake2b(self(content.portfolio), digest_size=16)
            for project in content.projects:
                digest.update(b"\0" + project.id.encode("utf-8", "surrogatepass") + b"\0")
                digest.update(self(project.plan) + self.updates(project.id, project.updates))
            found = self._by_id[id(content)] = (digest.digest(), content)
        return found[0]

    def __call__(self, record: Any) -> bytes:
        found = self._by_id.get(id(record))
        if found is None:
            text = record.model_dump_json()
            sequence = getattr(record, "sequence", None)
            if sequence is not None:
                text += f"#{sequence}"
            digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            found = self._by_id[id(record)] = (digest, record)
        return found[0]
