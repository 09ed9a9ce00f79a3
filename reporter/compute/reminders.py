"""Who still owes this week's update: the projects a reminder goes out for.

A reminder is for the week of the report date (on the reminder day, typically Friday, the week under
way), not for the current reporting week of the site, which on a Monday is still last week. A project
owes an update when it is active, has started by the report date, and has no update dated from the
week's Monday to the report date. Pure: the report date is an input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.content.models import Content, State
from reporter.weeks import Week


@dataclass(frozen=True)
class MissingUpdate:
    """An active project without an update dated in the week so far."""

    project_id: str
    project_name: str
    program: str  # the program's id
    owner: str  # the plan's owner: the one the reminder is addressed to
    last_update: dt.date | None  # its newest update on or before the report date; None before the first


@dataclass(frozen=True)
class Reminders:
    """The week a reminder is about, the report date, and the projects whose update is missing, by owner then name."""

    week: Week
    report_date: dt.date
    missing: tuple[MissingUpdate, ...]

    def owners(self) -> tuple[str, ...]:
        """The owners with at least one missing update, in the order of `missing`."""
        return tuple(dict.fromkeys(m.owner for m in self.missing))

    def of_owner(self, owner: str) -> tuple[MissingUpdate, ...]:
        """The missing updates of one owner."""
        return tuple(m for m in self.missing if m.owner == owner)

    def of_program(self, program: str | None) -> Reminders:
        """The same reminders, only for one program's projects (None: all of them)."""
        if program is None:
            return self
        return Reminders(self.week, self.report_date, tuple(m for m in self.missing if m.program == program))


def missing_updates(content: Content, report_date: dt.date) -> Reminders:
    """The projects that have not yet reported in the week of `report_date`, by owner, then project name."""
    week = Week.of(report_date)
    missing = []
    for project in content.projects:
        plan = project.plan
        if plan.state != State.active or plan.start > report_date:
            continue
        known = [u.date for u in project.updates if u.date <= report_date]
        if any(day >= week.monday for day in known):
            continue
        missing.append(MissingUpdate(project.id, plan.name, plan.program, plan.owner, max(known, default=None)))
    missing.sort(key=lambda m: (m.owner.lower(), m.project_name.lower(), m.project_id))
    return Reminders(week, report_date, tuple(missing))
