"""Values remembered per object while it lives: work done once per plan or update, not once per week.

A trend computes a project's figures at the end of every reporting week, and from one week to the next
its plan and its earlier updates are the very same objects (the loader reuses what did not change), so
what depends on them alone (the planned curve, each update's progress as Decimals) is computed once.
Objects are told apart by identity, never by equality: nothing is hashed, and a value is dropped as
soon as its object is, so a memo never outlives its content. Memos change no figure, only its cost.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Values by object identity; an entry goes when its object is garbage collected."""

    def __init__(self) -> None:
        self._values: dict[int, tuple[weakref.ref[object], V]] = {}

    def get(self, owner: object, make: Callable[[], V]) -> V:
        """The value remembered for `owner`, made by `make()` the first time."""
        key = id(owner)
        found = self._values.get(key)
        if found is not None and found[0]() is owner:
            return found[1]
        value = make()
        self._values[key] = (weakref.ref(owner, lambda _ref: self._forget(key, _ref)), value)
        return value

    def _forget(self, key: int, ref: weakref.ref[object]) -> None:
        found = self._values.get(key)
        if found is not None and found[0] is ref:  # not a newer object that has the same id since
            del self._values[key]

    def __len__(self) -> int:
        return len(self._values)
