"""All the figures of one project at a report date, computed once: progress, earned value, earned schedule,
milestones, staleness and health.

Two dates, never confused. The **report date** (`report_date`) is the day the site speaks for: it decides
staleness, which milestones are overdue or due soon, and which updates count (none dated after it).
The project's **status date** is the date of its newest update on or before the report date (the
plan's start, or the report date if earlier, before its first update): progress, PV, EV, AC, AT, ES,
SV(t), SPI(t) and the forecasts are all taken there, as earned value practice measures PV and EV at
one date. So a project's figures depend on what it reported, never on the day the site is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.compute.earned_schedule import EarnedSchedule, declared_finish, earned_schedule_from
from reporter.compute.earned_value import EarnedValue, earned_value_from
from reporter.compute.health import Health, Staleness, project_health, staleness
from reporter.compute.milestones import (
    MilestoneStatus,
    at_risk_count,
    milestone_statuses,
    next_milestone,
    overdue_count,
)
from reporter.compute.progress import ProjectProgress, project_progress
from reporter.compute.updates import latest_actual_cost, latest_update
from reporter.compute.working_days import weekday_numbers
from reporter.content.models import Colour, Milestone, Plan, Portfolio, Project, State, Update


@dataclass(frozen=True)
class ProjectFigures:
    """One project at a report date, its figures taken at its `status_date`.

    `health` is computed from SPI(t) and CPI at the status date and from overdue milestones and
    staleness at the report date, except for a done project, whose overdue milestones are taken as of
    `evidence_date`, the day it finished (see `evidence_date`).
    """

    project: Project
    report_date: dt.date
    status_date: dt.date
    progress: ProjectProgress
    earned_value: EarnedValue
    earned_schedule: EarnedSchedule
    milestones: tuple[MilestoneStatus, ...]
    next_milestone: Milestone | None
    overdue_milestones: int
    at_risk_milestones: int
    staleness: Staleness
    health: Health
    latest_update: Update | None
    evidence_date: dt.date

    @property
    def id(self) -> str:
        """The project's id (its folder name)."""
        return self.project.id

    @property
    def plan(self) -> Plan:
        """The project's plan."""
        return self.project.plan

    @property
    def name(self) -> str:
        """The project's name."""
        return self.project.plan.name

    @property
    def program(self) -> str:
        """The id of the project's program."""
        return self.project.plan.program

    @property
    def state(self) -> State:
        """Proposed, active, paused, done or cancelled."""
        return self.project.plan.state

    @property
    def reported(self) -> Colour | None:
        """The colour of the newest update, or None before the first."""
        return self.health.reported

    @property
    def colour(self) -> Colour | None:
        """The computed colour, or None when not assessed."""
        return self.health.colour

    @property
    def stale(self) -> bool:
        """Whether the project's reporting is stale."""
        return self.staleness.stale


def status_date(project: Project, report_date: dt.date) -> dt.date:
    """The date a project's figures are taken at: its newest update on or before the report date.
    Before the first update: the newest done date of a task or milestone in the plan (a project kept in
    its plan alone still reports its finish), else the plan's start, or `report_date` if the project has not
    started yet. A done project's is the latest of its newest update, its done dates and the day its plan
    says it finished (`declared_finish`), at the latest `report_date`: the day it finished."""
    last = latest_update(project.updates, report_date)
    plan = project.plan
    marked = [t.done for t in plan.tasks] + [m.done for m in plan.milestones]
    done = [d for d in marked if d is not None and d <= report_date]
    if plan.state == State.done:
        # Measured when it finished: the last word on it, or the day its plan says it finished.
        said = [min(declared_finish(plan), report_date), *done] + ([last.date] if last is not None else [])
        return max(said)
    if last is not None:
        return last.date
    if done:
        return max(done)
    return min(plan.start, report_date)


def evidence_date(project: Project, status: dt.date, schedule: EarnedSchedule, report_date: dt.date) -> dt.date:
    """The date a done project's milestones are judged at: its actual finish when 100% complete, else its
    status date, or a later day a milestone was marked done on (by `report_date`), so that it reads as done.
    (An active project's milestones are judged at the report date.)"""
    finish = schedule.actual_finish if schedule.actual_finish is not None else status
    marked = [m.done for m in project.plan.milestones if m.done is not None and m.done <= report_date]
    return max([finish, *marked])


def project_figures(project: Project, portfolio: Portfolio, report_date: dt.date) -> ProjectFigures:
    """Every figure of one project at the report date (see the module docstring for the two dates)."""
    plan, updates = project.plan, project.updates
    working_days = weekday_numbers(portfolio.reporting.working_days)  # converted once for every figure below
    status = status_date(project, report_date)
    progress = project_progress(plan, updates, status, working_days)
    value = earned_value_from(plan, progress, latest_actual_cost(updates, status), portfolio.currency)
    schedule = earned_schedule_from(plan, updates, progress, working_days)
    stale = staleness(plan, updates, report_date, portfolio.reporting)
    # A done project is judged at its finish: milestones it never marked done are not "overdue" by more
    # every week after it closed, on its page, in the lists or in its health.
    judged_on = evidence_date(project, status, schedule, report_date) if plan.state == State.done else report_date
    statuses = tuple(milestone_statuses(plan, updates, judged_on))
    overdue = overdue_count(statuses)
    health = project_health(
        plan,
        updates,
        report_date,
        spi_t=schedule.spi_t,
        cpi=value.cpi,
        overdue_milestones=overdue,
        stale=stale,
        rules=portfolio.health,
    )
    return ProjectFigures(
        project=project,
        report_date=report_date,
        status_date=status,
        progress=progress,
        earned_value=value,
        earned_schedule=schedule,
        milestones=statuses,
        next_milestone=next_milestone(plan, judged_on),
        overdue_milestones=overdue,
        at_risk_milestones=at_risk_count(statuses),
        staleness=stale,
        health=health,
        latest_update=latest_update(updates, report_date),
        evidence_date=judged_on,
    )
