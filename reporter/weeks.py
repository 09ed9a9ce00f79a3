"""Reporting weeks: ISO 8601 weeks (Monday to Sunday), named like 2026-W47."""

from __future__ import annotations

import datetime as dt
import re

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_of(day: dt.date) -> str:
    """The ISO week a date falls in, e.g. 2026-11-20 -> '2026-W47'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of an ISO week named like '2026-W47'; ValueError when it is not one."""
    match = _WEEK.match(week)
    if not match:
        raise ValueError(f"'{week}' is not a week; write it like 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        raise ValueError(f"'{week}' is not a week of {year}") from None
    return monday, monday + dt.timedelta(days=6)
