"""The render stage: loaded content and a report date in, Markdown pages out.

`PageRenderer` owns the Jinja environment and its template folder (site_templates/). Every value a
template prints is escaped for Markdown and HTML unless it is `Markup` made by `reporter.text`, so a
template cannot put YAML text on a page as live markup by forgetting a filter.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from reporter import display, text
from reporter.charts import CHART_CSS
from reporter.compute.baseline import Variance, plan_variance
from reporter.compute.changes import ProjectChanges, content_changes
from reporter.compute.earned_value import LEAD_EAC
from reporter.compute.health import reported_better
from reporter.compute.milestones import DUE_SOON_DAYS, MilestoneStatus, latest_forecasts
from reporter.compute.people import people
from reporter.compute.report import assess
from reporter.compute.trends import TrendPoint, project_trends, week_colours
from reporter.compute.weekly import ReportingWeek, current_reporting_week, reporting_weeks
from reporter.export import export_schema, portfolio_json
from reporter.feeds import CALENDAR_PATH, FEED_PATH, atom_feed, calendar_milestones, feed_entries, milestone_calendar
from reporter.figures_charts import portfolio_chart, project_charts
from reporter.gather import SiteData
from reporter.history import Baseline, Freshness
from reporter.models import Colour, Content, Project, Update
from reporter.summary import executive_summary
from reporter.weeks import week_of
from reporter.wording import STATUS_ICONS, highlight_sections

STYLESHEET = "assets/reporter.css"
EXPORT_PATH = "data/portfolio.json"
EXPORT_SCHEMA_PATH = "data/portfolio.schema.json"


def templates_dir() -> Path:
    """The page templates: site_templates/ of a source checkout, or the copy inside an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "site_templates", here / "site_templates"):
        if (candidate / "project.md.j2").is_file():
            return candidate
    raise FileNotFoundError("reporter's page templates (site_templates/) are missing from this installation")


def _finalize(value: Any) -> Any:
    return text.inline(value)


def _yaml_str(value: object) -> Markup:
    # A JSON string is a valid YAML scalar, so a title goes into front matter quoted whatever it holds.
    # MkDocs' theme templates print the title without escaping, hence the HTML escape first.
    return Markup(json.dumps(html.escape(str(value), quote=False), ensure_ascii=False))


def status_badge(colour: Colour | str | None) -> Markup:
    """A status shown by icon, word and colour: '✔ Green', never colour alone."""
    if colour is None:
        return Markup('<span class="rp-status rp-none">– none</span>')
    name = colour.value if isinstance(colour, Colour) else str(colour)
    icon = STATUS_ICONS.get(name, "?")
    return Markup(f'<span class="rp-status rp-{name}">{icon} {name.capitalize()}</span>')


def milestone_when(value: MilestoneStatus | dt.date, forecast: dt.date | None = None) -> str:
    """The `milestone_when` filter: `{{ status | milestone_when }}` for a `MilestoneStatus` (a done milestone
    shows its due date only), or `{{ milestone.due | milestone_when(forecast) }}`; see `display.milestone_when`."""
    if isinstance(value, MilestoneStatus):
        slipped = value.forecast_slip_days is not None
        return display.milestone_when(value.milestone.due, value.forecast if slipped else None)
    return display.milestone_when(value, forecast)


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
class Week:
    """A reporting week's page: its updates and highlights, and what changed in the plans during it."""

    week: ReportingWeek
    changes: tuple[ProjectChanges, ...]  # projects whose plans or colours changed that week
    rows: tuple[UpdateRow, ...] = ()  # the week's updates (as `entries`), each with the computed colour

    def __getattr__(self, name: str) -> Any:  # name, monday, sunday, entries, highlights
        return getattr(self.week, name)

    @property
    def unknown(self) -> bool:
        """Whether some project's figures for the week are missing from the history."""
        return any(not row.known for row in self.rows)

    @property
    def path(self) -> str:
        """The week's page, relative to the site root."""
        return f"weeks/{self.week.name}.md"


@dataclass(frozen=True)
class ProjectHistory:
    """What git history says about one project, ready for its page."""

    baseline: Baseline | None
    variance: Variance | None
    trend: tuple[TrendPoint, ...]
    changes: ProjectChanges | None  # since the previous reporting week
    freshness: Freshness | None


class PageRenderer:
    """Renders the site's Markdown pages, as {relative path: Markdown text}."""

    def __init__(self, template_folder: Path | None = None):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_folder or templates_dir())),
            # The output is Markdown, so HTML escaping alone is not enough: _finalize escapes each printed
            # value for both, and autoescape keeps macro output (already Markup) from being escaped twice.
            autoescape=True,
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.do"],
        )
        self.env.globals["Colour"] = Colour
        self.env.filters.update(
            markdown=text.markdown,
            status=status_badge,
            yaml_str=_yaml_str,
            pct=display.percent,
            ratio=display.ratio,
            amount=display.amount,
            signed_amount=display.signed_amount,
            wdays=display.working_days,
            days=display.days,
            sentences=display.sentences,
            days_ago=display.days_ago,
            milestone_when=milestone_when,
            highlight_sections=highlight_sections,
        )

    def render(self, site: SiteData, site_url: str = "") -> dict[str, str]:
        """Every page of the site (paths use '/' and end in .md), and the feed, calendar and JSON export
        they link to; `site_url` makes the feed's and calendar's links absolute."""
        today = site.today
        content = site.content.as_of(today)
        snapshots = [(w.name, w.cutoff, w.content.as_of(w.cutoff) if w.content else None) for w in site.weeks]
        at_end_of = {name: then for name, _, then in snapshots}
        # The home page reports the current reporting week (the newest with updates: last week, on a Monday
        # before anyone has written this week's update), against the content at the end of the week before it.
        current_week = current_reporting_week(content, today)
        previous = at_end_of.get(current_week.previous.name)
        report = assess(content, today, previous)
        trends = project_trends(snapshots)
        colours = week_colours(trends)
        weeks = self._weeks(content, today, snapshots, colours)
        recent = content_changes(previous, content) if previous is not None else {}
        histories = {
            project.id: self._history(site, project, trends.get(project.id, ()), recent.get(project.id))
            for project in content.projects
        }
        common = {
            "portfolio": content.portfolio,
            "content": content,
            "today": today,
            "report": report,
            "weeks": weeks,
            "histories": histories,
            "recent_changes": [c for c in recent.values() if not c.empty],
            "history_available": previous is not None,
            "notes": site.notes,
            "week_of": week_of,
            "week_pages": {w.name for w in weeks},
            "due_soon_days": DUE_SOON_DAYS,
            "lead_eac": LEAD_EAC,
            "rounding_rule": display.ROUNDING_RULE,
            "feed_path": FEED_PATH,
            "calendar_path": CALENDAR_PATH,
            "export_path": EXPORT_PATH,
            "export_schema_path": EXPORT_SCHEMA_PATH,
        }
        pages = {"index.md": self._page("home.md.j2", common, portfolio_chart=portfolio_chart(report))}
        for program in content.portfolio.programs:
            pages[f"programs/{program.id}.md"] = self._page(
                "program.md.j2", common, program=program, rollup=report.program(program.id)
            )
        for project in content.projects:
            history = histories[project.id]
            figures = report.project(project.id)
            baseline = site.baselines[project.id][1] if project.id in site.baselines else None
            pages[f"projects/{project.id}.md"] = self._page(
                "project.md.j2", common, project=project, figures=figures, history=history,
                charts=project_charts(figures, history.trend, baseline),
            )  # fmt: skip
        pages["weeks/index.md"] = self._page("weeks.md.j2", common)
        for week in weeks:
            pages[week.path] = self._page("week.md.j2", common, week=week)
        pages["glossary.md"] = self._page("glossary.md.j2", common)
        pages["summary.md"] = self._page("summary.md.j2", common, summary=executive_summary(report, recent.values()))
        everyone = people(report)
        pages["people/index.md"] = self._page("people.md.j2", common, people=everyone)
        for person in everyone:
            pages[f"people/{person.slug}.md"] = self._page("person.md.j2", common, person=person)
        pages.update(self._data_files(site, content, report, weeks, colours, site_url))
        return pages

    @staticmethod
    def _data_files(
        site: SiteData,
        content: Content,
        report: Any,
        weeks: list[Week],
        colours: dict[str, dict[str, Colour | None]],
        site_url: str,
    ) -> dict[str, str]:
        """The feed (each update beside its project's computed colour that week, from `colours`), the
        calendar and the JSON export that the pages link to."""
        portfolio = content.portfolio
        generated = dt.datetime.combine(site.today, dt.time(), dt.UTC)  # the report date: repeatable
        return {
            FEED_PATH: atom_feed(
                feed_entries((w.week for w in weeks), colours),
                site_url=site_url,
                title=f"{portfolio.organisation}: {portfolio.title}",
                author=portfolio.organisation,
                updated=generated,
            ),
            CALENDAR_PATH: milestone_calendar(
                calendar_milestones(report),
                calendar_name=f"{portfolio.organisation} milestones",
                generated=generated,
                site_url=site_url,
            ),
            EXPORT_PATH: portfolio_json(report, content, generated=generated),
            EXPORT_SCHEMA_PATH: json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n",
        }

    def stylesheet(self) -> str:
        """The site's own stylesheet (status colours, tables, print rules)."""
        loader = self.env.loader
        assert loader is not None
        source, _, _ = loader.get_source(self.env, STYLESHEET)
        return source + "\n/* Charts (reporter.charts) */\n" + CHART_CSS

    def _page(self, template: str, common: dict[str, Any], **extra: Any) -> str:
        return self.env.get_template(template).render(**common, **extra)

    @staticmethod
    def _history(
        site: SiteData, project: Project, trend: tuple[TrendPoint, ...], changes: ProjectChanges | None
    ) -> ProjectHistory:
        baseline, variance = None, None
        if project.id in site.baselines:
            baseline, plan = site.baselines[project.id]
            variance = plan_variance(plan, project.plan, latest_forecasts(project.updates, site.today))
        return ProjectHistory(baseline, variance, trend, changes, site.freshness.get(project.id))

    @staticmethod
    def _weeks(content: Content, today: dt.date, snapshots: list, colours: dict[str, dict[str, Colour | None]]) -> list[Week]:
        """Reporting weeks that have updates, newest first, each with the plan changes made during it and
        each update beside its project's computed colour that week (`colours`, from `week_colours`)."""
        at = {name: i for i, (name, _, _) in enumerate(snapshots)}
        weeks = []
        for week in reporting_weeks(content, today, {name: then for name, _, then in snapshots}):
            changes: tuple[ProjectChanges, ...] = ()
            i = at.get(week.name)
            # No earlier snapshot (before the first commit, or one that did not validate): nothing to
            # compare with, rather than every project "new".
            if i is not None and i > 0 and snapshots[i][2] is not None and snapshots[i - 1][2] is not None:
                found = content_changes(snapshots[i - 1][2], snapshots[i][2])
                changes = tuple(c for c in found.values() if not c.empty)
            computed = colours.get(week.name, {})
            rows = tuple(
                UpdateRow(project, update, project.id in computed, computed.get(project.id)) for project, update in week.entries
            )
            weeks.append(Week(week, changes, rows))
        return weeks


def write_pages(pages: dict[str, str], folder: Path) -> list[Path]:
    """Write rendered pages below `folder` (for another Markdown engine); returns the files written."""
    written = []
    for relative, body in sorted(pages.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written
