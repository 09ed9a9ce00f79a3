"""The weekly digest: one ISO week of the portfolio, short enough for an email or a chat message.

The digest is a rendering of the site model (`reporter.compute.site_model`), as the site is: the
projects' figures and the portfolio rollup as of the report date, and the week's highlights as the
week's page has them (its Monday to the earlier of its Sunday and the report date, each event once).
Nothing is computed here and numbers are rounded only by `reporter.render.display`.

Two renderings of the same `Digest`, both pure functions (no clock, no I/O beyond reading the
templates): `render_markdown`, plain Markdown for chat tools, every value escaped with
`reporter.render.text.inline`; and `render_html`, a self-contained HTML document that survives being pasted
into an email: inline styles only (no <style>, no classes, no external CSS, fonts, images or
scripts), tables with explicit cellpadding and border attributes, status as a coloured chip with its
icon and word, and every value HTML-escaped by `markupsafe.escape` (Jinja's autoescape).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from reporter.compute.highlights import WeekHighlights
from reporter.compute.project_figures import ProjectFigures
from reporter.compute.report import PortfolioReport
from reporter.compute.rollup import Rollup
from reporter.compute.site_model import SiteModel
from reporter.content.models import Colour, State
from reporter.errors import ReporterError
from reporter.render import display, text
from reporter.render.pages import templates_dir
from reporter.render.wording import STATUS_ICONS, highlight_sections
from reporter.weeks import Week, week_bounds

FORMATS = ("md", "html")
TEMPLATES = {"md": "digest.md.j2", "html": "digest.html.j2"}
# What a --site-url may hold: an http(s) URL without spaces, quotes or angle brackets, so that it is
# safe as it is in a Markdown autolink (<url>) and in an HTML attribute.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@dataclass(frozen=True)
class Digest:
    """Everything a weekly digest shows: the week, the figures as of the report date and the week's highlights."""

    organisation: str
    title: str  # the portfolio's title
    week: str  # 2026-W47
    monday: dt.date
    sunday: dt.date
    report: PortfolioReport  # as of the report date
    highlights: WeekHighlights  # the week's window, ending at the earlier of its Sunday and the report date
    week_url: str | None = None  # the site's page of the week, when the site's URL is known
    program: str | None = None  # the program's id, when the digest is of one program only

    @property
    def report_date(self) -> dt.date:
        """The report date: the figures are as of this day."""
        return self.report.report_date

    @property
    def flagged(self) -> tuple[ProjectFigures, ...]:
        """Projects reporting a better colour than their figures give ("watermelons"), by name."""
        return tuple(f for f in self.projects if f.health.reported_better_than_evidence)

    @property
    def projects(self) -> tuple[ProjectFigures, ...]:
        """Every project (of the program, for a program's digest), by name."""
        shown = (f for f in self.report.projects if self.program is None or f.program == self.program)
        return tuple(sorted(shown, key=lambda f: (f.name.lower(), f.id)))

    @property
    def rollup(self) -> Rollup:
        """The portfolio's rollup, or the program's for a program's digest."""
        return self.report.portfolio if self.program is None else self.report.program(self.program)

    @property
    def scope_name(self) -> str:
        """'Portfolio', or the program's name for a program's digest."""
        return "Portfolio" if self.program is None else self.rollup.name

    @property
    def left_out(self) -> int:
        """Projects the rollup leaves out (cancelled ones)."""
        return len(self.rollup.project_ids) - self.rollup.counted_projects


def program_digest(digest: Digest, program: str) -> Digest:
    """The digest of one program: its rollup, its projects and the highlights about them (for a channel
    that follows one program). Nothing is recomputed: the program's rollup is the site model's."""
    mine = {f.id for f in digest.report.projects if f.program == program}
    highlights = digest.highlights
    kept: dict[str, Any] = {
        f.name: tuple(item for item in getattr(highlights, f.name) if item.project_id in mine)
        for f in dataclasses.fields(highlights)
        if isinstance(getattr(highlights, f.name), tuple)
    }
    return dataclasses.replace(digest, program=program, highlights=dataclasses.replace(highlights, **kept))


def digest_dates(week: str | None, report_date: dt.date | None, clock: dt.date) -> tuple[str | None, dt.date]:
    """The week and the report date of a digest, from the options given and the real date `clock`.

    The report date is `report_date` when given. Otherwise it is the clock's date, except for a week named
    with its ISO name that is already over, whose report date is its Sunday. The week: None by default,
    meaning the current reporting week (the newest with an update on or before the report date, so that
    on a Monday the digest is last week's: the site model knows it); 'this', the report date's week;
    'last', the week before it; or an ISO week name (a lowercase 'w' is accepted).
    Raises ReporterError for a week name that is not an ISO week.
    """
    if week is None or week.strip().lower() in ("this", "last"):
        report_date = report_date or clock
        if week is None:
            return None, report_date
        this = Week.of(report_date)
        return (this if week.strip().lower() == "this" else this.previous).name, report_date
    week = week.strip().upper()  # 2026-w47 is meant as 2026-W47
    try:
        sunday = Week.named(week).sunday
    except ValueError as exc:
        raise ReporterError(f"--week: {exc}") from None
    if report_date is not None:
        return week, report_date
    return week, sunday if sunday < clock else clock


def build_digest(model: SiteModel, week: str | None = None, site_url: str | None = None) -> Digest:
    """The digest of `week` (default: the current reporting week), a rendering of the site model: its figures
    as of the report date and the week's highlights as the week's page has them, each event once.

    Raises ReporterError when the week starts after the report date or no update is dated in its window.
    """
    week = week or model.report.week.name
    monday, sunday = _bounds(week)
    report_date = model.report_date
    page = model.week(week)
    if page is None:
        if monday > report_date:
            raise ReporterError(f"week {week} starts on {monday}, after the report date {report_date}; nothing to report yet")
        end = min(sunday, report_date)
        earlier = next((w for w in model.weeks if w.monday < monday), None)
        hint = ""
        if earlier is not None:
            newest = max(update.date for _, update in earlier.entries)
            hint = f"; the newest update before it is dated {newest} (week {earlier.name})"
        raise ReporterError(f"no update is dated in week {week} ({monday} to {end}){hint}")
    portfolio = model.content.portfolio
    return Digest(
        organisation=portfolio.organisation,
        title=portfolio.title,
        week=week,
        monday=monday,
        sunday=sunday,
        report=model.report,
        highlights=page.highlights,
        week_url=None if site_url is None else week_page_url(site_url, week),
    )


def week_page_url(site_url: str, week: str) -> str:
    """The URL of a week's page on the published site (MkDocs' directory URLs: <site>/weeks/<week>/).

    Raises ReporterError for anything but a plain http(s) URL.
    """
    url = site_url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not _URL_CHARS.match(url):
        raise ReporterError(f"--site-url '{site_url}' is not an http(s) URL such as https://status.example.org/")
    if parts.query or parts.fragment:
        raise ReporterError(f"--site-url '{site_url}': give the site's root URL, without '?' or '#'")
    return f"{url.rstrip('/')}/weeks/{week}/"


def render_digest(digest: Digest, output_format: str) -> str:
    """The digest as Markdown ('md') or as an HTML document ('html')."""
    if output_format == "md":
        return render_markdown(digest)
    if output_format == "html":
        return render_html(digest)
    raise ValueError(f"unknown digest format {output_format!r}; use one of {', '.join(FORMATS)}")


def render_markdown(digest: Digest) -> str:
    """Plain Markdown for chat tools; every value escaped with `reporter.render.text.inline`."""
    return _tidy(_environment("md").get_template(TEMPLATES["md"]).render(d=digest))


def render_html(digest: Digest) -> str:
    """A self-contained HTML document for email: inline styles only, every value HTML-escaped."""
    return _tidy(_environment("html").get_template(TEMPLATES["html"]).render(d=digest))


# --- rendering helpers -------------------------------------------------------------------------

# Chip colours with at least 4.5:1 contrast between the word and its background.
_CHIP = {
    "green": ("#1a7f37", "#ffffff"),
    "amber": ("#f2c744", "#1f2328"),
    "red": ("#cf222e", "#ffffff"),
}
_CHIP_STYLE = "display:inline-block;padding:1px 8px;border-radius:10px;font-weight:bold;white-space:nowrap;"


def status_text(colour: Colour | None) -> Markup:
    """A status as icon and word: '✔ Green'; '– none' when there is none (no update yet)."""
    if colour is None:
        return Markup("– none")
    return Markup(f"{STATUS_ICONS[colour.value]} {colour.value.capitalize()}")


def status_chip(colour: Colour | None) -> Markup:
    """A status as an inline-styled chip with icon and word, readable without colour and in plain text."""
    if colour is None:
        return Markup("– none")
    background, foreground = _CHIP[colour.value]
    return Markup(
        f'<span style="{_CHIP_STYLE}background-color:{background};color:{foreground};">'
        f"{STATUS_ICONS[colour.value]}&nbsp;{colour.value.capitalize()}</span>"
    )


def colour_counts(digest: Digest) -> list[tuple[Colour, int]]:
    """(colour, number of projects) of the portfolio's computed colours, best first."""
    counts = digest.rollup.computed_colours
    return [(colour, counts.get(colour, 0)) for colour in Colour]


def milestone_note(figures: ProjectFigures) -> str:
    """', overdue' or ', at risk' for the project's next milestone, from its computed status; '' otherwise."""
    milestone = figures.next_milestone
    if milestone is None:
        return ""
    status = next((s for s in figures.milestones if s.milestone.id == milestone.id), None)
    if status is None:
        return ""
    if status.state == "overdue":
        return ", overdue"
    return ", at risk" if status.at_risk else ""


def late_days(due: dt.date, done: dt.date) -> int:
    """Calendar days a milestone was reached after its due date (0 or negative: on time)."""
    return (done - due).days


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


def _inline(value: Any) -> Any:
    return text.inline(value)


def _environment(output_format: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        # Markdown: every printed value escaped for both HTML and Markdown (as on the site's pages).
        # HTML: autoescape alone, which is markupsafe.escape.
        autoescape=True,
        finalize=_inline if output_format == "md" else _none_to_empty,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        State=State,
        colour_counts=colour_counts,
        milestone_note=milestone_note,
        late_days=late_days,
    )
    env.filters.update(
        highlight_sections=highlight_sections,
        status=status_text if output_format == "md" else status_chip,
        pct=display.percent,
        ratio=display.ratio,
        days=display.days,
        sentences=display.sentences,
    )
    return env


def _bounds(week: str) -> tuple[dt.date, dt.date]:
    try:
        return week_bounds(week)
    except ValueError as exc:
        raise ReporterError(str(exc)) from None


def _tidy(rendered: str) -> str:
    """No trailing spaces, no runs of blank lines, one newline at the end."""
    lines = [line.rstrip() for line in rendered.splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"
