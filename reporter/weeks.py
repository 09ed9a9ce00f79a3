"""Reporting weeks: ISO 8601 weeks (Monday to Sunday), named like 2026-W47.

`Week` is the one week model of the whole pipeline: gather takes a snapshot at each week's cut-off,
trends and week pages are per week, the digest reports one week. An update belongs to the week of its
own `date`, whenever it was committed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
ONE_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week, Monday to Sunday; weeks sort in time order."""

    monday: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Week:
        """The week a date falls in."""
        return cls(day - dt.timedelta(days=day.weekday()))

    @classmethod
    def named(cls, name: str) -> Week:
        """The week named like '2026-W47'; ValueError when that is not a week."""
        match = _WEEK.match(name)
        if not match:
            raise ValueError(f"'{name}' is not a week; write it like 2026-W47")
        year, number = int(match.group(1)), int(match.group(2))
        # The weeks of the dates reporter accepts in content (1900-01-01 to 2200-12-31, see
        # content.models), whose last ISO week is 2201-W01: beyond them date arithmetic overflows.
        outside = f"'{name}' is outside the dates reporter accepts (1900-01-01 to 2200-12-31)"
        if not 1900 <= year <= 2201:
            raise ValueError(outside)
        try:
            week = cls(dt.date.fromisocalendar(year, number, 1))
        except ValueError:
            raise ValueError(f"'{name}' is not a week of {year}") from None
        if week.monday > dt.date(2200, 12, 31):
            raise ValueError(outside)
        return week

    @property
    def name(self) -> str:
        """The ISO name, e.g. '2026-W47'."""
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def sunday(self) -> dt.date:
        """The week's last day."""
        return self.monday + dt.timedelta(days=6)

    def cutoff(self, report_date: dt.date) -> dt.date:
        """The last day of the week that counts at a report date: its Sunday, or the report date while the
        week is not over."""
        return min(self.sunday, report_date)

    @property
    def previous(self) -> Week:
        """The week before."""
        return Week(self.monday - ONE_WEEK)

    @property
    def next(self) -> Week:
        """The week after."""
        return Week(self.monday + ONE_WEEK)

    def __str__(self) -> str:
        return self.name


def weeks_between(first: dt.date, last: dt.date) -> list[Week]:
    """Every week from the week of `first` to the week of `last`, oldest first (none when last < first)."""
    weeks, week = [], Week.of(first)
    while week.monday <= last:
        weeks.append(week)
        week = week.next
    return weeks


def week_of(day: dt.date) -> str:
    """The ISO week a date falls in, e.g. 2026-11-20 -> '2026-W47'."""
    return Week.of(day).name


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of an ISO week named like '2026-W47'; ValueError when it is not one."""
    found = Week.named(week)
    return found.monday, found.sunday
