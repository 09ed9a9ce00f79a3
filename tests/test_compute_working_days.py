"""Working days: counting and stepping, checked against a 2026 calendar (2026-01-05 is a Monday)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.compute.working_days import (
    add_working_days,
    count_working_days,
    is_working_day,
    weekday_numbers,
    working_day_date,
)
from reporter.content.models import Reporting, Weekday

D = dt.date
MON_FRI = Reporting().working_days  # the default: Monday to Friday


def test_calendar_assumptions():
    assert D(2026, 1, 5).weekday() == 0  # Monday
    assert D(2026, 1, 9).weekday() == 4  # Friday
    assert D(2026, 1, 10).weekday() == 5  # Saturday
    assert D(2026, 2, 27).weekday() == 4  # Friday


def test_weekday_numbers():
    assert weekday_numbers(MON_FRI) == {0, 1, 2, 3, 4}
    assert weekday_numbers([Weekday.sunday, 2]) == {6, 2}


def test_count_is_inclusive():
    assert count_working_days(D(2026, 1, 5), D(2026, 1, 5), MON_FRI) == 1
    assert count_working_days(D(2026, 1, 5), D(2026, 1, 9), MON_FRI) == 5
    assert count_working_days(D(2026, 1, 5), D(2026, 1, 11), MON_FRI) == 5  # the weekend adds nothing
    assert count_working_days(D(2026, 1, 5), D(2026, 1, 12), MON_FRI) == 6
    # 2026-01-05 (Mon) .. 2026-02-27 (Fri) is 8 whole weeks: 8 x 5 = 40
    assert count_working_days(D(2026, 1, 5), D(2026, 2, 27), MON_FRI) == 40


def test_count_of_an_empty_or_weekend_range_is_zero():
    assert count_working_days(D(2026, 1, 9), D(2026, 1, 5), MON_FRI) == 0  # last before first
    assert count_working_days(D(2026, 1, 10), D(2026, 1, 11), MON_FRI) == 0  # Saturday..Sunday


def test_count_with_other_working_days():
    sun_thu = [Weekday.sunday, Weekday.monday, Weekday.tuesday, Weekday.wednesday, Weekday.thursday]
    # Friday 2026-01-09 .. Sunday 2026-01-11: only the Sunday works
    assert count_working_days(D(2026, 1, 9), D(2026, 1, 11), sun_thu) == 1
    assert not is_working_day(D(2026, 1, 9), sun_thu)
    assert is_working_day(D(2026, 1, 11), sun_thu)


def test_add_working_days_steps_over_weekends():
    friday = D(2026, 1, 9)
    assert add_working_days(friday, 0, MON_FRI) == friday
    assert add_working_days(friday, 1, MON_FRI) == D(2026, 1, 12)  # Monday
    assert add_working_days(friday, 6, MON_FRI) == D(2026, 1, 19)  # a week and a day later
    assert add_working_days(D(2026, 1, 12), -1, MON_FRI) == friday
    assert add_working_days(D(2026, 1, 10), 1, MON_FRI) == D(2026, 1, 12)  # from a Saturday


def test_add_working_days_without_working_days_is_an_error():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), 1, [])


def test_working_day_date_counts_the_start_as_day_one():
    assert working_day_date(D(2026, 1, 5), 1, MON_FRI) == D(2026, 1, 5)
    assert working_day_date(D(2026, 1, 5), 5, MON_FRI) == D(2026, 1, 9)
    assert working_day_date(D(2026, 1, 5), 6, MON_FRI) == D(2026, 1, 12)
    assert working_day_date(D(2026, 1, 10), 1, MON_FRI) == D(2026, 1, 12)  # a Saturday start: day 1 is Monday
    with pytest.raises(ValueError):
        working_day_date(D(2026, 1, 5), 0, MON_FRI)


weekday_sets = st.sets(st.integers(0, 6), min_size=1)
days = st.dates(D(2025, 12, 1), D(2027, 2, 1))


@settings(max_examples=100, deadline=None)
@given(start=days, end=days, working=weekday_sets)
def test_count_matches_a_day_by_day_count(start, end, working):
    by_hand = sum(1 for i in range((end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() in working)
    assert count_working_days(start, end, working) == by_hand


@settings(max_examples=100, deadline=None)
@given(start=days, n=st.integers(1, 400), working=weekday_sets)
def test_working_day_date_inverts_count(start, n, working):
    day = working_day_date(start, n, working)
    assert count_working_days(start, day, working) == n
    assert day.weekday() in working


@settings(max_examples=100, deadline=None)
@given(start=days, n=st.integers(-300, 300), working=weekday_sets)
def test_add_then_subtract_returns_to_a_working_day(start, n, working):
    monday = start - dt.timedelta(days=start.weekday())
    anchor = working_day_date(monday, 1, working)  # a working day
    assert add_working_days(add_working_days(anchor, n, working), -n, working) == anchor


def test_count_in_whole_weeks_and_the_days_left_over():
    # Wed 2026-01-07 .. Tue 2026-01-20 is 14 days: 2 whole weeks, 2 x 5 = 10 working days.
    assert count_working_days(D(2026, 1, 7), D(2026, 1, 20), MON_FRI) == 10
    # Wed 2026-01-07 .. Mon 2026-01-19 is 13 days: 1 whole week (5), then 6 days from a Wednesday
    # (Wed, Thu, Fri, Sat, Sun, Mon: 4 working days): 5 + 4 = 9.
    assert count_working_days(D(2026, 1, 7), D(2026, 1, 19), MON_FRI) == 9
    assert weekday_numbers(MON_FRI).partial[2][6] == 4
    # Sunday to Thursday, from Fri 2026-01-09 for 10 days (to Sun 2026-01-18): 1 week (5), then Fri, Sat, Sun
    # (only the Sunday works): 5 + 1 = 6.
    sun_thu = [Weekday.sunday, Weekday.monday, Weekday.tuesday, Weekday.wednesday, Weekday.thursday]
    assert count_working_days(D(2026, 1, 9), D(2026, 1, 18), sun_thu) == 6
    assert count_working_days(D(2026, 1, 9), D(2026, 1, 18), []) == 0  # no working weekday at all


def test_weekday_numbers_are_taken_as_they_are():
    numbers = weekday_numbers(MON_FRI)
    assert weekday_numbers(numbers) is numbers  # converted once, then passed on as they are
    assert count_working_days(D(2026, 1, 5), D(2026, 2, 27), numbers) == 40  # as with the list: 8 weeks x 5


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)),
    st.integers(min_value=-3, max_value=60),
    st.sets(st.integers(min_value=0, max_value=6)),
)
def test_count_equals_counting_day_by_day(first, length, numbers):
    last = first + dt.timedelta(days=length)
    by_day = sum(1 for n in range(length + 1) if (first + dt.timedelta(days=n)).weekday() in numbers)
    assert count_working_days(first, last, sorted(numbers)) == by_day
