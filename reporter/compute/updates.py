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
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reporter.compute.decimals import as_decimal
from reporter.compute.memo import ByIdentity
from reporter.content.models import Update

_PROGRESS: ByIdentity[dict[str, Decimal]] = ByIdentity()


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
        """Task id -> percent complete from the newest update naming the task."""
        found: dict[str, Decimal] = {}
        for update in self.updates:  # oldest first, so the newest wins
            if update.progress:
                found.update(progress_of(update))
        return found

    @functools.cached_property
    def forecasts(self) -> dict[str, dt.date]:
        """Milestone id -> the newest forecast given for it."""
        found: dict[str, dt.date] = {}
        for update in self.updates:
            if update.forecasts:
                found.update(update.forecasts)
        return found

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


def updates_at(updates: Iterable[Update], day: dt.date | None = None) -> UpdatesAt:
    """What these updates say at the end of `day` (every update when `day` is None)."""
    ordered = updates if isinstance(updates, tuple) else tuple(updates)
    dates = list(map(_by_date, ordered))
    # A project's updates come in order, one a day, almost always: checked (in C, as this is called for every
    # project, week and figure) rather than sorted again.
    if not all(map(operator.lt, dates, dates[1:])):
        ordered = tuple(sorted(ordered, key=_by_date))
        if any(a.date == b.date for a, b in zip(ordered, ordered[1:], strict=False)):
            # several a day: the day's last is the newest
            ordered = tuple(sorted(ordered, key=lambda u: u.key))
        dates = list(map(_by_date, ordered))
    if day is not None:
        ordered = ordered[: bisect.bisect_right(dates, day)]
    return UpdatesAt(day, ordered)


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
