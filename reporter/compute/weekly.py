"""Reporting weeks: the ISO weeks that have updates, each with its updates and its highlights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporter.compute.highlights import WeekHighlights, week_highlights
from reporter.models import Content, Project, Update
from reporter.weeks import week_bounds, week_of


@dataclass(frozen=True)
class ReportingWeek:
    """A reporting week, its updates (by project name) and its highlights as of the week's end."""

    name: str  # 2026-W47
    monday: dt.date
    sunday: dt.date
    entries: tuple[tuple[Project, Update], ...]
    highlights: WeekHighlights


def reporting_weeks(content: Content, today: dt.date) -> list[ReportingWeek]:
    """Every week with an update on or before `today`, newest first; a week's highlights are as of its
    Sunday (or `today` for the current week), so a past week reads as it did when it ended."""
    content = content.as_of(today)
    by_week: dict[str, list[tuple[Project, Update]]] = {}
    for project in content.projects:
        for update in project.updates:
            by_week.setdefault(week_of(update.date), []).append((project, update))
    weeks = []
    for name in sorted(by_week, reverse=True):
        monday, sunday = week_bounds(name)
        entries = sorted(by_week[name], key=lambda e: (e[0].plan.name.lower(), e[0].id, e[1].date))
        weeks.append(ReportingWeek(name, monday, sunday, tuple(entries), week_highlights(content, name, min(sunday, today))))
    return weeks
