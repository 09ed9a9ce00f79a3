"""Earned schedule at a report date: schedule performance measured in working days instead of money.

Time t counts working days from the plan's start, which is working day 1 when it is a working day:
PV(t) is the planned value at the end of working day t (t = 0: the day before the start), for
t = 0..PD, the plan's length in working days.

- PD (planned duration) = working days from plan start to plan finish, both included.
- AT (actual time) = working days from plan start to the report date, both included (0 before the
  start). Once the project is 100% complete, AT stops at its actual finish: the earliest date the
  content supports, that is the earliest of the date of the update that brought it to 100% (percent
  complete recomputed as of each update; if work was reopened, the update that finished it again),
  the last milestone's `done` date (when every milestone has one) and the last task's `done` date
  (when every task has one). A project the plan alone says is complete finishes on its last done
  date, else on the planned finish of its last task, never later than the date it is measured at;
  a plan whose `state` is done, on its last milestone's done date (its due date when never marked
  done) or, without milestones, on the plan's finish (`declared_finish`).
- ES (earned schedule) = the time t at which PV(t) equals EV, interpolated between whole working
  days: C is the last t with PV(t) <= EV, and ES = C + (EV - PV(C)) / (PV(C+1) - PV(C)); ES = PD
  once EV reaches BAC. When no work is planned for a stretch, PV stays level and several t have
  PV(t) = EV exactly; ES is then the one of them nearest AT (see `earned_time`), so that a project
  exactly on plan has ES = AT.
- SV(t) = ES - AT in working days (negative: behind); SPI(t) = ES / AT.
- IEAC(t) (forecast duration) = PD / SPI(t) in working days; the forecast finish is the date of
  working day number IEAC(t), rounded up to a whole working day, counted like PD (the start is day
  1), so a project on plan is forecast to finish on the plan's last working day. None while SPI(t)
  is undefined or zero. A finished project's forecast finish is its actual finish.

PV(t) = BAC x planned fraction(t) and EV = BAC x complete fraction, so BAC cancels out: ES is found
on the fractions themselves and needs no budget. Figures are unrounded Decimals; None when undefined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from reporter.compute.decimals import ratio
from reporter.compute.memo import ByIdentity
from reporter.compute.progress import (
    ONE,
    ProjectProgress,
    WorkingDays,
    completion,
    planned_fraction,
    project_progress,
)
from reporter.compute.working_days import ONE_DAY, WeekdayNumbers, count_working_days, weekday_numbers, working_day_date
from reporter.content.models import Plan, State, Update

# The planned fraction at the end of each working day t, per plan and working week: a trend searches the
# same plan's curve once a week, and the plan is the same object from week to week until it changes.
_PLANNED_CURVES: ByIdentity[dict[WeekdayNumbers, dict[int, Decimal]]] = ByIdentity()


@dataclass(frozen=True)
class EarnedSchedule:
    """The earned schedule figures of one project at a report date; durations in working days.

    `finished` is True once the project is 100% complete, and `actual_finish` is then the date its
    clock stopped. `es`, `sv_t`, `spi_t`, `ieac_t` and `forecast_finish` are None when undefined
    (no measurable progress, or no time elapsed yet).
    """

    as_of: dt.date
    pd: int
    at: int
    es: Decimal | None
    sv_t: Decimal | None
    spi_t: Decimal | None
    ieac_t: Decimal | None
    forecast_finish: dt.date | None
    finished: bool
    actual_finish: dt.date | None


def planned_duration(plan: Plan, working_days: WorkingDays) -> int:
    """PD: the plan's working days from start to finish, both included."""
    return count_working_days(plan.start, plan.finish, working_days)


def actual_finish(plan: Plan, updates: Iterable[Update], report_date: dt.date, working_days: WorkingDays) -> dt.date:
    """When a 100%-complete project finished: the earliest date the content supports (call it only for a
    project that is 100% complete at `report_date`).

    That is the earliest of: the update that brought it to 100%; the last milestone's done date, when
    every milestone has one; the last task's done date, when every task has one. Finished on Wednesday
    and reported on Friday, the project finished on Wednesday. A done date before the last update that
    still reported work open does not count: an early gate reached in January is no finish when an
    update of February says half the work is left. When no update brought it to 100% (the plan alone
    says it is complete) and no done date says when, the planned finish of its last task, or of the
    plan, at the latest `report_date`. Never simply `report_date`: actual time would then keep growing after the
    finish, and a project finished on time would drift to red month by month."""
    candidates = []
    finished_on, still_open = completion(plan, updates, report_date, working_days)
    if finished_on is not None:
        candidates.append(finished_on)
    for items in (plan.milestones, plan.tasks):
        dates = [item.done for item in items if item.done is not None and item.done <= report_date]
        if dates and len(dates) == len(items) and (still_open is None or max(dates) >= still_open):
            candidates.append(max(dates))
    if candidates:
        return min(candidates)
    if plan.state == State.done:
        return min(declared_finish(plan), report_date)
    planned = max((t.finish for t in plan.tasks), default=plan.finish)
    return min(planned, report_date)


def declared_finish(plan: Plan) -> dt.date:
    """When a plan whose `state` is done finished, when nothing in it says more: the day its last
    milestone (by due date) was reached, or was due when it was never marked done; without milestones,
    the plan's finish."""
    last = max(plan.milestones, key=lambda m: m.due, default=None)
    if last is None:
        return plan.finish
    return last.done or last.due


def earned_time(complete: Decimal, planned_at: Callable[[int], Decimal], pd: int, at: int) -> Decimal:
    """ES for a complete fraction, given the planned fraction at the end of each working day t = 0..pd.

    `planned_at(t)` must never decrease as t grows. C is the last t with planned_at(t) <= complete, and
    ES = C + (complete - planned_at(C)) / (planned_at(C + 1) - planned_at(C)); ES = pd once complete >= 1,
    and ES = pd when C = pd (work planned after the plan's finish). When planned_at(C) equals `complete`
    exactly and the plan is level there (several t with the same planned fraction), ES is the t of that
    level stretch nearest `at`.
    """
    if complete >= ONE:
        return Decimal(pd)
    last = _last_at_or_below(complete, planned_at, pd)
    if last is None:  # more was planned before the start than has been done
        return Decimal(0)
    at_last = planned_at(last)
    if at_last == complete:
        first = _first_at_or_above(complete, planned_at, last)
        return Decimal(min(max(at, first), last))
    if last == pd:
        return Decimal(pd)
    return last + (complete - at_last) / (planned_at(last + 1) - at_last)


def earned_schedule(plan: Plan, updates: Iterable[Update], report_date: dt.date, *, working_days: WorkingDays) -> EarnedSchedule:
    """The earned schedule figures of a plan at the report date."""
    updates = tuple(updates)
    return earned_schedule_from(plan, updates, project_progress(plan, updates, report_date, working_days), working_days)


def earned_schedule_from(
    plan: Plan, updates: Iterable[Update], progress: ProjectProgress, working_days: WorkingDays
) -> EarnedSchedule:
    """The earned schedule figures from a project's progress at its date (`progress.as_of` is the report date)."""
    report_date = progress.as_of
    working_days = weekday_numbers(working_days)
    pd = planned_duration(plan, working_days)
    finished = progress.is_complete
    finish = actual_finish(plan, updates, report_date, working_days) if finished else None
    at = count_working_days(plan.start, finish or report_date, working_days)

    if progress.complete_fraction is None:
        es = None
    else:
        before_start = plan.start - ONE_DAY
        curve = _PLANNED_CURVES.get(plan, dict).setdefault(working_days, {})

        def planned_at(t: int) -> Decimal:
            """The planned fraction at the end of working day t; t = 0 is the day before the start."""
            found = curve.get(t)
            if found is None:
                day = before_start if t == 0 else working_day_date(plan.start, t, working_days)
                found = curve[t] = planned_fraction(plan, day, working_days) or Decimal(0)
            return found

        es = earned_time(progress.complete_fraction, planned_at, pd, at)

    sv_t = None if es is None else es - at
    spi_t = ratio(es, Decimal(at))
    ieac_t = None if es is None or spi_t is None or spi_t == 0 else Decimal(pd) * at / es  # PD / SPI(t) = PD x AT / ES
    if finish is not None:
        forecast = finish
    elif ieac_t is None:
        forecast = None
    else:
        days = int(ieac_t.to_integral_value(rounding=ROUND_CEILING))
        try:
            forecast = working_day_date(plan.start, max(days, 1), working_days)
        except OverflowError:  # a pace so slow that the finish falls after the calendar's end (year 9999)
            forecast = None
    return EarnedSchedule(report_date, pd, at, es, sv_t, spi_t, ieac_t, forecast, finished, finish)


def _last_at_or_below(value: Decimal, planned_at: Callable[[int], Decimal], pd: int) -> int | None:
    """The largest t in 0..pd with planned_at(t) <= value, or None (binary search: planned_at never decreases)."""
    if planned_at(0) > value:
        return None
    lo, hi = 0, pd  # planned_at(lo) <= value
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if planned_at(mid) <= value:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _first_at_or_above(value: Decimal, planned_at: Callable[[int], Decimal], upper: int) -> int:
    """The smallest t in 0..upper with planned_at(t) >= value (planned_at(upper) >= value)."""
    lo, hi = 0, upper
    while lo < hi:
        mid = (lo + hi) // 2
        if planned_at(mid) >= value:
            hi = mid
        else:
            lo = mid + 1
    return lo
