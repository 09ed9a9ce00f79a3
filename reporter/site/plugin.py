"""The MkDocs plugin: generates the status pages from content/ inside `mkdocs build` and `mkdocs serve`.

The hooks stay thin: `on_config` loads the content and renders the pages (all data first), adds
content/ to the watched paths and lays out a shallow nav; `on_files` hands MkDocs the generated pages;
`on_post_page` puts the charts, left out of the pages' Markdown, into the built HTML, labels the cells
of the tables that reflow on a phone, and makes its folder links name their index.html; `on_post_build`
writes the search index as a script. So the site works from file:// as well as from a web server
(`reporter.site.file_urls`).
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
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from reporter.content.models import Content
from reporter.errors import ContentError, ReporterError
from reporter.render.pages import STYLESHEET, insert_drawings
from reporter.render.reflow import label_cells
from reporter.site.file_urls import file_links, page_folders, search_index_script
from reporter.site.pipeline import MadeSite, make_site

log = logging.getLogger("mkdocs.plugins.reporter")
MARKDOWN_EXTENSIONS = ("tables", "admonition", "def_list", "attr_list", "md_in_html")
# Material's search runs in a Web Worker, which a browser will not start from a file:// page; this shim
# (iframe-worker 1.0.4 by Martin Donath, MIT, as Material's offline plugin loads it from a CDN) runs it in
# a hidden frame instead, on file:// only. Vendored: the site makes no request to any other host.
WORKER_SHIM = "assets/javascripts/iframe-worker.js"


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
        self.page_folders: frozenset[str] = frozenset()

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
        polyfills = config.extra.get("polyfills") or []
        if not any("iframe-worker" in str(script) for script in polyfills):
            config.extra["polyfills"] = [*polyfills, WORKER_SHIM]
        if config.nav is None:
            config.nav = self._nav(self.made.data.content, Path(config.docs_dir))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.made is not None  # on_config made it
        generated: dict[str, str | bytes] = dict(self.made.pages)
        generated[STYLESHEET] = self.made.stylesheet
        generated.update(self.made.downloads)  # the CSV files, the workbook and the summary PDF
        if any(WORKER_SHIM == str(script) for script in config.extra.get("polyfills") or []):
            generated[WORKER_SHIM] = Path(__file__).with_name("iframe-worker.js").read_text(encoding="utf-8")
        for path, body in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("reporter generates %s; the file of that name in docs_dir is ignored", path)
                files.remove(existing)
            files.append(File.generated(config, path, content=body))
        self.page_folders = page_folders([page.dest_uri for page in files.documentation_pages()])
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # The charts go in after MkDocs has converted and indexed the page: they are drawings, not text.
        output = insert_drawings(output, self.made.drawings) if self.made is not None else output
        output = label_cells(output)  # the column names a table's cells show when it reflows on a phone
        return file_links(output, page.file.dest_uri, self.page_folders) if config.use_directory_urls else output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        # From file:// Material reads the index from search_index.js (it cannot fetch the JSON), as Material's
        # offline plugin writes it; here its results name their pages' index.html, as the pages' links do.
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            script = search_index_script(index.read_text(encoding="utf-8"))
            index.with_name("search_index.js").write_text(script, encoding="utf-8")

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
