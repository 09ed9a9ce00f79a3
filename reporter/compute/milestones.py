"""Where each milestone stands at a report date: done, upcoming, due soon or overdue, and whether it is at risk.

A milestone is at risk when it is not done and its forecast (from the newest update giving one) is
later than its due date. Its expected date is when it was reached once it is done, else its forecast,
else its due date; its forecast slip is forecast minus due while it is not done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from reporter.compute.updates import updates_at
from reporter.content.models import Milestone, Plan, Update

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class MilestoneStatus:
    """A milestone as of a report date, with its latest forecast and what that means."""

    milestone: Milestone
    forecast: dt.date | None
    state: str  # done, overdue, due-soon or upcoming
    days_late: int  # for done milestones: done - due (negative when early); for overdue: today - due
    at_risk: bool = False  # not done, and forecast later than due

    @property
    def label(self) -> str:
        """A short phrase for a table cell: 'done 3 days late', 'overdue by 5 days', 'due in 9 days'."""
        if self.state == "done":
            if self.days_late > 0:
                return f"done {_days(self.days_late)} late"
            return "done on time" if self.days_late == 0 else f"done {_days(-self.days_late)} early"
        if self.state == "overdue":
            return f"overdue by {_days(self.days_late)}"
        return "due soon" if self.state == "due-soon" else "upcoming"

    @property
    def expected(self) -> dt.date:
        """When the milestone is reached or expected: its done date once done, else its forecast, else its due date."""
        if self.state == "done":
            assert self.milestone.done is not None
            return self.milestone.done
        return self.forecast or self.milestone.due

    @property
    def forecast_slip_days(self) -> int | None:
        """Forecast minus due in calendar days (positive = late) while not done; None when done or no forecast."""
        if self.state == "done" or self.forecast is None:
            return None
        return (self.forecast - self.milestone.due).days


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def latest_forecasts(updates: Iterable[Update], report_date: dt.date | None = None) -> dict[str, dt.date]:
    """The newest forecast of each milestone id, from the updates dated on or before `report_date` (all when None)."""
    return updates_at(updates, report_date).forecasts


def milestone_statuses(plan: Plan, updates: tuple[Update, ...] | list[Update], report_date: dt.date) -> list[MilestoneStatus]:
    """Each milestone of a plan as of `report_date`, in due-date order; forecasts come from the newest update giving one."""
    forecasts = latest_forecasts(updates, report_date)
    result = []
    for milestone in sorted(plan.milestones, key=lambda m: (m.due, m.id)):
        if milestone.done is not None and milestone.done <= report_date:
            state, late = "done", (milestone.done - milestone.due).days
        elif milestone.due < report_date:
            state, late = "overdue", (report_date - milestone.due).days
        elif (milestone.due - report_date).days <= DUE_SOON_DAYS:
            state, late = "due-soon", 0
        else:
            state, late = "upcoming", 0
        forecast = forecasts.get(milestone.id)
        at_risk = state != "done" and forecast is not None and forecast > milestone.due
        result.append(MilestoneStatus(milestone, forecast, state, late, at_risk))
    return result


def overdue_count(statuses: list[MilestoneStatus] | tuple[MilestoneStatus, ...]) -> int:
    """How many of these milestones are overdue (not done and past their due date)."""
    return sum(1 for s in statuses if s.state == "overdue")


def at_risk_count(statuses: list[MilestoneStatus] | tuple[MilestoneStatus, ...]) -> int:
    """How many of these milestones are at risk (not done, forecast later than due)."""
    return sum(1 for s in statuses if s.at_risk)


def next_milestone(plan: Plan, report_date: dt.date) -> Milestone | None:
    """The earliest milestone not yet done as of `report_date` (overdue ones first), or None."""
    open_ = [m for m in plan.milestones if m.done is None or m.done > report_date]
    return min(open_, key=lambda m: (m.due, m.id), default=None)
