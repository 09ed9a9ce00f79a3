"""The entry point of the compute stage: every figure the site shows, from the content and a report date.

`assess(content, today)` returns one `PortfolioReport`: the figures of each project, a rollup per
program and one for the whole portfolio, and the highlights of the current reporting week (the newest
week with an update on or before `report_date`) from its Monday to `report_date`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.compute.highlights import WeekHighlights, week_highlights
from reporter.compute.project_figures import ProjectFigures, project_figures
from reporter.compute.rollup import PORTFOLIO, Rollup, rollup
from reporter.compute.weekly import current_reporting_week
from reporter.content.models import Content, State
from reporter.weeks import Week


@dataclass(frozen=True)
class PortfolioReport:
    """Everything computed for a report date: projects (sorted by id, as in the content), program rollups (in
    portfolio order), the portfolio rollup and this week's highlights."""

    report_date: dt.date
    currency: str
    projects: tuple[ProjectFigures, ...]
    programs: tuple[Rollup, ...]
    portfolio: Rollup
    highlights: WeekHighlights
    week: Week  # the current reporting week: the newest with an update on or before `report_date`
    next_updates_due: dt.date | None  # the newest update plus the reporting cadence; None without updates

    def project(self, project_id: str) -> ProjectFigures:
        """The figures of the project with this id (KeyError when there is none)."""
        for figures in self.projects:
            if figures.id == project_id:
                return figures
        raise KeyError(project_id)

    def program(self, program_id: str) -> Rollup:
        """The rollup of the program with this id (KeyError when there is none)."""
        for program in self.programs:
            if program.scope == program_id:
                return program
        raise KeyError(program_id)

    def projects_of(self, program_id: str) -> tuple[ProjectFigures, ...]:
        """The figures of one program's projects, by name."""
        return tuple(sorted((f for f in self.projects if f.program == program_id), key=lambda f: f.name.lower()))


def assess(content: Content, report_date: dt.date, previous: Content | None = None) -> PortfolioReport:
    """Compute every figure of the portfolio as of the report date (updates after it are ignored).

    `previous` is the content at the end of the week before the current reporting week, when history
    has it: the highlights then tell each event once."""
    week = current_reporting_week(content, report_date)
    newest = max(
        (u.date for p in content.projects if p.plan.state == State.active for u in p.updates if u.date <= report_date),
        default=None,
    )
    projects = tuple(project_figures(p, content.portfolio, report_date) for p in content.projects)
    programs = tuple(
        rollup((f for f in projects if f.program == program.id), scope=program.id, name=program.name)
        for program in content.portfolio.programs
    )
    return PortfolioReport(
        report_date=report_date,
        currency=content.portfolio.currency,
        projects=projects,
        programs=programs,
        portfolio=rollup(projects, scope=PORTFOLIO, name=content.portfolio.organisation),
        highlights=week_highlights(content, week.name, report_date, previous=previous, until=report_date),
        week=week,
        next_updates_due=None if newest is None else newest + dt.timedelta(days=content.portfolio.reporting.cadence_days),
    )
