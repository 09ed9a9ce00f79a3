"""Working days: counting them in a date range and stepping over them.

The working weekdays come from `portfolio.reporting.working_days`; every function here takes them as
an argument (Weekday values, or weekday numbers with 0 = Monday), so nothing depends on a locale or
on a holiday calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from reporter.content.models import Weekday

ONE_DAY = dt.timedelta(days=1)


class WeekdayNumbers(frozenset[int]):
    """The working weekdays as numbers (0 for Monday to 6 for Sunday), with what counting needs made once:
    `partial[w][r]`, how many of the `r` days (0 to 6) from a day of weekday `w` on are working days. Every
    function here takes one as it takes a list of weekdays, without converting it again."""

    __slots__ = ("partial",)
    partial: tuple[tuple[int, ...], ...]

    def __new__(cls, numbers: Iterable[int]) -> WeekdayNumbers:
        """The set of these weekday numbers, with its table of partial weeks."""
        made = super().__new__(cls, numbers)
        made.partial = tuple(
            tuple(sum(1 for i in range(rest) if (start + i) % 7 in made) for rest in range(7)) for start in range(7)
        )
        return made


def weekday_numbers(working_days: Iterable[Weekday | int]) -> WeekdayNumbers:
    """The working weekdays as numbers, 0 for Monday to 6 for Sunday."""
    if isinstance(working_days, WeekdayNumbers):
        return working_days
    return _numbers(tuple(working_days))


@functools.lru_cache(maxsize=64)
def _numbers(working_days: tuple[Weekday | int, ...]) -> WeekdayNumbers:
    return WeekdayNumbers(day.number if isinstance(day, Weekday) else int(day) for day in working_days)


def is_working_day(day: dt.date, working_days: Iterable[Weekday | int]) -> bool:
    """Whether `day` falls on one of the working weekdays."""
    return day.weekday() in weekday_numbers(working_days)


def count_working_days(first: dt.date, last: dt.date, working_days: Iterable[Weekday | int]) -> int:
    """The number of working days from `first` to `last`, both included; 0 when `last` is before `first`."""
    numbers = weekday_numbers(working_days)
    if last < first:
        return 0
    # Called millions of times by a large portfolio's trends: whole weeks, then the rest from the table.
    full_weeks, rest = divmod((last - first).days + 1, 7)
    return full_weeks * len(numbers) + numbers.partial[first.weekday()][rest]


def add_working_days(day: dt.date, n: int, working_days: Iterable[Weekday | int]) -> dt.date:
    """The date `n` working days after `day` (before it when `n` is negative); `day` itself is not counted.

    `add_working_days(friday, 1)` is the next Monday in a Monday-to-Friday week; `n = 0` gives `day`.
    Raises ValueError when there are no working weekdays at all (then no such date exists).
    """
    numbers = weekday_numbers(working_days)
    if n == 0:
        return day
    if not numbers:
        raise ValueError("there are no working days in the week")
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    # Any 7 consecutive days hold each working weekday once: jump whole weeks, then walk.
    weeks = (remaining - 1) // len(numbers)
    day += 7 * weeks * step
    remaining -= weeks * len(numbers)
    while remaining:
        day += step
        if day.weekday() in numbers:
            remaining -= 1
    return day


def working_day_date(start: dt.date, n: int, working_days: Iterable[Weekday | int]) -> dt.date:
    """The date of working day number `n` counted from `start`, where `start` is day 1 when it is a working day.

    This is how plan durations count: working day 1 is the first working day on or after `start`, so
    `count_working_days(start, working_day_date(start, n)) == n`. `n` must be 1 or more.
    """
    if n < 1:
        raise ValueError(f"working day numbers start at 1, not {n}")
    return add_working_days(start - ONE_DAY, n, working_days)
