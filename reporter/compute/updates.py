"""What a project's weekly updates say at a date: one view, built once per project and date.

`updates_at(updates, day)` is the one place that decides which updates count at a date (those dated
on or before it) and the newest fact they give: the latest update and its colour, each task's
progress, each milestone's forecast, the actual cost. Progress, milestones, health, highlights,
changes and `reporter new update` all read these facts through it, so they cannot disagree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from reporter.compute.decimals import as_decimal
from reporter.compute.memo import ByIdentity
from reporter.content.models import Update

_PROGRESS: ByIdentity[dict[str, Decimal]] = ByIdentity()
V = TypeVar("V")


@dataclass(frozen=True)
class UpdatesAt:
    """A project's updates dated on or before `day`, oldest first, and the newest fact each kind gives."""

    day: dt.date | None  # None: every update counts
    updates: tuple[Update, ...]

    @property
    def latest(self) -> Update | None:
        """The newest update, or None before the first one."""
        return self.updates[-1] if self.updates else None

    @functools.cached_property
    def progress(self) -> dict[str, Decimal]:
        """Task id -> percent complete from the newest update naming the task (read only: it may be shared,
        see `_progress_so_far`)."""
        return _progress_so_far(self.updates)

    @functools.cached_property
    def forecasts(self) -> dict[str, dt.date]:
        """Milestone id -> the newest forecast given for it (read only: it may be shared, see `_newest_forecasts`)."""
        return _newest_forecasts(self.updates)

    @functools.cached_property
    def cost(self) -> tuple[Decimal, dt.date] | None:
        """The newest actual cost to date and the date of the update that gave it; None before any."""
        for update in reversed(self.updates):
            if update.actual_cost is not None:
                return Decimal(update.actual_cost), update.date
        return None

    @property
    def actual_cost(self) -> Decimal | None:
        """The newest actual cost to date, or None."""
        return None if self.cost is None else self.cost[0]


_by_date = operator.attrgetter("date")


class _NewestSoFar(Generic[V]):
    """The newest of one kind of fact (each task's progress, each milestone's forecast) some updates give,
    oldest first, remembered per project (by its first update) for the last few sequences asked about. A week's
    changes ask about the updates up to the week before and up to the week (two lengths, in turn), and the next
    week about those and a few more: the longest remembered first part of the sequence is where it starts, so
    each week costs its new updates only, not the project's whole history. Each tuple is held here, so that the
    ids compared are their own."""

    def __init__(self, facts: Callable[[Update], Mapping[str, V]]) -> None:
        self._facts = facts
        self._last: dict[int, list[tuple[tuple[Update, ...], dict[str, V]]]] = {}

    def __call__(self, ordered: tuple[Update, ...]) -> dict[str, V]:
        """Id -> the newest fact these updates (oldest first) give for it (read only: it may be shared)."""
        if not ordered:
            return {}
        key = id(ordered[0])
        kept = self._last.get(key)
        found: dict[str, V] = {}
        start = 0
        for known, facts in kept or ():
            n = len(known)
            # The same objects as a first part, by identity (the tuple held here keeps each id its own).
            if start < n <= len(ordered) and all(map(operator.is_, known, ordered)):
                if n == len(ordered):
                    return facts
                found, start = facts, n
        found = dict(found)
        for update in ordered[start:]:  # oldest first, so the newest wins
            found.update(self._facts(update))
        if kept is None:
            if len(self._last) >= _PROJECTS_SIZE:
                self._last.clear()
            kept = self._last[key] = []
        kept.append((ordered, found))
        del kept[:-_SEQUENCES_KEPT]
        return found

    def forget(self) -> None:
        """Let go of every sequence remembered (see `forget_sequences`)."""
        self._last.clear()


_SEQUENCES_KEPT = 4  # per project: the lengths a week asks about, and the next week's
_PROJECTS_SIZE = 16384
_NO_FACTS: Mapping[str, Any] = MappingProxyType({})
_progress_so_far = _NewestSoFar(lambda update: progress_of(update) if update.progress else _NO_FACTS)
_forecasts_so_far = _NewestSoFar(lambda update: update.forecasts)

# The newest forecasts of the last few thousand sequences of updates, by the identity of each sequence's last
# update, each with the sequence itself (held, so that the ids stay their own while remembered): a week's changes
# and highlights ask about the same updates as the week before, one update longer, in a tuple of their own.
_FORECASTS: dict[int, tuple[tuple[Update, ...], dict[str, dt.date]]] = {}


def _newest_forecasts(ordered: tuple[Update, ...]) -> dict[str, dt.date]:
    """Milestone id -> the newest forecast these updates (oldest first) give. A sequence that is one remembered
    before (the very same updates, compared by identity in C) or that one plus an update starts from its
    forecasts, so a project's weeks cost one update each rather than its whole history each."""
    if not ordered:
        return {}
    seen = _FORECASTS.get(id(ordered[-1]))
    if seen is not None and _same_updates(seen[0], ordered):
        return seen[1]
    forecasts = _forecasts_so_far(ordered)  # from the same updates one or more shorter, when remembered
    if len(_FORECASTS) >= _ORDERED_SIZE:
        _FORECASTS.clear()
    _FORECASTS[id(ordered[-1])] = (ordered, forecasts)
    return forecasts


def newest_forecasts(ordered: Sequence[Update]) -> dict[str, dt.date]:
    """Milestone id -> the newest forecast of updates already oldest first (read only: it may be shared)."""
    return _newest_forecasts(ordered if isinstance(ordered, tuple) else tuple(ordered))


def _same_updates(known: tuple[Update, ...], ordered: tuple[Update, ...]) -> bool:
    """Whether two sequences hold the very same update objects in the same order."""
    return known is ordered or (len(known) == len(ordered) and all(map(operator.is_, known, ordered)))


# The same tuple of a project's updates is asked about several times in a row (a week's highlights, its
# changes, the next week's changes): its order is remembered for the last few thousand tuples, each held
# here so that its id stays its own while it is remembered.
_ORDERED: dict[int, tuple[tuple[Update, ...], tuple[Update, ...], list[dt.date]]] = {}
_ORDERED_SIZE = 4096


def _in_order(given: tuple[Update, ...]) -> tuple[tuple[Update, ...], list[dt.date]]:
    """The updates oldest first (the day's last newest), and their dates."""
    dates = list(map(_by_date, given))
    # A project's updates come in order, one a day, almost always: checked (in C, as this is called for every
    # project, week and figure) rather than sorted again.
    if all(map(operator.lt, dates, dates[1:])):
        return given, dates
    ordered = tuple(sorted(given, key=_by_date))
    if any(a.date == b.date for a, b in zip(ordered, ordered[1:], strict=False)):
        # several a day: the day's last is the newest
        ordered = tuple(sorted(ordered, key=lambda u: u.key))
    return ordered, list(map(_by_date, ordered))


def updates_at(updates: Iterable[Update], day: dt.date | None = None) -> UpdatesAt:
    """What these updates say at the end of `day` (every update when `day` is None)."""
    given = updates if isinstance(updates, tuple) else tuple(updates)
    seen = _ORDERED.get(id(given))
    if seen is not None and seen[0] is given:
        _, ordered, dates = seen
    else:
        ordered, dates = _in_order(given)
        if len(_ORDERED) >= _ORDERED_SIZE:
            _ORDERED.clear()
        _ORDERED[id(given)] = (given, ordered, dates)
    if day is not None:
        ordered = ordered[: bisect.bisect_right(dates, day)]
    return UpdatesAt(day, ordered)


def forget_sequences() -> None:
    """Let go of every sequence of updates remembered here (`_ORDERED`, `_FORECASTS`, the `_NewestSoFar`s), each
    held so that its ids stay its own: once a site model is computed (see `site_model`), so that they do not
    hold its content, and every figure remembered for it (`ByIdentity`), after it: at 500 projects, the whole
    content and its figures through MkDocs' build, where the peak was reached, and a served site's last build
    through the next."""
    _ORDERED.clear()
    _FORECASTS.clear()
    _progress_so_far.forget()
    _forecasts_so_far.forget()


def progress_of(update: Update) -> dict[str, Decimal]:
    """Task id -> percent complete as this one update gives it (read only: it is converted once per update)."""
    return _PROGRESS.get(update, lambda: {k: as_decimal(v) for k, v in update.progress.items()})


def updates_until(updates: Iterable[Update], day: dt.date) -> list[Update]:
    """The updates dated on or before `day`, oldest first."""
    return list(updates_at(updates, day).updates)


def latest_update(updates: Iterable[Update], day: dt.date) -> Update | None:
    """The newest update dated on or before `day`, or None when there is none yet."""
    return updates_at(updates, day).latest


def latest_actual_cost(updates: Iterable[Update], day: dt.date) -> Decimal | None:
    """The actual cost to date from the newest update on or before `day` that gives one, or None."""
    return updates_at(updates, day).actual_cost
