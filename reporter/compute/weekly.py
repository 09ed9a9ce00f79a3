"""Reporting weeks: the ISO weeks that have updates, each with its updates and its highlights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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


def reporting_weeks(
    content: Content, today: dt.date, as_it_was: Mapping[str, Content | None] | None = None
) -> list[ReportingWeek]:
    """Every week with an update on or before `today`, newest first. A week's highlights are as of its
    Sunday (or `today` for the current week) and come from the content as it was then when `as_it_was`
    (week -> content at its end, from history) has it, so a past week reads as it did when it ended."""
    content = content.as_of(today)
    as_it_was = as_it_was or {}
    by_week: dict[str, list[tuple[Project, Update]]] = {}
    for project in content.projects:
        for update in project.updates:
            by_week.setdefault(week_of(update.date), []).append((project, update))
    weeks = []
    for name in sorted(by_week, reverse=True):
        monday, sunday = week_bounds(name)
        entries = sorted(by_week[name], key=lambda e: (e[0].plan.name.lower(), e[0].id, e[1].date))
        then = as_it_was.get(name) or content
        highlights = week_highlights(then, name, min(sunday, today))
        weeks.append(ReportingWeek(name, monday, sunday, tuple(entries), highlights))
    return weeks
