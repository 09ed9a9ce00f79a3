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

from reporter import text
from reporter.compute.milestones import milestone_statuses, next_milestone
from reporter.models import Colour, Content, Project
from reporter.weeks import week_bounds, week_of

STATUS_ICONS = {"green": "✔", "amber": "▲", "red": "✖"}  # shape as well as colour, for colour-blind readers
STYLESHEET = "assets/reporter.css"


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


@dataclass(frozen=True)
class Week:
    """A reporting week and the updates written in it."""

    name: str
    monday: dt.date
    sunday: dt.date
    entries: tuple[tuple[Project, Any], ...]  # (project, update), by project name


class PageRenderer:
    """Renders the site's Markdown pages from content, as {relative path: Markdown text}."""

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
        )
        self.env.filters.update(markdown=text.markdown, status=status_badge, yaml_str=_yaml_str)

    def render(self, content: Content, today: dt.date) -> dict[str, str]:
        """Every page of the site for `content` as of `today`; paths use '/' and end in .md."""
        content = content.as_of(today)
        weeks = self._weeks(content)
        common = {
            "portfolio": content.portfolio,
            "content": content,
            "today": today,
            "weeks": weeks,
            "milestone_statuses": milestone_statuses,
            "next_milestone": next_milestone,
            "week_of": week_of,
        }
        pages = {"index.md": self._page("home.md.j2", common)}
        for program in content.portfolio.programs:
            projects = content.projects_of(program.id)
            pages[f"programs/{program.id}.md"] = self._page("program.md.j2", common, program=program, projects=projects)
        for project in content.projects:
            pages[f"projects/{project.id}.md"] = self._page("project.md.j2", common, project=project)
        pages["weeks/index.md"] = self._page("weeks.md.j2", common)
        for week in weeks:
            pages[f"weeks/{week.name}.md"] = self._page("week.md.j2", common, week=week)
        return pages

    def stylesheet(self) -> str:
        """The site's own stylesheet (status colours, tables, print rules)."""
        loader = self.env.loader
        assert loader is not None
        source, _, _ = loader.get_source(self.env, STYLESHEET)
        return source

    def _page(self, template: str, common: dict[str, Any], **extra: Any) -> str:
        return self.env.get_template(template).render(**common, **extra)

    @staticmethod
    def _weeks(content: Content) -> list[Week]:
        """Reporting weeks that have updates, newest first."""
        by_week: dict[str, list[tuple[Project, Any]]] = {}
        for project in content.projects:
            for update in project.updates:
                by_week.setdefault(week_of(update.date), []).append((project, update))
        weeks = []
        for name in sorted(by_week, reverse=True):
            monday, sunday = week_bounds(name)
            entries = sorted(by_week[name], key=lambda e: (e[0].plan.name.lower(), e[1].date))
            weeks.append(Week(name, monday, sunday, tuple(entries)))
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
