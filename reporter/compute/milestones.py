"""Where each milestone stands at a report date: done, upcoming, due soon or overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.models import Milestone, Plan, Update

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class MilestoneStatus:
    """A milestone as of a report date, with its latest forecast and what that means."""

    milestone: Milestone
    forecast: dt.date | None
    state: str  # done, overdue, due-soon or upcoming
    days_late: int  # for done milestones: done - due (negative when early); for overdue: today - due

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


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def milestone_statuses(plan: Plan, updates: tuple[Update, ...] | list[Update], today: dt.date) -> list[MilestoneStatus]:
    """Each milestone of a plan as of `today`, in due-date order; forecasts come from the newest update giving one."""
    forecasts: dict[str, dt.date] = {}
    for update in updates:
        if update.date <= today:
            forecasts.update(update.forecasts)
    result = []
    for milestone in sorted(plan.milestones, key=lambda m: (m.due, m.id)):
        if milestone.done is not None and milestone.done <= today:
            state, late = "done", (milestone.done - milestone.due).days
        elif milestone.due < today:
            state, late = "overdue", (today - milestone.due).days
        elif (milestone.due - today).days <= DUE_SOON_DAYS:
            state, late = "due-soon", 0
        else:
            state, late = "upcoming", 0
        result.append(MilestoneStatus(milestone, forecasts.get(milestone.id), state, late))
    return result


def next_milestone(plan: Plan, today: dt.date) -> Milestone | None:
    """The earliest milestone not yet done as of `today` (overdue ones first), or None."""
    open_ = [m for m in plan.milestones if m.done is None or m.done > today]
    return min(open_, key=lambda m: (m.due, m.id), default=None)
