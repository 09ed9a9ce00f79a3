"""Reporting weeks: the ISO weeks that have updates, each with its updates and its highlights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from reporter.compute.highlights import WeekHighlights, week_highlights
from reporter.content.models import Content, Project, Update
from reporter.weeks import Week


@dataclass(frozen=True)
class ReportingWeek:
    """A reporting week, its updates (by project name) and its highlights as of the week's end."""

    week: Week
    entries: tuple[tuple[Project, Update], ...]
    highlights: WeekHighlights

    @property
    def name(self) -> str:
        """The ISO name, 2026-W47."""
        return self.week.name

    @property
    def monday(self) -> dt.date:
        """The week's first day."""
        return self.week.monday

    @property
    def sunday(self) -> dt.date:
        """The week's last day."""
        return self.week.sunday


def current_reporting_week(content: Content, report_date: dt.date) -> Week:
    """The week the site reports on at `report_date`: the newest week with an update dated on or before it, so that
    on Monday, before anyone has written this week's update, the site still reports last week; the week
    of `report_date` when there is no update at all."""
    newest = max((u.date for p in content.projects for u in p.updates if u.date <= report_date), default=report_date)
    return Week.of(newest)


def reporting_weeks(
    content: Content, report_date: dt.date, as_it_was: Mapping[str, Content | None] | None = None
) -> list[ReportingWeek]:
    """Every week with an update on or before `report_date`, newest first. A week's highlights are as of its
    Sunday (or `report_date` for the current week) and come from the content as it was then when `as_it_was`
    (week -> content at its end, from history) has it, so a past week reads as it did when it ended;
    the content at the end of the week before tells which events are new."""
    content = content.as_of(report_date)
    as_it_was = as_it_was or {}
    by_week: dict[Week, list[tuple[Project, Update]]] = {}
    for project in content.projects:
        for update in project.updates:
            by_week.setdefault(Week.of(update.date), []).append((project, update))
    weeks = []
    # Oldest first, then turned: a week's newest facts per project start from the week before's (remembered by
    # `reporter.compute.updates`), so each week costs its own updates, not every update again.
    for week in sorted(by_week):
        entries = sorted(by_week[week], key=lambda e: (e[0].plan.name.lower(), e[0].id, e[1].date))
        then = as_it_was.get(week.name) or content
        previous = as_it_was.get(week.previous.name)
        if as_it_was and as_it_was.get(week.name) is None:
            # History has no version of this week (before the first commit, or one that did not
            # validate): today's plan cannot tell what changed then, so it tells nothing (a risk marked
            # occurred is not told again for every such week).
            previous = content
        highlights = week_highlights(then, week.name, week.cutoff(report_date), previous=previous)
        weeks.append(ReportingWeek(week, tuple(entries), highlights))
    weeks.reverse()
    return weeks
