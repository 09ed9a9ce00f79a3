"""The render stage: the site model in, Markdown pages and data files out (nothing computed here).

`PageRenderer` owns the Jinja environment and its template folder (site_templates/). Every value a
template prints is escaped for Markdown and HTML unless it is `Markup` made by `reporter.render.text`, so a
template cannot put YAML text on a page as live markup by forgetting a filter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from reporter.compute.earned_value import LEAD_EAC
from reporter.compute.milestones import MilestoneStatus
from reporter.compute.people import Mention
from reporter.compute.site_model import SiteModel, WeekPage
from reporter.compute.trends import Workers
from reporter.content.models import Colour, Project, Update
from reporter.render import display, text
from reporter.render.cache import ConvertedStore, StoreChanges, key_of
from reporter.render.charts import CHART_CSS
from reporter.render.downloads import CSV_FILES, DATA_DIR, SUMMARY_PDF, WORKBOOK
from reporter.render.export import export_schema, portfolio_json
from reporter.render.feeds import (
    CALENDAR_PATH,
    FEED_PATH,
    FEED_WEEKS,
    FEEDS_DIR,
    CalendarMilestone,
    atom_feed,
    calendar_milestones,
    feed_entries,
    milestone_calendar,
    milestone_events,
    scoped_feed_entries,
)
from reporter.render.figures_charts import portfolio_chart, project_charts
from reporter.render.search_scope import RESUME, SKIP
from reporter.render.spreadsheet import csv_text
from reporter.render.tables import trend_tables
from reporter.render.wording import STATUS_ICONS, change_line, highlight_sections
from reporter.weeks import week_of

STYLESHEET = "assets/reporter.css"
# A chart left out of a page for MkDocs, put back into the built HTML by `insert_drawings`.
# Named by a hash of the chart, so a page's Markdown (and what MkDocs remembers of it) changes only with its own charts.
DRAWING = "<!-- reporter drawing {} -->"
_DRAWING = re.compile(r"<!-- reporter drawing ([0-9a-f]+) -->")
EXPORT_PATH = "data/portfolio.json"
EXPORT_SCHEMA_PATH = "data/portfolio.schema.json"
TRENDS_DIR = "data/trends"  # a CSV per project, every week of its trend: <project id>.csv
# What `render` may render in parts: ("project", project id), ("week", week page path) or ("data", ""), the data files.
Job = tuple[str, str]
Rendered = tuple[dict[str, str], dict[str, str]]  # a job's files {path: text} and their blocks kept apart


def _code_digest() -> str:
    # The Python that turns a week's data into its page (filters, escaping, wording), so that a changed filter
    # misses a remembered week page even before reporter's version moves (a working copy under development).
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("pages.py", "text.py", "display.py", "wording.py", "search_scope.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


_RENDER_CODE = _code_digest()


def templates_dir() -> Path:
    """The page templates: site_templates/ of a source checkout, or the copy inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent  # reporter/, this module being reporter/render/pages.py
    for candidate in (package.parent / "site_templates", package / "site_templates"):
        if (candidate / "project.md.j2").is_file():
            return candidate
    raise FileNotFoundError("reporter's page templates (site_templates/) are missing from this installation")


def _yaml_str(value: object) -> Markup:
    # A JSON string is a valid YAML scalar, so a title goes into front matter quoted whatever it holds.
    # MkDocs' theme templates print the title without escaping, hence the HTML escape first.
    return Markup(json.dumps(html.escape(str(value), quote=False), ensure_ascii=False))


def status_badge(colour: Colour | str | None) -> Markup:
    """A status shown by icon, word and colour: '✔ Green', never colour alone. The chip is as short as markup
    goes (a week page of 500 updates shows 1,500 of them): its colour's class alone gives its shape (reporter.css)."""
    if colour is None:
        return Markup('<b class="rp-none">– none</b>')
    name = colour.value if isinstance(colour, Colour) else str(colour)
    icon = STATUS_ICONS.get(name, "?")
    return Markup(f'<b class="rp-{name}">{icon} {name.capitalize()}</b>')


def milestone_when(value: MilestoneStatus | dt.date, forecast: dt.date | None = None) -> str:
    """The `milestone_when` filter: `{{ status | milestone_when }}` for a `MilestoneStatus` (a done milestone
    shows its due date only), or `{{ milestone.due | milestone_when(forecast) }}`; see `display.milestone_when`."""
    if isinstance(value, MilestoneStatus):
        slipped = value.forecast_slip_days is not None
        return display.milestone_when(value.milestone.due, value.forecast if slipped else None)
    return display.milestone_when(value, forecast)


def linked_names(value: object, mentions: Mapping[str, Mention], prefix: str = "../", html: bool = False) -> Markup:
    """The `who` filter: a name as written, each person or organisation in it linked to their page
    (`{prefix}people/<page>.md`), the words escaped as `text.inline` escapes them; a name the model did not
    resolve stays plain text. With `html`, the links are HTML (`<a href>`), for a block of HTML such as an
    update (the MkDocs build makes their .md targets the pages' URLs: `reporter.site.plugin`)."""
    if value is None or value == "":
        return Markup("")
    written = str(value)
    pieces = mentions.get(written, ((written, ""),))
    link = '<a href="{1}people/{2}.md">{0}</a>' if html else "[{0}]({1}people/{2}.md)"
    return Markup("").join(
        Markup(link.format(text.inline(piece), prefix, text.inline(slug))) if slug else text.inline(piece)
        for piece, slug in pieces
    )


class PageRenderer:
    """Renders the site's Markdown pages, as {relative path: Markdown text}."""

    def __init__(
        self, template_folder: Path | None = None, store: ConvertedStore | None = None, week_store: ConvertedStore | None = None
    ):
        # The prose conversions, remembered by text: across builds when `store` is on disk, else for this renderer.
        self.store = store if store is not None else ConvertedStore()
        # Week pages as rendered, by a digest of everything they print (`week_key`): a past week's page comes out
        # the same build after build, and was most of the render's time at 500 projects. None: always rendered.
        self.week_store = week_store
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_folder or templates_dir())),
            # The output is Markdown, so HTML escaping alone is not enough: `text.inline` escapes each printed
            # value for both (`text.inline`), and autoescape keeps macro output (already Markup) from being escaped twice.
            autoescape=True,
            finalize=text.inline,  # itself, not wrapped: called for every value printed
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.do"],
        )
        self.env.globals["Colour"] = Colour
        # `{{ search_off }}` just before a heading leaves its sections out of search, up to `{{ search_on }}`.
        self.env.globals["search_off"] = Markup(SKIP)
        self.env.globals["search_on"] = Markup(RESUME)
        self.env.filters.update(
            markdown=lambda value: text.markdown(value, self.store),
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
            first_line=display.first_line,
            milestone_when=milestone_when,
            highlight_sections=highlight_sections,
            change_line=change_line,
            who=lambda value, prefix="../", html=False: linked_names(value, self.mentions, prefix, html),
        )
        self.mentions: Mapping[str, Mention] = {}  # the names of the model being rendered
        self._templates: str | None = None
        self._mentions_of: Mapping[str, Mention] | None = None
        self._mentions = ""

    def render(
        self, model: SiteModel, site_url: str = "", *, drawings: dict[str, str] | None = None, workers: Workers | None = None
    ) -> dict[str, str]:
        """Every page of the site (paths use '/' and end in .md), and the feed, calendar and JSON export
        they link to, all renderings of `model`; `site_url` makes the feed's and calendar's links absolute.

        With `drawings` (the MkDocs build), each chart, and each update on a week page, is left out of its page
        as a placeholder comment and kept in `drawings`, for `insert_drawings` to put into the built HTML: MkDocs
        then neither converts nor indexes for search their markup, most of a project page's and a week page's
        bytes (a chart's text stays in the page's tables; search leaves a week's updates out anyway). Without
        it, the pages hold them as HTML, for any Markdown engine.

        With `workers`, the project pages and the week pages not in `week_store` (most of the render's time at 500
        projects) are rendered in parts at once, each page with its blocks kept apart and the prose conversions
        the part put in `store` sent back (`ConvertedStore.changes_since`); the pages are those the serial render
        gives. Should a part fail, everything is rendered again here, in order, so that the error raised is the
        serial one."""
        content, report = model.content, model.report
        self.mentions = model.mentions

        def drawn(chart: Markup) -> Markup:
            return put_apart(chart, drawings)

        common = {
            "portfolio": content.portfolio,
            "content": content,
            "report_date": model.report_date,
            "report": report,
            "weeks": model.weeks,
            "histories": model.histories,
            "recent_changes": model.recent_changes,
            "history_available": model.history_available,
            "summary": model.summary,
            "notes": model.notes,
            "week_of": week_of,
            # `apart(html)`: a block of HTML the MkDocs build keeps out of the page's Markdown, as it does charts
            # (an update on a week page: 500 of them a week are most of a large portfolio's Markdown).
            "apart": drawn,
            "week_pages": model.week_pages,
            "due_soon_days": model.due_soon_days,
            "lead_eac": LEAD_EAC,
            "rounding_rule": display.ROUNDING_RULE,
            "feed_path": FEED_PATH,
            "calendar_path": CALENDAR_PATH,
            "feeds_dir": FEEDS_DIR,
            "export_path": EXPORT_PATH,
            "trends_dir": TRENDS_DIR,
            "export_schema_path": EXPORT_SCHEMA_PATH,
            # The exports (render.downloads), which the site offers under data/.
            "workbook_path": f"{DATA_DIR}/{WORKBOOK}",
            "csv_paths": tuple((name.removesuffix(".csv"), f"{DATA_DIR}/{name}") for name in CSV_FILES),
            "summary_pdf_path": f"{DATA_DIR}/{SUMMARY_PDF}",
        }
        common["home"] = model.home
        home_chart = drawn(portfolio_chart(model.home.projects.items, model.report_date))
        pages = {"index.md": self._page("home.md.j2", common, portfolio_chart=home_chart)}
        for program in content.portfolio.programs:
            projects = report.projects_of(program.id)
            title = f"{program.name}: milestones"
            chart = drawn(portfolio_chart(projects, model.report_date, id_prefix=f"program-{program.id}", title=title))
            pages[f"programs/{program.id}.md"] = self._page(
                "program.md.j2", common, program=program, rollup=report.program(program.id), program_chart=chart
            )
        # Each week page's key and remembered page first: those missing are rendered, with the project pages.
        keys = {w.path: self.week_key(w, apart=drawings is not None) for w in model.weeks} if self.week_store else {}
        found = {path: hit for path, key in keys.items() if (hit := self._remembered_week(key)) is not None}
        by_id = {project.id: project for project in content.projects}
        weeks = {week.path: week for week in model.weeks}
        jobs = [("project", project.id) for project in content.projects]
        jobs += [("week", week.path) for week in model.weeks if week.path not in found]
        jobs.append(("data", ""))
        apart = drawings is not None

        def one(job: Job) -> Rendered:
            kind, name = job
            if kind == "project":
                return self._project_page(by_id[name], model, common, apart)
            if kind == "week":
                return self._fresh_week_page(weeks[name], common, apart)
            return self._data_files(model, site_url), {}

        done = self._in_parts(one, jobs, workers, self._costs(model, jobs))

        def result(job: Job) -> Rendered:
            files, own = done[job] if done else one(job)
            if drawings is not None:
                drawings.update(own)
            return files, own

        for project in content.projects:
            pages.update(result(("project", project.id))[0])
        pages["weeks/index.md"] = self._page("weeks.md.j2", common)
        for week in model.weeks:
            if week.path in found:
                page, own = found[week.path]
                if drawings is not None:
                    drawings.update(own)
            else:
                files, own = result(("week", week.path))
                page = files[week.path]
                if self.week_store is not None:
                    self.week_store.put(keys[week.path], [page, own])
            pages[week.path] = page
        pages["glossary.md"] = self._page("glossary.md.j2", common)
        pages["summary.md"] = self._page("summary.md.j2", common)
        pages["people/index.md"] = self._page("people.md.j2", common, people=model.people, organisations=model.organisations)
        for person in model.people:
            pages[f"people/{person.slug}.md"] = self._page("person.md.j2", common, person=person)
        for organisation in model.organisations:  # page names are unique across people and organisations
            pages[f"people/{organisation.slug}.md"] = self._page("organisation.md.j2", common, organisation=organisation)
        pages.update(result(("data", ""))[0])
        return pages

    @staticmethod
    def _data_files(model: SiteModel, site_url: str) -> dict[str, str]:
        """The feed (each update beside its project's computed colour that week), the calendar and the JSON
        export that the pages link to."""
        portfolio = model.content.portfolio
        generated = dt.datetime.combine(model.report_date, dt.time(), dt.UTC)  # the report date: repeatable
        milestones = calendar_milestones(model.report)
        events = milestone_events(milestones, generated=generated, site_url=site_url)
        return {
            FEED_PATH: atom_feed(
                feed_entries(model.weeks, model.week_colours, FEED_WEEKS),
                site_url=site_url,
                title=f"{portfolio.organisation}: {portfolio.title}",
                author=portfolio.organisation,
                updated=generated,
            ),
            CALENDAR_PATH: milestone_calendar(
                milestones, calendar_name=f"{portfolio.organisation} milestones", generated=generated, events=events
            ),
            EXPORT_PATH: portfolio_json(model.report, model.content, generated=generated),
            EXPORT_SCHEMA_PATH: json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n",
            **{f"{TRENDS_DIR}/{table.name}.csv": csv_text(table) for table in trend_tables(model)},
            **PageRenderer._scoped_feeds(model, site_url, generated, milestones, events),
        }

    @staticmethod
    def _scoped_feeds(
        model: SiteModel, site_url: str, generated: dt.datetime, milestones: tuple[CalendarMilestone, ...], events: dict[str, str]
    ) -> dict[str, str]:
        """An Atom feed and a milestone calendar per program and per project (feeds/programs/<id>.xml and .ics,
        feeds/projects/<id>.xml and .ics), linked from their pages, for following only that part."""
        content, organisation = model.content, model.content.portfolio.organisation
        scopes = {p.id: (f"programs/{p.plan.program}", f"projects/{p.id}") for p in content.projects}
        entries = scoped_feed_entries(model.weeks, scopes, model.week_colours)
        by_project: dict[str, list[CalendarMilestone]] = {}
        for milestone in milestones:
            by_project.setdefault(milestone.project_id, []).append(milestone)
        files = {}
        groups = [
            (f"programs/{p.id}", p.name, {i for i, s in scopes.items() if s[0] == f"programs/{p.id}"})
            for p in content.portfolio.programs
        ]
        groups += [(f"projects/{p.id}", p.plan.name, {p.id}) for p in content.projects]
        for scope, name, ids in groups:
            path = f"{FEEDS_DIR}/{scope}"
            files[f"{path}.xml"] = atom_feed(
                entries.get(scope, ()),
                site_url=site_url,
                title=f"{organisation}: {name}",
                author=organisation,
                updated=generated,
                feed_path=f"{path}.xml",
            )
            files[f"{path}.ics"] = milestone_calendar(
                [m for project_id in sorted(ids) for m in by_project.get(project_id, ())],
                calendar_name=f"{organisation}: {name} milestones",
                generated=generated,
                events=events,
            )
        return files

    def stylesheet(self) -> str:
        """The site's own stylesheet (status colours, tables, print rules)."""
        loader = self.env.loader
        assert loader is not None
        source, _, _ = loader.get_source(self.env, STYLESHEET)
        return source + "\n/* Charts (reporter.render.charts) */\n" + CHART_CSS

    def _page(self, template: str, common: dict[str, Any], **extra: Any) -> str:
        return self.env.get_template(template).render({**common, **extra})

    def _project_page(self, project: Project, model: SiteModel, common: dict[str, Any], apart: bool) -> Rendered:
        """A project's page, and its charts and blocks kept apart (with `apart`) as {placeholder: HTML}."""
        own: dict[str, str] = {}
        kept = own if apart else None
        history = model.histories[project.id]
        figures = model.report.project(project.id)
        charts = project_charts(figures, history.trend, history.baseline_plan)
        page = self._page(
            "project.md.j2", common, project=project, figures=figures, history=history,
            charts={name: put_apart(chart, kept) for name, chart in charts.items()},
            apart=lambda block: put_apart(block, kept),
        )  # fmt: skip
        return {f"projects/{project.id}.md": page}, own

    def _fresh_week_page(self, week: WeekPage, common: dict[str, Any], apart: bool) -> Rendered:
        """A week's page rendered, and its blocks kept apart (with `apart`) as {placeholder: HTML}."""
        own: dict[str, str] = {}
        kept = own if apart else None
        return {week.path: self._page("week.md.j2", common, week=week, apart=lambda block: put_apart(block, kept))}, own

    def _remembered_week(self, key: str) -> tuple[str, dict[str, str]] | None:
        """A week's page and its blocks kept apart as `week_store` remembers them under `key`, or None."""
        assert self.week_store is not None
        found = self.week_store.get(key)
        if isinstance(found, list) and len(found) == 2 and isinstance(found[0], str) and isinstance(found[1], dict):
            return found[0], found[1]
        return None

    @staticmethod
    def _costs(model: SiteModel, jobs: list[Job]) -> dict[Job, float]:
        """Each job's rendering time, roughly, in project pages (as measured at 500 projects and 104 weeks: a week
        page costs one and one per 45 of its updates; the data files, mostly per project, 0.7 per project)."""
        updates = {week.path: len(week.rows) for week in model.weeks}
        projects = len(model.content.projects)
        costs = {}
        for kind, name in jobs:
            costs[kind, name] = 1.0 if kind == "project" else 1 + updates[name] / 45 if kind == "week" else 0.7 * projects
        return costs

    def _in_parts(
        self, one: Callable[[Job], Rendered], jobs: list[Job], workers: Workers | None, costs: Mapping[Job, float]
    ) -> dict[Job, Rendered]:
        """Each job's files rendered by `one`, in parts at once by `workers`, of about equal `costs`; {} when not worth
        splitting or when a part failed (the caller then renders each itself, in order, raising what the serial render
        raises)."""
        ways = 1 if workers is None else min(workers.ways(len(jobs)), len(jobs))
        if workers is None or ways < 2:
            return {}
        # The costliest first, each into the part with the least so far: parts of about equal time.
        loads = [0.0] * ways
        parts: list[list[Job]] = [[] for _ in range(ways)]
        for job in sorted(jobs, key=lambda job: -costs[job]):
            least = loads.index(min(loads))
            parts[least].append(job)
            loads[least] += costs[job]
        for name in ("project.md.j2", "week.md.j2"):  # compiled once, here, before any fork
            self.env.get_template(name)
        here = os.getpid()

        def part(share: list[Job]) -> tuple[list[Rendered], StoreChanges | None]:
            mark = self.store.mark()
            rendered = [one(job) for job in share]
            # A part rendered in another process sends back what it did to its copy of the prose store.
            return rendered, self.store.changes_since(mark) if os.getpid() != here else None

        try:
            results = workers.map(part, parts)
        except Exception:
            return {}
        done: dict[Job, Rendered] = {}
        for share, (rendered, changes) in zip(parts, results, strict=True):
            if changes is not None:
                self.store.take(changes)  # the prose a child converted, remembered for the next build
            done.update(zip(share, rendered, strict=True))
        return done

    def week_key(self, week: WeekPage, apart: bool) -> str:
        """What a week's page depends on, hashed: every update of the week by content (and its number in its day),
        each project's id and name, the computed colour beside each, the week's highlights and plan changes, the
        names of people and organisations (their pages), the templates, and the code and library that render."""
        # The rows hold the entries' very updates: each is written out once (500 a week at 500 projects).
        written: dict[int, str] = {}

        def text(update: Update) -> str:
            found = written.get(id(update))
            if found is None:
                found = written[id(update)] = update.model_dump_json()
            return found

        rows = [(r.project.id, r.project.plan.name, text(r.update), r.update.sequence, r.known, r.computed) for r in week.rows]
        entries = [(p.id, p.plan.name, text(u), u.sequence) for p, u in week.entries]
        parts = (week.name, repr(week.highlights), repr(week.changes), repr(rows), repr(entries))
        return key_of("week page", self._templates_digest(), self._mentions_digest(), str(apart), _RENDER_CODE, *parts)

    def _templates_digest(self) -> str:
        # Every template of the folder, not only week.md.j2: it imports macros, and an override may include more.
        if self._templates is None:
            digest = hashlib.sha256(jinja2.__version__.encode())
            loader = self.env.loader
            assert loader is not None
            for name in sorted(loader.list_templates()):
                source, _, _ = loader.get_source(self.env, name)
                digest.update(b"\0" + name.encode() + b"\0" + source.encode("utf-8", "surrogatepass"))
            self._templates = digest.hexdigest()
        return self._templates

    def _mentions_digest(self) -> str:
        # The names a page links to people's pages; one digest per model (any name's page changing misses every week).
        if self._mentions_of is not self.mentions:
            self._mentions_of = self.mentions
            self._mentions = hashlib.sha256(repr(sorted(self.mentions.items())).encode("utf-8", "surrogatepass")).hexdigest()
        return self._mentions


def put_apart(block: Markup, kept: dict[str, str] | None) -> Markup:
    """A chart or block of HTML replaced by a placeholder named by its content and kept in `kept` (for the
    MkDocs build to put back into the built page), or left in place when `kept` is None."""
    if kept is None or not block:
        return block
    placeholder = DRAWING.format(hashlib.blake2b(str(block).encode(), digest_size=10).hexdigest())
    kept[placeholder] = str(block)
    return Markup(placeholder)


def drawings_in(markdown: str, drawings: Mapping[str, str]) -> list[str]:
    """The charts and blocks of HTML whose placeholders `markdown` holds, in order (one per placeholder)."""
    if "<!-- reporter drawing " not in markdown:
        return []
    return [drawings[m.group(0)] for m in _DRAWING.finditer(markdown) if m.group(0) in drawings]


def insert_drawings(html_page: str, drawings: dict[str, str]) -> str:
    """A built HTML page with each placeholder `render` left for a chart replaced by the chart."""
    if "<!-- reporter drawing " not in html_page:
        return html_page
    return _DRAWING.sub(lambda m: drawings.get(m.group(0), m.group(0)), html_page)


def write_pages(pages: Mapping[str, str | bytes], folder: Path) -> list[Path]:
    """Write rendered pages (and data files, text or bytes) below `folder` (for another Markdown engine);
    returns the files written."""
    written = []
    for relative, body in sorted(pages.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(body, encoding="utf-8")
        written.append(target)
    return written
