"""Which weekly updates count as of a date, and the newest facts they give."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from reporter.models import Update


def updates_until(updates: Iterable[Update], day: dt.date) -> list[Update]:
    """The updates dated on or before `day`, oldest first."""
    return sorted((u for u in updates if u.date <= day), key=lambda u: u.date)


def latest_update(updates: Iterable[Update], day: dt.date) -> Update | None:
    """The newest update dated on or before `day`, or None when there is none yet."""
    known = updates_until(updates, day)
    return known[-1] if known else None


def latest_actual_cost(updates: Iterable[Update], day: dt.date) -> Decimal | None:
    """The actual cost to date from the newest update on or before `day` that gives one, or None."""
    for update in reversed(updates_until(updates, day)):
        if update.actual_cost is not None:
            return Decimal(update.actual_cost)
    return None
