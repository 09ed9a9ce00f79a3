"""The site model: everything every output shows, computed once from the gathered data, before rendering.

`site_model(site)` takes what the gather stage read (the content as of the report date, a snapshot per
reporting week, baselines, freshness) and decides everything: every project's figures, the rollups,
the current reporting week and its highlights, the changes since last week, each week's page, each
project's trend and baseline comparison, the executive summary's lists and the people. The pages, the
Atom feed, the calendar, the JSON export and the weekly digest are renderings of this one model, so
they cannot disagree, and none of them computes a figure of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reporter.compute.baseline import Variance, plan_variance
from reporter.compute.changes import ProjectChanges, content_changes
from reporter.compute.fingerprints import Fingerprints, Remembered
from reporter.compute.health import reported_better
from reporter.compute.highlights import MilestoneEvent
from reporter.compute.milestones import DUE_SOON_DAYS, latest_forecasts
from reporter.compute.people import Mention, Organisation, Person, people
from reporter.compute.project_figures import ProjectFigures
from reporter.compute.report import PortfolioReport, assess
from reporter.compute.summary import ExecutiveSummary, Overdue, Shortlist, executive_summary, shortlist
from reporter.compute.trends import TrendPoint, Workers, project_trends, trend_direction, week_colours
from reporter.compute.updates import forget_sequences
from reporter.compute.weekly import ReportingWeek, current_reporting_week, reporting_weeks
from reporter.content.models import Colour, Content, Plan, Project, Update
from reporter.history.gather import SiteData
from reporter.history.repository import Baseline, Freshness
from reporter.weeks import week_of

# Pages sized for reading at any portfolio size: a project page's trend table shows the last quarter (the
# charts and the JSON export have every week); each home-page list shows its worst items, with the whole
# list one click away (the executive summary, the program pages).
TREND_TABLE_WEEKS = 13
HOME_PROJECTS = 15
HOME_LIST = 10


@dataclass(frozen=True)
class UpdateRow:
    """One update in a week's Updates table, beside its project's computed colour at the end of that week."""

    project: Project
    update: Update
    known: bool  # whether the history has the project's figures for that week
    computed: Colour | None  # None when not assessed (or not known)

    @property
    def reported_better(self) -> bool:
        """Whether the update reports a colour better than the evidence gave that week (the ⚠ flag)."""
        return reported_better(self.update.status, self.computed)


@dataclass(frozen=True)
class WeekPage(ReportingWeek):
    """A reporting week's page: the week (its updates and highlights), what changed in the plans during it,
    and each update beside its project's computed colour at the end of the week."""

    rows: tuple[UpdateRow, ...] = ()  # the week's updates (as `entries`), each with the computed colour

    @property
    def unknown(self) -> bool:
        """Whether some project's figures for the week are missing from the history."""
        return any(not row.known for row in self.rows)

    @property
    def path(self) -> str:
        """The week's page, relative to the site root."""
        return f"weeks/{self.name}.md"


@dataclass(frozen=True)
class EarlierUpdate:
    """An update older than a project's latest: listed in one line on the project page, its full text on the
    page of its week."""

    update: Update
    week: str  # the week whose page has it: the ISO week of its date


@dataclass(frozen=True)
class ProjectHistory:
    """What git history says about one project, ready for its page."""

    baseline: Baseline | None
    baseline_plan: Plan | None
    variance: Variance | None
    trend: tuple[TrendPoint, ...]
    changes: ProjectChanges | None  # since the end of the week before the current reporting week
    freshness: Freshness | None
    direction: str | None = None  # the computed colour against four weeks ago: better, worse or steady
    earlier_updates: tuple[EarlierUpdate, ...] = ()  # every update but the latest, newest first

    @property
    def recent_trend(self) -> tuple[TrendPoint, ...]:
        """The trend table's rows: the last `TREND_TABLE_WEEKS` points, newest first."""
        return tuple(reversed(self.trend[-TREND_TABLE_WEEKS:]))


@dataclass(frozen=True)
class HomeLists:
    """The home page's lists, each worst first and bounded, with how many items the whole list has."""

    projects: Shortlist[ProjectFigures]  # worst computed colour first (the executive summary's order)
    overdue: Shortlist[Overdue]  # most overdue first
    due_soon: Shortlist[MilestoneEvent]  # soonest first
    stale: Shortlist[ProjectFigures]  # oldest update first
    flagged: Shortlist[ProjectFigures]  # reported better than the evidence, worst first


@dataclass(frozen=True)
class SiteModel:
    """Everything the site, the feed, the calendar, the export and the digest show."""

    content: Content  # as of the report date: no update dated after it
    report_date: dt.date  # the report date
    report: PortfolioReport  # every project's figures, the rollups, the current week's highlights
    weeks: tuple[WeekPage, ...]  # reporting weeks with updates, newest first
    histories: dict[str, ProjectHistory]  # project id -> its trend, baseline and changes
    recent_changes: tuple[ProjectChanges, ...]  # since the end of the week before the current reporting week
    history_available: bool  # whether there is an earlier week to compare with
    week_colours: dict[str, dict[str, Colour | None]]  # week -> project id -> computed colour at its end
    summary: ExecutiveSummary
    home: HomeLists
    people: tuple[Person, ...]  # sorted by name; vendors, boards and teams are in `organisations`
    organisations: tuple[Organisation, ...]
    notes: tuple[str, ...]  # what history is missing, said once
    mentions: dict[str, Mention] = field(default_factory=dict)  # a name as written -> its pieces linked to pages
    due_soon_days: int = DUE_SOON_DAYS

    @property
    def week_pages(self) -> frozenset[str]:
        """The names of the weeks that have a page (and so may be linked to)."""
        return frozenset(w.name for w in self.weeks)

    def week(self, name: str) -> WeekPage | None:
        """The page of the week with this name, or None when no update is dated in it."""
        return next((w for w in self.weeks if w.name == name), None)


def site_model(
    site: SiteData,
    remembered: Remembered | None = None,
    workers: Workers | None = None,
    remembered_weeks: Remembered | None = None,
) -> SiteModel:
    """Compute everything the outputs show from the gathered data (pure: no I/O, no clock). `remembered` holds
    trend points from earlier builds, and `workers` computes the others in parts at once (see
    `trends.project_trends`); `remembered_weeks` holds past weeks' highlights and plan changes (see
    `weekly.reporting_weeks`): they change what is computed where, never a figure."""
    try:
        return _site_model(site, remembered, workers, remembered_weeks)
    finally:
        forget_sequences()


def _site_model(
    site: SiteData, remembered: Remembered | None, workers: Workers | None, remembered_weeks: Remembered | None
) -> SiteModel:
    report_date = site.report_date
    content = site.content.as_of(report_date)
    snapshots = [(w.name, w.cutoff, w.content.as_of(w.cutoff) if w.content else None) for w in site.weeks]
    at_end_of = {name: then for name, _, then in snapshots}
    # The home page reports the current reporting week (the newest with updates: last week, on a Monday
    # before anyone has written this week's update), against the content at the end of the week before it.
    current_week = current_reporting_week(content, report_date)
    previous = at_end_of.get(current_week.previous.name)
    report = assess(content, report_date, previous)
    # Each record hashed once, for the trend points' keys and the weeks' (a table of 50,000 records at 500
    # projects: gone before the rest of the model is made, and never held with it).
    fingerprints = Fingerprints()
    trends = project_trends(snapshots, remembered, workers, fingerprints)
    colours = week_colours(trends)
    weeks = tuple(_weeks(content, report_date, at_end_of, colours, remembered_weeks, fingerprints))
    del fingerprints
    recent = content_changes(previous, content) if previous is not None else {}
    histories = {
        project.id: _history(site, project, trends.get(project.id, ()), recent.get(project.id)) for project in content.projects
    }
    summary = executive_summary(report, recent.values())
    # Every update's page shows its author, blockers and asks by name: each name links to its page, if any.
    mentioned = [
        name
        for project in content.projects
        for update in project.updates
        for name in (update.author, *(b.owner for b in update.blockers), *(a.of for a in update.asks))
        if name
    ]
    everyone = people(report, content.portfolio, mentioned)
    return SiteModel(
        content=content,
        report_date=report_date,
        report=report,
        weeks=weeks,
        histories=histories,
        recent_changes=tuple(c for c in recent.values() if not c.empty),
        history_available=previous is not None,
        week_colours=colours,
        summary=summary,
        home=HomeLists(
            projects=shortlist(summary.projects, HOME_PROJECTS),
            overdue=shortlist(summary.overdue, HOME_LIST),
            due_soon=shortlist(report.highlights.milestones_due, HOME_LIST),
            stale=shortlist(summary.stale, HOME_LIST),
            flagged=shortlist(summary.flagged, HOME_LIST),
        ),
        people=everyone.people,
        organisations=everyone.organisations,
        notes=site.notes,
        mentions=everyone.mentions,
    )


def _history(site: SiteData, project: Project, trend: tuple[TrendPoint, ...], changes: ProjectChanges | None) -> ProjectHistory:
    baseline, plan, variance = None, None, None
    if project.id in site.baselines:
        baseline, plan = site.baselines[project.id]
        variance = plan_variance(plan, project.plan, latest_forecasts(project.updates, site.report_date))
    earlier = tuple(EarlierUpdate(u, week_of(u.date)) for u in reversed(project.updates[:-1]))
    return ProjectHistory(
        baseline, plan, variance, trend, changes, site.freshness.get(project.id), trend_direction(trend), earlier
    )


def _weeks(
    content: Content,
    report_date: dt.date,
    at_end_of: dict[str, Content | None],
    colours: dict[str, dict[str, Colour | None]],
    remembered: Remembered | None,
    fingerprints: Fingerprints,
) -> list[WeekPage]:
    """Reporting weeks that have updates, newest first, each with the plan changes made during it and
    each update beside its project's computed colour that week (`colours`, from `week_colours`)."""
    weeks = []
    for week in reporting_weeks(content, report_date, at_end_of, remembered, fingerprints):
        computed = colours.get(week.name, {})
        rows = tuple(
            UpdateRow(project, update, project.id in computed, computed.get(project.id)) for project, update in week.entries
        )
        weeks.append(WeekPage(week.week, week.entries, week.highlights, week.changes, rows))
    return weeks
