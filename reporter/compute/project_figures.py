"""All the figures of one project at a report date, computed once: progress, earned value, earned schedule,
milestones, staleness and health."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.compute.earned_schedule import EarnedSchedule, earned_schedule_from
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
from reporter.models import Colour, Milestone, Plan, Portfolio, Project, State, Update


@dataclass(frozen=True)
class ProjectFigures:
    """One project at a report date.

    `health` is computed from SPI(t), CPI, overdue milestones and staleness as of `today`, except for
    a done project, whose SPI(t) and overdue milestones are taken as of `evidence_date`, the day it
    finished (see `evidence_date`); its CPI uses the newest actual cost.
    """

    project: Project
    today: dt.date
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


def evidence_date(project: Project, today: dt.date, schedule: EarnedSchedule) -> dt.date:
    """The date a project's health is judged at: `today`, except for a done project, which is judged at its finish:
    its actual finish when 100% complete, else its newest update on or before `today`, else `today`."""
    if project.plan.state != State.done:
        return today
    if schedule.actual_finish is not None:
        return schedule.actual_finish
    last = latest_update(project.updates, today)
    return today if last is None else last.date


def project_figures(project: Project, portfolio: Portfolio, today: dt.date) -> ProjectFigures:
    """Every figure of one project at the report date `today`."""
    plan, updates = project.plan, project.updates
    working_days = portfolio.reporting.working_days
    progress = project_progress(plan, updates, today, working_days)
    value = earned_value_from(plan, progress, latest_actual_cost(updates, today), portfolio.currency)
    schedule = earned_schedule_from(plan, updates, progress, working_days)
    statuses = tuple(milestone_statuses(plan, updates, today))
    stale = staleness(plan, updates, today, portfolio.reporting)

    judged_on = evidence_date(project, today, schedule)
    if judged_on == today:
        spi_t, overdue = schedule.spi_t, overdue_count(statuses)
    else:
        then = project_progress(plan, updates, judged_on, working_days)
        spi_t = earned_schedule_from(plan, updates, then, working_days).spi_t
        overdue = overdue_count(milestone_statuses(plan, updates, judged_on))
    # CPI is taken as of today even for a done project: a final cost reported after the finish is
    # better evidence, and nothing is earned after the finish.
    cpi = value.cpi
    health = project_health(
        plan, updates, today, spi_t=spi_t, cpi=cpi, overdue_milestones=overdue, stale=stale, rules=portfolio.health
    )
    return ProjectFigures(
        project=project,
        today=today,
        progress=progress,
        earned_value=value,
        earned_schedule=schedule,
        milestones=statuses,
        next_milestone=next_milestone(plan, today),
        overdue_milestones=overdue_count(statuses),
        at_risk_milestones=at_risk_count(statuses),
        staleness=stale,
        health=health,
        latest_update=latest_update(updates, today),
        evidence_date=judged_on,
    )
