"""Reporting weeks: the ISO weeks that have updates, each with its updates, its highlights and the plan changes
made during it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from reporter.compute.changes import ProjectChanges, content_changes
from reporter.compute.fingerprints import Fingerprints, Remembered
from reporter.compute.highlights import WeekHighlights, week_highlights
from reporter.compute.remembered_weeks import week_data, week_from, week_key
from reporter.content.models import Content, Project, Update
from reporter.weeks import Week


@dataclass(frozen=True)
class ReportingWeek:
    """A reporting week, its updates (by project name), its highlights as of the week's end and the projects
    whose plans or colours changed during it (from history: none without a version of the week before)."""

    week: Week
    entries: tuple[tuple[Project, Update], ...]
    highlights: WeekHighlights
    changes: tuple[ProjectChanges, ...] = ()

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
    content: Content,
    report_date: dt.date,
    as_it_was: Mapping[str, Content | None] | None = None,
    remembered: Remembered | None = None,
    fingerprints: Fingerprints | None = None,
) -> list[ReportingWeek]:
    """Every week with an update on or before `report_date`, newest first. A week's highlights are as of its
    Sunday (or `report_date` for the current week) and come from the content as it was then when `as_it_was`
    (week -> content at its end, from history) has it, so a past week reads as it did when it ended;
    the content at the end of the week before tells which events are new, and what changed in the plans
    during the week. With `remembered`, a week whose content was seen by an earlier build is read from there
    (`reporter.compute.remembered_weeks`) and each week computed is put there; `fingerprints` are the
    records' hashes of this build."""
    content = content.as_of(report_date)
    as_it_was = as_it_was or {}
    of = fingerprints if fingerprints is not None else Fingerprints()
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
        cutoff = week.cutoff(report_date)
        key = found = None
        if remembered is not None:
            key = week_key(of, week.name, cutoff, then, previous)
            found = week_from(remembered.get(key), week.name, cutoff, then)
        if found is None:
            highlights = week_highlights(then, week.name, cutoff, previous=previous)
            # No version of the week or of the one before: nothing to compare with, rather than every project "new".
            changes = (
                tuple(c for c in content_changes(previous, then).values() if not c.empty)
                if as_it_was.get(week.name) is not None and as_it_was.get(week.previous.name) is not None
                else ()
            )
            if remembered is not None and key is not None:
                data = week_data(highlights, changes, then)
                if data is not None:
                    remembered.put(key, data)
        else:
            highlights, changes = found
        weeks.append(ReportingWeek(week, tuple(entries), highlights, changes))
    weeks.reverse()
    return weeks
