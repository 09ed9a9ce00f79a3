"""The MkDocs plugin: generates the status pages from content/ inside `mkdocs build` and `mkdocs serve`.

The hooks stay thin: `on_config` loads the content and renders the pages (all data first), adds
content/ to the watched paths and lays out a shallow nav; `on_files` hands MkDocs the generated pages;
`on_nav` converts those whose HTML is not remembered on both cores, before MkDocs' own pass (`PageMemory`);
`on_page_context` lets search see only what is worth finding (`reporter.render.search_scope`);
`on_post_page` puts the charts and blocks of HTML left out of the pages' Markdown into the built HTML
(their links to pages made URLs, as MkDocs makes the Markdown's) and makes its folder links name their
index.html (the templates write the cell labels of the tables that reflow on a phone); `on_env` gives a
generated page whose built HTML is remembered a template that writes it as it was (`reporter.site.built_memory`);
`on_post_build` writes the search index as a script. So the site works from file:// as well as from a web server
(`reporter.site.file_urls`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
import material
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import meta as front_matter

from reporter import __version__
from reporter.content.audience import AUDIENCES
from reporter.content.models import Portfolio
from reporter.errors import ContentError, ReporterError
from reporter.render.cache import ConvertedStore, StoreChanges, key_of
from reporter.render.pages import STYLESHEET, drawings_in, insert_drawings
from reporter.render.search_scope import searchable, unmarked
from reporter.site import built_memory
from reporter.site.built_memory import BuiltMemory
from reporter.site.file_urls import file_links, page_folders, page_link_targets, page_links, search_index_script
from reporter.site.pipeline import MadeSite, make_site
from reporter.site.workers import ForkedWorkers

log = logging.getLogger("mkdocs.plugins.reporter")
PAGE_STORE = "pages.jsonl"  # the generated pages as MkDocs converted them, beside the parse store
# Each generated page's search entries, by what search reads of it (`_search_key`), one store per audience, beside it.
SEARCH_STORE = "search{audience}.jsonl"
BUILT_FOLDER = "built"  # the generated pages as written, beside it (`reporter.site.built_memory`)
MARKDOWN_EXTENSIONS = ("tables", "admonition", "def_list", "attr_list", "md_in_html")
# From this many generated pages whose HTML is not remembered, they are converted on both cores before MkDocs
# reads them (`PageMemory.convert_apart`); below it a fork costs more than it saves.
CONVERT_IN_PARTS = 50
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
        self.memory: PageMemory | None = None
        self.page_folders: frozenset[str] = frozenset()
        self.files: Files | None = None
        self._whole: dict[str, str] = {}  # page path -> its HTML, while search sees only what is worth finding
        self.built: BuiltMemory | None = None  # whole built pages, when every plugin is a known one
        self.nav: Navigation | None = None
        self._built_keys: dict[str, str] = {}  # page path -> the key of its built HTML
        self._links: dict[str, list[str]] = {}  # page path -> its blocks of HTML's links to pages, with their URLs
        self._remembered: dict[str, list[dict[str, Any]]] = {}  # page path -> search entries of a remembered page
        self._search_meta: dict[str, Any] = {}  # page path -> its front matter's `search`, while search skips it
        self._indexed: dict[str, int] = {}  # page path -> how many search entries there were before it
        self._entries: dict[str, list[dict[str, Any]]] = {}  # page path -> the search entries it gave
        self.searched: ConvertedStore | None = None  # search entries by `_search_key`, when every plugin is known
        self._search_keys: dict[str, str] = {}  # page path -> the key of what search reads of it, while it reads
        self._searched: dict[str, list[dict[str, Any]]] = {}  # page path -> its remembered entries, while search skips it
        self._search_engine = ""  # this build's `_search_engine`, with `searched`

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
        cache_dir = self.made.cache_dir
        self.memory = PageMemory(ConvertedStore(cache_dir / PAGE_STORE if cache_dir else None, "pages"))
        self.built, self.nav = None, None
        for kept in (
            self._built_keys,
            self._links,
            self._remembered,
            self._search_meta,
            self._indexed,
            self._entries,
            self._search_keys,
            self._searched,
        ):
            kept.clear()
        self.searched = None
        if cache_dir is not None and built_memory.usable(config):
            audience = f"-{self.config.audience}" if self.config.audience else ""
            self.built = BuiltMemory(cache_dir / f"{BUILT_FOLDER}{audience}")
            self.searched = ConvertedStore(cache_dir / SEARCH_STORE.format(audience=audience), "search entries")
            self._search_engine = _search_engine(config)
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
            config.nav = self._nav(self.made.portfolio, Path(config.docs_dir))
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
        self.files = files
        return files

    # After every other plugin's nav, just before MkDocs reads and converts the pages one by one: the
    # generated pages whose HTML is not remembered are converted now on both cores, into the page store,
    # where MkDocs' own pass then finds them (only where every plugin is a known one: see `built_memory`).
    @event_priority(-100)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.memory is not None and self.made is not None and built_memory.usable(config):
            generated = [file for file in files.documentation_pages() if file.src_uri in self.made.pages]
            self.memory.convert_apart(generated, config, files, ForkedWorkers(min_items=CONVERT_IN_PARTS))
        return nav

    # Every page's Markdown is converted by now (titles known): a generated page whose built HTML is
    # remembered gets the template that writes it as it was (see `reporter.site.built_memory`).
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.built is None or self.nav is None or self.memory is None or self.made is None:
            return env
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({built_memory.TEMPLATE: built_memory.TEMPLATE_SOURCE}), env.loader])
        site = built_memory.site_key(config, self.nav)
        for file in files.documentation_pages():
            page, markdown_key = file.page, self.memory.markdown_keys.get(file.src_uri)
            links = self._links.get(file.src_uri)
            if page is None or markdown_key is None or links is None:
                continue
            key = built_memory.page_key(site, markdown_key, page, links)
            self._built_keys[file.src_uri] = key
            # Checked now and read again when the page is written: keeping 650 pages in memory meanwhile
            # would add the site's size to the build's peak.
            found = self.built.find(key)
            if found is not None:
                page.meta["template"] = built_memory.TEMPLATE
                self._remembered[file.src_uri] = found[1]
        return env

    # MkDocs' Markdown of a generated page, remembered by a hash of all it depends on (see PageMemory):
    # this hook runs after every other plugin's (their changes are in the key), and `on_page_content`
    # before every other, so they see the page's HTML as MkDocs made it, remembered or not.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.memory is None or self.made is None or page.file.src_uri not in self.made.pages:
            return markdown
        if self.built is not None:  # the links `_finished` makes URLs, for the key of the built page
            blocks = "\n".join([markdown, *drawings_in(markdown, self.made.drawings)])
            self._links[page.file.src_uri] = page_link_targets(blocks, page.file.src_uri, lambda src: _url_from(files, src, page))
        return self.memory.before_render(markdown, page, config, files)

    @event_priority(100)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = self.memory.after_render(html, page) if self.memory is not None else html
        if self.made is not None and page.file.src_uri in self.made.pages:
            bounded_contents(page.toc.items)
        return html

    # Search indexes a page in its own `on_page_context` (priority 0): before it, the page's HTML is cut to
    # what is worth finding (`reporter.render.search_scope`); after it, the whole page is put back for the theme.
    @event_priority(50)
    def _search_sees(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        src = page.file.src_uri
        if src in self._remembered:  # its entries are remembered: search need not parse it again
            self._search_meta[src] = page.meta.get("search")
            page.meta["search"] = {"exclude": True}
            return context
        index = _search_index(config)
        whole = page.content or ""
        found = searchable(whole)
        if found is not whole:
            self._whole[page.file.src_uri] = whole
            page.content = found
        if index is not None and self.searched is not None and self.made is not None and src in self.made.pages:
            # What search reads of a generated page is often unchanged when the page is not (a project page in
            # a new week): its entries are then remembered, and search need not parse it again.
            key = _search_key(self._search_engine, page, found)
            entries = self.searched.get(key)
            if isinstance(entries, list) and all(isinstance(entry, dict) for entry in entries):
                self._searched[src] = entries
                self._search_meta[src] = page.meta.get("search")
                page.meta["search"] = {"exclude": True}
                return context
            self._search_keys[src] = key
        if index is not None and (src in self._built_keys or src in self._search_keys):
            self._indexed[src] = len(index.entries)
        return context

    @event_priority(-50)
    def _readers_see(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        src = page.file.src_uri
        index = _search_index(config)
        if src in self._remembered:
            entries = self._remembered.pop(src)
            self._search_meta_back(page)
            found = self.built.find(self._built_keys[src]) if self.built is not None else None
            if found is None or index is None:
                raise PluginError(f"reporter: the remembered page {src} went missing during the build; build again")
            index.entries.extend(entries)
            page.content = found[0]
            return context
        if src in self._searched and index is not None:
            remembered = self._searched.pop(src)
            self._search_meta_back(page)
            index.entries.extend(dict(entry) for entry in remembered)  # copies: the index is search's to change
            if src in self._built_keys:
                self._entries[src] = remembered
        elif index is not None and src in self._indexed:
            # One copy of what search added, for the built page and the store alike (both only write it out).
            entries = [dict(entry) for entry in index.entries[self._indexed.pop(src) :]]
            if src in self._built_keys:
                self._entries[src] = entries
            key = self._search_keys.pop(src, None)
            if key is not None and self.searched is not None:
                self.searched.put(key, entries)
        page.content = unmarked(self._whole.pop(src, page.content or ""))
        return context

    def _search_meta_back(self, page: Page) -> None:
        """The page's front matter `search` as it was before search was told to skip the page."""
        before = self._search_meta.pop(page.file.src_uri)
        if before is None:
            del page.meta["search"]
        else:
            page.meta["search"] = before

    on_page_context = CombinedEvent(_search_sees, _readers_see)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.built is not None and page.file.src_uri in self._built_keys:
            # Written once this returns, and read by nothing after (every plugin is a known one): MkDocs would
            # otherwise hold every page's HTML to the end of the build, the site's size on top of its peak.
            page.content = None
        if page.meta.get("template") == built_memory.TEMPLATE:
            return output  # remembered as it was written
        output = self._finished(output, page, config)
        entries = self._entries.pop(page.file.src_uri, None)
        if self.built is not None and entries is not None:
            self.built.put(self._built_keys[page.file.src_uri], output, entries)
        return output

    def _finished(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # The charts go in after MkDocs has converted and indexed the page: they are drawings, not text.
        output = insert_drawings(output, self.made.drawings) if self.made is not None else output
        if self.files is not None:  # links in blocks of HTML (an update's), which MkDocs leaves as written
            files = self.files
            output = page_links(output, page.file.src_uri, lambda src: _url_from(files, src, page))
        return file_links(output, page.file.dest_uri, self.page_folders) if config.use_directory_urls else output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.memory is not None:
            self.memory.save()
        if self.searched is not None:
            self.searched.save()
        if self.built is not None:
            self.built.finish()
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
    def _nav(portfolio: Portfolio, docs_dir: Path) -> list:
        # Shallow on purpose: Material renders the whole nav into every page, so projects are listed on
        # program pages rather than in the sidebar.
        nav: list = [
            {"Home": "index.md"},
            # Material prints nav titles as they are: a program's name is text, so it is escaped here.
            {"Programs": [{html.escape(p.name): f"programs/{p.id}.md"} for p in portfolio.programs]},
            {"Weekly reports": "weeks/index.md"},
            {"People": "people/index.md"},
            {"Glossary": "glossary.md"},
        ]
        extra = sorted(p.name for p in docs_dir.glob("*.md") if p.name != "index.md") if docs_dir.is_dir() else []
        nav += extra
        return nav


# A link in a page's Markdown: MkDocs rewrites each to its target's URL, so the targets are in the key.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


class PageMemory:
    """MkDocs' HTML of each generated page, remembered across builds by a hash of what it depends on.

    Converting the generated pages' Markdown is most of a build's time, and most pages are the same
    from one build to the next. The key hashes the page's Markdown as the other plugins left it, its
    path and URL, the Markdown extensions and their options, the versions of MkDocs and Python-Markdown,
    and the URL (or absence) of every file its links point to; a page found in the store is handed to
    MkDocs as empty Markdown, and its HTML, table of contents, title and anchors are put back after.
    The store is in the repository's git folder, written by reporter alone (as git's own hooks are).
    """

    def __init__(self, store: ConvertedStore):
        self.store = store
        self._found: dict[str, dict[str, Any]] = {}  # page path -> remembered, for `after_render`
        self._keys: dict[str, str] = {}  # page path -> key of a page converted this build
        self.markdown_keys: dict[str, str] = {}  # page path -> key of its Markdown, remembered or not

    def key(self, markdown: str, src_uri: str, url: str, config: MkDocsConfig, files: Files) -> str:
        """The key of a page's HTML: its Markdown as the plugins left it, its path and URL, the converter and the
        URLs of the files its links point to."""
        targets = "\n".join(self._targets(markdown, src_uri, files))
        return key_of("page", self._converter(config), src_uri, url, targets, markdown)

    def before_render(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The Markdown for MkDocs to convert: empty when the page's HTML is remembered."""
        key = self.key(markdown, page.file.src_uri, page.url, config, files)
        self.markdown_keys[page.file.src_uri] = key
        found = self.store.get(key)
        if isinstance(found, dict) and isinstance(found.get("html"), str):
            self._found[page.file.src_uri] = found
            return ""
        self._keys[page.file.src_uri] = key
        return markdown

    def after_render(self, html_text: str, page: Page) -> str:
        """The page's HTML: the remembered one put back (with its table of contents, title and anchors), or
        the one MkDocs just made, remembered."""
        found = self._found.pop(page.file.src_uri, None)
        if found is not None:
            try:
                page.toc = TableOfContents(_toc_links(found["toc"]))
                if page.toc.items:
                    page.toc.items[0].active = True  # type: ignore[attr-defined]  # as MkDocs' get_toc marks it
                page._title_from_render = found["title"]  # noqa: SLF001  # what MkDocs' render sets
                page.present_anchor_ids = set(found["anchors"])
                return str(found["html"])
            except (KeyError, TypeError, ValueError):
                raise PluginError(
                    f"reporter: the remembered page {page.file.src_uri} is damaged; delete {self.store.path}"
                ) from None
        key = self._keys.pop(page.file.src_uri, None)
        if key is not None:
            self.store.put(
                key,
                {
                    "html": html_text,
                    "toc": _toc_data(page.toc.items),
                    "title": page._title_from_render,  # noqa: SLF001
                    "anchors": sorted(page.present_anchor_ids or ()),
                },
            )
        return html_text

    def save(self) -> None:
        """Keep this build's pages for the next build."""
        self.store.save()

    @staticmethod
    def _converter(config: MkDocsConfig) -> str:
        import markdown
        import mkdocs

        extensions = [e if isinstance(e, str) else repr(e) for e in config.markdown_extensions]
        return repr(
            (mkdocs.__version__, markdown.__version__, __version__, extensions, config.mdx_configs, config.use_directory_urls)
        )

    def convert_apart(self, generated: list[File], config: MkDocsConfig, files: Files, workers: ForkedWorkers) -> None:
        """Convert the pages of `generated` whose HTML is not remembered in parts at once (one in this process,
        the others in forked children), as MkDocs' `Page.render` converts them, and remember each: MkDocs'
        own pass then finds them all. Only the page's own Markdown is read (no other plugin's hook runs: where
        another plugin changed it, its key differs and MkDocs converts it as it would have). The warnings a
        child's conversions log are logged here, so that `--strict` counts them; a part that fails is left to
        MkDocs' pass."""
        missing = []
        for file in generated:
            markdown = front_matter.get_data(file.content_string)[0]
            if self.key(markdown, file.src_uri, _page_url(file), config, files) not in self.store.entries:
                missing.append(file)
        ways = workers.ways(len(missing))
        if ways < 2:
            return
        parts: list[list[File]] = [[] for _ in range(ways)]
        sizes = [0] * ways
        for file in sorted(missing, key=lambda f: len(f.content_string), reverse=True):  # the biggest first
            smallest = sizes.index(min(sizes))
            parts[smallest].append(file)
            sizes[smallest] += len(file.content_string)
        here = os.getpid()

        def convert(part: list[File]) -> tuple[StoreChanges, list[tuple[str, int, str]]]:
            mark = self.store.mark()
            # In a child, what is logged is kept for the parent, in place of MkDocs' handlers (which would print
            # it once here and once there, and count it where no one reads the count).
            logger, handlers = logging.getLogger("mkdocs"), logging.getLogger("mkdocs").handlers[:]
            logged = _Logged() if os.getpid() != here else None
            if logged is not None:
                logger.handlers = [logged]
            try:
                for file in part:
                    page = file.page if file.page is not None else Page(None, file, config)
                    config._current_page = page  # noqa: SLF001  # as MkDocs' `_populate_page` sets it
                    page.read_source(config)
                    assert page.markdown is not None
                    page.markdown = self.before_render(page.markdown, page, config, files)
                    page.render(config, files)
                    self.after_render(page.content or "", page)
            finally:
                config._current_page = None  # noqa: SLF001
                logger.handlers = handlers
            return self.store.changes_since(mark), logged.records if logged is not None else []

        try:
            results = workers.map(convert, parts)
        except Exception:  # noqa: BLE001 - MkDocs' own pass converts what is missing, and reports its errors
            return
        for changes, records in results[1:]:  # the first part was converted here, into this store
            self.store.take(changes)
            for name, level, message in records:
                logging.getLogger(name).log(level, message)

    @staticmethod
    def _targets(markdown: str, src_uri: str, files: Files) -> list[str]:
        """Each relative link target of the page with the URL of its file, or '-' when there is none."""
        here = posixpath.dirname(src_uri)
        targets = []
        for target in sorted(set(_LINK.findall(markdown))):
            path = target.split("#", 1)[0].split("?", 1)[0]
            if not path or ":" in path or path.startswith("/"):
                continue
            linked = files.get_file_from_path(posixpath.normpath(posixpath.join(here, path)))
            targets.append(f"{target} {linked.url if linked is not None else '-'}")
        return targets


def _search_engine(config: MkDocsConfig) -> str:
    """What a build's search makes every page's entries with: the search plugin's settings, Material's version and
    whether jieba is there (made once per build, part of each `_search_key`)."""
    from material.plugins.search import plugin as search  # here: loaded only where search is (its jieba check)

    options = config.plugins.get("material/search")
    settings = json.dumps(dict(options.config) if options is not None else {}, sort_keys=True, default=repr)
    return f"{getattr(material, '__version__', '?')} jieba {search.jieba is not None} {settings}"


def _search_key(engine: str, page: Page, searched: str) -> str:
    """What Material's search makes a page's entries from, hashed: the page's HTML as search reads it, its URL,
    title, front matter and table of contents (its sections' anchors), the build's search (`_search_engine`), and
    reporter's version (`key_of`)."""
    toc = json.dumps(_toc_data(page.toc.items))
    meta = json.dumps(page.meta, sort_keys=True, default=repr)
    return key_of("search", engine, page.url, str(page.title), meta, toc, searched)


def _page_url(file: File) -> str:
    """The URL MkDocs gives the page of `file` (`Page.url`)."""
    return "" if file.url in (".", "./") else file.url


class _Logged(logging.Handler):
    """The warnings (and errors) logged in a child converting pages, to be logged again by its parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _search_index(config: MkDocsConfig) -> Any | None:
    """Material's search index of this build (its list of `entries`), or None without Material's search."""
    search = config.plugins.get("material/search")
    return getattr(search, "search_index", None) if search is not None else None


def _url_from(files: Files, src: str, page: Page) -> str | None:
    """The URL of the page whose source is `src` (a normalised path), relative to `page`; None when the site has no
    such page."""
    # Looked up as written first: `get_file_from_path` makes a PurePath of every path to normalise it, half the
    # cost of the 114,000 links of a 500-project site's pages, and a normalised path is found as it is.
    target = files.src_uris.get(src)
    if target is None:
        target = files.get_file_from_path(src)
    return None if target is None else target.url_relative_to(page.file)


CONTENTS_LIMIT = 30


def bounded_contents(items: list[AnchorLink], limit: int = CONTENTS_LIMIT) -> list[AnchorLink]:
    """A page's contents list where an entry with more than `limit` sub-entries lists none of them.

    Material writes the contents into every page twice (the sidebar, and the menu on a phone): a week page
    of 500 updates would carry a thousand links, most of its weight, that nobody scrolls through; its table
    of updates links each one instead."""
    for item in items:
        item.children = [] if len(item.children) > limit else bounded_contents(item.children, limit)
    return items


def _toc_data(items: list[AnchorLink]) -> list[dict[str, Any]]:
    return [{"title": i.title, "id": i.id, "level": i.level, "children": _toc_data(i.children)} for i in items]


def _toc_links(data: list[dict[str, Any]]) -> list[AnchorLink]:
    links = []
    for item in data:
        link = AnchorLink(str(item["title"]), str(item["id"]), int(item["level"]))
        link.children = _toc_links(item["children"])
        links.append(link)
    return links
