"""The MkDocs plugin: generates the status pages from content/ inside `mkdocs build` and `mkdocs serve`.

The hooks stay thin: `on_config` loads the content and renders the pages (all data first), adds
content/ to the watched paths and lays out a shallow nav; `on_files` hands MkDocs the generated pages;
`on_post_page` puts the charts, left out of the pages' Markdown, into the built HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from reporter.errors import ContentError, ReporterError
from reporter.content.audience import AUDIENCES
from reporter.content.models import Content
from reporter.render.pages import STYLESHEET, insert_drawings
from reporter.site.pipeline import MadeSite, make_site

log = logging.getLogger("mkdocs.plugins.reporter")
MARKDOWN_EXTENSIONS = ("tables", "admonition", "def_list", "attr_list", "md_in_html")


class ReporterConfig(Config):
    """Options of the `reporter` plugin in mkdocs.yml."""

    content_dir = c.Type(str, default="content")
    """The content folder (portfolio.yaml, projects/), relative to mkdocs.yml."""

    report_date = c.Optional(c.Type((str, dt.date)))
    """The date the site reports as of (YYYY-MM-DD); today when not set."""

    as_of = c.Optional(c.Type((str, dt.date)))
    """Build the site as it was: on a date (YYYY-MM-DD) or at a git revision (commit, tag, branch)."""

    templates_dir = c.Optional(c.Type(str))
    """A folder of page templates to use instead of reporter's own, relative to mkdocs.yml."""

    audience = c.Optional(c.Choice(tuple(AUDIENCES)))
    """Build the site for an audience (external, internal): without what is marked for a wider circle."""


def as_report_date(value: object) -> dt.date | None:
    """The plugin's `report_date` setting as a date (None when not set); ValueError when it is no date.

    YAML reads an unquoted 2026-11-20 as a date already, and `2026-11-20 10:00:00` as a timestamp."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"report_date '{value}' is not a date (YYYY-MM-DD)") from None


class ReporterPlugin(BasePlugin[ReporterConfig]):
    """Adds the portfolio's generated pages to a MkDocs site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preloaded: MadeSite | None = None  # set by `reporter build`, which has made the site already
        self.made: MadeSite | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        content_dir = (base / self.config.content_dir).resolve()
        templates = (base / self.config.templates_dir) if self.config.templates_dir else None
        as_of = self.config.as_of
        try:
            self.made = self.preloaded or make_site(
                content_dir,
                self.report_date(),
                as_of=None if as_of is None else str(as_of),
                templates_dir=templates,
                site_url=config.site_url or "",
                drawings_apart=True,
                audience=self.config.audience,
            )
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        except ReporterError as exc:
            raise PluginError(f"reporter: {exc}") from None
        if self.preloaded is None:
            for note in self.made.notes:
                log.info("reporter: %s", note)
        if content_dir.is_dir():
            config.watch.append(str(content_dir))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        for extension in MARKDOWN_EXTENSIONS:  # the generated pages use these
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # Material fetches Roboto from Google by default; a status site makes no request elsewhere.
            config.theme["font"] = False
        if config.nav is None:
            config.nav = self._nav(self.made.data.content, Path(config.docs_dir))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.made is not None  # on_config made it
        generated: dict[str, str | bytes] = dict(self.made.pages)
        generated[STYLESHEET] = self.made.stylesheet
        generated.update(self.made.downloads)  # the CSV files, the workbook and the summary PDF
        for path, body in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("reporter generates %s; the file of that name in docs_dir is ignored", path)
                files.remove(existing)
            files.append(File.generated(config, path, content=body))
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # The charts go in after MkDocs has converted and indexed the page: they are drawings, not text.
        return insert_drawings(output, self.made.drawings) if self.made is not None else output

    def report_date(self) -> dt.date:
        """The configured report date, or today's."""
        try:
            day = as_report_date(self.config.report_date)
        except ValueError as exc:
            raise PluginError(f"reporter: {exc}") from None
        return dt.date.today() if day is None else day

    @staticmethod
    def _nav(content: Content, docs_dir: Path) -> list:
        # Shallow on purpose: Material renders the whole nav into every page, so projects are listed on
        # program pages rather than in the sidebar.
        nav: list = [
            {"Home": "index.md"},
            # Material prints nav titles as they are: a program's name is text, so it is escaped here.
            {"Programs": [{html.escape(p.name): f"programs/{p.id}.md"} for p in content.portfolio.programs]},
            {"Weekly reports": "weeks/index.md"},
            {"People": "people/index.md"},
            {"Glossary": "glossary.md"},
        ]
        extra = sorted(p.name for p in docs_dir.glob("*.md") if p.name != "index.md") if docs_dir.is_dir() else []
        nav += extra
        return nav
